"""Numbers that are not dates stay numbers; real years, decades and dates still resolve (issue 8, item 5)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storyline.enrich import enrich_articles
from storyline.enrich.times import FIRST_YEAR, YEARS_AHEAD, resolve
from storyline.records import Article, TimeExpr
from storyline.settings import Settings

PUBLISHED = datetime(2022, 2, 28, 12, tzinfo=UTC)
MONDAY = PUBLISHED.date()
SETTINGS = Settings.load({"enrich": False})


def times(text: str, *, published: datetime | None = PUBLISHED) -> list[TimeExpr]:
    article = Article(
        id="t" + str(abs(hash(text)))[:10], source="test", format="text", title="", text=text, url="",
        canonical_url="", published=published, date_precision="day", language="en", language_score=1.0,
        author="", content_hash="", raw_sha="",
    )
    return list(enrich_articles([article], settings=SETTINGS)[0].times)


def years(text: str) -> set[str]:
    return {t.value[:4] for t in times(text)}


@pytest.mark.parametrize(("text", "number"), [
    ("The region now has 1570 educational institutions, the governor reported.", "1570"),
    ("In Kursk, 2000 people were evacuated from the border villages.", "2000"),
    ("A total of 1995 families received the new payments.", "1995"),
    ("For details, call the hotline at 8 800 200-1648 or write to the ministry.", "1648"),
    ("Decree No. 1648 was signed on the recommendation of the Government.", "1648"),
])
def test_a_number_that_counts_or_continues_a_number_is_no_year(text: str, number: str) -> None:
    assert number not in years(text)


def test_an_ordinal_is_not_a_year() -> None:
    found = times("Today is the 83rd day of the war, the minister said.")
    assert "1983" not in {t.value[:4] for t in found}
    assert all(t.text != "the 83rd day" for t in found)


@pytest.mark.parametrize("text", [
    "The Pereyaslav Rada was convened in 1654 to decide the matter.",
    "The archive holds the treaty of 24 February 1654 between the two states.",
])
def test_years_before_the_window_are_not_dates(text: str) -> None:
    assert not any(int(t.value[:4]) < FIRST_YEAR for t in times(text))


@pytest.mark.parametrize(("text", "surface", "value", "granularity"), [
    ("Crimea was reunited with Russia in 2014, the President recalled.", "2014", "2014-01-01", "year"),
    ("NATO has expanded eastwards since 1991, he said.", "1991", "1991-01-01", "year"),
    ("The talks broke down in March 2022 after two rounds.", "March 2022", "2022-03-01", "month"),
    ("The economy suffered badly in the 1990s, the minister said.", "the 1990s", "1990-01-01", "decade"),
    ("The year 1995 was a hard one for the region.", "The year 1995", "1995-01-01", "year"),
    ("Emissions are to reach zero by 2050 under the plan.", "2050", "2050-01-01", "year"),
    ("Sales rose from 2014 to 2021, the company said.", "2021", "2021-01-01", "year"),
    ("The 2014 referendum in Crimea was discussed.", "2014", "2014-01-01", "year"),
])
def test_years_with_year_evidence_still_resolve(text: str, surface: str, value: str, granularity: str) -> None:
    found = {(t.text.lower(), t.value, t.granularity) for t in times(text)}
    assert (surface.lower(), value, granularity) in found


def test_the_window_follows_the_publication_date() -> None:
    last = MONDAY.year + YEARS_AHEAD
    assert resolve(f"by {last}", reference=MONDAY, context=MONDAY) is not None
    assert resolve(f"by {last + 1}", reference=MONDAY, context=MONDAY) is None
    assert resolve("in 1899", reference=MONDAY, context=MONDAY) is None
    assert resolve("in 1900", reference=date(2009, 6, 1), context=None) is not None


@pytest.mark.parametrize("phrase", ["12", "1570", "the 83rd day", "83rd", "the 21st century", "March 1654",
                                    "May 0000", "0000-01-01", "the next decade", "about a decade", "a decade"])
def test_phrases_that_name_no_plausible_date(phrase: str) -> None:
    assert resolve(phrase, reference=MONDAY, context=MONDAY) is None


def test_a_decade_ago_is_a_year() -> None:
    resolved = resolve("a decade ago", reference=MONDAY, context=MONDAY)
    assert resolved is not None and (resolved.value, resolved.granularity) == ("2012-01-01", "year")


def test_a_day_ordinal_is_still_a_day() -> None:
    resolved = resolve("the 24th", reference=MONDAY, context=MONDAY)
    assert resolved is not None and resolved.value == "2022-02-24"


# --- direction: a weekday ahead of or behind the publication (issue 10, item 4) -------------------


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("Tomorrow, Kyiv hosts the talks; on Friday, the delegations travel to Istanbul.", "Friday", "2022-03-04"),
    ("Tomorrow the delegations meet again, and on Friday the ministers are expected to sign the agreement.",
     "Friday", "2022-03-04"),
    ("He is going to visit Minsk on Friday.", "Friday", "2022-03-04"),
    ("The summit is scheduled for Friday.", "Friday", "2022-03-04"),
    ("The delegations will meet again on Thursday, officials said.", "Thursday", "2022-03-03"),
    # a past clause keeps its weekday in the past even when the sentence also looks ahead
    ("The talks began on Thursday and will resume tomorrow.", "Thursday", "2022-02-24"),
    ("The President met the Chancellor on Friday and will fly to Paris tomorrow.", "Friday", "2022-02-25"),
    ("The minister said on Thursday that the delegations will meet next week.", "Thursday", "2022-02-24"),
])
def test_a_weekday_follows_its_clause_s_tense(text: str, surface: str, value: str) -> None:
    assert (surface, value) in {(t.text, t.value) for t in times(text)}


@pytest.mark.parametrize(("text", "surface"), [
    ("Considering that the 1997 documents declared that Russia and NATO are not adversaries.", "1997"),
    ("This is what we already have in the budget for 2022, the minister said.", "2022"),
    ("Supplies of natural gas to Hungary are guaranteed through to 2036.", "2036"),
    ("Demand fell by ten percent compared to 2020, the company said.", "2020"),
    ("The Customs Service Development Strategy to 2030 was approved.", "2030"),
])
def test_more_year_evidence(text: str, surface: str) -> None:
    assert surface in {t.value[:4] for t in times(text) if t.text == surface}
