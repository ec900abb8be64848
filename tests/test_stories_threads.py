"""Threads: stories grouped into the long-running topic they belong to (pure pool, then through the store)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.settings import Settings
from storyline.store import MemoryStore, SQLiteStore
from storyline.stories import list_stories, list_threads, update_stories
from storyline.stories.threads import THREAD_LEXICAL_SHARE, THREAD_THRESHOLD, THREAD_WINDOW_DAYS, Side, ThreadPool
from tests.test_stories_store import TALKS, article

DAY = date(2022, 2, 28)


def side(*axes: float, day: date = DAY, terms: dict[str, float] | None = None) -> Side:
    vector = np.array(axes, dtype=np.float32)
    return Side(vector / np.linalg.norm(vector), terms or {}, day, day)


def fill(pool: ThreadPool, thread_id: str, found: Side, *, articles: int = 1) -> None:
    """Count ``articles`` articles along ``found`` into a thread (what ``assign_stories`` does)."""
    from storyline.stories import StoryFeatures

    for n in range(articles):
        pool.add(thread_id, StoryFeatures(f"{thread_id}-{n}", found.first_day, found.direction, weights=found.terms))


def test_near_stories_share_a_thread_far_ones_found_their_own() -> None:
    pool = ThreadPool([], background=np.zeros(3, dtype=np.float32))
    first = pool.place("s-a", side(1, 0, 0))
    fill(pool, first, side(1, 0, 0))
    assert first == "t-s-a"
    assert pool.place("s-b", side(1, 0.3, 0, day=DAY + timedelta(days=5))) == first
    other = pool.place("s-c", side(0, 0, 1))
    assert other == "t-s-c" != first


def test_a_thread_is_joined_only_within_its_window() -> None:
    pool = ThreadPool([], background=np.zeros(3, dtype=np.float32))
    first = pool.place("s-a", side(1, 0, 0))
    fill(pool, first, side(1, 0, 0))
    late = DAY + timedelta(days=THREAD_WINDOW_DAYS + 5)
    assert pool.place("s-b", side(1, 0, 0, day=late)) == "t-s-b"


def test_reported_terms_keep_two_topics_with_close_embeddings_apart() -> None:
    # an embedding cosine above the threshold, but not once blended with no shared reported term
    angle = math.acos(THREAD_THRESHOLD / (1 - THREAD_LEXICAL_SHARE / 2))
    close = (math.cos(angle), math.sin(angle), 0.0)
    for terms, apart in (({"flu": 1.0}, True), ({}, False)):
        pool = ThreadPool([], background=np.zeros(3, dtype=np.float32))
        spill = pool.place("s-a", side(1, 0, 0, terms={"spill": 1.0}))
        fill(pool, spill, side(1, 0, 0, terms={"spill": 1.0}))
        assert (pool.place("s-b", side(*close, terms=terms)) != spill) is apart
        assert pool.place("s-c", side(*close, terms={"spill": 0.8, "well": 0.6})) == spill


def test_threads_that_grow_into_one_merge_into_the_larger_and_redirect() -> None:
    pool = ThreadPool([], background=np.zeros(3, dtype=np.float32))
    big = pool.place("s-a", side(0, 0, 1))
    fill(pool, big, side(0, 0, 1), articles=3)
    pool.place("s-b", side(0, 0, 1))
    small = pool.place("s-c", side(1, 0, 0))
    fill(pool, small, side(1, 0, 0))
    assert big != small and pool.merge_touched() == []
    fill(pool, small, side(0.1, 0, 1), articles=8)  # the small thread drifts onto the big one's topic
    [merge] = pool.merge_touched()
    assert (merge.old_id, merge.survivor_id) == (small, big)
    assert pool.redirect(small) == big and small not in pool.threads


# --- through the store ----------------------------------------------------------------------------

SECOND_ROUND = (
    "Second round of Russia-Ukraine talks held in Belarus",
    "Russian and Ukrainian delegations met again in Belarus on Thursday for a second round of talks. Ukraine "
    "pressed for a ceasefire and humanitarian corridors; Russia said the sides agreed to keep negotiating.",
)
QUAKE = (
    "Earthquake devastates Haiti's capital",
    "A powerful earthquake struck Haiti, flattening much of Port-au-Prince. Aid agencies rushed rescue teams "
    "and supplies as survivors searched the rubble of collapsed homes, schools and hospitals.",
)


@pytest.fixture
def settings() -> Settings:
    return Settings.load({"enrich": False})


@pytest.fixture
def stored(settings) -> list:
    found = [article(f"talks{n}", *pair) for n, pair in enumerate(TALKS)]
    return [
        *found,
        article("round2", *SECOND_ROUND, day="2022-03-03"),
        article("quake", *QUAKE, day="2022-03-01"),
    ]


def threads_of(store) -> dict[str, str]:
    rows = store.db.execute(
        "SELECT sa.article_id, s.thread_id FROM story_articles sa JOIN stories s ON s.id = sa.story_id"
    )
    return {row[0]: row[1] for row in rows}


def test_every_story_has_a_thread_and_a_rerun_gives_the_same_ids(stored, settings) -> None:
    with MemoryStore() as one, MemoryStore() as other:
        update_stories(one, stored, None, settings=settings)
        for item in stored:
            update_stories(other, [item], None, settings=settings)
        first, second = threads_of(one), threads_of(other)
        assert all(first.values()) and first["talks0"] == first["talks1"]
        assert first["quake"] != first["talks0"]
        assert set(first.values()) == set(second.values())
        assert one.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_stories_of_one_topic_are_listed_under_their_thread(stored, settings) -> None:
    with MemoryStore() as store:
        update_stories(store, stored, None, settings=settings)
        thread = threads_of(store)["talks0"]
        listed = {story["id"]: story["thread_id"] for story in list_stories(store, thread=thread)}
        assert "s-talks0" in listed and set(listed.values()) == {thread}
        assert "s-quake" not in listed
        threads = {row["id"]: row for row in list_threads(store)}
        assert threads[thread]["story_count"] == len(listed)
        assert threads[thread]["article_count"] == sum(s["article_count"] for s in list_stories(store, thread=thread))


def test_a_merged_thread_id_resolves_and_its_stories_move(stored, settings) -> None:
    with MemoryStore() as store:
        update_stories(store, stored, None, settings=settings)
        found = threads_of(store)
        old, survivor = found["quake"], found["talks0"]
        store.save_story_update(
            {"stage": "test", "stories": [], "assignments": [], "merges": [], "thread_merges": [(old, survivor, 0.5)]}
        )
        assert store.resolve_thread_id(old) == survivor
        assert threads_of(store)["quake"] == survivor
        assert {story["id"] for story in list_stories(store, thread=old)} >= {"s-quake", "s-talks0"}
        assert old not in {row["id"] for row in list_threads(store)}


def test_the_stories_command_shows_threads(tmp_path, stored, settings) -> None:
    db = tmp_path / "threads.db"
    with SQLiteStore(db) as store:
        update_stories(store, stored, None, settings=settings)
        thread = threads_of(store)["talks0"]
    runner = CliRunner()
    table = runner.invoke(main, ["stories", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "thread_id" in table.output and thread in table.output
    only = runner.invoke(main, ["stories", "--db", str(db), "--thread", thread, "--format", "json"])
    assert only.exit_code == 0, only.output
    assert "s-talks0" in only.output and "s-quake" not in only.output
    listed = runner.invoke(main, ["stories", "--db", str(db), "--threads"])
    assert listed.exit_code == 0, listed.output
    assert "story_count" in listed.output and thread in listed.output


def test_a_store_made_before_threads_is_upgraded_in_place(tmp_path, stored, settings, monkeypatch) -> None:
    from storyline.store import sqlite
    from storyline.store.stories import StoryTables

    path = tmp_path / "old.db"
    before = tuple(item for item in StoryTables.MIGRATIONS if item[0] != "stories.0003.threads")
    with monkeypatch.context() as patched:
        patched.setattr(StoryTables, "MIGRATIONS", before)
        patched.setattr(sqlite, "KNOWN_MIGRATIONS", sqlite.KNOWN_MIGRATIONS - {"stories.0003.threads"})
        with SQLiteStore(path) as old:
            columns = {row[1] for row in old.db.execute("PRAGMA table_info(stories)")}
            assert "thread_id" not in columns
    with SQLiteStore(path) as store:
        assert "thread_id" in {row[1] for row in store.db.execute("PRAGMA table_info(stories)")}
        update_stories(store, stored, None, settings=settings)
        assert all(threads_of(store).values())
