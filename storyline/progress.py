"""How long work reports how far it has got, without knowing who is watching.

The library calls a ``Progress``; the CLI passes one that draws bars on a terminal, tests pass one that
records, everything else gets ``NO_PROGRESS``. Stages are named by what they do ("read", "enrich",
"events", "stories", "export"), so a reader of the bar knows which part of the run is slow.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage begins; ``total`` is how many items it will handle, when known."""

    def advance(self, count: int = 1) -> None:
        """``count`` more items of the current stage are done."""

    def done(self) -> None:
        """The current stage is finished (the next ``stage`` call implies it too)."""


class NullProgress:
    """Reports to nobody."""

    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


NO_PROGRESS: Progress = NullProgress()
