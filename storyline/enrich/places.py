"""Places: mentions the entity step labelled GPE/LOC/FAC, geocoded offline through the gazetteer.

Only place-labelled mentions are looked up ("CNN" is also a town). An ambiguous name takes the candidate
in a country the article mentions (Moscow, Russia over Moscow, Idaho), else the most populous one.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.enrich.gazetteer import Gazetteer, PlaceEntry
from storyline.records import Mention, Place

STAGE = "places.gazetteer.v1"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def extract_places(mentions: Sequence[Mention], *, gazetteer: Gazetteer) -> tuple[Place, ...]:
    located = [(mention, gazetteer.place_candidates(mention.canonical)) for mention in mentions
               if mention.label in PLACE_LABELS]
    countries = {candidates[0].country for _, candidates in located if candidates and candidates[0].kind == "country"}
    return tuple(
        _place(mention, _choose(candidates, countries=countries)) for mention, candidates in located if candidates
    )


def _choose(candidates: Sequence[PlaceEntry], *, countries: set[str]) -> PlaceEntry:
    """The first candidate (countries and regions, then by population) unless a later one fits the context."""
    best = candidates[0]
    if best.kind != "city" or best.country in countries:
        return best
    return next((entry for entry in candidates if entry.country in countries), best)


def _place(mention: Mention, entry: PlaceEntry) -> Place:
    return Place(entry.name, entry.lat, entry.lon, entry.country, entry.kind, mention.start, mention.end,
                 mention.text, STAGE)
