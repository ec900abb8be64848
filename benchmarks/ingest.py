"""Ingest throughput and peak memory: read → normalize → dedupe → store (no enrichment), then with stories.

Runs each phase in a fresh process so its peak RSS is its own, and prints articles/s and ratios against
the bare read phase measured in the same run:

    .venv/bin/python benchmarks/ingest.py [--scale 10000]

Corpus: all of ../shared/data/tls/t17-dev (about 2,600 files) and the Kremlin CSV (816 rows). ``--scale N``
adds a synthetic JSONL of N articles built by shuffling real sentences (so that near-duplicate detection
sees realistic text) to check memory stays flat at 10,000 articles.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CORPUS = [DATA / "tls" / "t17-dev", DATA / "kremlin-2022"]


def phase(name: str, paths: list[str], queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from storyline.ingest import read_paths
    from storyline.normalize import normalize
    from storyline.pipeline import ingest
    from storyline.settings import Settings
    from storyline.store import SQLiteStore

    settings = Settings.load({"enrich": False, "stories": name == "ingest+stories"})
    start, cpu_start = time.perf_counter(), time.process_time()
    if name == "read":
        count = sum(1 for _ in read_paths(paths, settings=settings))
    elif name == "read+normalize":
        count = sum(1 for item in read_paths(paths, settings=settings)
                    if not hasattr(item, "code") and not hasattr(normalize(item, settings=settings), "code"))
    else:
        with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "bench.db") as store:
            summary = ingest(paths, store=store, settings=settings)
            count = summary.inputs
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((name, count, seconds, cpu_seconds, peak_mb))


def run(name: str, paths: list[str]) -> tuple[str, int, float, float, float]:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    process = multiprocessing.Process(target=phase, args=(name, paths, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def synthetic_jsonl(folder: Path, count: int) -> Path:
    """N articles of 8–20 real sentences each, drawn from the Kremlin bodies, dated across 2022."""
    import csv

    csv.field_size_limit(2**31 - 1)
    with open(DATA / "kremlin-2022" / "kremlin_en_news_2021-10-24_2022-06-24.csv", encoding="utf-8") as stream:
        sentences = [s.strip() + "." for row in csv.DictReader(stream) for s in row["body"].split(". ") if len(s) > 40]
    rng = random.Random(7)
    path = folder / "synthetic.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for index in range(count):
            body = " ".join(rng.sample(sentences, rng.randint(8, 20)))
            day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(json.dumps({"title": f"Synthetic {index}", "date": day, "text": body,
                                  "url": f"https://example.org/{index}"}) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10_000, help="synthetic articles for the memory check (0: skip)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"shared data not found at {DATA}")
    paths = [str(path) for path in CORPUS]
    print(f"corpus: {', '.join(paths)}")
    results = [run(name, paths) for name in ("read", "read+normalize", "full ingest", "ingest+stories")]
    if args.scale:
        with tempfile.TemporaryDirectory() as folder:
            path = synthetic_jsonl(Path(folder), args.scale)
            results.append((f"synthetic {args.scale}", *run("full ingest", [str(path)])[1:]))
    # CPU seconds are the process's own: on a shared machine they show what one core does, wall time does not
    base_rate = results[0][1] / results[0][2]
    print(f"{'phase':16} {'inputs':>7} {'seconds':>8} {'inputs/s':>9} {'vs read':>8} {'cpu s':>7} {'inputs/cpu s':>13}"
          f" {'peak MB':>8}")
    for name, count, seconds, cpu_seconds, peak in results:
        rate = count / seconds
        print(f"{name:16} {count:7d} {seconds:8.2f} {rate:9.0f} {rate / base_rate:7.2f}x {cpu_seconds:7.2f}"
              f" {count / cpu_seconds:13.0f} {peak:8.0f}")


if __name__ == "__main__":
    main()
