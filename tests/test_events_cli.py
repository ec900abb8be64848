"""The events commands over a real store file: list with filters, export in every shape."""

from __future__ import annotations

import json

from click.testing import CliRunner

from storyline.cli import main
from storyline.records import Actor, Event
from storyline.store import SQLiteStore


def _event(article: str, kind: str, actor: str) -> Event:
    return Event(type=kind, mode="", actor=Actor(actor, actor[:3].upper(), "GOV"), recipient=None,
                 date="2022-02-28", date_precision="day", article_id=article, sentence_start=0, sentence_end=5,
                 sentence="Text.", confidence=0.8, trigger="x")


def _db(tmp_path) -> str:
    path = str(tmp_path / "s.db")
    with SQLiteStore(path) as store:
        store.put_events([_event("a", "ASSAULT", "Russia"), _event("b", "CONSULT", "France")])
    return path


def test_events_list_and_filters(tmp_path) -> None:
    db = _db(tmp_path)
    runner = CliRunner()
    listed = runner.invoke(main, ["events", "--db", db, "--type", "assault", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [row["actor"] for row in json.loads(listed.output)] == ["Russia"]
    table = runner.invoke(main, ["events", "--db", db, "--actor", "FRA", "--from", "2022-02-01", "--to", "2022-03-01"])
    assert table.exit_code == 0 and "France" in table.output and "Russia" not in table.output


def test_export_events_shapes(tmp_path) -> None:
    db = _db(tmp_path)
    runner = CliRunner()
    for shape in ("plover", "gdelt", "acled"):
        out = tmp_path / f"{shape}.jsonl"
        result = runner.invoke(main, ["export", "events", "--db", db, "--shape", shape, "--format", "jsonl",
                                      "--out", str(out)])
        assert result.exit_code == 0, result.output
        lines = out.read_text().splitlines()
        assert len(lines) == (1 if shape == "acled" else 2)  # ACLED has no category for a meeting
    parquet = runner.invoke(main, ["export", "events", "--db", db, "--format", "parquet", "--out",
                                   str(tmp_path / "e.parquet")])
    assert parquet.exit_code == 0


def test_eval_events_missing_gold_is_an_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_SHARED", str(tmp_path / "nowhere"))
    result = CliRunner().invoke(main, ["eval", "events"])
    assert result.exit_code != 0 and "gold file not found" in result.output
