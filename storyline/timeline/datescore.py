"""Which dates matter: score each day by how often and how strongly it is referred to.

Signals per day ``d`` (over the articles of the collection): sentences that refer to ``d``, articles that
refer to it *after the fact* (a day still named weeks later mattered), articles published on ``d`` (news
breaks on the day), and articles and independent sources (distinct publishers) reporting an event on it
(sentences that are a coded event's evidence, or read as event reports).
Weights are fixed across topics (see docs/timelines.md).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.timeline.units import Unit

FEATURES = ("mentions", "articles", "later", "long_after", "explicit", "published", "keyword", "lead", "coverage",
            "events", "event_sources")  # fmt: skip
EVENT = 0.5  # a sentence at least this event-like reports what happened (``Unit.event``)


# Learnt on the five Timeline17 dev topics by ``python -m storyline.timeline.learn`` (the figure to quote is
# ``storyline eval timeline --leave-one-topic-out``, weights learnt without the scored topic: see
# docs/timelines.md). Order: FEATURES.
LEARNT_WEIGHTS = (-0.18, 0.182, 0.259, 0.524, 0.072, 0.435, 0.05, -0.15, 0.224, 0.76, -0.525)
LEAD_SENTENCES = 5
COVERAGE_DAYS = 2


@dataclass(frozen=True)
class DateWeights:
    """Weights of the log-count features in ``FEATURES`` order (learnt by ``storyline.timeline.learn``)."""

    weights: tuple[float, ...] = LEARNT_WEIGHTS


@dataclass(frozen=True)
class DateSignals:
    """For each feature in ``FEATURES``, how many times each day scored on it."""

    counts: dict[str, Counter[date]]


def date_signals(units: Sequence[Unit], *, long_after: int = 7) -> DateSignals:
    """Count, per day: sentences referring to it (all, explicit calendar dates, with a keyword), articles
    referring to it (any time, after the fact, ``long_after`` days or more later), articles published."""
    counts: dict[str, Counter[date]] = {name: Counter() for name in FEATURES}
    articles_seen: set[str] = set()
    pairs: set[tuple[str, date]] = set()
    for unit in units:
        if unit.article_id not in articles_seen:
            articles_seen.add(unit.article_id)
            counts["published"][unit.published] += 1
        for day in set(unit.dates):
            counts["mentions"][day] += 1
            counts["lead"][day] += unit.index < LEAD_SENTENCES
            counts["keyword"][day] += unit.keyword
            if (unit.article_id, day) in pairs:
                continue
            pairs.add((unit.article_id, day))
            counts["articles"][day] += 1
            counts["later"][day] += day < unit.published
            counts["long_after"][day] += (unit.published - day).days >= long_after
        for day in unit.explicit:
            counts["explicit"][day] += 1
    _source_signals(units, counts)
    for day, published in list(counts["published"].items()):
        for back in range(COVERAGE_DAYS + 1):  # news of a day keeps coming for a few days
            counts["coverage"][day - timedelta(days=back)] += published
    return DateSignals(counts)


def _source_signals(units: Sequence[Unit], counts: dict[str, Counter[date]]) -> None:
    """Articles and independent sources (distinct publishers) reporting an event on each day: an event sentence
    naming the day, or opening an article of that day. (Publishers merely referring to a day were measured too
    and not kept: see docs/timelines.md.)"""
    event_articles: dict[date, set[str]] = {}
    event_sources: dict[date, set[str]] = {}
    for unit in units:
        if unit.event < EVENT:
            continue
        for day in unit.dates or ((unit.published,) if unit.index < LEAD_SENTENCES else ()):
            event_articles.setdefault(day, set()).add(unit.article_id)
            event_sources.setdefault(day, set()).add(unit.publisher)
    for name, found in (("events", event_articles), ("event_sources", event_sources)):
        counts[name].update({day: len(members) for day, members in found.items()})


def date_features(signals: DateSignals, day: date) -> list[float]:
    return [math.log1p(signals.counts[name][day]) for name in FEATURES]


def score_dates(
    signals: DateSignals, *, start: date | None = None, end: date | None = None, weights: DateWeights = DateWeights()
) -> dict[date, float]:
    """A score for every day in ``start..end`` with any signal."""
    days = set(signals.counts["mentions"]) | set(signals.counts["published"])  # "coverage" alone is no news
    scores = {}
    for day in days:
        if (start is not None and day < start) or (end is not None and day > end):
            continue
        scores[day] = sum(w * x for w, x in zip(weights.weights, date_features(signals, day), strict=True))
    return scores


def top_dates(scores: dict[date, float], *, count: int) -> list[date]:
    """The ``count`` best days (ties: the earlier day), in calendar order."""
    ranked = sorted(scores, key=lambda day: (-scores[day], day))
    return sorted(ranked[:count])
