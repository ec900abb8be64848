"""Storyline: turn news articles into a sourced, structured picture of an evolving story.

The public Python API::

    from storyline import Settings, SQLiteStore, analyze_file, build_timeline, ingest, repair

    with SQLiteStore("storyline.db") as store:
        summary = ingest(["articles/"], store=store, settings=Settings.load())
        entries = build_timeline(store, query="cease-fire", max_dates=10)
        repair(store=store, settings=Settings.load())   # finish what a killed or --no-enrich run left

    enrichment = analyze_file("examples/000_eae2988b17b06bab.txt")[0]   # no database

Records (``Article``, ``Enrichment``, ``Event``, ...) are frozen dataclasses in ``storyline.records``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.errors import InputError, ModelError, SettingError, StoreError, StorylineError
from storyline.pipeline import IngestSummary, analyze_articles, ingest, load_articles, repair
from storyline.records import Article, Enrichment, Event, Rejection, TimelineEntry
from storyline.settings import Settings
from storyline.store import MemoryStore, SQLiteStore

__all__ = [
    "Article", "Enrichment", "Event", "IngestSummary", "InputError", "MemoryStore", "ModelError", "Rejection",
    "SQLiteStore", "SettingError", "Settings", "StoreError", "StorylineError", "TimelineEntry",
    "analyze_articles", "analyze_file", "build_timeline", "ingest", "load_articles", "repair",
]


def analyze_file(path: str | Path, *, settings: Settings | None = None) -> list[Enrichment]:
    """Enrichment and events for every article in one file or folder, without a store."""
    settings = settings or Settings.load()
    articles, _rejections = load_articles(path, settings=settings)
    return analyze_articles(articles, settings=settings)


def build_timeline(
    store: SQLiteStore, *, story: str | None = None, query: str | None = None, keywords: tuple[str, ...] = (),
    start: date | None = None, end: date | None = None, max_dates: int = 10, sentences_per_date: int = 2,
) -> list[TimelineEntry]:
    """Dated entries for a story, a search or keywords, each with its sentences and sources.

    (Not ``storyline.timeline``: that name is the timeline package.)"""
    from storyline.timeline.service import TimelineRequest, timeline_from_store

    request = TimelineRequest(story=story, query=query, keywords=keywords, start=start, end=end,
                              max_dates=max_dates, sentences_per_date=sentences_per_date)
    return timeline_from_store(store, request)
