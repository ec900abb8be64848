"""The OpenAPI 3.1 document served at ``/api/openapi.json``: every ``/api/`` route and its parameters.

Written by hand from one table (``ENDPOINTS``), so it says what each parameter means; a test checks that
every ``/api/`` route the app serves is in it.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from storyline.events.plover import TYPES as EVENT_TYPES
from storyline.web.params import MAX_LIMIT, MAX_QUERY_CHARS, MAX_QUERY_TERMS

DAY = {"type": "string", "format": "date"}
TEXT = {"type": "string"}


def _whole(least: int, default: int, most: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer", "minimum": least, "default": default}
    return schema | ({"maximum": most} if most else {})


def _paging(default: int) -> list[tuple[str, dict[str, Any], str]]:
    return [("limit", _whole(1, default, MAX_LIMIT), f"at most this many items (capped at {MAX_LIMIT})"),
            ("offset", _whole(0, 0), "skip this many items first")]


NAME = {"type": "array", "items": {"type": "string"}}
EVENT_FILTERS: list[tuple[str, dict[str, Any], str]] = [
    ("type", {"type": "array", "items": {"type": "string", "enum": list(EVENT_TYPES)}},
     "PLOVER types (repeat for any of several), any case"),
    ("actor", NAME, "actor names (whole, any case) or country codes"),
    ("recipient", NAME, "recipient names (whole, any case) or country codes"),
    ("country", NAME, "country codes of the place"), ("place", NAME, "place names (whole, any case)"),
    ("source", NAME, "publishers (site or outlet), e.g. en.kremlin.ru"),
    ("from", DAY, "first day"), ("to", DAY, "last day"), ("q", TEXT, "words in the evidence sentence"),
]
FILE_FORMAT = ("format", {"type": "string", "enum": ["csv", "json", "jsonl"]}, "the file's format")
EXPORT_LIMIT = ("limit", _whole(1, 100_000, 100_000), "at most this many rows (default: all, up to 100,000)")
MAP_LAYER = ("layer", {"type": "string", "enum": ["events", "articles"]},
             "events: where the matching events happened; articles: places the articles mention (from/to only)")
NETWORK = [*EVENT_FILTERS, ("entity", TEXT, "only edges this name takes part in"),
           ("min", _whole(1, 1), "only edges with at least this many mentions")]
SEARCH = (f'words (AND), "a phrase", -excluded, a OR b, prefix*; at most {MAX_QUERY_CHARS} characters and '
          f"{MAX_QUERY_TERMS} terms; a word also matches the other spellings of the entity it names")
LIST = "a list: {total, limit, offset, items}"
ENDPOINTS: dict[str, tuple[str, str, list[tuple[str, dict[str, Any], str]]]] = {
    "/api/stats": ("What the store holds: counts of articles, duplicates, rejections", "an object", []),
    "/api/search": ("Full-text search over articles with highlighted snippets and facets",
                    LIST + " plus query, aliases and facets (dates, publishers, entities, languages)", [
        ("q", TEXT, SEARCH), ("from", DAY, "published on this day or later"), ("to", DAY, "up to this day"),
        ("source", TEXT, "a publisher (site or outlet)"), ("entity", TEXT, "a canonical entity name"),
        ("lang", TEXT, "a language code"),
        ("sort", {"type": "string", "enum": ["relevance", "newest", "oldest"]}, "order of the hits"),
        ("by", {"type": "string", "enum": ["auto", "day", "month"]}, "the date facet's buckets"),
        ("format", {"type": "string", "enum": ["json", "csv"]}, "csv: the hits as a file"),
        ("facets", {"type": "integer", "enum": [0, 1], "default": 1}, "0: no facets (faster)"), *_paging(20)]),
    "/api/articles/{article_id}": ("One article with its enrichment, events and annotations", "an object", [
        ("article_id", TEXT, "an article id or a unique prefix of one"),
        ("format", {"type": "string", "enum": ["json", "csv"]}, "csv: the annotations one a row")]),
    "/api/stories/{story_id}": ("One story: timeline entries, sources, actors, places, figures, related", "an object", [
        ("story_id", TEXT, "a story id (a merged story's old id gives its survivor)"),
        ("from", DAY, "timeline entries from this day"), ("to", DAY, "timeline entries up to this day"),
        ("format", {"type": "string", "enum": ["json", "csv"]}, "csv: the timeline one article a row")]),
    "/api/timeline": ("A dated timeline of a search, keywords or a story", LIST, [
        ("q", TEXT, SEARCH), ("keywords", TEXT, "comma-separated words"), ("story", TEXT, "a story id"),
        ("start", DAY, "first day"), ("end", DAY, "last day"),
        ("max_dates", _whole(1, 10), "at most this many dates"),
        ("sentences_per_date", _whole(1, 2), "sentences per date")]),
    "/api/stories": ("Open stories, latest first", LIST,
                     [("from", DAY, "stories reaching this day or later"),
                      ("to", DAY, "stories reaching this day or earlier"), *_paging(100)]),
    "/api/events": ("Event mentions, faceted: a page of them, totals (mentions, articles, independent sources) "
                    "and counts per facet", LIST + " plus articles, sources, sort, filters and facets",
                    [*EVENT_FILTERS, ("sort", TEXT, "date, type, actor, recipient, place, country or sources; "
                                      "-name for descending"), *_paging(100)]),
    "/api/events/export": ("Every matching mention (shape=mentions) or the merged events they make, as a file",
                           "CSV, a JSON array or JSON Lines", [
        *EVENT_FILTERS, FILE_FORMAT, EXPORT_LIMIT,
        ("shape", {"type": "string", "enum": ["mentions", "plover", "gdelt", "acled"]}, "rows as mentions, or "
         "merged events as PLOVER records, GDELT 2.0 or ACLED columns")]),
    "/api/map": ("Map markers: the matching mentions' places, clustered on a grid over bbox", LIST
                 + " of markers plus bbox, mentions, located and places",
                 [*EVENT_FILTERS, ("bbox", TEXT, "west,south,east,north in degrees (default: the world)"), MAP_LAYER,
                  *_paging(500)]),
    "/api/map/export": ("Every place of the matching mentions with its counts", "CSV, a JSON array or JSON Lines",
                        [*EVENT_FILTERS, MAP_LAYER, FILE_FORMAT, EXPORT_LIMIT]),
    "/api/network": ("Who acts on whom: (actor, recipient, type) edges with counts, most mentions first",
                     LIST + " of edges plus their nodes", [*NETWORK, *_paging(100)]),
    "/api/network/export": ("Every edge of the network", "CSV, a JSON array or JSON Lines",
                            [*NETWORK, FILE_FORMAT, EXPORT_LIMIT]),
    "/api/entities": ("Canonical entities by mentions, with their spellings", LIST, [
        ("label", TEXT, "PERSON, ORG, GPE, LOC, NORP, FAC, EVENT or LAW, any case"),
        ("q", TEXT, "part of the canonical name"), *_paging(50)]),
    "/api/quotes": ("Quotes with their speakers, newest first", LIST,
                    [("speaker", TEXT, "part of the speaker's canonical name"), *_paging(50)]),
    "/api/claims": ("Numeric claims (figures), newest first", LIST,
                    [("subject", TEXT, "part of what the number counts"), *_paging(50)]),
    "/api/openapi.json": ("This document", "an OpenAPI 3.1 document", []),
}
ERROR = {
    "type": "object", "required": ["error", "message", "status"],
    "properties": {"error": {"type": "string", "description": "a Storyline code (E604) or HTTP<status>"},
                   "message": TEXT, "status": {"type": "integer"}},
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Storyline", "version": version("storyline"),
                 "description": "Read-only JSON API over a Storyline store (docs/http.md)."},
        "paths": {path: {"get": _operation(path, *spec)} for path, spec in ENDPOINTS.items()},
        "components": {"schemas": {"Error": ERROR}},
    }


def _operation(path: str, summary: str, returns: str, parameters: list[tuple[str, dict[str, Any], str]],
               ) -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "summary": summary,
        "parameters": [
            {"name": name, "in": "path" if _in_path(name, path) else "query", "required": _in_path(name, path),
            "description": description, "schema": schema}
            for name, schema, description in parameters
        ],
        "responses": {"200": {"description": returns, "content": {"application/json": {}}},
                      "400": {"description": "a parameter is not valid"} | error,
                      "404": {"description": "no such article, story or path"} | error,
                      "503": {"description": "the store cannot be used, or the query took too long"} | error},
    }


def _in_path(name: str, path: str) -> bool:
    """``{name}`` or Starlette's ``{name:path}`` in the route."""
    return f"{{{name}}}" in path or f"{{{name}:" in path
