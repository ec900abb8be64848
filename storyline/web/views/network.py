"""The actor network: who acts on whom, one edge per (actor, recipient, event type), drawn server-side.

``/network`` lays the busiest edges out on a circle (nodes in order of activity, so the same filters always
give the same picture), colours each edge by its PLOVER quad class (verbal/material, cooperation/conflict)
and links each node to its entity page and each edge to its events. ``entity`` keeps the edges one name
takes part in; ``min`` drops edges with fewer mentions. ``/api/network`` answers the edges (with
limit/offset) and their nodes; ``/api/network/export`` every edge as CSV or JSON.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from storyline.events import plover
from storyline.store import SQLiteStore
from storyline.store.event_views import EventQuery
from storyline.web import params
from storyline.web.blocking import cached_off_the_loop
from storyline.web.pages import render
from storyline.web.queries import envelope
from storyline.web.views import filters

DRAWN_EDGES = 60  # edges on the picture (the table and the API page through all of them)
LISTED_EDGES = 200  # rows of the page's edge table; the export and the API have every edge
SIZE = 1000  # the SVG's square viewBox
RADIUS = 330  # the circle nodes sit on; labels go outside it
QUADS = {0: "other", 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def network_filters(request: Request) -> tuple[EventQuery, int, str | None]:
    entity = filters.text_param(request, "entity")
    return filters.event_query(request), params.whole(request, "min", 1), entity


def edges_of(store: SQLiteStore, query: EventQuery, *, least: int, entity: str | None) -> list[dict[str, Any]]:
    """Edges with their quad class, most mentions first; with ``entity``, only the edges it takes part in."""
    edges = store.event_edges(query, least=least)
    if entity:
        wanted = entity.casefold()
        edges = [e for e in edges if wanted in (e["actor"].casefold(), e["recipient"].casefold())]
    for edge in edges:
        edge["quad"] = plover.quad_code(edge["type"])
    return edges


def linked(edges: list[dict[str, Any]], query: EventQuery) -> list[dict[str, Any]]:
    """The edges with the link to their events (only for the edges shown: a link costs a URL encoding)."""
    for edge in edges:
        events = replace(query, actor=(edge["actor"],), recipient=(edge["recipient"],), type=(edge["type"],))
        edge["events_url"] = filters.link("/events", events)
    return edges


def nodes_of(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Names in the edges with their mentions as actor and as recipient, most active first."""
    acting, receiving = Counter[str](), Counter[str]()
    for edge in edges:
        acting[edge["actor"]] += edge["mentions"]
        receiving[edge["recipient"]] += edge["mentions"]
    names = sorted(set(acting) | set(receiving), key=lambda n: (-(acting[n] + receiving[n]), n))
    return [
        {
            "name": n,
            "as_actor": acting[n],
            "as_recipient": receiving[n],
            "mentions": acting[n] + receiving[n],
            "entity_url": filters.entity_url(n),
        }
        for n in names
    ]


def layout(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    *,
    centre_name: str | None = None,
) -> dict[str, Any]:
    """Positions on a circle (the busiest node at the top, then clockwise) and a curved path per edge.

    With ``centre_name`` (one entity's network) that name sits in the middle and the others around it."""
    centre = SIZE / 2
    middle = next((n for n in nodes if centre_name and n["name"].casefold() == centre_name.casefold()), None)
    ring = [n for n in nodes if n is not middle]
    heaviest = max((n["mentions"] for n in nodes), default=1)
    placed = {}
    if middle is not None:
        placed[middle["name"]] = _place(middle, centre, centre, -math.pi / 2, heaviest, centre_label=True)
    for index, node in enumerate(ring):
        angle = 2 * math.pi * index / max(len(ring), 1) - math.pi / 2
        x, y = centre + RADIUS * math.cos(angle), centre + RADIUS * math.sin(angle)
        placed[node["name"]] = _place(node, x, y, angle, heaviest)
    heaviest_edge = max((e["mentions"] for e in edges), default=1)
    seen: Counter[tuple[str, str]] = Counter()
    drawn = []
    for edge in edges:
        pair = (edge["actor"], edge["recipient"])
        bend = 0.25 + 0.12 * seen[pair]  # edges of one pair fan out instead of overlapping
        seen[pair] += 1
        drawn.append(
            {
                **edge,
                "d": _curve(placed[pair[0]], placed[pair[1]], bend),
                "width": round(1 + 6 * math.sqrt(edge["mentions"] / heaviest_edge), 1),
            }
        )
    return {"nodes": list(placed.values()), "edges": drawn, "size": SIZE}


def _place(
    node: dict[str, Any],
    x: float,
    y: float,
    angle: float,
    heaviest: int,
    *,
    centre_label: bool = False,
) -> dict[str, Any]:
    """A node at (x, y), sized by its mentions, its label outside the circle (or above, in the middle)."""
    radius = 5 + 13 * math.sqrt(node["mentions"] / heaviest)
    if centre_label:
        label_x, label_y, anchor = x, y - radius - 12, "middle"
    else:
        label_x, label_y = x + 16 * math.cos(angle), y + 16 * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.1 else "end" if math.cos(angle) < -0.1 else "middle"
    return {
        **node,
        "x": round(x, 1),
        "y": round(y, 1),
        "r": round(radius, 1),
        "lx": round(label_x, 1),
        "ly": round(label_y, 1),
        "anchor": anchor,
    }


def _curve(start: dict[str, Any], end: dict[str, Any], bend: float) -> str:
    """A quadratic curve from actor to recipient, bowed to the right of its direction (so A→B and B→A part)."""
    mx, my = (start["x"] + end["x"]) / 2, (start["y"] + end["y"]) / 2
    dx, dy = end["x"] - start["x"], end["y"] - start["y"]
    cx, cy = mx - dy * bend, my + dx * bend
    return f"M{start['x']} {start['y']} Q{cx:.1f} {cy:.1f} {end['x']} {end['y']}"


@cached_off_the_loop
def network_page(request: Request, store: SQLiteStore) -> Response:
    query, least, entity = network_filters(request)
    edges = edges_of(store, query, least=least, entity=entity)
    linked(edges[: max(DRAWN_EDGES, LISTED_EDGES)], query)
    shown = edges[:DRAWN_EDGES]
    picture = layout(nodes_of(shown), shown, centre_name=entity)
    return render(
        "network.html",
        edges=edges,
        picture=picture,
        least=least,
        entity=entity,
        quads=QUADS,
        nodes=nodes_of(edges),
        drawn=len(shown),
        listed=LISTED_EDGES,
        **filters.template_helpers(query),
    )


@cached_off_the_loop
def network_api(request: Request, store: SQLiteStore) -> Response:
    query, least, entity = network_filters(request)
    limit, offset = params.paging(request, 100)
    edges = edges_of(store, query, least=least, entity=entity)
    page = linked(edges[offset : offset + limit], query)
    return JSONResponse(
        envelope(
            page,
            total=len(edges),
            limit=limit,
            offset=offset,
            nodes=nodes_of(page),
            filters=filters.grouped(query),
            min=least,
            entity=entity,
        )
    )


@cached_off_the_loop
def network_export(request: Request, store: SQLiteStore) -> Response:
    query, least, entity = network_filters(request)
    fmt = filters.one_of(request, "format", filters.EXPORT_FORMATS, "csv")
    rows = edges_of(store, query, least=least, entity=entity)[: filters.export_limit(request)]
    return filters.download(rows, format=fmt, name="actor-network")


ROUTES = [
    Route("/network", network_page),
    Route("/api/network", network_api),
    Route("/api/network/export", network_export),
]
