"""Evaluation on the PLOVER gold records (``PLOVER_GSR_CAMEO.json``, from the CAMEO manual's examples).

Each gold record is one sentence with one event. The sentence goes through the real enrichment and the
coder; the event we report for it is the one with the highest confidence (none: a miss). Older labels are
mapped to today's 16 types (DEMAND→REQUEST, FIGHT→ASSAULT, DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE, as in
the manual's CAMEO table). Scores:

- ``type_accuracy``: predicted type == gold type, over all gold records (a miss counts as wrong);
- ``macro_f1``: F1 per type, averaged over the types in the gold file;
- ``actor_accuracy`` / ``recipient_accuracy``: over gold records that name one, the predicted country code
  is one of the gold codes (the gold predates PLOVER's UNO/EUR codes, so IGO/UNO/EUR count as one family).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.events.plover import TYPES, canonical_type
from storyline.progress import NO_PROGRESS, Progress
from storyline.records import Actor, Article, Event
from storyline.settings import Settings

GOLD_NAME = "PLOVER_GSR_CAMEO.json"
IGO_FAMILY = frozenset({"IGO", "UNO", "EUR"})


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    type: str
    actor_codes: frozenset[str]
    recipient_codes: frozenset[str]


def default_gold(cwd: Path | None = None) -> Path:
    """``$STORYLINE_SHARED/data/events/plover/…`` if set, else ``../shared/data/events/plover/…`` from cwd."""
    shared = os.environ.get("STORYLINE_SHARED")
    base = Path(shared) / "data" if shared else (cwd or Path.cwd()).resolve().parent / "shared" / "data"
    return base / "events" / "plover" / GOLD_NAME


def load_gold(path: Path) -> list[GoldRecord]:
    records = []
    for raw in json.loads(path.read_text(encoding="utf-8")):
        kind = canonical_type(raw.get("event", ""))
        if kind and raw.get("text"):
            actors, recipients = _codes(raw.get("source")), _codes(raw.get("target"))
            records.append(GoldRecord(raw["id"], raw["text"], kind, actors, recipients))
    return records


def _codes(actors: Any) -> frozenset[str]:
    if not isinstance(actors, list):  # a few records hold a stray string here
        return frozenset()
    return frozenset(actor["code"][:3].upper() for actor in actors if isinstance(actor, dict) and actor.get("code"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def predict(records: list[GoldRecord], *, settings: Settings, progress: Progress = NO_PROGRESS) -> list[Event | None]:
    """The top event the real enrichment + coder find in each gold sentence."""
    from storyline.enrich import load_nlp
    from storyline.enrich.annotate import enrich_doc
    from storyline.enrich.gazetteer import gazetteer
    from storyline.events import code_events

    nlp, places = load_nlp(settings), gazetteer()
    articles = [_article(record) for record in records]
    predictions = []
    progress.stage("code gold records", len(records))
    for doc, article in zip(nlp.pipe(a.text for a in articles), articles, strict=True):
        events = code_events(article, enrich_doc(doc, article, places=places), settings=settings, docs=doc)
        predictions.append(top_event(events))
        progress.advance()
    progress.done()
    return predictions


def top_event(events: tuple[Event, ...]) -> Event | None:
    """The sentence's main event: most confident, realised before negated, earliest on ties."""
    ranked = sorted(events, key=lambda e: (e.modality == "negated", -e.confidence, e.sentence_start))
    return ranked[0] if ranked else None


def _article(record: GoldRecord) -> Article:
    # The gold file dates every record 2000-01-01.
    return Article(
        id=record.id, source=GOLD_NAME, format="gold", title="", text=record.text, url="", canonical_url="",
        published=datetime(2000, 1, 1, tzinfo=UTC), date_precision="day", language="en", language_score=1.0,
        author="", content_hash="", raw_sha="",
    )


def score(records: list[GoldRecord], predictions: list[Event | None]) -> dict[str, Any]:
    gold = [record.type for record in records]
    guessed = [event.type if event else "NONE" for event in predictions]
    actors = [(r.actor_codes, p.actor if p else None) for r, p in zip(records, predictions, strict=True)]
    recipients = [(r.recipient_codes, p.recipient if p else None) for r, p in zip(records, predictions, strict=True)]
    return {
        "records": len(records),
        "coded": sum(event is not None for event in predictions),
        "type_accuracy": _round(sum(g == p for g, p in zip(gold, guessed, strict=True)) / max(len(gold), 1)),
        "macro_f1": _round(macro_f1(gold, guessed)),
        "actor_accuracy": _round(_role_accuracy(actors)),
        "recipient_accuracy": _round(_role_accuracy(recipients)),
        "per_type_f1": {kind: _round(f1) for kind, f1 in per_type_f1(gold, guessed).items()},
    }


def per_type_f1(gold: list[str], guessed: list[str]) -> dict[str, float]:
    scores = {}
    for kind in [t for t in TYPES if t in set(gold)]:
        tp = sum(g == p == kind for g, p in zip(gold, guessed, strict=True))
        predicted, actual = guessed.count(kind), gold.count(kind)
        precision, recall = tp / predicted if predicted else 0.0, tp / actual if actual else 0.0
        scores[kind] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return scores


def macro_f1(gold: list[str], guessed: list[str]) -> float:
    scores = per_type_f1(gold, guessed)
    return sum(scores.values()) / len(scores) if scores else 0.0


def _role_accuracy(pairs: list[tuple[frozenset[str], Actor | None]]) -> float:
    judged = [(codes, actor) for codes, actor in pairs if codes]
    hits = sum(_code_matches(codes, actor) for codes, actor in judged)
    return hits / len(judged) if judged else 0.0


def _code_matches(codes: frozenset[str], actor: Actor | None) -> bool:
    if actor is None or not actor.country:
        return False
    if actor.country in IGO_FAMILY:
        return bool(codes & IGO_FAMILY)
    return actor.country in codes


def _round(value: float) -> float:
    return round(value, 4)


def evaluate(path: Path, *, settings: Settings, progress: Progress = NO_PROGRESS) -> dict[str, Any]:
    """Scores of the coder on the gold file at ``path``, with the file's SHA-256 and the confusion counts."""
    records = load_gold(path)
    predictions = predict(records, settings=settings, progress=progress)
    result = score(records, predictions)
    result["gold"] = {"path": path.name, "sha256": sha256(path)}
    pairs = Counter((r.type, p.type if p else "NONE") for r, p in zip(records, predictions, strict=True))
    result["top_confusions"] = [f"{g}->{p}: {n}" for (g, p), n in pairs.most_common() if g != p][:10]
    return result
