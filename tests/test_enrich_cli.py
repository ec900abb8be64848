"""The enrichment commands: analyze (no database), entities, quotes, claims, eval enrichment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.enrich import enrich_articles
from storyline.pipeline import load_articles
from storyline.settings import Settings
from storyline.store import SQLiteStore

SEED = Path(__file__).resolve().parents[1] / "examples" / "000_eae2988b17b06bab.txt"
ANALYZE_KEYS = {"article", "sentences", "entities", "quotes", "claims", "times", "places", "events"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("enrich") / "storyline.db"
    settings = Settings.load({"enrich": False})
    articles, _ = load_articles(SEED, settings=settings)
    with SQLiteStore(path) as store:
        store.put_articles(articles)
        store.put_enrichments(enrich_articles(articles, settings=settings))
    return str(path)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_analyze_json_shape() -> None:
    code, output = run("analyze", str(SEED))
    assert code == 0
    report = json.loads(output)
    assert set(report) == ANALYZE_KEYS
    assert set(report["article"]) == {"id", "title", "url", "published", "language", "text"}
    assert set(report["entities"][0]) >= {"text", "label", "canonical", "start", "end"}
    assert set(report["quotes"][0]) >= {"speaker", "text", "start", "end", "kind"}
    assert set(report["claims"][0]) >= {"value", "unit", "qualifier", "subject", "predicate", "source", "text"}
    assert set(report["times"][0]) >= {"text", "value", "granularity", "start", "end"}
    assert set(report["places"][0]) >= {"name", "lat", "lon", "country", "start", "end"}
    kharkiv = next(place for place in report["places"] if place["name"] == "Kharkiv")
    assert kharkiv["country"] == "UA" and kharkiv["lat"] == pytest.approx(49.98, abs=0.05)


def test_analyze_text_report() -> None:
    code, output = run("analyze", str(SEED), "--format", "text")
    assert code == 0
    assert "Mykhailo Podolyak (unmarked): Unfortunately, the Russian side" in output
    assert "'the weekend' → 2022-02-26..2022-02-27 (range)" in output


def test_analyze_rejected_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, output = run("analyze", str(empty))
    assert code == 1 and "Error: E1" in output


def test_entities_and_aliases(db: str) -> None:
    code, output = run("entities", "--db", db, "--format", "json", "--label", "PERSON")
    assert code == 0
    putin = next(row for row in json.loads(output) if row["canonical"] == "Vladimir Putin")
    assert putin["mentions"] == 5 and putin["variants"] == ["Putin", "Vladimir Putin"]
    code, output = run("entities", "--db", db, "--aliases")
    assert code == 0 and "Zelenskyys" in output and "Volodymyr Zelenskyy" in output


def test_quotes_by_speaker(db: str) -> None:
    code, output = run("quotes", "--db", db, "--speaker", "podolyak", "--format", "json")
    assert code == 0
    assert [row["speaker"] for row in json.loads(output)] == ["Mykhailo Podolyak"]
    code, output = run("quotes", "--db", db, "--speaker", "nobody at all")
    assert code == 0 and "No rows." in output


def test_claims_by_subject(db: str) -> None:
    code, output = run("claims", "--db", db, "--subject", "civilians")
    assert code == 0 and "352" in output and "the government in Kyiv" in output
    code, output = run("claims", "--db", db, "--limit", "2", "--format", "json")
    assert code == 0 and len(json.loads(output)) == 2
