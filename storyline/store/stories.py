"""Tables for stories and timelines. (Placeholder: the stories and timelines work fills this part.)"""

from __future__ import annotations

from storyline.store.base import StorePart


class StoryTables(StorePart):
    MIGRATIONS: tuple[tuple[str, str], ...] = ()
