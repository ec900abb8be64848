"""The store: one SQLite file by default (``SQLiteStore``), in memory for tests (``MemoryStore``)."""

from storyline.store.sqlite import MemoryStore, SQLiteStore, open_store

__all__ = ["MemoryStore", "SQLiteStore", "open_store"]
