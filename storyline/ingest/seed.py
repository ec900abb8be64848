"""The seed format: line 1 title, line 2 date ``YYYYMMDD``, line 3 URL, then the body.

``examples/000_eae2988b17b06bab.txt`` is one. A file whose line 2 or 3 looks meant for this header but is
wrong (``2022-02-28``, an impossible date, a URL with spaces) is rejected with E111 rather than read as
plain text with a misleading title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from storyline.ingest.common import decode, head_lines, reject
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

FORMAT = "seed"
MALFORMED = "E111"
EXTENSIONS: tuple[str, ...] = ()
MAX_TITLE_CHARS = 1000

_DATE = re.compile(r"\d{8}")
_DATE_LIKE = re.compile(r"\d[\d\s./-]{4,12}\d")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_URL_LIKE = re.compile(r"(https?:|www\.)\S*", re.IGNORECASE)


def sniff(path: Path, head: bytes) -> bool:
    """A strict date on line 2, or a URL on line 3 under a date-like line 2."""
    lines = head_lines(head, 4)
    if len(lines) < 3 or not lines[0].strip():
        return False
    date, url = lines[1].strip(), lines[2].strip()
    if _DATE.fullmatch(date):
        return bool(_URL_LIKE.match(url))
    return bool(_DATE_LIKE.fullmatch(date)) and bool(_URL.fullmatch(url))


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    title, date, url, body = [*decode(data).split("\n", 3), "", "", ""][:4]
    title, date, url = title.strip(), date.strip(), url.strip()
    problem = _header_problem(title, date, url)
    if problem:
        yield reject(path, "E111", f"seed-format header is malformed: {problem}; expected line 1 title, "
                                   "line 2 date YYYYMMDD, line 3 URL, then the body")
        return
    text = body.strip()
    if not text:
        yield reject(path, "E110", "seed-format file has a header but no body after line 3")
        return
    yield RawArticle(source=str(path), format=FORMAT, text=text, title=title, url=url, published=date,
                     raw_sha=raw_sha)


def _header_problem(title: str, date: str, url: str) -> str:
    if not title:
        return "line 1 (title) is empty"
    if len(title) > MAX_TITLE_CHARS:
        return f"line 1 (title) is {len(title):,} characters long"
    if not _DATE.fullmatch(date):
        return f"line 2 should be a date YYYYMMDD, found {date[:40]!r}"
    try:
        datetime.strptime(date, "%Y%m%d")
    except ValueError:
        return f"line 2 {date!r} is not a real date"
    if not _URL.fullmatch(url):
        return f"line 3 should be an http(s) URL, found {url[:80]!r}"
    return ""
