"""Every route answers byte for byte the same with this checkout's code as with another's, on the same store.

    PYTHONPATH=. .venv/bin/python benchmarks/web_same.py --db OLD.db --base /tmp/base-checkout

The routes are benchmarks/web.py's (every page and API call) and benchmarks/web_views.py's (the events,
map and network views with their filters). Each is asked once through the real app (Starlette's
TestClient), in a fresh process per code tree, and the bodies' SHA-256 are compared. Three runs:

  base      ``--base``'s code on ``--db`` as it is (a store that code wrote)
  old       this code on ``--db`` opened read-only, unmigrated (what a stand-in serves)
  migrated  this code on a copy of ``--db`` that a writing open migrated

and prints, for ``old`` and ``migrated``, how many routes answer the same bytes as ``base`` (and which do not).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

ANSWER = """
import hashlib, json, sys
from starlette.testclient import TestClient
from storyline.web.app import create_app

db, todo = sys.argv[1], json.loads(sys.stdin.read())
found = {}
with TestClient(create_app(db, timeline_workers=0), base_url="http://127.0.0.1") as http:
    for name, url in todo:
        response = http.get(url)
        found[name] = [response.status_code, hashlib.sha256(response.content).hexdigest()]
print(json.dumps(found))
"""


def all_routes(db: Path) -> list[tuple[str, str]]:
    import web
    import web_views

    todo = web.routes(db)
    seen = {url for _, url in todo}
    extra = [*web_views.ROUTES, *FIGURES, *QUOTES]
    return todo + [(f"views {name}", url) for name, url in extra if url not in seen]


# the figures view read from its stored points (``storyline.store.figure_points``) or live: pages deep in
# the order, day ranges, other subjects, a word no figure has, the CSV and the page's chart
FIGURES = [
    ("figures p40", "/api/figures?offset=4000&limit=200"),
    ("figures last", "/api/figures?offset=32200&limit=500"),
    ("figures range", "/api/figures?from=2022-03-01&to=2022-03-31&offset=100"),
    ("figures from", "/api/figures?subject=killed&from=2022-06-01"),
    ("figures wounded", "/api/figures?subject=wounded%20civilians"),
    ("figures refugees", "/api/figures?subject=refugees&to=2022-04-30"),
    ("figures none", "/api/figures?subject=zzzz"),
    ("figures csv", "/api/figures?subject=killed&format=csv&limit=1000"),
    ("page figures inj", "/figures?subject=injured&offset=20"),
    ("page figures range", "/figures?from=2022-02-24&to=2022-02-28"),
]
# the quotes' totals and pages, and the entity page's mentions per day, read the articles' dates by an index
QUOTES = [
    ("quotes range", "/api/quotes?speaker=Putin&from=2022-03-01&to=2022-03-31&offset=40"),
    ("quotes words", "/api/quotes?q=gas%20Europe&limit=200"),
    ("quotes none", "/api/quotes?speaker=Nobody%20Known"),
    ("quotes deep", "/api/quotes?offset=20000&limit=50"),
    ("page quotes range", "/quotes?speaker=Zelensky&from=2022-02-24"),
    ("entity putin", "/api/entities/Vladimir%20Putin"),
    ("page entity macron", "/entities/Emmanuel%20Macron"),
]


def answers(tree: Path, db: Path, todo: list[tuple[str, str]]) -> dict[str, list[object]]:
    """Status and body hash per route, from ``tree``'s code in a process of its own."""
    env = os.environ | {"PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", ANSWER, str(db)], input=json.dumps(todo), env=env,
                          capture_output=True, text=True, check=False, cwd=tree)
    if done.returncode:
        sys.exit(f"{tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def copy_of(db: Path, copy: Path) -> Path:
    """``db`` with its WAL's commits, copied through SQLite's backup."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def migrated_copy(db: Path, folder: Path) -> Path:
    """A copy of ``db`` opened once for writing by this code (so it gets this code's migrations)."""
    from storyline.store import SQLiteStore

    copy = copy_of(db, folder / "migrated.db")
    before = {row[0] for row in sqlite3.connect(copy).execute("SELECT name FROM migrations")}
    with SQLiteStore(copy) as store:
        after = {row[0] for row in store.db.execute("SELECT name FROM migrations")}
    print(f"migrated copy: applied {', '.join(sorted(after - before)) or 'nothing'}", flush=True)
    return copy


def compare(label: str, base: dict[str, list[object]], other: dict[str, list[object]]) -> int:
    same = [name for name in base if other.get(name) == base[name]]
    print(f"{label}: {len(same)} of {len(base)} routes byte-identical to base"
          f" (statuses of base: {sorted({str(v[0]) for v in base.values()})})")
    for name in base:
        if name not in same:
            print(f"  differs: {name}: base {base[name]} vs {other.get(name)}")
    return len(base) - len(same)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a store the --base code can read")
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the code to compare with")
    args = parser.parse_args()
    todo = all_routes(args.db)
    with tempfile.TemporaryDirectory() as folder:
        old = copy_of(args.db, Path(folder) / "old.db")  # never written after: the same store for every run
        base = answers(args.base.resolve(), old, todo)
        unmigrated = answers(ROOT, old, todo)
        migrated = answers(ROOT, migrated_copy(old, Path(folder)), todo)
    differing = compare("old (read-only, unmigrated)", base, unmigrated)
    differing += compare("migrated", base, migrated)
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
