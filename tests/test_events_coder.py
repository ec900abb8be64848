"""The coder on hand-written sentences, one behaviour each, through the real spaCy model and enrichment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.enrich import enrich_articles
from storyline.events import code_events
from storyline.records import Article, Event
from storyline.settings import Settings

SETTINGS = Settings.load({"enrich": True})


def article(text: str, *, published: datetime = datetime(2022, 2, 28, tzinfo=UTC)) -> Article:
    return Article(id="a1", source="test", format="test", title="", text=text, url="", canonical_url="",
                   published=published, date_precision="day", language="en", language_score=1.0, author="",
                   content_hash="", raw_sha="")


def code(text: str) -> tuple[Event, ...]:
    item = article(text)
    return code_events(item, enrich_articles([item], settings=SETTINGS)[0], settings=SETTINGS)


def only(events: tuple[Event, ...], kind: str) -> Event:
    found = [event for event in events if event.type == kind]
    assert len(found) == 1, [(e.type, e.trigger) for e in events]
    return found[0]


def first_dyad(events: tuple[Event, ...], kind: str) -> Event:
    """The event the parse reads; a meeting or agreement also has its reverse dyad (PLOVER codes both)."""
    found = [event for event in events if event.type == kind]
    assert found, [(e.type, e.trigger) for e in events]
    if len(found) > 1:
        assert len(found) == 2 and kind in {"CONSULT", "AGREE"}, [(e.type, e.trigger) for e in events]
        assert (found[1].actor, found[1].recipient) == (found[0].recipient, found[0].actor)
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "actor", "recipient"),
    [
        ("Russian forces attacked Kharkiv on Monday.", "ASSAULT", "RUS", "UKR"),
        ("French President Emmanuel Macron held a long call with Vladimir Putin.", "CONSULT", "FRA", ""),
        ("The United States imposed sanctions on Russia.", "SANCTION", "USA", "RUS"),
        ("Germany sent weapons and military equipment to Ukraine.", "AID", "DEU", "UKR"),
        ("Ukraine demanded an immediate cease-fire.", "REQUEST", "UKR", ""),
        ("The Azerbaijani parliament threatened to break relations with Russia.", "THREATEN", "AZE", "RUS"),
        ("Police in Turkey arrested dozens of protesters.", "COERCE", "TUR", ""),
        # a crowd is coded by where it acts, as PLOVER's coders do
        ("Thousands of demonstrators rallied in Paris against the pension reform.", "PROTEST", "FRA", ""),
        ("Amnesty International accused the United States of violating human rights.", "ACCUSE", "NGO", "USA"),
        ("Israel rejected the proposal to meet in Cairo.", "REJECT", "ISR", ""),
    ],
)
def test_type_actor_recipient(text: str, kind: str, actor: str, recipient: str) -> None:
    event = first_dyad(code(text), kind)
    assert (event.actor.country if event.actor else "") == actor
    if recipient:
        assert event.recipient is not None and event.recipient.country == recipient


def test_embedded_action_is_absorbed() -> None:
    """"threatened to break relations" is one THREATEN, not also a SANCTION."""
    events = code("The Azerbaijani parliament threatened to break relations with Russia.")
    assert [event.type for event in events] == ["THREATEN"]


def test_negated_future_hypothetical() -> None:
    assert only(code("Britain does not intend to fight Russia."), "ASSAULT").modality == "negated"
    assert only(code("Western governments are planning to confiscate Russian assets."), "THREATEN").modality == "future"
    # PLOVER: a conflictual act under a condition is coded THREATEN, not ASSAULT + hypothetical.
    threat = only(code("If Russia attacks Finland, NATO will respond."), "THREATEN")
    assert (threat.modality, threat.mode) == ("hypothetical", "violence")


@pytest.mark.parametrize(("text", "kind"), [
    ("Sudan lifted the curfew in Khartoum on Sunday.", "CONCEDE"),
    ("Japan halted economic aid to Serbia.", "SANCTION"),
    ("Russia said Sudan must return the captured helicopter.", "REQUEST"),
    ("Students staged mass demonstrations to demand political reforms.", "PROTEST"),
])
def test_type_rules_beyond_the_word(text: str, kind: str) -> None:
    assert only(code(text), kind)


def test_weak_verb_needs_a_participant() -> None:
    """"hit record lows" is not an assault; "hit Russia with sanctions" is a sanction."""
    assert not [e for e in code("The value of the ruble hit record lows on Monday.") if e.type == "ASSAULT"]
    assert [e.type for e in code("The U.S. hit Russia with sanctions.")] == ["SANCTION"]


def test_date_from_the_trigger_clause() -> None:
    """"launched an offensive on Thursday" in a Monday article happened on the Thursday before."""
    events = code("At least 352 civilians have died since Putin launched an offensive against Ukraine on Thursday.")
    assert only(events, "ASSAULT").date == "2022-02-24"
    assert only(events, "ASSAULT").date_precision == "day"


def test_person_country_from_the_article() -> None:
    """A later bare "Putin" inherits RUS/GOV from "Russian President Vladimir Putin"."""
    events = code("Russian President Vladimir Putin spoke on Sunday. On Monday Putin threatened Ukraine.")
    threat = only(events, "THREATEN")
    assert (threat.actor.country, threat.actor.sector) == ("RUS", "GOV")


def test_figures_from_claims() -> None:
    event = only(code("Russian forces shelled Kharkiv on Monday, killing at least 11 people."), "ASSAULT")
    assert event.figures.get("killed") == 11


@pytest.mark.parametrize("text", [
    "Russian forces attacked Kharkiv on Monday. The Kremlin praised the talks with Kyiv.",
    "Officials from Ukraine started negotiations with their Russian counterparts in Belarus.",
])
def test_offsets_index_the_article_text(text: str) -> None:
    events = code(text)
    assert events
    for event in events:
        assert text[event.sentence_start:event.sentence_end] == event.sentence
        for actor in (event.actor, event.recipient):
            if actor is not None:
                assert text[actor.start:actor.end] == actor.text
        if event.place is not None:
            assert text[event.place.start:event.place.end] == event.place.text
        assert event.trigger in event.sentence


def test_no_event_in_plain_prose() -> None:
    assert code("The weather in Kyiv was cold and grey this morning.") == ()


def test_same_parse_same_events() -> None:
    """Pure: the doc passed in or parsed here gives the same events."""
    from storyline.events import parse

    text = "Russian forces attacked Kharkiv on Monday."
    item = article(text)
    enrichment = enrich_articles([item], settings=SETTINGS)[0]
    assert code_events(item, enrichment, settings=SETTINGS, docs=parse(text, settings=SETTINGS)) == code_events(
        item, enrichment, settings=SETTINGS)


def test_words_that_name_nobody_are_not_actors() -> None:
    """Relative and personal pronouns left unresolved ("that", "I") would put nobody a reader can follow in a row."""
    strike = code("Seven opposition parties organized a general strike that shut down Kathmandu in protest.")
    assert strike and all(event.actor is None or event.actor.name.lower() not in {"that", "who"} for event in strike)
    talk = code("I have invited you to talk about the situation, and I discussed it with the Prime Minister.")
    assert all(event.actor is None or event.actor.name != "I" for event in talk)
    riots = only(code("Palestinian riots against Israeli military policies are still continuing."), "PROTEST")
    assert riots.actor is not None and riots.actor.country == "PSE"


def test_i_and_we_in_a_quote_are_its_speaker() -> None:
    text = ("Talks with the President of France. President of Russia Vladimir Putin: Good afternoon. "
            "We have imposed sanctions on the United States. I called the President of France yesterday.")
    events = code(text)
    sanction = only(events, "SANCTION")
    assert sanction.actor is not None and (sanction.actor.name, sanction.actor.country) == ("Vladimir Putin", "RUS")
    assert text[sanction.actor.start : sanction.actor.end] == "We"
    assert sanction.recipient is not None and sanction.recipient.country == "USA"


def test_a_speaker_takes_no_country_from_the_prose_before_the_label() -> None:
    events = code("The talks were about France. Vladimir Putin: We have imposed sanctions on the United States.")
    sanction = only(events, "SANCTION")
    assert sanction.actor is not None and sanction.actor.name == "Vladimir Putin"
    assert sanction.actor.country != "FRA"
