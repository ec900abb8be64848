"""SQLiteStore: every store part over one SQLite file (WAL, FTS5, migrations recorded), or read-only."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from storyline.errors import StoreError
from storyline.records import Enrichment
from storyline.store.analyst import AnalystQueries
from storyline.store.articles import ArticleTables
from storyline.store.connection import connect, store_errors
from storyline.store.enrichment import EnrichmentTables
from storyline.store.event_views import EventViews
from storyline.store.events import EventTables
from storyline.store.figure_points import FigurePoints
from storyline.store.read_speed import ARTICLE_PUBLISHERS_STAND_IN, ReadSpeed
from storyline.store.stories import StoryTables
from storyline.store.timeline import TimelineTables

# FigurePoints after ReadSpeed: its freshness is read from ReadSpeed's change counter
PARTS = (ArticleTables, EnrichmentTables, EventTables, StoryTables, TimelineTables, ReadSpeed, FigurePoints)
KNOWN_MIGRATIONS = frozenset(name for part in PARTS for name, _ in part.MIGRATIONS)
# only for speed: a read-only open accepts a store without them (it reads the same, slower)
OPTIONAL_MIGRATIONS = frozenset(name for part in PARTS for name in getattr(part, "OPTIONAL", ()))


class SQLiteStore(
    ArticleTables,
    EnrichmentTables,
    EventTables,
    StoryTables,
    TimelineTables,
    AnalystQueries,
    EventViews,
    ReadSpeed,
    FigurePoints,
):
    """The default store. ``SQLiteStore("storyline.db")``; use as a context manager to close it.

    ``read_only=True`` is for commands and pages that only read: the file must already be a store of this
    version; it is never created, migrated, switched to WAL or written.
    """

    def __init__(self, path: str | Path = "storyline.db", *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.db = connect(self.path, read_only=read_only and self.path != ":memory:")
        try:
            with store_errors(self.path):
                self._open()
        except StoreError as error:
            self.db.close()
            if error.code == "E505":  # damage found while opening: the file cannot be opened (E503)
                raise StoreError("E503", error.detail, hint=error.hint) from error
            raise
        except BaseException:
            self.db.close()
            raise

    def _open(self) -> None:
        recorded = self._recorded_migrations()
        if self.read_only:
            self._check_current(recorded)
            self.add_stand_ins()
            return
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    def _recorded_migrations(self) -> set[str]:
        """Names in the ``migrations`` table; refuses a file that holds someone else's tables or a newer schema."""
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "migrations" not in tables:
            if tables:
                raise StoreError("E503", f"{self.path} is not a Storyline store (it holds other tables)",
                                 hint="Point --db at a Storyline store, or at a new file to start one")
            return set()
        recorded = {str(row[0]) for row in self.db.execute("SELECT name FROM migrations")}
        unknown = recorded - KNOWN_MIGRATIONS
        if unknown and not recorded & KNOWN_MIGRATIONS:
            raise StoreError("E503", f"{self.path} is not a Storyline store (unknown migrations table)",
                             hint="Point --db at a Storyline store, or at a new file to start one")
        if unknown:
            raise StoreError("E501", f"{self.path} has migrations {', '.join(sorted(unknown))}",
                             hint="Upgrade Storyline to read it")
        return recorded

    def _check_current(self, recorded: set[str]) -> None:
        if not recorded:
            raise StoreError("E503", f"{self.path} is an empty file, not a store", hint="Run `storyline ingest` first")
        missing = KNOWN_MIGRATIONS - OPTIONAL_MIGRATIONS - recorded
        if missing:
            raise StoreError("E504", f"{self.path} lacks {', '.join(sorted(missing))}",
                             hint="Run a writing command once (`storyline ingest` or `storyline repair`) to upgrade it")

    def add_stand_ins(self) -> None:
        """On a read-only open of an older store, temporary views stand in for the tables it lacks (they read
        the same, slower). Call again after ``PRAGMA temp_store``, which drops every temporary object."""
        if not self.read_only:
            return
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_publishers'").fetchone():
            self.db.execute(ARTICLE_PUBLISHERS_STAND_IN)

    def migrate(self) -> list[str]:
        """Apply every part's migrations not yet recorded; return the names applied."""
        if self.read_only:
            raise StoreError("E504", f"{self.path} is open read-only", hint="Open it without read_only to migrate")
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
        """Close; a writing store first stores the figure points of its facts if they changed (a writing
        command pays the second it takes once, not every figures page after it)."""
        try:
            self.refresh_figure_points_quietly()
        finally:
            self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class MemoryStore(SQLiteStore):
    """The same store in memory: a fresh, empty database per instance, for unit tests."""

    def __init__(self) -> None:
        super().__init__(":memory:")


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> SQLiteStore:
    return SQLiteStore(path or "storyline.db", read_only=read_only)


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
