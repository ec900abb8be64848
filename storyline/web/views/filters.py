"""The event filters shared by the events table, the map and the network: parsed from the URL, written back.

A view's URL is its permalink: every filter is a query parameter, and the links a page draws (a facet value,
a marker, an edge, the next page, an export) are the same URL with one thing changed. A filter may repeat
(``place=Kyiv&place=Kharkiv`` means either); ``from``/``to`` bound the date, ``q`` finds words in the
evidence sentence. Bad values are E604 (400), as every parameter (``storyline.web.params``).
"""

from __future__ import annotations

import io
import json
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response

from storyline.errors import UsageError
from storyline.events.plover import TYPES as EVENT_TYPES
from storyline.exports import write_stream
from storyline.store.event_views import EventQuery
from storyline.validation import parse_choice
from storyline.web import params

LISTS = ("type", "actor", "recipient", "country", "place", "source")  # filters that may repeat
MAX_VALUES = 50  # values of one filter: a map cluster links to its places, and no more
MAX_TEXT = 200  # characters of one value
LABELS = {
    "type": "Type",
    "actor": "Actor",
    "recipient": "Recipient",
    "country": "Country",
    "place": "Place",
    "source": "Source",
    "month": "Month",
    "from": "From",
    "to": "To",
    "q": "Sentence has",
}


def event_query(request: Request) -> EventQuery:
    """The filters the URL asks for, every value checked."""
    values = {name: _values(request, name) for name in LISTS}
    values["type"] = tuple(parse_choice(v, EVENT_TYPES, option="type") or "" for v in values["type"])
    date_from, date_to = params.day_range(request, "from", "to")
    text = _text(request.query_params.get("q", ""), "q") or None
    return EventQuery(**values, date_from=date_from, date_to=date_to, text=text)


def _values(request: Request, name: str) -> tuple[str, ...]:
    found = [_text(value, name) for value in request.query_params.getlist(name)]
    kept = tuple(dict.fromkeys(value for value in found if value))  # empty form fields ask for nothing
    if len(kept) > MAX_VALUES:
        raise UsageError(
            "E604",
            f"{name} is given {len(kept)} times; at most {MAX_VALUES} values are allowed",
            hint="Filter on fewer values",
        )
    return kept


def _text(value: str, name: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise UsageError(
            "E604",
            f"{name} is {len(value)} characters long; at most {MAX_TEXT} are allowed",
            hint="Give a name, a code or a few words",
        )
    return value


def pairs(query: EventQuery) -> list[tuple[str, str]]:
    """The query as URL parameters, in a fixed order (one permalink per query)."""
    found = [(name, value) for name in LISTS for value in getattr(query, name)]
    found += [
        (name, value) for name, value in (("from", query.date_from), ("to", query.date_to), ("q", query.text)) if value
    ]
    return found


def grouped(query: EventQuery) -> dict[str, list[str]]:
    """The filters in force by name (what ``/api/`` answers say they filtered on)."""
    found: dict[str, list[str]] = {}
    for name, value in pairs(query):
        found.setdefault(name, []).append(value)
    return found


def link(path: str, query: EventQuery, *kept: Iterable[tuple[str, Any]], **named: Any) -> str:
    """``path`` with the query's filters, then the pairs in ``kept`` and the ``named`` parameters (None and ''
    left out): the URL of what the page shows with one thing changed."""
    extra = [pair for pairs_ in kept for pair in pairs_] + list(named.items())
    given = pairs(query) + [(name, str(value)) for name, value in extra if value not in (None, "")]
    return path + ("?" + urlencode(given) if given else "")


def toggled(query: EventQuery, name: str, value: str) -> EventQuery:
    """The query with ``value`` added to filter ``name``, or taken out when it is in already."""
    if name == "month":  # a month is a date range
        year, month = (int(part) for part in value.split("-"))
        return replace(query, date_from=f"{value}-01", date_to=f"{value}-{monthrange(year, month)[1]:02d}")
    current = getattr(query, name)
    changed = tuple(v for v in current if v != value) if value in current else (*current, value)
    return replace(query, **{name: changed})


def day(query: EventQuery, date: str) -> EventQuery:
    """The query narrowed to one day (a date in the table links to that day's events)."""
    return replace(query, date_from=date[:10], date_to=date[:10])


def replace_values(query: EventQuery, name: str, values: tuple[str, ...]) -> EventQuery:
    """The query with filter ``name`` set to exactly ``values`` (a marker's places, an edge's actor)."""
    return replace(query, **{name: values})


def without(query: EventQuery, name: str, value: str | None = None) -> EventQuery:
    """The query without one value of a filter (or without the filter, for dates and text)."""
    if name in ("from", "to", "q"):
        return replace(query, **{{"from": "date_from", "to": "date_to", "q": "text"}[name]: None})
    return replace(query, **{name: tuple(v for v in getattr(query, name) if v != value)})


def chips(query: EventQuery) -> list[tuple[str, str, str]]:
    """The filters in force as (label, value, name) — what the page shows with a "remove" link each."""
    return [(LABELS[name], value, name) for name, value in pairs(query)]


def entity_url(name: str) -> str:
    """The entity page of a name (``/entities/{name}``, the name encoded as one path segment)."""
    return "/entities/" + quote(name, safe="")


def article_sentence_url(article_id: str, start: int) -> str:
    """An article, scrolled to one sentence: the article page marks each evidence sentence ``sentence-{start}``."""
    return f"/articles/{quote(article_id, safe='')}#sentence-{start}"


def template_helpers(query: EventQuery) -> dict[str, Any]:
    """What every filtered view's template uses to draw links that keep the filters."""
    return {
        "event_query": query,
        "link": link,
        "toggled": toggled,
        "day": day,
        "without": without,
        "chips": chips(query),
        "entity_url": entity_url,
        "sentence_url": article_sentence_url,
        "types": EVENT_TYPES,
        "labels": LABELS,
    }


def one_of(request: Request, name: str, valid: Iterable[str], default: str) -> str:
    """A parameter from a fixed list (``sort``, ``format``, ``shape``), or its default."""
    return parse_choice(request.query_params.get(name) or None, list(valid), option=name) or default


EXPORT_FORMATS = ("csv", "json", "jsonl")
MAX_EXPORT = 100_000  # rows in one download: every filtered mention of a 10,000-article store


def export_limit(request: Request) -> int:
    """``limit`` of an export: every row by default, at most MAX_EXPORT."""
    return params.whole(request, "limit", MAX_EXPORT, most=MAX_EXPORT)


def download(rows: Iterable[dict[str, Any]], *, format: str, name: str) -> Response:
    """Rows as a file to save: CSV, a JSON array or JSON Lines (``storyline.exports`` writes them)."""
    if format == "json":
        body = json.dumps(list(rows), ensure_ascii=False, default=str)
    else:
        buffer = io.StringIO()
        write_stream(rows, format=format, stream=buffer)
        body = buffer.getvalue()
    media = {"csv": "text/csv", "json": "application/json", "jsonl": "application/x-ndjson"}[format]
    headers = {"content-disposition": f'attachment; filename="{name}.{format}"'}
    return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)


def text_param(request: Request, name: str) -> str | None:
    """A free-text parameter (a name), length-checked; empty is None."""
    return _text(request.query_params.get(name, ""), name) or None
