"""What keeps the server fast on a big store: the lookup indexes and the facts' change counter (a migration a
read-only open does not require), responses kept per store version, one reused connection per thread, and
``storyline serve --workers``. Real stores made by the real pipeline; the server's speed itself is measured
by benchmarks/web.py, never asserted here.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from starlette.responses import JSONResponse, Response
from starlette.testclient import TestClient

from storyline.pipeline import ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.store.read_speed import ReadSpeed
from storyline.web import create_app, readers
from storyline.web.cache import RESPONSES, ResponseCache

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "000_eae2988b17b06bab.txt"
CLI = [sys.executable, "-c", "from storyline.cli import main; main()"]
SCHOLZ = {
    "title": "Scholz calls Erdogan",
    "date": "2022-03-05",
    "url": "https://example.org/scholz",
    "text": "German Chancellor Olaf Scholz spoke with Recep Tayyip Erdogan by telephone on Saturday. "
    "Scholz said the talks were frank, officials in Berlin said.",
}


def _jsonl(folder: Path, name: str, *articles: dict[str, str]) -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(article) + "\n" for article in articles), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def enriched_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed, enriched (entities, quotes, figures, events, stories)."""
    db = tmp_path_factory.mktemp("load") / "load.db"
    with SQLiteStore(db) as store:
        ingest([SEED], store=store, settings=Settings.load())
    return db


@pytest.fixture
def db(enriched_db: Path, tmp_path: Path) -> Path:
    """A copy each test may write."""
    copy = tmp_path / "copy.db"
    with SQLiteStore(enriched_db, read_only=True) as source, SQLiteStore(copy) as target:
        source.db.backup(target.db)
    return copy


def _client(path: Path) -> TestClient:
    return TestClient(create_app(path), base_url="http://localhost")


# --- the migration ---------------------------------------------------------------------------------


def test_the_migration_indexes_the_name_lookups(db: Path) -> None:
    with SQLiteStore(db, read_only=True) as store:
        names = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master")}
        assert {
            "entity_mentions_by_text_nocase",
            "quotes_by_speaker",
            "claims_by_source_nocase",
            "sentences_by_article_start",
            "fact_changes",
        } <= names
        plan = " ".join(
            str(tuple(row))
            for row in store.db.execute(
                "EXPLAIN QUERY PLAN SELECT canonical FROM entity_mentions WHERE canonical = ?1 COLLATE NOCASE"
                " OR text = ?1 COLLATE NOCASE",
                ("zelensky",),
            )
        )
        assert "entity_mentions_by_text_nocase" in plan and "SCAN entity_mentions" not in plan


def test_a_store_without_the_speed_migrations_opens_read_only_and_a_write_adds_them(db: Path) -> None:
    with sqlite3.connect(db) as raw:  # as an older Storyline left it
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_changes%'"):
            raw.execute(f"DROP TRIGGER {name}")
        raw.execute("DROP TABLE fact_changes")
        raw.executemany("DELETE FROM migrations WHERE name = ?", [(name,) for name, _ in ReadSpeed.MIGRATIONS])
    with SQLiteStore(db, read_only=True) as store:
        assert store.facts_version()[1] == "file"  # no counter: the file's version stands in
        assert store.resolve_names("Zelensky") == store.resolve_names("zelensky")
    with SQLiteStore(db) as store:
        assert store.facts_version()[1] == "facts"


# --- the facts' version ----------------------------------------------------------------------------


def test_storing_articles_keeps_the_facts_version_and_enriching_changes_it(db: Path, tmp_path: Path) -> None:
    with SQLiteStore(db) as store:
        before = store.facts_version()
        ingest(
            [_jsonl(tmp_path, "plain.jsonl", SCHOLZ)],
            store=store,
            settings=Settings.load({"enrich": False, "stories": False}),
        )
        assert store.stats()["articles"] == 2
        assert store.facts_version() == before  # no enrichment, no events: what the views read is the same
        ingest([], store=store, settings=Settings.load())  # completes what it owes: enrichment, events, stories
        assert store.facts_version() != before


def test_only_changes_of_articles_with_facts_change_the_facts_version(db: Path, tmp_path: Path) -> None:
    with SQLiteStore(db) as store:
        enriched = store.db.execute("SELECT article_id FROM enriched_articles LIMIT 1").fetchone()[0]
        ingest(
            [_jsonl(tmp_path, "plain.jsonl", SCHOLZ)],
            store=store,
            settings=Settings.load({"enrich": False, "stories": False}),
        )
        plain = store.db.execute("SELECT id FROM articles WHERE id != ?", (enriched,)).fetchone()[0]
        before = store.facts_version()
        store.db.execute("UPDATE articles SET duplicate_of = duplicate_of WHERE id = ?", (enriched,))
        store.db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (enriched, plain))  # an ingest's link
        assert store.facts_version() == before
        store.db.execute("UPDATE articles SET published = '2001-01-01' WHERE id = ?", (enriched,))
        assert store.facts_version() != before


# --- kept responses --------------------------------------------------------------------------------


def test_a_kept_view_stays_while_articles_arrive_and_is_remade_when_the_facts_change(db: Path, tmp_path: Path) -> None:
    client = _client(db)
    asked = {"q": "Scholz"}
    assert client.get("/api/entities", params=asked).json()["total"] == 0
    hits = RESPONSES.hits
    assert client.get("/api/entities", params=dict(reversed(asked.items()))).json()["total"] == 0
    assert RESPONSES.hits == hits + 1
    with SQLiteStore(db) as store:
        ingest(
            [_jsonl(tmp_path, "scholz.jsonl", SCHOLZ)],
            store=store,
            settings=Settings.load({"enrich": False, "stories": False}),
        )
    assert client.get("/api/entities", params=asked).json()["total"] == 0
    assert RESPONSES.hits == hits + 2  # a stored article alone changes no entity: still the kept answer
    assert client.get("/api/search", params={"q": "Scholz"}).json()["total"] == 1  # search sees it at once
    with SQLiteStore(db) as store:
        ingest([], store=store, settings=Settings.load())  # enriches it
    found = client.get("/api/entities", params=asked).json()
    assert found["total"] >= 1 and any(item["canonical"] == "Olaf Scholz" for item in found["items"])


def test_the_cache_keeps_only_whole_successes_within_its_bytes() -> None:
    cache = ResponseCache(max_bytes=100, max_body=80)
    for key in ("a", "b"):
        cache.get_or_make(key, lambda: Response(b"x" * 60))
    assert len(cache) == 1  # 120 bytes do not fit: the least recent went
    cache.get_or_make("big", lambda: Response(b"x" * 90))
    cache.get_or_make("missing", lambda: JSONResponse({"error": "HTTP404"}, status_code=404))
    assert len(cache) == 1
    again = cache.get_or_make("b", lambda: Response(b"other"))
    assert again.body == b"x" * 60 and again.headers["content-length"] == "60"


def test_requests_for_one_key_share_one_making() -> None:
    cache, made = ResponseCache(), []

    def make() -> Response:
        made.append(1)
        time.sleep(0.3)
        return Response(b"slow")

    threads = [threading.Thread(target=cache.get_or_make, args=("k", make)) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1


# --- reused connections ----------------------------------------------------------------------------


def test_a_thread_reuses_its_connection_sees_commits_and_reopens_a_replaced_file(db: Path, tmp_path: Path) -> None:
    path = str(db)
    with readers.reader(path) as first:
        count = first.stats()["articles"]
        assert first.db.execute("PRAGMA query_only").fetchone()[0] == 1
    with SQLiteStore(db) as store:
        ingest([_jsonl(tmp_path, "one.jsonl", SCHOLZ)], store=store, settings=Settings.load({"enrich": False}))
    with readers.reader(path) as second:
        assert second is first and second.stats()["articles"] == count + 1
    replacement = tmp_path / "replacement.db"
    shutil.copy(db, replacement)
    os.replace(replacement, db)
    with readers.reader(path) as third:
        assert third is not first and third.stats()["articles"] == count + 1


# --- serve --workers -------------------------------------------------------------------------------


def test_serve_with_two_worker_processes_answers(enriched_db: Path) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    command = [*CLI, "serve", "--db", str(enriched_db), "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(url + "/api/stats", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "serve --workers 2 did not start"
                time.sleep(0.3)
        with httpx.Client(base_url=url, timeout=30) as http:
            for path in ("/api/stats", "/api/entities?q=Zelensky", "/entities", "/api/quotes"):
                assert http.get(path).status_code == 200
            assert http.get("/api/stats", headers={"host": "elsewhere.example"}).status_code == 400
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_refuses_zero_workers(enriched_db: Path) -> None:
    done = subprocess.run(
        [*CLI, "serve", "--db", str(enriched_db), "--workers", "0"],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 2 and "--workers" in done.stderr


def test_kept_values_are_made_once_and_the_oldest_go() -> None:
    from storyline.web.cache import ValueCache

    cache, made = ValueCache(2), []
    for key in ("a", "b", "a", "c", "b"):
        cache.get_or_make(key, lambda key=key: made.append(key) or [key])
    assert made == ["a", "b", "c", "b"]  # "a" again was kept; "b" went when "c" came after "a" was used


def test_figure_pages_read_one_kept_list(db: Path) -> None:
    client = _client(db)
    whole = client.get("/api/figures", params={"limit": "500"}).json()
    assert whole["total"] == len(whole["items"]) and whole["total"] > 2
    second = client.get("/api/figures", params={"limit": "2", "offset": "2"}).json()
    assert second["items"] == whole["items"][2:4] and second["total"] == whole["total"]


def test_while_a_new_version_is_made_others_get_the_kept_one_and_a_lone_reader_the_new() -> None:
    cache, url = ResponseCache(), ("/api/search", (("q", "talks"),))
    cache.get_or_make(("v1", url), lambda: Response(b"old"), url=url)
    started = threading.Event()

    def slow() -> Response:
        started.set()
        time.sleep(0.5)
        return Response(b"new")

    maker = threading.Thread(target=cache.get_or_make, args=(("v2", url), slow), kwargs={"url": url})
    maker.start()
    started.wait()
    begun = time.monotonic()
    assert cache.get_or_make(("v2", url), slow, url=url).body == b"old"  # not waiting for the making
    assert time.monotonic() - begun < 0.4
    maker.join()
    assert cache.get_or_make(("v2", url), slow, url=url).body == b"new"
    assert cache.get_or_make(("v3", url), lambda: Response(b"newest"), url=url).body == b"newest"


def test_a_timeline_being_rebuilt_is_answered_with_the_kept_one(db: Path) -> None:
    import anyio
    from starlette.requests import Request

    from storyline.timeline.service import TimelineRequest
    from storyline.web.blocking import timeline_entries

    app = create_app(db)
    asked = TimelineRequest(query="Kyiv", max_dates=3)
    app.state.timelines[(asked, ("commits", str(db), -1))] = ["kept"]  # an older version's entries
    building: list[tuple] = []

    async def ask() -> list:
        # the version as the request's worker thread (anyio reuses the idle one) reads it
        now = (asked, await anyio.to_thread.run_sync(readers.commits_version, str(db)))
        building.append(now)
        app.state.timelines_building[now] = anyio.Event()  # another request is building this version
        with anyio.fail_after(5):  # never set: waiting for that build would fail
            return await timeline_entries(
                Request({"type": "http", "app": app, "query_string": b"", "headers": []}), asked
            )

    assert anyio.run(ask) == ["kept"]
    del app.state.timelines_building[building[0]]
    fresh = TestClient(app, base_url="http://localhost").get("/api/timeline", params={"q": "Kyiv", "max_dates": "3"})
    assert fresh.status_code == 200 and fresh.json()["items"] != ["kept"]  # alone: the store's own timeline


# --- views of articles: kept per commit, not per change of the files ----------------------------------------


def test_the_commit_version_moves_on_a_commit_not_while_a_transaction_writes_the_files(db: Path) -> None:
    from storyline.store.connection import file_version

    with SQLiteStore(db, read_only=True) as reader, SQLiteStore(db) as writer:
        before = reader.commits_version()
        assert reader.commits_version() == before  # nothing committed: the same
        writer.db.execute("PRAGMA cache_size = 10")  # a small cache spills the transaction's pages to the WAL
        files = file_version(str(db))
        writer.db.execute("BEGIN")
        writer.db.execute("CREATE TABLE scratch (x TEXT)")
        writer.db.executemany("INSERT INTO scratch VALUES (?)", [("x" * 2000,) for _ in range(500)])
        assert file_version(str(db)) != files  # the files changed before any commit …
        assert reader.commits_version() == before  # … the commits did not
        writer.db.commit()
        after = reader.commits_version()
        assert after != before
        assert reader.commits_version() == after


def test_a_new_connection_never_reuses_a_version_taken_before_a_commit(db: Path) -> None:
    with SQLiteStore(db, read_only=True) as first:
        before = first.commits_version()
        with SQLiteStore(db) as writer, writer.transaction():
            writer.db.execute("CREATE TABLE scratch (x INTEGER)")
        with SQLiteStore(db, read_only=True) as second:  # opened after the commit: its first look moves it
            assert second.commits_version() != before
        assert first.commits_version() != before


def test_views_of_articles_serve_nothing_stale_once_a_write_completes(db: Path, tmp_path: Path) -> None:
    with _client(db) as client:  # one event loop: its worker threads, and their connections, are reused
        articles = client.get("/api/stats").json()
        assert client.get("/api/search", params={"q": "Scholz"}).json()["total"] == 0
        hits = RESPONSES.hits
        assert client.get("/api/search", params={"q": "Scholz"}).json()["total"] == 0
        assert RESPONSES.hits == hits + 1  # no commit between: the kept answer
        with SQLiteStore(db) as store:
            ingest([_jsonl(tmp_path, "scholz.jsonl", SCHOLZ)], store=store,
                   settings=Settings.load({"enrich": False, "stories": False}))
        found = client.get("/api/search", params={"q": "Scholz"}).json()
        assert found["total"] == 1
        assert client.get(f"/api/articles/{found['items'][0]['id']}").status_code == 200
        assert client.get("/api/stats").json() != articles  # the counts too
