"""Property: read_paths yields exactly one item per input record, good or bad, in order, for generated files."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from storyline.ingest import read_paths
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

SETTINGS = Settings.load({"enrich": False})
PROFILE = hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet=st.sampled_from("abcdeéü XYZ019.,;:'\"-\t"), min_size=0, max_size=30)
prose = st.text(alphabet=st.sampled_from("abcdefghij klmnop,.\"'\n"), min_size=1, max_size=80)


def read_file(name: str, data: str) -> tuple[list[RawArticle | Rejection], str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(data, encoding="utf-8", newline="")
        return list(read_paths([path], settings=SETTINGS)), str(path)


def expected_code(kind: str, text: str) -> str:
    if kind == "bad":
        return "bad"
    return "ok" if text.strip() else "E110"


# --- JSON Lines -----------------------------------------------------------------------------------

good_object = st.fixed_dictionaries(
    {"title": words, "date": st.sampled_from(["2022-02-28", "20220228", ""]), "text": prose | st.just("")},
).map(lambda record: ("good", json.dumps(record, ensure_ascii=False), record["text"]))
bad_json = st.sampled_from(['{"title": "cut off', "not json at all", '{"a": 1,}', "[1, 2]", '"a string"', "42",
                            "{'single': 'quotes'}"]).map(lambda line: ("bad", line, ""))
blank = st.sampled_from(["", "   ", "\t"]).map(lambda line: ("blank", line, ""))


@PROFILE
@given(st.lists(st.one_of(good_object, good_object, bad_json, blank), min_size=1, max_size=25).filter(
    lambda lines: any(kind != "blank" for kind, _, _ in lines) and lines[0][0] == "good"))
def test_jsonl_one_item_per_non_blank_line(lines):
    items, path = read_file("generated.jsonl", "\n".join(line for _, line, _ in lines) + "\n")
    records = [(kind, text) for kind, _, text in lines if kind != "blank"]
    assert len(items) == len(records)
    for index, (item, (kind, text)) in enumerate(zip(items, records, strict=True)):
        assert item.source == f"{path}#{index}"
        code = item.code if isinstance(item, Rejection) else "ok"
        want = expected_code(kind, text)
        assert code == ("E106" if want == "bad" else want), (item, kind, text)
        if isinstance(item, RawArticle):
            assert item.record_index == index and item.text == text.strip()


# --- CSV ------------------------------------------------------------------------------------------

HEADER = ["title", "date", "url", "body"]
good_row = st.tuples(words, st.sampled_from(["2022-02-28", ""]), st.sampled_from(["https://x.org/a", ""]),
                     prose | st.just("")).map(lambda row: ("good", _csv_line(row), row[3]))
bad_row = st.one_of(
    st.sampled_from(["only,two", "one", "a,b,c,d,e,f", '"x"y,2022-02-28,u,body', 'a,"b"c,u,body']),
    st.tuples(words.filter(lambda w: '"' not in w and "," not in w)).map(lambda row: f"{row[0]},extra,fields,a,b"),
).map(lambda line: ("bad", line, ""))


def _csv_line(row: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row)  # its "\r\n" terminator also makes it quote fields holding "\n"
    return buffer.getvalue().removesuffix("\r\n")


@PROFILE
@given(st.lists(st.one_of(good_row, good_row, bad_row), min_size=1, max_size=25))
def test_csv_one_item_per_record_even_with_bad_rows(rows):
    items, path = read_file("generated.csv", ",".join(HEADER) + "\r\n" + "\r\n".join(line for _, line, _ in rows)
                            + "\r\n")
    assert len(items) == len(rows), (rows, items)
    for index, (item, (kind, _line, text)) in enumerate(zip(items, rows, strict=True)):
        assert item.source == f"{path}#{index}"
        code = item.code if isinstance(item, Rejection) else "ok"
        want = expected_code(kind, text)
        assert code == ("E105" if want == "bad" else want), (item, kind, text)
        if isinstance(item, RawArticle):
            assert item.text == text.strip()
