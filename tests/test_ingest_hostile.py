"""Nothing stops the run: every record that cannot be read is a coded rejection, and limits hold.

Regressions for the crashes of issue 8 (impossible and overflowing dates, lone surrogates, file names that are
not UTF-8, ``#`` in names, one-line JSON documents, a file named twice), the limits (content-encoding bombs,
nested gzip, 50,000 attributes, the time budget), and the hostile corpus (``tests/hostile.py``) ingested by
the real runner in a subprocess whose peak memory is measured.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import hostile
import pytest

from storyline import normalize as normalize_module
from storyline.errors import CODES
from storyline.ingest import read_paths, tabular
from storyline.ingest.common import source_name
from storyline.normalize import normalize, parse_published
from storyline.pipeline import ingest
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings
from storyline.store import MemoryStore

BODY = hostile.BODY
SEED = f"A headline\n20220224\nhttps://example.org/a\n{BODY}".encode()
NO_ENRICH = Settings.load({"enrich": False, "stories": False})


def codes(items: list[RawArticle | Rejection]) -> list[str]:
    return [item.code if isinstance(item, Rejection) else "ok" for item in items]


def balanced(summary) -> bool:  # type: ignore[no-untyped-def]
    return summary.accepted + summary.duplicates + summary.rejected == summary.inputs


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "2022-02-30", "2022-13-01", "20220230", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00",
    "2022-02-24T25:61:00", "1e400", "-1", "12", "0", "NaN", "yesterday", "today", "3 days ago", "last week",
    "tomorrow", "now", "Monday", "March 5", "99999999999999999999", "1799-12-31", "2150-01-01",
    "Thu, 31 Feb 2022 10:00:00 GMT",
])
def test_a_date_that_is_not_a_real_plausible_calendar_date_is_e202(value: str) -> None:
    result = normalize(RawArticle(source="a.csv#0", format="csv", text=BODY, published=value), settings=NO_ENRICH)
    assert isinstance(result, Rejection) and result.code == "E202", result


@pytest.mark.parametrize(("value", "precision"), [
    ("2022", "year"), ("2022-02", "month"), ("March 2022", "month"), ("2022-02-24", "day"), ("20220224", "day"),
    ("February 24, 2022", "day"), ("24.02.2022", "day"), ("2022-02-24T17:30Z", "minute"),
    ("24 Feb 2022 17:30", "minute"), ("Mon, 28 Feb 2022 13:05 GMT", "minute"), ("2022-02-24T17:30:00Z", "second"),
    ("Mon, 28 Feb 2022 13:05:00 GMT", "second"), ("1645725000", "second"), ("1800-01-01", "day"),
])
def test_precision_says_what_the_date_stated(value: str, precision: str) -> None:
    assert parse_published(value)[1] == precision


def test_the_upper_bound_is_two_days_after_the_clock() -> None:
    from datetime import UTC, datetime

    now = datetime(2022, 3, 1, tzinfo=UTC)
    assert parse_published("2022-03-03", now=now)[0] == datetime(2022, 3, 3, tzinfo=UTC)
    with pytest.raises(Exception, match="E202"):
        parse_published("2022-03-04", now=now)


def test_bad_dates_in_csv_and_json_are_rejected_and_the_run_goes_on(tmp_path: Path) -> None:
    rows = [hostile.article(i, date=value) for i, value in enumerate(["2022-02-30", "yesterday", "2022-02-24"])]
    (tmp_path / "a.csv").write_bytes(hostile._csv(rows))
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(row) for row in rows))
    with MemoryStore() as store:
        summary = ingest([tmp_path], store=store, settings=NO_ENRICH)
    assert (summary.inputs, summary.rejection_codes["E202"]) == (6, 4) and balanced(summary)


# --- storable strings, names, ids -----------------------------------------------------------------


def test_lone_surrogates_and_non_utf8_names_are_stored(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_bytes(b'{"title": "x \\ud800", "date": "2022-02-24", "url": "\\udfff", '
                                      b'"text": "' + BODY.encode() + b' \\udc80"}')
    odd = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(odd, "wb") as out:
        out.write(SEED)
    with MemoryStore() as store:
        summary = ingest([tmp_path], store=store, settings=NO_ENRICH)
        rows = store.db.execute("SELECT source, title, text FROM articles ORDER BY source").fetchall()
    assert (summary.accepted + summary.duplicates, summary.rejected) == (2, 0)
    assert rows[0]["source"] == f"{tmp_path}/caf\\xe9.txt"
    assert rows[1]["title"] == "x \ufffd" and rows[1]["text"].endswith(" \ufffd")


def test_names_holding_a_hash_get_their_own_ids(tmp_path: Path, settings: Settings) -> None:
    for name in ("a#1.txt", "a#2.txt", "b#0.csv", "b.csv"):
        (tmp_path / name).write_bytes(SEED if name.endswith(".txt") else hostile._csv([hostile.article(1)]))
    articles = [normalize(item, settings=settings) for item in read_paths([tmp_path], settings=settings)]
    ids = [article.id for article in articles]  # type: ignore[union-attr]
    assert len(set(ids)) == 4, articles


def test_ids_of_ordinary_inputs_are_unchanged(tmp_path: Path, settings: Settings) -> None:
    """The id is the old one: the file's absolute path, its SHA-256 and the record's index."""
    (tmp_path / "rows.csv").write_bytes(hostile._csv([hostile.article(1), hostile.article(2)]))
    (tmp_path / "seed.txt").write_bytes(SEED)
    for item in read_paths([tmp_path], settings=settings):
        place = os.path.abspath(item.source.split("#", 1)[0])  # type: ignore[union-attr]
        key = f"{place}:{item.raw_sha}:{item.record_index}"  # type: ignore[union-attr]
        assert normalize(item, settings=settings).id == hashlib.sha256(key.encode()).hexdigest()[:16]  # type: ignore


def test_a_file_named_twice_is_read_once(tmp_path: Path, settings: Settings, monkeypatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(SEED)
    monkeypatch.chdir(tmp_path)
    items = list(read_paths(["in/a.txt", "./in/a.txt", "in", str(tmp_path / "in" / "a.txt"), "in/../in"],
                            settings=settings))
    assert [item.source for item in items] == ["in/a.txt"]


@pytest.mark.parametrize("name", ["min.json", "min.jsonl", "min"])
def test_a_minified_one_line_json_document_is_json_not_json_lines(tmp_path: Path, settings: Settings,
                                                                   name: str) -> None:
    document = {"articles": [hostile.article(i) for i in range(4)]}
    (tmp_path / name).write_text(json.dumps(document, separators=(",", ":")))
    items = list(read_paths([tmp_path / name], settings=settings))
    assert codes(items) == ["ok"] * 4 and {item.format for item in items} == {"json"}  # type: ignore[union-attr]


def test_a_one_line_json_lines_file_stays_json_lines(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "one.jsonl").write_text(json.dumps(hostile.article(1)) + "\n")
    [item] = read_paths([tmp_path / "one.jsonl"], settings=settings)
    assert isinstance(item, RawArticle) and (item.format, item.source) == ("jsonl", f"{tmp_path}/one.jsonl#0")


def test_json_nested_past_the_stack_is_malformed_json(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (tmp_path / "deep.jsonl").write_bytes(b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"\n"
                                          + json.dumps(hostile.article(1)).encode())
    items = list(read_paths([tmp_path / "deep.json", tmp_path / "deep.jsonl"], settings=settings))
    assert codes(items) == ["E106", "E106", "ok"]


# --- safety nets ----------------------------------------------------------------------------------


def test_an_unexpected_error_in_normalize_is_e299_and_the_run_goes_on(settings: Settings, monkeypatch) -> None:
    def broken(text: str) -> tuple[str, float]:
        if "boom" in text:
            raise RuntimeError("bug met on one record")
        return "en", 1.0

    monkeypatch.setattr(normalize_module, "detect_language", broken)
    results = [normalize(RawArticle(source=f"{name}.txt", format="text", title=name, text=BODY,
                                    published="2022-02-24"), settings=settings) for name in ("boom", "fine")]
    assert isinstance(results[0], Rejection) and results[0].code == "E299"
    assert "RuntimeError: bug met on one record" in results[0].message
    assert not isinstance(results[1], Rejection)


# --- limits ---------------------------------------------------------------------------------------


def test_a_slow_reader_is_stopped_by_the_time_budget(tmp_path: Path, monkeypatch) -> None:
    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(30)
        yield from ()

    monkeypatch.setattr(tabular, "read", slow)
    (tmp_path / "a.csv").write_bytes(b"title,text\nT,body\n")
    (tmp_path / "b.txt").write_bytes(SEED)
    started = time.perf_counter()
    items = list(read_paths([tmp_path], settings=Settings.load({"max_input_seconds": 0.5})))
    assert codes(items) == ["E113", "ok"] and time.perf_counter() - started < 10


def test_slow_normalizing_is_stopped_by_the_time_budget(monkeypatch) -> None:
    monkeypatch.setattr(normalize_module, "detect_language", lambda text: time.sleep(30))
    started = time.perf_counter()
    result = normalize(RawArticle(source="a.txt", format="text", text=BODY, published="2022-02-24"),
                       settings=Settings.load({"max_input_seconds": 0.5}))
    assert isinstance(result, Rejection) and result.code == "E113" and time.perf_counter() - started < 10


def test_a_page_with_50000_attributes_is_refused_before_parsing(tmp_path: Path, settings: Settings) -> None:
    """It held the run for 132 s (78 s on the dev machine) in lxml and trafilatura."""
    (tmp_path / "attributes.html").write_bytes(hostile._attribute_page())
    started = time.perf_counter()
    [item] = read_paths([tmp_path / "attributes.html"], settings=settings)
    assert isinstance(item, Rejection) and item.code == "E114" and time.perf_counter() - started < 2


def _warc_bomb(encoding: str, size: int) -> bytes:
    if encoding == "br":
        return hostile._brotli_bomb(size)
    return hostile._gzip_bomb(size) if encoding == "gzip" else hostile._deflate_bomb(size)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_a_warc_content_encoding_bomb_is_e103_and_the_next_record_is_read(tmp_path: Path, encoding: str) -> None:
    bomb = hostile._warc_record(_warc_bomb(encoding, 64 << 20),
                                headers=f"{hostile.HTML_TYPE}Content-Encoding: {encoding}\r\n")
    (tmp_path / "a.warc").write_bytes(bomb + hostile._warc_record(hostile.PAGE, uri="https://example.org/next"))
    items = list(read_paths([tmp_path / "a.warc"], settings=Settings.load({"max_input_bytes": 4_000_000})))
    assert codes(items) == ["E103", "ok"]


def test_nested_gzip_is_unwrapped_within_the_limit(tmp_path: Path) -> None:
    text = b"A headline\n" + BODY.encode()
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(gzip.compress(text)))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(hostile._gzip_bomb(64 << 20)))
    deep = text
    for _ in range(5):
        deep = gzip.compress(deep)
    (tmp_path / "c.txt.gz").write_bytes(deep)
    (tmp_path / "d.txt.gz").write_bytes(zlib.compress(text))  # not gzip: a binary file
    items = list(read_paths(sorted(tmp_path.iterdir()), settings=Settings.load({"max_input_bytes": 4_000_000})))
    assert codes(items) == ["ok", "E103", "E104", "E102"]


# --- the hostile corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    return folder, hostile.write_corpus(folder)


def _run(args: list[str]) -> dict:
    script = Path(hostile.__file__)
    done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=1200,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_hostile_corpus_loses_nothing_and_stays_under_1_gb(corpus, tmp_path: Path) -> None:
    folder, files = corpus
    assert 150 <= len(files) <= 250
    db = tmp_path / "h.db"
    # the folder again, spelled otherwise, and a file inside it: each file is still read once
    result = _run([str(folder), str(db), str(folder), f"{folder}/../corpus/", str(files[0])])
    summary = result["summary"]
    print(f"\nhostile corpus: {len(files)} files, {summary['inputs']} inputs, {result['seconds']} s, "
          f"peak RSS {result['peak_rss_mb']} MB; codes {summary['rejection_codes']}")
    assert summary["accepted"] + summary["duplicates"] + summary["rejected"] == summary["inputs"]
    assert result["peak_rss_mb"] < 1024
    with sqlite3.connect(db) as connection:
        articles = connection.execute("SELECT source FROM articles").fetchall()
        rejections = connection.execute("SELECT source, code, message FROM rejections").fetchall()
    assert len(articles) == summary["accepted"] + summary["duplicates"]
    assert len(rejections) == summary["rejected"]
    assert all(code in CODES and message.strip() for _, code, message in rejections)
    assert "E199" not in summary["rejection_codes"] and "E299" not in summary["rejection_codes"]  # no bug met
    sources = [source for (source,) in articles] + [source for source, _, _ in rejections]
    for path in files:  # every file is accounted for, once (a multi-record file once per record)
        name = source_name(path)
        assert any(source == name or source.startswith(name + "#") for source in sources), name
    assert len({source for source in sources}) == len(sources)


def test_a_hostile_subset_goes_through_enrichment(corpus, tmp_path: Path) -> None:
    folder, _ = corpus
    subset = [folder / "surrogates", folder / "names", folder / "bad" / "minified.json", folder / "dates",
              folder / hostile.ENC]
    result = _run([str(folder), str(tmp_path / "e.db"), "--enrich", *map(str, subset)])
    summary = result["summary"]
    print(f"\nhostile subset with enrichment: {summary['inputs']} inputs, {summary['enriched']} enriched, "
          f"{result['seconds']} s, peak RSS {result['peak_rss_mb']} MB")
    assert summary["accepted"] + summary["duplicates"] + summary["rejected"] == summary["inputs"]
    assert summary["enriched"] >= 5 and result["peak_rss_mb"] < 1024
