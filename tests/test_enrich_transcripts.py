"""Transcript turns on real Kremlin transcripts: the speakers and turn bounds below were written by reading them."""

from __future__ import annotations

import pytest
from conftest import require_shared

from storyline.enrich import enrich_articles
from storyline.pipeline import load_articles
from storyline.records import Article, Enrichment
from storyline.settings import Settings

KREMLIN = ("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv")
NEWS = "http://en.kremlin.ru/events/president/news/"
PATRIARCH, BELARUS_TALKS, PRESS_CONFERENCE = NEWS + "67693", NEWS + "68460", NEWS + "68182"
PUTIN, LUKASHENKO = "Vladimir Putin", "Alexander Lukashenko"


@pytest.fixture(scope="module")
def enriched() -> dict[str, tuple[Article, Enrichment]]:
    settings = Settings.load({"enrich": False})
    articles, _ = load_articles(require_shared(*KREMLIN), settings=settings)
    chosen = [article for article in articles if article.url in {PATRIARCH, BELARUS_TALKS, PRESS_CONFERENCE}]
    return {a.url: (a, e) for a, e in zip(chosen, enrich_articles(chosen, settings=settings), strict=True)}


def turns(enriched: dict[str, tuple[Article, Enrichment]], url: str) -> list[tuple[str, str]]:
    article, enrichment = enriched[url]
    quotes = [q for q in enrichment.quotes if q.kind == "transcript"]
    assert all(article.text[q.start:q.end] == q.text for q in quotes)
    assert all(article.text[q.speaker_start:q.speaker_end] == q.speaker_text for q in quotes)
    return [(q.speaker, q.text) for q in quotes]


def test_meeting_with_the_patriarch(enriched) -> None:
    found = turns(enriched, PATRIARCH)
    assert [speaker for speaker, _ in found] == [PUTIN, "Kirill"] * 3
    assert found[0][1] == "Your Holiness, My congratulations to you on the holiday."
    assert found[1][1] == "Thank you kindly."
    assert found[3][1].startswith("Thank you so much for your kind words, Mr President. Throughout its history")
    assert found[-1][1] == "Thank you, Mr President."  # the omission mark after it is not his


def test_talks_with_lukashenko(enriched) -> None:
    """A heading before the first label, the site's tooltip in Lukashenko's first label, turns of three words."""
    found = turns(enriched, BELARUS_TALKS)
    assert [speaker for speaker, _ in found] == [PUTIN, LUKASHENKO] * 4 + [PUTIN]
    assert found[0][1].startswith("Mr Lukashenko, You and I met in Moscow not so long ago")
    assert found[0][1].endswith("You have also repeatedly raised the issue of taking additional steps forward here.")
    assert found[1][1] == "In terms of cooperation."
    assert found[4][1] == "Lower than expected."
    assert found[-1][1] == "I am very glad to see you."
    assert all("Beginning of Russian-Belarusian talks" not in words for _, words in found)
    inner = [q for q in enriched[BELARUS_TALKS][1].quotes if q.text == "Putin is to blame,"]
    assert [(q.kind, q.speaker) for q in inner] == [("direct", "")]  # Lukashenko quoting "them"


def test_news_conference_questions_are_not_putins(enriched) -> None:
    found = turns(enriched, PRESS_CONFERENCE)
    peskov = next(words for speaker, words in found if speaker == "Dmitry Peskov")
    assert peskov.startswith("Thank you. We will ask the presidents to take four questions")
    assert not any("to follow up on your remarks, this question is for you" in words for _, words in found)
    answer = next(words for speaker, words in found if words.startswith("I would emphasise the second word"))
    assert (PUTIN, answer) in found
    assert "As for Belarus, I have already expressed my position: Mr Lukashenko's presence" in answer
    assert "Good afternoon! President Putin" not in answer
    speakers = {speaker for speaker, _ in found}
    assert speakers == {PUTIN, LUKASHENKO, "Dmitry Peskov"}
