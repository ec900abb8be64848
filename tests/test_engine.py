"""The same stages on a real Dask cluster store exactly what they store in-process."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from storyline.pipeline import ingest
from storyline.records import as_dict
from storyline.settings import Settings
from storyline.store import MemoryStore


def _corpus(tmp_path: Path, seed_path: Path, kremlin: Path) -> list[Path]:
    """The seed and six Kremlin items from around the first talks (a small, real corpus)."""
    csv.field_size_limit(2**31 - 1)
    with open(kremlin, encoding="utf-8") as stream:
        rows = [row for row in csv.DictReader(stream) if "2022-02-2" in row["date"]][:6]
    path = tmp_path / "kremlin.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return [seed_path, path]


def _stored(settings: Settings, paths: list[Path]) -> list[dict]:
    with MemoryStore() as store:
        ingest(paths, store=store, settings=settings)
        return [as_dict(store.get_enrichment(article.id)) for article in store.iter_articles()]


def test_dask_and_local_engines_store_the_same_enrichment(tmp_path: Path, seed_path: Path, shared_data) -> None:
    paths = _corpus(tmp_path, seed_path, shared_data("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv"))
    local = _stored(Settings.load({"engine": "local"}), paths)
    on_dask = _stored(Settings.load({"engine": "dask", "processes": 2}), paths)
    assert len(local) == 7
    assert on_dask == local
    assert any(enrichment["entities"] for enrichment in local)


def test_two_processes_give_what_one_gives(tmp_path: Path, seed_path: Path, shared_data) -> None:
    from storyline.pipeline import analyze_articles, load_articles

    settings = Settings.load()
    paths = _corpus(tmp_path, seed_path, shared_data("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv"))
    articles = [article for path in paths for article in load_articles(path, settings=settings)[0]]
    one = analyze_articles(articles, settings=settings)
    two = analyze_articles(articles, settings=settings.with_values(processes=2))
    assert two == one
    assert sum(len(enrichment.events) for enrichment in one) > 0
    workers = _children()
    assert analyze_articles(articles, settings=settings.with_values(processes=2)) == one
    assert workers and _children() == workers  # the pool outlives a call: workers load the model once a run


def _children() -> set[int]:
    import multiprocessing

    return {process.pid for process in multiprocessing.active_children()}
