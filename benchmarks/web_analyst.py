"""Latency of the entity, quotes and figures views (pages, API, exports) on one store, one client at a time.

    .venv/bin/python benchmarks/web_analyst.py --db STORE [--repeat 20]

Each route is requested ``--repeat`` times in process (Starlette's TestClient: the whole app, middleware and
worker threads included, no socket); prints p50/p95/max in ms and the response size. Build a store first,
e.g. ``storyline ingest --db /tmp/kremlin.db ../shared/data/kremlin-2022``. benchmarks/web.py measures the
server under concurrent load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient  # noqa: E402

from storyline.web import create_app  # noqa: E402

ROUTES = [
    "/entities",
    "/api/entities?q=zel",
    "/entities?q=putin&offset=20",
    "/entities/Vladimir Putin",
    "/api/entities/Vladimir Putin",
    "/entities/Russia",
    "/entities/Zelensky",
    "/api/entities/Zelensky?format=csv&part=quotes",
    "/quotes",
    "/api/quotes",
    "/quotes?speaker=Putin",
    "/api/quotes?speaker=Zelensky&q=security",
    "/api/quotes?from=2022-03-01&to=2022-03-31&offset=100",
    "/quotes?speaker=Putin&format=csv&limit=500",
    "/figures",
    "/api/figures",
    "/figures?subject=killed",
    "/api/figures?subject=refugees",
    "/figures?subject=killed&format=csv",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    client = TestClient(create_app(args.db), base_url="http://localhost")
    print(f"{'route':58} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'bytes':>9}")
    for route in ROUTES:
        times, size = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(route)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (route, response.status_code, response.text[:200])
            size = len(response.content)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{route:58} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f} {size:9d}")


if __name__ == "__main__":
    main()
