"""The events view: a paginated, sortable, faceted table of event mentions — the datasette way.

``/events`` (page), ``/api/events`` (JSON: one page of mentions, totals and facet counts) and
``/api/events/export`` (every matching mention as CSV, JSON or JSON Lines, or the merged events in the
PLOVER, GDELT or ACLED shapes of ``storyline.events.export``). Filters: ``storyline.web.views.filters``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from storyline.events.export import SHAPES
from storyline.events.export import rows as shaped_rows
from storyline.events.merge import merge_events
from storyline.store import SQLiteStore
from storyline.store.event_views import FACETS, SORTS, EventQuery
from storyline.validation import parse_choice
from storyline.web import params
from storyline.web.blocking import cached_off_the_loop
from storyline.web.pages import render
from storyline.web.queries import envelope
from storyline.web.views import filters

FACET_SIZE = 10


def sorting(request: Request) -> tuple[str, bool]:
    """``sort=date`` (oldest first) or ``sort=-date`` (newest first); any column of ``SORTS``."""
    asked = (request.query_params.get("sort") or "date").strip()
    name = parse_choice(asked.removeprefix("-"), SORTS, option="sort") or "date"
    return name, asked.startswith("-")


def events_listing(
    store: SQLiteStore, query: EventQuery, *, sort: str, descending: bool, limit: int, offset: int
) -> dict[str, Any]:
    """What the page and ``/api/events`` show: a page of mentions, the totals and the facets."""
    totals = store.event_totals(query)
    items = store.event_rows(query, sort=sort, descending=descending, limit=limit, offset=offset)
    return envelope(
        items,
        total=totals["mentions"],
        limit=limit,
        offset=offset,
        articles=totals["articles"],
        sources=totals["sources"],
        sort=("-" if descending else "") + sort,
        filters=filters.grouped(query),
        facets=store.event_facets(query, size=FACET_SIZE),
    )


@cached_off_the_loop
def events_page(request: Request, store: SQLiteStore) -> Response:
    query = filters.event_query(request)
    sort, descending = sorting(request)
    limit, offset = params.paging(request, 50)
    listing = events_listing(store, query, sort=sort, descending=descending, limit=limit, offset=offset)
    sort_key = ("-" if descending else "") + sort
    return render(
        "events.html",
        listing=listing,
        sort=sort_key,
        limit=limit,
        offset=offset,
        facet_names=list(FACETS),
        sorts=list(SORTS),
        shapes=SHAPES,
        **filters.template_helpers(query),
    )


@cached_off_the_loop
def events_api(request: Request, store: SQLiteStore) -> Response:
    query = filters.event_query(request)
    sort, descending = sorting(request)
    limit, offset = params.paging(request, 100)
    return JSONResponse(events_listing(store, query, sort=sort, descending=descending, limit=limit, offset=offset))


@cached_off_the_loop
def events_export(request: Request, store: SQLiteStore) -> Response:
    """Every matching mention (``shape=mentions``), or the merged events those mentions make (other shapes)."""
    query = filters.event_query(request)
    fmt = filters.one_of(request, "format", filters.EXPORT_FORMATS, "csv")
    shape = filters.one_of(request, "shape", ("mentions", *SHAPES), "mentions")
    limit = filters.export_limit(request)
    if shape == "mentions":
        return filters.download(store.event_rows(query, limit=limit), format=fmt, name="events")
    return filters.download(shaped(store, query, shape=shape, limit=limit), format=fmt, name=f"events-{shape}")


def shaped(store: SQLiteStore, query: EventQuery, *, shape: str, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` matching mentions merged into events (as ``storyline export events`` merges all)."""
    mentions = store.event_mentions(query, limit=limit)
    merged = merge_events(mentions, duplicate_of=store.duplicate_map(), publisher_of=store.publisher_map())
    sources = store.article_sources([mention.article_id for mention in mentions])
    return shaped_rows(merged, shape=shape, sources=sources)


ROUTES = [Route("/events", events_page), Route("/api/events", events_api), Route("/api/events/export", events_export)]
