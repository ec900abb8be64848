"""Enrichment throughput on Kremlin articles, against bare spaCy in the same run.

    .venv/bin/python benchmarks/enrich.py [--articles 500] [--data ../shared/data]

Prints docs/s for: bare ``nlp.pipe`` (the same loaded model and components), full enrichment in one
process, the same with the event coder (as ``storyline analyze`` runs it), and full enrichment with
``processes=2``; then the ratios (goals: full/bare >= 0.8, with events/bare >= 0.7, 2 processes / 1 >= 1.6).
The machine may be shared: figures are noisy, run it on a quiet machine to compare.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.enrich import enrich_articles, load_nlp
from storyline.enrich.annotate import PIPE_BATCH
from storyline.enrich.gazetteer import gazetteer
from storyline.enrich.nlp import model_name
from storyline.events import code_events
from storyline.pipeline import load_articles
from storyline.settings import Settings

CSV = Path("kremlin-2022") / "kremlin_en_news_2021-10-24_2022-06-24.csv"


def timed(label: str, count: int, run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {seconds:8.2f} s  {count / seconds:8.2f} docs/s")
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data")
    args = parser.parse_args()
    settings = Settings.load({"enrich": False, "processes": 1})
    articles, _ = load_articles(args.data / CSV, settings=settings)
    articles = articles[: args.articles]
    texts = [article.text for article in articles]
    nlp = load_nlp(settings)
    gazetteer()  # built once per process, like the model: not part of the per-document cost
    print(f"model {model_name(settings)} {nlp.meta['version']}  components {nlp.pipe_names}")
    print(f"{len(articles)} articles, {sum(map(len, texts)) / 1e6:.2f} M characters, {os.cpu_count()} CPUs seen")
    enrich_articles(articles[:20], settings=settings)  # warm-up: first-call costs belong to no phase
    # each doc is dropped once made, as enrichment drops it: holding 500 docs would slow the baseline down
    bare = timed("bare nlp.pipe", len(texts), lambda: deque(nlp.pipe(texts, batch_size=PIPE_BATCH), maxlen=0))
    full = timed("full enrichment, 1 process", len(texts), lambda: enrich_articles(articles, settings=settings))
    coded = timed(
        "full enrichment + events, 1 process",
        len(texts),
        lambda: enrich_articles(articles, settings=settings, then=code_events),
    )
    two = timed(
        "full enrichment, 2 processes",
        len(texts),
        lambda: enrich_articles(articles, settings=settings.with_values(processes=2)),
    )
    print(f"full / bare spaCy:        {full / bare:.2f}x  (goal >= 0.8x)")
    print(f"with events / bare spaCy: {coded / bare:.2f}x  (goal >= 0.7x: lexicon, parse rules, learned check)")
    print(f"2 processes / 1 process:  {two / full:.2f}x  (goal >= 1.6x)")


if __name__ == "__main__":
    main()
