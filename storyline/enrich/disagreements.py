"""Disagreements between sources: two sources giving different values for the same count.

A *count* is what a figure measures, normalised so that two articles' wordings meet: the head of its subject
("Ukrainian civilians" → "civilian"), its unit ("people") and what happened to it ("were killed", "died" →
"killed"); a toll noun is a count by itself ("the death toll" → people killed). Figures with no such outcome
(sums pledged, magnitudes) are not compared. Two reports are about the same count on the same occasion when
they share that key and either belong to the same merged event or fall within a day of the occasion's first.
A group of such reports is a disagreement when two different sources (the resolved source of the figure, else
the article's publisher) give values that cannot both be true: "at least 12" and 15 agree, 12 and 15 do not.

Everything is computed from the stored claims on each read, so there is no state to keep in step with the
pipeline: re-enriching an article changes the answer at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

DAY_WINDOW = 1  # days between two reports of the same occasion
OUTCOMES = {  # what happened to the counted thing, in one word per meaning
    "killed": "killed", "kill": "killed", "killing": "killed", "died": "killed", "die": "killed",
    "dead": "killed", "dying": "killed", "perished": "killed",
    "wounded": "wounded", "wounding": "wounded", "injured": "wounded", "injuring": "wounded", "hurt": "wounded",
    "arrested": "arrested", "detained": "arrested", "missing": "missing", "trapped": "trapped",
    "displaced": "displaced", "fled": "displaced", "evacuated": "evacuated", "homeless": "homeless",
    "rescued": "rescued",
}
# Nouns that are a count by themselves ("the death toll rose to 45,000", "12 casualties").
COUNT_HEADS = {"toll": "killed", "death": "killed", "fatality": "killed", "dead": "killed",
               "casualty": "casualties", "victim": "victims", "refugee": "displaced", "evacuee": "evacuated"}
NOUN_COUNTS = frozenset({"casualties", "victims"})  # shown alone: "casualties", not "people casualties"
PEOPLE_HEADS = frozenset({"people", "person", "persons"})
NO_UPPER = ("at least", "more than", "over", "upwards of", "in excess of")
NO_LOWER = ("up to", "less than", "fewer than", "under", "at most")
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Report:
    """One figure as the store holds it, with where it was said."""

    article_id: str
    value: float
    value_max: float | None
    qualifier: str
    text: str
    unit: str
    subject: str
    predicate: str
    source: str
    publisher: str
    sentence: str
    day: str  # ISO date of the occasion: the event's, else the sentence's, else the publication day
    event: str = ""  # merged event id when the figure's sentence was coded as an event

    @property
    def reporter(self) -> str:
        """Who gives the figure: the resolved source, else the publisher of the article."""
        return self.source or self.publisher

    def bounds(self) -> tuple[float, float]:
        """The values the report allows: "at least 12" → 12..∞, "dozens" → 24..99, "15" → 15..15."""
        low, high = self.value, self.value_max if self.value_max is not None else self.value
        qualifier = self.qualifier.lower()
        if qualifier in NO_UPPER:
            high = math.inf
        elif qualifier in NO_LOWER:
            low = 0.0
        return low, high


@dataclass
class Disagreement:
    """Reports of one count on one occasion whose values differ between sources."""

    count: str
    unit: str
    first_day: str
    last_day: str
    reports: list[Report] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count, "unit": self.unit, "first_day": self.first_day, "last_day": self.last_day,
            "values": sorted({_as_written(report) for report in self.reports}),
            "sources": sorted({report.reporter for report in self.reports}),
            "reports": [_report_dict(report) for report in self.reports],
        }


def publisher(url: str, fallback: str) -> str:
    """The publisher an article stands for: its web host without "www."; an article with no address stands
    for itself (``fallback``: "article <id>"), as nothing says two local files share a publisher."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or fallback


def count_key(report: Report) -> tuple[str, str, str] | None:
    """(what is counted, unit, outcome) for a count two sources can be known to share: people killed,
    wounded, arrested, missing, displaced …, or a toll/casualty noun. Other figures (sums pledged, magnitudes,
    distances, "thousands of people on the streets") are left uncompared: nothing says they measure one thing."""
    return count_key_of(report.subject, report.unit, report.predicate)


@lru_cache(maxsize=65536)  # a store's figures repeat a few thousand subjects and verbs (32,000 figures: 0.7 s)
def count_key_of(subject: str, unit: str, predicate: str) -> tuple[str, str, str] | None:
    """``count_key`` of a report with this subject, unit and verb."""
    head = _head(subject)
    if head in COUNT_HEADS and unit in {"", "people"}:  # "death toll" meets "people killed"
        return "people", "people", COUNT_HEADS[head]
    outcome = _outcome(predicate)
    if not outcome:
        return None
    head = head or unit
    if not head:
        return None
    return ("people" if head in PEOPLE_HEADS else head), unit, outcome


def find_disagreements(reports: Iterable[Report]) -> list[Disagreement]:
    """Every group of reports of one count on one occasion in which two sources give incompatible values."""
    by_count: dict[tuple[str, str, str], list[Report]] = {}
    for report in reports:
        key = count_key(report)
        if key is not None:
            by_count.setdefault(key, []).append(report)
    found = []
    for key, group in sorted(by_count.items()):
        for occasion in _occasions(group):
            if _sources_conflict(occasion):
                found.append(_disagreement(key, occasion))
    return sorted(found, key=lambda d: (d.first_day, d.count))


def _head(subject: str) -> str:
    words = WORD.findall(subject.lower())
    if not words:
        return ""
    head = words[-1]
    if head.endswith("ies") and len(head) > 4:
        return head[:-3] + "y"
    if head.endswith("s") and not head.endswith("ss") and head not in PEOPLE_HEADS:
        return head[:-1]
    return head


def _outcome(predicate: str) -> str:
    words = WORD.findall(predicate.lower())
    return next((OUTCOMES[word] for word in reversed(words) if word in OUTCOMES), "")


def _occasions(group: Sequence[Report]) -> list[list[Report]]:
    """Split reports of one count into occasions: in date order, a report joins the occasion of a report of
    the same merged event, else the latest occasion that began at most ``DAY_WINDOW`` days before it (so an
    occasion never drifts across a week of rising tolls), else starts one."""
    occasions: list[list[Report]] = []
    for report in sorted(group, key=lambda r: (r.day, r.article_id)):
        same_event = next((o for o in occasions if report.event and any(r.event == report.event for r in o)), None)
        if same_event is not None:
            same_event.append(report)
        elif occasions and _days_apart(occasions[-1][0].day, report.day) <= DAY_WINDOW:
            occasions[-1].append(report)
        else:
            occasions.append([report])
    return occasions


def _days_apart(first: str, second: str) -> int:
    try:
        return abs((date.fromisoformat(first[:10]) - date.fromisoformat(second[:10])).days)
    except ValueError:
        return DAY_WINDOW + 1  # an undated report is never placed on another's occasion


def _sources_conflict(reports: Sequence[Report]) -> bool:
    """Two reports from different sources whose allowed values do not overlap."""
    for i, first in enumerate(reports):
        for second in reports[i + 1:]:
            if first.reporter.lower() != second.reporter.lower() and not _overlap(first.bounds(), second.bounds()):
                return True
    return False


def _overlap(first: tuple[float, float], second: tuple[float, float]) -> bool:
    return first[0] <= second[1] and second[0] <= first[1]


def _disagreement(key: tuple[str, str, str], reports: list[Report]) -> Disagreement:
    head, unit, outcome = key
    days = sorted(report.day[:10] for report in reports)
    ordered = sorted(reports, key=lambda r: (r.day, r.value, r.reporter, r.article_id))
    count = outcome if head == "people" and outcome in NOUN_COUNTS else f"{head} {outcome}"
    return Disagreement(count, unit, days[0], days[-1], ordered)


def _as_written(report: Report) -> str:
    return " ".join(filter(None, (report.qualifier, report.text)))


def _report_dict(report: Report) -> dict[str, Any]:
    return {
        "value": report.value, "value_max": report.value_max, "qualifier": report.qualifier, "text": report.text,
        "subject": report.subject, "predicate": report.predicate, "source": report.reporter,
        "source_in_text": bool(report.source), "sentence": report.sentence, "day": report.day,
        "article_id": report.article_id, "event": report.event,
    }


def report_from_row(row: Mapping[str, Any]) -> Report:
    """A report from a row of ``EnrichmentTables.claim_reports``."""
    return Report(
        article_id=row["article_id"], value=row["value"], value_max=row["value_max"], qualifier=row["qualifier"],
        text=row["text"], unit=row["unit"], subject=row["subject"], predicate=row["predicate"],
        source=row["source"], publisher=publisher(row["url"] or "", f"article {row['article_id']}"),
        sentence=row["sentence"] or "", day=row["event_date"] or row["about_date"] or (row["published"] or "")[:10],
        event=row["merged_id"] or "",
    )


@lru_cache(maxsize=65536)  # figures repeat a few thousand subjects and verbs
def figure_words(subject: str, predicate: str) -> frozenset[str]:
    """The words of a figure's subject and verb, each also without a plural "s": what a subject asked for
    matches, whole words only ("die" must not find "soldiers")."""
    words = set(WORD.findall(f"{subject} {predicate}".lower()))
    return frozenset(words | {word.removesuffix("s") for word in words})


@lru_cache(maxsize=65536)
def count_label_of(subject: str, unit: str, predicate: str) -> str:
    """What a figure counts, as the disagreements name it ("people killed"), else its subject as written."""
    key = count_key_of(subject, unit, predicate)
    if key is None:
        return " ".join(filter(None, (subject or unit, predicate)))
    head, _, outcome = key
    return outcome if head == "people" and outcome in NOUN_COUNTS else f"{head} {outcome}"
