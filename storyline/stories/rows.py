"""Stories to and from the store's plain rows, and listing them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Protocol

import numpy as np

from storyline.stories.assign import StoryState, StoryUpdate, story_label
from storyline.stories.features import Background, StoryFeatures
from storyline.stories.lexical import TOTAL, TermStats
from storyline.stories.threads import ThreadState

STAGE = "stories.incremental.v2"  # v2: reported terms (profile) beside the embedding


class StoryStore(Protocol):
    """The store methods stories use (``storyline.store.stories.StoryTables``)."""

    def story_states(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]: ...
    def story_memberships(self, article_ids: Sequence[str]) -> dict[str, tuple[str, bool]]: ...
    def story_background(self) -> dict[str, Any] | None: ...
    def story_term_stats(self, terms: Sequence[str], publishers: Sequence[str]) -> dict[str, Any]: ...
    def story_threads(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]: ...
    def save_story_update(self, update: dict[str, Any]) -> None: ...


# --- state to and from the store's plain rows ---------------------------------------------------


def state_from_row(row: dict[str, Any]) -> StoryState:
    return StoryState(
        id=row["id"],
        first_day=date.fromisoformat(row["first_date"]) if row["first_date"] else None,
        last_day=date.fromisoformat(row["last_date"]) if row["last_date"] else None,
        article_count=row["article_count"],
        vector_sum=np.frombuffer(row["vector_sum"], dtype="<f4").copy(),
        entity_counts=dict(row["entity_counts"]),
        entity_articles=row["entity_articles"],
        term_counts=dict(row["term_counts"]),
        profile=dict(row.get("profile") or {}),
        thread_id=row.get("thread_id"),
    )


def state_row(state: StoryState) -> dict[str, Any]:
    return {
        "id": state.id,
        "label": story_label(state),
        "first_date": state.first_day.isoformat() if state.first_day else None,
        "last_date": state.last_day.isoformat() if state.last_day else None,
        "article_count": state.article_count,
        "vector_sum": state.vector_sum.astype("<f4").tobytes(),
        "entity_counts": state.entity_counts,
        "entity_articles": state.entity_articles,
        "term_counts": state.term_counts,
        "profile": state.profile,
        "thread_id": state.thread_id,
    }


def thread_from_row(row: dict[str, Any]) -> ThreadState:
    return ThreadState(
        id=row["id"],
        first_day=date.fromisoformat(row["first_date"]) if row["first_date"] else None,
        last_day=date.fromisoformat(row["last_date"]) if row["last_date"] else None,
        story_count=row["story_count"],
        article_count=row["article_count"],
        vector_sum=np.frombuffer(row["vector_sum"], dtype="<f4").copy(),
        profile=dict(row["profile"]),
    )


def thread_row(thread: ThreadState, stories: dict[str, StoryState]) -> dict[str, Any]:
    """A thread's plain row; its label comes from its largest story of this batch's pool, else its terms."""
    own = [state for state in stories.values() if state.thread_id == thread.id]
    largest = max(own, key=lambda state: (state.article_count, state.id), default=None)
    words = [term for term, _ in sorted(thread.profile.items(), key=lambda item: (-item[1], item[0]))]
    label = story_label(largest) if largest else ", ".join(word for word in words if ":" not in word[:2])[:80]
    return {
        "id": thread.id,
        "label": label,
        "first_date": thread.first_day.isoformat() if thread.first_day else None,
        "last_date": thread.last_day.isoformat() if thread.last_day else None,
        "story_count": thread.story_count,
        "article_count": thread.article_count,
        "vector_sum": thread.vector_sum.astype("<f4").tobytes(),
        "profile": thread.profile,
    }


def background_from_row(row: dict[str, Any] | None, *, prior: Background) -> Background:
    vector_sum = None if row is None else np.frombuffer(row["vector_sum"], dtype="<f4").copy()
    if row is None or vector_sum is None or vector_sum.shape != prior.vector_sum.shape:
        return prior
    publishers = {
        name: (np.frombuffer(blob, dtype="<f4").copy(), count) for name, blob, count in row.get("publishers", ())
    }
    publishers = {name: sums for name, sums in publishers.items() if sums[0].shape == vector_sum.shape}
    return replace(prior, vector_sum=vector_sum, count=row["article_count"], publishers=publishers)


def stats_from_row(row: dict[str, Any]) -> TermStats:
    """``story_term_stats``'s plain rows as counts (the terms asked for; the rest count as never seen)."""
    publishers: dict[str, dict[str, tuple[int, int, str]]] = {}
    for name, term, docs, months, last in row["publishers"]:
        publishers.setdefault(name, {})[term] = (docs, months, last)
    return TermStats(dict(row["docs"]), publishers)


def stats_row(stats: TermStats, features: Sequence[StoryFeatures]) -> dict[str, Any]:
    """The counts a batch changed: its articles' terms, over the store and per publisher."""
    terms = sorted({TOTAL, *(term for feature in features for term in feature.counts)})
    pairs = sorted({(f.publisher, term) for f in features for term in (TOTAL, *f.counts)})
    return {
        "docs": [(term, stats.docs[term]) for term in terms if term in stats.docs],
        "publishers": [(name, term, *stats.publishers[name][term]) for name, term in pairs],
    }


def update_row(update: StoryUpdate, features: Sequence[StoryFeatures] = ()) -> dict[str, Any]:
    """The plain form the store saves (the store never imports this module)."""
    return {
        "stage": STAGE,
        "stories": [state_row(state) for state in update.stories],
        "assignments": [
            (item.article_id, item.story_id, item.similarity, item.entities_counted) for item in update.assignments
        ],
        "merges": [(merge.old_id, merge.survivor_id, merge.similarity) for merge in update.merges],
        "late_entities": list(update.late_entities),
        "background": None
        if update.background is None
        else {
            "vector_sum": update.background.vector_sum.astype("<f4").tobytes(),
            "article_count": update.background.count,
            "publishers": [
                (name, total.astype("<f4").tobytes(), count)
                for name, (total, count) in sorted(update.background.publishers.items())
            ],
        },
        "term_stats": None if update.stats is None else stats_row(update.stats, features),
        "threads": [thread_row(thread, update.pool) for thread in update.threads],
        "thread_merges": [(merge.old_id, merge.survivor_id, merge.similarity) for merge in update.thread_merges],
    }


# --- reading ------------------------------------------------------------------------------------


class StoryReader(Protocol):
    def list_stories(
        self,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        thread: str | None = None,
    ) -> list[dict[str, Any]]: ...
    def list_threads(
        self,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]: ...


def list_stories(
    store: StoryReader,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    thread: str | None = None,
) -> list[dict[str, Any]]:
    """Open stories whose dates reach into start..end, latest first (what ``storyline stories`` prints), each
    with its ``thread_id``; ``thread`` keeps one thread's stories."""
    return store.list_stories(
        start=start.isoformat() if start else None, end=end.isoformat() if end else None, limit=limit, thread=thread
    )


def list_threads(
    store: StoryReader,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Open threads (the long-running topics stories belong to) reaching into start..end, latest first."""
    return store.list_threads(
        start=start.isoformat() if start else None, end=end.isoformat() if end else None, limit=limit
    )
