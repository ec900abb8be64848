"""The command line: a thin layer over the library. Each command parses its arguments, calls one
library function and maps StorylineError to ``Error: …`` and exit code 1 (2 for a usage mistake).

Commands live in one module per stage; each module's ``register(main)`` adds its commands. The modules
import only click and light modules at top level, so ``storyline --help`` starts without spaCy & co.
"""

from __future__ import annotations

import click

from storyline.cli import attribution, enrich, events, ingest, repair, timeline, web
from storyline.cli.common import add_output_options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
def main() -> None:
    """Storyline: turn news articles into a sourced, structured picture of an evolving story."""


@main.group()
def export() -> None:
    """Export articles or events as JSONL, CSV or Parquet."""


@main.group(name="eval")
def evaluate() -> None:
    """Measure quality on real data (events, timelines, extractors)."""


for module in (ingest, enrich, events, timeline, web, repair, attribution):
    module.register(main, export=export, evaluate=evaluate)
add_output_options(main)
