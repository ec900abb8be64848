"""Query parameters, checked as the CLI checks its options (``storyline.validation``): a bad one is E604 (400).

Also where the cost of a request is bounded before it reaches the store: ``limit`` is capped, and a search
may be only so long and have only so many terms (docs/http.md).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from storyline.errors import UsageError
from storyline.store.search import OR, parse_search
from storyline.timeline.service import TimelineRequest
from storyline.validation import check_day_range, parse_choice, parse_day

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_QUERY_CHARS = 500  # a search longer than a paragraph is not a search
MAX_QUERY_TERMS = 16  # FTS5 walks each term's postings: more terms, more work, no better answer


def whole(request: Request, name: str, default: int, *, least: int = 1, most: int | None = None) -> int:
    """A whole-number parameter from ``least`` (``limit``, ``offset``, ``max_dates``, ...)."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    example = f"Write a whole number from {least}, e.g. {name}={default}"
    try:
        value = int(text)
    except ValueError:
        raise UsageError("E604", f"{name} {text!r} is not a whole number", hint=example) from None
    if value < least:
        raise UsageError("E604", f"{name} {text!r} is below {least}", hint=example)
    if most is not None and value > most:
        raise UsageError("E604", f"{name} {text!r} is above {most}", hint=example)
    return value


def paging(request: Request, default: int = 50) -> tuple[int, int]:
    """``limit`` (capped at MAX_LIMIT) and ``offset`` (from 0)."""
    limit = min(whole(request, "limit", default), MAX_LIMIT)
    return limit, whole(request, "offset", 0, least=0, most=MAX_OFFSET)


def search_query(request: Request, name: str = "q") -> str:
    """A search query within the length and term caps (an empty one is allowed: it finds nothing)."""
    query = request.query_params.get(name, "")
    if len(query) > MAX_QUERY_CHARS:
        raise UsageError("E604", f"{name} is {len(query)} characters long; at most {MAX_QUERY_CHARS} are allowed",
                         hint="Search for a few words or a phrase")
    terms = [term for term in parse_search(query) if term is not OR]
    if len(terms) > MAX_QUERY_TERMS:
        raise UsageError("E604", f"{name} has {len(terms)} different terms; at most {MAX_QUERY_TERMS} are allowed",
                         hint="Search for a few words or a phrase")
    return query


def day_range(request: Request, first: str, last: str) -> tuple[str | None, str | None]:
    """Two date parameters (``from``/``to``, ``start``/``end``) as ISO days, checked and in order."""
    start = parse_day(request.query_params.get(first), option=first)
    end = parse_day(request.query_params.get(last), option=last)
    check_day_range(start, end, options=(first, last))
    return (start.isoformat() if start else None), (end.isoformat() if end else None)


def timeline_request(request: Request) -> TimelineRequest:
    """The timeline the parameters ask for, every parameter checked."""
    params = request.query_params
    keywords = tuple(k.strip() for k in params.get("keywords", "").split(",") if k.strip())
    if len(keywords) > MAX_QUERY_TERMS:
        raise UsageError("E604", f"keywords has {len(keywords)} words; at most {MAX_QUERY_TERMS} are allowed")
    start = parse_day(params.get("start"), option="start")
    end = parse_day(params.get("end"), option="end")
    check_day_range(start, end, options=("start", "end"))
    return TimelineRequest(
        story=params.get("story") or None, query=search_query(request) or None, keywords=keywords, start=start,
        end=end, max_dates=whole(request, "max_dates", 10), sentences_per_date=whole(request, "sentences_per_date", 2),
    )


def story_filters(request: Request) -> dict[str, Any]:
    start, end = day_range(request, "from", "to")
    return {"start": start, "end": end}


def entity_label(request: Request) -> str | None:
    label = request.query_params.get("label")
    if not label:
        return None
    from storyline.enrich.entities import LABELS  # loads spaCy: only when a label is asked for

    return parse_choice(label, sorted(LABELS), option="label")
