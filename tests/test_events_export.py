"""Export shapes: GDELT 2.0 event columns, ACLED columns, PLOVER JSON; written as JSONL, CSV and Parquet."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from storyline.events.export import acled_row, gdelt_row, plover_record, rows
from storyline.events.merge import merge_events
from storyline.events.plover import ontology
from storyline.exports import write_rows
from storyline.records import Actor, Event, Place

KHARKIV = Place(name="Kharkiv", lat=49.98, lon=36.25, country="UA", kind="city", start=0, end=7, text="Kharkiv")
SOURCES = {"a": {"url": "https://example.org/a", "title": "A", "source": "Reuters"},
           "b": {"url": "https://example.org/b", "title": "B", "source": "AP"}}


def merged(kind: str = "ASSAULT", mode: str = "", *, killed: float = 24):
    events = [
        Event(type=kind, mode=mode, actor=Actor("Russian forces", "RUS", "MIL"),
              recipient=Actor("Kharkiv", "UKR", "GOV"),
              date="2022-02-28", date_precision="day", article_id=article, sentence_start=0, sentence_end=31,
              sentence="Russian forces shelled Kharkiv.", confidence=0.9, place=KHARKIV,
              figures={"killed": killed}, trigger="shelled", contexts=("military",))
        for article in ("a", "b")
    ]
    return merge_events(events)[0]


def test_gdelt_row_has_exactly_the_gdelt_columns() -> None:
    row = gdelt_row(merged(), sources=SOURCES)
    assert list(row) == ontology()["gdelt_columns"]
    assert len(row) == 61
    assert (row["EventCode"], row["EventRootCode"], row["QuadClass"]) == ("180", "18", 4)
    assert row["GoldsteinScale"] < 0
    assert (row["Actor1CountryCode"], row["Actor2CountryCode"]) == ("RUS", "UKR")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (2, 2, 2)
    assert row["ActionGeo_FullName"] == "Kharkiv" and row["SOURCEURL"] == "https://example.org/a"


@pytest.mark.parametrize(("kind", "mode", "code"), [("CONSULT", "phone", "041"), ("SANCTION", "", "160"),
                                                    ("REQUEST", "", "100"), ("COERCE", "arrest", "173")])
def test_cameo_code_from_the_crosswalk(kind: str, mode: str, code: str) -> None:
    assert gdelt_row(merged(kind, mode), sources=SOURCES)["EventCode"] == code


def test_acled_row() -> None:
    row = acled_row(merged(), sources=SOURCES)
    assert set(row) == {"event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "location",
                        "latitude", "longitude", "geo_precision", "time_precision", "fatalities", "source", "notes"}
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")
    assert (row["country"], row["location"], row["fatalities"]) == ("Ukraine", "Kharkiv", 24)
    assert row["source"] == "AP; Reuters"
    categories = {tuple(pair) for pair in ontology()["acled_categories"]}
    assert (row["event_type"], row["sub_event_type"]) in categories
    assert acled_row(merged("CONSULT"), sources=SOURCES) is None  # ACLED does not record meetings


def test_plover_record() -> None:
    record = plover_record(merged(), sources=SOURCES)
    for key in ("id", "date", "actor", "event"):  # the manual's required fields
        assert record[key]
    assert record["event"] == ["ASSAULT"] and record["actor"][0]["code"] == "RUS"
    assert record["event_loc"]["name"] == "Kharkiv" and record["size"] == {"killed": 24}
    assert [cite["url"] for cite in record["cite_info"]] == ["https://example.org/a", "https://example.org/b"]


@pytest.mark.parametrize("shape", ["plover", "gdelt", "acled"])
def test_every_format_writes(shape: str, tmp_path) -> None:
    shaped = rows([merged(), merged("CONSULT", "phone")], shape=shape, sources=SOURCES)
    assert write_rows(shaped, format="jsonl", out=tmp_path / "e.jsonl") == len(shaped)
    first = json.loads((tmp_path / "e.jsonl").read_text().splitlines()[0])
    assert first[{"plover": "date", "gdelt": "SQLDATE", "acled": "event_date"}[shape]]
    write_rows(shaped, format="csv", out=tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8") as stream:
        assert len(list(csv.DictReader(stream))) == len(shaped)
    write_rows(shaped, format="parquet", out=tmp_path / "e.parquet")
    assert pq.read_table(tmp_path / "e.parquet").num_rows == len(shaped)
