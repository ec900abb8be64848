"""Timeline17 reference timelines (tilse format) are answers for evaluation, not articles: rejected with E100.

A folder walk skips them silently (``timelines/`` beside ``InputDocs/``); this reader only meets one the
user named directly, and says what it is. Format: a ``YYYY-MM-DD`` line, sentences, a line of dashes, again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.common import head_text, reject
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

FORMAT = "t17-timeline"
MALFORMED = "E100"
EXTENSIONS: tuple[str, ...] = ()

_FIRST_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*\n")
_SEPARATOR = re.compile(r"^-{10,}\s*$", re.MULTILINE)


def sniff(path: Path, head: bytes) -> bool:
    text = head_text(head)
    return bool(_FIRST_DATE.match(text)) and bool(_SEPARATOR.search(text))


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    yield reject(path, "E100", "a Timeline17 reference timeline (dated entries between dashed lines), not an "
                               "article: timeline evaluation reads these; ingest the InputDocs folders instead")
