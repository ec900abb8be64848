"""Error analysis of actor and recipient resolution: every miss on the PLOVER examples (and, given a dev
sentence gold, on it), with coarse buckets. Prints; asserts nothing.

    PYTHONPATH=$PWD .venv/bin/python scripts/event_argument_misses.py [--dev quality/gold/events-dev.jsonl]

Buckets per role, over gold records that name one: no event coded; an event of another type coded (the
argument then belongs to another clause); same type but no argument found; an argument without a country;
a wrong country. The sealed test gold is refused.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from storyline.events.evaluate import (
    _code_matches,
    code_gold_articles,
    default_gold,
    load_gold,
    load_sentence_gold,
    names_match,
    predict,
    shared_data_root,
)
from storyline.records import Actor, Event
from storyline.settings import Settings

ROLES = ("actor", "recipient")


def bucket(gold_type: str, event: Event | None, party: Actor | None) -> str:
    if event is None:
        return "no event coded"
    if event.type != gold_type:
        return "event of another type coded"
    if party is None:
        return "same type, none found"
    return "same type, no country" if not party.country else "same type, wrong country"


def plover(settings: Settings) -> None:
    records = load_gold(default_gold())
    predictions = predict(records, settings=settings)
    for role in ROLES:
        counts: Counter[str] = Counter()
        judged = 0
        for record, event in zip(records, predictions, strict=True):
            codes = record.actor_codes if role == "actor" else record.recipient_codes
            if not codes:
                continue
            judged += 1
            party = getattr(event, role) if event is not None else None
            if _code_matches(codes, party):
                continue
            kind = bucket(record.type, event, party)
            counts[kind] += 1
            found = f"{party.name} [{party.country}/{party.sector}]" if party is not None else "-"
            print(f"MISS {role:9} {record.id}  gold {sorted(codes)}  coded {event.type if event else '-'}: {found}")
            print(f"     {record.text.strip()[:200]}")
        print(f"PLOVER {role}: {judged - sum(counts.values())}/{judged} right; misses {dict(counts.most_common())}\n")


def dev(path: Path, settings: Settings) -> None:
    if path.name.endswith("-test.jsonl"):
        raise SystemExit("the test gold is sealed")
    sentences = load_sentence_gold(path)
    coded = code_gold_articles(sentences, root=shared_data_root(), settings=settings)
    for sentence in sentences:
        for gold in sentence.events:
            same = [event for event in coded.get(sentence.id, []) if event.type == gold.type]
            for role in ROLES:
                wanted = getattr(gold, role)
                if not same or wanted is None or any(names_match(wanted, getattr(e, role)) for e in same):
                    continue
                got = [getattr(e, role).name if getattr(e, role) else "-" for e in same]
                print(f"DEV MISS {role:9} {sentence.id}  {gold.type}  gold {wanted.name}  coded {got}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, help="a dev sentence gold (JSON Lines)")
    args = parser.parse_args()
    settings = Settings.load()
    plover(settings)
    if args.dev is not None:
        dev(args.dev, settings)


if __name__ == "__main__":
    main()
