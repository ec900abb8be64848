"""Nothing lost: every stage is resumable, so a killed, cut-short or ``--no-enrich`` run is completed by the next
run (or ``storyline repair``) and the store ends exactly as after one clean run."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import require_shared

from storyline import repair
from storyline.cli import main
from storyline.pipeline import IngestSummary, _enrich_stage, _read_stage, ingest
from storyline.progress import NO_PROGRESS
from storyline.settings import Settings
from storyline.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
BATCH = 5  # small batches: several commits per stage, so a kill can land between any two of them
SETTINGS = Settings.load({"batch_size": BATCH})
KREMLIN_ROWS = 16
T17_FILES = 5  # per topic
CLEAN_LIMIT = 240  # seconds for one run of the corpus (it takes ~20 s here; the machine is shared)


# --- the corpus: short Kremlin releases, two T17 topics in dated folders and an exact copy of some --------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    _kremlin_csv(require_shared("kremlin-2022"), folder / "kremlin.csv")
    for topic in ("haiti/haiti_bbc", "bpoil/bpoil_bbc"):
        _dated_files(require_shared("tls", "t17-dev", *topic.split("/"), "InputDocs"), folder / topic)
    shutil.copytree(folder / "haiti", folder / "mirror" / "haiti")  # identical copies from another path
    return folder


def _kremlin_csv(source: Path, out: Path) -> None:
    csv.field_size_limit(10**9)
    path = next(source.glob("*.csv")) if source.is_dir() else source
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if 300 < len(row["body"]) < 2000][:KREMLIN_ROWS]
        fields = reader.fieldnames or []
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _dated_files(source: Path, out: Path) -> None:
    """The shortest real articles of a T17 topic (some files are empty), in their YYYY-MM-DD folders."""
    files = sorted((path for path in source.glob("*/*") if path.is_file() and path.stat().st_size > 1500),
                   key=lambda path: (path.stat().st_size, path))
    for path in files[:T17_FILES]:
        (out / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out / path.parent.name / path.name)


@pytest.fixture(scope="module")
def clean_db(corpus: Path, tmp_path_factory) -> Path:
    """The reference: one uninterrupted ``storyline ingest`` of the corpus."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    result = _run_ingest(corpus, db)
    assert result.returncode == 0, result.stderr
    return db


def _ingest_command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", "from storyline.cli import main; main()", "ingest", str(corpus), "--db", str(db),
            "--set", f"batch_size={BATCH}", *extra]


def _run_ingest(corpus: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_ingest_command(corpus, db, *extra), capture_output=True, text=True, timeout=CLEAN_LIMIT,
                          env=_env(), cwd=ROOT)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# --- what "the same store" means ------------------------------------------------------------------------------


def snapshot(db: Path) -> dict[str, Any]:
    """Everything a run makes, without row ids and timestamps: articles and links, entities, quotes, claims,
    event mentions with their merged event, merged events, stories (ids, articles, labels, counts)."""
    connection = sqlite3.connect(db)
    try:
        rows = lambda sql: sorted((tuple(row) for row in connection.execute(sql)), key=repr)  # noqa: E731
        return {
            "articles": rows("SELECT id, title, text, published, duplicate_of, duplicate_kind, similarity"
                             " FROM articles"),
            "enriched": rows("SELECT article_id FROM enriched_articles"),
            "entities": rows("SELECT article_id, start, end, text, label, canonical, stage FROM entity_mentions"),
            "quotes": rows("SELECT article_id, start, end, text, kind, speaker, speaker_text, stage FROM quotes"),
            "claims": rows("SELECT article_id, start, end, text, value, unit, subject, predicate, stage FROM claims"),
            "events": rows("SELECT article_id, type, mode, modality, actor_name, actor_country, recipient_name,"
                           " recipient_country, date, date_precision, place_name, figures, trigger, sentence_start,"
                           " sentence_end, stage, merged_id FROM events"),
            "merged_events": rows("SELECT id, type, mode, actor_name, recipient_name, date, place_name, num_mentions,"
                                  " num_articles, num_sources, figures, disagreements FROM merged_events"),
            "story_of": rows("SELECT article_id, story_id FROM story_articles"),
            "stories": rows("SELECT id, label, first_date, last_date, article_count, merged_into FROM stories"),
            "unmerged": connection.execute("SELECT dirty FROM merge_state").fetchone()[0],
        }
    finally:
        connection.close()


def assert_same_store(db: Path, reference: Path) -> None:
    got, expected = snapshot(db), snapshot(reference)
    for part in expected:
        assert got[part] == expected[part], f"{part} differ"


def _count(db: Path, table: str) -> int:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        try:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:  # not created yet, or locked for a moment
        return -1


# --- the tests ------------------------------------------------------------------------------------------------


def test_the_reference_run_has_something_of_every_kind(clean_db: Path) -> None:
    """So the comparisons below compare something: duplicates, entities, quotes, events, several stories."""
    store = snapshot(clean_db)
    assert len(store["articles"]) == KREMLIN_ROWS + 3 * T17_FILES
    assert sum(1 for row in store["articles"] if row[5] == "exact") == T17_FILES  # the mirror, linked
    assert len(store["enriched"]) == KREMLIN_ROWS + 2 * T17_FILES  # duplicates are not enriched
    assert store["entities"] and store["quotes"] and store["events"] and store["merged_events"]
    assert len({story for _article, story in store["story_of"]}) >= 2
    assert store["unmerged"] == 0


def test_an_ingest_killed_at_random_moments_ends_like_a_clean_run(corpus: Path, clean_db: Path,
                                                                  tmp_path: Path) -> None:
    """SIGKILL ``storyline ingest`` at seeded random moments — while reading, enriching, merging, assigning
    stories — then rerun until it finishes: the store equals the clean run's, row for row."""
    db = tmp_path / "killed.db"
    total = KREMLIN_ROWS + 3 * T17_FILES
    rng = random.Random(20260412)
    # each kill waits for a table to reach a random count: articles (read), enriched (enrich), stories
    moments = [("articles", rng.randint(1, total - 1)), ("enriched_articles", rng.randint(1, 8)),
               ("enriched_articles", rng.randint(12, 25)), ("story_articles", rng.randint(1, total - 1))]
    cut = [_kill_when(_ingest_command(corpus, db), db, table=table, count=count) for table, count in moments]
    print("killed while owing:", cut)
    assert sum(stage != "nothing" for stage in cut) >= 3, f"most kills must land while the run works: {cut}"
    assert len(set(cut) - {"nothing"}) >= 2, f"the kills must cut more than one stage: {cut}"
    for _attempt in range(3):
        result = _run_ingest(corpus, db)
        assert result.returncode == 0, result.stderr
        if "0 inputs" not in result.stdout:
            break
    assert_same_store(db, clean_db)


def _kill_when(command: list[str], db: Path, *, table: str, count: int) -> str:
    """Start ``command``, SIGKILL it once ``table`` has at least ``count`` rows; return what the store then
    still owed (its first stage's name), "nothing" when the run had finished first."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), cwd=ROOT)
    deadline = time.monotonic() + CLEAN_LIMIT
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if _count(db, table) >= count:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return _owed(db)
            time.sleep(0.02)
        return "nothing"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _owed(db: Path) -> str:
    """The first stage a killed run left unfinished."""
    if _count(db, "articles") < KREMLIN_ROWS + 3 * T17_FILES:
        return "articles"
    if _count(db, "enriched_articles") < KREMLIN_ROWS + 2 * T17_FILES:
        return "enrichment"
    if _count(db, "merge_state WHERE dirty = 1") > 0:
        return "merge"
    return "stories" if _count(db, "story_articles") < KREMLIN_ROWS + 3 * T17_FILES else "nothing"


def test_no_enrich_then_repair_gives_the_clean_store(corpus: Path, clean_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "later.db"
    first = _run_ingest(corpus, db, "--no-enrich")
    assert first.returncode == 0, first.stderr
    with SQLiteStore(db) as store:
        owed = len(store.articles_owing_enrichment())
        assert owed == KREMLIN_ROWS + 2 * T17_FILES
        assert not store.articles_owing_story()  # stories wait for the entities enrichment brings
    result = CliRunner().invoke(main, ["repair", "--db", str(db), "--set", f"batch_size={BATCH}", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert_same_store(db, clean_db)
    done, store = json.loads(result.output), snapshot(db)
    assert done["completed"] == KREMLIN_ROWS + 3 * T17_FILES and done["enriched"] == owed
    assert (done["events"], done["quotes"], done["claims"]) == tuple(map(len, (store["events"], store["quotes"],
                                                                               store["claims"])))
    assert done["merged_events"] == len(store["merged_events"])
    open_stories = sum(1 for story in store["stories"] if story[5] is None)
    assert (done["stories_new"], done["stories_updated"]) == (open_stories, 0)
    again = CliRunner().invoke(main, ["repair", "--db", str(db)])
    assert again.exit_code == 0 and "Nothing to repair" in again.output


def test_a_run_stopped_between_the_last_enrichment_and_the_merge_is_merged_by_the_next(
    corpus: Path, clean_db: Path, tmp_path: Path,
) -> None:
    """The merge is owed from the transaction that stores the mentions until the merge itself commits."""
    db = tmp_path / "stopped.db"
    with SQLiteStore(db) as store:
        summary = IngestSummary(paths=[str(corpus)])
        _read_stage([corpus], store=store, settings=SETTINGS, fields=None, progress=NO_PROGRESS, summary=summary)
        _enrich_stage(store, settings=SETTINGS, progress=NO_PROGRESS, summary=summary)
        assert store.merge_owed() and store.merged_event_count() == 0 and store.event_count() > 0
        done = repair(store=store, settings=SETTINGS)
        assert done.enriched == 0 and done.merged_events == store.merged_event_count() > 0
        assert not store.merge_owed()
    assert_same_store(db, clean_db)


def test_a_copy_of_the_corpus_from_another_folder_changes_no_count(corpus: Path, clean_db: Path,
                                                                   tmp_path: Path) -> None:
    """Issue 8: identical copies from another path were enriched again and doubled the event counts."""
    copy = tmp_path / "elsewhere"
    shutil.copytree(corpus, copy)
    db = tmp_path / "copied.db"
    shutil.copyfile(clean_db, db)
    before = snapshot(db)
    with SQLiteStore(db) as store:
        summary = ingest([copy], store=store, settings=SETTINGS)
    after = snapshot(db)
    # a copy with a smaller id outranks its stored original: it is accepted, the stored one becomes its duplicate
    assert summary.accepted + summary.duplicates == KREMLIN_ROWS + 3 * T17_FILES and summary.enriched == 0
    assert len(after["events"]) == len(before["events"])
    assert len(after["merged_events"]) == len(before["merged_events"])
    assert len(after["enriched"]) == len(before["enriched"])
    assert [row[5] for row in after["articles"]].count("exact") == len(before["articles"]) + T17_FILES
    # where a copy outranks its stored original (a smaller id), it took the enrichment over instead of a re-run
    originals = {row[0] for row in after["articles"] if row[4] is None}
    assert {row[0] for row in after["enriched"]} == originals


class RecordingProgress:
    def __init__(self) -> None:
        self.stages: list[tuple[str, int | None]] = []
        self.advanced: dict[str, int] = {}

    def stage(self, name: str, total: int | None = None) -> None:
        self.stages.append((name, total))
        self.advanced[name] = 0

    def advance(self, count: int = 1) -> None:
        self.advanced[self.stages[-1][0]] += count

    def done(self) -> None:
        pass


def test_each_stage_reports_its_progress_and_a_second_run_owes_nothing(seed_path: Path) -> None:
    with SQLiteStore(":memory:") as store:
        progress = RecordingProgress()
        summary = ingest([seed_path], store=store, settings=SETTINGS, progress=progress)
        assert [name for name, _total in progress.stages] == ["read", "enrich", "events", "stories", "timelines"]
        assert dict(progress.stages)["enrich"] == progress.advanced["enrich"] == 1
        assert dict(progress.stages)["timelines"] == progress.advanced["timelines"] == 1
        assert dict(progress.stages)["stories"] == progress.advanced["stories"] == 1
        assert summary.events == store.event_count() > 0 and summary.stories_new == 1 and summary.completed == 0
        again = RecordingProgress()
        rerun = ingest([seed_path], store=store, settings=SETTINGS, progress=again)
        assert [name for name, _total in again.stages] == ["read"]
        assert (rerun.already_stored, rerun.enriched, rerun.events, rerun.stories_new) == (1, 0, 0, 0)


def test_an_enriched_original_outranked_by_an_earlier_copy_stops_being_enriched(tmp_path: Path) -> None:
    """Same words, another date: the enrichment (times are resolved against the date) cannot be taken over,
    so the stored one loses its enrichment and events and the earlier copy is enriched in its place."""
    body = ("Officials from Ukraine started negotiations with their Russian counterparts on Monday in Belarus. "
            "Russian forces shelled Kharkiv on Sunday, killing 11 people, the governor said. ") * 2
    (tmp_path / "late").mkdir()
    (tmp_path / "early").mkdir()
    (tmp_path / "late" / "a.jsonl").write_text(json.dumps({"title": "Talks", "date": "2022-03-01", "text": body}))
    (tmp_path / "early" / "b.jsonl").write_text(json.dumps({"title": "Talks", "date": "2022-02-28", "text": body}))
    with SQLiteStore(":memory:") as store:
        ingest([tmp_path / "late"], store=store, settings=SETTINGS)
        [late] = store.enriched_ids([a.id for a in store.iter_articles()])
        assert store.get_events(late)
        summary = ingest([tmp_path / "early"], store=store, settings=SETTINGS)
        [early] = [a.id for a in store.iter_articles()]  # originals only
        assert store.article_info(late)["duplicate_of"] == early and summary.enriched == 1
        assert store.enriched_ids([late, early]) == {early} and not store.get_events(late)
        assert {event.article_id for event in store.iter_events()} == {early}
        assert not store.merge_owed() and not store.articles_owing_story()
