"""WARC archives (``.warc``, ``.warc.gz``), through fastwarc: each HTML ``response`` record is one article.

The page goes through the HTML reader; its URL is the record's ``WARC-Target-URI`` and the record's
``WARC-Date`` (when the page was fetched) is the date hint used when the page states no date of its own.
Other records (requests, metadata, images, scripts) are skipped. HTTP transfer and content encodings are
undone; the content encoding (gzip, deflate, br) streams and stops at ``max_input_bytes`` (E103: a small
record cannot unpack into gigabytes). A record cut short, or bytes that are not WARC, give E108; reading stops
there.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.ingest.common import inflate, record_source, reject
from storyline.ingest.html import extract_page
from storyline.ingest.html import sniff as html_sniff
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

FORMAT = "warc"
MALFORMED = "E108"
EXTENSIONS = (".warc",)
MAGIC = (b"WARC/1.", b"WARC/0.")
_HTML_TYPES = ("text/html", "application/xhtml")


def sniff(path: Path, head: bytes) -> bool:
    return head.lstrip(b"\r\n").startswith(MAGIC)


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    from fastwarc.warc import ArchiveIterator

    if not sniff(path, data[:16]):
        yield reject(path, "E108", "malformed WARC: the file does not start with a WARC/1.x record")
        return
    # transfer encoding (chunked) only: fastwarc would undo a content encoding in full, whatever its size
    records = ArchiveIterator(io.BytesIO(data), parse_http=True, auto_decode="transfer", stream_detect=False,
                              fsspec_args=False)
    index = -1
    try:
        for index, record in enumerate(records):
            cut = _truncation(data, record.stream_pos, record.headers.get("Content-Length"))
            if cut:
                yield reject(record_source(path, index), "E108", f"malformed WARC record {index}: {cut}")
                return
            if not _is_ok_response(record):
                continue
            source = record_source(path, index)
            try:
                payload = _payload(record, limit=settings.max_input_bytes)
            except InputError as error:
                yield reject(source, error.code, f"WARC record {index}: {error.detail}")
                continue
            if not _is_html(record.http_headers.get("Content-Type") or "", payload):
                continue
            yield extract_page(
                payload, source=source, raw_sha=raw_sha, fmt=FORMAT,
                url=(record.headers.get("WARC-Target-URI") or "").strip("<> "), record_index=index,
                published_hint=record.headers.get("WARC-Date") or "",
            )
    except (OSError, ValueError) as error:
        yield reject(record_source(path, index + 1), "E108", f"malformed WARC at record {index + 1}: {error}")


def _payload(record: Any, *, limit: int) -> bytes:
    """The record's HTTP body with its content encoding undone, at most ``limit`` bytes (else InputError E103)."""
    body = record.reader.read(limit + 1)
    if len(body) > limit:
        raise InputError("E103", f"payload larger than {limit:,} bytes (setting max_input_bytes)")
    encoding = record.http_headers.get("Content-Encoding") or ""
    return inflate(body, encoding, limit=limit) if encoding else body


def _is_ok_response(record: Any) -> bool:
    from fastwarc.warc import WarcRecordType

    if record.record_type != WarcRecordType.response or record.http_headers is None:
        return False
    status = record.http_headers.status_code
    return not status or 200 <= status < 300


def _is_html(content_type: str, payload: bytes) -> bool:
    """An HTML payload by its declared type, or by its first bytes when it declares none."""
    content_type = content_type.lower().strip()
    if content_type:
        return content_type.startswith(_HTML_TYPES)
    return html_sniff(Path("page.html"), payload[:4096])


def _truncation(data: bytes, position: int, length: str | None) -> str:
    """Why the record at ``position`` is cut short, or ``""``."""
    header_end = data.find(b"\r\n\r\n", position)
    if header_end < 0 or length is None or not length.strip().isdigit():
        return "no complete WARC header with a Content-Length"
    missing = header_end + 4 + int(length) - len(data)
    return f"the file ends {missing:,} bytes before the record does" if missing > 0 else ""
