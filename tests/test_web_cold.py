"""The stored publishers (``article_publishers``, kept by triggers) and the views that count with them.

A store written before the table existed is made here by removing it (and its migration record) from a new
store: exactly what an older Storyline left. It must migrate on a writing open, read the same through the
stand-in on a read-only open, and every view must count the same independent sources either way — and the
same as ``storyline.publisher`` computed in Python.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from storyline.publisher import publisher
from storyline.records import Actor, Article, Event, Place
from storyline.store import SQLiteStore
from storyline.store.connection import register_publisher
from storyline.store.event_views import EventQuery
from storyline.web.app import create_app
from storyline.web.cache import RESPONSES

# (id, url, source): two articles of one site (with and without www.), one of another, one without a URL
# whose publisher is its file's folder
ARTICLES = (
    ("a1", "https://www.example.org/one", "feeds/wire.jsonl"),
    ("a2", "https://example.org/two", "feeds/wire.jsonl"),
    ("a3", "https://news.test/three", "feeds/wire.jsonl"),
    ("a4", "", "kremlin/releases.csv"),
)
NEW_MIGRATIONS = ("speed_0003_article_publishers", "speed_0004_view_indexes", "speed_0005_analyst_indexes")
ROUTES = (
    "/api/events", "/api/events?source=example.org", "/api/map", "/api/network", "/api/stories",
    "/api/quotes", "/api/figures", "/events?source=kremlin", "/map", "/network", "/figures",
)


def article(article_id: str, url: str, source: str) -> Article:
    return Article(
        id=article_id, source=source, format="jsonl", title=f"Title {article_id}", text=f"Text of {article_id}.",
        url=url, canonical_url="", published=datetime(2022, 3, int(article_id[1]), tzinfo=UTC),
        date_precision="day", language="en", language_score=1.0, author="", content_hash=f"h{article_id}",
        raw_sha=f"r{article_id}",
    )


def event(article_id: str, kind: str, actor: str, recipient: str, place: str) -> Event:
    return Event(
        type=kind, mode="", actor=Actor(actor, "RUS"), recipient=Actor(recipient, "UKR"), date="2022-03-02",
        date_precision="day", article_id=article_id, sentence_start=0, sentence_end=10,
        sentence=f"{actor} {kind} {recipient}.", confidence=0.9,
        place=Place(place, 50.0, 36.2, "UA", "city", 0, 5), trigger=kind.lower(),
    )


def old_store(path: Path) -> Path:
    """A store as the Storyline before ``article_publishers`` wrote it, with articles and events."""
    with SQLiteStore(path) as store:
        store.put_articles([article(*row) for row in ARTICLES])
        store.put_events([
            event(article_id, kind, "Vladimir Putin", "Volodymyr Zelenskyy", "Kharkiv")
            for article_id, *_ in ARTICLES for kind in ("ASSAULT", "CONSULT")
        ] + [event("a3", "ASSAULT", "Russia", "Ukraine", "Kyiv")])
        store.merge_stored_events()
    db = sqlite3.connect(path, isolation_level=None)
    for trigger in ("insert", "update", "delete"):
        db.execute(f"DROP TRIGGER article_publishers_{trigger}")
    db.execute("DROP TABLE article_publishers")
    for index in ("events_by_type_article", "events_by_article_type", "events_by_month", "events_by_place",
                  "events_by_edge", "entity_mentions_by_canonical_label", "entity_mentions_by_label_canonical",
                  "articles_by_id_published"):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    db.executemany("DELETE FROM migrations WHERE name = ?", [(name,) for name in NEW_MIGRATIONS])
    db.close()
    return path


def expected_publishers() -> dict[str, str]:
    return {row[0]: publisher(url=row[1], source=row[2], format="jsonl") for row in ARTICLES}


def stored_publishers(store: SQLiteStore) -> dict[str, str]:
    return {row[0]: row[1] for row in store.db.execute("SELECT article_id, publisher FROM article_publishers")}


def views(store: SQLiteStore) -> list[object]:
    everything, kremlin = EventQuery(), EventQuery(source=("kremlin",))
    return [
        store.event_totals(everything), store.event_facets(everything), store.event_rows(everything, limit=100),
        store.event_places(everything), store.event_edges(everything), store.event_totals(kremlin),
        store.event_rows(kremlin), store.list_stories(), store.figure_subjects(), store.publisher_map(),
    ]


def test_a_writing_open_migrates_an_old_store(tmp_path: Path) -> None:
    db = old_store(tmp_path / "old.db")
    with SQLiteStore(db) as store:
        assert stored_publishers(store) == expected_publishers()
        assert set(expected_publishers().values()) == {"example.org", "news.test", "kremlin"}
        applied = {row[0] for row in store.db.execute("SELECT name FROM migrations")}
        assert set(NEW_MIGRATIONS) <= applied
        assert store.event_totals(EventQuery()) == {"mentions": 9, "articles": 4, "sources": 3}


def test_the_triggers_follow_inserts_updates_and_deletes(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "new.db") as store:
        store.put_articles([article(*row) for row in ARTICLES])
        store.db.execute("UPDATE articles SET url = 'https://other.test/x' WHERE id = 'a1'")
        store.db.execute("UPDATE articles SET canonical_url = 'https://canon.test/y' WHERE id = 'a2'")
        store.db.execute("DELETE FROM articles WHERE id = 'a3'")
        found = stored_publishers(store)
    assert found == {"a1": "other.test", "a2": "canon.test", "a4": "kremlin"}


def test_a_bare_connection_needs_the_function_to_write_articles(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    SQLiteStore(db).close()
    insert = (
        "INSERT INTO articles (id, source, format, title, text, url, canonical_url, date_precision, language,"
        " language_score, author, content_hash, raw_sha) VALUES ('b1', 's', 'jsonl', 't', 'x', ?, '', 'day', 'en',"
        " 1.0, '', 'h', 'r')"
    )
    bare = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="no such function: publisher"):
        bare.execute(insert, ("https://bare.test/1",))
    register_publisher(bare)
    bare.execute(insert, ("https://bare.test/1",))
    assert bare.execute("SELECT publisher FROM article_publishers WHERE article_id = 'b1'").fetchone() == ("bare.test",)
    bare.close()


def old_and_migrated(tmp_path: Path) -> tuple[Path, Path]:
    """An old store, and a copy of it that a writing open has migrated."""
    old = old_store(tmp_path / "old.db")
    migrated = tmp_path / "migrated.db"
    with sqlite3.connect(old) as source, sqlite3.connect(migrated) as target:
        source.backup(target)
    SQLiteStore(migrated).close()
    return old, migrated


def test_a_read_only_old_store_reads_the_same_as_a_migrated_one(tmp_path: Path) -> None:
    old, migrated = old_and_migrated(tmp_path)
    before = old.read_bytes()
    with SQLiteStore(old, read_only=True) as reading, SQLiteStore(migrated, read_only=True) as upgraded:
        assert stored_publishers(reading) == expected_publishers()  # the stand-in
        assert views(reading) == views(upgraded)
        assert reading.event_totals(EventQuery(source=("example.org",)))["articles"] == 2
    assert old.read_bytes() == before  # the stand-in is temporary: the file is never written
    assert not {row[0] for row in sqlite3.connect(old).execute("SELECT name FROM migrations")} & set(NEW_MIGRATIONS)


def test_every_route_answers_the_same_bytes_on_an_old_and_a_migrated_store(tmp_path: Path) -> None:
    old, migrated = old_and_migrated(tmp_path)
    bodies = []
    for db in (old, migrated):
        RESPONSES.clear()
        with TestClient(create_app(db, timeline_workers=0), base_url="http://127.0.0.1") as http:
            answers = [http.get(url) for url in ROUTES]
        assert [response.status_code for response in answers] == [200] * len(ROUTES)
        bodies.append([response.content for response in answers])
    assert bodies[0] == bodies[1]
    assert b'"sources":3' in bodies[1][0] and b'"sources":1' in bodies[1][1]
