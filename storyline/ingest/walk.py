"""Which files a list of paths names: folders walked recursively in sorted order, hidden names skipped.

Timeline17 trees hold more than articles: ``<Source>/timelines/`` (reference timelines) beside
``<Source>/InputDocs/``, and ``<topic>/keywords.json``. A folder walk skips both silently; a user who names
one of them directly gets it read, and its reader rejects it with E100.

A file is yielded once per run however often it is named: ``a.csv`` and ``./a.csv``, a folder and a file inside
it, a symlink and its target all name one file (compared by real path), which is read the first time only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.ingest.common import reject
from storyline.records import Rejection

T17_ARTICLES = "InputDocs"
T17_TIMELINES = "timelines"
T17_KEYWORDS = "keywords.json"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Rejection]:
    """Every file named or under a named folder, in order, each once; an unreadable folder or a missing path
    is E109."""
    files: set[str] = set()
    for given in paths:
        path = Path(given)
        try:
            kind = "folder" if path.is_dir() else "file" if path.exists() or path.is_symlink() else ""
        except (OSError, ValueError) as error:  # a name too long, a NUL byte in it
            yield reject(path, "E109", f"unreadable path: {getattr(error, 'strerror', None) or error}")
            continue
        if kind == "folder":
            found: Iterator[Path | Rejection] = _walk(path, seen=set())
        elif kind == "file":
            found = iter([path])
        else:
            yield reject(path, "E109", "unreadable file: no such file or folder")
            continue
        for item in found:
            if isinstance(item, Rejection) or _first_time(item, files):
                yield item


def _first_time(path: Path, files: set[str]) -> bool:
    """True the first time a file is met in this run (by its real path)."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        real = os.path.abspath(path)
    if real in files:
        return False
    files.add(real)
    return True


def _walk(folder: Path, *, seen: set[str]) -> Iterator[Path | Rejection]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink back up the tree
        return
    seen.add(real)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield reject(folder, "E109", f"unreadable folder: {error.strerror or error}")
        return
    names = {entry.name for entry in entries}
    holds_articles = T17_ARTICLES in names
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if _is_dir(entry):
            if holds_articles and entry.name == T17_TIMELINES:
                continue
            yield from _walk(path, seen=seen)
        elif entry.name == T17_KEYWORDS and _is_t17_topic(entries):
            continue
        else:
            yield path


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_t17_topic(entries: list[os.DirEntry[str]]) -> bool:
    """A Timeline17 topic folder: one of its sub-folders holds an InputDocs folder."""
    return any(_is_dir(entry) and (Path(entry.path) / T17_ARTICLES).is_dir() for entry in entries)
