"""Ingest: files, folders and archives in; one RawArticle or Rejection per input record out.

    read_paths(paths, *, settings, fields=None) -> Iterator[RawArticle | Rejection]

Folders are walked recursively in sorted order, hidden names skipped (and Timeline17's ``timelines/`` and
``keywords.json``, see ``storyline.ingest.walk``). Each file is guarded first — unreadable E109, larger than
``settings.max_input_bytes`` E103, empty E101, a truncated or corrupt gzip E104, binary E102 — then read by
the first reader whose ``sniff`` knows its content, else the first that claims its extension, else E100.

Each format is one module with ``FORMAT``, ``sniff(path, head) -> bool`` and ``read(path, data, *, raw_sha,
settings, fields) -> Iterator[RawArticle | Rejection]`` (and ``MALFORMED``, the code for a reader that fails,
and ``EXTENSIONS``). Every yielded item is one input: one per record of a multi-record file (CSV row, JSON
line, feed entry, WARC HTML response), one per file otherwise; a file that holds no record at all yields one
E110. Bad input never raises: an unexpected exception while reading a file becomes one E199 rejection for what
is left of it, and producing one record may take at most ``settings.max_input_seconds`` (E113, see
``storyline.ingest.budget``). Every string of every item is storable UTF-8: a file name that is not UTF-8 is
written with ``\\xNN`` escapes in ``source``, lone surrogates in the content become U+FFFD. The same file named
twice (two spellings, or a folder and a file inside it) is read once. docs/formats.md says what each reader
accepts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from storyline.errors import InputError, SettingError
from storyline.ingest import dated, feeds, html, plaintext, seed, tabular, timelines, warc
from storyline.ingest.budget import OverBudget, time_budget
from storyline.ingest.common import (
    GZIP_MAGIC,
    HEAD_BYTES,
    binary_reason,
    folder_date,
    gunzip,
    reject,
    source_name,
    storable_text,
    suffix,
)
from storyline.ingest.tabular import resolve_fields
from storyline.ingest.walk import iter_files
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

# Content first, in this order; WARC comes before the binary check (its records may hold images).
READERS: tuple[ModuleType, ...] = (warc, seed, feeds, html, dated, tabular, timelines, plaintext)

_GZIP_PROBLEMS = {
    "E104": "truncated or corrupt gzip file: ",
    "E103": "input larger than the size limit (setting max_input_bytes) once decompressed: ",
}

__all__ = ["READERS", "parse_field_options", "read_bytes", "read_paths", "resolve_fields"]


def read_paths(
    paths: Iterable[str | Path], *, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    """Every article under ``paths`` (files and folders), one item per input record; never raises for bad input.

    ``fields`` names columns for CSV/JSON (``{"title": "headline"}``); a bad field name raises SettingError E602.
    """
    resolved = resolve_fields(fields)
    for item in iter_files(paths):
        if isinstance(item, Rejection):
            yield item
        else:
            yield from _guarded(item, _read_file(item, settings=settings, fields=resolved))


def _guarded(path: Path, items: Iterator[RawArticle | Rejection]) -> Iterator[RawArticle | Rejection]:
    """``items`` made storable; an unexpected exception ends the file as one E199 rejection, never the run."""
    count = 0
    try:
        for item in items:
            count += 1
            yield storable(item)
    except Exception as error:  # a bug met on one input: the rest of this file is one rejection, the run goes on
        yield reject(path, "E199", f"unexpected error after {count} records of this file: "
                                   f"{type(error).__name__}: {error}")


def storable(item: RawArticle | Rejection) -> RawArticle | Rejection:
    """The item with every string storable as UTF-8 (names as ``\\xNN``, lone surrogates as U+FFFD)."""
    if isinstance(item, Rejection):
        return replace(item, source=source_name(item.source), message=storable_text(item.message))
    return replace(
        item, source=source_name(item.source), format=storable_text(item.format), text=storable_text(item.text),
        title=storable_text(item.title), url=storable_text(item.url), published=storable_text(item.published),
        author=storable_text(item.author), published_hint=storable_text(item.published_hint),
    )


def read_bytes(
    path: str | Path, data: bytes, *, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    """Read one input already in memory, named ``path`` (how stored raw inputs are read again)."""
    path = Path(path)
    yield from _guarded(path, _read_bytes(path, data, settings=settings, fields=resolve_fields(fields)))


def _read_bytes(
    path: Path, data: bytes, *, settings: Settings, fields: Mapping[str, str],
) -> Iterator[RawArticle | Rejection]:
    source = str(path)
    if len(data) > settings.max_input_bytes:
        yield reject(source, "E103", f"input larger than the size limit: {len(data):,} bytes > "
                                     f"{settings.max_input_bytes:,} (setting max_input_bytes)")
        return
    if not data or data.isspace():
        yield reject(source, "E101", "empty input: the file has no content" if not data else "empty input: "
                                     "the file holds only whitespace")
        return
    if data.startswith(GZIP_MAGIC):  # nested gzip is unwrapped too, each layer capped at max_input_bytes
        try:
            data = gunzip(data, limit=settings.max_input_bytes)
        except InputError as error:
            yield reject(source, error.code, _GZIP_PROBLEMS[error.code] + error.detail)
            return
        if not data or data.isspace():
            yield reject(source, "E101", "empty input: the gzip file decompresses to nothing")
            return
    yield from _read_data(path, data, settings=settings, fields=fields)


def parse_field_options(options: Iterable[str]) -> dict[str, str]:
    """``["title=headline", "text=body"]`` (the CLI's ``--field``) → a checked ``fields`` mapping."""
    pairs: dict[str, str] = {}
    for option in options:
        name, sep, column = option.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise SettingError("E602", f"--field {option}", hint="write --field NAME=COLUMN, e.g. title=headline")
        pairs[name.strip()] = column.strip()
    return resolve_fields(pairs)


def _read_file(path: Path, *, settings: Settings, fields: Mapping[str, str]) -> Iterator[RawArticle | Rejection]:
    source = str(path)
    try:
        if not path.is_file():
            yield reject(source, "E109", "unreadable file: not a regular file")
            return
        size = path.stat().st_size
        if size > settings.max_input_bytes:
            yield reject(source, "E103", f"input larger than the size limit: {size:,} bytes > "
                                         f"{settings.max_input_bytes:,} (setting max_input_bytes)")
            return
        data = path.read_bytes()
    except OSError as error:
        yield reject(source, "E109", f"unreadable file: {error.strerror or error}")
        return
    yield from _read_bytes(path, data, settings=settings, fields=fields)


def _read_data(
    path: Path, data: bytes, *, settings: Settings, fields: Mapping[str, str],
) -> Iterator[RawArticle | Rejection]:
    source = str(path)
    head = data[:HEAD_BYTES]
    reader = warc if warc.sniff(path, head) else None
    if reader is None:
        reason = binary_reason(head)
        if reason:
            yield reject(source, "E102", f"binary input, not text: {reason}")
            return
        reader = choose_reader(path, head)
    if reader is None:
        yield reject(source, "E100", f"unknown format: no reader recognised {path.name!r} by its content or its "
                                     f"extension {suffix(path)!r} (see docs/formats.md)")
        return
    raw_sha = hashlib.sha256(data).hexdigest()
    hint = folder_date(path)
    count = 0
    records = reader.read(path, data, raw_sha=raw_sha, settings=settings, fields=dict(fields))
    while True:
        try:
            with time_budget(settings.max_input_seconds):  # per record: the time between two yields
                item = next(records, None)
        except OverBudget as over:  # the reader is stopped: the rest of this file is one rejection
            yield reject(source, "E113", f"the {reader.FORMAT} reader took longer than {over.seconds:g} s on one "
                                         f"record after {count} records (setting max_input_seconds)")
            return
        except Exception as error:  # a reader bug must not stop the batch: the rest of this file is one rejection
            yield reject(source, "E199", f"{reader.FORMAT} reader failed after {count} records: "
                                         f"{type(error).__name__}: {error}")
            return
        if item is None:
            break
        count += 1
        if hint and isinstance(item, RawArticle) and not item.published_hint:
            item = replace(item, published_hint=hint)
        yield item
    if count == 0:
        yield reject(source, "E110", f"no records: the {reader.FORMAT} file holds no article")


def choose_reader(path: str | Path, head: bytes) -> ModuleType | None:
    """The reader for a file: the first whose sniff knows the content, else the first claiming the extension."""
    path = Path(path)
    for reader in READERS:
        if reader.sniff(path, head):
            return reader
    extension = suffix(path)
    return next((reader for reader in READERS if extension in reader.EXTENSIONS), None)
