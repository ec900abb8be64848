"""The HTTP API (``/api/...``, JSON) and the web UI (HTML pages) over one store.

Every page and endpoint opens the SQLite file for the request and closes it after, so the server can run
beside an ingest (WAL lets readers and one writer share the file). Templates autoescape: article text and
titles are untrusted and never rendered unescaped.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from storyline.errors import StorylineError
from storyline.records import as_dict
from storyline.store import SQLiteStore
from storyline.timeline.service import TimelineRequest, timeline_from_store

HERE = Path(__file__).resolve().parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
MAX_LIMIT = 500


def create_app(db_path: str | Path) -> Starlette:
    """The ASGI app for one store file."""
    if not Path(db_path).exists():
        raise StorylineError("E503", str(db_path), hint="ingest something first: storyline ingest PATH --db FILE")
    handlers = {StorylineError: _storyline_error, HTTPException: _http_error}
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
    return SQLiteStore(request.app.state.db_path)


def _limit(request: Request, default: int = 50) -> int:
    return max(1, min(_whole(request, "limit", default), MAX_LIMIT))


def _whole(request: Request, name: str, default: int) -> int:
    try:
        return int(request.query_params.get(name, default))
    except ValueError as error:
        raise HTTPException(400, f"{name} must be a whole number") from error


def _page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=status_code)


async def _storyline_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StorylineError)
    status = 404 if error.code == "E502" else 400
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": error.code, "message": error.describe()}, status_code=status)
    return _page("error.html", status_code=status, message=error.describe(), status=status)


async def _http_error(request: Request, error: Exception) -> Response:
    """Pages get the site's error page (with its navigation); the API keeps Starlette's plain-text answer."""
    assert isinstance(error, HTTPException)
    if request.url.path.startswith("/api/"):
        return PlainTextResponse(error.detail, status_code=error.status_code, headers=error.headers)
    response = _page("error.html", status_code=error.status_code, message=error.detail, status=error.status_code)
    response.headers.update(error.headers or {})
    return response


# --- data (shared by pages and API) -------------------------------------------------------------


def article_data(store: SQLiteStore, article_id: str) -> dict[str, Any]:
    info = store.article_info(store.find_article_id(article_id))
    if info is None:
        raise StorylineError("E502", article_id)
    enrichment = store.enrichment_with_events(info["id"])
    info["enrichment"] = as_dict(enrichment) if enrichment else None
    return info


def timeline_data(store: SQLiteStore, request: Request) -> list[dict[str, Any]]:
    params = request.query_params
    keywords = tuple(k.strip() for k in params.get("keywords", "").split(",") if k.strip())
    timeline_request = TimelineRequest(
        story=params.get("story") or None, query=params.get("q") or None, keywords=keywords,
        start=_date(params.get("start")), end=_date(params.get("end")),
        max_dates=_whole(request, "max_dates", 10), sentences_per_date=_whole(request, "sentences_per_date", 2),
    )
    return [asdict(entry) for entry in timeline_from_store(store, timeline_request)]


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise StorylineError("E602", f"{value!r} is not a date", hint="write YYYY-MM-DD") from error


def _event_filters(request: Request) -> dict[str, Any]:
    params = request.query_params
    return {key: params.get(key) or None for key in ("type", "actor", "recipient", "place")} | {
        "date_from": params.get("from") or None, "date_to": params.get("to") or None,
    }


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
    with _store(request) as store:
        entries = timeline_data(store, request) if any(params.get(k) for k in ("q", "keywords", "story")) else []
    return _page("timeline.html", entries=entries, params=params)


async def stories_page(request: Request) -> Response:
    with _store(request) as store:
        stories = store.list_stories(start=request.query_params.get("from"), end=request.query_params.get("to"),
                                     limit=_limit(request, 100))
    return _page("stories.html", stories=stories)


async def events_page(request: Request) -> Response:
    with _store(request) as store:
        events = store.find_events(**_event_filters(request), limit=_limit(request, 100))
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
    with _store(request) as store:
        return JSONResponse(timeline_data(store, request))


async def api_stories(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(store.list_stories(start=request.query_params.get("from"),
                                               end=request.query_params.get("to"), limit=_limit(request, 100)))


async def api_events(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(store.find_events(**_event_filters(request), limit=_limit(request, 100)))


async def api_entities(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(store.list_entities(label=request.query_params.get("label"),
                                                query=request.query_params.get("q"), limit=_limit(request)))


async def api_quotes(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(store.find_quotes(speaker=request.query_params.get("speaker"), limit=_limit(request)))


async def api_claims(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(store.find_claims(subject=request.query_params.get("subject"), limit=_limit(request)))
