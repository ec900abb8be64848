"""Sample cross-publisher article pairs from Timeline17 dev for the story gold (issue 11, item 4).

Deterministic: the same data gives the same pairs. Each pair is two articles from different outlets published
within ±3 days of each other:

- same topic (bpoil, h1n1: the topics with several outlets): half chosen among the pairs whose title-and-lead
  words overlap most (so that same-event pairs are not rare), half at random;
- different topics whose dates meet (finan/h1n1/mj/bpoil).

Only the articles' words are used to pick pairs (no Storyline story code). Labels are written by a person
reading both articles (quality/gold/STORY_PAIRS.md); a rerun keeps the labels already written. A seeded half
goes to ``story-pairs-test.jsonl`` (sealed: scored once at the end), the rest to ``story-pairs.jsonl`` (dev).

    python scripts/sample_story_pairs.py [--data ../shared/data] [--out quality/gold]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 11
SAME_TOPIC = {"bpoil": 80, "h1n1": 35}
CROSS_TOPIC = 35
REACH_DAYS = 3
LEAD_CHARS = 1200
_WORD = re.compile(r"[a-z][a-z'-]{3,}")


@dataclass(frozen=True)
class Doc:
    path: str  # relative to the shared data folder
    topic: str
    outlet: str
    day: date
    words: frozenset[str]


def documents(data: Path) -> list[Doc]:
    docs = []
    for path in sorted((data / "tls" / "t17-dev").glob("*/*/InputDocs/*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")[:LEAD_CHARS].lower()
        topic, folder = path.parts[-5], path.parts[-4]
        docs.append(Doc(str(path.relative_to(data)), topic, folder.rsplit("_", 1)[-1].lower(),
                        date.fromisoformat(path.parent.name), frozenset(_WORD.findall(text))))
    return docs


def near_pairs(docs: list[Doc]) -> Iterator[tuple[Doc, Doc]]:
    """Pairs from different outlets within REACH_DAYS of each other (ordered by path)."""
    for one, other in combinations(docs, 2):
        if one.outlet != other.outlet and abs((one.day - other.day).days) <= REACH_DAYS:
            yield (one, other) if one.path < other.path else (other, one)


def overlap(pair: tuple[Doc, Doc]) -> float:
    one, other = pair
    return len(one.words & other.words) / max(1, len(one.words | other.words))


def sample(docs: list[Doc], rng: random.Random) -> list[tuple[Doc, Doc, str]]:
    chosen: list[tuple[Doc, Doc, str]] = []
    for topic, count in SAME_TOPIC.items():
        pairs = sorted(near_pairs([doc for doc in docs if doc.topic == topic]), key=lambda p: (p[0].path, p[1].path))
        ranked = sorted(pairs, key=lambda pair: (-overlap(pair), pair[0].path, pair[1].path))
        close = _distinct(ranked[: count * 4], count // 2, rng)
        rest = [pair for pair in pairs if pair not in close]
        chosen += [(*pair, "close") for pair in close]
        chosen += [(*pair, "random") for pair in _distinct(rng.sample(rest, len(rest)), count - len(close), rng)]
    across = [pair for pair in near_pairs(docs) if pair[0].topic != pair[1].topic]
    chosen += [(*pair, "other-topic") for pair in _distinct(rng.sample(across, len(across)), CROSS_TOPIC, rng)]
    return chosen


def _distinct(pairs: list[tuple[Doc, Doc]], count: int, rng: random.Random) -> list[tuple[Doc, Doc]]:
    """Up to ``count`` pairs (shuffled from the candidates) using each article at most once."""
    used: set[str] = set()
    picked = []
    for one, other in rng.sample(pairs, len(pairs)):
        if one.path in used or other.path in used:
            continue
        used |= {one.path, other.path}
        picked.append((one, other))
        if len(picked) == count:
            break
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "quality" / "gold")
    args = parser.parse_args()
    rng = random.Random(SEED)
    dev_file, test_file = args.out / "story-pairs.jsonl", args.out / "story-pairs-test.jsonl"
    labels = {(row["a"], row["b"]): row for file in (dev_file, test_file) if file.exists()
              for row in map(json.loads, file.read_text().splitlines())}
    rows = []
    for number, (one, other, kind) in enumerate(sample(documents(args.data), rng), 1):
        old = labels.get((one.path, other.path), {})
        rows.append({"id": f"p{number:03d}", "a": one.path, "b": other.path, "kind": kind,
                     "days_apart": abs((one.day - other.day).days),
                     "label": old.get("label"), "note": old.get("note", "")})
    sealed = set(random.Random(SEED + 1).sample(range(len(rows)), len(rows) // 2))
    for file, keep in ((dev_file, False), (test_file, True)):
        lines = [json.dumps(row) for index, row in enumerate(rows) if (index in sealed) == keep]
        file.write_text("\n".join(lines) + "\n")
        print(f"{file}: {len(lines)} pairs")


if __name__ == "__main__":
    main()
