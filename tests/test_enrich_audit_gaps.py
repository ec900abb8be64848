"""Issue 10's audit failures that had no regression test of their own: the seed's statement whose quotation
marks were stripped upstream (both sentences are Makei's), and "Gadhafi" spelt the wire's way."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.enrich import enrich_articles
from storyline.pipeline import load_articles
from storyline.records import Enrichment, Quote
from storyline.settings import Settings
from tests.test_enrich_attribution_fixes import enrich

SEED = Path(__file__).resolve().parents[1] / "examples" / "000_eae2988b17b06bab.txt"


@pytest.fixture(scope="module")
def seed() -> Enrichment:
    settings = Settings.load({"enrich": False})
    articles, _ = load_articles(SEED, settings=settings)
    return enrich_articles(articles, settings=settings)[0]


def quotes_of(enrichment: Enrichment, speaker: str) -> list[Quote]:
    return [quote for quote in enrichment.quotes if quote.speaker == speaker]


def test_both_sentences_of_a_statement_stripped_of_its_marks_are_the_speaker_s(seed: Enrichment) -> None:
    found = quotes_of(seed, "Makei")
    assert [quote.text[:45] for quote in found] == [
        "President Alexander Lukashenko sincerely hope",
        "All Belarusians are praying for this",
    ]
    assert {quote.kind for quote in found} == {"unmarked"}


def test_without_marks_a_sentence_of_the_paragraph_before_is_not_taken() -> None:
    found = enrich(
        "The minister arrived in Minsk on Monday for the talks.\n"
        "The sides hope to agree on a ceasefire. The talks will go on tomorrow, Makei said."
    ).quotes
    assert [(quote.speaker, quote.text[:26]) for quote in found] == [
        ("Makei", "The sides hope to agree on"),
        ("Makei", "The talks will go on tomor"),
    ]


def test_with_marks_in_the_article_narration_stays_narration() -> None:
    found = enrich(
        'Talks began in Minsk on Monday. The sides will meet again next week, Makei said. "We hope for peace," '
        "he added."
    ).quotes
    assert "Talks began in Minsk on Monday." not in {quote.text for quote in found}


def test_a_sentence_with_speech_of_its_own_is_not_taken() -> None:
    found = enrich("The Kremlin said the talks had failed. The sides will meet again next week, Makei said.").quotes
    assert ("Makei", "The sides will meet again next week") in {(quote.speaker, quote.text) for quote in found}
    assert not [quote for quote in found if quote.speaker == "Makei" and quote.text.startswith("The Kremlin")]


def test_the_bare_surname_spelt_gadhafi_is_the_father_not_the_son() -> None:
    entities = enrich(
        "Muammar Gadhafi's son Seif al-Islam Gadhafi said on Monday the regime would fight on. Gadhafi "
        "himself has not been seen in public for weeks."
    ).entities
    assert [mention.canonical for mention in entities if mention.text == "Gadhafi"] == ["Muammar Gadhafi"]
