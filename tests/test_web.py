"""HTTP API and web UI over a real SQLite store: JSON shapes, pages, and untrusted text escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HOSTILE
from starlette.testclient import TestClient

from storyline.web import create_app


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db), base_url="http://localhost")


def test_search_api_returns_ranked_results(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "Kharkiv"})
    assert response.status_code == 200
    [hit] = response.json()["items"]
    assert hit["title"] == "Russia And Ukraine Begin Negotiations"


def test_article_api_carries_its_enrichment(client: TestClient) -> None:
    article_id = client.get("/api/search", params={"q": "Kharkiv"}).json()["items"][0]["id"]
    article = client.get(f"/api/articles/{article_id[:8]}").json()
    canonical = {entity["canonical"] for entity in article["enrichment"]["entities"]}
    assert {"Vladimir Putin", "Kharkiv"} <= canonical
    assert {event["type"] for event in article["enrichment"]["events"]} >= {"ASSAULT"}  # stored apart, joined back
    assert client.get("/api/articles/doesnotexist").status_code == 404


def test_timeline_api_gives_dated_entries_with_sources(client: TestClient) -> None:
    entries = client.get("/api/timeline", params={"q": "Ukraine", "max_dates": 3}).json()["items"]
    assert 1 <= len(entries) <= 3
    assert all(entry["date"] and entry["sentences"] and entry["sources"] for entry in entries)
    assert client.get("/api/timeline", params={"q": "x", "start": "not-a-date"}).status_code == 400


@pytest.mark.parametrize("path", ["/", "/search?q=crowd", "/stories", "/events", "/timeline?q=crowd"])
def test_pages_render_and_escape_untrusted_text(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "<script>" not in response.text


def test_article_page_escapes_title_text_and_links(client: TestClient) -> None:
    article_id = client.get("/api/search", params={"q": "crowd"}).json()["items"][0]["id"]
    page = client.get(f"/articles/{article_id}").text
    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_event_and_entity_endpoints(client: TestClient) -> None:
    assert client.get("/api/events", params={"type": "ASSAULT"}).json()["items"]
    names = [row["canonical"] for row in client.get("/api/entities").json()["items"]]
    assert "Ukraine" in names
    assert client.get("/api/quotes", params={"speaker": "Podolyak"}).json()["items"]
