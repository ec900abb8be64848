"""Enrichment throughput on Kremlin articles, against bare spaCy in the same run.

    .venv/bin/python benchmarks/enrich.py [--articles 500] [--rounds 2] [--data ../shared/data]

Prints docs/s for: bare ``nlp.pipe`` (the same loaded model and components), full enrichment in one
process, the same with the event coder (as ``storyline analyze`` runs it, once), and full enrichment with
``processes=2``; then the ratios (goals: full/bare >= 1.0, with events/bare >= 0.7, 2 processes / 1 >= 1.6).
The machine may be shared: bare and full runs alternate ``--rounds`` times and the best wall time of each
counts, so a burst of other work hurts neither side alone; the CPU seconds of the process (not slowed by
other processes, only by its own work) give a second, steadier ratio.
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
from storyline.enrich.annotate import PIPE_BATCH  # the batch size enrichment parses with
from storyline.enrich.gazetteer import gazetteer
from storyline.enrich.nlp import model_name
from storyline.events import code_events
from storyline.pipeline import load_articles
from storyline.settings import Settings

CSV = Path("kremlin-2022") / "kremlin_en_news_2021-10-24_2022-06-24.csv"


def timed(label: str, count: int, run: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU: this process's own; a pool's workers are not counted)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"{label:<34} {seconds:8.2f} s  {count / seconds:8.2f} docs/s  (cpu {cpu:7.2f} s)")
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=2, help="bare and full runs alternate this many times")
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
    bare, full = [], []
    for _ in range(max(1, args.rounds)):
        bare.append(timed("bare nlp.pipe", len(texts),
                          lambda: deque(nlp.pipe(texts, batch_size=PIPE_BATCH), maxlen=0)))
        full.append(timed("full enrichment, 1 process", len(texts),
                          lambda: enrich_articles(articles, settings=settings)))
    coded, coded_cpu = timed("full enrichment + events, 1 process", len(texts),
                     lambda: enrich_articles(articles, settings=settings, then=code_events))
    two, _ = timed("full enrichment, 2 processes", len(texts),
                   lambda: enrich_articles(articles, settings=settings.with_values(processes=2)))
    best_bare, best_full = min(wall for wall, _ in bare), min(wall for wall, _ in full)
    cpu_bare, cpu_full = min(cpu for _, cpu in bare), min(cpu for _, cpu in full)
    print(f"full / bare spaCy:        {best_bare / best_full:.2f}x  best wall of {len(bare)}  (goal >= 1.0x)")
    print(f"full / bare spaCy, CPU:   {cpu_bare / cpu_full:.2f}x  least CPU of {len(bare)}")
    print(f"with events / bare spaCy: {best_bare / coded:.2f}x  one run  (goal >= 0.7x)")
    print(f"with events / bare, CPU:  {cpu_bare / coded_cpu:.2f}x  least bare CPU, one events run")
    print(f"2 processes / 1 process:  {best_full / two:.2f}x  (goal >= 1.6x)")


if __name__ == "__main__":
    main()
