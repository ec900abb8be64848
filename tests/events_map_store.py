"""The store the events, map and network tests read: the seed article, the Kremlin releases of 20 February to
31 March 2022 (the start of the invasion, Putin's calls with Macron) and a hostile article.

Ingesting 150 articles with enrichment takes a minute, so the file is built once per test session (in the
session's temporary folder) and shared by the test modules that use it. Without ../shared/data the tests
that need it skip (fail when STORYLINE_REQUIRE_SHARED=1), as ``conftest.require_shared`` does.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from conftest import HOSTILE, HOSTILE_BODY, ROOT, require_shared

from storyline.pipeline import ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore

KREMLIN = ("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv")
FIRST_DAY, LAST_DAY = "2022-02-20", "2022-03-31"


def kremlin_subset(source: Path, out: Path) -> int:
    """The releases published from FIRST_DAY to LAST_DAY, as a CSV of the same columns; returns how many."""
    csv.field_size_limit(10**8)
    with source.open(encoding="utf-8", newline="") as read, out.open("w", encoding="utf-8", newline="") as write:
        reader = csv.DictReader(read)
        writer = csv.DictWriter(write, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        kept = [row for row in reader if FIRST_DAY <= row["date"][:10] <= LAST_DAY]
        writer.writerows(kept)
    return len(kept)


def build(folder: Path) -> Path:
    """The store in ``folder`` (made once: a later call finds it there)."""
    db = folder / "events-map.db"
    if db.exists():
        return db
    source = require_shared(*KREMLIN)
    subset = folder / "kremlin-2022-feb-mar.csv"
    assert kremlin_subset(source, subset) > 100
    hostile = folder / "hostile.jsonl"
    hostile.write_text(
        json.dumps(
            {
                "title": f"Shelling {HOSTILE}",
                "date": "2022-03-02",
                "url": "https://example.org/x",
                "text": HOSTILE_BODY + f" Russian forces shelled Kharkiv, {HOSTILE}.",
            }
        )
        + "\n"
    )
    partial = folder / "events-map.partial.db"
    with SQLiteStore(partial) as store:
        ingest([ROOT / "examples", subset, hostile], store=store, settings=Settings.load())
    partial.rename(db)  # a build cut short never passes for a finished one
    return db


@pytest.fixture(scope="module")
def events_map_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built in the session's temporary folder, or once and for all in STORYLINE_EVENTS_MAP_CACHE (a folder)."""
    cache = os.environ.get("STORYLINE_EVENTS_MAP_CACHE")
    folder = Path(cache) if cache else tmp_path_factory.getbasetemp()
    folder.mkdir(parents=True, exist_ok=True)
    return build(folder)
