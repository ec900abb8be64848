"""Commands of this stage. (Placeholder until the stage's work fills it.)"""

from __future__ import annotations

import click


def register(main: click.Group, *, export: click.Group, evaluate: click.Group) -> None:
    """Add this stage's commands to the CLI."""
