"""The learned check of each lexicon candidate (issue 9): ceremonial thanks and plans the lexicon reads as
events are dropped, reported events kept. Real spaCy model, enrichment, coder, type model and ``check.json``;
each dropped case also shows the lexicon did propose a candidate (so it is the check that drops it)."""

from __future__ import annotations

import json
import math

import pytest

from storyline.events import classifier
from storyline.records import Actor, Event
from tests.test_events_coder import code

pytestmark = pytest.mark.skipif(not (classifier.model_available() and classifier.check_available()),
                                reason="the event-type model or its check is not built")


def unchecked(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Event, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(classifier, "keep", lambda *_: True)
        return code(text)


def test_shipped_check_describes_itself() -> None:
    raw = json.loads((classifier.MODEL_DIR / "check.json").read_text(encoding="utf-8"))
    assert tuple(raw["features"]) == classifier.CHECK_FEATURES
    assert len(raw["coef"]) == len(classifier.CHECK_FEATURES) and 0 < raw["cut"] < 1
    assert raw["candidates"] > 200 and raw["method"].endswith("grouped by article")


@pytest.mark.parametrize("text", [
    "I would like to thank President Tokayev for his support and hospitality.",  # ceremony, not an agreement
    "We hope that Russia and Ukraine will sign a peace agreement soon.",  # a hope, not a signing
])
def test_thanks_and_hopes_are_dropped(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert unchecked(text, monkeypatch), "the lexicon proposes a candidate"
    assert code(text) == ()


@pytest.mark.parametrize(("text", "kind", "dyads"), [
    ("Russian troops shelled the city of Kharkiv on Monday, killing five civilians.", "ASSAULT", 1),
    ("Vladimir Putin and Recep Tayyip Erdogan met in Sochi on Tuesday.", "CONSULT", 2),
    ("The European Union imposed new sanctions on Russia on Friday.", "SANCTION", 1),
    ("Protesters clashed with police in Tehran on Saturday.", "ASSAULT", 1),
])
def test_reported_events_are_kept(text: str, kind: str, dyads: int) -> None:
    assert [event.type for event in code(text)] == [kind] * dyads


def test_features_read_modality_arguments_and_mood() -> None:
    classes = classifier.load_model().classes
    row = classifier.sentence_rows(["We thank you."])["We thank you."]
    base = Event("SUPPORT", "", Actor("Russia", "RUS", "GOV"), None, "2022-01-01", "day", "a", 0, 13,
                 "We thank you.", 0.7, modality="future")
    values = dict(zip(classifier.CHECK_FEATURES, classifier.check_features(base, row, classes), strict=True))
    assert values["future"] == 1 and values["hypothetical"] == 0
    assert (values["actor"], values["actor_country"], values["recipient"]) == (1, 1, 0)
    assert values["first_person"] == 1 and values["courtesy"] == 1 and values["question_or_opinion"] == 0
    assert values["log_p_none"] == pytest.approx(math.log(max(float(row[classes.index(classifier.NONE)]), 1e-4)))
