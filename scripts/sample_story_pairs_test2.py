"""Sample the second sealed story-pair set (``quality/gold/story-pairs-test2.jsonl``, issue 11 item 4).

Deterministic (seed 1102). Drawn so that it cannot repeat a pair of the first two files without reading the
sealed one: its "close" pairs come from overlap ranks the first sampler never drew from (it took the top
``4 × count``), and its random pairs from pools of ~10⁵ pairs. Kinds:

- ``close`` / ``random``: bpoil and h1n1 (the multi-outlet Timeline17 dev topics), two outlets, ±2 days;
- ``seed``: the seed article (HuffPost, 28 Feb 2022) against Kremlin releases of 26 Feb .. 2 Mar;
- ``series-close`` / ``series-random``: two Kremlin releases ±3 days apart (one publisher: the formulaic
  series — "Telephone conversation with …" — that must not swallow unrelated events).

Only words are used to pick pairs (no Storyline code). Labels are written by a person reading both leads
(quality/gold/STORY_PAIRS.md); a rerun keeps labels already written.

    python scripts/sample_story_pairs_test2.py [--data ../shared/data] [--print]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 1102
OUT = ROOT / "quality" / "gold" / "story-pairs-test2.jsonl"
KREMLIN = "kremlin-2022/kremlin_en_news_2021-10-24_2022-06-24.csv"
SEED_ARTICLE = "seed/000_eae2988b17b06bab.txt"
# close, random, and the top overlap ranks the first sampler drew its close pairs from (4 × its count, among
# ±3-day pairs; a ±2-day pair's rank is never lower, so skipping them here skips all of those)
T17 = {"bpoil": (22, 14, 320), "h1n1": (10, 8, 140)}
LEAD_CHARS = 1200
_WORD = re.compile(r"[a-z][a-z'-]{3,}")


@dataclass(frozen=True)
class Doc:
    path: str  # relative to the shared data folder; a Kremlin release is "<csv>#<link>"
    group: str
    outlet: str
    day: date
    title: str
    lead: str
    head: str  # the text the overlap ranks are computed on (as the first sampler did for Timeline17)

    @property
    def words(self) -> frozenset[str]:
        return frozenset(_WORD.findall(self.head.lower()))


def t17_docs(data: Path, topic: str) -> list[Doc]:
    docs = []
    for path in sorted((data / "tls" / "t17-dev" / topic).glob("*/InputDocs/*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        title, _, body = text.partition("\n")
        docs.append(Doc(str(path.relative_to(data)), topic, path.parts[-4].rsplit("_", 1)[-1].lower(),
                        date.fromisoformat(path.parent.name), title.strip(), body[:LEAD_CHARS], text[:LEAD_CHARS]))
    return docs


def kremlin_docs(data: Path) -> list[Doc]:
    csv.field_size_limit(1 << 30)
    with (data / KREMLIN).open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return [Doc(f"{KREMLIN}#{row['link']}", "kremlin", "kremlin.ru", date.fromisoformat(row["date"][:10]),
                row["headline"].strip(), f"{row['summary']}\n{row['body']}"[:LEAD_CHARS],
                f"{row['headline']}\n{row['summary']}\n{row['body']}"[:LEAD_CHARS]) for row in rows]


def seed_doc(data: Path) -> Doc:
    lines = (data / SEED_ARTICLE).read_text(encoding="utf-8").splitlines()
    day = date(int(lines[1][:4]), int(lines[1][4:6]), int(lines[1][6:8]))
    return Doc(SEED_ARTICLE, "seed", "huffpost.com", day, lines[0], "\n".join(lines[3:])[:LEAD_CHARS], "")


def overlap(pair: tuple[Doc, Doc]) -> float:
    one, other = pair
    return len(one.words & other.words) / max(1, len(one.words | other.words))


def pairs_within(docs: list[Doc], reach: int, *, cross: bool) -> list[tuple[Doc, Doc]]:
    found = []
    for one, other in combinations(docs, 2):
        if (one.outlet != other.outlet or not cross) and abs((one.day - other.day).days) <= reach:
            found.append((one, other) if one.path < other.path else (other, one))
    return sorted(found, key=lambda pair: (pair[0].path, pair[1].path))


def distinct(pairs: list[tuple[Doc, Doc]], count: int, rng: random.Random, used: set[str]) -> list[tuple[Doc, Doc]]:
    picked = []
    for one, other in rng.sample(pairs, len(pairs)):
        if one.path in used or other.path in used:
            continue
        used |= {one.path, other.path}
        picked.append((one, other))
        if len(picked) == count:
            break
    return picked


def sample(data: Path, rng: random.Random) -> list[tuple[Doc, Doc, str]]:
    chosen: list[tuple[Doc, Doc, str]] = []
    used: set[str] = set()
    for topic, (close, randoms, skipped) in T17.items():
        pairs = pairs_within(t17_docs(data, topic), 2, cross=True)
        ranked = sorted(pairs, key=lambda pair: (-overlap(pair), pair[0].path, pair[1].path))
        chosen += [(*p, "close") for p in distinct(ranked[skipped: skipped * 4], close, rng, used)]
        chosen += [(*p, "random") for p in distinct(pairs, randoms, rng, used)]
    kremlin = kremlin_docs(data)
    seed = seed_doc(data)
    near_seed = [doc for doc in kremlin if abs((doc.day - seed.day).days) <= 2]
    chosen += [(seed, doc, "seed") for doc in rng.sample(near_seed, 6)]
    series = pairs_within([doc for doc in kremlin if date(2022, 2, 1) <= doc.day <= date(2022, 4, 30)], 3, cross=False)
    ranked = sorted(series, key=lambda pair: (-overlap(pair), pair[0].path, pair[1].path))
    chosen += [(*p, "series-close") for p in distinct(ranked[:200], 14, rng, used)]
    chosen += [(*p, "series-random") for p in distinct(series, 10, rng, used)]
    return chosen


def write_pairs(out: Path, chosen: list[tuple[Doc, Doc, str]], *, prefix: str, shown_chars: int,
                print_leads: bool) -> None:
    """Write the pairs as gold rows (labels already written in ``out`` are kept) and, for the labeller,
    print both leads of every pair."""
    old = {(row["a"], row["b"]): row for row in map(json.loads, out.read_text().splitlines())} if out.exists() else {}
    rows = []
    for number, (one, other, kind) in enumerate(chosen, 1):
        known = old.get((one.path, other.path), {})
        rows.append({"id": f"{prefix}{number:03d}", "a": one.path, "b": other.path, "kind": kind,
                     "days_apart": abs((one.day - other.day).days),
                     "label": known.get("label"), "note": known.get("note", "")})
        if print_leads:
            print(f"=== {prefix}{number:03d} {kind}\nA {one.day} {one.outlet}: {one.title}\n{one.lead[:shown_chars]}\n"
                  f"B {other.day} {other.outlet}: {other.title}\n{other.lead[:shown_chars]}\n")
    out.write_text("".join(json.dumps(row) + "\n" for row in rows))
    print(f"{out}: {len(rows)} pairs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--print", action="store_true", help="print both leads of every pair (for labelling)")
    args = parser.parse_args()
    write_pairs(OUT, sample(args.data, random.Random(SEED)), prefix="q", shown_chars=650, print_leads=args.print)


if __name__ == "__main__":
    main()
