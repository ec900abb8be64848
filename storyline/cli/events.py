"""Commands over events: ``events`` (list), ``export events`` (PLOVER/GDELT/ACLED shapes), ``eval events``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from storyline.cli.common import (
    command_progress,
    counted,
    db_option,
    echo_json,
    echo_table,
    handle_errors,
    note,
    open_reading_store,
)
from storyline.cli.ingest import check_out
from storyline.events.export import SHAPES
from storyline.events.plover import TYPES
from storyline.exports import FORMATS, write_rows
from storyline.validation import check_day_range, parse_day

if TYPE_CHECKING:
    from storyline.progress import Progress
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
    first, last = parse_day(date_from, option="--from"), parse_day(date_to, option="--to")
    check_day_range(first, last)
    with open_reading_store(db_path) as store:
        rows = store.find_events(type=kind, actor=actor, recipient=recipient, place=place,
                                 date_from=first and first.isoformat(), date_to=last and last.isoformat(), limit=limit)
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
    check_out(fmt, out)
    with open_reading_store(db_path) as store, command_progress() as progress:
        count = write_rows(shaped_events(store, shape=shape, progress=progress), format=fmt, out=out)
    if out is not None:
        note(f"Wrote {count} events to {out}")


def shaped_events(store: SQLiteStore, *, shape: str, progress: Progress, chunk: int = 200) -> Iterator[dict[str, Any]]:
    """The stored mentions merged in memory (the store is only read), then shaped a chunk at a time so rows
    stream out as the bar moves. Stages: "read events" and "export events", each with its total."""
    from storyline.events.export import rows
    from storyline.events.merge import merge_events

    mentions = counted(store.iter_events(), progress, stage="read events", total=store.event_count())
    merged = merge_events(mentions, duplicate_of=store.duplicate_map(), publisher_of=store.publisher_map())
    sources = store.article_sources([m.article_id for event in merged for m in event.mentions])
    progress.stage("export events", len(merged))
    for start in range(0, len(merged), chunk):
        part = merged[start : start + chunk]
        yield from rows(part, shape=shape, sources=sources)
        progress.advance(len(part))
    progress.done()


@click.command("events")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="PLOVER gold file (default: ../shared/data/events/plover/PLOVER_GSR_CAMEO.json), or a "
                   "sentence gold .jsonl (quality/gold/events-dev.jsonl) whose articles are read from the shared data.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def eval_events(gold: Path | None, output: str) -> None:
    """Score the coder on the PLOVER gold records: type accuracy, macro-F1, actor and recipient accuracy.

    With a sentence gold (.jsonl): per-type P/R/F1, macro-F1, actor and recipient accuracy, false alarms."""
    from storyline.events.evaluate import default_gold, evaluate, evaluate_sentences, is_sentence_gold, sentence_report
    from storyline.settings import Settings

    path = gold or default_gold()
    if not path.exists():
        raise click.UsageError(f"gold file not found: {path} (give --gold or set STORYLINE_SHARED)")
    if is_sentence_gold(path):
        scores = evaluate_sentences(path, settings=Settings.load())
        echo_json(scores) if output == "json" else click.echo(sentence_report(scores))
        return
    with command_progress() as progress:
        result = evaluate(path, settings=Settings.load(), progress=progress)
    if output == "json":
        echo_json(result)
        return
    for key in ("records", "coded", "type_accuracy", "macro_f1", "actor_accuracy", "recipient_accuracy"):
        click.echo(f"{key:20} {result[key]}")
    click.echo(f"{'gold sha256':20} {result['gold']['sha256']}")
