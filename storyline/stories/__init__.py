"""Stories: articles grouped, as they arrive, into the stories they tell.

``assign_stories`` is the pure part (states and features in, an update out); ``update_stories`` (here) loads
the open stories from the store, calls it and saves the result. The modules follow that flow: ``features``
(what assignment compares of an article, and the background), ``lexical`` (what an article reports, weighed
by rarity with each publisher's template discounted), ``assign`` (joins, merges, late entities,
labels), ``threads`` (each new story placed in the long-running topic it belongs to) and ``rows`` (stories
and threads to and from the store's plain rows, and listing them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.records import Article, Enrichment
from storyline.settings import Settings
from storyline.stories.assign import (
    ENTITY_WEIGHT,
    KEPT_COUNTS,
    MERGE_MARGIN,
    Assignment,
    Merge,
    StoryState,
    StoryUpdate,
    add_late_entities,
    assign_stories,
    in_window,
    similarity,
    story_label,
    story_similarity,
)
from storyline.stories.features import (
    ENTITY_LABELS,
    KEY_ENTITIES,
    LEAD_CHARS,
    PRIOR_NORM,
    PRIOR_WEIGHT,
    Background,
    StoryFeatures,
    article_features,
    key_entities,
    key_terms,
    prior_background,
    story_text,
    unit,
)
from storyline.stories.lexical import TOTAL, TermStats
from storyline.stories.rows import (
    STAGE,
    StoryReader,
    StoryStore,
    background_from_row,
    list_stories,
    list_threads,
    state_from_row,
    state_row,
    stats_from_row,
    thread_from_row,
    update_row,
)
from storyline.stories.threads import THREAD_WINDOW_DAYS, ThreadMerge, ThreadState

__all__ = [
    "ENTITY_LABELS",
    "ENTITY_WEIGHT",
    "KEPT_COUNTS",
    "KEY_ENTITIES",
    "LEAD_CHARS",
    "MERGE_MARGIN",
    "PRIOR_NORM",
    "PRIOR_WEIGHT",
    "STAGE",
    "Assignment",
    "Background",
    "Merge",
    "StoryChanges",
    "StoryFeatures",
    "StoryReader",
    "StoryState",
    "StoryStore",
    "StoryUpdate",
    "TermStats",
    "ThreadMerge",
    "ThreadState",
    "add_late_entities",
    "article_features",
    "assign_stories",
    "background_from_row",
    "in_window",
    "key_entities",
    "key_terms",
    "list_stories",
    "list_threads",
    "prior_background",
    "similarity",
    "state_from_row",
    "state_row",
    "stats_from_row",
    "story_label",
    "story_similarity",
    "story_text",
    "thread_from_row",
    "unit",
    "update_row",
    "update_stories",
]


@dataclass(frozen=True)
class StoryChanges:
    """What one ``update_stories`` call did to the stories: ids founded, ids that existed and grew, ids merged away."""

    founded: frozenset[str] = frozenset()
    updated: frozenset[str] = frozenset()
    merged: frozenset[str] = frozenset()


def update_stories(
    store: StoryStore,
    articles: Sequence[Article],
    enrichments: Sequence[Enrichment] | None,
    *,
    settings: Settings,
) -> StoryChanges:
    """Assign a stored batch of articles to stories and save the result (called after each stored batch)."""
    by_article = {enrichment.article_id: enrichment for enrichment in enrichments or ()}
    known = store.story_memberships([article.id for article in articles])
    fresh = [article for article in articles if article.id not in known]
    late = [by_article[a.id] for a in articles if a.id in known and not known[a.id][1] and a.id in by_article]
    features = article_features(fresh, enrichments=by_article)
    rows = store.story_states(**_window([feature.day for feature in features], settings=settings)) if fresh else []
    late_ids = sorted({known[enrichment.article_id][0] for enrichment in late})
    rows += [row for row in store.story_states(ids=late_ids) if row["id"] not in {r["id"] for r in rows}]
    prior = prior_background()
    # stories saved with another embedding (the TF-IDF fallback) cannot be compared: leave them be
    states = [state for state in map(state_from_row, rows) if state.vector_sum.shape == prior.vector_sum.shape]
    background = background_from_row(store.story_background(), prior=prior)
    terms = sorted({term for feature in features for term in feature.counts} | {TOTAL})
    stats = stats_from_row(store.story_term_stats(terms, sorted({feature.publisher for feature in features})))
    threads = _threads(store, features, states, settings=settings, prior=prior)
    update = assign_stories(states, features, settings=settings, background=background, stats=stats, threads=threads)
    update = add_late_entities(update, late, memberships=known)
    if not update.stories:
        return StoryChanges()
    store.save_story_update(update_row(update, features))
    loaded = {state.id for state in states}
    saved = {state.id for state in update.stories}
    return StoryChanges(
        frozenset(saved - loaded), frozenset(saved & loaded), frozenset(merge.old_id for merge in update.merges)
    )


def _threads(
    store: StoryStore,
    features: Sequence[StoryFeatures],
    states: Sequence[StoryState],
    *,
    settings: Settings,
    prior: Background,
) -> list[ThreadState]:
    """The open threads a batch can join (near its dates) and those of the stories it can touch."""
    if not features:
        return []
    days = [feature.day for feature in features]
    rows = store.story_threads(**_window(days, settings=settings.with_values(story_window_days=THREAD_WINDOW_DAYS)))
    named = {state.thread_id for state in states if state.thread_id} - {row["id"] for row in rows}
    rows += store.story_threads(ids=sorted(named)) if named else []
    threads = [thread_from_row(row) for row in rows]
    return [thread for thread in threads if thread.vector_sum.shape == prior.vector_sum.shape]


def _window(days: list[date | None], *, settings: Settings) -> dict[str, str | None]:
    """The date range of stories a batch can touch; all of them when some article has no date."""
    if not days or any(day is None for day in days):
        return {"since": None, "until": None}
    known = [day for day in days if day is not None]
    reach = timedelta(days=settings.story_window_days)
    return {"since": (min(known) - reach).isoformat(), "until": (max(known) + reach).isoformat()}
