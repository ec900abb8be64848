"""Timelines from the sentence rows computed at ingest: same dates as from the articles, read without them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from test_timeline_build import ARTICLES, article

from storyline.cli import main
from storyline.records import Enrichment, Event
from storyline.store import SQLiteStore
from storyline.timeline.build import build_timeline
from storyline.timeline.eventness import event_likeness
from storyline.timeline.precompute import precompute_owed
from storyline.timeline.service import TimelineRequest, timeline_from_store

KEYWORDS = ("haiti", "quake", "earthquake")


def _store(tmp_path: Path, articles=ARTICLES) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "t.db")
    with store.transaction():
        store.put_articles(articles)
    return store


def test_rows_are_computed_once_and_keep_the_article_text(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert not store.timeline_ready()
        assert precompute_owed(store) == {item.id for item in ARTICLES}
        assert store.timeline_ready() and not store.articles_owing_timeline() and precompute_owed(store) == set()
        texts = {item.id: item.text for item in ARTICLES}
        rows = list(store.iter_timeline_sentences())
        assert rows and all(texts[row.article_id][row.start : row.end] == row.text for row in rows)
        assert {str(day) for row in rows for day in row.days} >= {"2010-01-12", "2010-01-20"}
        assert {row.publisher for row in rows} == {"example.com"}


def test_the_stored_rows_give_the_dates_the_articles_give(tmp_path: Path) -> None:
    expected = build_timeline(ARTICLES, keywords=KEYWORDS, max_dates=2, sentences_per_date=1)
    with _store(tmp_path) as store:
        precompute_owed(store)
        entries = timeline_from_store(store, TimelineRequest(keywords=KEYWORDS, max_dates=2, sentences_per_date=1))
    assert [entry.date for entry in entries] == [entry.date for entry in expected] == ["2010-01-12", "2010-01-20"]
    assert all(entry.sentences for entry in entries)
    source = entries[0].sources[0]  # the article is read for its lines' sources
    assert source.url.startswith("https://example.com/") and source.title and source.published


def test_a_query_timeline_from_rows_keeps_to_the_query(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        precompute_owed(store)
        entries = timeline_from_store(store, TimelineRequest(query="aftershock"))
    lines = [line for entry in entries for line in entry.sentences]
    assert lines and all("aftershock" in line.lower() for line in lines)
    assert not any("Football" in line for line in lines)


def test_an_article_enriched_after_its_rows_owes_them_again_and_events_mark_sentences(tmp_path: Path) -> None:
    text = "Rebels attacked the town of Jacmel in Haiti on Tuesday after the quake."
    item = article("v1", "2010-01-13", text)
    with _store(tmp_path, [item]) as store:
        precompute_owed(store)
        before = next(store.iter_timeline_sentences())
        event = Event(
            type="ASSAULT",
            mode="",
            actor=None,
            recipient=None,
            date="2010-01-12",
            date_precision="day",
            article_id="v1",
            sentence_start=0,
            sentence_end=len(text),
            sentence=text,
            confidence=0.9,
        )
        with store.transaction():
            store.put_enrichments([Enrichment("v1")])
            store.put_events([event])
        assert store.articles_owing_timeline() == ["v1"]
        precompute_owed(store)
        after = next(store.iter_timeline_sentences())
        assert before.event < 1.0 == after.event
        entries = timeline_from_store(store, TimelineRequest(keywords=("haiti",), max_dates=1))
        assert entries[0].events and entries[0].events[0]["type"] == "ASSAULT"
        with store.transaction():  # a future event does not make its sentence an event sentence
            store.put_events([replace(event, modality="future")])
            store.put_enrichments([Enrichment("v1")])
        store.db.execute("UPDATE timeline_articles SET enriched = 0")
        precompute_owed(store)
        assert next(store.iter_timeline_sentences()).event < 1.0


def test_event_reports_read_as_events_and_rhetoric_does_not() -> None:
    events = [
        "A 7.0 magnitude earthquake struck Haiti on January 12, killing thousands.",
        "Russian and Ukrainian delegations met in Gomel on Monday for the first round of talks.",
    ]
    rhetoric = ["Ukraine will not give up what is ours.", "We are grateful to all our friends!",
                "We must defend our freedom, and we will win."]  # fmt: skip
    assert min(map(event_likeness, events)) > 0.5 > max(map(event_likeness, rhetoric))


def test_the_cli_keeps_its_formats_on_a_store_with_rows(tmp_path: Path) -> None:
    _store(tmp_path).close()
    with SQLiteStore(tmp_path / "t.db") as store:
        precompute_owed(store)
    db = str(tmp_path / "t.db")
    result = CliRunner().invoke(main, ["timeline", "--db", db, "--keywords", "haiti,quake,earthquake",
                                       "--max-dates", "2", "--sentences-per-date", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert [entry["date"] for entry in entries] == ["2010-01-12", "2010-01-20"]
    assert set(entries[0]) == {"date", "sentences", "sources", "events"}
    assert set(entries[0]["sources"][0]) == {"article_id", "url", "title", "published"}
    html = CliRunner().invoke(main, ["timeline", "--db", db, "--query", "aftershock", "--format", "html"])
    assert html.exit_code == 0 and "<h2><time" in html.output and "Football" not in html.output


def test_articles_stored_without_rows_yet_are_built_from_their_text(tmp_path: Path) -> None:
    """While an ingest has stored articles but not yet their rows, a timeline asking for them reads the articles;
    one asking only for articles with rows reads rows."""
    with _store(tmp_path, ARTICLES[:2]) as store:
        precompute_owed(store)
        with store.transaction():
            store.put_articles(ARTICLES[2:])
        assert store.timeline_ready(["a1", "a2"]) and not store.timeline_ready(["a1", "a3"])
        assert not store.timeline_ready()
        entries = timeline_from_store(store, TimelineRequest(keywords=KEYWORDS, max_dates=2, sentences_per_date=1))
        assert [entry.date for entry in entries] == ["2010-01-12", "2010-01-20"]  # a3 and a5 count


def test_a_server_takes_the_rows_there_are_while_an_ingest_owes_some(tmp_path: Path) -> None:
    """``partial=True`` (the web server) never rebuilds from every article while an ingest is on its way: the
    articles still owing rows are left out until their rows are stored; a store with no rows at all (older than
    the timelines stage) is still built from its articles."""
    asked = TimelineRequest(keywords=KEYWORDS, max_dates=5, sentences_per_date=2)
    with _store(tmp_path, ARTICLES) as store:
        from_articles = timeline_from_store(store, asked, partial=True)
        assert from_articles == timeline_from_store(store, asked, use_rows=False)
    (tmp_path / "owing").mkdir()
    with _store(tmp_path / "owing", ARTICLES[:2]) as store:
        precompute_owed(store)
        with store.transaction():
            store.put_articles(ARTICLES[2:])
        entries = timeline_from_store(store, asked, partial=True)
        sources = {source.article_id for entry in entries for source in entry.sources}
        assert entries and sources <= {"a1", "a2"}
        whole = timeline_from_store(store, asked)
        assert {source.article_id for entry in whole for source in entry.sources} - {"a1", "a2"}
