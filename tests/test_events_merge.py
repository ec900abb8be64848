"""Merging event mentions across articles: one event, its sources counted once, disagreements kept."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.events.merge import merge_events
from storyline.records import Actor, Event, Place

RUS = Actor(name="Russian forces", country="RUS", sector="MIL")
UKR = Actor(name="Kharkiv", country="UKR", sector="GOV")
KHARKIV = Place(name="Kharkiv", lat=49.98, lon=36.25, country="UA", kind="city", start=0, end=7, text="Kharkiv")


def mention(article: str, *, date: str = "2022-02-28", killed: float | None = None, kind: str = "ASSAULT",
            place: Place | None = KHARKIV, actor: Actor | None = RUS) -> Event:
    return Event(type=kind, mode="", actor=actor, recipient=UKR, date=date, date_precision="day",
                 article_id=article, sentence_start=0, sentence_end=10, sentence="Russian forces shelled Kharkiv.",
                 confidence=0.9, place=place, figures={} if killed is None else {"killed": killed}, trigger="shelled")


def test_same_event_from_three_articles_is_one() -> None:
    merged = merge_events([mention("a"), mention("b"), mention("c", date="2022-03-01")])
    assert len(merged) == 1
    assert (merged[0].num_mentions, merged[0].num_articles, merged[0].num_sources) == (3, 3, 3)
    assert merged[0].date == "2022-02-28"


def test_linked_duplicates_are_not_independent_sources() -> None:
    merged = merge_events([mention("a"), mention("b"), mention("copy-of-a")], duplicate_of={"copy-of-a": "a"})
    assert (merged[0].num_articles, merged[0].num_sources) == (3, 2)


def test_articles_of_one_publisher_are_one_source() -> None:
    publishers = {"a": "kremlin.ru", "b": "kremlin.ru", "c": "reuters.com"}
    merged = merge_events([mention("a"), mention("b"), mention("c")], publisher_of=publishers)
    assert (merged[0].num_articles, merged[0].num_sources) == (3, 2)


def test_two_death_tolls_are_a_visible_disagreement() -> None:
    merged = merge_events([mention("a", killed=24), mention("b", killed=30), mention("c", killed=24)])
    assert merged[0].figures == {"killed": 30}
    assert merged[0].disagreements["killed"] == [
        {"value": 24, "sources": ["a", "c"]}, {"value": 30, "sources": ["b"]},
    ]


def test_two_dates_within_a_day_are_a_disagreement() -> None:
    merged = merge_events([mention("a"), mention("b", date="2022-03-01")])
    assert [item["value"] for item in merged[0].disagreements["date"]] == ["2022-02-28", "2022-03-01"]


def test_different_type_actor_day_or_place_stay_apart() -> None:
    lviv = replace(KHARKIV, name="Lviv")
    events = [mention("a"), mention("b", kind="THREATEN"), mention("c", actor=None),
              mention("d", date="2022-03-05"), mention("e", place=lviv)]
    assert len(merge_events(events)) == 5


def test_unknown_place_joins_a_known_one() -> None:
    assert len(merge_events([mention("a"), mention("b", place=None)])) == 1


@settings(max_examples=30, deadline=None)
@given(st.permutations([mention("a"), mention("b", killed=3), mention("c", date="2022-03-01"),
                        mention("d", kind="THREATEN"), mention("e", date="2022-03-09")]))
def test_merge_does_not_depend_on_input_order(events: list[Event]) -> None:
    reference = merge_events(sorted(events, key=lambda event: event.article_id))
    assert merge_events(events) == reference


def test_merged_ids_are_unique_even_when_one_sentence_is_coded_twice() -> None:
    """The same sentence coded twice (one trigger, two places) gives two merged events: the store keys them by id."""
    lviv = replace(KHARKIV, name="Lviv")
    twice = [mention("a"), mention("a", place=lviv), replace(mention("a", place=lviv), place=KHARKIV)]
    merged = merge_events([*twice, mention("b", place=lviv)])
    assert len({event.id for event in merged}) == len(merged) >= 2
    assert [event.id for event in merge_events(list(reversed(twice)))] == [event.id for event in merge_events(twice)]
