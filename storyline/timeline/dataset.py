"""Read a Timeline17-layout folder: topics of dated, tokenized articles with reference timelines.

Layout: ``<topic>/<Source>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt`` (one tokenized sentence a line, the
publication date from the folder), ``<topic>/<Source>/timelines/*.txt`` (tilse format) and
``<topic>/keywords.json``. Articles come out as ``Article`` records with detokenized text, so the
timeline code sees what it sees in production.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from storyline.errors import StorylineError
from storyline.records import Article
from storyline.timeline.text import detokenize

_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEPARATOR = re.compile(r"^-{5,}\s*$")


@dataclass(frozen=True)
class ReferenceTimeline:
    """One reference timeline: dates to its tokenized summary sentences (as in the file)."""

    name: str
    entries: tuple[tuple[date, tuple[str, ...]], ...]

    @property
    def dates(self) -> list[date]:
        return [day for day, _ in self.entries]

    @property
    def sentences_per_date(self) -> int:
        """The news-tls summary length: average sentences per date, rounded, at least 1."""
        total = sum(len(sentences) for _, sentences in self.entries)
        return max(1, round(total / max(1, len(self.entries))))


@dataclass(frozen=True)
class Topic:
    name: str
    keywords: tuple[str, ...]
    articles: tuple[Article, ...]
    references: tuple[ReferenceTimeline, ...]


def topic_names(root: Path) -> list[str]:
    """Topics under ``root``: folders with at least one ``InputDocs`` below a source folder."""
    names = sorted(path.name for path in root.iterdir() if path.is_dir() and any(path.glob("*/InputDocs")))
    if not names:
        raise StorylineError("E701", str(root), hint="expected <topic>/<Source>/InputDocs/<YYYY-MM-DD>/*.txt")
    return names


def load_topic(root: Path, name: str) -> Topic:
    folder = root / name
    if not any(folder.glob("*/InputDocs")):
        raise StorylineError("E701", str(folder), hint=f"known topics: {', '.join(topic_names(root))}")
    return Topic(
        name=name,
        keywords=_keywords(folder),
        articles=tuple(_articles(folder)),
        references=tuple(_references(folder)),
    )


def _keywords(folder: Path) -> tuple[str, ...]:
    path = folder / "keywords.json"
    return tuple(json.loads(path.read_text())) if path.exists() else ()


def _articles(folder: Path) -> Iterator[Article]:
    for day_dir in sorted(folder.glob("*/InputDocs/*")):
        if not (day_dir.is_dir() and _DATE_DIR.match(day_dir.name)):
            continue
        published = datetime.fromisoformat(day_dir.name).replace(tzinfo=UTC)
        for path in sorted(day_dir.glob("*.txt")):
            article = _article(path, published=published, relative=str(path.relative_to(folder.parent)))
            if article is not None:
                yield article


def _article(path: Path, *, published: datetime, relative: str) -> Article | None:
    lines = [detokenize(line) for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    text = "\n".join(line for line in lines if line)
    if not text:
        return None
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(
        id=hashlib.sha256(relative.encode()).hexdigest()[:16], source=relative, format="t17", title=lines[0][:120],
        text=text, url="", canonical_url="", published=published, date_precision="day", language="en",
        language_score=1.0, author="", content_hash=digest, raw_sha=digest,
    )


def _references(folder: Path) -> Iterator[ReferenceTimeline]:
    for path in sorted(folder.glob("*/timelines/*.txt")):
        yield ReferenceTimeline(name=f"{path.parent.parent.name}/{path.name}", entries=parse_timeline(path.read_text()))


def parse_timeline(text: str) -> tuple[tuple[date, tuple[str, ...]], ...]:
    """Parse the tilse/Timeline17 format: a date line, summary lines, a dashed separator."""
    entries: dict[date, list[str]] = {}
    current: date | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if _SEPARATOR.match(stripped):
            current = None
        elif current is None and _DATE_DIR.match(stripped):
            current = date.fromisoformat(stripped)
            entries.setdefault(current, [])
        elif current is not None and stripped:
            entries[current].append(stripped)
    return tuple(sorted((day, tuple(sentences)) for day, sentences in entries.items()))


def fingerprint(root: Path, names: list[str] | None = None) -> str:
    """SHA-256 over the topics' files (paths and bytes): pinned scores hold only for the same data."""
    digest = hashlib.sha256()
    for name in names or topic_names(root):
        for path in sorted((root / name).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
