"""The store interface. Only ``storyline.store`` talks SQL.

A store is built from *parts*, one per stage (``ArticleTables``, ``EnrichmentTables``, ``EventTables``,
``StoryTables``). Each part owns its tables: it declares ``MIGRATIONS`` — ``(name, sql)`` pairs applied
once, in order, and recorded in the ``migrations`` table — and the methods that read and write them.
``SQLiteStore`` in ``storyline.store.sqlite`` is all the parts over one ``sqlite3`` connection;
``MemoryStore`` is the same over ``:memory:``, for unit tests.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


class StorePart:
    """Base of every store part: a connection and the migrations this part adds."""

    MIGRATIONS: tuple[tuple[str, str], ...] = ()
    db: sqlite3.Connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: commits on success, rolls back on error. Nested calls join the outer one."""
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN")
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        else:
            self.db.commit()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Several reads that see one state of the store (a write committing meanwhile is seen by none of
        them, not by half). Inside a transaction already: that one."""
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.rollback()  # nothing was written: ending the read is all
