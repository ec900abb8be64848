"""Tables for events. (Placeholder: the events work fills this part.)"""

from __future__ import annotations

from storyline.store.base import StorePart


class EventTables(StorePart):
    MIGRATIONS: tuple[tuple[str, str], ...] = ()
