"""The search, article and story views over a real store: the seed, a dozen Kremlin releases, a syndicated
copy of one of them and a hostile article. Highlights and facets, filters, exports, anchors, honest source
counts, and untrusted text escaped everywhere."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from conftest import HOSTILE, HOSTILE_BODY, ROOT, require_shared
from starlette.testclient import TestClient

from storyline.pipeline import ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.store.search_facets import MARK_END, MARK_START, spelling_index, transliteration_key
from storyline.web import create_app
from storyline.web.downloads import csv_response
from storyline.web.markup import Span, annotate, snippet_html, snippet_marks

KREMLIN = ("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv")
MIRROR = "https://mirror.example/kremlin/copy"
SEED_TITLE = "Russia And Ukraine Begin Negotiations"


def kremlin_sample(folder: Path) -> tuple[Path, dict[str, str]]:
    """Twelve short March 2022 releases that name Kiev or Macron, and the first of them as a CSV row."""
    csv.field_size_limit(2**31 - 1)
    with open(require_shared(*KREMLIN), encoding="utf-8") as stream:
        rows = [row for row in csv.DictReader(stream) if row["date"].startswith("2022-03") and len(row["body"]) < 6000]
    picked = [row for row in rows if "Macron" in row["body"] or "Kiev" in row["body"]][:12]
    path = folder / "kremlin-sample.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(picked[0]))
        writer.writeheader()
        writer.writerows(picked)
    return path, picked[0]


@pytest.fixture(scope="module")
def views_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("views")
    sample, first = kremlin_sample(folder)
    extra = folder / "extra.jsonl"
    # A day later on another site: the copy, not the original (a group's original is its earliest article).
    copy = {
        "title": first["headline"],
        "date": first["date"][:8] + f"{int(first['date'][8:10]) + 1:02d}",
        "text": first["body"],
        "url": MIRROR,
    }
    hostile = {
        "title": f"Crowd {HOSTILE}",
        "date": "2022-03-01",
        "text": HOSTILE_BODY + " " + HOSTILE,
        "url": "javascript:alert(1)",
    }
    extra.write_text("\n".join(json.dumps(row) for row in (copy, hostile)) + "\n")
    db = folder / "views.db"
    with SQLiteStore(db) as store:
        ingest([ROOT / "examples", sample, extra], store=store, settings=Settings.load())
    return db


@pytest.fixture(scope="module")
def client(views_db: Path) -> TestClient:
    return TestClient(create_app(views_db), base_url="http://localhost")


def search(client: TestClient, **asked: str) -> dict:
    response = client.get("/api/search", params=asked)
    assert response.status_code == 200, response.text
    return response.json()


# --- markup: escaped pieces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        (f"a {MARK_START}Kyiv{MARK_END} b", "a <mark>Kyiv</mark> b"),
        (f"{MARK_START}<script>{MARK_END}&", "<mark>&lt;script&gt;</mark>&amp;"),
        (f"open {MARK_START}never closed", "open <mark>never closed</mark>"),
        (f"stray{MARK_END} end", "stray end"),
    ],
)
def test_snippet_marks_become_balanced_escaped_html(marked: str, expected: str) -> None:
    assert str(snippet_html(marked)) == expected


def test_snippet_marks_give_offsets_into_the_plain_snippet() -> None:
    plain, marks = snippet_marks(f"…talks in {MARK_START}Kiev{MARK_END} and {MARK_START}Kyiv{MARK_END}…")
    assert [plain[start:end] for start, end in marks] == ["Kiev", "Kyiv"]


TEXT = 'Putin said "<b>Kyiv</b> will fall" on Tuesday. Then <script>x()</script> & more.'


def test_annotate_escapes_everything_and_keeps_the_text() -> None:
    spans = [
        Span(0, 5, "entity", "/entities/Vladimir%20Putin"),
        Span(11, 34, "quote"),
        Span(15, 19, "entity", '/entities/Kyiv"onmouseover=x'),
        Span(38, 45, "time", "/events?a=1&b=2"),
    ]
    out = str(annotate(TEXT, spans, sentences=[(0, 46), (47, len(TEXT))]))
    assert "<script>" not in out and "<b>" not in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == TEXT  # every character still there, in order
    assert '<span class="sentence" id="sentence-47">' in out
    assert 'href="/entities/Kyiv&#34;onmouseover=x"' in out and 'href="/events?a=1&amp;b=2"' in out


def test_annotate_never_nests_links_and_cuts_crossing_spans() -> None:
    spans = [Span(0, 10, "time", "/a"), Span(5, 20, "entity", "/b")]  # crossing, both links
    out = str(annotate("0123456789abcdefghij", spans))
    assert out.count("<a ") == 1 and out.index("</a>") > out.index('<span class="hl entity">')
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == "0123456789abcdefghij"


def test_csv_export_defuses_formulas() -> None:
    response = csv_response([{"a": "=HYPERLINK(1)", "b": -3, "c": "@x"}], columns=("a", "b", "c"), name="t")
    assert response.body.decode().splitlines() == ["a,b,c", "'=HYPERLINK(1),-3,'@x"]


@pytest.mark.parametrize(
    ("one", "other"), [("Zelensky", "Zelenskyy"), ("Podoliak", "Podolyak"), ("Kharkov", "Kharkov")]
)
def test_transliterations_share_a_key(one: str, other: str) -> None:
    assert transliteration_key(one) == transliteration_key(other)


# --- search ------------------------------------------------------------------------------------------


def test_search_highlights_the_alias_it_matched(client: TestClient) -> None:
    body = search(client, q="Kiev")
    assert "Kyiv" in body["aliases"]["Kiev"]
    assert body["total"] >= 5 and body["items"]
    for hit in body["items"]:
        assert {hit["snippet"][start:end].lower() for start, end in hit["highlights"]} <= {"kiev", "kyiv"}
    assert any(hit["title"] == SEED_TITLE for hit in body["items"])  # writes Kyiv


@pytest.mark.parametrize(("query", "finds"), [("Zelensky", SEED_TITLE), ("Podoliak", SEED_TITLE)])
def test_search_finds_other_transliterations(client: TestClient, query: str, finds: str) -> None:
    assert finds in {hit["title"] for hit in search(client, q=query)["items"]}


def test_facets_count_the_hits(client: TestClient) -> None:
    body = search(client, q="Kiev OR Macron", limit="500")
    facets, total = body["facets"], body["total"]
    assert sum(bucket["count"] for bucket in facets["dates"]) == total == len(body["items"])
    assert sum(bucket["count"] for bucket in facets["publishers"]) == total
    assert {bucket["value"] for bucket in facets["publishers"]} >= {"en.kremlin.ru", "huffpost.com"}
    assert MIRROR.split("/")[2] not in {hit["publisher"] for hit in body["items"]}  # the copy is not a hit
    assert facets["languages"] == [{"value": "en", "count": total}]
    assert "Emmanuel Macron" in {entity["value"] for entity in facets["entities"]}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", bucket["value"]) for bucket in facets["dates"])
    months = search(client, q="Kiev OR Macron", by="month")["facets"]
    assert months["by"] == "month" and {bucket["value"] for bucket in months["dates"]} <= {"2022-02", "2022-03"}


@pytest.mark.parametrize(
    ("name", "value", "field"), [("source", "en.kremlin.ru", "publisher"), ("lang", "en", "language")]
)
def test_a_facet_filter_keeps_what_it_counted(client: TestClient, name: str, value: str, field: str) -> None:
    whole = search(client, q="Kiev OR Macron")
    [count] = [
        bucket["count"]
        for bucket in whole["facets"][{"source": "publishers", "lang": "languages"}[name]]
        if bucket["value"] == value
    ]
    narrowed = search(client, q="Kiev OR Macron", limit="500", **{name: value})
    assert narrowed["total"] == count == len(narrowed["items"])
    assert {hit[field] for hit in narrowed["items"]} == {value}


def test_entity_and_date_filters(client: TestClient) -> None:
    macron = search(client, q="conversation", entity="Emmanuel Macron", limit="500")
    assert macron["total"] >= 1
    for hit in macron["items"]:
        names = {m["canonical"] for m in client.get(f"/api/articles/{hit['id']}").json()["enrichment"]["entities"]}
        assert "Emmanuel Macron" in names
    days = search(client, q="Kiev OR Macron", **{"from": "2022-03-05", "to": "2022-03-10"}, limit="500")
    assert days["items"] and all("2022-03-05" <= hit["published"][:10] <= "2022-03-10" for hit in days["items"])


def test_phrase_and_exclusion_counts_add_up(client: TestClient) -> None:
    phrase = search(client, q='"telephone conversation"')["total"]
    without = search(client, q='"telephone conversation" -Macron')["total"]
    both = search(client, q='"telephone conversation" Macron')["total"]
    assert phrase == without + both and both >= 1 and without >= 1


def test_search_pages_and_sorts(client: TestClient) -> None:
    whole = search(client, q="Kiev OR Macron", limit="500", sort="newest")
    dates = [hit["published"] for hit in whole["items"]]
    assert dates == sorted(dates, reverse=True)
    paged = [
        search(client, q="Kiev OR Macron", limit="3", offset=str(n), sort="newest")["items"]
        for n in range(0, whole["total"], 3)
    ]
    assert [hit["id"] for page in paged for hit in page] == [hit["id"] for hit in whole["items"]]
    assert client.get("/api/search", params={"q": "x", "sort": "random"}).status_code == 400


def test_search_csv_export_reads_back(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "Macron", "format": "csv", "limit": "500"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["id"] for row in rows] == [hit["id"] for hit in search(client, q="Macron", limit="500")["items"]]


def test_search_page_shows_marks_facets_and_links_that_keep_filters(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Kiev", "source": "en.kremlin.ru"}).text
    assert "<mark>Kiev</mark>" in page
    assert 'href="/search?q=Kiev&amp;source=en.kremlin.ru&amp;entity=' in page  # an entity facet keeps the source
    assert 'href="/api/search?q=Kiev&amp;source=en.kremlin.ru&amp;offset=0&amp;format=csv"' in page
    assert "Source: en.kremlin.ru" in page and "<svg" in page


def test_search_page_escapes_hostile_text(client: TestClient) -> None:
    page = client.get("/search", params={"q": HOSTILE}).text
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Crowd &lt;script&gt;" in page


# --- article ----------------------------------------------------------------------------------------


def _seed_id(client: TestClient) -> str:
    [seed] = [hit for hit in search(client, q="Kharkiv")["items"] if hit["title"] == SEED_TITLE]
    return seed["id"]


def test_article_page_highlights_and_anchors_every_event_sentence(client: TestClient) -> None:
    article_id = _seed_id(client)
    page = client.get(f"/articles/{article_id[:8]}").text
    article = client.get(f"/api/articles/{article_id}").json()
    for event in article["enrichment"]["events"]:
        assert f'id="sentence-{event["sentence_start"]}"' in page
        assert f'href="#sentence-{event["sentence_start"]}"' in page
    assert '<a class="hl entity" href="/entities/Vladimir%20Putin"' in page
    assert 'class="hl quote"' in page and 'class="hl time"' in page and 'class="tag event"' in page
    assert '<a class="tag quote" href="/quotes?speaker=Mykhailo+Podolyak">' in page


def test_article_csv_lists_each_annotation(client: TestClient) -> None:
    article_id = _seed_id(client)
    article = client.get(f"/api/articles/{article_id}").json()
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/articles/{article_id}", params={"format": "csv"}).text)))
    enrichment = article["enrichment"]
    assert len(rows) == sum(len(enrichment[key]) for key in ("entities", "quotes", "claims", "times"))
    for row in rows:
        assert article["text"][int(row["start"]) : int(row["end"])] == row["text"]


def test_article_page_escapes_hostile_text(client: TestClient) -> None:
    article_id = search(client, q="crowd")["items"][0]["id"]
    page = client.get(f"/articles/{article_id}").text
    assert HOSTILE not in page and "&lt;script&gt;" in page and 'href="javascript:' not in page


# --- story ------------------------------------------------------------------------------------------


def _kremlin_story(client: TestClient) -> dict:
    stories = client.get("/api/stories").json()["items"]
    return max(stories, key=lambda story: story["article_count"])


def test_story_counts_publishers_not_copies(client: TestClient) -> None:
    listed = _kremlin_story(client)
    view = client.get(f"/api/stories/{listed['id']}").json()
    articles = [article for entry in view["entries"] for article in entry["articles"]]
    originals = {article["publisher"] for article in articles if not article["duplicate_of"]}
    assert view["independent_sources"] == len(originals) == listed["source_count"]
    assert view["independent_sources"] < len(articles)  # a dozen Kremlin releases are one source
    copies = [article for article in articles if article["duplicate_of"]]
    assert view["copies"] == len(copies) == 1  # the mirror's copy of a release joined the story
    assert all(article["publisher"] == "mirror.example" for article in copies)


def test_story_page_has_axis_entries_and_side_panels(client: TestClient) -> None:
    story = _kremlin_story(client)
    page = client.get(f"/stories/{story['id']}").text
    view = client.get(f"/api/stories/{story['id']}").json()
    for entry in view["entries"]:
        assert f'id="day-{entry["date"]}"' in page and f'href="#day-{entry["date"]}"' in page
    assert '<script src="/static/story.js" defer></script>' in page and 'id="story-axis"' in page
    assert {"Vladimir Putin", "Emmanuel Macron"} <= {actor["name"] for actor in view["actors"]}
    assert sum(row["articles"] for row in view["growth"]) == story["article_count"]
    assert "How it grew" in page and 'class="growth"' in page
    assert any(event["type"] == "CONSULT" for entry in view["entries"] for event in entry["events"])


def test_story_range_narrows_entries_and_csv(client: TestClient) -> None:
    story = _kremlin_story(client)
    narrowed = client.get(f"/api/stories/{story['id']}", params={"from": "2022-03-05", "to": "2022-03-09"}).json()
    assert narrowed["entries"] and all("2022-03-05" <= e["date"] <= "2022-03-09" for e in narrowed["entries"])
    text = client.get(
        f"/api/stories/{story['id']}", params={"from": "2022-03-05", "to": "2022-03-09", "format": "csv"}
    ).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {row["article_id"] for row in rows} == {a["id"] for e in narrowed["entries"] for a in e["articles"]}
    assert (
        client.get(f"/api/stories/{story['id']}", params={"from": "2022-03-09", "to": "2022-03-01"}).status_code == 400
    )


def test_unknown_story_is_404_in_both_shapes(client: TestClient) -> None:
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/api/stories/nope").json()["error"] == "E702"


def test_stories_list_links_to_the_story_view(client: TestClient) -> None:
    story = _kremlin_story(client)
    assert f'href="/stories/{story["id"]}"' in client.get("/stories").text


def test_the_spelling_index_agrees_with_the_store(views_db: Path) -> None:
    with SQLiteStore(views_db, read_only=True) as store:
        index = spelling_index(store)
        for word in ["Kiev", "Kyiv", "kyiv", "Putin", "Vladimir Putin", "Zelenskyy", "Ukraine"]:
            assert store.spellings(word) and index.spellings(word) == store.spellings(word), word
        assert store.spellings("Macron") == [] and "Emmanuel Macron" in index.spellings("Macron")  # a name's word
        assert {"Podolyak", "Mykhailo Podolyak"} <= set(index.spellings("Podoliak"))  # never written so
        assert store.spellings("Podoliak") == []


def test_every_story_page_escapes_its_articles(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["items"]
    hostile = [
        story
        for story in stories
        if HOSTILE
        in " ".join(
            article["title"]
            for entry in client.get(f"/api/stories/{story['id']}").json()["entries"]
            for article in entry["articles"]
        )
    ]
    assert hostile  # the hostile article is in a story
    for story in hostile:
        page = client.get(f"/stories/{story['id']}").text
        assert HOSTILE not in page and page.count("<script") == 1 and "&lt;script&gt;" in page
        assert 'href="javascript:' not in page


def test_related_stories_are_the_others_nearest_first(client: TestClient) -> None:
    story = _kremlin_story(client)
    related = client.get(f"/api/stories/{story['id']}").json()["related"]
    others = {row["id"] for row in client.get("/api/stories").json()["items"]} - {story["id"]}
    assert related and {row["id"] for row in related} <= others
    assert [row["similarity"] for row in related] == sorted((row["similarity"] for row in related), reverse=True)


def test_a_story_names_its_thread_and_the_thread_s_other_stories(client: TestClient) -> None:
    story = _kremlin_story(client)
    view = client.get(f"/api/stories/{story['id']}").json()
    thread = view["thread"]
    assert thread["id"] == story["thread_id"] and thread["story_count"] >= 1
    assert story["id"] not in {other["id"] for other in thread["stories"]}
    assert len(thread["stories"]) == min(20, thread["story_count"] - 1)
    page = client.get(f"/stories/{story['id']}").text
    assert '<section class="thread"><h2>Thread</h2>' in page
    for other in thread["stories"]:
        assert f'href="/stories/{other["id"]}"' in page
