"""Latency of the events, map and network routes, one request at a time, on an existing store.

    PYTHONPATH=. .venv/bin/python benchmarks/web_views.py --db /tmp/webmap.db [--repeat 20]

Each route is asked ``--repeat`` times through the real app (Starlette's TestClient: the request runs in
a worker thread with the store opened read-only, as served) after one warm-up request, and p50, p95 and
max (ms) are printed with the response size. Concurrency is benchmarks/web.py's job; this isolates what
one request of each view costs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from starlette.testclient import TestClient

from storyline.web import create_app

MARCH = "from=2022-03-01&to=2022-03-31"
ROUTES = [
    ("page events", "/events"),
    ("page events ASSAULT March", f"/events?type=ASSAULT&{MARCH}"),
    ("page events sorted, page 3", "/events?sort=-sources&offset=100"),
    ("api events", "/api/events?limit=100"),
    ("api events actor+type", "/api/events?actor=Vladimir+Putin&type=CONSULT"),
    ("api events source facet", "/api/events?source=en.kremlin.ru&limit=10"),
    ("api events sentence words", "/api/events?q=sanctions"),
    ("export events CSV (all)", "/api/events/export?format=csv"),
    ("export events ACLED (all)", "/api/events/export?shape=acled&format=csv"),
    ("export events PLOVER ASSAULT", f"/api/events/export?shape=plover&format=json&type=ASSAULT&{MARCH}"),
    ("page map", "/map"),
    ("page map ASSAULT March", f"/map?type=ASSAULT&{MARCH}"),
    ("page map Europe", "/map?bbox=-25,34,45,72"),
    ("page map articles layer", "/map?layer=articles"),
    ("api map", "/api/map"),
    ("export map places", "/api/map/export?format=csv"),
    ("page network", "/network"),
    ("page network Putin", "/network?entity=Vladimir+Putin"),
    ("api network", "/api/network?limit=100"),
    ("export network edges", "/api/network/export?format=csv"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    client = TestClient(create_app(args.db), base_url="http://localhost")
    print(f"{'route':32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'bytes':>9}")
    for name, url in ROUTES:
        response = client.get(url)  # warm-up (and the size)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{name:32} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f} {len(response.content):9}")


if __name__ == "__main__":
    main()
