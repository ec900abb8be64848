"""Golden test on the seed article: the facts a reader of it knows, Storyline must know."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.enrich import enrich_articles
from storyline.pipeline import load_articles
from storyline.records import Article, Enrichment
from storyline.settings import Settings

SEED = Path(__file__).resolve().parents[1] / "examples" / "000_eae2988b17b06bab.txt"


@pytest.fixture(scope="module")
def seed() -> tuple[Article, Enrichment]:
    settings = Settings.load({"enrich": False})
    articles, rejections = load_articles(SEED, settings=settings)
    assert not rejections and len(articles) == 1
    return articles[0], enrich_articles(articles, settings=settings)[0]


def canonical_of(enrichment: Enrichment, surface: str) -> set[str]:
    return {m.canonical for m in enrichment.entities if m.text == surface}


@pytest.mark.parametrize(("surface", "canonical"), [
    ("Putin", "Vladimir Putin"),
    ("Zelenskyys", "Volodymyr Zelenskyy"),
    ("Zelenskyy", "Volodymyr Zelenskyy"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelenskyy"),
    ("Russias", "Russia"),
    ("Ukraines", "Ukraine"),
    ("Kremlins", "Kremlin"),
    ("U.S.", "United States"),
    ("Mykhailo Podolyak", "Mykhailo Podolyak"),
    ("Makei", "Makei"),
])
def test_canonical_names(seed: tuple[Article, Enrichment], surface: str, canonical: str) -> None:
    assert canonical_of(seed[1], surface) == {canonical}


def test_gazetteer_corrects_labels(seed: tuple[Article, Enrichment]) -> None:
    labels = {m.text: m.label for m in seed[1].entities}
    assert labels["Kharkiv"] == "GPE"  # the small model says ORG
    assert labels["Kyiv"] == "GPE"  # and PERSON
    assert labels["Zelenskyy"] == "PERSON"  # and GPE
    assert labels["Ukrainian"] == "NORP"


def test_podolyak_quote_without_marks(seed: tuple[Article, Enrichment]) -> None:
    quote = next(q for q in seed[1].quotes if q.speaker == "Mykhailo Podolyak")
    assert quote.kind == "unmarked"
    assert quote.text == ("Unfortunately, the Russian side is still extremely biased regarding the destructive "
                          "processes it launched")


def test_attribution_after_the_quote(seed: tuple[Article, Enrichment]) -> None:
    quote = [q for q in seed[1].quotes if q.speaker == "Makei"][-1]  # the first is his sentence before it
    assert quote.text == "All Belarusians are praying for this"
    assert quote.kind == "unmarked"
    assert seed[0].text[quote.speaker_start:quote.speaker_end] == "Makei"


def test_reported_speech_and_according_to(seed: tuple[Article, Enrichment]) -> None:
    by_speaker = {q.speaker: q for q in seed[1].quotes}
    assert by_speaker["Volodymyr Zelenskyy's office"].text == "Ukraine wants an immediate cease-fire"
    assert by_speaker["CNN"].text == "The talks began just after 1 p.m. Ukraine time"
    according = by_speaker["the government in Kyiv"]
    assert according.kind == "according_to" and according.text.startswith("At least 352 Ukrainian civilians")


def test_claims(seed: tuple[Article, Enrichment]) -> None:
    claims = {c.text: c for c in seed[1].claims}
    assert set(claims) == {"352", "500,000", "2 million", "dozens"}
    deaths = claims["352"]
    assert (deaths.value, deaths.qualifier, deaths.subject, deaths.predicate, deaths.source, deaths.unit) == (
        352, "at least", "Ukrainian civilians", "died", "the government in Kyiv", "people")
    refugees = claims["500,000"]
    # the "according to" belongs to the deaths clause; the refugees clause after "and" gives no source (issue 10)
    assert (refugees.value, refugees.qualifier, refugees.subject, refugees.predicate, refugees.source) == (
        500_000, "at least", "refugees", "fled", "")
    city = claims["2 million"]
    assert (city.value, city.qualifier, city.subject, city.predicate) == (
        2_000_000, "more than", "people", "is home to")
    dozens = claims["dozens"]
    assert (dozens.value, dozens.value_max, dozens.predicate, dozens.unit) == (24, 99, "killing", "people")


@pytest.mark.parametrize(("surface", "value", "value_end"), [
    ("Monday", "2022-02-28", ""),
    ("Thursday", "2022-02-24", ""),
    ("Sunday", "2022-02-27", ""),
    ("the weekend", "2022-02-26", "2022-02-27"),
    ("later in the day", "2022-02-28", ""),
    ("todays", "2022-02-28", ""),
    ("just after 1 p.m.", "2022-02-28T13:00", ""),
])
def test_times(seed: tuple[Article, Enrichment], surface: str, value: str, value_end: str) -> None:
    resolved = {(t.value, t.value_end) for t in seed[1].times if t.text == surface}
    assert resolved == {(value, value_end)}


def test_sentences_carry_the_date_they_are_about(seed: tuple[Article, Enrichment]) -> None:
    def date_of(start: str) -> tuple[str, str]:
        sentence = next(s for s in seed[1].sentences if s.text.startswith(start))
        return sentence.date, sentence.date_source

    assert date_of("The Russians spent much of the weekend") == ("2022-02-26", "time")
    assert date_of("Belarus is one of Russias few close foreign partners") == ("2022-02-27", "time")
    assert date_of("At least 352") == ("2022-02-28", "published")  # "since … Thursday" is not what it is about
    assert date_of("Meanwhile, Western officials") == ("2022-02-28", "published")


def test_places(seed: tuple[Article, Enrichment]) -> None:
    places = {p.name: p for p in seed[1].places}
    kharkiv = places["Kharkiv"]
    assert (kharkiv.country, kharkiv.kind) == ("UA", "city")
    assert kharkiv.lat == pytest.approx(49.98, abs=0.05) and kharkiv.lon == pytest.approx(36.25, abs=0.05)
    assert (places["Belarus"].country, places["Belarus"].kind) == ("BY", "country")
    assert (places["Crimea"].country, places["Crimea"].kind) == ("UA", "region")
    assert places["Ukraine"].country == "UA" and places["Russia"].country == "RU"
    assert "CNN" not in places


def test_every_span_points_into_the_text(seed: tuple[Article, Enrichment]) -> None:
    article, enrichment = seed
    text = article.text
    spans = [*enrichment.sentences, *enrichment.entities, *enrichment.quotes, *enrichment.claims, *enrichment.times]
    assert all(text[span.start:span.end] == span.text for span in spans)
    assert all(text[p.start:p.end] == p.text for p in enrichment.places)
    assert all(text[q.speaker_start:q.speaker_end] == q.speaker_text for q in enrichment.quotes if q.speaker_text)
    assert enrichment.events == ()
