"""Opening the SQLite file, and turning SQLite's failures into coded ``StoreError``s.

A read-only connection uses a ``file:…?mode=ro`` URI: SQLite then never creates the file and never writes
it. Every statement runs through ``GuardedConnection``/``GuardedCursor``, so a damaged, locked or
unwritable file surfaces as a ``StoreError`` naming the file, never as a raw ``sqlite3`` traceback, even
when the damage is only met halfway through reading rows.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from storyline.errors import StoreError
from storyline.publisher import publisher

# SQLite result codes that mean "this file cannot be used", not "this statement is wrong": a wrong
# statement (no such column, constraint failed) is a bug in Storyline and keeps its own exception.
HINTS = {
    "SQLITE_NOTADB": "It is not a SQLite database: check the --db path",
    "SQLITE_CORRUPT": "The file is damaged: restore it from a backup or ingest into a new file",
    "SQLITE_IOERR": "The disk could not be read or written",
    "SQLITE_FULL": "The disk is full",
    "SQLITE_CANTOPEN": "Check that the file and its folder exist and can be read",
    "SQLITE_PERM": "Check the file's permissions",
    "SQLITE_READONLY": "The file or its folder is read-only: check the permissions",
    "SQLITE_BUSY": "Another process is writing to it: try again when it is done",
    "SQLITE_LOCKED": "Another process is writing to it: try again when it is done",
}


def connect(path: str, *, read_only: bool) -> GuardedConnection:
    """A connection to ``path``; read-only never creates, writes or converts the file."""
    try:
        if read_only:
            db = _connect_read_only(path)
        else:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, factory=GuardedConnection)
    except sqlite3.Error as error:
        raise _store_error(path, error, opening=True) from error
    db.store_path = path
    db.row_factory = sqlite3.Row
    register_publisher(db)
    return db


def register_publisher(db: sqlite3.Connection) -> None:
    """``publisher(url, canonical_url, source, format)``: what "independent sources" counts, usable in queries.
    The store's triggers call it when articles are written: any connection writing them needs it."""
    db.create_function("publisher", 4, _publisher, deterministic=True)


def _publisher(url: str | None, canonical_url: str | None, source: str | None, fmt: str | None) -> str:
    return publisher(url=url or "", canonical_url=canonical_url or "", source=source or "", format=fmt or "")


def _connect_read_only(path: str) -> GuardedConnection:
    if not Path(path).is_file():
        raise StoreError("E503", f"no store at {path}", hint="Run `storyline ingest` first")
    uri = Path(path).resolve().as_uri()
    db = _open_uri(f"{uri}?mode=ro")
    try:  # the plain method: this error must stay a sqlite3 one to be told apart
        sqlite3.Connection.execute(db, "SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        if not _cannot_share(error):
            db.close()
            raise
        # A WAL store in a folder we cannot write: SQLite cannot create the -shm file readers share. Nobody
        # can write the store there without creating its -wal file either, so reading it as immutable is safe.
        db.close()
        db = _open_uri(f"{uri}?mode=ro&immutable=1")
    return db


def _open_uri(uri: str) -> GuardedConnection:
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, factory=GuardedConnection)


def _cannot_share(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "")
    return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))


@contextmanager
def store_errors(path: str) -> Iterator[None]:
    """Inside: a ``sqlite3`` error that means the file cannot be used becomes a ``StoreError`` naming it."""
    try:
        yield
    except sqlite3.Error as error:
        raise_store_error(path, error)


def raise_store_error(path: str, error: sqlite3.Error) -> NoReturn:
    """Raise ``error`` as a ``StoreError`` when it means the file cannot be used, else unchanged."""
    if _kind(error) is None:
        raise error
    raise _store_error(path, error) from error


def _kind(error: sqlite3.Error) -> str | None:
    """The entry of HINTS for this error (by its primary result code), or None for a statement's own fault."""
    name = getattr(error, "sqlite_errorname", "") or ""
    for kind in HINTS:
        if name == kind or name.startswith(kind + "_"):
            return kind
    if type(error) is sqlite3.DatabaseError:  # no code attached: SQLite said the file itself is bad
        return "SQLITE_CORRUPT"
    return None


def _store_error(path: str, error: sqlite3.Error, *, opening: bool = False) -> StoreError:
    kind = _kind(error) or "SQLITE_CANTOPEN"
    code = "E503" if opening or kind in {"SQLITE_NOTADB", "SQLITE_CANTOPEN", "SQLITE_PERM"} else "E505"
    return StoreError(code, f"{path}: {error}", hint=HINTS[kind])


class GuardedCursor(sqlite3.Cursor):
    """A cursor whose every step maps SQLite's file errors to ``StoreError`` (try/except, not a context
    manager: ``__next__`` runs once per row)."""

    connection: GuardedConnection

    def execute(self, sql: str, parameters: Any = (), /) -> GuardedCursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as error:
            raise_store_error(self.connection.store_path, error)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> GuardedCursor:
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as error:
            raise_store_error(self.connection.store_path, error)

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as error:
            raise_store_error(self.connection.store_path, error)

    def fetchmany(self, size: int = 1) -> list[Any]:
        try:
            return super().fetchmany(size)
        except sqlite3.Error as error:
            raise_store_error(self.connection.store_path, error)

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as error:
            raise_store_error(self.connection.store_path, error)

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as error:
            raise_store_error(self.connection.store_path, error)


class GuardedConnection(sqlite3.Connection):
    """A connection whose statements, commits and rollbacks map SQLite's file errors to ``StoreError``."""

    store_path = ""

    def cursor(self, factory: Any = None) -> GuardedCursor:  # type: ignore[override]
        return super().cursor(factory or GuardedCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> GuardedCursor:  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> GuardedCursor:  # type: ignore[override]
        return self.cursor().executemany(sql, parameters)

    def commit(self) -> None:
        with store_errors(self.store_path):
            super().commit()

    def rollback(self) -> None:
        with store_errors(self.store_path):
            super().rollback()


def file_version(path: str) -> tuple[int, ...]:
    """Changes with every commit: the database file's and its WAL's size and modification time.

    Caches of what a store holds key on it, so a write (from any process) makes them stale.
    """
    version: list[int] = []
    for name in (path, path + "-wal"):
        try:
            found = os.stat(name)
        except OSError:
            version += [0, 0]
        else:
            version += [found.st_mtime_ns, found.st_size]
    return tuple(version)


# Generations of each file's commits, shared by this process's connections (``commit_version``).
_commit_lock = threading.Lock()
_commit_generations: dict[str, int] = {}


def commit_version(db: sqlite3.Connection, path: str) -> tuple[Any, ...]:
    """Changes with every commit another connection made to ``path`` that ``db`` can see, and only then.

    ``file_version`` also changes while a writer's transaction spills pages into the WAL and when it
    checkpoints: during an ingest, hundreds of times per commit, so caches keyed on it kept missing.
    ``PRAGMA data_version`` changes only on commits, but per connection; each connection that sees its value
    move (or is new) moves a generation shared by the process. A commit that completed before a request
    began is seen by that request's connection, which moved the generation past every key taken before the
    commit: nothing older is served under it. Commits ``db`` makes itself do not move ``data_version``: only
    for connections that never write (the web's readers)."""
    current = db.execute("PRAGMA data_version").fetchone()[0]
    with _commit_lock:
        if getattr(db, "seen_data_version", None) != current:
            db.seen_data_version = current  # type: ignore[attr-defined]
            _commit_generations[path] = _commit_generations.get(path, 0) + 1
        return ("commits", path, _commit_generations[path])
