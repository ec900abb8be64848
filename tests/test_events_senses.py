"""The learned check on the coder's candidates (issue 9): word senses from context, no-event sentences dropped.

Each case went wrong with the lexicon alone (strikes on a city coded as a walkout, a decree as SUPPORT, an
earthquake as an attack); through the real spaCy model, enrichment, coder and shipped classifier.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from storyline.events import classifier
from tests.test_events_coder import code


def kinds(text: str) -> set[str]:
    return {event.type for event in code(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Russian strikes at Ukraine killed 12 civilians overnight.",
        "US forces struck a compound in northern Syria on Tuesday.",
        "Israeli jets struck targets in Gaza overnight, killing four people.",
    ],
)
def test_strike_on_a_place_is_an_assault_not_a_walkout(text: str) -> None:
    found = kinds(text)
    assert "ASSAULT" in found and "PROTEST" not in found, found


def test_strike_by_workers_stays_a_protest() -> None:
    assert "PROTEST" in kinds("Thousands of teachers in France went on strike on Monday over pay.")


@pytest.mark.parametrize(
    "text",
    [
        "An earthquake killed 50 people in eastern Turkey on Monday.",
        "The magnitude 7 earthquake struck south of Port-au-Prince on Tuesday.",
        "The swine flu virus has killed 109 people in Mexico.",
    ],
)
def test_disasters_and_disease_are_no_attack(text: str) -> None:
    assert "ASSAULT" not in kinds(text)


def test_a_decree_is_no_support() -> None:
    assert "SUPPORT" not in kinds("Vladimir Putin signed a decree on the mobilisation of reservists.")


@pytest.mark.parametrize(
    "text",
    [
        "This fully meets the interests of the two friendly peoples.",
        "Dr Conrad Murray has pleaded not guilty to involuntary manslaughter.",
    ],
)
def test_non_political_senses_are_dropped(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("strikes", "strike"),
        ("struck", "strike"),
        ("backed", "back"),
        ("signing", "sign"),
        ("killed", "kill"),
        ("congratulated", "congratulate"),
        ("Thank", "thank"),
        ("meets", "meet"),
        ("attacked", "attack"),
        ("negotiated", "negotiated"),
    ],
)
def test_trigger_words_map_to_their_sense_entry(word: str, key: str) -> None:
    assert classifier.lemma(word) == key


def test_sense_keeps_types_the_parse_or_grammar_set() -> None:
    """Only the word's lexical type is re-read: a strike the parse aimed at a place (ASSAULT) or a future one
    retyped THREATEN stays; the lexicon's PROTEST for "strike" takes the sentence's more probable sense."""
    classes = classifier.load_model().classes
    row = np.zeros(len(classes))
    row[classes.index("ASSAULT")] = 0.6
    row[classes.index("PROTEST")] = 0.3
    event = replace(code("Russian forces attacked Kharkiv on Monday.")[0], trigger="strikes")
    assert classifier.sense(replace(event, type="THREATEN"), row, classes) == "THREATEN"
    assert classifier.sense(replace(event, type="PROTEST"), row, classes) == "ASSAULT"
    row[classes.index("PROTEST")] = 0.9
    assert classifier.sense(replace(event, type="ASSAULT"), row, classes) == "ASSAULT"


def test_a_strike_aimed_at_a_country_is_an_attack_whatever_the_words_around() -> None:
    found = kinds("Russian strikes at Ukraine continued on Monday.")
    assert "ASSAULT" in found and "PROTEST" not in found, found
