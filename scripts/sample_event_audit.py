"""Pick the 10 articles of the hand audit of event precision (issue 9), deterministically.

    PYTHONPATH=$PWD .venv/bin/python scripts/sample_event_audit.py [--data ../shared/data]

The articles come from the held-out pools the learned coder never trains on (Kremlin rows % 10 == 3, Timeline17
dev documents whose path's sha1 starts with 0, 1 or 2; see scripts/train_event_classifier.py ``_blind``), minus
every document any gold file under quality/gold/ already uses, so neither training nor rule tuning saw them.
An article qualifies when its normalized text is 700..3,500 characters, short enough to judge every event.
Five of each pool are drawn with SEED (T17 round-robin over topics), fixed before the coder's output on them
was read. Prints one JSON object per article: source, sha1 of the normalized text, chars.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from storyline.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_attribution_gold import round_robin, t17_paths, text_sha1

from storyline.pipeline import load_articles

SEED = 20261206
PER_POOL = 5
MIN_CHARS, MAX_CHARS = 700, 3500
KREMLIN_CSV = "kremlin-2022/kremlin_en_news_2021-10-24_2022-06-24.csv"
T17 = "tls/t17-dev"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def gold_sources() -> set[str]:
    """Every document a gold file names (only the ``source`` field is read, never the labels)."""
    sources = set()
    for path in (ROOT / "quality" / "gold").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                source = json.loads(line).get("source")
                if source:
                    sources.add(source)
    return sources


def judgeable(text: str) -> bool:
    return MIN_CHARS <= len(text) <= MAX_CHARS


def sample(data: Path) -> list[dict[str, str]]:
    settings = Settings.load({"enrich": False})
    used = gold_sources()
    rng = random.Random(SEED)
    articles, _ = load_articles(data / KREMLIN_CSV, settings=settings)
    kremlin = []
    for article in articles:
        row = int(article.source.rsplit("#", 1)[1])
        source = f"{KREMLIN_CSV}#row={row}"
        if row % 10 == 3 and source not in used and judgeable(article.text):
            kremlin.append((source, article))
    by_topic: dict[str, list] = {}
    for relative in t17_paths(data):
        source = f"{T17}/{relative}"
        found, _ = load_articles(data / T17 / relative, settings=settings)
        if source not in used and len(found) == 1 and judgeable(found[0].text):
            by_topic.setdefault(relative.split("/", 1)[0], []).append((source, found[0]))
    picked = rng.sample(kremlin, PER_POOL) + round_robin(by_topic, PER_POOL, rng)
    return [{"source": source, "sha1": text_sha1(article.text), "chars": str(len(article.text))}
            for source, article in picked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    for row in sample(parser.parse_args().data):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
