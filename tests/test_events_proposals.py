"""The learned model's own proposals (issue 9): an event where the lexicon found none, when the model is sure
and the sentence's unnegated main verb has a party as subject. Real spaCy model, enrichment, coder and the
shipped classifier; each "none" case also shows which check stops it (the parse, or the model)."""

from __future__ import annotations

import pytest

from storyline.events import classifier
from storyline.events.coder import PROPOSAL_CONFIDENCE, PROPOSAL_STAGE, STAGE
from storyline.records import Event
from tests.test_events_coder import code

pytestmark = pytest.mark.skipif(not classifier.model_available(), reason="the event-type model is not built")


def proposals(text: str) -> list[Event]:
    return [event for event in code(text) if event.stage == PROPOSAL_STAGE]


def sure(text: str) -> float:
    """The model's probability of the sentence's most probable event type."""
    row = classifier.sentence_rows([text])[text]
    return max(float(p) for kind, p in zip(classifier.load_model().classes, row, strict=True)
               if kind != classifier.NONE)


def test_a_sentence_the_lexicon_misses_gets_the_models_type() -> None:
    text = ("The President of Russia expressed gratitude to the Turkish leader for his assistance in exchanging "
            "Russian citizen Konstantin Yaroshenko for US citizen Trevor Reed at Ankara airport.")
    assert sure(text) >= classifier.PROPOSE
    found = proposals(text)
    assert [(e.type, e.actor.country, e.recipient.country if e.recipient else "") for e in found] == [
        ("SUPPORT", "RUS", "TUR")]
    assert len(code(text)) == len(found)  # the lexicon had nothing


def test_a_plural_subject_is_two_dyads() -> None:
    found = proposals("Presidents Putin and Lukashenko exchanged views on bilateral relations.")
    pairs = {(e.type, e.actor.name, e.recipient.name) for e in found}
    assert pairs == {("CONSULT", "Vladimir Putin", "Alexander Lukashenko"),
                     ("CONSULT", "Alexander Lukashenko", "Vladimir Putin")}


def test_the_leaders_of_an_earlier_sentence_are_two_dyads() -> None:
    events = code("Vladimir Putin met Emmanuel Macron in Moscow. The leaders exchanged views on bilateral relations.")
    found = [event for event in events if event.stage == PROPOSAL_STAGE]
    assert {(e.actor.name, e.recipient.name) for e in found} == {
        ("Vladimir Putin", "Emmanuel Macron"), ("Emmanuel Macron", "Vladimir Putin")}
    assert all(event.sentence.startswith("The leaders") for event in found)


def test_a_proposal_is_labelled_as_the_models_and_less_sure_than_the_lexicon() -> None:
    found = proposals("Presidents Putin and Lukashenko exchanged views on bilateral relations.")
    assert found
    assert {(e.stage, e.confidence) for e in found} == {("events.classifier.v1", PROPOSAL_CONFIDENCE)}
    lexicon = code("Vladimir Putin held talks with Alexander Lukashenko.")
    assert lexicon and {e.stage for e in lexicon} == {STAGE}
    assert min(e.confidence for e in lexicon) > PROPOSAL_CONFIDENCE


def test_no_proposal_for_a_negated_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Presidents Putin and Lukashenko never exchanged views on bilateral relations."
    assert sure(text) >= classifier.PROPOSE  # the model would propose: the negation stops it
    monkeypatch.setattr(classifier, "PROPOSE", 0.0)
    assert proposals(text) == []


def test_no_proposal_without_a_party_as_subject(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The discussion exchanged views on the situation in Ukraine."
    assert sure(text) >= classifier.PROPOSE  # the model would propose: "discussion" names nobody
    monkeypatch.setattr(classifier, "PROPOSE", 0.0)
    assert proposals(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Japanese government counted the dead after the earthquake destroyed the town.",
        "Goldman Sachs shares fell sharply on Wall Street.",
    ],
)
def test_no_proposal_in_a_no_event_sentence(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert code(text) == () or all(e.stage == STAGE for e in code(text))
    assert proposals(text) == []
    monkeypatch.setattr(classifier, "PROPOSE", 0.0)
    assert proposals(text)  # a party acts: only the model's "no event" keeps it out
