"""Fixtures shared by every test: the seed article, the shared data folder, a fresh store, the web store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyline.pipeline import ingest
from storyline.settings import Settings
from storyline.store import MemoryStore, SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "000_eae2988b17b06bab.txt"
SHARED_DATA = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"
HOSTILE = '<script>alert("x")</script>'
HOSTILE_BODY = ("Protesters gathered in Kyiv on Tuesday. Officials said at least 20 people were injured as police "
                "dispersed the crowd near the parliament building.")


def require_shared(*parts: str) -> Path:
    """A path inside ../shared/data: skip when absent, fail when STORYLINE_REQUIRE_SHARED=1 (as in CI)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        message = f"shared data not found: {path}"
        if os.environ.get("STORYLINE_REQUIRE_SHARED") == "1":
            pytest.fail(message + " (STORYLINE_REQUIRE_SHARED=1)")
        pytest.skip(message)
    return path


@pytest.fixture
def shared_data():
    """Call with path parts: ``shared_data("kremlin-2022", "file.csv")``."""
    return require_shared


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def settings() -> Settings:
    return Settings.load({"enrich": False})


@pytest.fixture
def store():
    with MemoryStore() as memory:
        yield memory


@pytest.fixture(scope="module")
def web_db(tmp_path_factory) -> Path:
    """A store for the web tests: the examples plus a hostile article (script in title and text, javascript: url)."""
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({"title": f"Crowd {HOSTILE}", "date": "2022-03-01",
                                   "text": HOSTILE_BODY + " " + HOSTILE, "url": "javascript:alert(1)"}) + "\n")
    db = folder / "web.db"
    with SQLiteStore(db) as store:
        ingest([ROOT / "examples", hostile], store=store, settings=Settings.load())
    return db
