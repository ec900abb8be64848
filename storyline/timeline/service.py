"""Timelines from the store: pick the articles (a story, a search, keywords), then build.

This is the runner's side of the timeline stage, not the stage itself: it reads the store and hands
records to the pure ``build_timeline``. The CLI, the HTTP API and the web UI call ``timeline_from_store``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.errors import StorylineError
from storyline.progress import NO_PROGRESS, Progress
from storyline.records import Article, Enrichment, TimelineEntry
from storyline.timeline.build import build_timeline, prepare_units, select
from storyline.timeline.precompute import units_from_rows
from storyline.timeline.text import keyword_pattern, query_keywords

QUERY_ARTICLES = 500  # a query timeline tells of the articles most about the query, not of every passing mention


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
    store: Any,
    request: TimelineRequest,
    *,
    progress: Progress = NO_PROGRESS,
    use_rows: bool = True,
    partial: bool = False,
) -> list[TimelineEntry]:
    """The timeline a request asks for: from the sentence rows computed at ingest when the store has them
    for every article asked for, else from the store's articles (and enrichments when present), as while an
    ingest has stored articles but not yet their rows. ``use_rows=False`` forces the latter (benchmarks
    compare the two). ``partial=True`` (the web server) takes the rows there are while an ingest has yet to
    add the newest articles' rows, rather than rebuilding everything from the articles for seconds: those
    articles join the timeline when the ingest's timelines stage stores their rows."""
    _check(request)
    if use_rows and hasattr(store, "iter_timeline_sentences"):
        ids = _article_ids(store, request)
        if store.timeline_ready(ids) or (partial and store.timeline_started()):
            return _from_rows(store, request, ids, progress=progress)
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


def _from_rows(
    store: Any, request: TimelineRequest, ids: Sequence[str] | None, *, progress: Progress = NO_PROGRESS
) -> list[TimelineEntry]:
    """The timeline from the precomputed sentence rows: only the chosen lines' articles and events are read."""
    progress.stage("select sentences")
    keywords = request.keywords or (query_keywords(request.query) if request.query else ())
    start = request.start.isoformat() if request.start else None
    rows = store.iter_timeline_sentences(ids, start=start, words=keywords)
    units = units_from_rows(rows, keywords=keyword_pattern(keywords))
    progress.advance(len(units))
    progress.stage("build timeline", 1)
    prepared = prepare_units(
        units,
        articles=StoreLookup(store.get_article),
        enrichments=StoreLookup(lambda key: Enrichment(key, events=store.get_events(key))),
    )
    entries = select(
        prepared,
        start=request.start,
        end=request.end,
        max_dates=request.max_dates,
        sentences_per_date=request.sentences_per_date,
    )
    progress.advance()
    progress.done()
    return entries


class StoreLookup(Mapping[str, Any]):
    """Records read from the store on first use: a timeline reads the few articles its lines come from."""

    def __init__(self, read: Callable[[str], Any]) -> None:
        self.read, self.cache = read, {}

    def __getitem__(self, key: str) -> Any:
        if key not in self.cache:
            self.cache[key] = self.read(key)
        if self.cache[key] is None:
            raise KeyError(key)
        return self.cache[key]

    def __iter__(self) -> Iterator[str]:
        return iter(key for key, value in self.cache.items() if value is not None)

    def __len__(self) -> int:
        return sum(value is not None for value in self.cache.values())


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
    if request.query:  # relevance first (the best-ranked matches), then time (the request's range)
        return store.search_ids(request.query, limit=QUERY_ARTICLES)
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
