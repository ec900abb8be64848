"""Evaluation of the event coder, on two gold sets.

PLOVER gold records (``PLOVER_GSR_CAMEO.json``, from the CAMEO manual's examples, ``evaluate``).

Each gold record is one sentence with one event. The sentence goes through the real enrichment and the
coder; the event we report for it is the one with the highest confidence (none: a miss). Older labels are
mapped to today's 16 types (DEMAND→REQUEST, FIGHT→ASSAULT, DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE, as in
the manual's CAMEO table). Scores:

- ``type_accuracy``: predicted type == gold type, over all gold records (a miss counts as wrong);
- ``macro_f1``: F1 per type, averaged over the types in the gold file;
- ``actor_accuracy`` / ``recipient_accuracy``: over gold records that name one, the predicted country code
  is one of the gold codes (the gold predates PLOVER's UNO/EUR codes, so IGO/UNO/EUR count as one family;
  three CAMEO state codes the file kept, JAP, ITL and VTN, are read as the ISO codes JPN, ITA and VNM).

Blind sentence gold (``quality/gold/events-{dev,test}.jsonl``, see its README; ``evaluate_sentences``).

Each gold line references a sentence of a real article (``source`` relative to the shared data folder,
``start``/``end`` into the normalized ``Article.text``, ``sha1`` of that span) and lists its events (empty: no
political event). Every referenced article is read and normalized by Storyline's reader, parsed once and run
through the real enrichment and coder; the coded events of a gold sentence are those whose evidence
sentence overlaps the gold span (negated events are not events). Scores:

- per type: over sentences, a type counts once per sentence — TP if gold and coder both have it, FP if only
  the coder, FN if only the gold; precision, recall, F1 per type; ``macro_f1`` averages F1 over the types
  present in the gold file (types only the coder produced are listed, their false alarms count in the
  no-event rate and in ``micro``);
- ``actor_accuracy`` / ``recipient_accuracy``: over gold events that name one and whose type the coder found
  in the sentence, the share where some coded event of that type has a matching actor (recipient);
- ``false_alarm_rate``: share of no-event gold sentences where the coder codes any event.

Two names match when any of these holds:

1. equal after case-folding, stripping diacritics and punctuation ("Volodymyr Zelenskyy" = "volodymyr
   zelenskyy");
2. the gold actor is a person (two or more capitalised words, no organisation word, not a country), the
   coded name is capitalised words without an organisation word, and the last words (surnames) agree:
   "Putin" = "President Putin" = "Vladimir Putin";
3. one side is a country-level actor (its name is a country's name, "Russia", "the United States") and the
   ISO alpha-3 codes agree, provided the other side is that country's state (sector GOV, MIL, COP, JUD, LEG
   or none): "Russia" = "Vladimir Putin" (RUS, GOV), but "United Kingdom" ≠ "BP" (GBR, BUS).
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.errors import UsageError
from storyline.events.plover import TYPES, canonical_type, country_names
from storyline.progress import NO_PROGRESS, Progress
from storyline.records import Actor, Article, Event
from storyline.settings import Settings

GOLD_NAME = "PLOVER_GSR_CAMEO.json"
IGO_FAMILY = frozenset({"IGO", "UNO", "EUR"})
# Codes left over from CAMEO in a file its readme says uses ISO 3166 alpha-3 for states; none is an ISO code.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


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
    codes = (actor["code"][:3].upper() for actor in actors if isinstance(actor, dict) and actor.get("code"))
    return frozenset(LEGACY_CODES.get(code, code) for code in codes)


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


# --- sentence gold: quality/gold/events-*.jsonl --------------------------------------------------------

GOLD_STATE_SECTORS = frozenset({"", "GOV", "MIL", "COP", "JUD", "LEG"})
ORGANISATION_WORDS = frozenset({
    "agency", "army", "bank", "commission", "committee", "council", "court", "department", "forces", "government",
    "jury", "ministry", "mission", "office", "organisation", "organization", "party", "police", "programme",
    "program", "prosecutors", "service", "union", "republicans", "democrats", "parliament", "congress",
})


@dataclass(frozen=True)
class GoldActor:
    name: str
    country: str = ""
    sector: str = ""


@dataclass(frozen=True)
class GoldEvent:
    type: str
    actor: GoldActor | None
    recipient: GoldActor | None


@dataclass(frozen=True)
class GoldSentence:
    id: str
    source: str
    start: int
    end: int
    sha1: str
    events: tuple[GoldEvent, ...]


def shared_data_root(cwd: Path | None = None) -> Path:
    """``$STORYLINE_SHARED/data`` if set, else ``../shared/data`` from cwd (as ``default_gold``)."""
    shared = os.environ.get("STORYLINE_SHARED")
    return Path(shared) / "data" if shared else (cwd or Path.cwd()).resolve().parent / "shared" / "data"


def is_sentence_gold(path: Path) -> bool:
    """The sentence gold is JSON Lines; the PLOVER gold is one JSON array."""
    return path.suffix.lower() == ".jsonl"


def load_sentence_gold(path: Path) -> list[GoldSentence]:
    sentences = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        events = tuple(_gold_event(event, where=f"{path.name}:{number}") for event in raw.get("events", []))
        sentences.append(GoldSentence(str(raw["id"]), raw["source"], int(raw["start"]), int(raw["end"]),
                                      raw["sha1"], events))
    return sentences


def _gold_event(raw: dict[str, Any], *, where: str) -> GoldEvent:
    kind = canonical_type(raw.get("type", ""))
    if kind not in TYPES:
        raise UsageError("E703", f"{where}: unknown PLOVER type {raw.get('type')!r}")
    return GoldEvent(kind, _gold_actor(raw.get("actor")), _gold_actor(raw.get("recipient")))


def _gold_actor(raw: dict[str, Any] | None) -> GoldActor | None:
    if not raw or not raw.get("name"):
        return None
    return GoldActor(raw["name"], (raw.get("country") or "").upper(), (raw.get("sector") or "").upper())


class ArticleSource:
    """Articles by gold ``source`` reference, read and normalized once (a CSV file is read once for all rows)."""

    def __init__(self, root: Path, *, settings: Settings) -> None:
        self.root, self.settings = root, settings
        self._files: dict[str, dict[int, Article]] = {}

    def article(self, source: str) -> Article:
        path, _, row = source.partition("#row=")
        if path not in self._files:
            self._files[path] = self._read(path)
        records = self._files[path]
        index = int(row) if row else min(records, default=0)
        if index not in records:
                raise UsageError("E704", f"{source}: no such record", hint=f"is the shared data at {self.root}?")
        return records[index]

    def _read(self, path: str) -> dict[int, Article]:
        from storyline.pipeline import load_articles

        full = self.root / path
        if not full.exists():
                raise UsageError("E704", f"{full} not found", hint="set STORYLINE_SHARED to the shared folder")
        articles, _ = load_articles(full, settings=self.settings)
        return {article.record_index: article for article in articles}


def check_reference(sentence: GoldSentence, article: Article) -> str:
    """The gold sentence's text; raises E704 when the article no longer holds it (reader/normalizer drift)."""
    text = article.text[sentence.start:sentence.end]
    if hashlib.sha1(text.encode("utf-8")).hexdigest() != sentence.sha1:
        raise UsageError("E704", f"{sentence.id}: text at {sentence.start}:{sentence.end} changed",
                         hint="the reader or normalizer changed; relabel or re-anchor the gold")
    return text


def code_gold_articles(sentences: list[GoldSentence], *, root: Path, settings: Settings) -> dict[str, list[Event]]:
    """Coded events per gold sentence id: each referenced article parsed and coded once."""
    from storyline.enrich import load_nlp
    from storyline.enrich.annotate import enrich_doc
    from storyline.enrich.gazetteer import gazetteer
    from storyline.events import code_events

    nlp, places, source = load_nlp(settings), gazetteer(), ArticleSource(root, settings=settings)
    by_article: dict[str, list[GoldSentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.source, []).append(sentence)
    coded: dict[str, list[Event]] = {}
    for reference, group in by_article.items():
        article = source.article(reference)
        for sentence in group:
            check_reference(sentence, article)
        doc = nlp(article.text)
        events = code_events(article, enrich_doc(doc, article, places=places), settings=settings, docs=doc)
        for sentence in group:
            coded[sentence.id] = [event for event in events if event.modality != "negated"
                                  and event.sentence_start < sentence.end and sentence.start < event.sentence_end]
    return coded


def score_sentences(sentences: list[GoldSentence], coded: dict[str, list[Event]]) -> dict[str, Any]:
    """The scores described at the top of this section, from gold sentences and their coded events."""
    counts: dict[str, Counter[str]] = {}
    actor_hits = actor_judged = recipient_hits = recipient_judged = 0
    no_event = alarms = 0
    for sentence in sentences:
        events = coded.get(sentence.id, [])
        gold_types, found_types = {e.type for e in sentence.events}, {e.type for e in events}
        for kind in gold_types | found_types:
            outcome = "tp" if kind in gold_types and kind in found_types else "fp" if kind in found_types else "fn"
            counts.setdefault(kind, Counter())[outcome] += 1
        if not sentence.events:
            no_event += 1
            alarms += bool(events)
        for gold in sentence.events:
            same_type = [event for event in events if event.type == gold.type]
            if not same_type:
                continue
            if gold.actor is not None:
                actor_judged += 1
                actor_hits += any(names_match(gold.actor, event.actor) for event in same_type)
            if gold.recipient is not None:
                recipient_judged += 1
                recipient_hits += any(names_match(gold.recipient, event.recipient) for event in same_type)
    per_type = {kind: _prf(counts[kind]) for kind in TYPES if kind in counts}
    gold_kinds = [kind for kind in per_type if counts[kind]["tp"] + counts[kind]["fn"]]
    total = sum(counts.values(), Counter())
    return {
        "sentences": len(sentences),
        "gold_events": sum(len(s.events) for s in sentences),
        "coded_events": sum(len(coded.get(s.id, [])) for s in sentences),
        "per_type": per_type,
        "macro_f1": _round(sum(per_type[k]["f1"] for k in gold_kinds) / len(gold_kinds)) if gold_kinds else 0.0,
        "micro": _prf(total),
        "actor_accuracy": _round(actor_hits / actor_judged) if actor_judged else 0.0,
        "actor_judged": actor_judged,
        "recipient_accuracy": _round(recipient_hits / recipient_judged) if recipient_judged else 0.0,
        "recipient_judged": recipient_judged,
        "no_event_sentences": no_event,
        "false_alarm_rate": _round(alarms / no_event) if no_event else 0.0,
        "false_alarms": alarms,
    }


def _prf(counts: Counter[str]) -> dict[str, Any]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": _round(precision), "recall": _round(recall), "f1": _round(f1),
            "support": tp + fn, "tp": tp, "fp": fp, "fn": fn}


def names_match(gold: GoldActor, coded: Actor | None) -> bool:
    """Whether the coder's actor is the gold one (the three rules at the top of this section)."""
    if coded is None or not coded.name:
        return False
    gold_name, coded_name = _folded(gold.name), _folded(coded.name)
    if gold_name == coded_name:
        return True
    same_surname = gold_name.split()[-1:] == coded_name.split()[-1:]
    if same_surname and _person_like(gold.name) and _person_like(coded.name, words=1):
        return True
    coded_country = (coded.country or "").upper()
    if not gold.country or gold.country != coded_country:
        return False
    gold_is_country, coded_is_country = _country_level(gold_name), _country_level(coded_name)
    return (gold_is_country and (coded.sector or "").upper() in GOLD_STATE_SECTORS) or (
        coded_is_country and gold.sector in GOLD_STATE_SECTORS)


def _folded(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    plain = "".join(c if c.isalnum() else " " for c in plain)
    words = plain.split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _person_like(name: str, *, words: int = 2) -> bool:
    parts = name.replace("-", " ").split()
    return (len(parts) >= words and all(w[:1].isupper() and w.replace("'", "").isalpha() for w in parts)
            and not any(w.lower() in ORGANISATION_WORDS for w in parts) and not _country_level(_folded(name)))


def _country_level(folded_name: str) -> bool:
    return folded_name in country_names()


def evaluate_sentences(path: Path, *, settings: Settings, root: Path | None = None) -> dict[str, Any]:
    """Scores of the current enrichment + coder on the sentence gold at ``path`` (articles under ``root``)."""
    sentences = load_sentence_gold(path)
    coded = code_gold_articles(sentences, root=root or shared_data_root(), settings=settings)
    result = score_sentences(sentences, coded)
    result["gold"] = {"path": path.name, "sha256": sha256(path)}
    return result


def sentence_report(result: dict[str, Any]) -> str:
    """The text the CLI prints for a sentence-gold evaluation."""
    lines = [f"{'type':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'coded':>6}"]
    for kind, row in result["per_type"].items():
        lines.append(f"{kind:10} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
                     f"{row['support']:5d} {row['tp'] + row['fp']:6d}")
    micro = result["micro"]
    lines += [
        "",
        f"{'sentences':20} {result['sentences']} ({result['no_event_sentences']} without event)",
        f"{'gold events':20} {result['gold_events']}; coded events on these sentences {result['coded_events']}",
        f"{'macro_f1':20} {result['macro_f1']} (over the {sum(r['support'] > 0 for r in result['per_type'].values())}"
        " types in the gold)",
        f"{'micro P/R/F1':20} {micro['precision']} / {micro['recall']} / {micro['f1']}",
        f"{'actor_accuracy':20} {result['actor_accuracy']} (of {result['actor_judged']} found gold events)",
        f"{'recipient_accuracy':20} {result['recipient_accuracy']} (of {result['recipient_judged']})",
        f"{'false_alarm_rate':20} {result['false_alarm_rate']} ({result['false_alarms']} of "
        f"{result['no_event_sentences']} no-event sentences)",
        f"{'gold sha256':20} {result['gold']['sha256']}",
    ]
    return "\n".join(lines)
