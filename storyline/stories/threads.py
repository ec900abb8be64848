"""Threads: the long-running topic each story belongs to (the oil spill, the pandemic, the war talks).

A story is one happening reported by several publishers; a thread gathers the stories of one topic over
weeks and months, as Timeline17's topics or Event Registry's stories do above its events. A story takes its
thread once, when it is founded (at the end of the batch that founded it, so with all of that batch's
articles): the open thread nearest to it — the embedding of what it is about blended with the reported
terms (entities, places, content words) of the thread's recent stories — within ``THREAD_WINDOW_DAYS`` of
the thread's dates, or a new thread ``t-<story id>``. Every article of a story then counts into the story's
thread, on its topic terms (IDF softened, so a topic's common words count); the thread's profile keeps its
whole history, as a topic's identity is (``THREAD_HALF_LIFE``).
Two threads that have grown into one merge: the larger keeps its id, the other redirects to it (so a
thread id, once given, always resolves).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from storyline.stories.features import StoryFeatures, unit
from storyline.stories.lexical import add_profile, cosine, normalised

THREAD_THRESHOLD = 0.1  # a story joins the nearest thread at least this similar, else founds its own
THREAD_MERGE = 0.15  # two threads at least this similar merge
THREAD_WINDOW_DAYS = 90  # a story joins only a thread active within this many days of it
THREAD_HALF_LIFE = 1000.0  # days: practically no fade (fading let a thread drift from one topic into the next)
THREAD_LEXICAL_SHARE = 0.5  # share of the similarity that comes from reported terms (the rest: embedding)
THREAD_TERMS = 300  # terms kept per thread profile
# (the figures above and the floor below were chosen on t17-dev thread B3 F1 over the whole shared corpus in two
# article orders: 30-day windows 0.85, join thresholds 0.15-0.2 0.75-0.83; a 45- or 90-day half-life let a
# "markets" thread run from the financial crisis through swine flu into BP's share price: 0.78-0.76 in one order)
THREAD_LEXICAL_FLOOR = 0.05  # a story and a thread (or two threads) sharing less of their terms never join
TOPIC_TERMS = 60  # an article's heaviest terms a thread is compared on
TOPIC_RARITY = 0.5  # IDF to this power: a topic's common words (oil, flu, bank) count beside an event's rare ones


@dataclass
class ThreadState:
    """One thread as assignment sees it: the sum of its articles' vectors and their faded reported terms."""

    id: str
    first_day: date | None
    last_day: date | None
    story_count: int
    article_count: int
    vector_sum: np.ndarray
    profile: dict[str, float] = field(default_factory=dict)

    def direction(self, background: np.ndarray) -> np.ndarray:
        return unit(self.vector_sum / max(1, self.article_count) - background)


@dataclass(frozen=True)
class ThreadMerge:
    old_id: str
    survivor_id: str
    similarity: float


@dataclass(frozen=True)
class Side:
    """What a thread is compared on: a direction (unit, background out), reported terms (unit) and dates."""

    direction: np.ndarray
    terms: dict[str, float]
    first_day: date | None
    last_day: date | None


class ThreadPool:
    """The open threads a batch can touch; stories are placed in them, then touched threads merge."""

    def __init__(self, threads: Iterable[ThreadState], *, background: np.ndarray) -> None:
        self.threads = {thread.id: thread for thread in threads}
        self.background = background
        self.touched: set[str] = set()
        self.merges: list[ThreadMerge] = []
        self._sides: dict[str, Side] = {}  # each thread's side, until it changes

    def side(self, thread: ThreadState) -> Side:
        if thread.id not in self._sides:
            direction = thread.direction(self.background)
            self._sides[thread.id] = Side(direction, normalised(thread.profile), thread.first_day, thread.last_day)
        return self._sides[thread.id]

    def place(self, story_id: str, side: Side) -> str:
        """The thread a new story joins (its id), founding ``t-<story id>`` when none is near enough."""
        best_id, best = None, THREAD_THRESHOLD
        for thread_id in sorted(self.threads):
            thread = self.threads[thread_id]
            if not _near(side, thread, days=THREAD_WINDOW_DAYS):
                continue
            score = thread_similarity(side, self.side(thread))
            if score >= best:
                best_id, best = thread_id, score
        if best_id is None:
            best_id = f"t-{story_id}"
            self.threads[best_id] = ThreadState(best_id, None, None, 0, 0, np.zeros_like(side.direction))
        self.threads[best_id].story_count += 1
        self.touched.add(best_id)
        return best_id

    def add(self, thread_id: str, feature: StoryFeatures) -> None:
        """Count one article of one of the thread's stories."""
        thread = self.threads[thread_id]
        thread.profile = add_profile(
            _faded(thread.profile, thread.last_day, feature.day), feature.topic or feature.weights, limit=THREAD_TERMS
        )
        thread.article_count += 1
        thread.vector_sum = thread.vector_sum + feature.vector
        self._sides.pop(thread_id, None)
        if feature.day is not None:
            thread.first_day = min(thread.first_day or feature.day, feature.day)
            thread.last_day = max(thread.last_day or feature.day, feature.day)
        self.touched.add(thread_id)

    def merge_touched(self) -> list[ThreadMerge]:
        """Merge touched threads into neighbours they have grown into, until none does."""
        while (merge := self._next_merge()) is not None:
            self._apply(merge)
            self.merges.append(merge)
        return self.merges

    def redirect(self, thread_id: str) -> str:
        redirect = {merge.old_id: merge.survivor_id for merge in self.merges}
        while thread_id in redirect:
            thread_id = redirect[thread_id]
        return thread_id

    def _next_merge(self) -> ThreadMerge | None:
        for thread_id in sorted(self.touched):
            side = self.side(self.threads[thread_id])
            scored = [
                (thread_similarity(side, self.side(other)), other_id)
                for other_id, other in sorted(self.threads.items())
                if other_id != thread_id and _near(side, other, days=THREAD_WINDOW_DAYS)
            ]
            if scored and (best := max(scored))[0] >= THREAD_MERGE:
                survivor, old = sorted((self.threads[thread_id], self.threads[best[1]]), key=_seniority)
                return ThreadMerge(old.id, survivor.id, round(best[0], 4))
        return None

    def _apply(self, merge: ThreadMerge) -> None:
        old, survivor = self.threads.pop(merge.old_id), self.threads[merge.survivor_id]
        latest = max((day for day in (old.last_day, survivor.last_day) if day), default=None)
        survivor.profile = add_profile(
            _faded(survivor.profile, survivor.last_day, latest),
            _faded(old.profile, old.last_day, latest),
            limit=THREAD_TERMS,
        )
        survivor.story_count += old.story_count
        survivor.article_count += old.article_count
        survivor.vector_sum = survivor.vector_sum + old.vector_sum
        days = [day for day in (old.first_day, old.last_day, survivor.first_day, survivor.last_day) if day]
        survivor.first_day, survivor.last_day = (min(days), max(days)) if days else (None, None)
        self._sides.pop(old.id, None)
        self._sides.pop(survivor.id, None)
        self.touched.discard(old.id)
        self.touched.add(survivor.id)


def thread_similarity(one: Side, other: Side) -> float:
    """The embedding's cosine blended with the reported terms' cosine (when both sides have terms); nothing
    when they share almost no term (a low threshold must not chain topics through the embedding alone)."""
    embedded = float(one.direction @ other.direction)
    if not one.terms or not other.terms:
        return embedded
    lexical = cosine(one.terms, other.terms)
    if lexical < THREAD_LEXICAL_FLOOR:
        return -1.0
    return (1 - THREAD_LEXICAL_SHARE) * embedded + THREAD_LEXICAL_SHARE * lexical


def story_side(features: Sequence[StoryFeatures], *, background: np.ndarray) -> Side:
    """A new story as a thread sees it, from its articles of this batch."""
    vector = np.sum([feature.vector for feature in features], axis=0) / len(features)
    terms: dict[str, float] = {}
    for feature in features:
        terms = add_profile(terms, feature.topic or feature.weights, limit=THREAD_TERMS)
    days = [feature.day for feature in features if feature.day is not None]
    return Side(unit(vector - background), normalised(terms), min(days, default=None), max(days, default=None))


def _near(side: Side, thread: ThreadState, *, days: int) -> bool:
    if side.first_day is None or side.last_day is None or thread.first_day is None or thread.last_day is None:
        return True
    reach = timedelta(days=days)
    return thread.first_day - reach <= side.last_day and side.first_day <= thread.last_day + reach


def _faded(profile: dict[str, float], since: date | None, day: date | None) -> dict[str, float]:
    if since is None or day is None or day <= since:
        return profile
    factor = 0.5 ** ((day - since).days / THREAD_HALF_LIFE)
    return {term: value * factor for term, value in profile.items()}


def _seniority(thread: ThreadState) -> tuple[int, date, str]:
    """The survivor of a merge: the thread with more stories, then the older, then the smaller id."""
    return -thread.story_count, thread.first_day or date.max, thread.id
