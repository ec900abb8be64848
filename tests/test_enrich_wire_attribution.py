"""Wire-story attribution (issue 10): quotes split by their attribution, "quoted … as saying", agencies and
datelines, pronouns and titles resolved to the person or organisation named, figures in words and with scales,
and the entity names a wire story trips the model on. The real model and pipeline run on every case."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.enrich import enrich_articles
from storyline.records import Article, Claim, Enrichment, Quote
from storyline.settings import Settings

SETTINGS = Settings.load({"enrich": False})


def enrich(text: str) -> Enrichment:
    article = Article(
        id="w" + str(abs(hash(text)))[:10], source="test", format="text", title="", text=text, url="",
        canonical_url="", published=datetime(2011, 3, 1, 12, tzinfo=UTC), date_precision="day", language="en",
        language_score=1.0, author="", content_hash="", raw_sha="",
    )
    return enrich_articles([article], settings=SETTINGS)[0]


def quotes(text: str) -> list[Quote]:
    return list(enrich(text).quotes)


def figures(text: str) -> dict[str, Claim]:
    return {claim.text: claim for claim in enrich(text).claims}


def entities(text: str) -> dict[str, tuple[str, str]]:
    return {mention.text: (mention.label, mention.canonical) for mention in enrich(text).entities}


# --- quotes split by their attribution -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('LONDON (Reuters) - BP shares fell on Monday.\n"We are not going to sell the refinery," Chief Executive '
         'Tony Hayward said. "It is a core part of our business."', "Tony Hayward"),
        ('Italian Prime Minister Silvio Berlusconi defended his record on Tuesday.\n"I have done nothing wrong," he '
         'said. "The judges are against me and everyone knows it."', "Silvio Berlusconi"),
    ],
)
def test_a_quote_split_by_its_attribution_is_two_quotes_of_one_speaker(text: str, speaker: str) -> None:
    found = [quote for quote in quotes(text) if quote.kind == "direct"]
    assert [quote.speaker for quote in found] == [speaker, speaker]
    assert found[1].text.startswith(("It is", "The judges"))


def test_a_second_quote_after_narration_is_not_the_first_speaker_s() -> None:
    text = ('"We will win," Tony Hayward said. Shares rose after the statement, and analysts were pleased. '
            '"This changes nothing for us," a trader in London said.')
    assert [quote.speaker for quote in quotes(text)][-1] == ""


def test_the_full_stop_of_an_abbreviation_does_not_part_a_quote_from_its_speaker() -> None:
    text = ('"One of the big challenges with influenza viruses is the way that they change," Dr. Anne Schuchat of the '
            "U.S. Centers for Disease Control and Prevention told a news briefing on Saturday.")
    assert [quote.speaker for quote in quotes(text)] == ["Anne Schuchat"]


def test_a_subject_inside_another_quote_does_not_speak() -> None:
    text = ('"It is reported as bubonic plague," Jabbour said, adding WHO still did not have "a full picture" of the '
            "situation.")
    assert [quote.speaker for quote in quotes(text)] == ["Jabbour", "Jabbour"]


# --- who speaks: the one quoted, the agency, never the dateline ----------------------------------


def test_quoted_as_saying_is_the_person_quoted() -> None:
    text = ("Syrian state television quoted Foreign Minister Walid al-Moualem as saying the government would not "
            "accept foreign interference.")
    assert [quote.speaker for quote in quotes(text)] == ["Walid al-Moualem"]


@pytest.mark.parametrize(
    "text",
    [
        "DAMASCUS (Reuters) - Syrian forces shelled the city of Homs on Friday, killing 12 people, state news "
        "agency SANA said.",
        'DAMASCUS (Reuters) - Security forces killed an "armed terrorist group" in Homs, the state news agency '
        "SANA said on Friday.",
    ],
)
def test_the_state_news_agency_speaks_by_its_name_and_is_no_town(text: str) -> None:
    assert [quote.speaker for quote in quotes(text)] == ["SANA"]
    assert entities(text)["SANA"] == ("ORG", "SANA")


def test_a_dateline_city_never_speaks() -> None:
    text = "MOSCOW (Reuters) - said it would respond to the sanctions. Russia warned the West on Friday."
    assert all(quote.speaker != "Moscow" for quote in quotes(text))


def test_the_agency_of_the_dateline_is_not_the_company() -> None:
    text = ('LONDON (Reuters) - Oil company BP said on Tuesday it would cut its dividend. "We are confident in our '
            'plan," the company said in a statement.')
    found = quotes(text)
    assert [quote.speaker for quote in found] == ["BP", "BP"]
    assert found[0].text == "it would cut its dividend"  # "on Tuesday" says when BP spoke


def test_the_date_of_a_dateline_is_no_figure() -> None:
    text = "KABUL, Aug 6 (Reuters) - Taliban insurgents shot down a helicopter, killing 30 U.S. troops, officials said."
    assert set(figures(text)) == {"30"}


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("U.S. official says BP spill fines should go to Gulf NEW ORLEANS | Tue Sep 28, 2010 8:50 pm EDT NEW ORLEANS "
         "(Reuters) - A large portion of fines that BP Plc may pay should go toward fixing the damage caused to Gulf "
         "Coast states, a federal official said on Tuesday.", "A large portion of fines"),
        ("WRAPUP 11-BP says test shuts off oil leak from Gulf well HOUSTON, July 15 (Reuters) - BP Plc said on "
         "Thursday no oil was leaking into the Gulf of Mexico for the first time since April.", "no oil was leaking"),
    ],
)
def test_a_headline_before_the_dateline_is_neither_speaker_nor_part_of_the_lead(text: str, lead: str) -> None:
    found = quotes(text)
    assert not any("Reuters" in quote.text or "|" in quote.speaker for quote in found)
    assert any(quote.text.startswith(lead) for quote in found)
    assert "11" not in figures(text)


def test_the_who_is_no_relative_pronoun() -> None:
    text = ("The World Health Organization met on Monday. Developing countries lack the drugs to respond to the flu "
            "that the WHO has said could be especially dangerous for people with HIV.")
    assert [quote.speaker for quote in quotes(text)] == ["World Health Organization"]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("BP, which said on Monday it had spent about $3.95 billion so far on the oil spill, agreed to set up a fund.",
         ["BP"]),
        ("Oil giant BP said on Tuesday it had sealed the well. The London-based energy giant said its engineers were "
         "working with government scientists.", ["BP", "BP"]),
        ("The budget gaps total at least 11 billion dollars, according to the Center on Budget and Policy Priorities. "
         "The center said the gaps would grow.", ["Center on Budget and Policy Priorities"] * 2),
    ],
)
def test_which_and_the_giant_are_the_organisation(text: str, speakers: list[str]) -> None:
    assert [quote.speaker for quote in quotes(text)] == speakers


# --- pronouns and titles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The Syrian National Council called for foreign help on Monday. It said that dozens of soldiers had been "
         "wounded in the fighting.", "Syrian National Council"),
        ('Hamas, the Islamist group that rules Gaza, rejected the offer. "We will not recognise Israel," they said '
         "in a statement.", "Hamas"),
        ("The Free Syrian Army said its fighters had captured a checkpoint near Idlib. They said six soldiers were "
         "killed.", "Free Syrian Army"),
    ],
)
def test_it_and_they_are_the_organisation_named_as_subject(text: str, speaker: str) -> None:
    assert quotes(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Italian Prime Minister Silvio Berlusconi said on Sunday he would not resign. "I\'ve spoken to (Tony) Blair '
         'about this," he told a TV interviewer.', "Silvio Berlusconi"),
        ("Abdel Hafiz Ghoga, spokesman for the rebel National Transitional Council, spoke in Benghazi.\n\"There is "
         "no, and was no, negotiation on a cease-fire with Colonel Gaddafi's dictatorship,\" he said.",
         "Abdel Hafiz Ghoga"),
        ("French President Nicolas Sarkozy met German Chancellor Angela Merkel in Berlin. Sarkozy praised Merkel's "
         'plan.\n"This is a historic day for Europe," he said.', "Nicolas Sarkozy"),
    ],
)
def test_he_is_the_salient_man_not_the_one_he_talks_about(text: str, speaker: str) -> None:
    assert quotes(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Turkish President Abdullah Gul visited the school on Monday.\n"Education must go on," the Head of State '
         "said.", "Abdullah Gul"),
        ('Egyptian President Hosni Mubarak met the army chief on Sunday.\n"We will not allow chaos," the President '
         "said.", "Hosni Mubarak"),
        ('"The government has misled the House," said Conservative member of parliament John Baron.', "John Baron"),
        ("U.S. Senator Joe Lieberman, who chairs the homeland security committee, told CNN on Sunday that the "
         "United States should arm the rebels.", "Joe Lieberman"),
    ],
)
def test_a_title_is_the_person_the_article_names(text: str, speaker: str) -> None:
    assert [quote.speaker for quote in quotes(text)] == [speaker]


def test_a_surname_the_model_left_untagged_is_the_person_named_in_full() -> None:
    text = ('"We have not been able to stop the flow," said Doug Suttles, the oil giant\'s chief operating officer.\n'
            "Suttles said it could take four days or longer to show results.")
    assert [quote.speaker for quote in quotes(text)] == ["Doug Suttles", "Doug Suttles"]


def test_she_after_an_untagged_surname_is_that_person() -> None:
    text = ('"We think this virus is in most of the United States," Dr. Anne Schuchat of the U.S. Centers for Disease '
            "Control and Prevention told a news briefing.\nSchools in the capital will reopen on Monday.\n"
            "Schuchat said it is not yet clear whether the measures have slowed the outbreak, but she said it was "
            "clear that early detection had alerted the world.")
    assert [quote.speaker for quote in quotes(text)] == ["Anne Schuchat"] * 3


def test_a_nationality_names_no_one() -> None:
    text = ('"The situation is very bad," a Western diplomat told Reuters. Another diplomat, Jean Dupont, told Reuters '
            "the talks had failed.")
    assert [quote.speaker for quote in quotes(text)] == ["", "Jean Dupont"]


def test_several_people_none_named_are_no_speaker() -> None:
    text = ('"It appears that BP repeatedly chose risky procedures in order to reduce costs," two U.S. lawmakers '
            "wrote in a letter.")
    assert [quote.speaker for quote in quotes(text)] == [""]


# --- figures -------------------------------------------------------------------------------------


def test_numbers_in_words_are_figures() -> None:
    found = figures("A car bomb in Baghdad killed three people on Sunday. Seven others were wounded.")
    assert (found["three"].value, found["three"].unit) == (3, "people")
    assert (found["Seven"].value, found["Seven"].predicate) == (7, "wounded")


@pytest.mark.parametrize(
    ("text", "number", "value", "unit"),
    [
        ("The well leaked an estimated 5m barrels of oil into the Gulf, the government said.", "5m", 5e6, "barrels"),
        ("The bank raised 3.5bn euros from investors, it said on Monday.", "3.5bn", 3.5e9, "EUR"),
        ("BP said on Tuesday it had spent $3.12bn on the spill and would sell assets worth 5bn euros.", "5bn", 5e9,
         "EUR"),
    ],
)
def test_a_scaled_amount_keeps_its_scale_and_unit(text: str, number: str, value: float, unit: str) -> None:
    found = figures(text)[number]
    assert (found.value, found.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("The blast killed 12 people and wounded 30 others, the Syrian Observatory for Human Rights said.",
         {"12": "Syrian Observatory for Human Rights", "30": "Syrian Observatory for Human Rights"}),
        ("At least 40 people were killed on Friday, according to the Syrian Observatory for Human Rights.",
         {"40": "Syrian Observatory for Human Rights"}),
        ("At least 40 people were killed on Friday, according to figures from the Syrian Observatory for Human "
         "Rights.", {"40": "Syrian Observatory for Human Rights"}),
        ("At least 40 people were killed on Friday, according to United Nations estimates.", {"40": "United Nations"}),
        ("NATO said its aircraft struck a command centre in Tripoli. It said that dozens of soldiers had been "
         "wounded.", {"dozens": "NATO"}),
        ("Spokesmen for the Libyan opposition said 200 fighters had been killed in Misrata.",
         {"200": "Libyan opposition"}),
        ("DAMASCUS (Reuters) - Syrian forces shelled the city of Homs on Friday, killing 12 people, state news "
         "agency SANA said.", {"12": "SANA"}),
        ("The opposition Syrian Observatory for Human Rights said 15 people were killed, including three children.",
         {"15": "Syrian Observatory for Human Rights", "three": "Syrian Observatory for Human Rights"}),
    ],
)
def test_the_source_of_a_wire_figure(text: str, sources: dict[str, str]) -> None:
    assert {number: claim.source for number, claim in figures(text).items()} == sources


# --- entity names --------------------------------------------------------------------------------


def test_abbas_is_no_possessive_of_a_town() -> None:
    found = entities("Palestinian President Mahmoud Abbas met Hamas leaders in Cairo. Abbas said the talks were "
                     "useful.")
    assert found["Abbas"] == ("PERSON", "Mahmoud Abbas")
    assert found["Mahmoud Abbas"] == ("PERSON", "Mahmoud Abbas")


def test_hamas_is_an_organisation_not_a_german_town() -> None:
    enrichment = enrich("Hamas, the Islamist group that rules Gaza, rejected the offer. A Hamas official said the "
                        "group would fight on.")
    assert {(m.text, m.label) for m in enrichment.entities if m.text == "Hamas"} == {("Hamas", "ORG")}
    assert "Hamm" not in {place.name for place in enrichment.places}
    assert enrichment.quotes[-1].speaker == "Hamas"


def test_a_photo_credit_is_no_name() -> None:
    found = entities("Rebels fight in Brega. REUTERS/Goran Tomasevic\nRebel fighters advanced on the oil town on "
                     "Monday.")
    assert set(found) == {"Brega"}


def test_a_leading_article_is_no_part_of_a_name() -> None:
    found = entities("He joined a Free Syrian Army brigade. A Reuters reporter saw the bodies.")
    assert found["Free Syrian Army"] == ("ORG", "Free Syrian Army")
    assert not any(name.lower().startswith(("a ", "an ")) for name in found)


def test_estimates_by_a_newspaper_are_the_newspaper_s() -> None:
    text = ("Jackson is estimated to have made more than $1bn since his death, according to estimates by music "
            "newspaper Billboard.")
    assert figures(text)["$1bn"].source == "Billboard"


def test_a_dateline_city_in_capitals_is_still_the_city() -> None:
    found = entities("ZURICH (Reuters) - A patient in Denmark showed resistance to Tamiflu, Roche said.")
    assert found["ZURICH"] == ("GPE", "Zürich")


def test_an_organisation_the_model_missed_is_named_by_its_noun() -> None:
    assert entities("Oil company BP said on Tuesday it would cut its dividend.")["BP"] == ("ORG", "BP")


# --- round 4: unnamed institutions, counted number words, datelines, transcript turns, articles -----


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("BAGHDAD (Reuters) - A car bomb killed 12 people in Baghdad on Monday, the interior ministry said.",
         "interior ministry"),
        ("A roadside bomb killed five people in Mosul, Iraqi police said.", "Iraqi police"),
        ("The foreign ministry said in a statement that the talks would resume next week.", "foreign ministry"),
        ("Meanwhile , in the US on Wednesday , the interior department said it was set to require oil companies to "
         "plug 3,500 non-producing oil wells in the Gulf of Mexico .", "interior department"),  # bpoil, BBC
        ("In the Washington area , Alexandria police said there have been more shoplifting reports nearly every "
         "month this year .", "Alexandria police"),  # finan, Washington Post
    ],
)
def test_an_institution_the_article_names_only_by_its_office_speaks_as_written(text: str, speaker: str) -> None:
    found = quotes(text)
    assert [quote.speaker for quote in found] == [speaker]
    assert "Reuters" not in found[0].text
    assert all(claim.source == speaker for claim in figures(text).values())


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said the talks would resume next week.",  # which ministry, the text does not say
        "Our government said the talks would resume next week.",
        "Iraqi authorities said the talks would resume next week.",  # an unnamed collective (ATTRIBUTION.md)
    ],
)
def test_a_bare_or_collective_office_stays_open(text: str) -> None:
    assert [quote.speaker for quote in quotes(text)] == [""]


def test_number_words_count_things_not_only_people() -> None:
    found = figures("Rebels destroyed seven tanks near Misrata on Sunday. Three ships were seized by the navy.")
    assert (found["seven"].value, found["seven"].subject, found["seven"].predicate) == (7, "tanks", "destroyed")
    assert (found["Three"].value, found["Three"].subject, found["Three"].predicate) == (3, "ships", "seized")


@pytest.mark.parametrize(
    "text",
    [
        "One of the leaders said the talks had failed. No one was hurt.",
        "The two leaders met in Paris on Monday and signed a deal.",
        "The navy said its three ships returned to port after two weeks at sea.",
        "Russia is sticking firm to two demands in the talks.",
    ],
)
def test_number_words_that_count_nothing_new_are_no_figures(text: str) -> None:
    assert not [claim for claim in enrich(text).claims if claim.text.lower() in {"one", "two", "three"}]


def test_the_lead_glued_to_its_dateline_speaks_for_its_subject() -> None:
    text = "LONDON (Reuters) - BP Plc said on Monday it would sell assets worth $7 billion to pay for the spill."
    found = quotes(text)
    assert [(quote.speaker, quote.text[:14]) for quote in found] == [("BP", "it would sell ")]
    assert figures(text)["$7 billion"].source == "BP"


def test_a_quote_that_is_a_whole_transcript_turn_is_the_turn_s_speaker() -> None:
    text = ('The U.N. chief spoke to reporters after the meeting.\nBan Ki-moon: "We must act now to stop the violence '
            'in Syria."\nThe council will meet again on Friday.')
    found = quotes(text)
    assert [(quote.speaker, quote.kind) for quote in found] == [("Ban Ki-moon", "direct")]
    assert found[0].text.startswith("We must act")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The Fed said on Tuesday it would keep rates low for an extended period.", "Fed"),
        ("A Los Angeles judge said he did not have the authority to ban the doctor.", ""),
        ("A senior BP insider said the leak was a massive blow to confidence in the company.", "BP"),
    ],
)
def test_a_speaker_is_a_name_without_its_article_or_no_one(text: str, speaker: str) -> None:
    assert [quote.speaker for quote in quotes(text)] == [speaker]


def test_a_government_named_by_its_country_speaks_without_its_article() -> None:
    text = "The Singapore government said it was looking to invest in more distressed assets in the United States."
    assert [quote.speaker for quote in quotes(text)] == ["Singapore government"]


def test_the_article_of_an_office_s_holder_is_no_part_of_the_office() -> None:
    text = ("Police arrested a financial operative in Sinaloa state on Saturday, the attorney general's office said "
            "in a statement.")
    assert [quote.speaker for quote in quotes(text)] == ["attorney general's office"]


def test_a_multiple_is_no_count() -> None:
    assert "four" not in figures("The city has four times the population it had in 1990, officials said.")
