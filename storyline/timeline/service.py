"""Timelines from the store: pick the articles (a story, a search, keywords), then build.

This is the runner's side of the timeline stage, not the stage itself: it reads the store and hands
records to the pure ``build_timeline``. The CLI, the HTTP API and the web UI call ``timeline_from_store``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.errors import StorylineError
from storyline.progress import NO_PROGRESS, Progress
from storyline.records import Article, Enrichment, TimelineEntry
from storyline.timeline.build import build_timeline
from storyline.timeline.text import query_keywords


@dataclass(frozen=True)
class TimelineRequest:
    story: str | None = None
    query: str | None = None
    keywords: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    max_dates: int = 10
    sentences_per_date: int = 2


def timeline_from_store(
    store: Any, request: TimelineRequest, *, progress: Progress = NO_PROGRESS
) -> list[TimelineEntry]:
    """The timeline a request asks for, from the store's articles (and enrichments when present)."""
    _check(request)
    progress.stage("select articles")
    articles = select_articles(store, request)
    progress.advance(len(articles))
    keywords = request.keywords or (query_keywords(request.query) if request.query else ())
    enrichments = _enrichments(store, articles, progress=progress)
    progress.stage("build timeline", 1)
    entries = build_timeline(
        articles, enrichments=enrichments, keywords=keywords, start=request.start,
        end=request.end, max_dates=request.max_dates, sentences_per_date=request.sentences_per_date,
    )  # fmt: skip
    progress.advance()
    progress.done()
    return entries


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


def _enrichments(store: Any, articles: Sequence[Article], *, progress: Progress = NO_PROGRESS) -> dict[str, Enrichment]:
    progress.stage("load enrichments", len(articles))
    found = {}
    for article in articles:
        enrichment = store.enrichment_with_events(article.id)
        if enrichment is not None:
            found[article.id] = enrichment
        progress.advance()
    return found
