"""Opening a store: files that are not stores are refused with a coded error, reads never write."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.store import SQLiteStore
from storyline.store.stories import StoryTables


def _store_with_journal(path: Path, mode: str) -> Path:
    with SQLiteStore(path):
        pass
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA journal_mode={mode}")
    db.close()
    return path


def _journal_mode(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        db.close()


def _refusal(path: Path, *, read_only: bool) -> StoreError:
    with pytest.raises(StoreError) as caught:
        SQLiteStore(path, read_only=read_only)
    assert str(path) in caught.value.describe()
    return caught.value


def test_read_only_never_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    error = _refusal(path, read_only=True)
    assert error.code == "E503" and "no store at" in error.detail and "storyline ingest" in error.hint
    assert not path.exists()


@pytest.mark.parametrize("content", [os.urandom(8192), b"title,date,text\nhello,2022-01-01,world\n" * 50],
                         ids=["random-bytes", "text-file"])
@pytest.mark.parametrize("read_only", [True, False])
def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, content: bytes, read_only: bool) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(content)
    error = _refusal(path, read_only=read_only)
    assert error.code == "E503" and "not a database" in error.detail
    assert path.read_bytes() == content


@pytest.mark.parametrize("read_only", [True, False])
def test_a_truncated_store_is_refused(tmp_path: Path, read_only: bool) -> None:
    whole = _store_with_journal(tmp_path / "whole.db", "delete").read_bytes()
    path = tmp_path / "cut.db"
    path.write_bytes(whole[: len(whole) // 3])
    assert _refusal(path, read_only=read_only).code == "E503"


@pytest.mark.parametrize("read_only", [True, False])
def test_a_foreign_sqlite_database_is_not_a_store(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    db.commit()
    db.close()
    error = _refusal(path, read_only=read_only)
    assert error.code == "E503" and "not a Storyline store" in error.detail
    db = sqlite3.connect(path)
    assert [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["users"]
    db.close()


def test_a_migrations_table_of_another_tool_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "rails.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT)")
    db.execute("INSERT INTO migrations VALUES ('20240101_create_users')")
    db.commit()
    db.close()
    assert "not a Storyline store" in _refusal(path, read_only=False).detail


@pytest.mark.parametrize("read_only", [True, False])
def test_a_store_from_a_newer_storyline_is_e501(tmp_path: Path, read_only: bool) -> None:
    path = _store_with_journal(tmp_path / "new.db", "delete")
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations (name) VALUES ('articles.0999.from_the_future')")
    db.commit()
    db.close()
    error = _refusal(path, read_only=read_only)
    assert error.code == "E501" and "articles.0999.from_the_future" in error.detail


def test_an_empty_file_becomes_a_store_when_writing_but_not_when_reading(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert _refusal(path, read_only=True).code == "E503"
    assert path.stat().st_size == 0
    with SQLiteStore(path) as store:
        assert store.stats()["articles"] == 0
    with SQLiteStore(path, read_only=True) as store:
        assert store.stats()["articles"] == 0


def _without_stories(path: Path) -> list[str]:
    """Make ``path`` a store from before stories existed: their tables and migration records gone."""
    names = [name for name, _ in StoryTables.MIGRATIONS]
    tables = {table for _, sql in StoryTables.MIGRATIONS for table in re.findall(r"CREATE TABLE (\w+)", sql)}
    db = sqlite3.connect(path)
    for table in tables:
        db.execute(f"DROP TABLE {table}")
    db.executemany("DELETE FROM migrations WHERE name = ?", [(name,) for name in names])
    db.commit()
    db.close()
    return names


def test_read_only_does_not_migrate_an_older_store(tmp_path: Path) -> None:
    path = _store_with_journal(tmp_path / "old.db", "delete")
    missing = _without_stories(path)
    before = path.read_bytes()
    error = _refusal(path, read_only=True)
    assert error.code == "E504" and missing[0] in error.detail and "storyline ingest" in error.hint
    assert path.read_bytes() == before
    with SQLiteStore(path) as store:  # a writing open upgrades it
        assert set(missing) <= {row[0] for row in store.db.execute("SELECT name FROM migrations")}
        assert store.list_stories() == []


def test_read_only_keeps_the_journal_mode_and_the_bytes(tmp_path: Path, seed_path: Path, settings) -> None:
    from storyline.pipeline import ingest

    path = tmp_path / "rollback.db"
    with SQLiteStore(path) as store:
        ingest([seed_path], store=store, settings=settings)
    _store_with_journal(path, "delete")
    before = path.read_bytes()
    with SQLiteStore(path, read_only=True) as store:
        assert store.stats()["articles"] == 1
        assert store.search("Kharkiv")
        with pytest.raises(StoreError) as caught, store.transaction():
            store.db.execute("DELETE FROM articles")
        assert caught.value.code == "E505"
    assert _journal_mode(path) == "delete"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rollback.db"]


def test_damage_met_while_reading_rows_is_a_store_error(tmp_path: Path) -> None:
    path = _store_with_journal(tmp_path / "damaged.db", "delete")
    with SQLiteStore(path) as store, store.transaction():
        store.db.executemany("INSERT INTO rejections (source, stage, code, message) VALUES (?, 'read', 'E101', ?)",
                             [(f"file{i}.txt", "x" * 500) for i in range(2000)])
    size = path.stat().st_size
    with path.open("r+b") as handle:  # scribble over the second half of the file, keep the header and schema
        handle.seek(size // 2)
        handle.write(b"\xa5" * (size - size // 2))
    store = SQLiteStore(path, read_only=True)  # the schema pages are whole: it opens
    with store, pytest.raises(StoreError) as caught:
        store.rejections(limit=10_000)
    assert caught.value.code == "E505" and str(path) in caught.value.detail and "damaged" in caught.value.hint
