"""Store work off the event loop, with a deadline.

SQLite calls block, so every endpoint's body runs in a worker thread (``anyio.to_thread``) under one
``CapacityLimiter`` per app: at most ``workers`` requests touch the store at once, and the event loop keeps
answering. A timeline is seconds of Python CPU work: in a thread it would hold the GIL and slow every other
request, so it runs in a worker process (``anyio.to_process``), at most ``timeline_workers`` at once, and
cheap requests never queue behind timelines. A timeline is built once per version of the store:
clients asking for the same one meanwhile share the build, and later ones get it until a write lands.

Each worker thread opens the store read-only once and reuses that connection (``readers``), and each
request gets a deadline: a SQLite progress handler stops the statement running past it, which answers E506
(503, "query took too long") instead of holding a worker.

Views of the analyst's facts (``cached_off_the_loop``: entities, quotes, figures, events, map, network,
stories) keep their responses per URL and ``facts_version`` (``storyline.store.read_speed``): asking again is
a lookup until enrichment, events or stories change — an ingest that only stores articles does not. Views
of articles (``file_cached_off_the_loop``: search, article, counts) keep theirs until the next commit.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

import anyio
import anyio.to_process
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from storyline.errors import StoreError, StorylineError
from storyline.store import SQLiteStore
from storyline.timeline.service import TimelineRequest
from storyline.web import readers
from storyline.web.cache import RESPONSES

Work = Callable[[Request, SQLiteStore], Response]
Endpoint = Callable[[Request], Awaitable[Response]]
PROGRESS_STEPS = 5_000  # SQLite VM steps between deadline checks: microseconds apart
TIMELINES_KEPT = 64


def off_the_loop(work: Work) -> Endpoint:
    """An async endpoint that runs ``work(request, store)`` in a worker thread with the store open."""

    @wraps(work)
    async def endpoint(request: Request) -> Response:
        return await anyio.to_thread.run_sync(_with_store, work, request, limiter=limiter(request))

    return endpoint


def cached_off_the_loop(work: Work) -> Endpoint:
    """``off_the_loop``, the response kept per URL and facts version (``RESPONSES``): for views that read
    only enrichment, events and stories, so new articles alone do not make them stale."""
    return _kept_off_the_loop(work, lambda store: store.facts_version())


def file_cached_off_the_loop(work: Work) -> Endpoint:
    """``off_the_loop``, the response kept per URL and commit of the store (``commits_version``): for views of
    articles (search, an article, the counts), which any commit may change."""
    return _kept_off_the_loop(work, lambda store: store.commits_version())


def _kept_off_the_loop(work: Work, version: Callable[[SQLiteStore], tuple[Any, ...]]) -> Endpoint:
    @wraps(work)
    async def endpoint(request: Request) -> Response:
        return await anyio.to_thread.run_sync(_cached_with_store, work, version, request, limiter=limiter(request))

    return endpoint


async def timeline_entries(request: Request, asked: TimelineRequest) -> list[dict[str, Any]]:
    """The timeline's entries, built once per store version: a request that arrives while the same timeline
    is being built gets the version kept before it at once (stale while revalidating: during an ingest a
    rebuild can take seconds), else waits for that build; the result is kept until the store changes."""
    state = request.app.state
    key = (asked, await _timeline_version(request, asked))
    if key in state.timelines:
        return state.timelines[key]
    building = state.timelines_building.get(key)
    if building is not None:
        older = [entries for (kept, _), entries in state.timelines.items() if kept == asked]
        if older:
            return older[-1]  # the newest kept: insertion order
        await building.wait()
        if key in state.timelines:
            return state.timelines[key]
    state.timelines_building[key] = done = anyio.Event()
    try:
        entries = await _build_timeline(request, asked)
    finally:
        del state.timelines_building[key]
        done.set()
    while len(state.timelines) >= TIMELINES_KEPT:
        del state.timelines[next(iter(state.timelines))]
    state.timelines[key] = entries
    return entries


async def _timeline_version(request: Request, asked: TimelineRequest) -> tuple[Any, ...]:
    """A story's timeline reads only facts (its articles, their rows): it stays valid while an ingest stores
    new articles; a timeline of a search changes with every article stored."""
    path = request.app.state.db_path
    if asked.query or asked.keywords or not asked.story:
        return await anyio.to_thread.run_sync(readers.commits_version, path, limiter=limiter(request))
    return await anyio.to_thread.run_sync(readers.story_timeline_version, path, limiter=limiter(request))


async def _build_timeline(request: Request, asked: TimelineRequest) -> list[dict[str, Any]]:
    """Built in a worker process; its errors are raised here as they were there."""
    state = request.app.state
    if state.timeline_workers == 0:  # no processes (tests of the threads alone): a thread then
        return await anyio.to_thread.run_sync(
            _timeline, state.db_path, asked, state.query_seconds, limiter=limiter(request)
        )
    outcome = await anyio.to_process.run_sync(
        _timeline_outcome,
        state.db_path,
        asked,
        state.query_seconds,
        limiter=limiter(request, "timeline_limiter", state.timeline_workers),
    )
    if outcome[0] == "error":
        code, detail, hint = outcome[1:]
        raise StorylineError(code, detail, hint=hint)
    return outcome[1]


def limiter(request: Request, name: str = "limiter", size: int | None = None) -> anyio.CapacityLimiter:
    state = request.app.state
    if getattr(state, name, None) is None:  # made in the loop that uses it
        setattr(state, name, anyio.CapacityLimiter(size or state.workers))
    return getattr(state, name)


def _with_store(work: Work, request: Request) -> Response:
    with _deadline_store(request.app.state.db_path, request.app.state.query_seconds) as store:
        return work(request, store)


def _cached_with_store(work: Work, version: Callable[[SQLiteStore], tuple[Any, ...]], request: Request) -> Response:
    with _deadline_store(request.app.state.db_path, request.app.state.query_seconds) as store:
        # the version is read before the work: a write landing between them is kept under the older
        # version, which the next request no longer asks for (never older facts under a newer version)
        url = (request.url.path, _query_key(request))
        return RESPONSES.get_or_make((version(store), *url), lambda: work(request, store), url=url)


def _query_key(request: Request) -> tuple[tuple[str, str], ...]:
    """The query's parameters in a fixed order: ``?a=1&b=2`` and ``?b=2&a=1`` ask the same."""
    return tuple(sorted(request.query_params.multi_items()))


@contextmanager
def _deadline_store(path: str, seconds: float) -> Iterator[SQLiteStore]:
    """This thread's read-only store (``readers``), whose statements stop ``seconds`` from now (E506)."""
    deadline = time.monotonic() + seconds
    with readers.reader(path) as store:
        store.db.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            yield store
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorname", "") != "SQLITE_INTERRUPT":
                raise
            raise StoreError(
                "E506",
                f"query took too long (over {seconds:g} s)",
                hint="Narrow the request: fewer words, a date range, a smaller limit",
            ) from error
        finally:
            store.db.set_progress_handler(None, 0)


def _timeline(path: str, asked: TimelineRequest, seconds: float) -> list[dict[str, Any]]:
    from storyline.web.queries import timeline_data

    with _deadline_store(path, seconds) as store:
        return timeline_data(store, asked)


def _timeline_outcome(path: str, asked: TimelineRequest, seconds: float) -> tuple[Any, ...]:
    """In the worker process: ("ok", entries) or ("error", code, detail, hint) — plain data crosses back."""
    try:
        return ("ok", _timeline(path, asked, seconds))
    except StorylineError as error:
        return ("error", error.code, error.detail, error.hint)
