"""Places: mentions the entity step labelled GPE/LOC/FAC, geocoded offline through the gazetteer.

Only place-labelled mentions are looked up ("CNN" is also a town). An ambiguous name takes the candidate
in a country the article mentions (Moscow, Russia over Moscow, Idaho), else the most populous one.
A city name with an administrative word ("the Lviv region", "province of Idlib") is the area, not the city:
the gazetteer's entry for the area when it has one ("Kherson region" → Kherson Oblast), else the city's
first-level division, named after the city in the country's own term ("Lviv Oblast", "Idlib Governorate")
and placed on the division's centre, not on the city; only when GeoNames knows no division does it fall
back on the city's point.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.enrich.gazetteer import Gazetteer, PlaceEntry
from storyline.records import Mention, Place

STAGE = "places.gazetteer.v1"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "district of Kyiv" is part of the city and "Washington state" not a city's area: neither word is here.
AREA_WORD = r"(region|oblast|province|governorate|prefecture|krai)"
AREA_AFTER = re.compile(r"\s+" + AREA_WORD + r"\b", re.I)
AREA_BEFORE = re.compile(r"\b" + AREA_WORD + r"\s+of\s+(?:the\s+)?$", re.I)
# One or two capitalised words beside an area word, for names the model left untagged ("the Donetsk region").
_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
AREA_NAME = re.compile(rf"(?<![\w'’-])(?P<before>{_NAME})\s+(?i:{AREA_WORD[1:-1]})\b|"
                       rf"\b(?i:{AREA_WORD[1:-1]})\s+of\s+(?:the\s+)?(?P<after>{_NAME})")
# What each country calls its first-level divisions in English, so "Lviv region" and "Lviv oblast" are one place.
AREA_TERMS = {
    **dict.fromkeys(("UA", "RU", "KZ", "KG", "TJ"), "Oblast"),
    **dict.fromkeys(("SY", "IQ", "EG", "JO", "LB", "YE", "KW", "BH", "OM", "PS", "TN"), "Governorate"),
    **dict.fromkeys(("BY", "GE", "AM", "AZ", "MD"), "Region"),
}


def extract_places(mentions: Sequence[Mention], *, gazetteer: Gazetteer, text: str = "") -> tuple[Place, ...]:
    """``text`` (the article's) lets a city name followed or preceded by "region", "province of" … be the area."""
    located = [(mention, gazetteer.place_candidates(mention.canonical)) for mention in mentions
               if mention.label in PLACE_LABELS]
    countries = {candidates[0].country for _, candidates in located if candidates and candidates[0].kind == "country"}
    return tuple(
        _place(mention, _area(mention, _choose(candidates, countries=countries), text=text, gazetteer=gazetteer))
        for mention, candidates in located if candidates
    )


def _area(mention: Mention, entry: PlaceEntry, *, text: str, gazetteer: Gazetteer) -> PlaceEntry:
    """The administrative area a city's name stands for when the text says so; else the entry itself."""
    if entry.kind != "city" or not text:
        return entry
    word = _area_word(text, mention.start, mention.end)
    if word is None:
        return entry
    area = word.group(1).lower()
    known = [e for e in gazetteer.place_candidates(f"{mention.canonical} {area}") if e.kind == "region"]
    if known:
        return known[0]
    lat, lon = gazetteer.area_centre(entry) or (entry.lat, entry.lon)
    term = AREA_TERMS.get(entry.country, "Province")
    return PlaceEntry(f"{entry.name} {term}", lat, lon, entry.country, "region", entry.population)


def _choose(candidates: Sequence[PlaceEntry], *, countries: set[str]) -> PlaceEntry:
    """The first candidate (countries and regions, then by population) unless a later one fits the context."""
    best = candidates[0]
    if best.kind != "city" or best.country in countries:
        return best
    return next((entry for entry in candidates if entry.country in countries), best)


def names_an_area(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start``..``end`` has an administrative word: "Lviv region", "province of Idlib"."""
    return _area_word(text, start, end) is not None


def area_names(text: str) -> list[tuple[int, int]]:
    """Character spans of the capitalised words beside an area word: "Donetsk" in "the Donetsk region",
    "Ukraine's Donetsk" in "Ukraine's Donetsk region" (the caller tries the last word too)."""
    spans = []
    for match in AREA_NAME.finditer(text):
        group = "before" if match.group("before") else "after"
        spans.append((match.start(group), match.end(group)))
    return spans


def _area_word(text: str, start: int, end: int) -> re.Match[str] | None:
    return AREA_AFTER.match(text, end) or AREA_BEFORE.search(text, max(0, start - 30), start)


def _place(mention: Mention, entry: PlaceEntry) -> Place:
    return Place(entry.name, entry.lat, entry.lon, entry.country, entry.kind, mention.start, mention.end,
                 mention.text, STAGE)
