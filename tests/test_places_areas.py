"""A city's name with an area word ("the Lviv region", "province of Idlib", "Homs governorate") is placed on
the first-level division, at the division's centre, under one name whatever the word; a bare city name stays
the city (issue 10, point 4)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.enrich import enrich_articles
from storyline.enrich.gazetteer import gazetteer
from storyline.enrich.places import area_names
from storyline.records import Article, Place
from storyline.settings import Settings

# Rough outlines (south, north, west, east) of the divisions, from their maps: the centre must fall inside.
LVIV_OBLAST = (48.7, 50.7, 22.6, 25.5)
KHARKIV_OBLAST = (48.5, 50.5, 34.8, 38.1)
DONETSK_OBLAST = (46.9, 49.3, 36.5, 39.0)
IDLIB_GOVERNORATE = (35.3, 36.4, 36.1, 37.0)
HOMS_GOVERNORATE = (33.3, 35.3, 36.2, 39.5)
KYIV_OBLAST = (49.2, 51.6, 29.2, 32.2)


def places(text: str) -> list[Place]:
    article = Article(
        id="t",
        source="test",
        format="text",
        title="Test",
        text=text,
        url="",
        canonical_url="",
        published=datetime(2022, 3, 1, tzinfo=UTC),
        date_precision="day",
        language="en",
        language_score=1.0,
        author="",
        content_hash="t",
        raw_sha="",
    )
    [enrichment] = enrich_articles([article], settings=Settings.load({}))
    return list(enrichment.places)


def city(name: str) -> tuple[float, float]:
    entry = next(e for e in gazetteer().place_candidates(name) if e.kind == "city")
    return entry.lat, entry.lon


@pytest.mark.parametrize(
    ("text", "name", "country", "outline"),
    [
        ("Shelling hit the Lviv region overnight.", "Lviv Oblast", "UA", LVIV_OBLAST),
        ("Russian troops advanced in the Kharkiv oblast on Monday.", "Kharkiv Oblast", "UA", KHARKIV_OBLAST),
        ("Fighting raged in the Donetsk region.", "Donetsk Oblast", "UA", DONETSK_OBLAST),
        ("Rebels hold the province of Idlib.", "Idlib Governorate", "SY", IDLIB_GOVERNORATE),
        ("Troops entered Idlib province on Friday.", "Idlib Governorate", "SY", IDLIB_GOVERNORATE),
        ("Clashes were reported in Homs governorate.", "Homs Governorate", "SY", HOMS_GOVERNORATE),
        ("Aid reached the governorate of Homs.", "Homs Governorate", "SY", HOMS_GOVERNORATE),
        ("The Kyiv region was liberated at the end of March.", "Kyiv Oblast", "UA", KYIV_OBLAST),
    ],
)
def test_an_area_is_placed_on_its_division(
    text: str, name: str, country: str, outline: tuple[float, float, float, float]
) -> None:
    [place] = places(text)
    assert (place.name, place.kind, place.country) == (name, "region", country)
    south, north, west, east = outline
    assert south <= place.lat <= north and west <= place.lon <= east
    assert (place.lat, place.lon) != city(place.text)  # the division's centre, not its capital's point


def test_homs_governorate_reaches_east_of_its_capital() -> None:
    """Homs lies at the western edge of its governorate, which runs into the desert to Palmyra and beyond."""
    [place] = places("Clashes were reported in Homs governorate.")
    assert place.lon > city("Homs")[1] + 0.3


def test_kyiv_region_is_the_oblast_around_the_city() -> None:
    """Kyiv is a division of its own; "the Kyiv region" is Kyiv Oblast around it, not the city's districts."""
    [place] = places("The Kyiv region was liberated at the end of March.")
    lat, lon = city("Kyiv")
    assert abs(place.lat - lat) + abs(place.lon - lon) > 0.15


def test_region_and_oblast_are_one_place() -> None:
    one, other = places("Shelling hit the Kharkiv region. Later the Kharkiv oblast was calm.")
    assert (one.name, one.lat, one.lon) == (other.name, other.lat, other.lon)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("In Lviv the streets were calm.", "Lviv"),
        ("Explosions were heard in a district of Kyiv on Monday.", "Kyiv"),
        ("Protesters gathered in Homs after Friday prayers.", "Homs"),
    ],
)
def test_a_bare_city_stays_the_city(text: str, name: str) -> None:
    [place] = places(text)
    assert (place.name, place.kind, (place.lat, place.lon)) == (name, "city", city(name))


def test_area_names_finds_both_orders() -> None:
    text = "fighting in Ukraine's Donetsk region and in the province of Idlib, not in the region"
    assert [text[start:end] for start, end in area_names(text)] == ["Ukraine's Donetsk", "Idlib"]
