"""Commands over events: ``events`` (list), ``export events`` (PLOVER/GDELT/ACLED shapes), ``eval events``."""

from __future__ import annotations

from pathlib import Path

import click

from storyline.cli.common import db_option, echo_json, echo_table, handle_errors
from storyline.events.evaluate import default_gold, evaluate, evaluate_sentences, is_sentence_gold, sentence_report
from storyline.events.export import SHAPES, stored_rows
from storyline.events.plover import TYPES
from storyline.exports import FORMATS, write_rows
from storyline.settings import Settings
from storyline.store import SQLiteStore

COLUMNS = ["date", "type", "mode", "modality", "actor", "actor_country", "recipient", "recipient_country",
           "place", "confidence", "sentence"]


def register(main: click.Group, *, export: click.Group, evaluate: click.Group) -> None:
    """Add this stage's commands to the CLI."""
    main.add_command(events_command)
    export.add_command(export_events)
    evaluate.add_command(eval_events)


@click.command("events")
@db_option
@click.option("--type", "kind", type=click.Choice(TYPES, case_sensitive=False), help="Only this PLOVER type.")
@click.option("--actor", help="Actor name (substring) or ISO alpha-3 country code.")
@click.option("--recipient", help="Recipient name (substring) or ISO alpha-3 country code.")
@click.option("--place", help="Place name (substring) or country code.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Events on or after this date.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Events on or before this date.")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@handle_errors
def events_command(db_path: str, kind: str | None, actor: str | None, recipient: str | None, place: str | None,
                   date_from: str | None, date_to: str | None, output: str, limit: int) -> None:
    """List coded events (one row per mention, with its evidence sentence)."""
    with SQLiteStore(db_path) as store:
        rows = store.find_events(type=kind, actor=actor, recipient=recipient, place=place,
                                 date_from=date_from, date_to=date_to, limit=limit)
    if output == "json":
        echo_json(rows)
    else:
        echo_table(rows, COLUMNS, widths={"sentence": 70, "actor": 28, "recipient": 28})


@click.command("events")
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--shape", type=click.Choice(SHAPES), default="plover", show_default=True,
              help="PLOVER JSON records, GDELT 2.0 event columns or ACLED columns.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: stdout).")
@handle_errors
def export_events(db_path: str, fmt: str, shape: str, out: Path | None) -> None:
    """Export merged events (mentions across articles folded into one event)."""
    with SQLiteStore(db_path) as store:
        count = write_rows(stored_rows(store, shape=shape), format=fmt, out=out)
    if out is not None:
        click.echo(f"Wrote {count} events to {out}", err=True)


@click.command("events")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="PLOVER gold file (default: ../shared/data/events/plover/PLOVER_GSR_CAMEO.json), or a "
                   "sentence gold .jsonl (quality/gold/events-dev.jsonl) whose articles are read from the shared data.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def eval_events(gold: Path | None, output: str) -> None:
    """Score the coder on the PLOVER gold records: type accuracy, macro-F1, actor and recipient accuracy.

    With a sentence gold (.jsonl): per-type P/R/F1, macro-F1, actor and recipient accuracy, false alarms."""
    path = gold or default_gold()
    if not path.exists():
        raise click.UsageError(f"gold file not found: {path} (give --gold or set STORYLINE_SHARED)")
    if is_sentence_gold(path):
        scores = evaluate_sentences(path, settings=Settings.load())
        echo_json(scores) if output == "json" else click.echo(sentence_report(scores))
        return
    result = evaluate(path, settings=Settings.load())
    if output == "json":
        echo_json(result)
        return
    for key in ("records", "coded", "type_accuracy", "macro_f1", "actor_accuracy", "recipient_accuracy"):
        click.echo(f"{key:20} {result[key]}")
    click.echo(f"{'gold sha256':20} {result['gold']['sha256']}")
