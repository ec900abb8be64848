"""``storyline serve``: the HTTP API and web UI over a store."""

from __future__ import annotations

import click

from storyline.cli.common import db_option, existing_store, handle_errors, note


def register(main: click.Group, *, export: click.Group, evaluate: click.Group) -> None:
    main.add_command(serve_command)


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this Host name (localhost, 127.0.0.1, ::1 and --host always are).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes answering on the port (one per CPU core serves more clients at once).")
@handle_errors
def serve_command(db_path: str, host: str, port: int, allow_hosts: tuple[str, ...], workers: int) -> None:
    """Serve the web UI and the JSON API (/api/search, /api/timeline, /api/events, ...)."""
    existing_store(db_path)
    from storyline.web import serve

    note(f"Storyline on http://{host}:{port}/ (API under /api/), store {db_path}")
    serve(db_path, host=host, port=port, allow_hosts=allow_hosts, workers=workers)
