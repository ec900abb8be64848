"""The server under load and attack: slow work off the event loop, bounded queries, headers, Host allow-list,
lists with totals, the search language and the OpenAPI document.

A real uvicorn on 127.0.0.1 and a real httpx client where timing matters; Starlette's TestClient elsewhere.
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from serving import served
from starlette.routing import Route
from starlette.testclient import TestClient

from storyline.pipeline import ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.web import create_app
from storyline.web.app import SECURITY_HEADERS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "000_eae2988b17b06bab.txt"
CLI = [sys.executable, "-c", "from storyline.cli import main; main()"]
ALIAS_ARTICLES = [
    {"title": "Talks in Kiev", "date": "2022-03-02", "url": "https://example.org/kiev",
     "text": "President Zelensky met envoys in Kiev on Wednesday. The peace talks ended without an agreement, "
             "officials said. Both sides promised to meet again next week in the capital."},
    {"title": "Grain exports", "date": "2022-03-03", "url": "https://example.org/grain",
     "text": "Ukrainian farmers said grain exports had stopped. Talks about peace were not mentioned at the "
             "meeting, and the ministry gave no figures for the harvest this year."},
]


def _client(app) -> TestClient:
    return TestClient(app, base_url="http://localhost")


@pytest.fixture(scope="module")
def alias_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed (which writes Kyiv) and two articles: one writes Kiev and Zelensky, one has no phrase "peace talks"."""
    folder = tmp_path_factory.mktemp("alias")
    extra = folder / "extra.jsonl"
    extra.write_text("".join(json.dumps(article) + "\n" for article in ALIAS_ARTICLES), encoding="utf-8")
    db = folder / "alias.db"
    with SQLiteStore(db) as store:
        ingest([SEED, extra], store=store, settings=Settings.load())
    return db


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 articles of shuffled seed sentences, not enriched: a timeline over them takes a second or more."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", SEED.read_text(encoding="utf-8")) if len(s) > 40]
    rng = random.Random(3)
    folder = tmp_path_factory.mktemp("big")
    corpus = folder / "synthetic.jsonl"
    with open(corpus, "w", encoding="utf-8") as out:
        for index in range(2000):
            body = " ".join(rng.sample(sentences, min(len(sentences), 12)))
            day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(json.dumps({"title": f"Report {index}", "date": day, "text": body,
                                  "url": f"https://example.org/{index}"}) + "\n")
    db = folder / "big.db"
    with SQLiteStore(db) as store:
        ingest([corpus], store=store, settings=Settings.load({"enrich": False}))
    return db


@pytest.fixture(scope="module")
def big_server(big_db: Path) -> Iterator[str]:
    """The real app on a free 127.0.0.1 port, served by uvicorn in a thread."""
    with served(big_db) as url:
        yield url


# --- slow work does not stall the server ---------------------------------------------------------


def test_a_slow_timeline_does_not_stall_other_requests(big_server: str) -> None:
    with httpx.Client(base_url=big_server, timeout=60) as client, ThreadPoolExecutor(1) as pool:
        client.get("/api/stats").raise_for_status()  # warm: the first request opens the store
        started = time.monotonic()
        slow = pool.submit(client.get, "/api/timeline", params={"q": "Ukraine", "max_dates": 10})
        time.sleep(0.1)  # the timeline is in its worker thread now
        fast: list[float] = []
        while not slow.done():
            sent = time.monotonic()
            response = client.get("/api/stats")
            assert response.status_code == 200
            if not slow.done():
                fast.append(time.monotonic() - sent)
        slow_seconds = time.monotonic() - started
        assert slow.result().status_code == 200 and slow.result().json()["items"]
    assert slow_seconds > 0.5, "the timeline was not slow enough to show anything"
    assert fast, "no request answered while the timeline ran"
    assert max(fast) < slow_seconds / 2, (fast, slow_seconds)


def test_a_query_past_its_deadline_is_stopped_with_503(big_db: Path) -> None:
    client = _client(create_app(big_db, query_seconds=0.001))
    response = client.get("/api/search", params={"q": "Ukraine Russian"})
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "E506" and "took too long" in body["message"] and body["status"] == 503
    page = client.get("/search", params={"q": "Ukraine Russian"})
    assert page.status_code == 503 and "took too long" in page.text


# --- query cost is bounded -----------------------------------------------------------------------


def test_an_8kb_search_of_repeated_terms_is_refused_fast(big_server: str) -> None:
    long_query = " ".join(["Ukraine"] * 1000)[:8000]
    many_terms = " ".join(f"word{n}" for n in range(40))
    with httpx.Client(base_url=big_server, timeout=30) as client:
        for query in (long_query, many_terms):
            started = time.monotonic()
            response = client.get("/api/search", params={"q": query})
            assert time.monotonic() - started < 1.0
            assert response.status_code == 400
            body = response.json()
            assert body["error"] == "E604" and "at most" in body["message"]
        repeated = client.get("/api/search", params={"q": " ".join(["Ukraine"] * 50)})  # 400 characters: allowed
        assert repeated.status_code == 200
        assert repeated.json()["total"] == client.get("/api/search", params={"q": "Ukraine"}).json()["total"]


@pytest.mark.parametrize("wildcard", ["%", "_", "%25", "_%", "\\"])
def test_like_wildcards_match_only_themselves(alias_db: Path, wildcard: str) -> None:
    client = _client(create_app(alias_db))
    assert client.get(f"/api/articles/{wildcard}").status_code == 404
    for url, key in (("/api/quotes", "speaker"), ("/api/claims", "subject"), ("/api/entities", "q"),
                     ("/api/events", "actor"), ("/api/events", "place")):
        assert client.get(url, params={key: wildcard}).json()["total"] == 0, url
    assert client.get("/api/entities").json()["total"] > 0  # the endpoints do list something


def test_the_cli_show_command_escapes_wildcards(alias_db: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run([*CLI, "show", "%", "--db", str(alias_db)],
                          capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode != 0 and "E502" in done.stderr, done.stderr[-500:]


# --- security headers and the Host allow-list ----------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/events", "/api/stats", "/api/search?q=Kyiv", "/static/style.css",
                                  "/api/no-such", "/no-such", "/api/events?from=nope", "/api/openapi.json"])
def test_every_response_has_the_security_headers(alias_db: Path, path: str) -> None:
    response = _client(create_app(alias_db)).get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
def test_local_hosts_are_allowed(alias_db: Path, host: str) -> None:
    response = _client(create_app(alias_db)).get("/api/stats", headers={"host": host})
    assert response.status_code == 200


def test_other_hosts_are_refused_unless_allowed(alias_db: Path) -> None:
    client = _client(create_app(alias_db, allow_hosts=["storyline.example"]))
    refused = client.get("/api/stats", headers={"host": "attacker.example"})
    assert refused.status_code == 400
    assert refused.json() == {"error": "HTTP400", "message": refused.json()["message"], "status": 400}
    assert "--allow-host" in refused.json()["message"]
    assert refused.headers["x-frame-options"] == "DENY"
    assert client.get("/", headers={"host": "attacker.example:80"}).status_code == 400
    assert client.get("/api/stats", headers={"host": "storyline.example:8000"}).status_code == 200


def test_serve_allow_host_from_the_command_line(alias_db: Path) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    command = [*CLI, "serve", "--db", str(alias_db), "--port", str(port),
               "--allow-host", "news.example"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/stats"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert httpx.get(url, headers={"host": "news.example"}).status_code == 200
        assert httpx.get(url, headers={"host": "elsewhere.example"}).status_code == 400
    finally:
        server.terminate()
        server.wait(timeout=20)


# --- lists: limit, offset, total -----------------------------------------------------------------

LISTS = [("/api/search", {"q": "Kyiv OR talks OR grain"}), ("/api/stories", {}), ("/api/events", {}),
         ("/api/entities", {}), ("/api/quotes", {}), ("/api/claims", {})]


@pytest.mark.parametrize(("url", "asked"), LISTS)
def test_every_list_pages_with_limit_offset_and_total(alias_db: Path, url: str, asked: dict[str, str]) -> None:
    client = _client(create_app(alias_db))
    whole = client.get(url, params=asked | {"limit": "500"}).json()
    assert set(whole) >= {"total", "limit", "offset", "items"} and whole["offset"] == 0
    assert whole["total"] == len(whole["items"]) >= 1, whole["total"]
    pages = [client.get(url, params=asked | {"limit": "1", "offset": str(n)}).json()
             for n in range(whole["total"] + 1)]
    assert [page["total"] for page in pages] == [whole["total"]] * len(pages)
    assert [item for page in pages for item in page["items"]] == whole["items"]
    assert pages[-1]["items"] == [] and pages[1]["offset"] == 1 and pages[1]["limit"] == 1


@pytest.mark.parametrize("bad", ["-1", "x", "1.5", "99999999999"])
def test_a_bad_offset_is_400(alias_db: Path, bad: str) -> None:
    response = _client(create_app(alias_db)).get("/api/events", params={"offset": bad})
    assert response.status_code == 400 and response.json()["error"] == "E604"


# --- the search language -------------------------------------------------------------------------


def _titles(client: TestClient, query: str) -> set[str]:
    body = client.get("/api/search", params={"q": query}).json()
    assert body["total"] == len(body["items"])
    return {hit["title"] for hit in body["items"]}


def test_search_phrases_exclusions_and_aliases(alias_db: Path) -> None:
    client = _client(create_app(alias_db))
    seed = "Russia And Ukraine Begin Negotiations"
    assert _titles(client, "talks peace") >= {"Talks in Kiev", "Grain exports"}
    assert _titles(client, '"peace talks"') == {"Talks in Kiev"}  # the words in this order
    assert _titles(client, "talks -grain") == _titles(client, "talks") - {"Grain exports"}
    assert _titles(client, "talks -grain") and "Grain exports" in _titles(client, "talks")
    assert _titles(client, "-talks") == set()  # nothing to include: nothing found
    # The seed writes Kyiv, the other article Kiev: the store knows both as one entity.
    assert _titles(client, "Kiev") == {"Talks in Kiev", seed}
    assert _titles(client, "Kyiv") == {"Talks in Kiev", seed}
    assert "Kyiv" in client.get("/api/search", params={"q": "Kiev"}).json()["aliases"]["Kiev"]
    assert "Talks in Kiev" in _titles(client, "Zelenskyy")  # the seed's spelling finds the other one's
    assert _titles(client, "Kiev -Zelensky") == {seed}


# --- the OpenAPI document ------------------------------------------------------------------------


def test_openapi_describes_every_api_route_and_its_parameters(alias_db: Path) -> None:
    app = create_app(alias_db)
    document = _client(app).get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    api_paths = {route.path for route in app.routes if isinstance(route, Route) and route.path.startswith("/api/")}
    assert len(api_paths) >= 10 and api_paths == set(document["paths"])
    for path in {path for path in api_paths if "{" not in path} - {"/api/stats", "/api/openapi.json"}:
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert "limit" in names or "max_dates" in names, path
    [article_id] = [p for p in document["paths"]["/api/articles/{article_id}"]["get"]["parameters"]
                    if p["name"] == "article_id"]
    assert article_id["in"] == "path" and article_id["required"] is True


@pytest.mark.parametrize("query", ['-', '"', '-"', '""', '" "', "OR -x", "- -", '"unbalanced', "NEAR(a b)",
                                   "a:b", "-*", "*", "x OR", "^a", '"a" -"a"'])
def test_odd_queries_never_reach_fts5_as_syntax(alias_db: Path, query: str) -> None:
    response = _client(create_app(alias_db)).get("/api/search", params={"q": query})
    assert response.status_code == 200, response.text
    assert response.json()["total"] == len(response.json()["items"])


def test_a_kept_timeline_is_rebuilt_once_the_store_changes(alias_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    with SQLiteStore(alias_db, read_only=True) as source, SQLiteStore(db) as target:
        source.db.backup(target.db)
    client = _client(create_app(db))
    asked = {"q": "talks", "max_dates": "20"}
    before = {entry["date"] for entry in client.get("/api/timeline", params=asked).json()["items"]}
    assert before and "2022-04-20" not in before
    assert {e["date"] for e in client.get("/api/timeline", params=asked).json()["items"]} == before  # kept
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"title": "Talks resume", "date": "2022-04-20", "url": "https://example.org/later",
                                 "text": "Negotiators said on Wednesday that the peace talks resumed in Istanbul. "
                                         "The talks lasted four hours, officials said."}) + "\n")
    with SQLiteStore(db) as store:
        ingest([later], store=store, settings=Settings.load({"enrich": False}))
    after = {entry["date"] for entry in client.get("/api/timeline", params=asked).json()["items"]}
    assert "2022-04-20" in after
