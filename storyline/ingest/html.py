"""HTML pages, through trafilatura: main text, title, date, URL and author.

``extract_page`` is shared with the WARC reader. A page with no extractable text is E112. When trafilatura's
date is only a day and the page states the full timestamp in a ``<meta>`` or JSON-LD field, the timestamp is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.common import head_text, reject
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

FORMAT = "html"
MALFORMED = "E112"
EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")

_HTML_START = re.compile(r"(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_TIMESTAMP = re.compile(
    r"""(?:(?:article:published_time|og:published_time|datepublished|pubdate|publish[-_]date|dc\.date)["'][^>]*?"""
    r"""content=["']|"datePublished"\s*:\s*")(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^"'<>\s]*)""",
    re.IGNORECASE,
)
_SCAN_CHARS = 300_000


def sniff(path: Path, head: bytes) -> bool:
    """An HTML document: ``<!doctype html`` or ``<html`` first (after comments or an XML declaration)."""
    return bool(_HTML_START.match(head_text(head[:4096]).lstrip()))


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    yield extract_page(data, source=str(path), raw_sha=raw_sha)


def extract_page(
    data: bytes, *, source: str, raw_sha: str, url: str = "", fmt: str = FORMAT, record_index: int = 0,
    published_hint: str = "",
) -> RawArticle | Rejection:
    """One page's article, or E112 when trafilatura finds no main text in it."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(data, url=url or None, with_metadata=True, include_comments=False)
    except Exception as error:  # one page that trafilatura cannot handle must not end a WARC's other pages
        return reject(source, "E112", f"HTML page could not be extracted: {type(error).__name__}: {error}")
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        return reject(source, "E112", "HTML page has no extractable text (trafilatura found no main content)")
    title = (document.title or "").strip()
    first, _, rest = text.partition("\n")
    if title and rest.strip() and first.strip().lower() == title.lower():
        text = rest.strip()  # the headline repeated as the first line of the text
    return RawArticle(
        source=source, format=fmt, text=text, title=title, url=(url or document.url or "").strip(),
        published=_full_timestamp(data, document.date or ""), author=(document.author or "").strip(),
        raw_sha=raw_sha, record_index=record_index, published_hint=published_hint,
    )


def _full_timestamp(data: bytes, day: str) -> str:
    """The page's own full timestamp for ``day`` when it states one, else ``day``."""
    if not day or len(day) > 10:
        return day
    for match in _TIMESTAMP.finditer(data[:_SCAN_CHARS].decode("utf-8", errors="replace")):
        if match[1].startswith(day):
            return match[1]
    return day
