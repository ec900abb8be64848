"""Run stages in this process (spaCy's own ``processes`` setting still parallelises the model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


class LocalEngine:
    def map_chunks(self, function: Callable[..., list[Any]], chunks: Sequence[Sequence[Any]], **kwargs: Any
                   ) -> list[list[Any]]:
        return [function(chunk, **kwargs) for chunk in chunks]

    def close(self) -> None:
        from storyline.enrich.annotate import close_worker_pools

        close_worker_pools()
