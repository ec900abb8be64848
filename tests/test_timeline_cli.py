"""The timeline commands: a store with articles in, JSON/HTML entries out; errors as `Error: …`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_timeline_build import ARTICLES

from storyline.cli import main
from storyline.store import SQLiteStore


def _db(tmp_path: Path) -> str:
    path = tmp_path / "t.db"
    with SQLiteStore(path) as store, store.transaction():
        store.put_articles(ARTICLES)
    return str(path)


def test_timeline_json_lists_dated_entries_with_sources(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(main, ["timeline", "--db", db, "--keywords", "haiti,quake,earthquake",
                                       "--max-dates", "2", "--sentences-per-date", "1", "--start", "2010-01-12",
                                       "--end", "2010-12-31", "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert [entry["date"] for entry in entries] == ["2010-01-12", "2010-01-20"]
    assert all(len(entry["sentences"]) == 1 and entry["sources"] for entry in entries)
    assert set(entries[0]["sources"][0]) == {"article_id", "url", "title", "published"}


def test_timeline_query_and_html(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["timeline", "--db", _db(tmp_path), "--query", "aftershock", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "<h2><time" in result.output and "Football" not in result.output


def test_bad_dates_are_usage_errors(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(main, ["timeline", "--db", db, "--start", "2010-13-01"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    result = CliRunner().invoke(main, ["timeline", "--db", db, "--start", "2010-02-01", "--end", "2010-01-01"])
    assert result.exit_code == 2 and result.output.startswith("Error: E604") and "--start 2010-02-01" in result.output


def test_eval_timeline_rejects_a_folder_without_the_layout(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "timeline", "--dataset", str(tmp_path)])
    assert result.exit_code == 1 and "E701" in result.output


def test_an_unknown_story_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["timeline", "--db", _db(tmp_path), "--story", "s-nosuch"])
    assert result.exit_code == 1 and "E702" in result.output


def test_a_query_timeline_keeps_to_sentences_about_the_query(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["timeline", "--db", _db(tmp_path), "--query", "aftershocks", "--format", "json"])
    assert result.exit_code == 0, result.output
    sentences = [sentence for entry in json.loads(result.output) for sentence in entry["sentences"]]
    assert sentences and all("aftershock" in sentence.lower() for sentence in sentences)


def test_query_words_become_stemmed_keywords() -> None:
    from storyline.timeline.service import query_keywords

    assert query_keywords("the negotiations OR talks in Ukraine") == ("negotiat", "talk", "ukrain")
