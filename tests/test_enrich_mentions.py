"""In-article mention resolution (issue 10): who a title, pronoun, acronym or role stands for, and the quote
speakers and figure sources that read it. Hand-written sentences showing each failure the audit named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.enrich import enrich_articles, load_nlp
from storyline.enrich.entities import extract_entities
from storyline.enrich.gazetteer import gazetteer
from storyline.enrich.mentions import resolve
from storyline.records import Article, Enrichment
from storyline.settings import Settings

SETTINGS = Settings.load({"enrich": False})
KREMLIN_URL = "http://en.kremlin.ru/events/president/news/99999"


def enrich(text: str, *, url: str = "", title: str = "") -> Enrichment:
    article = Article(
        id="m" + str(abs(hash(text)))[:10], source="test", format="text", title=title, text=text, url=url,
        canonical_url="", published=datetime(2022, 3, 1, 12, tzinfo=UTC), date_precision="day", language="en",
        language_score=1.0, author="", content_hash="", raw_sha="",
    )
    return enrich_articles([article], settings=SETTINGS)[0]


def speakers(text: str, **kwargs: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in enrich(text, **kwargs).quotes]


def sources(text: str) -> dict[str, str]:
    return {c.text: c.source for c in enrich(text).claims}


# --- entity mentions -----------------------------------------------------------------------------


def test_office_and_name_is_a_person_not_an_organisation() -> None:
    entities = enrich("President of Ukraine Volodymyr Zelenskyy met soldiers in Lviv on Tuesday.").entities
    labels = {m.text: m.label for m in entities}
    assert labels.get("Volodymyr Zelenskyy") == "PERSON"
    assert not any("Ukraine Volodymyr" in m.text for m in entities)


def test_acronym_and_surname_chain_to_the_full_name() -> None:
    entities = enrich("The Syrian National Council (SNC) met in Istanbul. The SNC said Bashar al-Assad must go. "
                      "Assad did not answer.").entities
    canonical = {m.text: m.canonical for m in entities}
    assert canonical["SNC"] == "Syrian National Council"
    assert canonical["Assad"] == "Bashar al-Assad"


def test_resolution_api_answers_for_a_title() -> None:
    text = "Prime Minister Anna Lindqvist opened the session. The Prime Minister said taxes would not rise."
    doc = load_nlp(SETTINGS)(text)
    resolution = resolve(doc, extract_entities(doc, gazetteer=gazetteer()))
    minister = next(t for t in doc if t.text == "Minister" and t.i > 5)
    assert resolution.canonical_for(minister) == "Anna Lindqvist"
    assert resolution.entity_at(text.index("Anna"), text.index("Anna") + 4).canonical == "Anna Lindqvist"


# --- quote speakers ------------------------------------------------------------------------------


def test_a_title_speaker_is_the_person_the_article_names_with_it() -> None:
    found = speakers('President of Ukraine Volodymyr Zelenskyy visited a school in Kyiv. "Children must keep '
                     'learning whatever happens," the Head of State said.')
    assert found == [("Volodymyr Zelenskyy", "Children must keep learning whatever happens,")]


def test_he_after_a_quote_is_the_speaker_named_before_not_a_name_inside_the_quote() -> None:
    found = speakers('Rebel spokesman Ahmed Omar spoke to reporters in Benghazi. "There will be no talks with '
                     'Colonel Gaddafi\'s regime," he said.')
    assert [speaker for speaker, _ in found] == ["Ahmed Omar"]


def test_he_told_is_not_the_person_he_mentions() -> None:
    found = speakers('Silvio Berlusconi defended his record on Friday. "I have spoken to Tony Blair about this '
                     'many times," he told a television interviewer.')
    assert [speaker for speaker, _ in found] == ["Silvio Berlusconi"]


def test_a_follow_on_paragraph_continues_the_previous_speaker() -> None:
    quotes = enrich('"We played well today," Maria Lopez said after the final.\n"The crowd was fantastic and '
                    'we are grateful for every fan."').quotes
    assert [(q.speaker, q.kind) for q in quotes] == [("Maria Lopez", "direct"), ("Maria Lopez", "continued")]


def test_a_quote_inside_a_quote_stays_one_quote() -> None:
    found = speakers('“We repeat every day: "Close the sky over Ukraine!" Nobody listens,” Zelenskyy said.')
    assert len(found) == 1 and "Close the sky" in found[0][1] and found[0][0] == "Volodymyr Zelenskyy"


@pytest.mark.parametrize("text", [
    'Officials said "the situation in the city remains very tense."',
    "The two leaders met in Geneva. They noted that the sanctions were unacceptable to both sides.",
    "Anna Berg and Tom Hale emphasised that the treaty must be honoured by all parties.",
])
def test_a_speaker_with_no_name_behind_it_is_left_open(text: str) -> None:
    assert [speaker for speaker, _ in speakers(text)] == [""]


def test_spokesmen_of_an_organisation_speak_for_it() -> None:
    found = speakers("A BP executive said that the company had already paid claims to thousands of fishermen.")
    assert [speaker for speaker, _ in found] == ["BP"]


def test_first_person_message_of_a_release_is_its_author() -> None:
    text = ('The message reads, in part: "I am grateful to all the teachers who work with our children every '
            'day." The President of Russia noted that schools would receive new funding this year.')
    assert [speaker for speaker, _ in speakers(text, url=KREMLIN_URL)] == ["Vladimir Putin", "Vladimir Putin"]


def test_a_headline_gives_the_office_of_the_person() -> None:
    text = "The President of China noted that trade between the two countries had reached record levels."
    found = speakers(text, url=KREMLIN_URL, title="Telephone conversation with President of China Xi Jinping")
    assert [speaker for speaker, _ in found] == ["Xi Jinping"]


# --- figure sources ------------------------------------------------------------------------------


def test_according_to_a_title_is_the_person() -> None:
    found = sources("President of Ukraine Volodymyr Zelenskyy spoke in parliament on Monday. According to the "
                    "President of Ukraine, about 500,000 people were forcibly deported.")
    assert found == {"500,000": "Volodymyr Zelenskyy"}


def test_it_said_is_the_organisation() -> None:
    found = sources("The Pentagon issued a statement on Tuesday. It said that dozens of soldiers had been wounded.")
    assert found == {"dozens": "Pentagon"}


def test_a_figure_the_text_leaves_open_does_not_borrow_the_next_clause_source() -> None:
    found = sources("At least 20 soldiers died, according to the Ukrainian army, and at least 3,000 refugees have "
                    "crossed the border.")
    assert found["3,000"] == ""
    assert found["20"] != ""


@pytest.mark.parametrize(("text", "value"), [
    ("Two policemen died in the blast. Seven others were wounded.", 7),
    ("The explosion killed three people near the market.", 3),
])
def test_numbers_in_words_that_count_people(text: str, value: int) -> None:
    assert value in [c.value for c in enrich(text).claims if c.unit == "people"]


def test_a_range_is_one_figure() -> None:
    claims = enrich("The Red Cross estimated the death toll at between 45,000 and 50,000.").claims
    assert [(c.value, c.value_max, c.source) for c in claims] == [(45_000, 50_000, "Red Cross")]


def test_an_attribution_inside_the_sentence_it_reports() -> None:
    quotes = enrich("Jane Ortiz runs a small bank in Ohio. Greed, she said, was the real cause of the crisis.").quotes
    assert [(q.speaker, q.kind) for q in quotes] == [("Jane Ortiz", "unmarked")]


def test_a_paragraph_in_marks_after_an_unmarked_quote_continues_it() -> None:
    quotes = enrich("Jane Ortiz runs a small bank in Ohio. Greed, she said, was the real cause of the crisis.\n"
                    '"Nobody lent money out of charity. They did it for profit."').quotes
    assert [q.speaker for q in quotes] == ["Jane Ortiz", "Jane Ortiz"]


def test_what_an_organisation_publishes_speaks_for_it() -> None:
    found = speakers("The senator read from an Investment Weekly article that said banks had hidden their losses "
                     "for years.")
    assert [speaker for speaker, _ in found] == ["Investment Weekly"]


def test_the_plural_role_goes_back_to_the_organisation_it_was_given() -> None:
    found = speakers("Scientists at the World Meteorological Organization said that the summer was the hottest "
                     "on record. The scientists warned that next year could be even hotter.")
    assert [speaker for speaker, _ in found] == ["World Meteorological Organization"] * 2


def test_she_skips_a_man_named_later_when_the_article_shows_her_gender() -> None:
    found = speakers("Anna Berg presented her budget on Monday. Tom Hale, the opposition leader, criticised it. "
                     '"The plan protects pensions and schools," she said.')
    assert [speaker for speaker, _ in found] == ["Anna Berg"]


def test_an_adviser_title_is_the_adviser_the_article_names() -> None:
    found = speakers("Adviser to the Head of the Presidential Office Mykola Petrenko arrived in Warsaw. "
                     '"The talks will be difficult but necessary," the Adviser said.')
    assert [speaker for speaker, _ in found] == ["Mykola Petrenko"]


@pytest.mark.parametrize(("headline", "author"), [
    ("Address by President of Ukraine Volodymyr Zelenskyy", ("Volodymyr Zelenskyy", "Ukraine")),
    ("Video address by President Emmanuel Macron", ("Emmanuel Macron", "")),
    ("Meeting with President of Brazil Lula da Silva", None),  # a meeting names the guest, not the author
])
def test_a_headline_names_the_author_of_an_address(headline: str, author: tuple[str, str] | None) -> None:
    from storyline.enrich.mentions import headline_author

    found = headline_author(headline)
    assert (found.name, found.place) == author if author else found is None
