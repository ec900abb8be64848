"""Latency of every page and API route under 20 concurrent clients, with and without an ingest writing.

    .venv/bin/python benchmarks/web.py [--articles 10000] [--db FILE] [--clients 20] [--seconds 30]
    .venv/bin/python benchmarks/web.py --grow-from KREMLIN.db --db BIG.db --articles 10000
    .venv/bin/python benchmarks/web.py --db BIG.db --phase cold [--rounds 3] [--only figures]

Builds a store (or reuses ``--db``): the Kremlin CSV, enriched (so entities, quotes, claims, events and
stories are real), plus ``--articles`` synthetic articles of real Kremlin sentences, not enriched (as
benchmarks/ingest.py makes them). Then serves it with uvicorn in its own process on 127.0.0.1 and runs
two phases of ``--seconds`` each, ``--clients`` httpx async clients cycling over every route:

  baseline   nobody writes the store
  ingesting  another process ingests new synthetic articles into the same store the whole time

and prints p50/p95/p99 (ms) and errors (non-2xx, timeouts) per route and phase. ``--phase cold`` instead
requests each route (``--only`` those whose name contains a word) ``--rounds`` times in this process with
every response and value cache cleared first, and prints the median ms per route: what a cache miss costs.
``--no-enrich`` skips the Kremlin enrichment (minutes on a small machine); the enrichment routes then list
nothing.

``--grow-from STORE`` instead copies an existing (enriched) store to ``--db`` and grows it to ``--articles``
articles by copying its article rows under new ids with their enrichment and events, so every article of
the big store has entities, quotes, figures and events as real ones do (the copies join no story).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"
KREMLIN = DATA / "kremlin-2022" / "kremlin_en_news_2021-10-24_2022-06-24.csv"
FAILURES: Counter[str] = Counter()  # "route: status and start of the answer" of every error, to print
REQUEST_SECONDS = 60.0  # a request slower than this counts as an error (timeout)
SERVER = """
import sys
from storyline.web.app import serve
serve(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2]), workers=int(sys.argv[3]))
"""


def kremlin_sentences() -> list[str]:
    csv.field_size_limit(2**31 - 1)
    with open(KREMLIN, encoding="utf-8") as stream:
        return [s.strip() + "." for row in csv.DictReader(stream) for s in row["body"].split(". ") if len(s) > 40]


def synthetic_jsonl(path: Path, count: int, *, first: int, seed: int) -> Path:
    """``count`` articles of 8–20 real sentences each, dated across 2022 (as benchmarks/ingest.py)."""
    sentences = kremlin_sentences()
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for index in range(first, first + count):
            body = " ".join(rng.sample(sentences, rng.randint(8, 20)))
            day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(json.dumps({"title": f"Synthetic {index}", "date": day, "text": body,
                                  "url": f"https://example.org/{index}"}) + "\n")
    return path


def build_store(db: Path, *, articles: int, enrich: bool) -> None:
    from storyline.pipeline import ingest
    from storyline.settings import Settings
    from storyline.store import SQLiteStore

    with tempfile.TemporaryDirectory() as folder, SQLiteStore(db) as store:
        started = time.perf_counter()
        ingest([KREMLIN], store=store, settings=Settings.load({"enrich": enrich}))
        kind = "enriched" if enrich else "not enriched"
        print(f"built: Kremlin CSV ({kind}) in {time.perf_counter() - started:.0f} s", flush=True)
        if articles:
            started = time.perf_counter()
            corpus = synthetic_jsonl(Path(folder) / "synthetic.jsonl", articles, first=0, seed=7)
            ingest([corpus], store=store, settings=Settings.load({"enrich": False, "stories": False}))
            print(f"built: {articles} synthetic articles in {time.perf_counter() - started:.0f} s", flush=True)


FACT_TABLES = ("enriched_articles", "sentences", "entity_mentions", "quotes", "claims", "time_expressions",
               "places", "events")


def grow_store(source: Path, db: Path, *, articles: int) -> None:
    """Copy ``source`` to ``db``, then add copies of its articles (new ids, same everything else, their
    enrichment and events too) until ``db`` holds ``articles`` articles."""
    import sqlite3

    from storyline.store.connection import register_publisher

    started = time.perf_counter()
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reading, sqlite3.connect(db) as target:
        reading.backup(target)
    target = sqlite3.connect(db, isolation_level=None)
    register_publisher(target)  # the store's triggers on articles call it
    have = target.execute("SELECT count(*) FROM articles").fetchone()[0]
    originals = have
    if not originals:
        sys.exit(f"{source} holds no articles to copy")
    copies = 0
    while have < articles:
        copies += 1
        batch = min(originals, articles - have)
        _copy_articles(target, copies, batch)
        have += batch
    target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target.close()
    print(f"built: {db} grown from {originals} to {have} articles in {time.perf_counter() - started:.0f} s",
          flush=True)


def _copy_articles(db: Any, round_: int, batch: int) -> None:
    """``batch`` originals copied under the id ``g{round}-{id}`` (and url ``...#g{round}``), facts included."""
    new_id = f"'g{round_}-' || substr(article_id, 1, 13)"
    db.execute("BEGIN")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS picked (id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM picked")
    db.execute("INSERT INTO picked SELECT id FROM articles WHERE id NOT LIKE 'g%-%' ORDER BY id LIMIT ?", (batch,))
    columns = [row[1] for row in db.execute("PRAGMA table_info(articles)") if row[1] not in ("rowid",)]
    chosen = [f"'g{round_}-' || substr(id, 1, 13)" if c == "id" else f"url || '#g{round_}'" if c == "url"
              else "NULL" if c in ("duplicate_of", "duplicate_kind", "similarity") else c for c in columns]
    db.execute(f"INSERT INTO articles ({', '.join(columns)}) SELECT {', '.join(chosen)} FROM articles"
               " WHERE id IN (SELECT id FROM picked)")
    for table in FACT_TABLES:
        names = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        cells = [new_id if name == "article_id" else "NULL" if (table, name) in (("events", "id"),
                 ("events", "merged_id")) else name for name in names]
        db.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(cells)} FROM {table}"
                   " WHERE article_id IN (SELECT id FROM picked)")
    db.execute("COMMIT")


def keep_ingesting(db: str, stop: Any, written: Any) -> None:
    """The writer: batches of new synthetic articles into the store until told to stop."""
    from storyline.pipeline import ingest
    from storyline.settings import Settings
    from storyline.store import SQLiteStore

    settings = Settings.load({"enrich": False, "stories": False})
    batch, first = 200, 1_000_000
    with tempfile.TemporaryDirectory() as folder, SQLiteStore(db) as store:
        while not stop.is_set():
            corpus = synthetic_jsonl(Path(folder) / f"batch{first}.jsonl", batch, first=first, seed=first)
            written.value += ingest([corpus], store=store, settings=settings).accepted
            first += batch


def routes(db: Path) -> list[tuple[str, str]]:
    """(name, url) for every page and API route, with arguments that find something in this store."""
    from storyline.store import SQLiteStore

    with SQLiteStore(db, read_only=True) as store:
        article = store.search("Ukraine", limit=1)[0]["id"]
        story = (store.list_stories(limit=1) or [{"id": ""}])[0]["id"]
        biggest = max(store.list_stories(), key=lambda row: row["article_count"], default={"id": ""})["id"]
    listing = [("stats", "/api/stats"), ("search", "/api/search?q=Ukraine%20-Belarus"),
               ("article", f"/api/articles/{article[:10]}"), ("timeline", "/api/timeline?q=Mariupol&max_dates=5"),
               ("stories", "/api/stories"), ("events", "/api/events?type=CONSULT&offset=50"),
               ("entities", "/api/entities?q=Putin"), ("quotes", "/api/quotes?speaker=Putin"),
               ("claims", "/api/claims"), ("openapi", "/api/openapi.json")]
    listing += [("search facets", "/api/search?q=Kiev%20OR%20Zelensky&source=en.kremlin.ru&limit=50"),
                ("search entity", "/api/search?q=talks&entity=Emmanuel%20Macron&sort=newest"),
                ("search csv", "/api/search?q=%22telephone%20conversation%22&format=csv&limit=200"),
                ("article csv", f"/api/articles/{article}?format=csv")]
    if story:
        listing.append(("story timeline", f"/api/timeline?story={story}&max_dates=5"))
    if biggest:
        listing += [("story", f"/api/stories/{biggest}"), ("story csv", f"/api/stories/{biggest}?format=csv")]
    pages = [("page /", "/"), ("page search", "/search?q=%22gas%20supplies%22"),
             ("page article", f"/articles/{article}"), ("page timeline", "/timeline?q=Mariupol&max_dates=5"),
             ("page stories", "/stories"),
             ("page events", "/events?type=ASSAULT"),
             ("page search facets", "/search?q=Kiev&entity=Emmanuel%20Macron&by=month"),
             ("page search p3", "/search?q=Ukraine&offset=40"),
             ("page map", "/map?type=ASSAULT"), ("page network", "/network?min=2")]
    if biggest:
        pages.append(("page story", f"/stories/{biggest}"))
    listing += [("events export", "/api/events/export?type=ASSAULT&format=csv"), ("map", "/api/map?type=ASSAULT"),
                ("network", "/api/network?entity=Vladimir%20Putin")]
    # the analyst's views: whole-store lists (no filter) and the name lookups (any spelling, any case)
    listing += [("events all", "/api/events"), ("figures", "/api/figures"),
                ("figures killed", "/api/figures?subject=killed"),
                ("quotes all", "/api/quotes"), ("quotes zelensky", "/api/quotes?speaker=zelensky&offset=20"),
                ("entity", "/api/entities/Zelensky"), ("entities all", "/api/entities?label=PERSON"),
                ("map all", "/api/map"), ("network all", "/api/network")]
    pages += [("page figures", "/figures"), ("page figures k", "/figures?subject=killed"),
              ("page quotes", "/quotes?speaker=Putin"), ("page entity", "/entities/Vladimir%20Putin"),
              ("page entities", "/entities"), ("page events all", "/events")]
    return listing + pages


async def client(http: httpx.AsyncClient, todo: list[tuple[str, str]], until: float, seed: int,
                 seen: dict[str, list[float]], errors: dict[str, int]) -> None:
    rng = random.Random(seed)
    order = todo[:]
    while time.monotonic() < until:
        rng.shuffle(order)
        for name, url in order:
            if time.monotonic() >= until:
                return
            started = time.perf_counter()
            try:
                response = await http.get(url)
                ok = response.status_code == 200
                what = f"{response.status_code} {response.text[:160]}"
            except httpx.HTTPError as error:
                ok, what = False, type(error).__name__
            seen[name].append(time.perf_counter() - started)
            errors[name] += not ok
            if not ok:
                FAILURES[f"{name}: {what}"] += 1


async def load(base: str, todo: list[tuple[str, str]], *, clients: int, seconds: float) -> tuple[dict, dict]:
    seen: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_SECONDS, limits=limits) as http:
        until = time.monotonic() + seconds
        await asyncio.gather(*(client(http, todo, until, n, seen, errors) for n in range(clients)))
    return seen, errors


def cold(base: str, todo: list[tuple[str, str]], shown: int = 12) -> None:
    """Each route once, one after another, right after the server started: what a first visitor waits
    (the slowest ``shown``)."""
    took = []
    with httpx.Client(base_url=base, timeout=REQUEST_SECONDS) as http:
        for name, url in todo:
            started = time.perf_counter()
            status = http.get(url).status_code
            took.append(((time.perf_counter() - started) * 1000, name, status))
    total = sum(ms for ms, *_ in took)
    print(f"\ncold (each route once, in turn; slowest {shown} of {len(took)}; all took {total:.0f} ms)")
    for ms, name, status in sorted(took, reverse=True)[:shown]:
        print(f"{name:16} {ms:8.0f} ms  {status}")


def clear_caches(app: Any) -> None:
    """Forget every response and value the app and the store keep between requests: the next request for
    any route then pays its whole cost (SQLite's page cache and the open connections stay warm)."""
    from storyline.store import analyst
    from storyline.web.cache import RESPONSES
    from storyline.web.queries import ALIASES
    from storyline.web.views import figures, search

    for cache in (RESPONSES, figures.FIGURES, search.SPELLINGS, search.FACETS, ALIASES):
        cache.clear()
    analyst._QUOTE_TOTALS.clear()  # a per-process memo of the store part, keyed on the file's version
    app.state.timelines.clear()


def cold_phase(db: Path, todo: list[tuple[str, str]], rounds: int) -> dict[str, float]:
    """Each route ``rounds`` times in this process, every cache cleared before each request: the cost of a
    cache miss. Prints the median and the fastest ms per route and their sums; returns the medians."""
    from starlette.testclient import TestClient

    from storyline.web.app import create_app

    app = create_app(db, timeline_workers=0)
    took: dict[str, list[float]] = defaultdict(list)
    with TestClient(app, base_url="http://127.0.0.1") as http:
        http.get("/api/stats")  # the worker thread's connection opened, the templates loaded
        for _ in range(rounds):
            for name, url in todo:
                clear_caches(app)
                started = time.perf_counter()
                status = http.get(url).status_code
                took[name].append((time.perf_counter() - started) * 1000)
                if status != 200:
                    FAILURES[f"{name}: {status}"] += 1
    medians = {name: sorted(values)[len(values) // 2] for name, values in took.items()}
    print(f"\ncold: {len(todo)} routes, {rounds} rounds, every cache cleared before each request")
    print(f"{'route':20} {'median ms':>10} {'min ms':>8}")
    for name, _ in todo:
        print(f"{name:20} {medians[name]:10.1f} {min(took[name]):8.1f}")
    print(f"{'sum':20} {sum(medians.values()):10.1f} {sum(min(v) for v in took.values()):8.1f}")
    for failure, count in FAILURES.most_common(10):
        print(f"  error x{count}: {failure}")
    return medians


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def report(phase: str, todo: list[tuple[str, str]], seen: dict, errors: dict) -> None:
    print(f"\n{phase}: {sum(len(v) for v in seen.values())} requests, {sum(errors.values())} errors")
    print(f"{'route':16} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for name, _ in todo:
        times = seen.get(name) or [float("nan")]
        print(f"{name:16} {len(seen.get(name, [])):5d} {percentile(times, .5):8.0f} {percentile(times, .95):8.0f}"
              f" {percentile(times, .99):8.0f} {errors.get(name, 0):6d}")
    api = [t for name, values in seen.items() if not name.startswith("page") for t in values]
    pages = [t for name, values in seen.items() if name.startswith("page") for t in values]
    for failure, count in FAILURES.most_common(10):
        print(f"  error x{count}: {failure}")
    FAILURES.clear()
    for label, values in (("all API", api), ("all pages", pages)):
        if values:
            print(f"{label:16} {len(values):5d} {percentile(values, .5):8.0f} {percentile(values, .95):8.0f}"
                  f" {percentile(values, .99):8.0f}")


def start_server(db: Path, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port), str(workers)], env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/api/stats", timeout=5).raise_for_status()
            return server, base
        except httpx.HTTPError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                sys.exit("the server did not start")
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="reuse this store (built there first if it does not exist)")
    parser.add_argument("--articles", type=int, default=10_000, help="synthetic articles added to the store")
    parser.add_argument("--no-enrich", action="store_true", help="do not enrich the Kremlin articles")
    parser.add_argument("--clients", type=int, default=20, choices=range(1, 101), metavar="1..100")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase (at most 600)")
    parser.add_argument("--grow-from", type=Path, help="copy this store to --db and grow it to --articles articles")
    parser.add_argument("--workers", type=int, default=1, help="server processes (storyline serve --workers)")
    parser.add_argument("--phase", choices=("both", "baseline", "ingesting", "cold"), default="both",
                        help="run only one of the two load phases, or only the cold one (cache misses, in process)")
    parser.add_argument("--rounds", type=int, default=3, help="cold: requests per route (the median is shown)")
    parser.add_argument("--only", default="", help="only the routes whose name contains this (any case)")
    args = parser.parse_args()
    if not KREMLIN.exists():
        sys.exit(f"shared data not found at {KREMLIN}")
    seconds = min(args.seconds, 600.0)
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "web.db"
        if not db.exists() and args.grow_from:
            grow_store(args.grow_from, db, articles=args.articles)
        elif not db.exists():
            build_store(db, articles=args.articles, enrich=not args.no_enrich)
        from storyline.store import SQLiteStore

        with SQLiteStore(db) as store:  # a writing open, as the next ingest's: the store gets this version's migrations
            pass
        with SQLiteStore(db, read_only=True) as store:
            stats = store.stats()
            print(f"store: {db}: {stats['articles']} articles, {store.event_count()} events,"
                  f" {store.enriched_count()} enriched")
        todo = [(name, url) for name, url in routes(db) if args.only.lower() in name.lower()]
        if args.phase == "cold":
            cold_phase(db, todo, max(1, args.rounds))
            return
        server, base = start_server(db, args.workers)
        try:
            cold(base, todo)
            print(f"\nload: {args.clients} clients, {seconds:g} s per phase, server {base} ({args.workers} processes)",
                  flush=True)
            if args.phase != "ingesting":
                results = asyncio.run(load(base, todo, clients=args.clients, seconds=seconds))
                report("baseline (no writer)", todo, *results)
            if args.phase == "baseline":
                return
            stop, written = multiprocessing.Event(), multiprocessing.Value("i", 0)
            writer = multiprocessing.Process(target=keep_ingesting, args=(str(db), stop, written))
            writer.start()
            try:
                results = asyncio.run(load(base, todo, clients=args.clients, seconds=seconds))
            finally:
                stop.set()
                writer.join(timeout=120)
            report(f"ingesting (another process wrote {written.value} articles meanwhile)", todo, *results)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
