"""SQLiteStore: every store part over one SQLite file (WAL, FTS5, migrations recorded)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from storyline.errors import StoreError
from storyline.records import Enrichment
from storyline.store.articles import ArticleTables
from storyline.store.enrichment import EnrichmentTables
from storyline.store.events import EventTables
from storyline.store.stories import StoryTables

PARTS = (ArticleTables, EnrichmentTables, EventTables, StoryTables)


class SQLiteStore(ArticleTables, EnrichmentTables, EventTables, StoryTables):
    """The default store. ``SQLiteStore("storyline.db")``; use as a context manager to close it."""

    def __init__(self, path: str | Path = "storyline.db") -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise StoreError("E503", f"{self.path}: {error}") from error
        self.db.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    def migrate(self) -> list[str]:
        """Apply every part's migrations not yet recorded; return the names applied."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL"
            " DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
        )
        done = {row[0] for row in self.db.execute("SELECT name FROM migrations")}
        applied = []
        for part in PARTS:
            for name, sql in part.MIGRATIONS:
                if name in done:
                    continue
                with self.transaction():
                    for statement in _statements(sql):
                        self.db.execute(statement)
                    self.db.execute("INSERT INTO migrations (name) VALUES (?)", (name,))
                applied.append(name)
        return applied

    def enrichment_with_events(self, article_id: str) -> Enrichment | None:
        """An article's enrichment with its events joined back (the events part keeps them in tables of its own)."""
        enrichment, events = self.get_enrichment(article_id), self.get_events(article_id)
        if enrichment is None and not events:
            return None
        return replace(enrichment or Enrichment(article_id=article_id), events=events)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class MemoryStore(SQLiteStore):
    """The same store in memory: a fresh, empty database per instance, for unit tests."""

    def __init__(self) -> None:
        super().__init__(":memory:")


def open_store(path: str | Path | None = None) -> SQLiteStore:
    return SQLiteStore(path or "storyline.db")


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (sqlite3.complete_statement knows about triggers)."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
