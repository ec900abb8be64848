"""Pick the articles of the blind attribution gold set (quality/gold/ATTRIBUTION.md), deterministically.

    PYTHONPATH=$PWD .venv/bin/python scripts/sample_attribution_gold.py [--data ../shared/data]

Only two pools are eligible, fixed before anyone looked at an article:
- Kremlin rows whose 0-based row index % 10 == 3;
- Timeline17 dev documents whose path relative to ``t17-dev`` has a sha1 hex starting with 0, 1 or 2.
Within them an article qualifies when its normalized text is short enough to label every item
(MIN_CHARS..MAX_CHARS) and has something to label (a digit, and a quotation mark or a reporting verb).
Seven of each pool are drawn with SEED (T17 round-robin over topics), then split 7 dev / 7 test with SEED,
each half mixing both pools. Prints one JSON object per article: source, sha1 of the normalized text, split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from storyline.pipeline import load_articles
from storyline.records import Article
from storyline.settings import Settings

SEED = 20261204
PER_POOL = 7
MIN_CHARS, MAX_CHARS = 700, 3500
KREMLIN_CSV = "kremlin-2022/kremlin_en_news_2021-10-24_2022-06-24.csv"
T17 = "tls/t17-dev"
REPORTING = re.compile(r"\b(said|says|told|noted|stressed|emphasi[sz]ed|according to|pointed out|added)\b")
QUOTE_MARKS = re.compile("[\"\u201c\u201d]")
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def labelable(text: str) -> bool:
    """Short enough to label every item, and holding at least one figure and one quote candidate."""
    return (MIN_CHARS <= len(text) <= MAX_CHARS and bool(re.search(r"\d", text))
            and bool(QUOTE_MARKS.search(text) or REPORTING.search(text)))


def kremlin_candidates(data: Path, settings: Settings, *, row_mod: int = 3) -> list[tuple[str, Article]]:
    """Labelable Kremlin rows whose 0-based index % 10 == ``row_mod`` (each gold set owns one residue)."""
    articles, _ = load_articles(data / KREMLIN_CSV, settings=settings)
    found = []
    for article in articles:
        row = int(article.source.rsplit("#", 1)[1])
        if row % 10 == row_mod and labelable(article.text):
            found.append((f"{KREMLIN_CSV}#row={row}", article))
    return sorted(found, key=lambda item: int(item[0].rsplit("=", 1)[1]))


def t17_paths(data: Path, *, sha1_starts: str = "012") -> Iterator[str]:
    """Timeline17 input documents whose path's sha1 hex starts with one of ``sha1_starts`` (one pool per set)."""
    root = data / T17
    for path in sorted(root.rglob("*.txt")):
        relative = path.relative_to(root).as_posix()
        if "/InputDocs/" in relative and hashlib.sha1(relative.encode()).hexdigest()[0] in sha1_starts:
            yield relative


def t17_candidates(data: Path, settings: Settings, *,
                   sha1_starts: str = "012") -> dict[str, list[tuple[str, Article]]]:
    by_topic: dict[str, list[tuple[str, Article]]] = {}
    for relative in t17_paths(data, sha1_starts=sha1_starts):
        articles, _ = load_articles(data / T17 / relative, settings=settings)
        if len(articles) == 1 and labelable(articles[0].text):
            by_topic.setdefault(relative.split("/", 1)[0], []).append((f"{T17}/{relative}", articles[0]))
    return by_topic


def round_robin(by_topic: dict[str, list[tuple[str, Article]]], count: int,
                rng: random.Random) -> list[tuple[str, Article]]:
    """``count`` articles spread over the topics: shuffle each topic, then take one per topic in turn."""
    queues = {topic: rng.sample(items, len(items)) for topic, items in sorted(by_topic.items())}
    topics = rng.sample(sorted(queues), len(queues))
    picked: list[tuple[str, Article]] = []
    while len(picked) < count and any(queues.values()):
        for topic in topics:
            if queues[topic] and len(picked) < count:
                picked.append(queues[topic].pop())
    return picked


def sample(data: Path) -> list[dict[str, str]]:
    settings = Settings.load({"enrich": False})
    rng = random.Random(SEED)
    kremlin = rng.sample(kremlin_candidates(data, settings), PER_POOL)
    t17 = round_robin(t17_candidates(data, settings), PER_POOL, rng)
    rows = []
    for pool, dev_count in ((kremlin, 4), (t17, 3)):  # 4 + 3 Kremlin/T17 in dev, 3 + 4 in test
        shuffled = rng.sample(pool, len(pool))
        for position, (source, article) in enumerate(shuffled):
            split = "dev" if position < dev_count else "test"
            rows.append({"source": source, "sha1": text_sha1(article.text), "split": split,
                         "chars": str(len(article.text))})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    for row in sample(parser.parse_args().data):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
