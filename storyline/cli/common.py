"""What every command module shares: the --db option, opening a store to read, error mapping, output
helpers, --quiet/--verbose and the progress bars.

Command modules import only click and light modules at top level; anything heavy (the store, spaCy,
the pipeline) is imported inside the command that needs it, so ``--help`` starts at once.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from storyline.errors import StoreError, StorylineError, UsageError

if TYPE_CHECKING:
    from storyline.progress import Progress
    from storyline.store import SQLiteStore

T = TypeVar("T")

db_option = click.option(
    "--db", "db_path", default="storyline.db", show_default=True, envvar="STORYLINE_DB",
    type=click.Path(dir_okay=False), help="SQLite file of the store.",
)


def open_reading_store(db_path: str | Path) -> SQLiteStore:
    """The store at ``db_path`` for a command that only reads: opened read-only, so a missing file is an error
    (never a new store) and nothing is migrated or rewritten."""
    from storyline.store import SQLiteStore

    return SQLiteStore(db_path, read_only=True)  # a missing file is E503 "no store at …" there


def existing_store(db_path: str | Path) -> Path:
    """``db_path`` when a file is there; E503 naming the path and the way out otherwise."""
    path = Path(db_path)
    if not path.is_file():
        raise StoreError("E503", f"no store at {path}",
                         hint=f"run `storyline ingest FILES --db {path}` first, or give --db")
    return path


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a StorylineError into ``Error: …`` on stderr: exit 2 for what a person typed wrong (UsageError,
    like click's own usage errors), exit 1 for everything else."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except StorylineError as error:
            click.echo(f"Error: {error.describe()}", err=True)
            sys.exit(2 if isinstance(error, UsageError) else 1)
        except KeyboardInterrupt:  # Ctrl-C is the person's choice, not a crash: no traceback
            click.echo("\nInterrupted.", err=True)
            sys.exit(130)

    return wrapper


# --- quiet and verbose ------------------------------------------------------------------------------
# Both options are on the main group and on every command, so `storyline -q ingest …` and
# `storyline ingest … -q` mean the same. They live in the context's meta, which every sub-context shares.

_QUIET = "storyline.quiet"
_VERBOSE = "storyline.verbose"


def _remember_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_QUIET] = True


def _remember_verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        ctx.meta[_VERBOSE] = ctx.meta.get(_VERBOSE, 0) + value
        level = logging.DEBUG if ctx.meta[_VERBOSE] > 1 else logging.INFO
        logging.basicConfig(level=level, stream=sys.stderr, force=True,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def output_options() -> list[click.Option]:
    """Fresh -q/-v options for one command (click binds an option object to one command)."""
    return [
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, is_eager=True, callback=_remember_quiet,
                     help="Print only errors and the data asked for (no bars, no summary)."),
        click.Option(["-v", "--verbose"], count=True, expose_value=False, is_eager=True, callback=_remember_verbose,
                     help="Per-stage timings and log messages on stderr (-vv: debug)."),
    ]


def add_output_options(command: click.Command) -> None:
    """Give ``command`` and, for a group, every command under it, --quiet and --verbose."""
    command.params.extend(output_options())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_output_options(sub)


def is_quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(_QUIET))


def verbosity() -> int:
    """0 normal, 1 with -v, 2 with -vv; quiet is 0."""
    ctx = click.get_current_context(silent=True)
    return 0 if ctx is None or is_quiet() else int(ctx.meta.get(_VERBOSE, 0))


def note(message: str) -> None:
    """A message for the person at the terminal (stderr), not part of the data; --quiet drops it."""
    if not is_quiet():
        click.echo(message, err=True)


# --- progress ---------------------------------------------------------------------------------------


class StageProgress:
    """The CLI's Progress: one tqdm bar per stage on stderr (name, count, rate, ETA) when ``bars``, and one
    timing line per finished stage when ``timings``. Never draws on a redirected stderr."""

    def __init__(self, *, bars: bool, timings: bool) -> None:
        self.bars = bars
        self.timings = timings
        self._bar: Any = None
        self._name: str | None = None
        self._count = 0
        self._started = 0.0

    def stage(self, name: str, total: int | None = None) -> None:
        self.done()
        self._name, self._count, self._started = name, 0, time.perf_counter()
        if self.bars:
            from tqdm import tqdm

            columns, lines = _terminal_size()
            self._bar = tqdm(desc=name, total=total, unit=" items", file=sys.stderr, leave=True, ncols=columns,
                             nrows=lines, mininterval=0.25)

    def advance(self, count: int = 1) -> None:
        self._count += count
        if self._bar is not None:
            self._bar.update(count)

    def done(self) -> None:
        if self._name is None:
            return
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        if self.timings:
            seconds = time.perf_counter() - self._started
            click.echo(f"stage {self._name}: {self._count} items in {seconds:.2f} s", err=True)
        self._name = None


def _terminal_size(fallback: tuple[int, int] = (100, 24)) -> tuple[int, int]:
    """stderr's size; a terminal that does not know its size says 0 × 0, and tqdm then draws nothing."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError):
        return fallback
    return size.columns or fallback[0], size.lines or fallback[1]


@contextmanager
def command_progress() -> Iterator[StageProgress]:
    """Progress for the running command: bars only on an interactive stderr and without --quiet."""
    progress = StageProgress(bars=sys.stderr.isatty() and not is_quiet(), timings=verbosity() > 0)
    try:
        yield progress
    finally:
        progress.done()


def counted(items: Iterable[T], progress: Progress, *, stage: str, total: int | None = None) -> Iterator[T]:
    """``items`` unchanged, advancing ``progress`` by one per item under the stage ``stage``."""
    progress.stage(stage, total)
    for item in items:
        yield item
        progress.advance()
    progress.done()


# --- output -----------------------------------------------------------------------------------------


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def echo_table(rows: list[dict[str, Any]], columns: list[str], *, widths: dict[str, int] | None = None) -> None:
    """A plain aligned table; long cells are cut to their column's width."""
    widths = widths or {}
    cells = [[_cell(row.get(column), widths.get(column, 60)) for column in columns] for row in rows]
    sizes = [max([len(column)] + [len(line[i]) for line in cells]) for i, column in enumerate(columns)]
    click.echo("  ".join(column.ljust(size) for column, size in zip(columns, sizes, strict=True)).rstrip())
    click.echo("  ".join("-" * size for size in sizes))
    for line in cells:
        click.echo("  ".join(cell.ljust(size) for cell, size in zip(line, sizes, strict=True)).rstrip())


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"
