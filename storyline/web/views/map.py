"""The map view: where the filtered events happened, on an offline world outline, clustered on a grid.

``/map`` draws the vendored Natural Earth outline (``static/vendor/world-110m.svg``, equirectangular: x =
longitude, y = −latitude) and, over it, one marker per grid cell holding the places of the matching
mentions; each marker links to the events of its places (``/events?place=…``). ``bbox`` zooms to a region
and the grid shrinks with it. ``/api/map`` answers the clusters; ``/api/map/export`` the places (CSV/JSON).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from storyline.errors import UsageError
from storyline.store import SQLiteStore
from storyline.store.event_views import EventQuery
from storyline.web import params
from storyline.web.blocking import cached_off_the_loop
from storyline.web.pages import render
from storyline.web.queries import envelope
from storyline.web.views import filters

WORLD = (-180.0, -60.0, 180.0, 85.0)  # west, south, east, north: the inhabited world
CELLS_ACROSS = 24  # grid cells across the view: markers closer than a cell merge
LAYERS = ("events", "articles")  # where events happened; places the articles mention
SEARCH_NAMES = 8  # names in an articles-layer marker's search (the search takes 16 terms)
REGIONS = {  # preset views, each a permalink
    "World": WORLD,
    "Europe": (-25.0, 34.0, 45.0, 72.0),
    "Ukraine and around": (20.0, 43.0, 42.0, 54.0),
    "Middle East": (25.0, 12.0, 63.0, 42.0),
    "Asia": (60.0, -10.0, 150.0, 60.0),
    "Americas": (-170.0, -56.0, -30.0, 72.0),
    "Africa": (-20.0, -36.0, 55.0, 38.0),
}


@dataclass
class Cluster:
    """The places of one grid cell: a marker at their mention-weighted centre."""

    places: list[dict[str, Any]] = field(default_factory=list)

    @property
    def mentions(self) -> int:
        return sum(place["mentions"] for place in self.places)

    @property
    def lat(self) -> float:
        return sum(p["lat"] * p["mentions"] for p in self.places) / self.mentions

    @property
    def lon(self) -> float:
        return sum(p["lon"] * p["mentions"] for p in self.places) / self.mentions

    def label(self) -> str:
        names = [place["name"] for place in self.places]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        return f"{shown}: {self.mentions} event mention{'' if self.mentions == 1 else 's'}"


def bbox(request: Request) -> tuple[float, float, float, float]:
    """``bbox=west,south,east,north`` in degrees (default: the world), checked."""
    text = request.query_params.get("bbox", "").strip()
    if not text:
        return WORLD
    hint = "Write bbox=west,south,east,north in degrees, e.g. bbox=20,43,42,54"
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise UsageError("E604", f"bbox {text!r} is not four numbers", hint=hint) from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise UsageError("E604", f"bbox {text!r} is not a box on the globe", hint=hint)
    return west, south, east, north


def clusters(places: list[dict[str, Any]], box: tuple[float, float, float, float]) -> list[Cluster]:
    """The places inside ``box``, grouped by grid cell; biggest first. The same input gives the same map."""
    west, south, east, north = box
    cell = (east - west) / CELLS_ACROSS
    cells: dict[tuple[int, int], Cluster] = {}
    for place in places:
        if west <= place["lon"] <= east and south <= place["lat"] <= north:
            key = (math.floor((place["lon"] - west) / cell), math.floor((place["lat"] - south) / cell))
            cells.setdefault(key, Cluster()).places.append(place)
    return sorted(cells.values(), key=lambda c: (-c.mentions, c.places[0]["name"]))


def marker(
    cluster: Cluster,
    query: EventQuery,
    *,
    cell: float,
    largest: int,
    layer: str = "events",
) -> dict[str, Any]:
    """A cluster as the page and the API show it: where, how big, what it holds, where it links (the events
    of its places, or on the ``articles`` layer a search for the articles naming them)."""
    names = tuple(place["name"] for place in cluster.places[: filters.MAX_VALUES])
    if layer == "articles":
        words = " OR ".join('"' + name.replace('"', " ") + '"' for name in names[:SEARCH_NAMES])
        events = "/search?" + urlencode({"q": words})
        label = cluster.label().replace("event mention", "mention in articles")
    else:
        events = filters.link("/events", filters.replace_values(query, "place", names))
        label = cluster.label()
    return {
        "lat": round(cluster.lat, 4),
        "lon": round(cluster.lon, 4),
        "mentions": cluster.mentions,
        "places": cluster.places,
        "label": label,
        "events_url": events,
        "radius": round(cell * (0.18 + 0.32 * math.sqrt(cluster.mentions / largest)), 3),
    }


def map_data(
    store: SQLiteStore, query: EventQuery, box: tuple[float, float, float, float], *, layer: str = "events"
) -> dict[str, Any]:
    """The markers of one layer: the places of the matching event mentions, or (``articles``) the places the
    articles published in the date range mention, whatever their events."""
    if layer == "articles":
        places = store.article_places(date_from=query.date_from, date_to=query.date_to)
        mentions = sum(place["mentions"] for place in places)
    else:
        places = store.event_places(query)
        mentions = store.event_totals(query)["mentions"]
    found = clusters(places, box)
    cell = (box[2] - box[0]) / CELLS_ACROSS
    largest = max((c.mentions for c in found), default=1)
    markers = [marker(c, query, cell=cell, largest=largest, layer=layer) for c in found]
    located = sum(place["mentions"] for place in places)
    return {
        "layer": layer,
        "bbox": list(box),
        "cell": cell,
        "markers": markers,
        "mentions": mentions,
        "located": located,
        "places": len(places),
    }


def layer_of(request: Request) -> str:
    return filters.one_of(request, "layer", LAYERS, "events")


@cached_off_the_loop
def map_page(request: Request, store: SQLiteStore) -> Response:
    query, box, layer = filters.event_query(request), bbox(request), layer_of(request)
    data = map_data(store, query, box, layer=layer)
    west, south, east, north = box
    view = {"viewbox": f"{west:g} {-north:g} {east - west:g} {north - south:g}", "font": (east - west) / 70}
    bbox_param = None if box == WORLD else ",".join(f"{v:g}" for v in box)
    regions = {name: ",".join(f"{v:g}" for v in region) for name, region in REGIONS.items()}
    return render(
        "map.html",
        data=data,
        view=view,
        bbox=bbox_param,
        regions=regions,
        world=WORLD,
        layer=layer if layer != "events" else None,
        **filters.template_helpers(query),
    )


@cached_off_the_loop
def map_api(request: Request, store: SQLiteStore) -> Response:
    query, box, layer = filters.event_query(request), bbox(request), layer_of(request)
    limit, offset = params.paging(request, 500)
    data = map_data(store, query, box, layer=layer)
    markers = data.pop("markers")
    return JSONResponse(
        envelope(
            markers[offset : offset + limit],
            total=len(markers),
            limit=limit,
            offset=offset,
            filters=filters.grouped(query),
            **data,
        )
    )


@cached_off_the_loop
def map_export(request: Request, store: SQLiteStore) -> Response:
    """Every place of the layer, with its counts (the markers are a view of these)."""
    query, layer = filters.event_query(request), layer_of(request)
    fmt = filters.one_of(request, "format", filters.EXPORT_FORMATS, "csv")
    if layer == "articles":
        places = store.article_places(date_from=query.date_from, date_to=query.date_to)
    else:
        places = store.event_places(query)
    return filters.download(places[: filters.export_limit(request)], format=fmt, name=f"{layer}-places")


ROUTES = [Route("/map", map_page), Route("/api/map", map_api), Route("/api/map/export", map_export)]
