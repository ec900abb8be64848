"""The HTTP API (``/api/...``, JSON) and the web UI (HTML pages) over one store.

Every page and endpoint opens the SQLite file read-only for the request and closes it after, so the server
can run beside an ingest (WAL lets readers and one writer share the file) and never writes the store: a GET
does not migrate it or change its journal mode, and a store the server cannot write still serves.
Parameters are checked by ``storyline.validation`` like the CLI's options; every ``/api/`` error answers
with one JSON shape (docs/http.md), every page error with the error page. Templates autoescape: article
text and titles are untrusted and never rendered unescaped.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from storyline.errors import StorylineError, UsageError
from storyline.events.plover import TYPES as EVENT_TYPES
from storyline.records import as_dict
from storyline.store import SQLiteStore
from storyline.timeline.service import TimelineRequest, timeline_from_store
from storyline.validation import check_day_range, parse_choice, parse_day

HERE = Path(__file__).resolve().parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
MAX_LIMIT = 500
NOT_FOUND = frozenset({"E502", "E702"})  # no such article, no such story
BAD_REQUEST = frozenset({"E601", "E602", "E604"})  # what the request asked for is not valid


def create_app(db_path: str | Path) -> Starlette:
    """The ASGI app for one store file; a file that is not a readable store is refused here (StoreError)."""
    SQLiteStore(db_path, read_only=True).close()
    handlers = {StorylineError: _storyline_error, HTTPException: _http_error, Exception: _unexpected_error}
    app = Starlette(routes=_routes(), exception_handlers=handlers)
    app.state.db_path = str(db_path)
    return app


def serve(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(db_path), host=host, port=port, log_level="warning")


def _routes() -> list[Route | Mount]:
    return [
        Route("/", home), Route("/search", search_page), Route("/articles/{article_id}", article_page),
        Route("/timeline", timeline_page), Route("/stories", stories_page), Route("/events", events_page),
        Route("/api/stats", api_stats), Route("/api/search", api_search),
        Route("/api/articles/{article_id}", api_article), Route("/api/timeline", api_timeline),
        Route("/api/stories", api_stories), Route("/api/events", api_events), Route("/api/entities", api_entities),
        Route("/api/quotes", api_quotes), Route("/api/claims", api_claims),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def _store(request: Request) -> SQLiteStore:
    return SQLiteStore(request.app.state.db_path, read_only=True)


def _limit(request: Request, default: int = 50) -> int:
    return min(_whole(request, "limit", default), MAX_LIMIT)


def _whole(request: Request, name: str, default: int) -> int:
    """A whole-number parameter, at least 1 (``limit``, ``max_dates``, ``sentences_per_date``)."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    example = f"Write a whole number from 1, e.g. {name}={default}"
    try:
        value = int(text)
    except ValueError:
        raise UsageError("E604", f"{name} {text!r} is not a whole number", hint=example) from None
    if value < 1:
        raise UsageError("E604", f"{name} {text!r} is below 1", hint=example)
    return value


def _day_range(request: Request, first: str, last: str) -> tuple[str | None, str | None]:
    """Two date parameters (``from``/``to``, ``start``/``end``) as ISO days, checked and in order."""
    start = parse_day(request.query_params.get(first), option=first)
    end = parse_day(request.query_params.get(last), option=last)
    check_day_range(start, end, options=(first, last))
    return (start.isoformat() if start else None), (end.isoformat() if end else None)


def _page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=status_code)


def _status(code: str) -> int:
    if code in NOT_FOUND:
        return 404
    if code in BAD_REQUEST:
        return 400
    return 503 if code.startswith("E5") else 500  # the store cannot be used: the service is unavailable


def _error(
    request: Request, *, code: str, message: str, status: int, headers: dict[str, str] | None = None,
) -> Response:
    """The one error shape: ``{"error": CODE, "message": TEXT, "status": N}`` on /api/, the error page elsewhere."""
    if request.url.path.startswith("/api/"):
        body = {"error": code, "message": message, "status": status}
        return JSONResponse(body, status_code=status, headers=headers)
    response = _page("error.html", status_code=status, message=message, status=status)
    response.headers.update(headers or {})
    return response


async def _storyline_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StorylineError)
    return _error(request, code=error.code, message=error.describe(), status=_status(error.code))


async def _http_error(request: Request, error: Exception) -> Response:
    """Errors of HTTP itself (no such path, wrong method) get code ``HTTP<status>`` in the same shape."""
    assert isinstance(error, HTTPException)
    return _error(request, code=f"HTTP{error.status_code}", message=error.detail, status=error.status_code,
                  headers=dict(error.headers or {}))


async def _unexpected_error(request: Request, error: Exception) -> Response:
    """A bug: the same shape, no traceback to the client (the server log has it)."""
    return _error(request, code="HTTP500", message="Internal Server Error", status=500)


# --- data (shared by pages and API) -------------------------------------------------------------


def article_data(store: SQLiteStore, article_id: str) -> dict[str, Any]:
    info = store.article_info(store.find_article_id(article_id))
    if info is None:
        raise StorylineError("E502", article_id)
    enrichment = store.enrichment_with_events(info["id"])
    info["enrichment"] = as_dict(enrichment) if enrichment else None
    return info


def timeline_request(request: Request) -> TimelineRequest:
    """The timeline the parameters ask for, every parameter checked."""
    params = request.query_params
    keywords = tuple(k.strip() for k in params.get("keywords", "").split(",") if k.strip())
    start = parse_day(params.get("start"), option="start")
    end = parse_day(params.get("end"), option="end")
    check_day_range(start, end, options=("start", "end"))
    return TimelineRequest(
        story=params.get("story") or None, query=params.get("q") or None, keywords=keywords, start=start, end=end,
        max_dates=_whole(request, "max_dates", 10), sentences_per_date=_whole(request, "sentences_per_date", 2),
    )


def timeline_data(store: SQLiteStore, asked: TimelineRequest) -> list[dict[str, Any]]:
    return [asdict(entry) for entry in timeline_from_store(store, asked)]


def _event_filters(request: Request) -> dict[str, Any]:
    params = request.query_params
    date_from, date_to = _day_range(request, "from", "to")
    return {key: params.get(key) or None for key in ("actor", "recipient", "place")} | {
        "type": parse_choice(params.get("type"), EVENT_TYPES, option="type"),
        "date_from": date_from, "date_to": date_to,
    }


def _story_filters(request: Request) -> dict[str, Any]:
    start, end = _day_range(request, "from", "to")
    return {"start": start, "end": end, "limit": _limit(request, 100)}


def _entity_label(request: Request) -> str | None:
    label = request.query_params.get("label")
    if not label:
        return None
    from storyline.enrich.entities import LABELS  # loads spaCy: only when a label is asked for

    return parse_choice(label, sorted(LABELS), option="label")


# --- HTML pages ---------------------------------------------------------------------------------


async def home(request: Request) -> Response:
    with _store(request) as store:
        return _page("home.html", stats=store.stats(), stories=store.list_stories(limit=10))


async def search_page(request: Request) -> Response:
    query = request.query_params.get("q", "")
    with _store(request) as store:
        hits = store.search(query, limit=_limit(request)) if query else []
    return _page("search.html", query=query, hits=hits)


async def article_page(request: Request) -> Response:
    with _store(request) as store:
        article = article_data(store, request.path_params["article_id"])
    return _page("article.html", article=article)


async def timeline_page(request: Request) -> Response:
    params = dict(request.query_params)
    asked = timeline_request(request)
    if not (asked.story or asked.query or asked.keywords):
        return _page("timeline.html", entries=[], params=params)
    with _store(request) as store:
        entries = timeline_data(store, asked)
    return _page("timeline.html", entries=entries, params=params)


async def stories_page(request: Request) -> Response:
    filters = _story_filters(request)
    with _store(request) as store:
        stories = store.list_stories(**filters)
    return _page("stories.html", stories=stories)


async def events_page(request: Request) -> Response:
    filters = _event_filters(request)
    with _store(request) as store:
        events = store.find_events(**filters, limit=_limit(request, 100))
    return _page("events.html", events=events, params=dict(request.query_params))


# --- JSON API -----------------------------------------------------------------------------------


async def api_stats(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(store.stats())


async def api_search(request: Request) -> Response:
    query = request.query_params.get("q", "")
    with _store(request) as store:
        return JSONResponse({"query": query, "results": store.search(query, limit=_limit(request))})


async def api_article(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(article_data(store, request.path_params["article_id"]))


async def api_timeline(request: Request) -> Response:
    asked = timeline_request(request)
    if not (asked.story or asked.query or asked.keywords):  # a timeline of everything: slow and not a story
        raise UsageError("E604", "a timeline needs q, keywords or story", hint="e.g. /api/timeline?q=Kharkiv")
    with _store(request) as store:
        return JSONResponse(timeline_data(store, asked))


async def api_stories(request: Request) -> Response:
    filters = _story_filters(request)
    with _store(request) as store:
        return JSONResponse(store.list_stories(**filters))


async def api_events(request: Request) -> Response:
    filters = _event_filters(request)
    with _store(request) as store:
        return JSONResponse(store.find_events(**filters, limit=_limit(request, 100)))


async def api_entities(request: Request) -> Response:
    label = _entity_label(request)
    with _store(request) as store:
        return JSONResponse(store.list_entities(label=label, query=request.query_params.get("q"),
                                                limit=_limit(request)))


async def api_quotes(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(store.find_quotes(speaker=request.query_params.get("speaker"), limit=_limit(request)))


async def api_claims(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(store.find_claims(subject=request.query_params.get("subject"), limit=_limit(request)))
