"""Where an event's date comes from: the text, the publication standing in, or nowhere (issue 8, item 5).

The coder sets ``date_source``; the store keeps it (old stores gain the column with sensible values); the
``events`` command shows it; the exports carry it where their shape has a place for it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.enrich import enrich_articles
from storyline.events import code_events
from storyline.events.export import acled_row, gdelt_row, plover_record
from storyline.events.merge import merge_events
from storyline.records import Actor, Article, Event
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.store.events import _date_source

SETTINGS = Settings.load({"enrich": True})
PUBLISHED = datetime(2022, 2, 28, 12, tzinfo=UTC)


def code(text: str, *, published: datetime | None = PUBLISHED) -> tuple[Event, ...]:
    item = Article(id="a1", source="test", format="test", title="", text=text, url="", canonical_url="",
                   published=published, date_precision="day" if published else "unknown", language="en",
                   language_score=1.0, author="", content_hash="", raw_sha="")
    return code_events(item, enrich_articles([item], settings=SETTINGS)[0], settings=SETTINGS)


def assault(events: tuple[Event, ...]) -> Event:
    found = [event for event in events if event.type == "ASSAULT"]
    assert len(found) == 1, [(e.type, e.trigger) for e in events]
    return found[0]


# --- the coder ------------------------------------------------------------------------------------


def test_a_date_in_the_text_is_the_text_s() -> None:
    event = assault(code("Russian forces attacked Kharkiv on Thursday."))
    assert (event.date, event.date_precision, event.date_source) == ("2022-02-24", "day", "text")


def test_without_a_date_in_the_text_publication_stands_in() -> None:
    event = assault(code("Russian forces attacked Kharkiv."))
    assert (event.date, event.date_precision, event.date_source) == ("2022-02-28", "published", "publication")


def test_without_either_an_event_has_no_date() -> None:
    event = assault(code("Russian forces attacked Kharkiv.", published=None))
    assert (event.date, event.date_source) == ("", "")


@pytest.mark.parametrize("text", [
    "Russian forces attacked 1570 educational institutions in the region.",
    "Russian forces attacked the call centre of hotline 8 800 200-1648 in Kharkiv.",
    "Russian forces attacked Kharkiv on the 83rd day of the war.",
])
def test_a_number_that_is_no_date_does_not_date_the_event(text: str) -> None:
    event = assault(code(text))
    assert (event.date, event.date_source) == ("2022-02-28", "publication")


def test_a_year_in_the_text_dates_the_event() -> None:
    event = assault(code("Russian forces attacked Crimea in 2014, the minister said."))
    assert (event.date, event.date_precision, event.date_source) == ("2014-01-01", "year", "text")


# --- the store and the command --------------------------------------------------------------------


def mention(article: str, *, date: str = "2022-02-28", precision: str = "day", source: str = "text") -> Event:
    return Event(type="ASSAULT", mode="", actor=Actor("Russian forces", "RUS", "MIL"),
                 recipient=Actor("Kharkiv", "UKR", "GOV"), date=date, date_precision=precision,
                 date_source=source, article_id=article, sentence_start=0, sentence_end=5, sentence="Boom.",
                 confidence=0.9, trigger="shelled")


def test_the_store_keeps_the_source_and_the_command_shows_it(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    stored = [mention("a"), mention("b", date="2022-02-27", precision="published", source="publication")]
    with SQLiteStore(db) as store:
        store.put_events(stored)
        assert store.get_events("a") + store.get_events("b") == tuple(stored)
    listed = CliRunner().invoke(main, ["events", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [(row["date"], row["date_source"]) for row in json.loads(listed.output)] == [
        ("2022-02-27", "publication"), ("2022-02-28", "text")]


def test_an_older_store_gains_the_column_with_sensible_values(tmp_path) -> None:
    db = str(tmp_path / "old.db")
    with SQLiteStore(db) as store:  # make it look like a store written before the column existed
        store.db.execute("ALTER TABLE events DROP COLUMN date_source")
        store.db.execute("DELETE FROM migrations WHERE name = 'events_0003_date_source'")
        for article, date, precision in (("a", "2022-02-24", "day"), ("b", "2022-02-28", "published"),
                                         ("c", "", "unknown")):
            store.db.execute(
                "INSERT INTO events (article_id, type, mode, modality, date, date_precision, figures, contexts,"
                " confidence, trigger, sentence_start, sentence_end, sentence, stage)"
                " VALUES (?, 'ASSAULT', '', '', ?, ?, '{}', '', 0.5, 'x', 0, 1, 'x', 'events.coder.v1')",
                (article, date, precision))
    with SQLiteStore(db) as store:
        sources = {a: store.get_events(a)[0].date_source for a in "abc"}
    assert sources == {"a": "text", "b": "publication", "c": ""}
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT count(*) FROM migrations WHERE name = 'events_0003_date_source'").fetchone() == (1,)


# --- the exports ----------------------------------------------------------------------------------


def test_plover_says_where_the_date_comes_from() -> None:
    from_text = merge_events([mention("a"), mention("b", precision="published", source="publication")])[0]
    assert (plover_record(from_text, sources={})["date_source"], plover_record(from_text, sources={})[
        "date_precision"]) == ("text", "day")
    published = merge_events([mention("b", precision="published", source="publication")])[0]
    assert plover_record(published, sources={})["date_source"] == "publication"


@pytest.mark.parametrize(("precision", "source", "code"), [
    ("day", "text", 1), ("week", "text", 2), ("published", "publication", 2), ("month", "text", 3),
    ("year", "text", None), ("decade", "text", None),
])
def test_acled_time_precision_is_honest(precision: str, source: str, code: int | None) -> None:
    event = merge_events([mention("a", precision=precision, source=source)])[0]
    row = acled_row(event, sources={})
    assert (row["time_precision"] if row is not None else None) == code


def test_an_undated_event_has_no_acled_row_and_empty_gdelt_dates() -> None:
    event = merge_events([mention("a", date="", precision="unknown", source="")])[0]
    assert acled_row(event, sources={}) is None
    row = gdelt_row(event, sources={})
    assert (row["SQLDATE"], row["Year"], row["DATEADDED"]) == (None, None, None)


# --- the event's own date (issue 9, item 3) -------------------------------------------------------


def test_a_month_name_never_triggers_an_event() -> None:
    events = code("Two civilians were killed by US troops on March 4.")
    assert [event.type for event in events] == ["ASSAULT"]  # not also a PROTEST triggered by "March"
    assert (events[0].date, events[0].date_source) == ("2022-03-04", "text")


def test_the_event_takes_the_date_of_its_own_clause() -> None:
    """The report is dated Monday; the shelling it reports, March 4."""
    event = assault(code("On Monday the ministry said that Russian forces shelled Kharkiv on March 4."))
    assert (event.date, event.date_precision) == ("2022-03-04", "day")


def test_rows_without_the_column_read_as_the_migration_would_fill_them() -> None:
    """A store opened without migrating (a read-only open) still answers with a date_source."""
    raw = sqlite3.connect(":memory:")
    raw.row_factory = sqlite3.Row
    raw.execute("CREATE TABLE events (date TEXT, date_precision TEXT)")
    raw.executemany("INSERT INTO events VALUES (?, ?)", [("2022-02-24", "day"), ("2022-02-28", "published"),
                                                         ("", "unknown")])
    assert [_date_source(row) for row in raw.execute("SELECT * FROM events")] == ["text", "publication", ""]
