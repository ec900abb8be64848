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

import importlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import storyline.ingest as _readers  # noqa: F401  (loaded first: the ``ingest`` function below must win the name)
from storyline.errors import InputError, ModelError, SettingError, StoreError, StorylineError
from storyline.progress import NO_PROGRESS, Progress
from storyline.records import Article, Enrichment, Event, Rejection, TimelineEntry
from storyline.settings import Settings

if TYPE_CHECKING:
    from storyline.pipeline import IngestSummary, analyze_articles, load_articles, repair
    from storyline.store import MemoryStore, SQLiteStore

# Loaded on first use (PEP 562): the pipeline pulls in spaCy, datasketch and scipy, and every
# ``import storyline`` (the CLI's ``--help`` included) would otherwise pay seconds for them.
_LAZY = {
    "IngestSummary": "storyline.pipeline", "analyze_articles": "storyline.pipeline",
    "load_articles": "storyline.pipeline", "repair": "storyline.pipeline",
    "MemoryStore": "storyline.store", "SQLiteStore": "storyline.store",
}

__all__ = [
    "Article", "Enrichment", "Event", "IngestSummary", "InputError", "MemoryStore", "ModelError", "Rejection",
    "SQLiteStore", "SettingError", "Settings", "StoreError", "StorylineError", "TimelineEntry",
    "analyze_articles", "analyze_file", "build_timeline", "ingest", "load_articles", "repair",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")


def ingest(
    paths: Sequence[str | Path], *, store: SQLiteStore, settings: Settings,
    fields: dict[str, str] | None = None, progress: Progress = NO_PROGRESS,
) -> IngestSummary:
    """Read, normalize, dedupe, store (and enrich, when ``settings.enrich``) everything under ``paths``."""
    from storyline.pipeline import ingest as run_ingest

    return run_ingest(paths, store=store, settings=settings, fields=fields, progress=progress)


def analyze_file(path: str | Path, *, settings: Settings | None = None) -> list[Enrichment]:
    """Enrichment and events for every article in one file or folder, without a store."""
    from storyline.pipeline import analyze_articles, load_articles

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
