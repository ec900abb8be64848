"""Seconds to build one Timeline17 topic's timelines once its articles are loaded.

    .venv/bin/python benchmarks/timeline.py [--topic bpoil] [--data ../shared/data] [--repeat 3]

Prints, for the topic: articles and sentences, the time to read it from disk (not counted), to prepare
the collection (sentences, resolved dates, date signals, TF-IDF), to build every reference timeline's
prediction, and to score them with tilse (evaluation only, not counted). Best of ``--repeat`` runs;
the machine may be shared, so figures are noisy.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.timeline.build import DEFAULT_PARAMS, prepare
from storyline.timeline.dataset import load_topic
from storyline.timeline.evaluate import Scorer, predict_for

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="bpoil")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    root = args.data / "tls" / "t17-dev"
    read_seconds, topic = best_of(1, lambda: load_topic(root, args.topic))
    prepare_seconds, prepared = best_of(args.repeat, lambda: prepare(topic.articles, keywords=topic.keywords))
    build_seconds, predictions = best_of(
        args.repeat, lambda: [predict_for(prepared, reference, params=DEFAULT_PARAMS) for reference in topic.references]
    )
    scorer = Scorer()
    pairs = list(zip(predictions, topic.references, strict=True))
    score_seconds, _ = best_of(1, lambda: [scorer.rouge(prediction, reference) for prediction, reference in pairs])
    total = prepare_seconds + build_seconds
    print(f"topic {args.topic}: {len(topic.articles)} articles, {len(prepared.units)} sentences (keyword articles), "
          f"{len(topic.references)} reference timelines")  # fmt: skip
    print(f"read from disk (not counted)      {read_seconds:7.2f} s")
    print(f"prepare (dates, signals, TF-IDF)  {prepare_seconds:7.2f} s")
    print(f"build {len(topic.references):2d} timelines             {build_seconds:7.2f} s")
    rate = len(prepared.units) / prepare_seconds
    print(f"=> timelines of one topic         {total:7.2f} s  ({rate:,.0f} sentences/s prepared)")
    print(f"tilse scoring (eval only)         {score_seconds:7.2f} s")


if __name__ == "__main__":
    main()
