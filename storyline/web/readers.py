"""One read-only store per worker thread and file, opened once and reused by every request that thread runs.

Opening a store checks its migrations and registers functions: milliseconds a request need not pay. A
reused connection sees every commit (each statement reads the newest snapshot) and never writes: it is
opened read-only and ``query_only``. The pragmas give reads memory: the file mapped (``mmap_size``) and a
page cache per connection (``cache_size``). A file replaced under the same path (another inode) or a
connection that met an error is opened afresh.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from storyline.errors import StoreError
from storyline.store import SQLiteStore

PRAGMAS = (
    "PRAGMA mmap_size = 268435456",  # 256 MiB of the file mapped: pages read without a copy
    "PRAGMA cache_size = -32768",  # 32 MiB of page cache per connection
    "PRAGMA temp_store = MEMORY",  # sorts and GROUP BY that spill stay in memory
    "PRAGMA busy_timeout = 2000",  # a writer's checkpoint can lock the WAL for a moment: wait, not fail
)
KEPT_PER_THREAD = 4  # stores a thread keeps open (tests open many files; a server one)

_local = threading.local()


@contextmanager
def reader(path: str) -> Iterator[SQLiteStore]:
    """This thread's read-only store for ``path``; closed and forgotten when SQLite or the file failed in it
    (a request's own errors, a bad parameter or a query past its deadline, keep it)."""
    store = _open(path)
    try:
        yield store
    except (sqlite3.Error, StoreError) as error:
        if getattr(error, "code", "") != "E506":
            _forget(path)
        raise


def story_timeline_version(path: str) -> tuple[Any, ...]:
    """``SQLiteStore.story_timeline_version`` of ``path``, read with this thread's store."""
    with reader(path) as store:
        return store.story_timeline_version()


def commits_version(path: str) -> tuple[Any, ...]:
    """``SQLiteStore.commits_version`` of ``path``, read with this thread's store."""
    with reader(path) as store:
        return store.commits_version()


def _kept() -> OrderedDict[str, tuple[tuple[int, int], SQLiteStore]]:
    if not hasattr(_local, "stores"):
        _local.stores = OrderedDict()
    return _local.stores


def _identity(path: str) -> tuple[int, int]:
    try:
        found = os.stat(path)
    except OSError:
        return (0, 0)
    return (found.st_dev, found.st_ino)


def _open(path: str) -> SQLiteStore:
    kept = _kept()
    identity = _identity(path)
    if path in kept:
        known, store = kept[path]
        if known == identity:
            kept.move_to_end(path)
            return store
        _forget(path)
    store = SQLiteStore(path, read_only=True)
    for pragma in PRAGMAS:
        store.db.execute(pragma)
    store.add_stand_ins()  # temp_store dropped those an older store's open made; query_only forbids making them
    store.db.execute("PRAGMA query_only = 1")
    kept[path] = (identity, store)
    while len(kept) > KEPT_PER_THREAD:
        _, (_, oldest) = kept.popitem(last=False)
        oldest.close()
    return store


def _forget(path: str) -> None:
    found = _kept().pop(path, None)
    if found is not None:
        found[1].close()
