"""Regressions from the attribution audit: datelines are not names, a titled person is not a place, and a
city's name with "region"/"province of" is the administrative area, not the city."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.enrich import enrich_articles
from storyline.enrich.entities import Draft, _without_dateline
from storyline.records import Article, Enrichment
from storyline.settings import Settings


def enrich(text: str) -> Enrichment:
    article = Article(id="t", source="test", format="text", title="Test", text=text, url="", canonical_url="",
                      published=datetime(2011, 10, 18, tzinfo=UTC), date_precision="day", language="en",
                      language_score=1.0, author="", content_hash="t", raw_sha="")
    [enrichment] = enrich_articles([article], settings=Settings.load({}))
    return enrichment


def names(enrichment: Enrichment) -> set[tuple[str, str]]:
    return {(mention.text, mention.label) for mention in enrichment.entities}


@pytest.mark.parametrize("text", [
    "PARIS | Tue Oct 18 , 2011 9:02 am BST PARIS -LRB- Reuters -RRB- - Farmers blocked roads across France on "
    "Tuesday , the interior ministry said .",
    "LONDON | Tue Oct 18 , 2011 3:45 pm BST LONDON -LRB- Reuters -RRB- - The Bank of England kept rates on hold .",
    "BERLIN | Tue Oct 18 , 2011 7:12 am EDT BERLIN -LRB- Reuters -RRB- - German Chancellor Angela Merkel said on "
    "Tuesday the euro would survive .",
    "Tue Oct 18, 2011 4:10pm BST\n\nLONDON (Reuters) - Shares fell sharply on Tuesday, traders said.",
])
def test_dateline_words_are_not_names(text: str) -> None:
    found = enrich(text).entities
    assert not [m for m in found if m.label in {"PERSON", "ORG"} and m.text != "Reuters"
                and any(word in m.text for word in ("Tue", "Oct", "BST", "EDT", "-RRB-", "-LRB-"))], found
    city = text.split(" ", 1)[0].rstrip(",") if text[0].isupper() and "|" in text else "LONDON"
    assert all(m.label == "GPE" for m in found if m.text == city)


def test_agency_and_place_apart() -> None:
    found = names(enrich("Reuters Paris - French farmers blocked roads on Tuesday, the ministry said."))
    assert {("Reuters", "ORG"), ("Paris", "GPE"), ("French", "NORP")} <= found
    assert not any(" - " in text or text.startswith("Reuters ") for text, _ in found)


def test_date_words_stay_in_real_names() -> None:
    """A month or weekday word alone in a name is kept: "Sunday Times", "Theresa May"."""
    assert _without_dateline(Draft("Sunday Times", "ORG", "Sunday Times", 0, 12)) == \
        [Draft("Sunday Times", "ORG", "Sunday Times", 0, 12)]
    assert [d.text for d in _without_dateline(Draft("Theresa May", "PERSON", "Theresa May", 5, 16))] == \
        ["Theresa May"]
    assert _without_dateline(Draft("Tue Oct 18", "PERSON", "Tue Oct 18", 0, 10)) == []


def test_a_titled_person_is_never_geocoded() -> None:
    enrichment = enrich("President Bush told reporters in Washington that the talks would continue. "
                        "Bush said he was hopeful.")
    assert {(m.text, m.label) for m in enrichment.entities if m.text == "Bush"} == {("Bush", "PERSON")}
    assert [place.name for place in enrichment.places] == ["Washington"]


def test_region_and_province_are_the_area_not_the_capital() -> None:
    enrichment = enrich("Shelling hit the Lviv region overnight, the governor said. Fighting continued in the "
                        "province of Idlib, activists said. In Lviv itself the streets were calm.")
    by_text = [(place.text, place.name, place.kind, place.country) for place in enrichment.places]
    assert by_text[0] == ("Lviv", "Lviv Oblast", "region", "UA")
    assert by_text[1] == ("Idlib", "Idlib Governorate", "region", "SY")
    assert by_text[2] == ("Lviv", "Lviv", "city", "UA")


def test_a_known_area_keeps_its_own_entry() -> None:
    [place] = [p for p in enrich("Russian forces shelled the Kherson region on Monday.").places]
    assert (place.name, place.kind) == ("Kherson Oblast", "region")
