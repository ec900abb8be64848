"""Where the event coder loses type F1 on a sentence gold file (the dev half only), per type.

    STORYLINE_SHARED=/work/shared PYTHONPATH=$PWD .venv/bin/python scripts/event_type_errors.py \
        quality/gold/events-dev.jsonl [--sentences]

Each gold event the coder misses is put in one bucket, by what became of it in the pipeline:

- ``no candidate``: the lexicon proposed nothing in the sentence and the model proposed nothing either;
- ``other type``: the lexicon or the model coded the sentence, but only with other types;
- ``gated``: the lexicon had a candidate of the right type, and the sentence gate (P(NONE) ≥ gate) dropped it;
- ``retyped``: the lexicon had it, and the word-sense check retyped or dropped it.

Each false positive is put in ``on no-event sentence`` or ``on event sentence`` (the gold has other types
there), and by who proposed it (lexicon or model). The coder runs as ``storyline eval events`` runs it; the
lexicon's candidates are read by wrapping ``classifier.review`` for the run (the coder is not changed).
Refuses the sealed test halves.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.events import classifier as clf  # noqa: E402
from storyline.events import coder  # noqa: E402
from storyline.events.evaluate import ArticleSource, load_sentence_gold, shared_data_root  # noqa: E402
from storyline.events.plover import TYPES  # noqa: E402
from storyline.records import Event  # noqa: E402
from storyline.settings import Settings  # noqa: E402

BUCKETS = ("no candidate", "other type", "gated", "retyped")


def coded_with_candidates(path: Path) -> tuple[list, dict[str, tuple[list[Event], list[Event]]], dict]:
    """Gold sentences; per sentence id, its coded events and the lexicon's candidates in it; the model rows.
    The loop is ``evaluate.code_gold_articles``'s, with ``review`` wrapped to see what the lexicon proposed."""
    from storyline.enrich import load_nlp
    from storyline.enrich.annotate import enrich_doc
    from storyline.enrich.gazetteer import gazetteer
    from storyline.events import code_events

    settings = Settings.load()
    nlp, places, source = load_nlp(settings), gazetteer(), ArticleSource(shared_data_root(), settings=settings)
    sentences = load_sentence_gold(path)
    seen: list[Event] = []
    rows_seen: dict[str, object] = {}
    review = coder.review

    def recording(events, rows=None):  # classifier.review's signature
        seen.extend(events)
        rows_seen.update(rows or {})
        return review(events, rows)

    by_article: dict[str, list] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.source, []).append(sentence)
    out: dict[str, tuple[list[Event], list[Event]]] = {}
    coder.review = recording
    try:
        for reference, group in by_article.items():
            article = source.article(reference)
            doc = nlp(article.text)
            seen.clear()
            events = code_events(article, enrich_doc(doc, article, places=places), settings=settings, docs=doc)
            for sentence in group:
                out[sentence.id] = (_inside(events, sentence), _inside(seen, sentence))
    finally:
        coder.review = review
    return sentences, out, rows_seen


def _inside(events: list[Event], sentence: object) -> list[Event]:
    return [e for e in events if e.modality != "negated"
            and e.sentence_start < sentence.end and sentence.start < e.sentence_end]


def breakdown(path: Path, *, show: bool) -> dict:
    sentences, coded, rows = coded_with_candidates(path)
    model = clf.load_model()
    none_at, gate = model.classes.index(clf.NONE), model.gate
    misses = {kind: Counter() for kind in TYPES}
    alarms = {kind: Counter() for kind in TYPES}
    support = Counter()
    for sentence in sentences:
        final, cands = coded[sentence.id]
        texts = {e.sentence for e in final} | {e.sentence for e in cands}
        gold = {e.type for e in sentence.events}
        found = {e.type for e in final}
        cand_types = {e.type for e in cands}
        gated = any(rows.get(t) is not None and rows[t][none_at] >= gate for t in texts)
        support.update(gold)
        for kind in gold - found:
            if kind in cand_types:
                misses[kind]["gated" if gated else "retyped"] += 1
            elif found or cand_types:
                misses[kind]["other type"] += 1
            else:
                misses[kind]["no candidate"] += 1
        for event in final:
            if event.type in gold:
                continue
            where = "on event sentence" if gold else "on no-event sentence"
            who = "model" if event.stage == coder.PROPOSAL_STAGE else "lexicon"
            alarms[event.type][f"{where}, {who}"] += 1
        if show and (gold != found):
            probs = {t: [round(float(rows[t][i]), 2) for i in _top(rows[t])] for t in texts if t in rows}
            print(json.dumps({"id": sentence.id, "gold": sorted(gold), "coded": sorted(found),
                              "lexicon": sorted(cand_types), "gated": gated,
                              "top": {t[:60]: [model.classes[i] for i in _top(rows[t])] + p
                                      for t, p in probs.items()}}))
    return {"support": support, "misses": misses, "false_positives": alarms}


def _top(row: object, n: int = 3) -> list[int]:
    return sorted(range(len(row)), key=lambda i: -row[i])[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--sentences", action="store_true", help="print each sentence the coder gets wrong")
    args = parser.parse_args()
    if "-test" in args.gold.name:
        raise SystemExit("sealed test halves are never scored here")
    result = breakdown(args.gold, show=args.sentences)
    print(f"{'type':10} {'gold':>4} " + " ".join(f"{b:>12}" for b in BUCKETS) + "   false positives")
    for kind in TYPES:
        misses, alarms = result["misses"][kind], result["false_positives"][kind]
        if not result["support"][kind] and not alarms:
            continue
        fps = ", ".join(f"{k}: {n}" for k, n in sorted(alarms.items()))
        print(f"{kind:10} {result['support'][kind]:4} " + " ".join(f"{misses[b]:12}" for b in BUCKETS) + f"   {fps}")


if __name__ == "__main__":
    main()
