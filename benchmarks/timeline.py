"""Seconds per story and query timeline on a store, from the rows computed at ingest and from the articles.

    .venv/bin/python benchmarks/timeline.py --db STORE [--stories 10] [--queries 12] [--before -1]

STORE is a store written by ``storyline ingest`` (e.g. of ../shared/data/kremlin-2022 and Timeline17 topics);
a store written before the timeline rows existed is completed first (``precompute_owed``, timed apart).
For each request (the largest stories, a fixed list of queries, two keyword timelines of the whole store) it
times ``timeline_from_store`` as the CLI, the API and the web pages call it (after: the stored sentence rows)
and, for the first ``--before`` requests (all by default), the way it was built before (from every article
and enrichment) in the same process,
then prints p50/p95 of each and the ratio on the requests timed both ways. The machine may be shared, so
figures are noisy; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from storyline.store import SQLiteStore
from storyline.timeline.precompute import precompute_owed
from storyline.timeline.service import TimelineRequest, timeline_from_store

QUERIES = (
    "negotiations", "Ukraine", "telephone conversation", "sanctions", "earthquake", "oil spill", "swine flu",
    "Michael Jackson", "bank", "vaccine", "security council", "Macron",
)  # fmt: skip


KEYWORDS = (("ukrain",), ("haiti", "quake", "earthquake"))  # no query: every article of the store is read


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def timed(store: SQLiteStore, request: TimelineRequest, *, use_rows: bool) -> tuple[float, int]:
    started = time.perf_counter()
    entries = timeline_from_store(store, request, use_rows=use_rows)
    return time.perf_counter() - started, len(entries)


def requests(store: SQLiteStore, *, stories: int, queries: int) -> list[tuple[str, TimelineRequest]]:
    largest = sorted(store.list_stories(limit=None), key=lambda story: -story["article_count"])[:stories]
    found = [(f"story {row['id']} ({row['article_count']} articles)", TimelineRequest(story=row["id"]))
             for row in largest]  # fmt: skip
    keyworded = [(f"keywords {', '.join(words)}", TimelineRequest(keywords=words)) for words in KEYWORDS]
    return found + [(f"query {query!r}", TimelineRequest(query=query)) for query in QUERIES[:queries]] + keyworded


def line(name: str, seconds: list[float]) -> str:
    return (f"{name:28s} n={len(seconds):3d}  p50 {percentile(seconds, 0.5):7.3f} s  "
            f"p95 {percentile(seconds, 0.95):7.3f} s  max {max(seconds):7.3f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--stories", type=int, default=10)
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--before", type=int, default=-1, help="requests also timed the old way (-1: all)")
    args = parser.parse_args()

    with SQLiteStore(args.db) as store:
        started = time.perf_counter()
        owed = precompute_owed(store)
        print(f"store: {store.stats()['originals']} originals; timeline rows computed now for {len(owed)} "
              f"({time.perf_counter() - started:.1f} s, once, at ingest in a new store)")  # fmt: skip
        after, before, ratios = [], [], []
        for index, (name, request) in enumerate(requests(store, stories=args.stories, queries=args.queries)):
            seconds, count = timed(store, request, use_rows=True)
            after.append(seconds)
            report = f"{name:48s} after {seconds:7.3f} s ({count} dates)"
            if args.before < 0 or index < args.before:
                old, old_count = timed(store, request, use_rows=False)
                before.append(old)
                ratios.append(old / seconds)
                report += f"  before {old:7.3f} s ({old_count} dates)  x{old / seconds:.1f}"
            print(report, flush=True)
    print(line("after (stored rows)", after))
    if before:
        print(line("before (from articles)", before))
        print(f"speed-up on the {len(ratios)} requests timed both ways: median x{statistics.median(ratios):.1f}")


if __name__ == "__main__":
    main()
