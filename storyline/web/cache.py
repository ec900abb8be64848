"""Responses kept per key (a store version and a URL), so asking the same again is a lookup, not a query.

Bounded by bytes, least recently used out first. Only whole ``200`` responses are kept (not streams, not
errors), and only up to ``MAX_BODY`` each. Requests for a key being made meanwhile wait for that one and
share it instead of all running the same query (20 clients asking one slow view after a write would
otherwise each pay for it); or, when an older version of the same URL is kept, they get that one at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response, StreamingResponse

MAX_BYTES = 128 * 1024 * 1024  # per process
MAX_BODY = 8 * 1024 * 1024  # a bigger export is made anew each time
MAX_ENTRIES = 4096  # bounds the url → newest key table too


@dataclass(frozen=True)
class Kept:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class ResponseCache:
    def __init__(self, max_bytes: int = MAX_BYTES, max_body: int = MAX_BODY) -> None:
        self.max_bytes, self.max_body = max_bytes, max_body
        self._kept: OrderedDict[Hashable, Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}
        self._latest: dict[Hashable, Hashable] = {}  # url → the key last kept for it
        self.hits = self.misses = self.stale = 0

    def get_or_make(self, key: Hashable, make: Callable[[], Response], *, url: Hashable = None) -> Response:
        """The kept response for ``key``, else ``make()``'s (kept when it can be).

        ``url`` names what ``key`` is a version of: while another request is making this ``key``, a request
        for it gets the newest kept response for ``url`` at once (stale while revalidating) instead of
        waiting. A request alone always gets ``key`` itself: a reader sees a write it made before asking."""
        found = self._get(key)
        if found is not None:
            return found
        with self._lock:
            gate = self._making.setdefault(key, threading.Lock())
        if not gate.acquire(blocking=False):
            older = self._get(self._latest.get(url)) if url is not None else None
            if older is not None:
                self.stale += 1
                return older
            gate.acquire()
        try:
            found = self._get(key)  # made by the request we waited for
            if found is not None:
                return found
            response = make()
            self._put(key, response, url)
        finally:
            gate.release()
            with self._lock:
                if self._making.get(key) is gate:
                    del self._making[key]
        return response

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._kept)

    def _get(self, key: Hashable) -> Response | None:
        if key is None:
            return None
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
        response = Response(kept.body, status_code=kept.status)
        response.raw_headers = list(kept.headers)
        return response

    def _put(self, key: Hashable, response: Response, url: Hashable = None) -> None:
        if response.status_code != 200 or isinstance(response, StreamingResponse):
            return
        body = bytes(response.body)
        if len(body) > self.max_body:
            return
        kept = Kept(response.status_code, tuple(response.raw_headers), body)
        with self._lock:
            old = self._kept.pop(key, None)
            self._bytes -= len(old.body) if old else 0
            self._kept[key] = kept
            self._bytes += len(body)
            if url is not None:
                if len(self._latest) > 4 * MAX_ENTRIES:
                    self._latest.clear()
                self._latest[url] = key
            while (self._bytes > self.max_bytes or len(self._kept) > MAX_ENTRIES) and self._kept:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped.body)


class ValueCache:
    """Values kept per key, the ``size`` most recently used: what several URLs share (the pages of one
    list, its page and its API). Readers never change a kept value. Made once, as ``ResponseCache``."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            gate = self._making.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._kept:
                    return self._kept[key]
            try:
                value = make()
                with self._lock:
                    self._kept[key] = value
                    while len(self._kept) > self.size:
                        self._kept.popitem(last=False)
            finally:
                with self._lock:
                    if self._making.get(key) is gate:
                        del self._making[key]
        return value


RESPONSES = ResponseCache()
