"""HTML pages, through trafilatura: main text, title, date, URL and author.

``extract_page`` is shared with the WARC reader. A page with no extractable text is E112. Before parsing, a
cheap scan rejects pages no parser should be given (E114): more than ``MAX_TAGS`` tags, or one tag with more
than ``MAX_ATTRIBUTES`` attributes (lxml's attribute handling is quadratic: 50,000 attributes on one element
held a run for two minutes). When trafilatura's
date is only a day and the page states the full timestamp in a ``<meta>`` or JSON-LD field, the timestamp is kept.
A title ending with the site's name (``Headline • Site``) loses it; lines of the text repeating the title go.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.budget import OverBudget
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
_META_TAG = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SITE_NAME_META = frozenset({"og:site_name", "application-name"})
_SCAN_CHARS = 300_000
_SEPARATORS = "|•·–—-:»~/"  # between a headline and the site name in a page title
MAX_TAGS = 200_000  # news pages hold 1,000–20,000
MAX_ATTRIBUTES = 1_000  # per tag; real elements carry a few dozen at most
_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{2000,}")  # only a tag this long can hold MAX_ATTRIBUTES attributes
_TAG_ATTRIBUTE = re.compile(rb"\s[^\s=<>\"'/]+\s*=")


def sniff(path: Path, head: bytes) -> bool:
    """An HTML document: ``<!doctype html`` or ``<html`` first (after comments or an XML declaration)."""
    return bool(_HTML_START.match(head_text(head[:4096]).lstrip()))


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    yield extract_page(data, source=str(path), raw_sha=raw_sha)


def structure_problem(data: bytes) -> str:
    """Why a page is too big a tree to parse (too many tags, a tag with too many attributes), or ``""``."""
    tags = data.count(b"<")
    if tags > MAX_TAGS and len(re.findall(rb"<[A-Za-z/!]", data)) > MAX_TAGS:
        return f"more than {MAX_TAGS:,} tags"
    for match in _LONG_TAG.finditer(data):
        attributes = len(_TAG_ATTRIBUTE.findall(match[0]))
        if attributes > MAX_ATTRIBUTES:
            return f"a tag with {attributes:,} attributes (at most {MAX_ATTRIBUTES:,})"
    return ""


def extract_page(
    data: bytes, *, source: str, raw_sha: str, url: str = "", fmt: str = FORMAT, record_index: int = 0,
    published_hint: str = "",
) -> RawArticle | Rejection:
    """One page's article; E112 when trafilatura finds no main text in it, E114 when it is too big a tree, E113
    when extraction outlasts the time budget (the other pages of a WARC are still read)."""
    problem = structure_problem(data)
    if problem:
        return reject(source, "E114", f"HTML page too complex to parse: {problem}")
    import trafilatura

    try:
        document = trafilatura.bare_extraction(data, url=url or None, with_metadata=True, include_comments=False)
    except OverBudget as over:
        return reject(source, "E113", f"HTML extraction took longer than {over.seconds:g} s "
                                      "(setting max_input_seconds)")
    except Exception as error:  # one page that trafilatura cannot handle must not end a WARC's other pages
        return reject(source, "E112", f"HTML page could not be extracted: {type(error).__name__}: {error}")
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        return reject(source, "E112", "HTML page has no extractable text (trafilatura found no main content)")
    title = _without_site_name((document.title or "").strip(), _site_names(data, document.sitename or ""))
    return RawArticle(
        source=source, format=fmt, text=_without_headline(text, title), title=title,
        url=(url or document.url or "").strip(),
        published=_full_timestamp(data, document.date or ""), author=(document.author or "").strip(),
        raw_sha=raw_sha, record_index=record_index, published_hint=published_hint,
    )


def _site_names(data: bytes, sitename: str) -> set[str]:
    """What the page calls its site: trafilatura's pick (a JSON-LD publisher wins over og:site_name), and the
    ``og:site_name`` and ``application-name`` meta tags."""
    names = {sitename.strip()}
    for tag in _META_TAG.findall(_scan_text(data)):
        attributes = {name.lower(): double or single for name, double, single in _ATTRIBUTE.findall(tag)}
        if (attributes.get("property") or attributes.get("name") or "").lower() in _SITE_NAME_META:
            names.add(html.unescape(attributes.get("content", "")).strip())
    return names - {""}


def _without_site_name(title: str, sites: set[str]) -> str:
    """``Headline • Site`` → ``Headline`` when ``Site`` is one of the page's names for its site.

    SEO plugins put the whole ``<title>``, site name and all, in ``og:title``, which trafilatura prefers.
    """
    for site in sites:
        head = title[: -len(site)].rstrip() if title.lower().endswith(site.lower()) else ""
        if len(head) > 2 and head[-1] in _SEPARATORS and head[-2] == " ":  # not the name alone, nor a word's end
            return head[:-1].rstrip()
    return title


def _without_headline(text: str, title: str) -> str:
    """The text without lines repeating the headline: the first line, or one after the body when trafilatura
    pads a short article with the page's other text (it does, even with the headline in a ``<h1>``)."""
    if not title:
        return text
    kept = [line for line in text.split("\n") if line.strip().lower() != title.lower()]
    return "\n".join(kept).strip() if any(line.strip() for line in kept) else text


def _full_timestamp(data: bytes, day: str) -> str:
    """The page's own full timestamp for ``day`` when it states one, else ``day``."""
    if not day or len(day) > 10:
        return day
    for match in _TIMESTAMP.finditer(_scan_text(data)):
        if match[1].startswith(day):
            return match[1]
    return day


def _scan_text(data: bytes) -> str:
    """The start of the page as text, for the meta tags trafilatura does not report."""
    return data[:_SCAN_CHARS].decode("utf-8", errors="replace")
