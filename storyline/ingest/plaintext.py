"""Plain text that no other reader claims: the first line is the title; there is no date.

A short first line over more lines is a headline and is left out of the text; a file that is one
paragraph keeps it all as text and takes its first line (cut at 200 characters) as the title. Only
text-like names are read this way (``.txt``, ``.text``, ``.md``, no suffix); anything else unknown is E100.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.common import TEXT_SUFFIXES, decode, reject, suffix
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

FORMAT = "text"
MALFORMED = "E110"
EXTENSIONS: tuple[str, ...] = tuple(sorted(TEXT_SUFFIXES - {""}))
HEADLINE_CHARS = 200


def sniff(path: Path, head: bytes) -> bool:
    return suffix(path) in TEXT_SUFFIXES


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    text = decode(data).strip()
    if not text:
        yield reject(path, "E110", "plain-text file has no text")
        return
    title, text = split_title(text)
    yield RawArticle(source=str(path), format=FORMAT, text=text, title=title, raw_sha=raw_sha)


def split_title(text: str) -> tuple[str, str]:
    """(title, text): a short first line over a body is a headline; else the first line, cut, and all the text."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if rest.strip() and len(first) <= HEADLINE_CHARS:
        return first, rest.strip()
    return cut(first, HEADLINE_CHARS), text


def cut(line: str, limit: int) -> str:
    """``line`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when cut."""
    if len(line) <= limit:
        return line
    cut_at = line.rfind(" ", 0, limit)
    return line[: cut_at if cut_at > limit // 2 else limit].rstrip(" ,;:") + "…"
