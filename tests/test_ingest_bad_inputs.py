"""Bad inputs: each becomes one Rejection with the right code, and the batch goes on to the next input."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from storyline.ingest import READERS, read_paths, tabular
from storyline.records import RawArticle, Rejection

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = b"A headline\nA body that is long enough to be an article, with a full sentence in it.\n"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


BAD_INPUTS = {
    "empty": ("empty.txt", b"", "E101"),
    "whitespace": ("blank.txt", b" \n\t\n", "E101"),
    "binary": ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "E102"),
    "garbled": ("garbled.txt", b"Hello\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14 world\x1b[0m" * 20,
                "E102"),
    "truncated gzip": ("cut.txt.gz", gzip.compress(GOOD * 50)[:-30], "E104"),
    "corrupt gzip": ("bad.csv.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 40, "E104"),
    "gzip of nothing": ("none.txt.gz", gzip.compress(b""), "E101"),
    "malformed xml feed": ("feed.rss", b'<?xml version="1.0"?><rss><channel><item><title>x</titl', "E107"),
    "malformed json array": ("list.json", b'[{"title": "a", "text": "b"},', "E106"),
    "malformed warc": ("crawl.warc", b"WARC/1.1\r\ngarbage\r\n\r\nmore garbage", "E108"),
    "seed header": ("seed.txt", b"Title\n2022-02-28\nhttps://example.org/a\nBody of the article.\n", "E111"),
    "html without text": ("page.html", b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
                          "E112"),
    "unknown format": ("config.yaml", b"key: value\nother: 2\n", "E100"),
    "reference timeline": ("tl.txt", b"2010-01-12\nA quake struck .\n" + b"-" * 32 + b"\n", "E100"),
    "header-only csv": ("rows.csv", b"title,date,text\n", "E110"),
    "empty feed": ("empty.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
                   "E110"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gives_its_code_and_the_batch_goes_on(tmp_path, settings, case):
    name, data, code = BAD_INPUTS[case]
    bad = write(tmp_path, name, data)
    good = write(tmp_path, "zz_good.txt", GOOD)
    items = list(read_paths([bad, good], settings=settings))
    assert [type(item) for item in items] == [Rejection, RawArticle], items
    rejection = items[0]
    assert (rejection.code, rejection.stage) == (code, "ingest"), rejection
    assert rejection.source.partition("#")[0] == str(bad)  # a bad record of a multi-record file adds #index
    assert rejection.message and rejection.code not in rejection.message.split(":")[0]  # says why, in words


def test_every_bad_input_in_one_folder_is_one_item_each(tmp_path, settings):
    for name, data, _code in BAD_INPUTS.values():
        write(tmp_path, name, data)
    write(tmp_path, "zz_good.txt", GOOD)
    items = list(read_paths([tmp_path], settings=settings))
    codes = sorted(item.code for item in items if isinstance(item, Rejection))
    assert codes == sorted(code for _name, _data, code in BAD_INPUTS.values())
    assert sum(isinstance(item, RawArticle) for item in items) == 1


def test_oversized_input_is_e103_without_reading_it(tmp_path, settings):
    big = write(tmp_path, "big.txt", GOOD * 100)
    small = settings.with_values(max_input_bytes=len(GOOD) * 10)
    [rejection] = read_paths([big], settings=small)
    assert rejection.code == "E103" and "max_input_bytes" in rejection.message


def test_gzip_that_unpacks_past_the_limit_is_e103(tmp_path, settings):
    bomb = write(tmp_path, "bomb.txt.gz", gzip.compress(b"a" * 1_000_000))
    [rejection] = read_paths([bomb], settings=settings.with_values(max_input_bytes=100_000))
    assert rejection.code == "E103" and "decompressed" in rejection.message


def test_missing_path_and_non_regular_file_are_e109(tmp_path, settings):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    items = list(read_paths([tmp_path / "nope.txt", fifo, write(tmp_path, "ok.txt", GOOD)], settings=settings))
    assert [item.code if isinstance(item, Rejection) else "ok" for item in items] == ["E109", "E109", "ok"]


def test_unreadable_file_is_e109(tmp_path, settings, monkeypatch):
    path = write(tmp_path, "locked.txt", GOOD)
    original = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root ignores chmod, so refuse the read itself
    [rejection] = read_paths([path], settings=settings)
    assert rejection.code == "E109" and "Permission denied" in rejection.message


def test_a_reader_that_fails_becomes_a_rejection_not_an_exception(tmp_path, settings, monkeypatch):
    def broken(*args, **kwargs):
        yield from ()
        raise RuntimeError("bug in a reader")

    monkeypatch.setattr(tabular, "read", broken)
    path = write(tmp_path, "rows.csv", b"title,text\nT,body\n")
    items = list(read_paths([path, write(tmp_path, "ok.txt", GOOD)], settings=settings))
    assert [item.code if isinstance(item, Rejection) else "ok" for item in items] == ["E199", "ok"]
    assert "bug in a reader" in items[0].message


def test_malformed_rows_and_lines_do_not_stop_their_file(settings):
    items = list(read_paths([FIXTURES / "articles.csv", FIXTURES / "articles.jsonl"], settings=settings))
    codes = [item.code if isinstance(item, Rejection) else "ok" for item in items]
    assert codes == ["ok", "ok", "E105", "E105", "E110", "ok", "ok", "ok", "E106", "E110", "E106", "ok"]


def test_every_reader_declares_the_contract():
    for reader in READERS:
        assert isinstance(reader.FORMAT, str) and reader.FORMAT
        assert callable(reader.sniff) and callable(reader.read)
        assert reader.MALFORMED.startswith("E1") and isinstance(reader.EXTENSIONS, tuple)
