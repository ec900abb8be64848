"""Across articles: mentions of one event become one merged event, with its sources and disagreements.

Two mentions are the same event when they have the same type, actor and recipient (by country code, else
by name), compatible places (equal, or one unknown) and dates within ``window_days`` of the group's first
date. Linked duplicates (syndicated copies) count as mentions and articles but not as independent
sources. Where mentions disagree — two death tolls, two dates, two places — the merged event lists every
value instead of silently picking one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date

from storyline.records import Actor, Event, Place


@dataclass(frozen=True)
class MergedEvent:
    """One real-world event and every sentence that reports it."""

    id: str
    type: str
    mode: str
    actor: Actor | None
    recipient: Actor | None
    date: str
    place: Place | None
    mentions: tuple[Event, ...]
    num_mentions: int
    num_articles: int
    num_sources: int  # independent sources: distinct publishers of the originals (linked duplicates fold in)
    figures: dict[str, float] = field(default_factory=dict)
    disagreements: dict[str, list] = field(default_factory=dict)
    confidence: float = 0.0


def merge_events(
    events: Iterable[Event], *, duplicate_of: Mapping[str, str] | None = None,
    publisher_of: Mapping[str, str] | None = None, window_days: int = 1,
) -> list[MergedEvent]:
    """Group event mentions into merged events; the result does not depend on the input order.

    ``publisher_of`` (article id → publisher) makes independent sources distinct publishers; without it each
    original article is a source of its own."""
    duplicate_of = duplicate_of or {}
    publisher_of = publisher_of or {}
    groups: dict[tuple[str, str, str], list[Event]] = {}
    for event in sorted(events, key=_order):
        groups.setdefault(identity(event), []).append(event)
    merged = []
    for group in groups.values():
        for cluster in _clusters(group, window_days=window_days):
            merged.append(_merge(cluster, duplicate_of=duplicate_of, publisher_of=publisher_of))
    return sorted(merged, key=lambda event: (event.date, event.type, event.id))


def identity(event: Event) -> tuple[str, str, str]:
    return event.type, actor_key(event.actor), actor_key(event.recipient)


def actor_key(actor: Actor | None) -> str:
    return "" if actor is None else (actor.country or actor.name).lower()


def _order(event: Event) -> tuple:
    return event.date, event.article_id, event.sentence_start, event.type, event.trigger


def _clusters(group: Sequence[Event], *, window_days: int) -> list[list[Event]]:
    """Date-sorted mentions → clusters within ``window_days`` of their first date and with compatible places."""
    clusters: list[list[Event]] = []
    for event in group:
        home = next((c for c in clusters if _fits(c, event, window_days=window_days)), None)
        if home is None:
            clusters.append([event])
        else:
            home.append(event)
    return clusters


def _fits(cluster: list[Event], event: Event, *, window_days: int) -> bool:
    if _days_apart(cluster[0].date, event.date) > window_days:
        return False
    names = {_place_name(e.place) for e in cluster} - {""}
    return not names or _place_name(event.place) in names | {""}


def _days_apart(first: str, second: str) -> int:
    try:
        return abs((Date.fromisoformat(second[:10]) - Date.fromisoformat(first[:10])).days)
    except ValueError:
        return 0 if first == second else 10**6


def _place_name(place: Place | None) -> str:
    return "" if place is None else place.name.lower()


def _merge(cluster: list[Event], *, duplicate_of: Mapping[str, str], publisher_of: Mapping[str, str]) -> MergedEvent:
    articles = sorted({event.article_id for event in cluster})
    originals = {duplicate_of.get(article, article) for article in articles}
    sources = {publisher_of.get(original, original) for original in originals}
    best = max(cluster, key=lambda event: (event.confidence, -event.sentence_start))
    date = _most_common([event.date for event in cluster])
    return MergedEvent(
        id=_merged_id(best, date), type=best.type, mode=_most_common([e.mode for e in cluster if e.mode]) or "",
        actor=_named(cluster, "actor"), recipient=_named(cluster, "recipient"), date=date,
        place=next((e.place for e in cluster if e.place is not None), None), mentions=tuple(cluster),
        num_mentions=len(cluster), num_articles=len(articles), num_sources=len(sources),
        figures=_figures(cluster), disagreements=_disagreements(cluster, duplicate_of=duplicate_of),
        confidence=best.confidence,
    )


def _most_common(values: list[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value)) if counts else ""


def _named(cluster: list[Event], role: str) -> Actor | None:
    """The most informative actor among the mentions (one with a country and sector beats a bare name)."""
    actors = [getattr(event, role) for event in cluster if getattr(event, role) is not None]
    return max(actors, key=lambda a: (bool(a.country), bool(a.sector), len(a.name)), default=None)


def _figures(cluster: list[Event]) -> dict[str, float]:
    """Each figure as the largest value reported (the disagreements keep every value)."""
    figures: dict[str, float] = {}
    for event in cluster:
        for name, value in event.figures.items():
            figures[name] = max(value, figures.get(name, value))
    return figures


def _disagreements(cluster: list[Event], *, duplicate_of: Mapping[str, str]) -> dict[str, list]:
    """Values that differ between independent mentions: figures, dates and places, each with its articles."""
    values: dict[str, dict[object, set[str]]] = {}
    for event in cluster:
        source = duplicate_of.get(event.article_id, event.article_id)
        observed = {**event.figures, "date": event.date, "place": _place_name(event.place)}
        for name, value in observed.items():
            if value not in ("", None):
                values.setdefault(name, {}).setdefault(value, set()).add(source)
    return {
        name: [{"value": value, "sources": sorted(sources)} for value, sources in sorted(seen.items(), key=str)]
        for name, seen in sorted(values.items()) if len(seen) > 1
    }


def _merged_id(event: Event, date: str) -> str:
    """The cluster's id from its best mention: a mention is in one cluster only, so two clusters never share it
    (the store keys merged events by id; article and type alone collided when one sentence was coded twice)."""
    key = "|".join([event.type, actor_key(event.actor), actor_key(event.recipient), date, event.article_id,
                    str(event.sentence_start), event.trigger, _place_name(event.place)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
