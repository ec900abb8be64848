"""Timelines: the dates that mattered for a story or a query, and what happened on each, with sources.

    prepare(articles, keywords=...) → select(prepared, start=, end=, max_dates=, sentences_per_date=)
    build_timeline(articles, ...)    both in one call
    timeline_from_store(store, TimelineRequest(...))   the runner's side: reads the store, then builds

Modules: ``text`` (detokenize, split), ``dates`` (light date resolver), ``units`` (sentences with their
days), ``eventness`` (event report or rhetoric), ``datescore`` (which dates), ``summarize`` (which sentences),
``build``, ``precompute`` (the per-sentence rows stored at ingest, which requests read), ``render`` (json, md,
html, text), ``dataset``/``evaluate``/``learn`` (Timeline17 evaluation under the news-tls protocol).
"""

from storyline.timeline.build import STAGE, Prepared, TimelineParams, build_timeline, prepare, select
from storyline.timeline.render import render
from storyline.timeline.service import TimelineRequest, timeline_from_store

__all__ = [
    "STAGE", "Prepared", "TimelineParams", "TimelineRequest", "build_timeline", "prepare", "render", "select",
    "timeline_from_store",
]  # fmt: skip
