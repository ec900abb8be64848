"""The ASGI app: routes (``web/pages.py``, ``web/api.py``), middleware and the one error shape.

Every page and endpoint reads the SQLite file read-only, in a worker thread that keeps its connection for
the next request (``web/blocking.py``, ``web/readers.py``), so the server can run beside an ingest and never
writes the store; ``serve(workers=N)`` runs N such processes on one port. Every
``/api/`` error answers ``{"error", "message", "status"}`` (docs/http.md), every page error the error page.
Every response carries security headers; a request whose ``Host`` is not allowed is refused (DNS rebinding:
a page elsewhere must not reach this server through a name it controls).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.errors import StorylineError
from storyline.store import SQLiteStore
from storyline.web import api, pages, views

HERE = Path(__file__).resolve().parent
NOT_FOUND = frozenset({"E502", "E702"})  # no such article, no such story
BAD_REQUEST = frozenset({"E601", "E602", "E604"})  # what the request asked for is not valid
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
SERVE_ENV = "STORYLINE_SERVE_APP"  # serve(workers=N) → its worker processes: the store and the allowed hosts
SECURITY_HEADERS = {
    # The app ships no script and no inline style: everything comes from this origin's /static.
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self';"
                               " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def create_app(
    db_path: str | Path, *, host: str = "127.0.0.1", allow_hosts: Iterable[str] = (), workers: int = 8,
    timeline_workers: int = 2, query_seconds: float = 10.0,
) -> Starlette:
    """The ASGI app for one store file; a file that is not a readable store is refused here (StoreError).

    ``host`` and ``allow_hosts`` join the local names in the Host allow-list; ``workers`` bounds the
    threads that use the store at once, ``timeline_workers`` the processes building timelines (0: build
    them in the threads); ``query_seconds`` is each request's deadline for SQLite.
    """
    SQLiteStore(db_path, read_only=True).close()
    handlers = {StorylineError: _storyline_error, HTTPException: _http_error, Exception: _unexpected_error}
    allowed = {name.lower().strip("[]") for name in (*LOCAL_HOSTS, host, *allow_hosts)}
    middleware = [Middleware(SecurityHeaders), Middleware(HostAllowList, allowed=frozenset(allowed))]
    static = Mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    routes = [*views.ROUTES, *pages.ROUTES, *api.ROUTES, static]
    app = Starlette(routes=routes, exception_handlers=handlers, middleware=middleware)
    app.state.db_path = str(db_path)
    app.state.workers = workers
    app.state.timeline_workers = timeline_workers
    app.state.query_seconds = query_seconds
    app.state.limiter = app.state.timeline_limiter = None
    app.state.timelines, app.state.timelines_building = {}, {}
    return app


def serve(
    db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8000, allow_hosts: Iterable[str] = (),
    workers: int = 1,
) -> None:
    """Serve until stopped; ``workers`` > 1 runs that many processes (the store is only read, so they
    share it safely), each making the app with ``app_from_environment``."""
    import uvicorn

    if workers <= 1:
        uvicorn.run(create_app(db_path, host=host, allow_hosts=allow_hosts), host=host, port=port, log_level="warning")
        return
    SQLiteStore(db_path, read_only=True).close()  # refused here, once, not in every worker
    asked = {"db_path": str(Path(db_path).resolve()), "host": host, "allow_hosts": list(allow_hosts)}
    os.environ[SERVE_ENV] = json.dumps(asked)
    uvicorn.run("storyline.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def app_from_environment() -> Starlette:
    """The app a worker process of ``serve(workers=N)`` makes, from what ``serve`` put in the environment."""
    asked = json.loads(os.environ[SERVE_ENV])
    return create_app(asked["db_path"], host=asked["host"], allow_hosts=asked["allow_hosts"])


# --- middleware (plain ASGI: no buffering of bodies) --------------------------------------------


class SecurityHeaders:
    """CSP, nosniff, no framing, no referrer: on every response the app sends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostAllowList:
    """A request whose Host header is not an allowed name (any port) gets 400, in the error shape."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and host_name(Headers(scope=scope).get("host", "")) not in self.allowed:
            message = "Host not allowed: serve with --allow-host NAME to answer to another name"
            if scope["path"].startswith("/api/"):
                body = {"error": "HTTP400", "message": message, "status": 400}
                response: Response = JSONResponse(body, status_code=400)
            else:
                response = PlainTextResponse(message, status_code=400)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def host_name(header: str) -> str:
    """``example.org:8000`` → ``example.org``, ``[::1]:8000`` → ``::1``, lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


# --- errors -------------------------------------------------------------------------------------


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
    response = pages.render("error.html", status_code=status, message=message, status=status)
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
    response = _error(request, code="HTTP500", message="Internal Server Error", status=500)
    response.headers.update(SECURITY_HEADERS)  # sent past the middleware, by Starlette's outermost layer
    return response
