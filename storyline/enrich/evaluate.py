"""Precision and recall of each extractor against hand-written expected facts (a golden set).

A golden file lists, per article (found by URL), the entities, quotes, claims, times and places a reader
finds in it. Predictions and expectations are matched one to one; precision is matched / predicted,
recall is matched / expected, summed over all articles of the set (micro average).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.records import Article, Enrichment

EXTRACTORS = ("entities", "quotes", "claims", "times", "places")
COARSE = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "PERSON": "PERSON", "ORG": "ORG", "NORP": "NORP"}


@dataclass
class Tally:
    matched: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.expected += other.expected

    def scores(self) -> dict[str, float | int]:
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.expected if self.expected else 1.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "matched": self.matched,
                "predicted": self.predicted, "expected": self.expected}


def load_golden(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def score(
    golden: Sequence[dict[str, Any]], *, enrichments: Sequence[Enrichment],
) -> dict[str, dict[str, float | int]]:
    """Scores per extractor; ``golden[i]`` holds the expected facts of ``enrichments[i]``."""
    totals = {name: Tally() for name in EXTRACTORS}
    for expected, enrichment in zip(golden, enrichments, strict=True):
        for name in EXTRACTORS:
            totals[name].add(MATCHERS[name](expected.get(name, []), enrichment))
    return {name: tally.scores() for name, tally in totals.items()}


def _match(expected: list[Any], predicted: list[Any], same: Callable[[Any, Any], bool]) -> Tally:
    """Greedy one-to-one matching, in order."""
    unused = list(predicted)
    matched = 0
    for item in expected:
        hit = next((index for index, candidate in enumerate(unused) if same(item, candidate)), None)
        if hit is not None:
            unused.pop(hit)
            matched += 1
    return Tally(matched, len(predicted), len(expected))


def _entities(expected: list[list[str]], enrichment: Enrichment) -> Tally:
    predicted = {(m.canonical.lower(), COARSE[m.label]) for m in enrichment.entities if m.label in COARSE}
    wanted = {(name.lower(), label) for name, label in expected}
    return Tally(len(predicted & wanted), len(predicted), len(wanted))


def _places(expected: list[list[str]], enrichment: Enrichment) -> Tally:
    predicted = {(place.name.lower(), place.country) for place in enrichment.places}
    wanted = {(name.lower(), country) for name, country in expected}
    return Tally(len(predicted & wanted), len(predicted), len(wanted))


def _quotes(expected: list[dict[str, str]], enrichment: Enrichment) -> Tally:
    def same(item: dict[str, str], quote: Any) -> bool:
        speaker_ok = item["speaker"].lower() in quote.speaker.lower() if item["speaker"] else not quote.speaker
        return item["contains"] in quote.text and speaker_ok

    return _match(expected, list(enrichment.quotes), same)


def _claims(expected: list[dict[str, Any]], enrichment: Enrichment) -> Tally:
    def same(item: dict[str, Any], claim: Any) -> bool:
        return (abs(claim.value - item["value"]) < 1e-6 and claim.unit == item.get("unit", claim.unit)
                and item.get("subject", "").lower() in claim.subject.lower())

    return _match(expected, list(enrichment.claims), same)


def _times(expected: list[dict[str, str]], enrichment: Enrichment) -> Tally:
    def same(item: dict[str, str], time: Any) -> bool:
        text, wanted = time.text.lower(), item["text"].lower()
        return (wanted in text or text in wanted) and time.value == item["value"]

    return _match(expected, list(enrichment.times), same)


MATCHERS: dict[str, Callable[[Any, Enrichment], Tally]] = {
    "entities": _entities, "quotes": _quotes, "claims": _claims, "times": _times, "places": _places,
}


def golden_articles(golden: dict[str, Any], *, articles: Sequence[Article]) -> list[Article]:
    """The articles a golden file names, in its order, picked by URL from everything read from its data file."""
    by_url = {article.url: article for article in articles}
    missing = [case["url"] for case in golden["articles"] if case["url"] not in by_url]
    if missing:
        raise InputError("E110", f"golden articles not in the data file: {', '.join(missing[:3])}",
                         hint="check the golden file's data_file and URLs")
    return [by_url[case["url"]] for case in golden["articles"]]


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def regressions(current: dict[str, dict[str, Any]], *, pinned: dict[str, dict[str, Any]]) -> list[str]:
    """Each pinned precision or recall the current scores fall below, as "extractor metric: now < pinned"."""
    found = []
    for name, scores in pinned.items():
        for metric in ("precision", "recall"):
            now, then = current[name][metric], scores[metric]
            if now + 1e-9 < then:
                found.append(f"{name} {metric}: {now:.4f} < pinned {then:.4f}")
    return found
