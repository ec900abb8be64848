"""Timelines from the store: pick the articles (a story, a search, keywords), then build.

This is the runner's side of the timeline stage, not the stage itself: it reads the store and hands
records to the pure ``build_timeline``. The CLI, the HTTP API and the web UI call ``timeline_from_store``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.errors import StorylineError
from storyline.records import Article, Enrichment, TimelineEntry
from storyline.timeline.build import build_timeline

_QUERY_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_SUFFIXES = ("ions", "ion", "ings", "ing", "ies", "es", "ed", "s", "e", "y")  # Ukraine → ukrain: Ukrainian too


@dataclass(frozen=True)
class TimelineRequest:
    story: str | None = None
    query: str | None = None
    keywords: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    max_dates: int = 10
    sentences_per_date: int = 2


def timeline_from_store(store: Any, request: TimelineRequest) -> list[TimelineEntry]:
    """The timeline a request asks for, from the store's articles (and enrichments when present)."""
    _check(request)
    articles = select_articles(store, request)
    keywords = request.keywords or (query_keywords(request.query) if request.query else ())
    return build_timeline(
        articles, enrichments=_enrichments(store, articles), keywords=keywords, start=request.start,
        end=request.end, max_dates=request.max_dates, sentences_per_date=request.sentences_per_date,
    )  # fmt: skip


def query_keywords(query: str) -> tuple[str, ...]:
    """A search's content words as sentence keywords, so that a query's timeline tells of what was asked.

    The search finds articles that mention the words anywhere; without this, a long transcript that names
    Ukraine once would give the timeline its lines about something else. Each word is cut to a stem, and
    keywords match at word starts: "negotiations" → "negotiat" finds negotiate, negotiating, negotiation.
    """
    words = [word.lower() for word in _QUERY_WORD.findall(query) if word != "OR"]
    return tuple(dict.fromkeys(_stem(word) for word in words if word not in ENGLISH_STOP_WORDS))


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _check(request: TimelineRequest) -> None:
    if request.max_dates < 1 or request.sentences_per_date < 1:
        raise StorylineError("E602", "max_dates and sentences_per_date must be at least 1")
    if request.start and request.end and request.start > request.end:
        raise StorylineError("E602", f"start {request.start} is after end {request.end}")


def select_articles(store: Any, request: TimelineRequest) -> list[Article]:
    """Originals only; from ``start`` on (an older article cannot report what happened later), to any end
    (later articles look back on the range)."""
    ids = _article_ids(store, request)
    start = request.start.isoformat() if request.start else None
    return list(store.iter_articles(ids=ids, start=start))


def _article_ids(store: Any, request: TimelineRequest) -> Sequence[str] | None:
    if request.story:
        if not hasattr(store, "story_article_ids"):
            raise StorylineError("E702", request.story, hint="stories are not built in this store: run ingest")
        ids = list(store.story_article_ids(request.story))
        if not ids:
            raise StorylineError("E702", request.story, hint="list stories with `storyline stories`")
        return ids
    if request.query:
        return store.search_ids(request.query)
    return None


def _enrichments(store: Any, articles: Sequence[Article]) -> dict[str, Enrichment]:
    """Each article's enrichment, with its stored events (events are kept in their own tables)."""
    get_enrichment = getattr(store, "get_enrichment", None)
    get_events = getattr(store, "get_events", None)
    found = {}
    for article in articles:
        enrichment = get_enrichment(article.id) if get_enrichment else None
        events = tuple(get_events(article.id)) if get_events else ()
        if enrichment is None and events:
            enrichment = Enrichment(article_id=article.id)
        if enrichment is not None:
            found[article.id] = replace(enrichment, events=enrichment.events or events)
    return found
