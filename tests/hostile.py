"""A hostile corpus: files written to break a reader, one kind of attack each.

    write_corpus(folder, *, bomb_bytes=1 << 30) -> list[Path]

About 200 files: impossible, overflowing, relative and junk dates in CSV, JSON and seed headers; lone
surrogates in every JSON field; file names that are not UTF-8 or hold ``#``; every encoding oddity; empty,
binary and oversized files; gzip bombs, gzip nested four deep; WARCs whose payloads are gzip, deflate or br
bombs; HTML with 50,000 attributes on one tag, deep nesting, too many tags; entity-expansion and XXE feeds;
malformed CSV, JSON and XML; a minified one-line ``{"articles": [...]}``. Bombs unpack to ``bomb_bytes``.
The files are written, never held: a bomb is compressed from a stream of zeros.

    python tests/hostile.py FOLDER DB [--enrich] [PATH...]

ingests FOLDER (or the PATHs) into DB with ``storyline.pipeline.ingest`` and prints one JSON line: the
summary, ``seconds`` and ``peak_rss_mb`` (this process's ``ru_maxrss``), so a test can measure memory alone.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

BODY = ("Officials in Kyiv and Moscow said on Monday that talks would resume next week, after a day of heavy "
        "shelling near Kharkiv left several buildings damaged and dozens of families without power. ")
MAX_INPUT_BYTES = 50_000_000  # the default setting the oversized files are measured against

DATES = [
    "2022-02-30", "2022-13-01", "2022-00-10", "2022-02-29", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00",
    "10000-01-01", "2022-02-24T25:61:00", "1e400", "-1", "12", "0", "NaN", "inf", "yesterday", "today",
    "3 days ago", "last week", "tomorrow", "now", "Monday", "March 5", "99999999999999999999", "\u0000",
    "2022-02-24\u202e", "١٤٤٣-٠٧-٢٣", "2022-02-24T17:30:00Z", "1799-12-31", "2150-01-01", "24.02.2022", "Feb 2022",
]


WORDS = ["ministers", "convoy", "harbour", "grain", "tariff", "vaccine", "drought", "ceasefire", "refinery", "court",
         "ballot", "satellite", "pipeline", "wildfire", "strike", "border", "subsidy", "flood", "reactor", "embargo"]


def article(index: int, **fields: object) -> dict[str, object]:
    """A CSV/JSON record whose text is its own (words drawn for ``index``): records are not near-duplicates."""
    import random

    rng = random.Random(index)
    words = " ".join(rng.choice(WORDS) for _ in range(40))
    values: dict[str, object] = {"title": f"Talks resume, report {index}", "date": "2022-02-24",
                                 "url": f"https://example.org/{index}",
                                 "text": f"{BODY}Report number {index} on {words}."}
    values.update(fields)
    return values


def write_corpus(folder: Path, *, bomb_bytes: int = 1 << 30) -> list[Path]:
    """Write the corpus under ``folder`` (made if needed); the files written, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, data in _files(bomb_bytes):
        path = folder / name if isinstance(name, str) else Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            with open(path, "wb") as out:
                data(out)
        else:
            path.write_bytes(data)
        written.append(path)
    return sorted(written)


Writer = Callable[..., None]


def _files(bomb: int) -> Iterator[tuple[str | bytes, bytes | Writer]]:
    yield from _date_files()
    yield from _surrogate_files()
    yield from _name_files()
    yield from _encoding_files()
    yield from _size_files()
    yield from _gzip_files(bomb)
    yield from _warc_files(bomb)
    yield from _html_files()
    yield from _xml_files()
    yield from _malformed_files()


# --- dates ----------------------------------------------------------------------------------------


def _date_files() -> Iterator[tuple[str, bytes]]:
    for index, value in enumerate(DATES):
        row = article(index, date=value)
        yield f"dates/csv-{index:02d}.csv", _csv([row])
        yield f"dates/json-{index:02d}.json", json.dumps(row).encode()
    many = [article(100 + index, date=value) for index, value in enumerate(DATES)]
    yield "dates/all.jsonl", "\n".join(json.dumps(row) for row in many).encode()
    yield "dates/all.csv", _csv(many)
    for index, value in enumerate(["20220230", "99999999", "00000000", "20221301"]):
        yield f"dates/seed-{index}.txt", f"A headline\n{value}\nhttps://example.org/s{index}\n{BODY}".encode()
    yield "dates/epoch.json", json.dumps(article(200, date=1645725000)).encode()
    yield "dates/float-date.json", b'{"title": "t", "date": 1e400, "text": "' + BODY.encode() + b'"}'
    yield "dates/object-date.json", json.dumps(article(201, date={"year": 2022})).encode()
    yield "dates/list-date.json", json.dumps(article(202, date=["2022", "02", "24"])).encode()
    yield "2022-02-30/impossible-folder.txt", f"A headline\n{BODY}".encode()
    yield "9999-12-31/far-folder.txt", f"A headline\n{BODY}".encode()


def _csv(rows: list[dict[str, object]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


# --- surrogates and names -------------------------------------------------------------------------


def _surrogate_files() -> Iterator[tuple[str, bytes]]:
    for field in ("title", "text", "url", "date", "author"):
        value = "\ud800" if field != "text" else f"{BODY} lone \ud800 high and \udfff low"
        yield f"surrogates/{field}.json", json.dumps(article(300, **{field: value})).encode()
    yield "surrogates/escaped.jsonl", (b'{"title": "\\ud800", "date": "2022-02-24", "text": "' + BODY.encode()
                                       + b' \\udc80\\ud83d"}\n{"title": "pair \\ud83d\\ude00", "date": "2022-02-24",'
                                       b' "text": "' + BODY.encode() + b' pair"}\n')
    yield "surrogates/key.json", b'{"\\ud800title": "x", "date": "2022-02-24", "text": "' + BODY.encode() + b'"}'
    yield "surrogates/cesu8.txt", b"A headline\n" + BODY.encode() + b"\xed\xa0\x80\xed\xb0\x80 end"


def _name_files() -> Iterator[tuple[str | bytes, bytes]]:
    seed = f"A headline\n20220224\nhttps://example.org/n\n{BODY}".encode()
    names = [b"caf\xe9.txt", b"\xff\xfe.txt", b"\x80abc.csv", b"sub\xc3(/x.txt", b"\xed\xa0\x80.txt"]
    for index, name in enumerate(names):
        data = seed if not name.endswith(b".csv") else _csv([article(400 + index)])
        yield b"names/" + name, data.replace(b"/n\n", f"/n{index}\n".encode())
    yield "names/a#1.txt", seed
    yield "names/a#2.txt", seed
    yield "names/b#0.csv", _csv([article(410)])
    yield "names/b.csv", _csv([article(410)])
    yield "names/#", seed.replace(b"/n\n", b"/hash\n")
    yield "names/##.json", json.dumps(article(411)).encode()
    yield "names/new\nline.txt", seed.replace(b"/n\n", b"/nl\n")
    yield "names/" + "x" * 240 + ".txt", seed.replace(b"/n\n", b"/long\n")
    yield "names/-rf.txt", seed.replace(b"/n\n", b"/dash\n")
    yield "names/ space .txt", seed.replace(b"/n\n", b"/space\n")


# --- encodings ------------------------------------------------------------------------------------


ENC = "enc/2022-02-24"  # a dated folder: the text files get a date and go on to normalize


def _encoding_files() -> Iterator[tuple[str, bytes]]:
    text = f"Déjà vu in Kyiv — “talks” resume\n{BODY}Ünïcödé ✓ 😀"
    yield f"{ENC}/utf8-bom.txt", b"\xef\xbb\xbf" + text.encode()
    yield f"{ENC}/utf16le-bom.txt", text.encode("utf-16")
    yield f"{ENC}/utf16be-bom.txt", b"\xfe\xff" + text.encode("utf-16-be")
    yield f"{ENC}/utf16le-nobom.txt", text.encode("utf-16-le")
    yield f"{ENC}/utf32.txt", text.encode("utf-32")
    yield f"{ENC}/cp1252.txt", text.encode("cp1252", "replace")
    yield f"{ENC}/latin1.txt", text.encode("latin-1", "replace")
    yield f"{ENC}/shift-jis.txt", ("見出し\n" + BODY).encode("shift_jis")
    yield f"{ENC}/koi8.txt", ("Заголовок\n" + BODY).encode("koi8-r")
    yield f"{ENC}/double-mojibake.txt", text.encode().decode("latin-1").encode().decode("latin-1").encode()
    yield f"{ENC}/invalid-utf8.txt", b"A headline\n" + BODY.encode() + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc"
    yield f"{ENC}/overlong.txt", b"A headline\n" + BODY.encode() + b"\xc0\xaf\xe0\x80\xaf\xf8\x88\x80\x80\xaf"
    yield f"{ENC}/nul-late.txt", b"A headline\n" + BODY.encode() * 100 + b"\x00\x00" + BODY.encode()
    yield f"{ENC}/controls.txt", b"A headline\n" + BODY.encode() + b"\x1b[31m\x07\x08\x7f"
    yield f"{ENC}/bidi.txt", ("Head\u202eline\n" + BODY + "\u2066\u2067\u2069\u200b\u200d\ufeff").encode()
    yield f"{ENC}/combining.txt", ("Zalgo\n" + BODY + "a" + "\u0301" * 200_000).encode()
    yield f"{ENC}/nfd.txt", ("Cafe\u0301\n" + BODY + "e\u0301" * 1000).encode()
    yield f"{ENC}/private-use.txt", ("\ue000\uf8ff\n" + BODY + "\U000f0000\U0010fffd").encode()
    yield f"{ENC}/noncharacters.txt", ("\ufffe\uffff\n" + BODY).encode("utf-8", "surrogatepass")
    yield f"{ENC}/bom-only.txt", b"\xef\xbb\xbf"
    yield f"{ENC}/bom-then-bom.txt", b"\xef\xbb\xbf\xef\xbb\xbfA headline\n" + BODY.encode()
    yield f"{ENC}/cr-only.txt", ("A headline\r" + BODY.replace(". ", ".\r")).encode()
    yield f"{ENC}/utf7.txt", b"+AGEAYgBj-\n" + BODY.encode()


# --- sizes and containers -------------------------------------------------------------------------


def _size_files() -> Iterator[tuple[str, bytes | Writer]]:
    yield "size/empty.txt", b""
    yield "size/one-byte.txt", b"x"
    yield "size/whitespace.txt", b" \n\t\r\n" * 1000
    yield "size/newlines.csv", b"\n" * 100_000
    yield "size/random.bin", os.urandom(4096)
    yield "size/random.txt", os.urandom(4096)
    yield "size/png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(1000)
    yield "size/elf.csv", b"\x7fELF\x02\x01\x01\x00" + bytes(500)
    yield "size/oversized.txt", _repeat(b"A headline\n" + BODY.encode(), MAX_INPUT_BYTES + 1000)
    yield "size/big-line.txt", b"A headline\n" + BODY.encode() * 20_000  # 4 MB, one paragraph
    yield "size/many-rows.csv", _many_rows
    yield "size/near-copies.csv", _near_copies
    yield "size/one-giant-cell.csv", b"title,date,text\nT,2022-02-24,\"" + BODY.encode() * 20_000 + b"\"\n"
    yield "size/wide.csv", b",".join(b"c%d" % i for i in range(100_000)) + b"\n" + b"," * 99_999 + b"\n"



def _many_rows(out: object) -> None:
    """5,000 rows, each its own text (words drawn per row), so they are 5,000 articles, not one group."""
    import random

    write = out.write  # type: ignore[attr-defined]
    write(b"title,date,text\n")
    rng = random.Random(8)
    for index in range(5000):
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        write(f'Row {index},2022-02-24,"Report {index}: {text}."\n'.encode())


def _near_copies(out: object) -> None:
    """500 rows that differ in one word: near-duplicates of each other, one group."""
    write = out.write  # type: ignore[attr-defined]
    write(b"title,date,text\n")
    for index in range(500):
        write(f'Row {index},2022-02-24,"{BODY} Row {index}."\n'.encode())


def _repeat(block: bytes, size: int) -> Writer:
    def write(out: object) -> None:
        written = 0
        while written < size:
            out.write(block)  # type: ignore[attr-defined]
            written += len(block)
    return write


def _zero_stream(size: int, compressor: object, chunk: int = 1 << 20) -> Iterator[bytes]:
    """Compressed zeros, ``size`` bytes of them, one compressed piece at a time."""
    zeros = bytes(chunk)
    for _ in range(size // chunk):
        piece = compressor.compress(zeros)  # type: ignore[attr-defined]
        if piece:
            yield piece
    yield compressor.flush()  # type: ignore[attr-defined]


@lru_cache(maxsize=4)
def _gzip_bomb(size: int) -> bytes:
    return b"".join(_zero_stream(size, zlib.compressobj(9, zlib.DEFLATED, 31)))


def _deflate_bomb(size: int) -> bytes:
    return b"".join(_zero_stream(size, zlib.compressobj(9, zlib.DEFLATED, -15)))


def _brotli_bomb(size: int) -> bytes:
    import brotli

    compressor = brotli.Compressor(quality=5)
    pieces = [compressor.process(bytes(1 << 20)) for _ in range(size >> 20)]
    return b"".join([*pieces, compressor.finish()])


def _gzip_files(bomb: int) -> Iterator[tuple[str, bytes]]:
    zeros = _gzip_bomb(bomb)
    yield "gz/bomb.txt.gz", zeros
    yield "gz/bomb.csv.gz", _gzip_bomb(bomb // 4)
    yield "gz/bomb-no-suffix.txt", zeros
    text_bomb = gzip.compress(b"A headline\n" + BODY.encode() * (MAX_INPUT_BYTES // len(BODY) + 10), 9)
    yield "gz/text-bomb.txt.gz", text_bomb
    yield "gz/gz-in-gz.txt.gz", gzip.compress(zeros)
    yield "gz/gz-in-gz-good.txt.gz", gzip.compress(gzip.compress(b"A headline\n" + BODY.encode()))
    nested = b"A headline\n" + BODY.encode()
    for _ in range(5):
        nested = gzip.compress(nested)
    yield "gz/gz-5-deep.txt.gz", nested
    yield "gz/truncated.txt.gz", zeros[: len(zeros) // 2]
    yield "gz/header-only.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    yield "gz/trailing-garbage.txt.gz", gzip.compress(b"A headline\n" + BODY.encode()) + b"garbage" * 10
    yield "gz/multi-member.txt.gz", gzip.compress(b"A headline\n") + gzip.compress(BODY.encode())
    yield "gz/binary-inside.txt.gz", gzip.compress(os.urandom(2000))
    yield "gz/empty-inside.csv.gz", gzip.compress(b"")
    yield "gz/bad-crc.txt.gz", _bad_crc(gzip.compress(b"A headline\n" + BODY.encode()))


def _bad_crc(data: bytes) -> bytes:
    return data[:-8] + bytes(4) + data[-4:]


# --- WARC -----------------------------------------------------------------------------------------

HTML_TYPE = "Content-Type: text/html\r\n"

PAGE = (f"<!doctype html><html><head><title>Talks resume</title><meta property='article:published_time' "
        f"content='2022-02-24T10:00:00Z'></head><body><article><h1>Talks resume</h1><p>{BODY}</p><p>{BODY}</p>"
        f"</article></body></html>").encode()


def _warc_record(body: bytes, *, headers: str = "Content-Type: text/html\r\n", uri: str = "https://example.org/w",
                 status: str = "200 OK", length: int | None = None) -> bytes:
    http = f"HTTP/1.1 {status}\r\n{headers}Content-Length: {len(body)}\r\n\r\n".encode() + body
    head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2022-02-24T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash((uri, len(body)))):032x}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) if length is None else length}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def _chunked(body: bytes) -> bytes:
    size = 1 << 16
    chunks = [f"{len(body[i:i + size]):x}\r\n".encode() + body[i:i + size] + b"\r\n" for i in range(0, len(body), size)]
    return b"".join(chunks) + b"0\r\n\r\n"


def _warc_files(bomb: int) -> Iterator[tuple[str, bytes]]:
    gz = _gzip_bomb(bomb)
    yield "warc/gzip-bomb.warc", _warc_record(gz, headers="Content-Type: text/html\r\nContent-Encoding: gzip\r\n")
    yield "warc/deflate-bomb.warc", _warc_record(
        _deflate_bomb(bomb // 4), headers="Content-Type: text/html\r\nContent-Encoding: deflate\r\n")
    yield "warc/br-bomb.warc", _warc_record(
        _brotli_bomb(bomb // 4), headers="Content-Type: text/html\r\nContent-Encoding: br\r\n")
    yield "warc/chunked-gzip-bomb.warc", _warc_record(
        _chunked(gz), headers="Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n")
    yield "warc/gzip-bomb-no-type.warc", _warc_record(gz, headers="Content-Encoding: gzip\r\n")
    yield "warc/bomb-then-good.warc", (
        _warc_record(gz, headers="Content-Type: text/html\r\nContent-Encoding: gzip\r\n")
        + _warc_record(PAGE, uri="https://example.org/after-bomb"))
    yield "warc/good-gzip.warc", _warc_record(gzip.compress(PAGE),
                                              headers="Content-Type: text/html\r\nContent-Encoding: gzip\r\n")
    yield "warc/corrupt-gzip.warc", _warc_record(b"\x1f\x8b\x08\x00" + b"\xff" * 200,
                                                 headers="Content-Type: text/html\r\nContent-Encoding: gzip\r\n")
    yield "warc/corrupt-br.warc", _warc_record(b"\xff" * 200, headers=HTML_TYPE + "Content-Encoding: br\r\n")
    yield "warc/unknown-encoding.warc", _warc_record(PAGE, headers=HTML_TYPE + "Content-Encoding: zstd\r\n")
    yield "warc/whole-file.warc.gz", gzip.compress(_warc_record(gz, headers="Content-Type: text/html\r\n"
                                                                       "Content-Encoding: gzip\r\n"))
    yield "warc/length-lies.warc", _warc_record(PAGE, length=10**12)
    yield "warc/length-negative.warc", _warc_record(PAGE, length=-5)
    yield "warc/status-500.warc", _warc_record(PAGE, status="500 Oops")
    yield "warc/not-html.warc", _warc_record(os.urandom(500), headers="Content-Type: image/png\r\n")
    yield "warc/many.warc", b"".join(_warc_record(PAGE.replace(b"Talks resume", b"Talks %d" % i),
                                                  uri=f"https://example.org/m{i}") for i in range(30))
    yield "warc/attributes.warc", _warc_record(_attribute_page())
    yield "warc/header-garbage.warc", b"WARC/1.1\r\n" + b"X: " + b"y" * 100_000 + b"\r\n\r\n"


# --- HTML and XML ---------------------------------------------------------------------------------


def _attribute_page(count: int = 50_000) -> bytes:
    attributes = " ".join(f'data-a{i}="v{i}"' for i in range(count))
    return (f"<!doctype html><html><head><title>Attributes</title></head><body><div {attributes}>x</div>"
            f"<article><p>{BODY * 5}</p></article></body></html>").encode()


def _html_files() -> Iterator[tuple[str, bytes]]:
    yield "html/attributes-50k.html", _attribute_page()
    yield "html/attributes-3k-each.html", b"<!doctype html><html><body>" + b"".join(
        b"<p " + b" ".join(b'a%d="1"' % i for i in range(1500)) + b">" + BODY.encode() + b"</p>" for _ in range(40)
    ) + b"</body></html>"
    yield "html/deep-nesting.html", (b"<!doctype html><html><body>" + b"<div>" * 100_000 + BODY.encode()
                                     + b"</div>" * 100_000 + b"</body></html>")
    yield "html/deep-unclosed.html", b"<!doctype html><html><body>" + b"<span><b><i>" * 50_000 + BODY.encode()
    yield "html/many-tags.html", b"<!doctype html><html><body>" + b"<br>" * 300_000 + BODY.encode() + b"</body></html>"
    yield "html/many-paragraphs.html", (b"<!doctype html><html><body><article>"
                                        + b"".join(b"<p>%d %s</p>" % (i, BODY.encode()) for i in range(5000))
                                        + b"</article></body></html>")
    yield "html/long-attribute.html", (b"<!doctype html><html><body><img src=\"data:image/png;base64,"
                                       + b"A" * 3_000_000 + b"\"><article><p>" + BODY.encode() * 3
                                       + b"</p></article></body></html>")
    yield "html/unclosed-comment.html", b"<!doctype html><html><body><!-- " + BODY.encode() * 1000
    yield "html/script-only.html", (b"<!doctype html><html><body><script>" + b"var a=1;" * 10000
                                    + b"</script></body></html>")
    yield "html/title-huge.html", (b"<!doctype html><html><head><title>" + b"T" * 1_000_000
                                   + b"</title></head><body><p>" + BODY.encode() * 3 + b"</p></body></html>")
    yield "html/no-close.html", b"<!doctype html><html><body><p>" + BODY.encode() * 3
    yield "html/entities.html", b"<!doctype html><html><body><p>" + b"&amp;&#x1F600;&#0;&#xD800;&#99999999;" * 10000 \
        + BODY.encode() + b"</p></body></html>"
    yield "html/meta-date-junk.html", (b"<!doctype html><html><head><meta property='article:published_time' content="
                                       b"'9999-12-31T23:00:00-05:00'></head><body><article><p>" + BODY.encode() * 3
                                       + b"</p></article></body></html>")
    yield "html/xhtml-entity-bomb.xhtml", (b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
                                           + b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10)
                                                      for i in range(8))
                                           + b']><html><body><p>&i;</p></body></html>')


def _xml_files() -> Iterator[tuple[str, bytes]]:
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (i + 1, (b"&l%d;" % i) * 10) for i in range(9))
    yield "xml/billion-laughs.rss", (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">' + laughs
                                     + b']><rss version="2.0"><channel><item><title>&l9;</title><description>'
                                     + BODY.encode() + b"</description></item></channel></rss>")
    yield "xml/xxe.rss", (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                          b'<rss version="2.0"><channel><item><title>&x;</title><description>' + BODY.encode()
                          + b"&x;</description><pubDate>Mon, 28 Feb 2022 13:05:00 GMT</pubDate></item></channel></rss>")
    yield "xml/xxe-remote.atom", (b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
                                  b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title><content>'
                                  + BODY.encode() + b"</content><updated>2022-02-24T10:00:00Z</updated></entry></feed>")
    yield "xml/cut.rss", (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>A</title><description>'
                          + BODY.encode() + b"</description></item><item><title>B</title><description>"
                          + BODY.encode()[:50])
    yield "xml/bad-dates.rss", b'<?xml version="1.0"?><rss version="2.0"><channel>' + b"".join(
        f"<item><title>t{i}</title><pubDate>{value}</pubDate><description>{BODY} {i}</description></item>".encode()
        for i, value in enumerate(["Thu, 31 Feb 2022 10:00:00 GMT", "yesterday", "1e400",
                                   "Fri, 31 Dec 9999 23:00:00 -0500"])
    ) + b"</channel></rss>"
    yield "xml/deep.xml", (b'<?xml version="1.0"?><rss><channel>' + b"<x>" * 100_000 + b"</x>" * 100_000
                           + b"</channel></rss>")
    yield "xml/many-items.rss", b'<?xml version="1.0"?><rss version="2.0"><channel>' + b"<item></item>" * 20_000 \
        + b"</channel></rss>"
    escaped = _attribute_page().replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    yield "xml/attributes.rss", (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>A</title>'
                                 b"<pubDate>Mon, 28 Feb 2022 13:05:00 GMT</pubDate><description>" + escaped
                                 + b"</description></item></channel></rss>")
    yield "xml/not-closed.xml", b"<rss><channel><item><description>" + BODY.encode()
    yield "xml/utf16.rss", ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><title>U</title>'
                            f"<description>{BODY}</description></item></channel></rss>").encode("utf-16")


def _malformed_files() -> Iterator[tuple[str, bytes]]:
    row = f"T,2022-02-24,{BODY}\n".encode()
    yield "bad/unclosed-quote.csv", b'title,date,text\n"T,2022-02-24,' + BODY.encode() + b"\n" + row * 3
    yield "bad/widths.csv", b"title,date,text\nT,2022-02-24\n" + row + b"a,b,c,d,e\n"
    yield "bad/nul.csv", b"title,date,text\nT\x00,2022-02-24," + BODY.encode() + b"\n"
    yield "bad/header-only.csv", b"title,date,text\n"
    yield "bad/semicolons.csv", b"title;date;text\nT;2022-02-24;" + BODY.encode() + b"\n"
    yield "bad/quote-soup.csv", b'title,date,text\n"""",""",' + b'"' * 10_000 + b"\n"
    yield "bad/truncated.json", json.dumps([article(500), article(501)]).encode()[:-40]
    yield "bad/deep.json", b"[" * 100_000 + b"]" * 100_000
    yield "bad/deep-object.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    yield "bad/deep-line.jsonl", b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"\n" + json.dumps(article(502)).encode()
    yield "bad/huge-number.json", b'{"title": 1e400, "date": 1e400, "text": ' + b"9" * 5000 + b"}"
    yield "bad/top-string.json", b'"just a string"'
    yield "bad/top-null.json", b"null"
    yield "bad/top-number.json", b"12345"
    yield "bad/array-of-junk.json", b'[1, "a", null, [], {"text": 5}, true]'
    yield "bad/duplicate-keys.json", b'{"text": "a", "text": "' + BODY.encode() + b'", "date": "2022-02-24"}'
    yield "bad/jsonl-mixed.jsonl", b"\n".join([json.dumps(article(503)).encode(), b"{oops", b"[1,2]", b'"s"',
                                                json.dumps(article(504, date="2022-02-30")).encode()])
    yield "bad/nan.json", b'{"title": NaN, "date": Infinity, "text": "' + BODY.encode() + b'"}'
    yield "bad/minified.json", json.dumps({"articles": [article(600 + i) for i in range(5)]},
                                          separators=(",", ":")).encode()
    yield "bad/minified-noext", json.dumps({"articles": [article(610 + i) for i in range(3)]}).encode()
    yield "bad/bom-json.json", b"\xef\xbb\xbf" + json.dumps(article(620)).encode()
    yield "bad/text-as-list.json", json.dumps(article(621, text=[BODY, {"text": BODY}, None, 5])).encode()
    yield "bad/text-as-object.json", json.dumps(article(622, text={"a": {"b": {"c": BODY}}})).encode()
    yield "bad/seed-long-title.txt", b"T" * 5000 + b"\n20220224\nhttps://example.org/x\n" + BODY.encode()
    yield "bad/t17-timeline.txt", b"2010-01-12\nA quake struck .\n" + b"-" * 32 + b"\n"
    yield "bad/yaml.yaml", b"key: value\n"
    yield "bad/garbled.txt", b"A headline\n" + b"#$%^&*(){}|<>~`" * 200


def _ingest_and_measure(argv: list[str]) -> None:
    from storyline.pipeline import ingest
    from storyline.settings import Settings
    from storyline.store import SQLiteStore

    enrich = "--enrich" in argv
    args = [arg for arg in argv if arg != "--enrich"]
    folder, db, paths = args[0], args[1], args[2:] or [args[0]]
    settings = Settings.load({"enrich": enrich, "stories": enrich})
    started = time.perf_counter()
    with SQLiteStore(db) as store:
        summary = ingest([os.fsdecode(os.fsencode(path)) for path in paths], store=store, settings=settings)
    print(json.dumps({
        "folder": folder, "summary": summary.as_dict(), "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    _ingest_and_measure(sys.argv[1:])
