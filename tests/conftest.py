"""Fixtures shared by every test: the seed article, the shared data folder, a fresh store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyline.settings import Settings
from storyline.store import MemoryStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "000_eae2988b17b06bab.txt"
SHARED_DATA = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"


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
