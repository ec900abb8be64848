"""The events table, the map and the actor network over HTTP (Starlette's TestClient, the real app and store).

Each view's numbers are checked against another view's: a facet's count is what filtering on it lists, a
marker's count is what its link lists, an edge's count is what its link lists, an export holds what the
table counts, and independent sources are the distinct publishers of the listed articles.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import HOSTILE
from events_map_store import events_map_db  # noqa: F401 - a fixture
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.testclient import TestClient

from storyline.store.event_views import EventQuery
from storyline.web import create_app
from storyline.web.views import filters
from storyline.web.views.map import WORLD, clusters
from storyline.web.views.network import layout, nodes_of

MARCH = {"from": "2022-03-01", "to": "2022-03-31"}


@pytest.fixture(scope="module")
def client(events_map_db: Path) -> TestClient:  # noqa: F811 - the fixture imported above
    return TestClient(create_app(events_map_db), base_url="http://localhost")


def _get(client: TestClient, url: str, **params: object) -> dict:
    response = client.get(url, params=params) if params else client.get(url)  # params would replace url's query
    assert response.status_code == 200, response.text[:500]
    return response.json()


def _follow(client: TestClient, link: str) -> dict:
    """A page link (``/events?…``) asked of the API instead (``/api/events?…``)."""
    parts = urlsplit(link)
    return _get(client, f"/api{parts.path}?{parts.query}&limit=500")


def test_facet_counts_are_what_filtering_on_them_lists(client: TestClient) -> None:
    listing = _get(client, "/api/events", **MARCH)
    assert listing["total"] == sum(item["count"] for item in listing["facets"]["type"]) > 0
    for facet in ("type", "actor", "place", "source"):
        for item in listing["facets"][facet][:3]:
            narrowed = _get(client, "/api/events", **MARCH, **{facet: item["value"]}, limit=1)
            assert narrowed["total"] == item["count"], (facet, item)


def test_filters_combine_and_repeat(client: TestClient) -> None:
    assault = _get(client, "/api/events", type="ASSAULT", **MARCH, limit=500)
    assert assault["items"] and {e["type"] for e in assault["items"]} == {"ASSAULT"}
    assert all("2022-03-01" <= e["date"] <= "2022-03-31" for e in assault["items"])
    consult = _get(client, "/api/events", type="consult", **MARCH, limit=1)["total"]
    both = client.get("/api/events", params=[("type", "ASSAULT"), ("type", "CONSULT"), *MARCH.items()]).json()
    assert both["total"] == assault["total"] + consult
    assert both["filters"]["type"] == ["ASSAULT", "CONSULT"]


def test_pages_put_together_are_the_whole_list_in_order(client: TestClient) -> None:
    asked = {"type": "AGREE", "sort": "-date"}
    whole = _get(client, "/api/events", **asked, limit=500)
    assert whole["total"] == len(whole["items"]) > 5
    pages = [_get(client, "/api/events", **asked, limit=4, offset=offset) for offset in range(0, whole["total"], 4)]
    assert [e for page in pages for e in page["items"]] == whole["items"]
    dates = [e["date"] for e in whole["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("/api/events?sort=bogus", "sort"),
        ("/api/events?type=ATTACK", "type"),
        ("/api/events?from=2022-13-01", "from"),
        ("/api/map?bbox=1,2,3", "bbox"),
        ("/api/map?bbox=50,0,40,10", "bbox"),
        ("/api/network?min=0", "min"),
        ("/api/events/export?format=xlsx", "format"),
        ("/api/events/export?shape=cameo", "shape"),
        ("/api/events?actor=" + "x" * 201, "actor"),
    ],
)
def test_bad_parameters_answer_the_json_error_shape(client: TestClient, url: str, names: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "E604" and body["status"] == 400 and names in body["message"]


def test_independent_sources_are_distinct_publishers(client: TestClient) -> None:
    listing = _get(client, "/api/events", limit=1)
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events/export", params={"format": "csv"}).text)))
    assert len(rows) == listing["total"]
    assert listing["sources"] == len({row["publisher"] for row in rows}) >= 2
    assert listing["articles"] == len({row["article_id"] for row in rows}) > listing["sources"]
    assert {item["value"] for item in listing["facets"]["source"]} >= {"en.kremlin.ru", "huffpost.com"}


def test_exports_hold_what_the_table_counts(client: TestClient) -> None:
    asked = {"type": "ASSAULT", **MARCH}
    total = _get(client, "/api/events", **asked, limit=1)["total"]
    response = client.get("/api/events/export", params={**asked, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="events.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total and {row["type"] for row in rows} == {"ASSAULT"}
    as_json = client.get("/api/events/export", params={**asked, "format": "json"}).json()
    assert [row["sentence"] for row in as_json] == [row["sentence"] for row in rows]
    lines = client.get("/api/events/export", params={**asked, "format": "jsonl"}).text.splitlines()
    assert len(lines) == total and json.loads(lines[0])["sentence"] == rows[0]["sentence"]


def test_exports_in_the_plover_gdelt_and_acled_shapes(client: TestClient) -> None:
    asked = {"type": "ASSAULT", **MARCH}
    plover = client.get("/api/events/export", params={**asked, "shape": "plover", "format": "json"}).json()
    assert plover and all(record["event"] == ["ASSAULT"] for record in plover)
    assert sum(record["num_mentions"] for record in plover) == _get(client, "/api/events", **asked)["total"]
    gdelt = list(csv.DictReader(io.StringIO(client.get("/api/events/export", params={**asked, "shape": "gdelt"}).text)))
    assert len(gdelt) == len(plover) and all(row["SQLDATE"].startswith("202203") for row in gdelt)
    acled = client.get("/api/events/export", params={**asked, "shape": "acled", "format": "json"}).json()
    assert acled and all(row["event_date"].startswith("2022-03") for row in acled)


def test_map_markers_count_what_their_links_list(client: TestClient) -> None:
    answer = _get(client, "/api/map", type="ASSAULT", **MARCH)
    markers = answer["items"]
    assert markers and answer["total"] == len(markers)
    assert sum(m["mentions"] for m in markers) == answer["located"] <= answer["mentions"]
    for marker in markers:
        listed = _follow(client, marker["events_url"])
        assert listed["total"] == marker["mentions"], marker["label"]
        assert {e["type"] for e in listed["items"]} == {"ASSAULT"}
        assert {e["place"] for e in listed["items"]} == {p["name"] for p in marker["places"]}


def test_map_zooms_to_a_box_and_exports_places(client: TestClient) -> None:
    world = _get(client, "/api/map")
    box = _get(client, "/api/map", bbox="20,43,42,54")
    assert box["located"] > 0 and box["total"] >= 1
    assert all(20 <= m["lon"] <= 42 and 43 <= m["lat"] <= 54 for m in box["items"])
    assert sum(m["mentions"] for m in box["items"]) < sum(m["mentions"] for m in world["items"])
    rows = list(csv.DictReader(io.StringIO(client.get("/api/map/export").text)))
    assert len(rows) == world["places"] and sum(int(row["mentions"]) for row in rows) == world["located"]


def test_map_articles_layer_shows_places_the_articles_mention(client: TestClient) -> None:
    answer = _get(client, "/api/map", layer="articles", **MARCH)
    assert answer["layer"] == "articles" and answer["located"] == answer["mentions"] > 0
    assert answer["located"] > _get(client, "/api/map", **MARCH)["located"]  # more places named than events placed
    rows = list(csv.DictReader(io.StringIO(client.get("/api/map/export", params={"layer": "articles", **MARCH}).text)))
    assert sum(int(row["mentions"]) for row in rows) == answer["located"]
    top = answer["items"][0]
    assert top["events_url"].startswith("/search?q=")
    found = _get(client, "/api" + top["events_url"])
    assert found["total"] >= max(place["articles"] for place in top["places"])


def test_network_edges_count_what_their_links_list(client: TestClient) -> None:
    answer = _get(client, "/api/network", entity="Vladimir Putin", limit=500)
    edges = {(e["actor"], e["recipient"], e["type"]): e for e in answer["items"]}
    consult = edges[("Vladimir Putin", "Emmanuel Macron", "CONSULT")]
    listed = _follow(client, consult["events_url"])
    assert listed["total"] == consult["mentions"] >= 2
    assert {(e["actor"], e["recipient"], e["type"]) for e in listed["items"]} == {
        ("Vladimir Putin", "Emmanuel Macron", "CONSULT")
    }
    assert all("Vladimir Putin" in (e["actor"], e["recipient"]) for e in answer["items"])
    assert {n["name"] for n in answer["nodes"]} >= {"Vladimir Putin", "Emmanuel Macron"}


def test_network_min_count_and_export(client: TestClient) -> None:
    every = _get(client, "/api/network", limit=500)
    busy = _get(client, "/api/network", min=3, limit=500)
    assert busy["total"] == sum(1 for e in every["items"] if e["mentions"] >= 3) < every["total"]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/network/export", params={"min": 3}).text)))
    assert [(r["actor"], r["recipient"], r["type"], int(r["mentions"])) for r in rows] == [
        (e["actor"], e["recipient"], e["type"], e["mentions"]) for e in busy["items"]
    ]


@pytest.mark.parametrize("path", ["/events", "/map", "/network"])
def test_pages_keep_their_filters_in_a_permalink(client: TestClient, path: str) -> None:
    response = client.get(path, params={"type": "CONSULT", **MARCH})
    assert response.status_code == 200
    html = response.text
    assert 'rel="bookmark"' in html and "type=CONSULT&amp;from=2022-03-01&amp;to=2022-03-31" in html
    assert 'value="CONSULT"' in html  # the form shows what is asked
    assert "/api/" in html and "export" in html  # every view links its export


def test_events_page_escapes_article_text_and_links_sentences(client: TestClient) -> None:
    html = client.get("/events", params={"q": "Kharkiv", "limit": 500}).text
    assert HOSTILE not in html and "&lt;script&gt;" in html  # the hostile sentence is shown, as text
    assert "/articles/" in html and "#sentence-" in html


def test_map_page_draws_markers_on_the_vendored_outline(client: TestClient) -> None:
    html = client.get("/map", params={"type": "ASSAULT", **MARCH}).text
    assert 'href="/static/vendor/world-110m.svg"' in html and "<circle" in html
    assert html.count('class="marker"') == len(_get(client, "/api/map", type="ASSAULT", **MARCH)["items"])
    outline = client.get("/static/vendor/world-110m.svg")
    assert outline.status_code == 200 and outline.text.count("<path") > 150


def test_openapi_describes_the_new_routes(client: TestClient) -> None:
    paths = _get(client, "/api/openapi.json")["paths"]
    for path in (
        "/api/events",
        "/api/events/export",
        "/api/map",
        "/api/map/export",
        "/api/network",
        "/api/network/export",
    ):
        assert path in paths


# --- the filters' permalinks and the layouts, on hand-built values ------------------------------

_values = st.lists(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).map(str.strip).filter(bool),
    max_size=3,
    unique=True,
).map(tuple)


@given(
    actor=_values,
    place=_values,
    source=_values,
    text=st.none() | st.text(min_size=1, max_size=20),
    types=st.lists(st.sampled_from(["ASSAULT", "CONSULT", "AID"]), max_size=2, unique=True).map(tuple),
)
@settings(max_examples=80, deadline=None)
def test_a_permalink_reads_back_as_the_same_filters(actor, place, source, text, types) -> None:
    query = EventQuery(
        type=types,
        actor=actor,
        place=place,
        source=source,
        date_from="2022-03-01",
        text=(text.strip() or None) if text else None,
    )
    url = filters.link("/events", query)
    scope = {"type": "http", "query_string": urlsplit(url).query.encode(), "headers": []}
    assert filters.event_query(Request(scope)) == query
    for value in place:  # a facet value clicked twice is off again, and the others stay in order
        others = tuple(v for v in place if v != value)
        assert filters.toggled(filters.toggled(query, "place", value), "place", value).place == (*others, value)


def test_clusters_and_layout_do_not_depend_on_input_order() -> None:
    places = [{"name": f"p{i}", "lat": 40 + i % 7, "lon": 20 + i * 3 % 40, "mentions": i % 5 + 1} for i in range(30)]
    first = [[p["name"] for p in c.places] for c in clusters(places, WORLD)]
    again = [[p["name"] for p in c.places] for c in clusters(list(reversed(places)), WORLD)]
    assert sorted(map(sorted, first)) == sorted(map(sorted, again))
    assert sum(len(names) for names in first) == 30  # every place is in one marker
    edges = [
        {"actor": a, "recipient": r, "type": "CONSULT", "mentions": m}
        for a, r, m in [("A", "B", 5), ("B", "A", 2), ("A", "C", 1), ("C", "D", 3)]
    ]
    nodes = nodes_of(edges)
    assert [n["name"] for n in nodes] == ["A", "B", "C", "D"] and nodes[0]["mentions"] == 8
    drawn = layout(nodes, edges, centre_name="a")
    assert (drawn["nodes"][0]["x"], drawn["nodes"][0]["y"]) == (500, 500)  # the entity in the middle
    assert drawn == layout(nodes, edges, centre_name="a")
