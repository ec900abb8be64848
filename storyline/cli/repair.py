"""``storyline repair``: complete what the store still owes, without reading any input."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from storyline.cli.common import command_progress, db_option, echo_json, existing_store, handle_errors, note
from storyline.cli.ingest import parse_pairs

if TYPE_CHECKING:
    from storyline.pipeline import IngestSummary


def register(main: click.Group, *, export: click.Group, evaluate: click.Group) -> None:
    main.add_command(repair_command)


@click.command("repair")
@db_option
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a setting (see docs/settings.md).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", help="Summary format.")
@handle_errors
def repair_command(db_path: str, overrides: tuple[str, ...], output: str) -> None:
    """Enrich, code events, merge events and assign stories for whatever a killed, crashed or
    --no-enrich run left undone (an ingest does the same after reading its inputs)."""
    from storyline.pipeline import repair
    from storyline.settings import Settings
    from storyline.store import SQLiteStore

    settings = Settings.load(parse_pairs(overrides, option="--set"))
    path = existing_store(db_path)  # nothing to repair; never create an empty store
    with SQLiteStore(path) as store, command_progress() as progress:
        summary = repair(store=store, settings=settings, progress=progress)
        unenriched = 0 if settings.enrich else len(store.articles_owing_enrichment())
    if output == "json":
        echo_json(summary_dict(summary))
    else:
        click.echo(summary_line(summary, db_path=db_path))
    if unenriched:
        note(f"{unenriched} articles still wait for enrichment (the setting enrich is off); their stories wait too.")


def summary_dict(summary: IngestSummary) -> dict[str, object]:
    keys = ("completed", "enriched", "events", "quotes", "claims", "merged_events", "stories_new", "stories_updated")
    return {key: getattr(summary, key) for key in keys}


def summary_line(summary: IngestSummary, *, db_path: str) -> str:
    """One plain sentence: what was completed, or that nothing was owed."""
    if not (summary.completed or summary.merged_events):
        return f"Nothing to repair: every article in {db_path} is enriched, merged and in a story."
    return (f"Completed {summary.completed} articles in {db_path}: enriched {summary.enriched} "
            f"({summary.events} events, {summary.quotes} quotes, {summary.claims} claims), "
            f"{summary.merged_events} merged events, {summary.stories_new} new stories, "
            f"{summary.stories_updated} updated.")
