"""One check for what a person types, shared by the CLI, the Python API and the HTTP API.

Each check names the option it checked (``--from`` on the command line, ``from`` in a URL) and the
form it expected, and raises ``UsageError`` (E604); the CLI prints it and exits 2, the HTTP API
answers 400 with the same JSON error shape as every other error.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from storyline.errors import UsageError

EARLIEST_DAY = date(1800, 1, 1)  # news archives go back that far; earlier is a typo, not a query
LATEST_DAY = date(2200, 12, 31)


def parse_day(value: str | None, *, option: str) -> date | None:
    """``"2022-02-28"`` → a date; empty → None; anything else (``2022-13-45``, ``yesterday``) → E604."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError("E604", f"{option} {text!r} is not a date", hint="Write YYYY-MM-DD, e.g. 2022-02-28") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise UsageError("E604", f"{option} {text!r} is out of range",
                         hint=f"Write a date between {EARLIEST_DAY} and {LATEST_DAY}")
    return day


def check_day_range(start: date | None, end: date | None, *, options: tuple[str, str] = ("--from", "--to")) -> None:
    if start and end and start > end:
        raise UsageError("E604", f"{options[0]} {start} is after {options[1]} {end}", hint="Swap them")


def parse_choice(value: str | None, valid: Iterable[str], *, option: str) -> str | None:
    """A value from a fixed list (case-insensitive), returned in the list's spelling; None stays None."""
    if value is None or value == "":
        return None
    choices = list(valid)
    for choice in choices:
        if choice.lower() == value.strip().lower():
            return choice
    raise UsageError("E604", f"{option} {value!r} is not one of the valid values",
                     hint=f"Valid values: {', '.join(choices)}")
