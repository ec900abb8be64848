"""The search view: ranked hits with highlighted snippets, facets with counts, pages, exports.

``/search`` is the page, ``/api/search`` the same data as JSON (or ``format=csv``: the hits). Filters live
in the URL, so a search is its own permalink: ``q`` (phrases, ``-exclusions``, ``OR``, ``prefix*``; a
word also finds the other spellings of the entity it names), ``from``/``to`` (days), ``source`` (a
publisher), ``entity`` (a canonical name), ``lang``, ``sort`` (relevance, newest, oldest), ``by`` (the
date histogram: day, month or auto), ``limit``/``offset``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storyline.store import SQLiteStore
from storyline.store.search import search_words
from storyline.store.search_facets import (
    ORDERS,
    SearchFilters,
    SpellingIndex,
    search_facets,
    search_hits,
    search_total,
    spelling_index,
)
from storyline.validation import parse_choice
from storyline.web import params
from storyline.web.blocking import file_cached_off_the_loop
from storyline.web.downloads import csv_response, export_format, json_response
from storyline.web.markup import snippet_html, snippet_marks
from storyline.web.pages import render
from storyline.web.queries import ALIAS_SECONDS, envelope

FILTER_PARAMS = ("q", "from", "to", "source", "entity", "lang", "sort", "by")
CSV_COLUMNS = ("id", "title", "published", "publisher", "language", "url", "score", "snippet")


def asked(request: Request) -> dict[str, Any]:
    """The request's search, every parameter checked (E604 on a bad one)."""
    query = params.search_query(request)
    date_from, date_to = params.day_range(request, "from", "to")
    given = request.query_params
    filters = SearchFilters(
        date_from=date_from,
        date_to=date_to,
        publisher=given.get("source") or None,
        entity=given.get("entity") or None,
        language=given.get("lang") or None,
    )
    order = parse_choice(given.get("sort") or "relevance", sorted(ORDERS), option="sort")
    by = parse_choice(given.get("by") or "auto", ["auto", "day", "month"], option="by")
    limit, offset = params.paging(request, 20)
    return {"query": query, "filters": filters, "order": order, "by": by, "limit": limit, "offset": offset}


def search_view(store: SQLiteStore, search: dict[str, Any]) -> dict[str, Any]:
    """Hits (snippets marked), total, facets and the spellings each word was widened to."""
    query, filters = search["query"], search["filters"]
    aliases = SPELLINGS.lookup(store, search_words(query))
    hits = search_hits(
        store,
        query,
        filters=filters,
        aliases=aliases,
        order=search["order"],
        limit=search["limit"],
        offset=search["offset"],
    )
    total = search_total(store, query, filters=filters, aliases=aliases) if hits or search["offset"] else 0
    facets = FACETS.get(store, search, aliases) if total and search.get("facets", True) else None
    return envelope(
        hits,
        total=total,
        limit=search["limit"],
        offset=search["offset"],
        query=query,
        aliases={word: spellings for word, spellings in aliases.items() if spellings},
        facets=facets,
    )


def _api_item(hit: dict[str, Any]) -> dict[str, Any]:
    snippet, marks = snippet_marks(hit["snippet"])
    return hit | {"snippet": snippet, "highlights": [list(mark) for mark in marks]}


@file_cached_off_the_loop
def search_api(request: Request, store: SQLiteStore) -> Response:
    fmt = export_format(request.query_params.get("format"))
    search = asked(request)
    search["facets"] = fmt == "json" and request.query_params.get("facets") != "0"  # a CSV holds only the hits
    data = search_view(store, search)
    data["items"] = [_api_item(hit) for hit in data["items"]]
    if fmt == "csv":
        return csv_response(data["items"], columns=CSV_COLUMNS, name="search")
    return json_response(data, name="search", attach=request.query_params.get("download") == "1")


@file_cached_off_the_loop
def search_page(request: Request, store: SQLiteStore) -> Response:
    search = asked(request)
    data = (
        search_view(store, search)
        if search["query"]
        else envelope([], total=0, limit=search["limit"], offset=search["offset"], facets=None)
    )
    for hit in data["items"]:
        hit["snippet_html"] = snippet_html(hit["snippet"])
    state = {key: request.query_params[key] for key in FILTER_PARAMS if request.query_params.get(key)}
    return render(
        "search.html",
        query=search["query"],
        search=search,
        data=data,
        state=state,
        links=_links(state, data),
        histogram=_histogram(data.get("facets")),
        refine=_refiner(state),
    )


def _refiner(state: dict[str, str]) -> Callable[..., str]:
    """``refine(source="bbc")``: this search's URL with filters changed (None drops one), from the first page."""

    def refine(**changes: str | None) -> str:
        merged = {**state, **{key.rstrip("_"): value for key, value in changes.items()}}
        return "/search?" + urlencode({key: value for key, value in merged.items() if value})

    return refine


def _links(state: dict[str, str], data: dict[str, Any]) -> dict[str, str]:
    """Permalink, exports and the previous/next pages, each keeping every filter."""
    limit, offset, total = data["limit"], data["offset"], data["total"]
    paged = {**state, "limit": str(limit)} if limit != 20 else dict(state)
    links = {
        "permalink": "/search?" + urlencode({**paged, "offset": offset} if offset else paged),
        "csv": "/api/search?" + urlencode({**paged, "offset": offset, "format": "csv"}),
        "json": "/api/search?" + urlencode({**paged, "offset": offset, "download": "1"}),
    }
    if offset > 0:
        links["previous"] = "/search?" + urlencode({**paged, "offset": max(0, offset - limit)})
    if offset + limit < total:
        links["next"] = "/search?" + urlencode({**paged, "offset": offset + limit})
    return links


def _histogram(facets: dict[str, Any] | None) -> dict[str, Any] | None:
    """Bars for the date facet (heights in SVG units), each with the day range it filters to."""
    if not facets or not facets["dates"]:
        return None
    top = max(bucket["count"] for bucket in facets["dates"])
    width = max(4, 600 // max(1, len(facets["dates"])))
    bars = []
    for index, bucket in enumerate(facets["dates"]):
        height = max(2, round(80 * bucket["count"] / top))
        start, end = _bucket_days(bucket["value"])
        bars.append({**bucket, "x": index * width, "y": 90 - height, "height": height, "from": start, "to": end})
    return {"bars": bars, "bar_width": max(1, width - 1), "width": width * len(bars), "by": facets["by"]}


def _bucket_days(value: str) -> tuple[str, str]:
    if len(value) == 10:
        return value, value
    year, month = (int(part) for part in value.split("-"))
    following = f"{year + (month == 12):04d}-{month % 12 + 1:02d}-01"
    return f"{value}-01", (date.fromisoformat(following) - timedelta(days=1)).isoformat()


ROUTES = [Route("/search", search_page), Route("/api/search", search_api)]


class SpellingCache:
    """Each store's ``SpellingIndex``, rebuilt at most once a minute (aliases change only when enrichment runs)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[float, SpellingIndex]] = {}

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def lookup(self, store: SQLiteStore, words: list[str]) -> dict[str, list[str]]:
        index = self._index(store)
        return {word: index.spellings(word) for word in words}

    def _index(self, store: SQLiteStore) -> SpellingIndex:
        now = time.monotonic()
        with self._lock:
            kept = self._kept.get(store.path)
        if kept and now - kept[0] < ALIAS_SECONDS:
            return kept[1]
        index = spelling_index(store)
        with self._lock:
            self._kept[store.path] = (now, index)
        return index


SPELLINGS = SpellingCache()


class FacetCache:
    """Facets per (store version, query, filters, buckets): the next page, another order or an export of
    the same search reuse them (they do not depend on limit, offset or sort), until the store changes."""

    def __init__(self, size: int = 256) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self._size = size

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def get(self, store: SQLiteStore, search: dict[str, Any], aliases: dict[str, list[str]]) -> dict[str, Any]:
        spellings = tuple(sorted((word, tuple(found)) for word, found in aliases.items()))
        key = (store.commits_version(), search["query"], search["filters"], search["by"], spellings)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        facets = search_facets(store, search["query"], filters=search["filters"], aliases=aliases, by=search["by"])
        with self._lock:
            self._kept[key] = facets
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return facets


FACETS = FacetCache()
