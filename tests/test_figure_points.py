"""The stored figure points (``storyline.store.figure_points``): a writing store's close fills them, they are
read only while they are those of the facts as they are now, and the figures view answers byte for byte the
same from them as from the figures read live — on stores the real pipeline wrote (ingest + enrichment)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from storyline.cli import main
from storyline.records import Article
from storyline.store import SQLiteStore
from storyline.web.app import create_app
from storyline.web.cache import RESPONSES
from storyline.web.views import figures

# two outlets' tolls of one blast (a disagreement), a wounded count, refugees on another day
CORPUS = [
    ("https://www.reuters.com/world/blast-1", "2022-03-01T10:00:00Z", "Blast kills 12 in market",
     "A bomb exploded in a crowded market in the city on Tuesday. Officials said 12 people were killed in the "
     "explosion. Doctors said 30 people were wounded. Rescue teams searched the rubble through the afternoon."),
    ("https://apnews.com/article/blast-2", "2022-03-01T18:00:00Z", "Market bombing toll rises",
     "A bomb tore through a busy market in the city on Tuesday. Police said 15 people were killed in the blast. "
     "Hospitals in the region appealed for blood donors as the wounded arrived throughout the evening."),
    ("https://www.bbc.co.uk/news/refugees-3", "2022-03-09T09:00:00Z", "Refugees cross the border",
     "More than 2 million refugees have fled Ukraine, the United Nations said on Wednesday. About 400 people "
     "were evacuated from Sumy, officials said. The city council said 21 civilians died in the strikes."),
]
LATER = [
    ("https://www.dw.com/en/blast-4", "2022-03-01T20:00:00Z", "Blast toll disputed",
     "The bomb in the market killed people on Tuesday. The mayor said 9 people were killed in the attack."),
]
URLS = (
    "/api/figures", "/api/figures?subject=killed", "/api/figures?subject=wounded", "/api/figures?subject=refugees",
    "/api/figures?subject=zzzz", "/api/figures?from=2022-03-02", "/api/figures?to=2022-03-01&subject=killed",
    "/api/figures?limit=2&offset=1", "/api/figures?format=csv", "/figures", "/figures?subject=killed",
    "/figures?subject=died&limit=1&offset=1",
)


def write_corpus(path: Path, articles: list[tuple[str, str, str, str]]) -> Path:
    lines = [json.dumps({"url": url, "published": published, "title": title, "text": text})
             for url, published, title, text in articles]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(db: Path, articles: list[tuple[str, str, str, str]], name: str = "corpus") -> Path:
    corpus = write_corpus(db.parent / f"{name}.jsonl", articles)
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def answers(db: Path) -> dict[str, tuple[int, bytes]]:
    """Every figures URL's status and body from a fresh read-only app (no response or value remembered)."""
    RESPONSES.clear()
    figures.FIGURES.clear()
    with TestClient(create_app(str(db), timeline_workers=0), base_url="http://127.0.0.1") as http:
        return {url: (response.status_code, response.content) for url in URLS if (response := http.get(url))}


def copy_of(db: Path, copy: Path) -> Path:
    """A copy through SQLite (a file copy would miss what is still in the write-ahead log)."""
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def without_points(db: Path, copy: Path) -> Path:
    """A copy of ``db`` as a Storyline before the stored points left it: no tables, no migration record."""
    copy_of(db, copy)
    connection = sqlite3.connect(copy, isolation_level=None)
    for table in ("figure_points", "figure_subject_counts", "figure_points_state"):
        connection.execute(f"DROP TABLE {table}")
    connection.execute("DELETE FROM migrations WHERE name = 'figures_0001_points'")
    connection.close()
    return copy


def stored(db: Path) -> tuple[bool, int]:
    with SQLiteStore(db, read_only=True) as store:
        count = store.db.execute("SELECT count(*) FROM figure_points").fetchone()[0]
        return store.figure_points_fresh(), count


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest(tmp_path_factory.mktemp("points") / "storyline.db", CORPUS)


def test_a_writing_close_stores_every_point_the_live_read_finds(store: Path) -> None:
    with SQLiteStore(store, read_only=True) as opened:
        assert opened.figure_points_fresh()
        live = opened.figure_rows()
        points = opened.stored_figure_points(opened.stored_figure_positions("1", [], limit=-1, offset=0))
        subjects = opened.figure_subjects(limit=100)
        assert opened.db.execute("SELECT count(*) FROM figure_subject_counts").fetchone()[0] == len(subjects)
    assert len(live) >= 6 and len(points) == len(live)
    assert sorted((p["article_id"], p["start"]) for p in points) == sorted((r["article_id"], r["start"]) for r in live)
    assert {p["count"] for p in points} >= {"people killed", "people wounded"}


def test_the_stored_points_answer_what_the_live_read_does(store: Path, tmp_path: Path) -> None:
    live = answers(without_points(store, tmp_path / "live.db"))
    from_points = answers(store)
    assert [url for url in URLS if from_points[url] != live[url]] == []
    killed = json.loads(from_points["/api/figures?subject=killed"][1])
    assert killed["total"] >= 3 and len(killed["disagreements"]) == 1
    assert {point["disputed"] for point in killed["items"]} == {True, False}


def test_an_older_store_reads_live_and_its_next_writing_open_fills_the_points(store: Path, tmp_path: Path) -> None:
    old = without_points(store, tmp_path / "old.db")
    with SQLiteStore(old, read_only=True) as opened:
        assert not opened.figure_points_fresh()
        assert opened.figure_subjects() == SQLiteStore(store, read_only=True).figure_subjects()
    SQLiteStore(old).close()
    assert stored(old) == stored(store)


def test_the_points_follow_inserts_and_deletes(store: Path, tmp_path: Path) -> None:
    db = tmp_path / "growing.db"
    copy_of(store, db)
    before = stored(db)[1]
    with SQLiteStore(db) as opened:  # facts written while a store is open: the points are stale, not read
        opened.db.execute(  # its enrichment removed: its claims and sentences go with it
            "DELETE FROM enriched_articles WHERE article_id IN"
            " (SELECT id FROM articles WHERE url = 'https://apnews.com/article/blast-2')"
        )
        assert not opened.figure_points_fresh()
        deleted = answers(db)
    fresh, after_delete = stored(db)
    assert fresh and after_delete < before
    assert answers(db) == deleted
    assert json.loads(deleted["/api/figures?subject=killed"][1])["disagreements"] == []

    ingest(db, LATER, name="later")  # enriches the new article, and again the one whose enrichment went
    fresh, after_insert = stored(db)
    assert fresh and after_insert > after_delete
    grown = answers(db)
    assert grown == answers(without_points(db, tmp_path / "grown-live.db"))
    [disagreement] = json.loads(grown["/api/figures?subject=killed"][1])["disagreements"]
    assert sorted(report["value"] for report in disagreement["reports"]) == [9.0, 12.0, 15.0]


def test_only_storing_articles_keeps_the_points_in_use(store: Path, tmp_path: Path) -> None:
    db = tmp_path / "ingesting.db"
    copy_of(store, db)
    with SQLiteStore(db) as opened:
        version = opened.facts_version()
        opened.put_articles([Article(
            id="new", source="feeds/new.jsonl", format="jsonl", title="New", text="Text of a new article.",
            url="https://new.test/a", canonical_url="", published=datetime(2022, 3, 2, tzinfo=UTC),
            date_precision="day", language="en", language_score=1.0, author="", content_hash="hnew", raw_sha="rnew",
        )])
        assert opened.facts_version() == version and opened.figure_points_fresh()
