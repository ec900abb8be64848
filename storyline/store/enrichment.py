"""Tables for enrichment. (Placeholder: the enrichment work fills this part.)"""

from __future__ import annotations

from storyline.store.base import StorePart


class EnrichmentTables(StorePart):
    MIGRATIONS: tuple[tuple[str, str], ...] = ()
