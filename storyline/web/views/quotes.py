"""The quotes view: who said what — by speaker (every alias the store merged), topic words, date range and
story — each quote with its sentence, article and source (publisher). ``/quotes`` and ``/api/quotes``.

``speaker`` is resolved to the store's canonical names first ("Zelensky", "Zelenskyy" and "Volodymyr
Zelenskyy" find the same quotes), and also matches part of a speaker's name as written.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storyline.errors import StorylineError, UsageError
from storyline.store import SQLiteStore
from storyline.store.analyst import QuoteFilters
from storyline.web import openapi, params
from storyline.web.blocking import cached_off_the_loop
from storyline.web.pages import render
from storyline.web.queries import envelope
from storyline.web.views._tabular import export, export_format, pages

COLUMNS = (
    "published",
    "speaker",
    "speaker_text",
    "kind",
    "text",
    "sentence",
    "title",
    "publisher",
    "url",
    "article_id",
)
MAX_WORDS = params.MAX_QUERY_TERMS


def quote_filters(store: SQLiteStore, request: Request) -> QuoteFilters:
    """The request's filters, the speaker widened to its canonical names and their spellings."""
    asked = request.query_params
    speaker = (asked.get("speaker") or "").strip() or None
    words = tuple(params.search_query(request, "q").split())
    if len(words) > MAX_WORDS:
        raise UsageError("E604", f"q has {len(words)} words; at most {MAX_WORDS} are allowed")
    date_from, date_to = params.day_range(request, "from", "to")
    story = asked.get("story") or None
    if story:
        story = store.resolve_story_id(story)
        if story is None:
            raise StorylineError("E702", asked["story"])
    speakers = tuple(store.resolve_names(speaker)) if speaker else ()
    return QuoteFilters(
        speaker=speaker,
        speakers=speakers,
        spellings=tuple(store.written_forms(speakers)),
        words=words,
        date_from=date_from,
        date_to=date_to,
        story=story,
    )


def quotes_data(store: SQLiteStore, request: Request) -> dict[str, Any]:
    filters = quote_filters(store, request)
    limit, offset = params.paging(request)
    counts = store.count_analyst_quotes(filters)
    items = store.analyst_quotes(filters, limit=limit, offset=offset)
    return envelope(
        items,
        total=counts["total"],
        limit=limit,
        offset=offset,
        articles=counts["articles"],
        sources=counts["sources"],
        speakers=list(filters.speakers),
        spellings=list(filters.spellings),
    )


def _quotes_response(request: Request, store: SQLiteStore, default: str) -> Response:
    fmt = export_format(request, default)
    data = quotes_data(store, request)
    if fmt != "html":
        return export(data["items"], columns=COLUMNS, name="quotes", fmt=fmt, payload=data)
    asked = dict(request.query_params)
    links = pages("/quotes", asked, total=data["total"], limit=data["limit"], offset=data["offset"])
    known = store.known_entities(sorted({row["speaker"] for row in data["items"]}))
    return render("quotes.html", listing=data, params=asked, links=links, known=known)


@cached_off_the_loop
def quotes_page(request: Request, store: SQLiteStore) -> Response:
    return _quotes_response(request, store, "html")


@cached_off_the_loop
def quotes_api(request: Request, store: SQLiteStore) -> Response:
    return _quotes_response(request, store, "json")


openapi.ENDPOINTS["/api/quotes"] = (
    "Quotes with their speaker, sentence, article and publisher, newest first",
    openapi.LIST + " plus articles, sources (distinct publishers), speakers and spellings",
    [
        ("speaker", openapi.TEXT, "a speaker: any spelling of a canonical entity, or part of a name as written"),
        ("q", openapi.TEXT, "topic words, all in the quote"),
        ("from", openapi.DAY, "published on or after"),
        ("to", openapi.DAY, "published on or before"),
        ("story", openapi.TEXT, "a story id"),
        *openapi._paging(50),
        ("format", {"type": "string", "enum": ["json", "csv"], "default": "json"}, "json or csv"),
    ],
)

ROUTES = [Route("/quotes", quotes_page), Route("/api/quotes", quotes_api)]
