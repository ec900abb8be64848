"""The command line as a person meets it: on a real pseudo-terminal (bars per stage, the summary), and
redirected (no bars, no control characters, stdout machine-readable)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from storyline.cli.ingest import summary_text
from storyline.pipeline import IngestSummary
from tests.terminal import CONTROL, STORYLINE, TerminalRun, run_on_terminal

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TerminalRun]:
    """The seed examples ingested with enrichment, on a terminal (the run that crashed in issue 8)."""
    db = tmp_path_factory.mktemp("terminal") / "seed.db"
    return db, run_on_terminal([*STORYLINE, "ingest", str(EXAMPLES), "--db", str(db)])


def _redirected(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*STORYLINE, *args], capture_output=True, text=True, timeout=600)


def test_ingest_on_a_terminal_draws_a_bar_per_stage_and_succeeds(seed_store: tuple[Path, TerminalRun]) -> None:
    db, run = seed_store
    assert run.returncode == 0, run.terminal
    assert "Traceback" not in run.terminal
    assert run.stages(), f"no progress bar on the terminal:\n{run.terminal!r}"
    assert "1 inputs" in run.terminal and "1 accepted" in run.terminal and "enriched 1 articles" in run.terminal
    assert db.is_file()


def test_a_rerun_that_adds_nothing_says_so(seed_store: tuple[Path, TerminalRun]) -> None:
    db, _ = seed_store
    run = run_on_terminal([*STORYLINE, "ingest", str(EXAMPLES), "--db", str(db), "--no-enrich"])
    assert run.returncode == 0, run.terminal
    assert "Nothing new: all 1 inputs were already in the store" in run.terminal


@pytest.mark.parametrize(("args", "stages"), [
    (["export", "articles"], ["export articles"]),
    (["export", "events"], ["read events", "export events"]),
    (["timeline", "--query", "talks", "--format", "json"], ["select sentences", "build timeline"]),
])
def test_reading_commands_draw_bars_on_the_terminal_and_keep_stdout_clean(
    seed_store: tuple[Path, TerminalRun], args: list[str], stages: list[str],
) -> None:
    db, _ = seed_store
    run = run_on_terminal([*STORYLINE, *args, "--db", str(db)], stdout_to_pipe=True)
    assert run.returncode == 0, run.terminal
    assert run.stages() == stages, run.terminal
    assert not CONTROL.search(run.stdout)
    _parse_json_output(run.stdout)


def test_quiet_on_a_terminal_draws_nothing(seed_store: tuple[Path, TerminalRun]) -> None:
    db, _ = seed_store
    out = db.with_suffix(".csv")
    args = ["-q", "export", "articles", "--db", str(db), "--out", str(out), "--format", "csv"]
    run = run_on_terminal([*STORYLINE, *args], stdout_to_pipe=True)
    assert run.returncode == 0, run.terminal
    assert run.terminal.strip() == "" and run.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("id,")


@pytest.mark.parametrize("args", [
    ["export", "articles"],
    ["export", "events"],
    ["export", "events", "--shape", "gdelt"],
    ["timeline", "--query", "talks", "--format", "json"],
    ["events", "--format", "json"],
    ["stats", "--format", "json"],
])
def test_redirected_output_has_no_bars_and_is_valid_json(seed_store: tuple[Path, TerminalRun], args: list[str]) -> None:
    db, _ = seed_store
    result = _redirected(*args, "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert not CONTROL.search(result.stdout)
    _parse_json_output(result.stdout)


def test_redirected_ingest_prints_json_only(tmp_path: Path) -> None:
    result = _redirected("ingest", str(EXAMPLES), "--db", str(tmp_path / "s.db"), "--no-enrich", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    summary = json.loads(result.stdout)
    expected = set(IngestSummary(paths=[]).as_dict())
    assert expected <= set(summary) and {"events", "quotes", "claims", "stories_new", "completed"} <= expected
    assert summary["inputs"] == summary["accepted"] + summary["duplicates"] + summary["rejected"] == 1


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_and_verbose_work_before_and_after_the_command(tmp_path: Path, where: str) -> None:
    db = tmp_path / "s.db"

    def run(flag: str, *args: str) -> subprocess.CompletedProcess[str]:
        return _redirected(flag, *args) if where == "before" else _redirected(*args, flag)

    quiet = run("-q", "ingest", str(EXAMPLES), "--db", str(db), "--no-enrich")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = run("-v", "export", "articles", "--db", str(db))
    assert verbose.returncode == 0, verbose.stderr
    assert "stage export articles: 1 items in" in verbose.stderr
    _parse_json_output(verbose.stdout)


def test_the_summary_names_what_enrichment_produced() -> None:
    summary = IngestSummary(paths=["x"], inputs=5, accepted=3, duplicates=1, rejected=1, enriched=3, events=12,
                            quotes=4, claims=7, merged_events=9, stories_new=2, stories_updated=1, completed=2)
    text = summary_text(summary, db_path="s.db")
    for part in ("5 inputs", "3 accepted", "1 duplicates", "1 rejected", "12 events", "9 merged events",
                 "4 quotes", "7 figures", "2 new", "1 updated", "2 from earlier runs completed"):
        assert part in text, text
    rerun = IngestSummary(paths=["x"], inputs=1797, accepted=1794, duplicates=3, already_stored=1797)
    assert summary_text(rerun, db_path="s.db").startswith("Nothing new: all 1797 inputs were already in the store")


def _parse_json_output(text: str) -> None:
    """stdout is one JSON document or JSON Lines; either way every byte of it parses."""
    assert text.strip(), "no output"
    try:
        json.loads(text)
    except json.JSONDecodeError:
        for line in text.splitlines():
            json.loads(line)
