"""What every reader shares: rejections, sources, suffixes, dated folders, decoding, binary checks, HTML to text."""

from __future__ import annotations

import codecs
import gzip
import html
import os
import re
import zlib
from datetime import date
from pathlib import Path

from storyline.errors import InputError
from storyline.records import Rejection

STAGE = "ingest"
HEAD_BYTES = 8192  # how much of a file the sniffers and the binary check look at
GZIP_MAGIC = b"\x1f\x8b"
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
STRUCTURED_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".warc"})

_DATE_DIR = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# bytes that never occur in text: C0 controls except tab, newline, vertical tab, form feed, carriage return; DEL
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_MAX_CONTROL_SHARE = 0.05


_SURROGATE = re.compile("[\ud800-\udfff]")
# formats whose records are sources ``path#n``; other formats' sources are the path alone (which may hold "#")
MULTI_RECORD_FORMATS = frozenset({"csv", "jsonl", "json", "feed", "warc"})


def reject(source: str | Path, code: str, message: str) -> Rejection:
    """A Rejection from the ingest stage (its source and message made storable)."""
    return Rejection(source=source_name(source), stage=STAGE, code=code, message=storable_text(message))


def record_source(path: str | Path, index: int) -> str:
    """The source of the ``index``-th record (0-based) of a multi-record file: ``path#index``."""
    return f"{source_name(path)}#{index}"


def source_path(source: str, fmt: str) -> str:
    """The file part of a record's source: ``a#1.csv#0`` (csv) → ``a#1.csv``; ``a#1.txt`` (text) → itself.

    Only a multi-record format adds ``#n``, so only its last ``#`` is cut: names holding ``#`` stay whole.
    """
    return source.rpartition("#")[0] if fmt in MULTI_RECORD_FORMATS and "#" in source else source


def source_name(path: str | Path) -> str:
    """A path as storable text: bytes of a file name that are not UTF-8 (which Python keeps as lone surrogates,
    ``surrogateescape``) are written ``\\xNN``. Plain names come back unchanged."""
    text = str(path)
    if text.isascii() or not _SURROGATE.search(text):
        return text
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate the file system never makes (typed or generated): keep its code
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def storable_text(text: str) -> str:
    """``text`` with lone surrogates (``\\ud800`` from JSON, say), which UTF-8 cannot hold, replaced by U+FFFD."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


def suffix(path: Path) -> str:
    """The format suffix, lower-case, looking through ``.gz``: ``a.CSV.gz`` → ``.csv``; none → ``""``."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def folder_date(path: Path) -> str:
    """``YYYY-MM-DD`` when the file sits directly in a folder named for a real date, else ``""``."""
    match = _DATE_DIR.fullmatch(path.parent.name)
    if not match:
        return ""
    try:
        date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return ""
    return match[0]


def decode(data: bytes) -> str:
    """Bytes to text: a BOM decides, else UTF-8, else Windows-1252, else Latin-1 (never fails)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data[:2] in _UTF16_BOMS:
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def head_text(head: bytes) -> str:
    """A lenient decoding of a file's first bytes, for sniffing (a cut multi-byte character is harmless)."""
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    elif head[:2] in _UTF16_BOMS:
        return head[: len(head) - len(head) % 2].decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")


def head_lines(head: bytes, count: int) -> list[str]:
    """The first ``count`` lines of the head, without line endings."""
    return [line.rstrip("\r") for line in head_text(head).split("\n", count)[:count]]


def binary_reason(head: bytes) -> str:
    """Why the head looks binary (NUL bytes, many control bytes), or ``""`` when it looks like text."""
    if head[:2] in _UTF16_BOMS:
        return ""
    if b"\x00" in head:
        return "it has NUL bytes"
    controls = len(head) - len(head.translate(None, delete=_CONTROL_BYTES))
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return f"{controls} of its first {len(head)} bytes are control characters"
    return ""


MAX_GZIP_LAYERS = 3  # gzip inside gzip is unwrapped this many times; deeper is rejected


def gunzip(data: bytes, *, limit: int) -> bytes:
    """Decompress a (possibly multi-member, possibly nested) gzip blob, never holding more than ``limit + 1``
    bytes of output: decompression streams and stops at the limit.

    Raises InputError E104 when it is truncated, corrupt or nested too deep, E103 when it unpacks past the limit.
    """
    for _ in range(MAX_GZIP_LAYERS):
        data = _gunzip_once(data, limit=limit)
        if not data.startswith(GZIP_MAGIC):
            return data
    raise InputError("E104", f"corrupt: gzip nested more than {MAX_GZIP_LAYERS} deep")


def _gunzip_once(data: bytes, *, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=_BytesReader(data)) as stream:
            out = stream.read(limit + 1)
    except EOFError as error:
        raise InputError("E104", f"truncated: {error}") from error
    except (OSError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise InputError("E104", f"corrupt: {error}") from error
    if len(out) > limit:
        raise InputError("E103", f"unpacks to more than {limit:,} bytes")
    return out


def inflate(data: bytes, encoding: str, *, limit: int) -> bytes:
    """Undo an HTTP ``Content-Encoding`` (gzip, x-gzip, deflate, br; identity passes), streaming, refusing more
    than ``limit`` bytes out. Raises InputError E103 past the limit, E104 when the payload does not decode."""
    encoding = encoding.strip().lower()
    try:
        if encoding in {"gzip", "x-gzip"}:
            return _capped_zlib(data, zlib.decompressobj(wbits=47), limit)  # 47: gzip or zlib header, detected
        if encoding == "deflate":  # servers send zlib-wrapped or raw deflate under this name
            try:
                return _capped_zlib(data, zlib.decompressobj(), limit)
            except zlib.error:
                return _capped_zlib(data, zlib.decompressobj(wbits=-15), limit)
        if encoding == "br":
            return _capped_brotli(data, limit)
    except zlib.error as error:
        raise InputError("E104", f"corrupt {encoding} content: {error}") from error
    return data


def _capped_zlib(data: bytes, decompressor: zlib._Decompress, limit: int) -> bytes:
    out = decompressor.decompress(data, limit + 1)
    if len(out) > limit:
        raise InputError("E103", f"content unpacks to more than {limit:,} bytes")
    return out


def _capped_brotli(data: bytes, limit: int) -> bytes:
    import brotli

    decompressor = brotli.Decompressor()
    try:
        out = decompressor.process(data, output_buffer_limit=limit + 1)
    except brotli.error as error:
        raise InputError("E104", f"corrupt br content: {error}") from error
    if len(out) > limit:
        raise InputError("E103", f"content unpacks to more than {limit:,} bytes")
    return out


class _BytesReader:
    """The smallest file object GzipFile needs, without copying ``data``."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size < 0 else self._pos + size
        chunk = self._view[self._pos : end].tobytes()
        self._pos += len(chunk)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:  # GzipFile only seeks relative to the current position
        self._pos = max(0, {0: 0, 1: self._pos, 2: len(self._view)}[whence] + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos


# --- HTML fragments (feed entries) to text -------------------------------------------------------

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
})
_TAG = re.compile(r"<[^>]*>")


def html_to_text(markup: str) -> str:
    """Readable text of an HTML fragment: one line per block element, whitespace collapsed, scripts dropped."""
    if "<" not in markup:
        return _tidy_lines(html.unescape(markup))
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy_lines(html.unescape(_TAG.sub(" ", markup)))
    for element in list(root.iter("script", "style", "noscript")):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return _tidy_lines(root.text_content())


def _tidy_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
