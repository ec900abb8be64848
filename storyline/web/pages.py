"""The HTML pages: one function per page, each run off the event loop with the store open.

Templates (``web/templates``) autoescape: article text and titles are untrusted and never rendered unescaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from storyline.store import SQLiteStore
from storyline.web import params
from storyline.web.blocking import cached_off_the_loop, file_cached_off_the_loop, timeline_entries
from storyline.web.queries import stories_data

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                        autoescape=select_autoescape(default=True))


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=status_code)


@file_cached_off_the_loop
def home(request: Request, store: SQLiteStore) -> Response:
    return render("home.html", stats=store.stats(), stories=store.list_stories(limit=10))


async def timeline(request: Request) -> Response:
    asked = params.timeline_request(request)
    entries = await timeline_entries(request, asked) if asked.story or asked.query or asked.keywords else []
    return render("timeline.html", entries=entries, params=dict(request.query_params))


@cached_off_the_loop
def stories(request: Request, store: SQLiteStore) -> Response:
    limit, offset = params.paging(request, 100)
    listing = stories_data(store, params.story_filters(request), limit=limit, offset=offset)
    return render("stories.html", stories=listing["items"])


ROUTES = [
    Route("/", home), Route("/timeline", timeline), Route("/stories", stories),
]
