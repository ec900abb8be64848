"""The entity view: one canonical entity — its names, type, country, mentions per day (a chart), quotes, events
as actor and as recipient, the entities it acts with, the figures it reported — and the entities index.

``/entities/{name}`` takes any spelling the store knows ("Zelensky" finds "Volodymyr Zelenskyy"). Every view
exports what it shows: ``?format=json`` (the API's document) or ``?format=csv`` (one of its tables, ``part``).
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storyline.store import SQLiteStore
from storyline.store.analyst import QuoteFilters
from storyline.validation import parse_choice
from storyline.web import openapi, params
from storyline.web.blocking import cached_off_the_loop
from storyline.web.pages import render
from storyline.web.queries import envelope
from storyline.web.views._svgchart import day_bars
from storyline.web.views._tabular import export, export_format, pages

SHOWN = 50  # quotes, events and figures listed by default on an entity's page (the quotes view pages through all)
PARTS = {  # ?format=csv&part=…: the entity's table and its columns
    "quotes": ("published", "speaker", "speaker_text", "kind", "text", "sentence", "publisher", "article_id"),
    "actor_events": ("date", "type", "mode", "actor", "recipient", "place", "sentence", "article_id"),
    "recipient_events": ("date", "type", "mode", "actor", "recipient", "place", "sentence", "article_id"),
    "partners": ("name", "role", "events", "types"),
    "figures": ("published", "qualifier", "text", "unit", "subject", "predicate", "source", "publisher", "article_id"),
    "mentions_per_day": ("day", "mentions", "articles"),
}
LIST_COLUMNS = ("canonical", "label", "mentions", "articles", "variants")


def entity_data(store: SQLiteStore, name: str, *, limit: int = SHOWN) -> dict[str, Any]:
    """Everything the entity page shows, ``limit`` rows per list; 404 when the store knows no such entity."""
    found = store.resolve_names(name, limit=1)
    profile = store.entity_profile(found[0]) if found else None
    if profile is None:
        raise HTTPException(404, f"no such entity ({name})")
    canonical = profile["canonical"]
    forms = store.written_forms([canonical])
    quotes = QuoteFilters(speakers=(canonical,), spellings=tuple(forms))  # exactly: not "X's office"
    return {
        **profile,
        "asked": name,
        "mentions_per_day": store.entity_mentions_per_day(canonical),
        "quotes": store.analyst_quotes(quotes, limit=limit),
        "quote_counts": store.count_analyst_quotes(quotes),
        "actor_events": store.entity_events(canonical, role="actor", limit=limit),
        "actor_event_count": store.count_entity_events(canonical, role="actor"),
        "recipient_events": store.entity_events(canonical, role="recipient", limit=limit),
        "recipient_event_count": store.count_entity_events(canonical, role="recipient"),
        "partners": store.entity_partners(canonical),
        "figures": store.entity_claims(forms, limit=limit),
    }


def _entity_response(request: Request, store: SQLiteStore, default: str) -> Response:
    fmt = export_format(request, default)
    data = entity_data(store, request.path_params["name"], limit=params.paging(request, SHOWN)[0])
    if fmt == "html":
        chart = day_bars([(row["day"], row["mentions"]) for row in data["mentions_per_day"]])
        return render("entity.html", entity=data, chart=chart, known=store.known_entities(_names(data)))
    part = parse_choice(request.query_params.get("part"), PARTS, option="part") or "quotes"
    return export(data[part], columns=PARTS[part], name=f"entity-{part}", fmt=fmt, payload=data)


def _names(data: dict[str, Any]) -> list[str]:
    """Names on the page that might be entities (to link only those)."""
    names = {row["speaker"] for row in data["quotes"]} | {p["name"] for p in data["partners"]}
    for row in data["actor_events"] + data["recipient_events"]:
        names |= {row["actor"], row["recipient"]}
    return sorted(name for name in names if name)


@cached_off_the_loop
def entity_page(request: Request, store: SQLiteStore) -> Response:
    return _entity_response(request, store, "html")


@cached_off_the_loop
def entity_api(request: Request, store: SQLiteStore) -> Response:
    return _entity_response(request, store, "json")


def entities_data(store: SQLiteStore, request: Request) -> dict[str, Any]:
    filters = {"label": params.entity_label(request), "query": request.query_params.get("q") or None}
    limit, offset = params.paging(request)
    items, total = store.search_entities(**filters, limit=limit, offset=offset)
    return envelope(
        items,
        total=total,
        limit=limit,
        offset=offset,
        q=filters["query"],
        label=filters["label"],
    )


def _entities_response(request: Request, store: SQLiteStore, default: str) -> Response:
    fmt = export_format(request, default)
    data = entities_data(store, request)
    if fmt != "html":
        return export(data["items"], columns=LIST_COLUMNS, name="entities", fmt=fmt, payload=data)
    asked = dict(request.query_params)
    links = pages("/entities", asked, total=data["total"], limit=data["limit"], offset=data["offset"])
    return render("entities.html", listing=data, params=asked, links=links)


@cached_off_the_loop
def entities_page(request: Request, store: SQLiteStore) -> Response:
    return _entities_response(request, store, "html")


@cached_off_the_loop
def entities_api(request: Request, store: SQLiteStore) -> Response:
    return _entities_response(request, store, "json")


FORMAT = ("format", {"type": "string", "enum": ["json", "csv"], "default": "json"}, "json, or csv of one table")
openapi.ENDPOINTS.update(
    {
        "/api/entities": (
            "Canonical entities by mentions, with their spellings",
            openapi.LIST,
            [
                ("label", openapi.TEXT, "PERSON, ORG, GPE, LOC, NORP, FAC, EVENT or LAW, any case"),
                ("q", openapi.TEXT, "part of the canonical name or of any spelling of it (Kiev finds Kyiv)"),
                *openapi._paging(50),
                FORMAT,
            ],
        ),
        "/api/entities/{name:path}": (
            "One entity: names, type, country, mentions per day, quotes, events as actor "
            "and recipient, partners, figures it reported",
            "an object",
            [
                ("name", openapi.TEXT, "the canonical name or any spelling of it"),
                ("part", {"type": "string", "enum": list(PARTS)}, "with format=csv: which table"),
                FORMAT,
                (
                    "limit",
                    openapi._whole(1, SHOWN, params.MAX_LIMIT),
                    "at most this many rows in each list (newest first)",
                ),
            ],
        ),
    }
)

ROUTES = [
    Route("/entities", entities_page),
    Route("/api/entities", entities_api),
    Route("/entities/{name:path}", entity_page),
    Route("/api/entities/{name:path}", entity_api),
]
