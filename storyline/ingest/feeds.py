"""RSS and Atom feeds, through feedparser: one article per entry.

An entry's text is its content (the longest), else its summary, with HTML turned into text; with its title,
link, published (else updated) date as written, and author. A feed that does not parse and has no entries is
E107 (so is one whose recovered entries have no text at all); one that parses badly but still yields
entries with text is read, except an entry the file ends inside (a cut download), which is E107. An entry with
no text is E110.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.common import head_text, html_to_text, record_source, reject
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

FORMAT = "feed"
MALFORMED = "E107"
EXTENSIONS = (".rss", ".atom", ".xml")

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<html[\s>]", re.IGNORECASE)
_ENTRY_START = re.compile(rb"<(?:\w+:)?(?:item|entry)[\s>]", re.IGNORECASE)
_ENTRY_END = re.compile(rb"</(?:\w+:)?(?:item|entry)\s*>", re.IGNORECASE)


def sniff(path: Path, head: bytes) -> bool:
    """``<rss``, ``<feed`` or ``<rdf:RDF`` near the start, before any ``<html``."""
    text = head_text(head[:4096])
    feed = _FEED_ROOT.search(text)
    if not feed:
        return False
    page = _HTML_ROOT.search(text)
    return page is None or feed.start() < page.start()


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # a stream: feedparser never fetches anything
    if parsed.bozo and not any(_entry_text(entry) for entry in parsed.entries):
        yield reject(path, "E107", f"malformed XML feed: {parsed.get('bozo_exception', 'unparseable')}")
        return
    if not parsed.entries:
        yield reject(path, "E110", "the feed has no entries")
        return
    cut = len(parsed.entries) - 1 if parsed.bozo and _ends_inside_entry(data, len(parsed.entries)) else -1
    for index, entry in enumerate(parsed.entries):
        source = record_source(path, index)
        if index == cut:  # what feedparser recovers of it is part of an article, or only its summary
            yield reject(source, "E107", f"feed entry {index} is cut short: the file ends inside it")
        else:
            yield _entry_article(entry, source=source, raw_sha=raw_sha, index=index)


def _ends_inside_entry(data: bytes, entries: int) -> bool:
    """The file stops inside its last entry (a download cut short), and that entry is feedparser's last."""
    starts = list(_ENTRY_START.finditer(data))
    return len(starts) == entries > 0 and not _ENTRY_END.search(data, starts[-1].end())


def _entry_article(entry: Any, *, source: str, raw_sha: str, index: int) -> RawArticle | Rejection:
    text = _entry_text(entry)
    if not text:
        return reject(source, "E110", f"feed entry {index} has no content or summary")
    return RawArticle(
        source=source, format=FORMAT, text=text, title=html_to_text(entry.get("title", "")),
        url=entry.get("link", "").strip(), published=(entry.get("published") or entry.get("updated") or "").strip(),
        author=(entry.get("author") or "").strip(), raw_sha=raw_sha, record_index=index,
    )


def _entry_text(entry: Any) -> str:
    candidates = [(part.get("value") or "", part.get("type") or "") for part in entry.get("content") or []]
    if not any(value.strip() for value, _ in candidates):
        candidates = [(entry.get("summary") or "", (entry.get("summary_detail") or {}).get("type") or "text/html")]
    value, kind = max(candidates, key=lambda candidate: len(candidate[0]))
    return value.strip() if kind == "text/plain" else html_to_text(value)
