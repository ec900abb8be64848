"""What pages and the API read, shared by both (only ``storyline.store`` talks SQL; this composes its calls).

Every list comes in one envelope, ``{"total", "limit", "offset", "items"}`` (docs/http.md).
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict
from typing import Any

from storyline.errors import StorylineError
from storyline.records import as_dict
from storyline.store import SQLiteStore
from storyline.timeline.service import TimelineRequest, timeline_from_store

ALIAS_SECONDS = 60.0  # how long a looked-up spelling list is reused: aliases change only when enrichment runs


def envelope(items: list[Any], *, total: int, limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {**extra, "total": total, "limit": limit, "offset": offset, "items": items}


def article_data(store: SQLiteStore, article_id: str) -> dict[str, Any]:
    info = store.article_info(store.find_article_id(article_id))
    if info is None:
        raise StorylineError("E502", article_id)
    enrichment = store.enrichment_with_events(info["id"])
    info["enrichment"] = as_dict(enrichment) if enrichment else None
    return info


def timeline_data(store: SQLiteStore, asked: TimelineRequest) -> list[dict[str, Any]]:
    return [asdict(entry) for entry in timeline_from_store(store, asked, partial=True)]




def stories_data(store: SQLiteStore, filters: dict[str, Any], *, limit: int, offset: int) -> dict[str, Any]:
    items = store.list_stories(**filters, limit=limit, offset=offset)
    return envelope(items, total=store.count_stories(**filters), limit=limit, offset=offset)


class AliasCache:
    """Spellings per (store, word), kept a minute: the lookup scans every entity mention."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[tuple[str, str], tuple[float, list[str]]] = {}

    def clear(self) -> None:
        with self._lock:
            self._known.clear()

    def lookup(self, store: SQLiteStore, words: list[str]) -> dict[str, list[str]]:
        return {word: self._spellings(store, word) for word in words}

    def _spellings(self, store: SQLiteStore, word: str) -> list[str]:
        key, now = (store.path, word.lower()), time.monotonic()
        with self._lock:
            found = self._known.get(key)
        if found and now - found[0] < ALIAS_SECONDS:
            return found[1]
        spellings = store.spellings(word)
        with self._lock:
            if len(self._known) > 10_000:
                self._known.clear()
            self._known[key] = (now, spellings)
        return spellings


ALIASES = AliasCache()
