"""A time budget per input: ``with time_budget(seconds):`` raises OverBudget in the block once it runs too long.

It is a SIGALRM timer, so it holds in the main thread on POSIX only (elsewhere the block runs unbounded and the
structural limits, ``max_input_bytes`` and the HTML tag and attribute caps, are what hold). The signal is
handled between Python bytecodes: a single long call into C (one lxml parse) ends before the budget bites,
which is why the HTML reader refuses pathological trees before parsing them.

OverBudget is a BaseException, like KeyboardInterrupt, so the ``except Exception`` blocks of the libraries
the readers call do not swallow it. Budgets do not nest: an inner one inside a running one does nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class OverBudget(BaseException):
    """The input took longer than its time budget (setting ``max_input_seconds``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


_armed: list[float] = []  # the running budget's seconds, when one is armed


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if _armed:
        seconds = _armed.pop()  # fire once: the code that catches it may go on within the same block
        raise OverBudget(seconds)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget inside the block after ``seconds`` (no budget when ``seconds <= 0``)."""
    usable = (seconds > 0 and not _armed and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _armed.append(seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        _armed.clear()  # first: an alarm arriving from here on does nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
