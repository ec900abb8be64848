"""The store the analyst-view tests share: the seed article, two outlets' reports of one shelling (two death
tolls for one count on one day; Zelenskyy quoted under two spellings) and the Kremlin releases that name
Zelensky, all through the real pipeline (ingest + enrichment + events + stories). Built once per test module.

The Kremlin rows are read from ../shared/data (never copied into the repo): without it the tests skip.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from conftest import HOSTILE, HOSTILE_BODY, ROOT, require_shared

from storyline.pipeline import ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore

KREMLIN = ("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv")
KREMLIN_ROWS = 3  # releases that name Zelensky: enough for a chart over days, quick to enrich
# Two outlets, one day, one count: officials' 12 dead against police's 15 — a disagreement the view must show.
SHELLING = [
    (
        "https://www.reuters.com/world/europe/irpin-shelling-1",
        "2022-03-08T10:00:00Z",
        "Shelling hits Irpin as Zelenskyy vows to fight on",
        "Russian artillery shelled the town of Irpin near Kyiv on Tuesday. Officials said 12 people were killed in the "
        'shelling. "We will not give up and we will not lose," Ukrainian President Volodymyr Zelenskyy said in a video '
        "address. Rescue teams searched the rubble for survivors through the afternoon.",
    ),
    (
        "https://apnews.com/article/irpin-shelling-2",
        "2022-03-08T18:00:00Z",
        "Irpin toll rises after Russian shelling",
        "Russian forces shelled Irpin, a suburb of Kyiv, on Tuesday. "
        "Police said 15 people were killed in the shelling. "
        '"We will fight to the end, at sea, in the air," Zelensky told the British parliament by video link. '
        "Hospitals in the region appealed for blood donors as the wounded arrived.",
    ),
    # Untrusted text everywhere a view shows it: title, quote, sentence of a figure.
    (
        "https://hostile.example/crowd",
        "2022-03-01T09:00:00Z",
        f"Crowd {HOSTILE}",
        f'{HOSTILE_BODY} "Stay calm {HOSTILE}," Mykhailo Podolyak said.',
    ),
]


def build_analyst_store(folder: Path) -> Path:
    """Ingest the seed, the two shelling reports and the Kremlin rows into ``folder/analyst.db``."""
    shelling = folder / "shelling.jsonl"
    shelling.write_text(
        "\n".join(
            json.dumps({"url": url, "published": published, "title": title, "text": text})
            for url, published, title, text in SHELLING
        )
        + "\n",
        encoding="utf-8",
    )
    kremlin = _kremlin_rows(require_shared(*KREMLIN), folder / "kremlin" / "kremlin.csv")
    db = folder / "analyst.db"
    with SQLiteStore(db) as store:
        ingest([ROOT / "examples", shelling, kremlin], store=store, settings=Settings.load())
    return db


def _kremlin_rows(source: Path, target: Path) -> Path:
    """The first releases naming Zelensky, as a CSV of the same columns (a temporary file)."""
    csv.field_size_limit(sys.maxsize)
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open(newline="", encoding="utf-8") as infile, target.open("w", newline="", encoding="utf-8") as out:
        reader = csv.DictReader(infile)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        rows = (row for row in reader if "Zelensk" in (row.get("body") or ""))
        for _, row in zip(range(KREMLIN_ROWS), rows, strict=False):
            writer.writerow(row)
    return target


@pytest.fixture(scope="module")
def analyst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analyst_store(tmp_path_factory.mktemp("analyst"))
