"""The HTTP API and pages refuse bad input with one error shape, and only ever read the store."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from storyline.errors import StoreError
from storyline.web import create_app

ROOT = Path(__file__).resolve().parents[1]
READ_PAGES = ["/", "/stories", "/events", "/search?q=Kharkiv", "/timeline?q=Ukraine", "/api/stats",
              "/api/stories", "/api/events?type=assault", "/api/search?q=Kharkiv", "/api/timeline?q=Ukraine",
              "/api/entities?label=person", "/api/quotes", "/api/claims"]


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db), base_url="http://localhost")


def _api_error(client: TestClient, url: str, status: int, code: str, method: str = "GET") -> str:
    response = client.request(method, url)
    assert response.status_code == status, response.text
    body = response.json()
    assert body == {"error": code, "message": body["message"], "status": status}
    return str(body["message"])


BAD_DATES = [
    ("/api/events?from=2022-13-45", "from"), ("/api/events?to=yesterday", "to"),
    ("/api/stories?from=2022-02-30", "from"), ("/api/stories?to=22-01-01", "to"),
    ("/api/timeline?q=Ukraine&start=not-a-date", "start"), ("/api/timeline?q=Ukraine&end=2022-1-1x", "end"),
    ("/api/events?from=0999-01-01", "from"),
]


@pytest.mark.parametrize(("url", "option"), BAD_DATES)
def test_a_date_that_is_not_a_date_is_400_naming_the_parameter(client: TestClient, url: str, option: str) -> None:
    message = _api_error(client, url, 400, "E604")
    assert f"{option} '" in message and ("YYYY-MM-DD" in message or "between" in message)


@pytest.mark.parametrize("url", ["/api/events?from=2022-03-01&to=2022-02-01",
                                 "/api/stories?from=2022-03-01&to=2022-02-01",
                                 "/api/timeline?q=Ukraine&start=2022-03-01&end=2022-02-01"])
def test_a_range_that_ends_before_it_starts_is_400(client: TestClient, url: str) -> None:
    assert "is after" in _api_error(client, url, 400, "E604")


def test_good_dates_still_filter(client: TestClient) -> None:
    events = client.get("/api/events", params={"from": "2022-02-28", "to": "2022-02-28"}).json()["items"]
    assert events and {event["date"][:10] for event in events} == {"2022-02-28"}
    assert client.get("/api/events", params={"from": "2030-01-01"}).json()["items"] == []


@pytest.mark.parametrize(("path", "text"), [("/stories?from=2022-13-45", "from &#39;2022-13-45&#39; is not a date"),
                                            ("/events?to=yesterday", "to &#39;yesterday&#39; is not a date"),
                                            ("/timeline?q=x&start=2022-99-01", "start &#39;2022-99-01&#39;"),
                                            ("/events?type=ATTACK", "type &#39;ATTACK&#39; is not one of")])
def test_pages_show_the_error_not_an_empty_list(client: TestClient, path: str, text: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert text in response.text and "No stories yet" not in response.text and "No events match" not in response.text
    assert "<nav" in response.text  # the site's error page, with its navigation


def test_an_event_type_outside_plover_lists_the_valid_types(client: TestClient) -> None:
    message = _api_error(client, "/api/events?type=ATTACK", 400, "E604")
    assert "type 'ATTACK'" in message and "ASSAULT" in message and "CONSULT" in message
    assert client.get("/api/events", params={"type": "assault"}).json()["items"]  # any case names a type


def test_an_entity_label_that_does_not_exist_lists_the_valid_labels(client: TestClient) -> None:
    message = _api_error(client, "/api/entities?label=PERSONS", 400, "E604")
    assert "label 'PERSONS'" in message and "PERSON" in message and "GPE" in message
    assert {row["label"] for row in client.get("/api/entities", params={"label": "gpe"}).json()["items"]} == {"GPE"}


@pytest.mark.parametrize("url", ["/api/search?q=a&limit=abc", "/api/events?limit=0", "/api/timeline?q=a&max_dates=-1",
                                 "/api/timeline?q=a&sentences_per_date=two", "/api/timeline"])
def test_bad_numbers_and_missing_arguments_are_400(client: TestClient, url: str) -> None:
    _api_error(client, url, 400, "E604")


@pytest.mark.parametrize(("url", "code"), [("/api/articles/doesnotexist", "E502"),
                                           ("/api/articles/ffffffffffff", "E502"),
                                           ("/api/timeline?story=nosuchstory", "E702")])
def test_unknown_ids_are_404_in_the_same_shape(client: TestClient, url: str, code: str) -> None:
    _api_error(client, url, 404, code)


def test_http_errors_use_the_same_shape(client: TestClient) -> None:
    assert _api_error(client, "/api/no-such-endpoint", 404, "HTTP404") == "Not Found"
    _api_error(client, "/api/stats", 405, "HTTP405", method="POST")


def test_an_unknown_article_page_is_the_404_page(client: TestClient) -> None:
    response = client.get("/articles/doesnotexist")
    assert response.status_code == 404 and "Error 404" in response.text and "no such article" in response.text
    assert client.get("/no-such-page").status_code == 404


# --- the store is only read ----------------------------------------------------------------------


def _copy_store(source: Path, folder: Path, *, journal: str) -> Path:
    """A copy of the web store (through SQLite's backup, so it is whole) in the given journal mode."""
    target = folder / "copy.db"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    db = sqlite3.connect(target)
    db.execute(f"PRAGMA journal_mode={journal}")
    db.close()
    return target


def _journal_mode(path: Path) -> str:
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        db.close()


def test_gets_leave_a_rollback_journal_store_as_it_was(web_db: Path, tmp_path: Path) -> None:
    path = _copy_store(web_db, tmp_path, journal="delete")
    before = path.read_bytes()
    client = TestClient(create_app(path), base_url="http://localhost")
    assert [client.get(url).status_code for url in READ_PAGES] == [200] * len(READ_PAGES)
    assert _journal_mode(path) == "delete"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db"]  # no -wal or -shm left behind


SERVE_READ_ONLY = """
import json, sys
from starlette.testclient import TestClient
from storyline.web import create_app
client = TestClient(create_app(sys.argv[1]), base_url="http://localhost")
print(json.dumps({url: client.get(url).status_code for url in json.loads(sys.argv[2])}))
"""


def _without_write_permission() -> list[str]:
    """Run a child that the file modes bind: root normally overrides them, so drop that power for the child."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a read-only file binding")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@pytest.fixture
def public_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="storyline-ro-"))
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.parametrize("read_only_folder", [False, True], ids=["file-0444", "file-0444-in-folder-0555"])
@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_an_unwritable_store_still_serves(web_db: Path, public_folder: Path, read_only_folder: bool,
                                          journal: str) -> None:
    path = _copy_store(web_db, public_folder, journal=journal)
    before = path.read_bytes()
    path.chmod(0o444)
    if read_only_folder:
        public_folder.chmod(0o555)
    command = [*_without_write_permission(), sys.executable, "-c", SERVE_READ_ONLY, str(path), json.dumps(READ_PAGES)]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == dict.fromkeys(READ_PAGES, 200)
    if read_only_folder:  # checked first: our own look at the journal mode below may add -wal/-shm files
        assert sorted(p.name for p in public_folder.iterdir()) == ["copy.db"]
    assert path.read_bytes() == before and _journal_mode(path) == journal


def test_a_missing_corrupt_or_foreign_file_is_refused_at_start(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError) as caught:
        create_app(missing)
    assert caught.value.code == "E503" and not missing.exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(StoreError) as caught:
        create_app(junk)
    assert caught.value.code == "E503" and "junk.db" in caught.value.describe()


def test_a_store_damaged_while_serving_gives_a_clean_503(web_db: Path, tmp_path: Path) -> None:
    path = _copy_store(web_db, tmp_path, journal="delete")
    client = TestClient(create_app(path), base_url="http://localhost")
    assert client.get("/api/stats").status_code == 200
    path.write_bytes(os.urandom(path.stat().st_size))
    message = _api_error(client, "/api/stats", 503, "E503")
    assert "copy.db" in message and "Traceback" not in message
    page = client.get("/stories")
    assert page.status_code == 503 and "not a database" in page.text


def test_the_http_doc_lists_every_entity_label_and_error_code_it_names() -> None:
    from storyline.enrich.entities import LABELS
    from storyline.errors import CODES

    page = (ROOT / "docs" / "http.md").read_text(encoding="utf-8")
    assert [label for label in LABELS if label not in page] == []
    named = {word.strip("`,") for word in page.split() if word.strip("`,").startswith("E") and word[1:5].isdigit()}
    assert named and named <= set(CODES)
