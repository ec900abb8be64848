"""Commands over ingested articles: ingest, search, show, stats, rejected, export articles."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyline.cli.common import (
    command_progress,
    counted,
    db_option,
    echo_json,
    echo_table,
    handle_errors,
    is_quiet,
    note,
    open_reading_store,
)
from storyline.errors import CODES, SettingError, StoreError, UsageError
from storyline.exports import FORMATS, write_rows
from storyline.validation import parse_choice

if TYPE_CHECKING:
    from storyline.pipeline import IngestSummary


def register(main: click.Group, *, export: click.Group, evaluate: click.Group) -> None:
    for command in (ingest_command, search_command, show_command, stats_command, rejected_command):
        main.add_command(command)
    export.add_command(export_articles)


def parse_pairs(pairs: tuple[str, ...], *, option: str) -> dict[str, str]:
    """``("title=headline", ...)`` → ``{"title": "headline"}``."""
    parsed = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name or not value:
            raise SettingError("E602", f"{option} {pair!r}", hint=f"write {option} name=value")
        parsed[name.strip()] = value.strip()
    return parsed


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--strict", is_flag=True, help="Exit 2 when any input is rejected.")
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN",
              help="Map a CSV/JSON column to a field: title, published, url, text, author.")
@click.option("--no-enrich", is_flag=True, help="Skip enrichment (entities, quotes, claims, times, places, events).")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a setting (see docs/settings.md).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", help="Summary format.")
@handle_errors
def ingest_command(paths: tuple[Path, ...], db_path: str, strict: bool, fields: tuple[str, ...], no_enrich: bool,
                   overrides: tuple[str, ...], output: str) -> None:
    """Read articles from files, folders, .gz, CSV/JSONL, HTML, RSS/Atom and WARC into the store."""
    from storyline.ingest import parse_field_options
    from storyline.pipeline import ingest
    from storyline.settings import Settings
    from storyline.store import SQLiteStore

    settings = Settings.load(parse_pairs(overrides, option="--set"))
    if no_enrich:
        settings = settings.with_values(enrich=False)
    field_map = parse_field_options(fields)
    with SQLiteStore(db_path) as store, command_progress() as progress:
        summary = ingest(list(paths), store=store, settings=settings, fields=field_map, progress=progress)
    if output == "json":
        echo_json(summary.as_dict())
    elif not is_quiet():
        click.echo(summary_text(summary, db_path=db_path))
    if strict and summary.rejected:
        sys.exit(2)


def summary_text(summary: IngestSummary, *, db_path: str) -> str:
    """What the run did, in a few lines: the inputs' fate, then what enrichment produced."""
    readable = summary.inputs - summary.rejected
    if readable and summary.already_stored == readable and not summary.completed:
        lines = [f"Nothing new: all {readable} inputs were already in the store ({db_path})."]
        if summary.rejected:
            lines.append(f"{summary.rejected} inputs rejected.")
    else:
        lines = [f"{summary.inputs} inputs → {db_path}: {summary.accepted} accepted, {summary.duplicates} duplicates,"
                 f" {summary.rejected} rejected" + (f" ({summary.already_stored} were already in the store)"
                                                    if summary.already_stored else "")]
    rows = [{"format": fmt, **counts} for fmt, counts in sorted(summary.by_format.items())]
    if len(rows) > 1:
        lines += _table_lines(rows, ["format", "accepted", "duplicates", "rejected"])
    if summary.rejection_codes:
        codes = ", ".join(f"{code}×{count}" for code, count in summary.rejection_codes.most_common())
        lines.append(f"rejections: {codes} (see `storyline rejected`)")
    if summary.enriched or summary.completed:
        completed = f", {summary.completed} from earlier runs completed" if summary.completed else ""
        lines.append(f"enriched {summary.enriched} articles{completed}: {summary.events} events,"
                     f" {summary.merged_events} merged events, {summary.quotes} quotes,"
                     f" {summary.claims} figures (claims)")
        lines.append(f"stories: {summary.stories_new} new, {summary.stories_updated} updated")
    return "\n".join(lines)


def _table_lines(rows: list[dict[str, object]], columns: list[str]) -> list[str]:
    sizes = [max(len(column), *(len(str(row.get(column, 0))) for row in rows)) for column in columns]
    head = "  " + "  ".join(column.ljust(size) for column, size in zip(columns, sizes, strict=True))
    body = ["  " + "  ".join(str(row.get(column, 0)).ljust(size) for column, size in zip(columns, sizes, strict=True))
            for row in rows]
    return [head.rstrip(), *(line.rstrip() for line in body)]


@click.command("search")
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--duplicates", is_flag=True, help="Include linked duplicates in the results.")
@handle_errors
def search_command(query: str, db_path: str, limit: int, output: str, duplicates: bool) -> None:
    """Full-text search (ranked by BM25, with snippets). Words are AND-ed; OR and prefix* work."""
    with open_reading_store(db_path) as store:
        hits = store.search(query, limit=limit, include_duplicates=duplicates)
    if output == "json":
        echo_json({"query": query, "results": hits})
    else:
        echo_table([hit | {"id": hit["id"][:10], "published": (hit["published"] or "")[:10]} for hit in hits],
                   ["id", "published", "title", "snippet"], widths={"title": 50, "snippet": 80})


@click.command("show")
@click.argument("article_id")
@db_option
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def show_command(article_id: str, db_path: str, output: str) -> None:
    """Show one article (an id or a unique prefix of one) with its duplicates."""
    with open_reading_store(db_path) as store:
        info = store.article_info(store.find_article_id(article_id))
    if info is None:
        raise StoreError("E502", article_id)
    if output == "json":
        echo_json(info)
        return
    for key in ("id", "title", "published", "url", "source", "format", "language", "author", "duplicate_of"):
        if info.get(key):
            click.echo(f"{key + ':':14}{info[key]}")
    for duplicate in info["duplicates"]:
        click.echo(f"{'duplicate:':14}{duplicate['id']} ({duplicate['duplicate_kind']}, {duplicate['similarity']}) "
                   f"{duplicate['url'] or duplicate['source']}")
    click.echo("")
    click.echo(info["text"])


@click.command("stats")
@db_option
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def stats_command(db_path: str, output: str) -> None:
    """Counts of what the store holds."""
    with open_reading_store(db_path) as store:
        stats = store.stats()
    if output == "json":
        echo_json(stats)
        return
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{name} {count}" for name, count in value.items()) or "-"
        click.echo(f"{key + ':':20}{value}")


@click.command("rejected")
@db_option
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--code", help="Only rejections with this code (e.g. E201).")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def rejected_command(db_path: str, limit: int, code: str | None, output: str) -> None:
    """The quarantine: inputs that could not be read, and why."""
    code = parse_choice(code, sorted(CODES), option="--code")
    with open_reading_store(db_path) as store:
        rows = store.rejections(limit=limit, code=code)
    if output == "json":
        echo_json(rows)
    else:
        echo_table(rows, ["code", "stage", "source", "message"], widths={"source": 60, "message": 70})


@click.command("articles")
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: stdout).")
@click.option("--originals-only", is_flag=True, help="Leave out linked duplicates.")
@handle_errors
def export_articles(db_path: str, fmt: str, out: Path | None, originals_only: bool) -> None:
    """Export articles (with their duplicate links). Re-ingesting a JSONL/CSV export gives the same articles."""
    check_out(fmt, out)
    with open_reading_store(db_path) as store, command_progress() as progress:
        total = store.stats()["originals" if originals_only else "articles"]
        rows = store.export_rows(include_duplicates=not originals_only)
        count = write_rows(counted(rows, progress, stage="export articles", total=total), format=fmt, out=out)
    if out is not None:
        note(f"wrote {count} articles to {out}")


def check_out(fmt: str, out: Path | None) -> None:
    """Refuse before any work: Parquet is binary and never goes to a terminal or a pipe, and --out must be
    in a folder that exists."""
    if fmt == "parquet" and out is None:
        raise UsageError("E604", "--format parquet needs --out", hint="Parquet is binary: give --out FILE")
    if out is not None and not out.parent.is_dir():
        raise UsageError("E604", f"--out {out}: no folder {out.parent}", hint="Create it first or write elsewhere")
