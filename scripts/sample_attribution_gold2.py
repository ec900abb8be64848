"""Pick the articles of the second sealed attribution set (quality/gold/attribution-test2.jsonl), deterministically.

    PYTHONPATH=$PWD .venv/bin/python scripts/sample_attribution_gold2.py [--data ../shared/data]

Drawn from pools the first samplers (scripts/sample_attribution_gold.py, scripts/sample_event_gold.py) could
never draw from, so no document of the first gold sets can recur, and fixed before anyone looked at an article:
- Kremlin rows whose 0-based row index % 10 == 7 (the first ones took % 10 == 3);
- Timeline17 dev documents whose path relative to ``t17-dev`` has a sha1 hex starting with ``f`` (the first
  ones took 0, 1, 2). The shared data holds no Timeline17 test topic, so the dev topics are the only source.
An article qualifies by the first sampler's own rule (``labelable``: 700..3,500 characters of normalized text,
a digit, and a quotation mark or a reporting verb). Four of each pool are drawn with SEED (T17 round-robin over
topics). All eight are sealed test articles. Prints one JSON object per article: source, sha1 of the normalized
text, split, chars.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from storyline.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the first sampler's pools, qualification rule and topic spreading, reused so both sets qualify articles alike
from sample_attribution_gold import kremlin_candidates, round_robin, t17_candidates, text_sha1

SEED = 20261205
PER_POOL = 4
KREMLIN_ROW_MOD = 7
T17_SHA1_PREFIX = "f"
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def sample(data: Path) -> list[dict[str, str]]:
    settings = Settings.load({"enrich": False})
    rng = random.Random(SEED)
    kremlin = rng.sample(kremlin_candidates(data, settings, row_mod=KREMLIN_ROW_MOD), PER_POOL)
    t17 = round_robin(t17_candidates(data, settings, sha1_starts=T17_SHA1_PREFIX), PER_POOL, rng)
    return [
        {"source": source, "sha1": text_sha1(article.text), "split": "test2", "chars": str(len(article.text))}
        for source, article in kremlin + t17
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    for row in sample(parser.parse_args().data):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
