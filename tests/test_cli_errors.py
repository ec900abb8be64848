"""User mistakes get one line, ``Error: …``, and exit 2 (what was typed) or 1 (what is missing), never a
traceback; reading commands never create a store. The inputs are the ones issue 8 found."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.terminal import STORYLINE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MISSING = "missing.db"  # relative to the test's folder: must still be absent afterwards


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("errors") / "seed.db"
    subprocess.run([*STORYLINE, "ingest", str(EXAMPLES), "--db", str(db), "--no-enrich", "-q"], check=True,
                   timeout=300)
    return db


# (arguments, exit code, words the message must contain); "DB" is replaced by the seed store.
CASES = [
    (["events", "--db", "DB", "--from", "2022-13-45"], 2, ["--from", "2022-13-45", "YYYY-MM-DD"]),
    (["events", "--db", "DB", "--to", "yesterday"], 2, ["--to", "yesterday", "YYYY-MM-DD"]),
    (["events", "--db", "DB", "--from", "2022-03-01", "--to", "2022-02-01"], 2, ["--from", "--to"]),
    (["stories", "--db", "DB", "--from", "2022-13-45"], 2, ["--from", "YYYY-MM-DD"]),
    (["stories", "--db", "DB", "--to", "0022-01-01"], 2, ["--to", "out of range"]),
    (["timeline", "--db", "DB", "--query", "talks", "--start", "2022-02-30"], 2, ["--start", "YYYY-MM-DD"]),
    (["timeline", "--db", "DB", "--query", "talks", "--end", "soon"], 2, ["--end", "YYYY-MM-DD"]),
    (["timeline", "--db", "DB"], 2, ["--story", "--query", "--keywords"]),
    (["export", "events", "--db", "DB", "--format", "parquet"], 2, ["--out"]),
    (["export", "articles", "--db", "DB", "--format", "parquet"], 2, ["--out"]),
    (["entities", "--db", "DB", "--label", "PERSONS"], 2, ["--label", "PERSON", "ORG", "GPE"]),
    (["export", "articles", "--db", "DB", "--out", "no/such/folder/a.jsonl"], 2, ["--out", "no/such/folder"]),
    (["rejected", "--db", "DB", "--code", "E999"], 2, ["--code", "E201"]),
    (["show", "1", "--db", "DB"], 1, ["no such article"]),
    (["show", "ffffffffffff", "--db", "DB"], 1, ["no such article"]),
    (["stats", "--db", MISSING], 1, ["no store at", "storyline ingest"]),
    (["search", "talks", "--db", MISSING], 1, ["no store at"]),
    (["show", "1", "--db", MISSING], 1, ["no store at"]),
    (["rejected", "--db", MISSING], 1, ["no store at"]),
    (["export", "articles", "--db", MISSING], 1, ["no store at"]),
    (["export", "events", "--db", MISSING], 1, ["no store at"]),
    (["entities", "--db", MISSING], 1, ["no store at"]),
    (["quotes", "--db", MISSING], 1, ["no store at"]),
    (["claims", "--db", MISSING], 1, ["no store at"]),
    (["events", "--db", MISSING], 1, ["no store at"]),
    (["stories", "--db", MISSING], 1, ["no store at"]),
    (["timeline", "--db", MISSING, "--query", "talks"], 1, ["no store at"]),
    (["serve", "--db", MISSING], 1, ["no store at"]),
]


@pytest.mark.parametrize(("args", "code", "words"), CASES, ids=[" ".join(case[0]) for case in CASES])
def test_a_mistake_is_one_error_line_and_no_traceback(
    store: Path, tmp_path: Path, args: list[str], code: int, words: list[str],
) -> None:
    argv = [str(store) if arg == "DB" else arg for arg in args]
    result = subprocess.run([*STORYLINE, *argv], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stdout == ""
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert not (tmp_path / MISSING).exists(), "a reading command created a store"


def test_ids_are_found_whole_or_by_a_prefix_of_four_characters_or_more(store: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*STORYLINE, *args, "--db", str(store)], capture_output=True, text=True, timeout=60)

    article_id = json.loads(run("search", "talks", "--format", "json").stdout)["results"][0]["id"]
    for prefix in (article_id, article_id[:4]):
        shown = run("show", prefix)
        assert shown.returncode == 0 and "Russia And Ukraine Begin Negotiations" in shown.stdout, shown.stderr
    short = run("show", article_id[:1])  # the store's only article starts with it, but one character is a typo
    assert short.returncode == 1 and "no such article" in short.stderr and "ambiguous" not in short.stderr
