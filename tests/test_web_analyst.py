"""The analyst's entity, quotes and figures views over a real store (tests/analyst_store.py): what each page and
``/api/`` route shows, that filters live in the URL, that exports carry the same rows, and that untrusted text
stays escaped."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from analyst_store import analyst_db  # noqa: F401 - the module's store fixture
from conftest import HOSTILE
from starlette.testclient import TestClient

from storyline.store import SQLiteStore
from storyline.web import create_app
from storyline.web.views._tabular import to_csv
from storyline.web.views.figures import _matches, subject_terms

ZELENSKYY = "Volodymyr Zelenskyy"
SHELLING_QUOTES = {"We will not give up and we will not lose,", "We will fight to the end, at sea, in the air,"}


@pytest.fixture(scope="module")
def client(analyst_db: Path) -> TestClient:  # noqa: F811
    return TestClient(create_app(analyst_db), base_url="http://localhost")


def _json(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _csv(client: TestClient, path: str, **params: Any) -> list[dict[str, str]]:
    response = client.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.text)))


# --- entity --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Zelensky", "zelenskyy", ZELENSKYY])
def test_any_spelling_opens_the_one_entity(client: TestClient, name: str) -> None:
    entity = _json(client, f"/api/entities/{name}")
    assert entity["canonical"] == ZELENSKYY and entity["type"] == "PERSON"
    assert {"Zelensky", "Zelenskyy", ZELENSKYY} <= {alias["text"] for alias in entity["aliases"]}
    assert entity["mentions"] == sum(alias["mentions"] for alias in entity["aliases"])


def test_entity_has_his_quotes_and_not_his_offices(client: TestClient) -> None:
    entity = _json(client, "/api/entities/Zelensky")
    texts = {quote["text"] for quote in entity["quotes"]}
    assert texts >= SHELLING_QUOTES
    assert all(quote["speaker"] == ZELENSKYY for quote in entity["quotes"])  # not "Volodymyr Zelenskyy's office"
    by_text = {quote["text"]: quote for quote in entity["quotes"]}
    assert {by_text[text]["publisher"] for text in SHELLING_QUOTES} == {"reuters.com", "apnews.com"}
    assert entity["quote_counts"]["total"] == len(entity["quotes"])


def test_entity_mentions_per_day_are_charted(client: TestClient) -> None:
    entity = _json(client, f"/api/entities/{ZELENSKYY}")
    days = entity["mentions_per_day"]
    assert {"day": "2022-03-08", "mentions": 2, "articles": 2} in days  # the two shelling reports
    assert sum(day["mentions"] for day in days) == entity["mentions"]
    page = client.get(f"/entities/{ZELENSKYY}").text
    assert page.count("<rect ") == len(days)  # one bar per day, drawn on the server
    assert 'role="img"' in page and "Mentions of Volodymyr Zelenskyy per publication day" in page


def test_entity_events_partners_and_links(client: TestClient) -> None:
    putin = _json(client, "/api/entities/Putin")
    assert putin["canonical"] == "Vladimir Putin" and putin["country"]["code"] == "RUS"
    assert putin["actor_event_count"] >= len(putin["actor_events"]) > 0
    assert all(event["actor"] == "Vladimir Putin" for event in putin["actor_events"])
    assert all(event["recipient"] == "Vladimir Putin" for event in putin["recipient_events"])
    macron = next(p for p in putin["partners"] if p["name"] == "Emmanuel Macron")
    assert "CONSULT" in macron["types"]
    page = client.get("/entities/Vladimir Putin").text
    assert 'href="/entities/Emmanuel%20Macron"' in page  # partners link to their pages
    assert 'href="/articles/' in page and 'href="/events?type=CONSULT' in page


def test_entity_exports_each_table(client: TestClient) -> None:
    entity = _json(client, "/api/entities/Putin")
    rows = _csv(client, "/entities/Putin", part="actor_events")
    assert [row["sentence"] for row in rows] == [event["sentence"] for event in entity["actor_events"]]
    assert _json(client, "/entities/Putin", format="json")["canonical"] == "Vladimir Putin"


def test_unknown_entity_is_a_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/entities/Nobody Atall")
    assert response.status_code == 404
    assert response.json() == {"error": "HTTP404", "message": "no such entity (Nobody Atall)", "status": 404}
    assert client.get("/entities/Nobody Atall").status_code == 404


def test_entities_index_searches_and_pages(client: TestClient) -> None:
    every = _json(client, "/api/entities", limit=500)
    assert every["total"] == len(every["items"]) > 10
    first, second = (_json(client, "/api/entities", limit=5, offset=offset) for offset in (0, 5))
    assert first["items"] + second["items"] == every["items"][:10] and first["total"] == every["total"]
    found = _json(client, "/api/entities", q="zelen")
    assert found["items"][0]["canonical"] == ZELENSKYY
    page = client.get("/entities", params={"q": "zelen"}).text
    assert f'href="/entities/{ZELENSKYY.replace(" ", "%20")}"' in page and "format=csv" in page


# --- quotes --------------------------------------------------------------------------------------


def test_speaker_aliases_find_the_same_quotes(client: TestClient) -> None:
    quotes = {name: _json(client, "/api/quotes", speaker=name) for name in ("Zelensky", "Zelenskyy", ZELENSKYY)}
    texts = [{quote["text"] for quote in found["items"]} for found in quotes.values()]
    assert texts[0] == texts[1] == texts[2] and texts[0] >= SHELLING_QUOTES
    assert quotes["Zelensky"]["speakers"] == [ZELENSKYY]
    assert {"Zelensky", "Zelenskyy"} <= set(quotes["Zelensky"]["spellings"])


def test_each_quote_has_its_sentence_article_and_publisher(client: TestClient) -> None:
    found = _json(client, "/api/quotes", speaker="Zelensky", q="fight end")
    [quote] = found["items"]
    assert quote["text"] == "We will fight to the end, at sea, in the air,"
    assert quote["sentence"].startswith('"We will fight to the end') and "British parliament" in quote["sentence"]
    assert quote["publisher"] == "apnews.com" and quote["title"] == "Irpin toll rises after Russian shelling"
    assert found["total"] == 1 and found["sources"] == 1


def test_quotes_filter_by_dates_and_story(client: TestClient, analyst_db: Path) -> None:  # noqa: F811
    march = _json(client, "/api/quotes", speaker="Zelensky", **{"from": "2022-03-01", "to": "2022-03-31"})
    assert {quote["published"][:10] for quote in march["items"]} == {"2022-03-08"}
    article_id = march["items"][0]["article_id"]
    story_id = _story_of(analyst_db, article_id)
    in_story = _json(client, "/api/quotes", story=story_id, limit=500)["items"]
    assert article_id in {quote["article_id"] for quote in in_story}
    every = _json(client, "/api/quotes", limit=500)
    assert 0 < len(in_story) < every["total"]  # the story narrows the list
    assert client.get("/api/quotes", params={"story": "s-nosuch"}).json()["error"] == "E702"
    assert client.get("/api/quotes", params={"from": "March"}).status_code == 400


def _story_of(db: Path, article_id: str) -> str:
    with SQLiteStore(db, read_only=True) as store:
        return store.story_memberships([article_id])[article_id][0]


def test_quotes_page_and_csv_show_the_same_page(client: TestClient) -> None:
    asked = {"speaker": "Zelensky", "limit": 2, "offset": 1}
    found = _json(client, "/api/quotes", **asked)
    rows = _csv(client, "/quotes", **asked)
    assert [row["text"] for row in rows] == [quote["text"] for quote in found["items"]] and len(rows) <= 2
    page = client.get("/quotes", params=asked).text
    assert f"of {found['total']}" in page and 'rel="prev"' in page  # the pager, its permalink-style links
    assert "format=csv" in page and "speaker=Zelensky" in page


# --- figures -------------------------------------------------------------------------------------


def test_two_sources_tolls_for_one_count_are_a_disagreement(client: TestClient) -> None:
    found = _json(client, "/api/figures", subject="killed")
    [shelling] = [d for d in found["disagreements"] if d["first_day"] == "2022-03-08"]
    assert shelling["count"] == "people killed" and shelling["values"] == ["12", "15"]
    assert shelling["publishers"] == ["apnews.com", "reuters.com"]
    sentences = {report["value"]: report["sentence"] for report in shelling["reports"]}
    assert sentences == {
        12.0: "Officials said 12 people were killed in the shelling.",
        15.0: "Police said 15 people were killed in the shelling.",
    }
    disputed = [point for point in found["items"] if point["disputed"]]
    assert {(p["day"], p["value"], p["publisher"]) for p in disputed} >= {
        ("2022-03-08", 12.0, "reuters.com"),
        ("2022-03-08", 15.0, "apnews.com"),
    }
    assert found["sources"] == len({point["publisher"] for point in found["items"]})


def test_figures_page_plots_points_and_shows_values_side_by_side(client: TestClient) -> None:
    found = _json(client, "/api/figures", subject="killed")
    page = client.get("/figures", params={"subject": "killed"}).text
    assert page.count('<circle class="dot') == found["total"]  # one dot per figure
    assert page.count('class="report"') == sum(len(d["reports"]) for d in found["disagreements"])
    block = page[page.index('class="disagreement"') :]
    assert block.index("reuters.com") > 0 and block.index("apnews.com") > 0
    assert "Officials said 12 people were killed" in block and "Police said 15 people were killed" in block


def test_figures_filter_by_dates_and_export(client: TestClient) -> None:
    before = _json(client, "/api/figures", subject="killed", to="2022-03-07")
    assert all(point["day"] <= "2022-03-07" for point in before["items"])
    assert not [d for d in before["disagreements"] if d["first_day"] == "2022-03-08"]
    rows = _csv(client, "/figures", subject="killed")
    assert [(row["day"], float(row["value"])) for row in rows] == [
        (p["day"], p["value"]) for p in _json(client, "/api/figures", subject="killed")["items"]
    ]


@pytest.mark.parametrize(
    ("subject", "claim", "matches"),
    [
        ("killed", ("people", "died"), True),
        ("killed", ("", "death toll"), True),
        ("killed", ("soldiers", "wounded"), False),
        ("refugees", ("refugees", "fled"), True),
        ("refugees", ("people", "displaced"), True),
        ("die", ("soldiers", "x"), False),
    ],
)
def test_subject_words_widen_to_one_outcome_and_match_whole_words(
    subject: str, claim: tuple[str, str], matches: bool
) -> None:
    row = {"subject": claim[0], "predicate": claim[1]}
    assert _matches(row, subject_terms(subject)) is matches


# --- across the views ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "shows_it"),
    [
        ("/entities", False),
        ("/entities/Mykhailo Podolyak", True),
        ("/quotes", True),
        ("/quotes?speaker=Podolyak", True),
        ("/figures?subject=injured", False),
        ("/api/quotes?speaker=Podolyak", False),
    ],
)
def test_untrusted_text_is_escaped(client: TestClient, path: str, shows_it: bool) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert HOSTILE not in response.text
    assert ("&lt;script&gt;" in response.text) is shows_it


def test_hostile_quote_is_exported_as_text(client: TestClient) -> None:
    rows = _csv(client, "/api/quotes", speaker="Podolyak")
    assert any("<script>" in row["text"] for row in rows)  # CSV is data: kept as written, not as markup


def test_csv_cells_never_start_a_formula() -> None:
    text = to_csv([{"a": "=HYPERLINK(1)", "b": "-2", "c": "plain"}], ["a", "b", "c"])
    assert text.splitlines()[1] == "'=HYPERLINK(1),'-2,plain"


def test_bad_format_is_a_400_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/figures", params={"format": "xml"})
    assert response.status_code == 400 and response.json()["error"] == "E604"


def test_openapi_describes_the_views(client: TestClient) -> None:
    paths = _json(client, "/api/openapi.json")["paths"]
    for path in ("/api/entities", "/api/entities/{name:path}", "/api/quotes", "/api/figures"):
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert {"limit", "format"} <= names, path
    [name] = [p for p in paths["/api/entities/{name:path}"]["get"]["parameters"] if p["name"] == "name"]
    assert name["in"] == "path" and name["required"] is True


# --- the store's reads behind the views ------------------------------------------------------------


def test_figure_rows_agree_with_the_claim_reports(analyst_db: Path) -> None:  # noqa: F811
    """The figures view matches sentences and events in Python; the claims command does it in SQL: same answer."""
    with SQLiteStore(analyst_db, read_only=True) as store:
        ours = store.figure_rows()
        theirs = store.claim_reports()
    assert len(ours) == len(theirs) > 5
    keys = ("article_id", "text", "subject", "sentence", "about_date", "event_date", "merged_id")
    assert sorted(tuple(row[k] for k in keys) for row in ours) == sorted(tuple(row[k] for k in keys) for row in theirs)


def test_names_resolve_to_canonical_entities(analyst_db: Path) -> None:  # noqa: F811
    with SQLiteStore(analyst_db, read_only=True) as store:
        assert store.resolve_names("zelensky") == store.resolve_names(ZELENSKYY, limit=1) == [ZELENSKYY]
        assert store.resolve_names("Nobody Atall") == []
        assert {"Zelensky", "Zelenskyy", ZELENSKYY} <= set(store.written_forms([ZELENSKYY]))
        assert store.known_entities([ZELENSKYY, "Volodymyr Zelenskyy's office"]) == {ZELENSKYY}


def test_entities_index_finds_a_name_by_any_spelling(client: TestClient) -> None:
    by_spelling = _json(client, "/api/entities", q="Vladimir Zelensky", label="person")  # a Kremlin spelling
    assert by_spelling["items"][0]["canonical"] == ZELENSKYY and by_spelling["label"] == "PERSON"
    assert all(row["label"] == "PERSON" for row in by_spelling["items"])
    assert _json(client, "/api/entities", q="no such name at all") | {"items": []} == {
        "total": 0,
        "limit": 50,
        "offset": 0,
        "items": [],
        "q": "no such name at all",
        "label": None,
    }
