"""Store work off the event loop, with a deadline.

SQLite calls and the timeline's CPU work block, so every endpoint's body runs in a worker thread
(``anyio.to_thread``) under one ``CapacityLimiter`` per app: a slow timeline holds one thread while the
event loop keeps answering everyone else, and at most ``workers`` requests touch the store at once.

Each request opens the store read-only in its thread and gets a deadline: a SQLite progress handler stops
the statement running past it, which answers E506 (503, "query took too long") instead of holding a thread.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Awaitable, Callable
from functools import wraps

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from storyline.errors import StoreError
from storyline.store import SQLiteStore

Work = Callable[[Request, SQLiteStore], Response]
Endpoint = Callable[[Request], Awaitable[Response]]
PROGRESS_STEPS = 5_000  # SQLite VM steps between deadline checks: microseconds apart


def off_the_loop(work: Work) -> Endpoint:
    """An async endpoint that runs ``work(request, store)`` in a worker thread with the store open."""

    @wraps(work)
    async def endpoint(request: Request) -> Response:
        return await anyio.to_thread.run_sync(_with_store, work, request, limiter=limiter(request))

    return endpoint


def limiter(request: Request) -> anyio.CapacityLimiter:
    state = request.app.state
    if getattr(state, "limiter", None) is None:  # made in the loop that uses it
        state.limiter = anyio.CapacityLimiter(state.workers)
    return state.limiter


def _with_store(work: Work, request: Request) -> Response:
    state = request.app.state
    deadline = time.monotonic() + state.query_seconds
    with SQLiteStore(state.db_path, read_only=True) as store:
        store.db.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            return work(request, store)
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorname", "") != "SQLITE_INTERRUPT":
                raise
            raise StoreError("E506", f"query took too long (over {state.query_seconds:g} s)",
                             hint="Narrow the request: fewer words, a date range, a smaller limit") from error
