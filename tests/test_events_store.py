"""The events part of the store: idempotent puts, exact round trips, merged events over stored mentions."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.records import Actor, Article, DuplicateLink, Event, Place
from storyline.store import MemoryStore

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
actors = st.none() | st.builds(Actor, name=text, country=st.sampled_from(["RUS", "UKR", ""]),
                               sector=st.sampled_from(["GOV", "MIL", ""]), text=text, start=st.integers(0, 99),
                               end=st.integers(0, 99))
places = st.none() | st.builds(Place, name=text, lat=st.floats(-90, 90), lon=st.floats(-180, 180),
                               country=st.sampled_from(["UA", "RU"]), kind=st.sampled_from(["city", "country"]),
                               start=st.integers(0, 99), end=st.integers(0, 99), text=text)
events = st.builds(
    Event, type=st.sampled_from(["ASSAULT", "CONSULT"]), mode=st.sampled_from(["", "phone"]), actor=actors,
    recipient=actors, date=st.sampled_from(["2022-02-27", "2022-02-28"]), date_precision=st.just("day"),
    article_id=st.sampled_from(["a", "b"]), sentence_start=st.integers(0, 50), sentence_end=st.integers(50, 99),
    sentence=text, confidence=st.floats(0, 1), contexts=st.lists(st.sampled_from(["military", "cbrn"]),
                                                                  unique=True).map(tuple),
    place=places, figures=st.dictionaries(st.sampled_from(["killed", "injured"]), st.floats(0, 1000)),
    modality=st.sampled_from(["", "negated", "future"]), trigger=text,
    date_source=st.sampled_from(["text", "publication", ""]),
)


def event(article: str, *, killed: float = 0) -> Event:
    return Event(type="ASSAULT", mode="", actor=Actor("Russian forces", "RUS", "MIL"),
                 recipient=Actor("Kharkiv", "UKR", "GOV"), date="2022-02-28", date_precision="day",
                 article_id=article, sentence_start=0, sentence_end=5, sentence="Boom.", confidence=0.9,
                 figures={"killed": killed} if killed else {}, trigger="shelled")


@settings(max_examples=40, deadline=None)
@given(st.lists(events, max_size=5))
def test_put_then_get_round_trips(batch: list[Event]) -> None:
    with MemoryStore() as store:
        store.put_events(batch)
        for article_id in {"a", "b"}:
            assert store.get_events(article_id) == tuple(e for e in batch if e.article_id == article_id)


def test_putting_an_article_again_replaces_its_events(store) -> None:
    store.put_events([event("a"), event("a"), event("b")])
    store.put_events([event("a", killed=5)])
    assert store.get_events("a") == (event("a", killed=5),)
    assert store.event_count() == 2


def test_find_events_filters(store) -> None:
    store.put_events([event("a"), event("b")])
    assert len(store.find_events(type="assault", actor="RUS", recipient="kharkiv")) == 2
    assert store.find_events(date_from="2022-03-01") == []
    assert store.find_events(actor="UKR") == []
    assert store.find_events(limit=1)[0]["actor_country"] == "RUS"


def _article(article_id: str) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", format="seed", title=article_id, text="Boom.",
                   url=f"https://{article_id}.example.org/{article_id}", canonical_url="",  # a publisher each
                   published=datetime(2022, 2, 28, tzinfo=UTC),
                   date_precision="day", language="en", language_score=1.0, author="", content_hash=article_id,
                   raw_sha="")


def test_merged_events_count_duplicates_once(store) -> None:
    store.put_articles([_article(name) for name in ("a", "b", "c")])
    store.set_duplicate_links({"c": DuplicateLink("c", "a", "near", 0.9)})
    store.put_events([event("a", killed=24), event("b", killed=30), event("c", killed=24)])
    merged = store.merge_stored_events()
    assert [(m.num_mentions, m.num_articles, m.num_sources) for m in merged] == [(3, 3, 2)]
    row = store.db.execute("SELECT num_sources, disagreements FROM merged_events").fetchone()
    assert row["num_sources"] == 2 and '"killed"' in row["disagreements"]
    linked = store.db.execute("SELECT count(*) FROM events WHERE merged_id = ?", (merged[0].id,)).fetchone()[0]
    assert linked == 3
    assert store.article_sources(["a"])["a"]["url"] == "https://a.example.org/a"


def test_the_merge_is_owed_from_storing_mentions_until_it_runs(tmp_path) -> None:
    from storyline.store import SQLiteStore

    with MemoryStore() as store:
        assert not store.merge_owed()
        store.put_events([event("a"), event("b")])
        assert store.merge_owed()
        store.merge_stored_events()
        assert not store.merge_owed() and store.merged_event_count() == 1
        store.clear_events(["b"])
        assert store.merge_owed()
    # a store made before merge_state existed, cut short before its merge, owes the merge once migrated
    db = tmp_path / "old.db"
    with SQLiteStore(db) as old:
        old.put_events([event("a")])
        old.db.execute("DROP TABLE merge_state")
        old.db.execute("DELETE FROM migrations WHERE name = 'events_0002_merge_state'")
    with SQLiteStore(db) as reopened:
        assert reopened.merge_owed()
