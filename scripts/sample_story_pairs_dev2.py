"""Sample the second dev story-pair set (``quality/gold/story-pairs-dev2.jsonl``, issue 11 item 4).

Deterministic (seed 2211). Every article named in another ``story-pairs*.jsonl`` file is left out (only the
``a`` / ``b`` paths of those files are read, never their labels), so no article of this set is in a sealed
pair. Pairs are two Timeline17 dev articles from different outlets:

- ``close``: bpoil / h1n1, ±2 days, drawn among the pairs whose title-and-lead words overlap most (so that
  same-event pairs are about a third of the set);
- ``random``: bpoil / h1n1, ±2 days, any pair;
- ``other-topic``: two topics whose dates meet (±2 days).

Only words are used to pick pairs (no Storyline code). Labels are written by a person reading both articles
(quality/gold/STORY_PAIRS.md) before any story code is run on them; a rerun keeps the labels already written.

    python scripts/sample_story_pairs_dev2.py [--data ../shared/data] [--print]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_story_pairs_test2 import distinct, overlap, write_pairs  # the same draw helpers and row format

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "quality" / "gold"
OUT = GOLD / "story-pairs-dev2.jsonl"
SEED = 2211
T17 = {"bpoil": (22, 14), "h1n1": (12, 8)}  # close, random pairs per topic
OTHER_TOPIC = 14
REACH_DAYS = 2
POOL = 4  # close pairs are drawn among the top POOL × count by overlap
LEAD_CHARS = 1200
_WORD = re.compile(r"[a-z][a-z'-]{3,}")


@dataclass(frozen=True)
class Doc:
    path: str  # relative to the shared data folder
    topic: str
    outlet: str
    day: date
    title: str
    lead: str

    @property
    def words(self) -> frozenset[str]:
        return frozenset(_WORD.findall(f"{self.title}\n{self.lead}".lower()))


def documents(data: Path, excluded: set[str]) -> list[Doc]:
    docs = []
    for path in sorted((data / "tls" / "t17-dev").glob("*/*/InputDocs/*/*.txt")):
        key = str(path.relative_to(data))
        if key in excluded:
            continue
        title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
        docs.append(Doc(key, path.parts[-5], path.parts[-4].rsplit("_", 1)[-1].lower(),
                        date.fromisoformat(path.parent.name), title.strip(), body[:LEAD_CHARS]))
    return docs


def used_articles() -> set[str]:
    """Articles of every other pair file (their paths only)."""
    used = set()
    for file in sorted(GOLD.glob("story-pairs*.jsonl")):
        if file != OUT:
            for row in map(json.loads, file.read_text().splitlines()):
                used |= {row["a"], row["b"]}
    return used


def near_pairs(docs: list[Doc]) -> list[tuple[Doc, Doc]]:
    found = [(one, other) if one.path < other.path else (other, one) for one, other in combinations(docs, 2)
             if one.outlet != other.outlet and abs((one.day - other.day).days) <= REACH_DAYS]
    return sorted(found, key=lambda pair: (pair[0].path, pair[1].path))


def sample(docs: list[Doc], rng: random.Random) -> list[tuple[Doc, Doc, str]]:
    chosen: list[tuple[Doc, Doc, str]] = []
    used: set[str] = set()
    for topic, (close, randoms) in T17.items():
        pairs = near_pairs([doc for doc in docs if doc.topic == topic])
        ranked = sorted(pairs, key=lambda pair: (-overlap(pair), pair[0].path, pair[1].path))
        chosen += [(*p, "close") for p in distinct(ranked[: close * POOL], close, rng, used)]
        chosen += [(*p, "random") for p in distinct(pairs, randoms, rng, used)]
    across = [pair for pair in near_pairs(docs) if pair[0].topic != pair[1].topic]
    chosen += [(*p, "other-topic") for p in distinct(across, OTHER_TOPIC, rng, used)]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--print", action="store_true", help="print both leads of every pair (for labelling)")
    args = parser.parse_args()
    chosen = sample(documents(args.data, used_articles()), random.Random(SEED))
    write_pairs(OUT, chosen, prefix="d", shown_chars=700, print_leads=args.print)


if __name__ == "__main__":
    main()
