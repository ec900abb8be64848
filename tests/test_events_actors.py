"""Actors and recipients resolved to who they are (issue 9, item 2): real spaCy, real enrichment, real coder.

Each sentence is written for the pattern it tests (none comes from a gold set).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.enrich import enrich_articles
from storyline.events import code_events
from storyline.records import Actor, Article, Event
from storyline.settings import Settings

SETTINGS = Settings.load({"enrich": True})
KREMLIN_URL = "http://en.kremlin.ru/events/president/news/99999"


def code(text: str, *, title: str = "", url: str = "") -> tuple[Event, ...]:
    item = Article(id="a1", source="test", format="test", title=title, text=text, url=url, canonical_url="",
                   published=datetime(2022, 3, 10, tzinfo=UTC), date_precision="day", language="en",
                   language_score=1.0, author="", content_hash="", raw_sha="")
    return code_events(item, enrich_articles([item], settings=SETTINGS)[0], settings=SETTINGS)


def in_sentence(events: tuple[Event, ...], words: str) -> list[Event]:
    return [event for event in events if words in event.sentence]


def name(actor: Actor | None) -> str:
    return actor.name if actor is not None else ""


def dyads(events: list[Event], kind: str) -> set[tuple[str, str]]:
    return {(name(e.actor), name(e.recipient)) for e in events if e.type == kind}


# --- no actor without a who ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The main question of the negotiations is a lasting truce and the pullout of soldiers.",
    "Expectations of a settlement dwindled while Fierce clashes went on in the north.",
    "The persistent drought killed most of the harvest in the valley.",
])
def test_a_head_that_names_no_one_is_no_actor(text: str) -> None:
    things = {"question", "expectations", "fierce", "clashes", "drought", "harvest", "pullout", "truce"}
    for event in code(text):
        for party in (event.actor, event.recipient):
            assert party is None or not set(party.name.lower().split()) & things, event


# --- I/we, titles -----------------------------------------------------------------------------


def test_first_person_of_an_address_is_its_author() -> None:
    events = code("Good evening. Today I had a long conversation with Chancellor Karl Brenner of Austria. "
                  "We discussed the supply of weapons.",
                  title="Address by President of Ukraine Volodymyr Zelenskyy")
    talk = [e for e in in_sentence(events, "long conversation") if e.type == "CONSULT"]
    assert talk and name(talk[0].actor) == "Volodymyr Zelenskyy"
    assert (talk[0].actor.country, talk[0].actor.sector) == ("UKR", "GOV")
    assert name(talk[0].recipient) == "Karl Brenner"


def test_we_in_a_quote_is_its_speaker() -> None:
    events = code('Finnish Prime Minister Anna Lind said on Monday: "We will send more weapons to Ukraine."')
    aid = [e for e in events if e.type in {"AID", "AGREE"}]
    assert aid and name(aid[0].actor) == "Anna Lind" and aid[0].actor.country == "FIN"


def test_head_of_state_in_a_release_is_its_author() -> None:
    events = code("Vladimir Putin met with Prime Minister of Laos Sonexay Phomvihane in the Kremlin. "
                  "The Head of State thanked Sonexay Phomvihane for the humanitarian aid to Russia.",
                  title="Meeting with Prime Minister of Laos Sonexay Phomvihane", url=KREMLIN_URL)
    thanks = [e for e in in_sentence(events, "thanked") if e.type in {"SUPPORT", "AID"}]
    assert thanks and name(thanks[0].actor) == "Vladimir Putin" and thanks[0].actor.country == "RUS"
    assert name(thanks[0].recipient) == "Sonexay Phomvihane"


def test_a_title_with_another_country_is_not_the_main_president() -> None:
    events = code("President Rodrigo Alves offered to negotiate with the president of Chile.")
    offer = [e for e in events if e.recipient is not None]
    assert offer and offer[0].recipient.country == "CHL"
    assert name(offer[0].recipient) != "Rodrigo Alves"


# --- plurals: both participants, as two dyads ---------------------------------------------------


def test_the_leaders_are_the_two_people_of_the_call() -> None:
    events = code("Vladimir Putin had a telephone conversation with President of Finland Sauli Niinisto. "
                  "The leaders discussed security in Europe.",
                  title="Telephone conversation with President of Finland Sauli Niinisto", url=KREMLIN_URL)
    assert dyads(in_sentence(events, "The leaders"), "CONSULT") == {
        ("Vladimir Putin", "Sauli Niinisto"), ("Sauli Niinisto", "Vladimir Putin")}
    countries = {e.actor.country for e in in_sentence(events, "The leaders")}
    assert countries == {"RUS", "FIN"}


def test_agentless_agreement_in_a_call_release_is_both_parties() -> None:
    events = code("The situation in the Balkans was discussed in detail. It was agreed to keep in contact.",
                  title="Telephone conversation with President of Serbia Aleksandar Vucic", url=KREMLIN_URL)
    assert dyads(in_sentence(events, "It was agreed"), "AGREE") == {
        ("Vladimir Putin", "Aleksandar Vucic"), ("Aleksandar Vucic", "Vladimir Putin")}


def test_delegations_of_two_countries_are_both_countries() -> None:
    events = code("The delegations of Armenia and Azerbaijan met in Geneva on Friday.")
    assert dyads(list(events), "CONSULT") >= {("Armenia", "Azerbaijan"), ("Azerbaijan", "Armenia")}


def test_the_two_sides_after_a_named_meeting() -> None:
    events = code("Chinese President Xi Jinping met Brazilian President Lula da Silva in Beijing. "
                  "The two sides agreed to expand trade in soybeans.")
    pairs = dyads(in_sentence(events, "two sides"), "AGREE")
    assert pairs == {("Xi Jinping", "Lula da Silva"), ("Lula da Silva", "Xi Jinping")}


def test_unresolved_parties_are_not_invented() -> None:
    events = code("The parties met again on Tuesday.")
    for event in events:
        assert event.actor is None or event.actor.name.lower() not in {"parties", "the parties"}


def test_a_negated_conjunct_is_left_out() -> None:
    events = code("Senior Polish officials, but not President Marek Nowak, attended the talks in Vilnius.")
    assert all(name(e.actor) != "Marek Nowak" for e in events)


# --- country + sector -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "country", "sector"), [
    ("A farmer was killed by Turkish troops near the border on June 3.", "TUR", "MIL"),
    ("Indian strikes destroyed three camps, killing nine people.", "IND", "MIL"),
    ("Clashes spread across Yemen. Government forces bombarded the port of Hodeidah in Yemen.", "YEM", "MIL"),
])
def test_groups_get_country_and_sector(text: str, country: str, sector: str) -> None:
    assault = [e for e in code(text) if e.type == "ASSAULT"]
    assert assault and (assault[0].actor.country, assault[0].actor.sector) == (country, sector)


# --- agent and patient from the parse -----------------------------------------------------------


def test_passive_by_phrase_is_the_actor_and_the_subject_the_recipient() -> None:
    events = code("Two Kenyan soldiers were killed by Somali militants on Tuesday.")
    assault = next(e for e in events if e.type == "ASSAULT")
    assert assault.actor.country == "SOM" and assault.recipient.country == "KEN"


@pytest.mark.parametrize(("text", "actor", "recipient"), [
    ("Japan decided to impose an embargo on the supply of chips to North Korea.", "JPN", "PRK"),
    ("Norway imposed sanctions on Iran on Monday.", "NOR", "IRN"),
])
def test_a_sanction_on_a_country_has_that_country_as_recipient(text: str, actor: str, recipient: str) -> None:
    found = [e for e in code(text) if e.recipient is not None and e.recipient.country == recipient]
    assert found and found[0].actor is not None and found[0].actor.country == actor


def test_a_meeting_is_coded_both_ways_but_a_visit_is_not() -> None:
    meeting = code("Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi.")
    assert dyads(list(meeting), "CONSULT") == {("William Ruto", "Abiy Ahmed"), ("Abiy Ahmed", "William Ruto")}
    visit = [e for e in code("Kenyan President William Ruto visited Ethiopia.") if e.type == "CONSULT"]
    assert [(e.actor.country, e.recipient and e.recipient.country) for e in visit] == [("KEN", "ETH")]
