"""CSV (and TSV), JSON Lines and JSON files: one article per row, line or array element.

Columns are found by common names, case-insensitively (``title``/``headline``, ``date``/``published``/
``pubdate``/``publish_date``, ``url``/``link``, ``body``/``text``/``content``/``article``, ``author``/
``byline``; a ``summary``/``description`` stands in for a missing body). ``fields={"title": "headline"}``
(CLI ``--field title=headline``) names a column outright; for JSON a dotted name reaches into objects
(``--field author=byline.name``).

Every record is one input: a good one gives a RawArticle, a bad one a Rejection (E105 malformed CSV row,
E106 malformed JSON line, E110 no text) and reading goes on with the next. A CSV record that is malformed
across several lines (an unclosed quote) is rejected as its first line and reading resumes on the next.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from storyline.errors import SettingError
from storyline.ingest.common import decode, head_text, record_source, reject, suffix
from storyline.records import RawArticle, Rejection
from storyline.settings import Settings

FORMAT = "tabular"  # records carry "csv", "jsonl" or "json"
MALFORMED = "E105"
EXTENSIONS = (".csv", ".tsv", ".jsonl", ".ndjson", ".json")

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "head", "subject"),
    "published": ("date", "published", "pubdate", "publish_date", "published_at", "pub_date", "publication_date",
                  "date_published", "datetime", "timestamp", "created_at"),
    "url": ("url", "link", "href", "uri", "permalink", "article_url", "source_url"),
    "text": ("body", "text", "content", "article", "full_text", "fulltext", "article_text", "maintext", "story"),
    "author": ("author", "byline", "authors", "author_name", "creator", "writer"),
}
TEXT_FALLBACK = ("summary", "description", "abstract", "lead", "excerpt", "snippet")
FIELD_ALIASES = {"date": "published", "body": "text", "content": "text", "link": "url", "headline": "title",
                 "byline": "author"}
CONTAINER_KEYS = ("articles", "items", "data", "results", "entries", "documents", "docs", "records", "posts")
_KNOWN = frozenset(name for names in FIELD_NAMES.values() for name in names) | frozenset(TEXT_FALLBACK)
_SEPARATORS = {"text": "\n\n", "author": ", "}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # bodies of 100k+ characters are normal


def resolve_fields(fields: Mapping[str, str] | None) -> dict[str, str]:
    """Validate ``--field`` overrides: keys are title, published, url, text, author (or an alias)."""
    resolved: dict[str, str] = {}
    for name, column in (fields or {}).items():
        key = FIELD_ALIASES.get(name.strip().lower(), name.strip().lower())
        if key not in FIELD_NAMES:
            raise SettingError("E602", f"--field {name}={column}",
                               hint=f"field names are {', '.join(FIELD_NAMES)} (or {', '.join(FIELD_ALIASES)})")
        if not str(column).strip():
            raise SettingError("E602", f"--field {name}=", hint="name the column after '='")
        resolved[key] = str(column).strip()
    return resolved


def sniff(path: Path, head: bytes) -> bool:
    """JSON by its first character; CSV by a header line that names known columns."""
    text = head_text(head).lstrip()
    if text.startswith(("{", "[")):
        return True
    return _known_header(text.partition("\n")[0], _delimiter(path, text.partition("\n")[0]))


def read(
    path: Path, data: bytes, *, raw_sha: str, settings: Settings, fields: dict[str, str] | None = None,
) -> Iterator[RawArticle | Rejection]:
    fields = resolve_fields(fields)
    text = decode(data)
    if text.lstrip().startswith(("{", "[")) or suffix(path) in {".jsonl", ".ndjson", ".json"}:
        yield from _read_json(path, text, raw_sha=raw_sha, fields=fields)
    else:
        yield from _read_csv(path, text, raw_sha=raw_sha, fields=fields)


# --- CSV ------------------------------------------------------------------------------------------


def _read_csv(path: Path, text: str, *, raw_sha: str, fields: dict[str, str]) -> Iterator[RawArticle | Rejection]:
    lines = list(io.StringIO(text, newline=""))
    rows = _csv_rows(lines, _delimiter(path, lines[0] if lines else ""))
    first_line, header, problem = next(rows, (1, [], ""))
    if problem:
        yield reject(path, "E105", f"malformed CSV header (line {first_line}): {problem}")
        return
    columns = _csv_columns([cell.strip() for cell in header], fields)
    missing = _missing(columns, fields)
    for index, (first_line, row, problem) in enumerate(rows):
        source = record_source(path, index)
        if problem:
            yield reject(source, "E105", f"malformed CSV row at line {first_line}: {problem}")
        else:
            yield _article(source, "csv", {key: row[i] for key, i in columns.items()},
                           raw_sha=raw_sha, index=index, where=f"line {first_line}", missing=missing)


def _csv_rows(lines: list[str], delimiter: str) -> Iterator[tuple[int, list[str], str]]:
    """(first line number, cells, problem) per record, the header first; blank lines are no record.

    Every record after the header must have the header's width. A record that is malformed over several lines
    (an unclosed quote swallowing what follows) is reported as its first line, and parsing starts again on
    the line after it.
    """
    width = None
    start = 0
    while start < len(lines):
        reader = csv.reader(itertools.islice(lines, start, None), delimiter=delimiter, strict=True)
        while True:
            before = reader.line_num
            try:
                row, problem = next(reader), ""
            except StopIteration:
                return
            except csv.Error as error:
                row, problem = [], str(error)
            first = start + before + 1
            if not problem and (not row or (len(row) == 1 and not row[0].strip())):
                continue
            if not problem and width is not None and len(row) != width:
                problem = f"{len(row)} fields where the header has {width}"
            width = len(row) if width is None and not problem else width
            yield first, row, problem
            if problem and reader.line_num - before > 1:
                start = first  # 0-based index of the line after the bad record's first line
                break


def _csv_columns(header: list[str], fields: dict[str, str]) -> dict[str, int]:
    """Field → column index, from overrides first, then known names in order of preference."""
    lowered = [cell.lower() for cell in header]
    columns: dict[str, int] = {}
    for key, names in FIELD_NAMES.items():
        if key in fields:
            wanted = fields[key]
            for i, cell in enumerate(header):
                if cell == wanted or cell.lower() == wanted.lower():
                    columns[key] = i
                    break
            continue
        for name in names:
            if name in lowered:
                columns[key] = lowered.index(name)
                break
    if "text" not in fields:
        for name in TEXT_FALLBACK:
            if name in lowered:
                columns["text_fallback"] = lowered.index(name)
                break
    return columns


def _known_header(line: str, delimiter: str) -> bool:
    try:
        cells = [cell.strip().lower() for cell in next(csv.reader([line], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        return False
    if len(cells) < 2 or any(len(cell) > 40 for cell in cells):
        return False
    known = sum(cell in _KNOWN for cell in cells)
    return known >= 2 or (known == 1 and not any(" " in cell for cell in cells))


def _delimiter(path: Path, first_line: str) -> str:
    if suffix(path) == ".tsv":
        return "\t"
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", "\t", ";", "|")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


def _missing(columns: Mapping[str, Any], fields: dict[str, str]) -> str:
    """Why a record may lack text: the named text column does not exist, or no known text column does."""
    if "text" in fields and "text" not in columns:
        return f"there is no column {fields['text']!r} (--field text=…)"
    if "text" not in columns and "text_fallback" not in columns:
        return (f"no text column found (tried {', '.join(FIELD_NAMES['text'] + TEXT_FALLBACK)}); "
                "name it with --field text=COLUMN")
    return ""


# --- JSON -----------------------------------------------------------------------------------------


def _read_json(path: Path, text: str, *, raw_sha: str, fields: dict[str, str]) -> Iterator[RawArticle | Rejection]:
    stripped = text.strip()
    document = _whole_document(stripped)
    if document is _NOT_JSON and stripped.startswith("["):
        yield reject(path, "E106", f"malformed JSON array file: {_json_problem(stripped)}")
        return
    records = None if document is _NOT_JSON else _records_of(document)
    if document is _NOT_JSON or (records == [document] and suffix(path) in _JSON_LINES_SUFFIXES):
        # JSON Lines; a one-line .jsonl file too, unless its object holds a list of articles
        yield from _read_json_lines(path, text, raw_sha=raw_sha, fields=fields)
        return
    if records is None:
        yield reject(path, "E100", f"a JSON {_kind(document)} with no objects in it: not articles "
                                   "(a Timeline17 keywords.json is one)")
        return
    for index, record in enumerate(records):
        source = record_source(path, index)
        if not isinstance(record, dict):
            yield reject(source, "E106", f"element {index} of the JSON array is a {_kind(record)}, not an object")
        else:
            yield _json_article(source, "json", record, raw_sha=raw_sha, index=index, fields=fields,
                                where=f"element {index}")


_NOT_JSON = object()
_JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_JSON_ERRORS = (ValueError, RecursionError)  # RecursionError: nested deeper than the interpreter's stack


def _whole_document(stripped: str) -> Any:
    """The file as one JSON document, or _NOT_JSON. JSON Lines (several documents) is _NOT_JSON; a file of one
    line is one document (a minified ``{"articles": [...]}`` holds many records)."""
    first_line, _, rest = stripped.partition("\n")
    if stripped.startswith("{") and rest.strip():
        try:
            json.loads(first_line)
            return _NOT_JSON  # a complete object on line 1 and more lines: JSON Lines
        except _JSON_ERRORS:
            pass
    try:
        return json.loads(stripped)
    except _JSON_ERRORS:
        return _NOT_JSON


def _records_of(document: Any) -> list[Any] | None:
    """The records of a whole JSON document: an array, a container object's list, or the object itself."""
    if isinstance(document, list):
        return document if any(isinstance(item, dict) for item in document) or not document else None
    if isinstance(document, dict):
        for key in CONTAINER_KEYS:
            value = document.get(key)
            if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
                return value
        return [document]
    return None


def _read_json_lines(
    path: Path, text: str, *, raw_sha: str, fields: dict[str, str],
) -> Iterator[RawArticle | Rejection]:
    index = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = record_source(path, index)
        try:
            record = json.loads(line)
        except _JSON_ERRORS as error:
            yield reject(source, "E106", f"malformed JSON at line {number}: {error}")
        else:
            if isinstance(record, dict):
                yield _json_article(source, "jsonl", record, raw_sha=raw_sha, index=index, fields=fields,
                                    where=f"line {number}")
            else:
                yield reject(source, "E106", f"line {number} is a JSON {_kind(record)}, not an object")
        index += 1


def _json_article(
    source: str, fmt: str, record: dict[str, Any], *, raw_sha: str, index: int, fields: dict[str, str], where: str,
) -> RawArticle | Rejection:
    lowered = {str(key).lower(): value for key, value in record.items()}
    values: dict[str, str] = {}
    for key, names in FIELD_NAMES.items():
        if key in fields:
            values[key] = _as_text(_lookup(record, lowered, fields[key]), key)
            continue
        for name in names:
            value = _as_text(lowered.get(name), key)
            if value:
                values[key] = value
                break
    if "text" not in fields and not values.get("text"):
        values["text_fallback"] = next((_as_text(lowered.get(name), "text") for name in TEXT_FALLBACK
                                        if _as_text(lowered.get(name), "text")), "")
    missing = f"it has no field {fields['text']!r} (--field text=…)" if "text" in fields else ""
    return _article(source, fmt, values, raw_sha=raw_sha, index=index, where=where, missing=missing)


def _lookup(record: dict[str, Any], lowered: dict[str, Any], name: str) -> Any:
    """A field by exact name, else case-insensitively, else as a dotted path (``byline.name``)."""
    if name in record:
        return record[name]
    if name.lower() in lowered:
        return lowered[name.lower()]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part, {str(key).lower(): item for key, item in value.items()}.get(part.lower()))
    return value


def _as_text(value: Any, key: str) -> str:
    """A JSON value as text: lists joined (paragraphs, or authors with commas), objects by their name/text."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        parts = (_as_text(item, key) for item in value)
        return _SEPARATORS.get(key, " ").join(part for part in parts if part)
    if isinstance(value, dict):
        for name in ("name", "text", "value", "content", "#text", "href", "url"):
            if name in value:
                return _as_text(value[name], key)
    return ""


def _kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


def _json_problem(text: str) -> str:
    try:
        json.loads(text)
    except _JSON_ERRORS as error:
        return str(error)
    return "not an array"


# --- records to articles --------------------------------------------------------------------------


def _article(
    source: str, fmt: str, values: Mapping[str, str], *, raw_sha: str, index: int, where: str, missing: str = "",
) -> RawArticle | Rejection:
    text = (values.get("text") or "").strip() or (values.get("text_fallback") or "").strip()
    if not text:
        reason = f": {missing}" if missing else ""
        return reject(source, "E110", f"record at {where} has no text{reason}")
    return RawArticle(
        source=source, format=fmt, text=text, title=(values.get("title") or "").strip(),
        url=(values.get("url") or "").strip(), published=(values.get("published") or "").strip(),
        author=(values.get("author") or "").strip(), raw_sha=raw_sha, record_index=index,
    )
