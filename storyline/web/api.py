"""The JSON API under ``/api/``: one function per endpoint, each run off the event loop with the store open.

Lists answer ``{"total", "limit", "offset", "items"}``; errors answer ``{"error", "message", "status"}``
(``storyline.web.app``). ``/api/openapi.json`` describes every route here (``storyline.web.openapi``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from storyline.errors import UsageError
from storyline.store import SQLiteStore
from storyline.web import params
from storyline.web.blocking import cached_off_the_loop, file_cached_off_the_loop, timeline_entries
from storyline.web.openapi import document
from storyline.web.queries import envelope, stories_data


@file_cached_off_the_loop
def stats(request: Request, store: SQLiteStore) -> Response:
    return JSONResponse(store.stats())


async def timeline(request: Request) -> Response:
    asked = params.timeline_request(request)
    if not (asked.story or asked.query or asked.keywords):  # a timeline of everything: slow and not a story
        raise UsageError("E604", "a timeline needs q, keywords or story", hint="e.g. /api/timeline?q=Kharkiv")
    entries = await timeline_entries(request, asked)
    return JSONResponse(envelope(entries, total=len(entries), limit=asked.max_dates, offset=0))


@cached_off_the_loop
def stories(request: Request, store: SQLiteStore) -> Response:
    filters = params.story_filters(request)
    limit, offset = params.paging(request, 100)
    return JSONResponse(stories_data(store, filters, limit=limit, offset=offset))


@cached_off_the_loop
def claims(request: Request, store: SQLiteStore) -> Response:
    subject = request.query_params.get("subject") or None
    limit, offset = params.paging(request)
    items = store.find_claims(subject=subject, limit=limit, offset=offset)
    return JSONResponse(envelope(items, total=store.count_claims(subject=subject), limit=limit, offset=offset))


async def openapi(request: Request) -> Response:
    return JSONResponse(document())


ROUTES = [
    Route("/api/stats", stats), Route("/api/timeline", timeline), Route("/api/stories", stories),
    Route("/api/claims", claims),
    Route("/api/openapi.json", openapi),
]
