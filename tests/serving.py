"""The real app served by uvicorn in a thread on a free 127.0.0.1 port, for tests that speak HTTP to it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from storyline.web import create_app


@contextmanager
def served(db: Path, *, start_within: float = 20) -> Iterator[str]:
    """Yield the base URL while the app serves ``db``; stop the server afterwards."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # we hold the bound socket: no race for the port between picking and serving
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + start_within
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
    assert not thread.is_alive(), "uvicorn did not shut down"
