"""Where stages run: in this process (``local``) or on a Dask cluster (``dask``). Same stages, same result.

An engine maps a pure stage function over chunks of records and returns the results in input order;
the runner stays the only writer to the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from storyline.errors import SettingError
from storyline.settings import Settings


class Engine(Protocol):
    def map_chunks(self, function: Callable[..., list[Any]], chunks: Sequence[Sequence[Any]], **kwargs: Any
                   ) -> list[list[Any]]: ...

    def close(self) -> None: ...


def open_engine(settings: Settings) -> Engine:
    """The engine the ``engine`` setting names."""
    if settings.engine == "local":
        from storyline.engine.local import LocalEngine

        return LocalEngine()
    if settings.engine == "dask":
        from storyline.engine.dask import DaskEngine

        return DaskEngine(address=settings.dask_address, workers=settings.processes)
    raise SettingError("E602", f"engine={settings.engine!r}", hint="use local or dask")
