"""What every command module shares: the --db option, error mapping, output helpers."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from storyline.errors import StorylineError

db_option = click.option(
    "--db", "db_path", default="storyline.db", show_default=True, envvar="STORYLINE_DB",
    type=click.Path(dir_okay=False), help="SQLite file of the store.",
)


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a StorylineError into ``Error: …`` on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except StorylineError as error:
            click.echo(f"Error: {error.describe()}", err=True)
            sys.exit(1)

    return wrapper


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
