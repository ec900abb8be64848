"""Golden test on the seed article: the events a reader sees in it (issue 4, part 3) must come out."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.enrich import enrich_articles
from storyline.events import code_events
from storyline.ingest import read_paths
from storyline.normalize import normalize
from storyline.records import Article, Event
from storyline.settings import Settings

SEED = Path(__file__).resolve().parents[1] / "examples" / "000_eae2988b17b06bab.txt"
SETTINGS = Settings.load()


@pytest.fixture(scope="module")
def seed_events() -> tuple[Article, tuple[Event, ...]]:
    raw = next(item for item in read_paths([SEED], settings=SETTINGS))
    article = normalize(raw, settings=SETTINGS)
    assert isinstance(article, Article)
    enrichment = enrich_articles([article], settings=SETTINGS)[0]
    return article, code_events(article, enrichment, settings=SETTINGS)


def find(events: tuple[Event, ...], kind: str, *, actor: str = "", recipient: str = "", trigger: str = "") -> Event:
    """The one event of this type whose actor/recipient country and trigger match."""
    for event in events:
        if event.type != kind or (trigger and event.trigger != trigger):
            continue
        if actor and (event.actor is None or event.actor.country != actor):
            continue
        if recipient and (event.recipient is None or event.recipient.country != recipient):
            continue
        return event
    raise AssertionError(f"no {kind} actor={actor} recipient={recipient} trigger={trigger} in "
                         f"{[(e.type, e.trigger, e.actor and e.actor.country) for e in events]}")


def test_talks_in_belarus(seed_events) -> None:
    _, events = seed_events
    talks = find(events, "CONSULT", actor="UKR", trigger="discussions")
    assert talks.date == "2022-02-28"
    assert talks.place is not None and talks.place.name == "Belarus"
    assert find(events, "CONSULT", actor="UKR", recipient="RUS", trigger="negotiations").date == "2022-02-28"


def test_assault_on_kharkiv_killing_dozens(seed_events) -> None:
    _, events = seed_events
    assault = find(events, "ASSAULT", actor="RUS", recipient="UKR", trigger="pummeled")
    assert assault.actor.sector == "MIL"
    assert assault.date == "2022-02-28"
    assert assault.place is not None and assault.place.name == "Kharkiv"
    assert assault.figures.get("killed", 0) >= 24  # "dozens"


def test_macron_putin_call(seed_events) -> None:
    _, events = seed_events
    call = find(events, "CONSULT", actor="FRA", recipient="RUS")
    assert call.mode == "phone"
    assert (call.actor.name, call.recipient.name) == ("Emmanuel Macron", "Vladimir Putin")


def test_demands(seed_events) -> None:
    _, events = seed_events
    find(events, "REQUEST", actor="UKR")  # Ukraine wants an immediate cease-fire
    find(events, "REQUEST", actor="RUS", trigger="demands")  # demilitarization, Crimea


def test_sanctions_and_aid(seed_events) -> None:
    _, events = seed_events
    find(events, "SANCTION", actor="USA", recipient="RUS")
    find(events, "AID", actor="USA", recipient="UKR")


def test_offensive_launched_thursday(seed_events) -> None:
    _, events = seed_events
    offensive = find(events, "ASSAULT", actor="RUS", trigger="offensive")
    assert (offensive.date, offensive.date_precision) == ("2022-02-24", "day")


def test_belarus_drops_non_nuclear_status_on_sunday(seed_events) -> None:
    _, events = seed_events
    assert find(events, "REJECT", actor="BLR", trigger="renounce").date == "2022-02-27"


def test_nuclear_posture_threat(seed_events) -> None:
    _, events = seed_events
    threat = find(events, "THREATEN", actor="RUS")
    assert threat.actor.name == "Vladimir Putin"
    assert "cbrn" in threat.contexts


def test_auxiliary_modes(seed_events) -> None:
    _, events = seed_events
    assert find(events, "ASSAULT", actor="USA", trigger="fight").modality == "negated"
    # PLOVER codes an announced coercive act as THREATEN; the auxiliary mode keeps that it is a plan.
    assert find(events, "THREATEN", trigger="confiscating").modality == "future"


def test_no_event_from_the_currency_sentence(seed_events) -> None:
    """"The value of Russias currency hit record lows" names no assault."""
    _, events = seed_events
    assert not [event for event in events if event.trigger == "hit"]


def test_evidence_offsets(seed_events) -> None:
    article, events = seed_events
    for event in events:
        assert article.text[event.sentence_start:event.sentence_end] == event.sentence
        for actor in (event.actor, event.recipient):
            if actor is not None:
                assert article.text[actor.start:actor.end] == actor.text
