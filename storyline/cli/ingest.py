"""Commands over ingested articles: ingest, search, show, stats, rejected, export articles."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from storyline.cli.common import db_option, echo_json, echo_table, handle_errors
from storyline.errors import SettingError, StoreError
from storyline.exports import FORMATS, write_rows
from storyline.ingest import parse_field_options
from storyline.pipeline import IngestSummary, ingest
from storyline.progress import NO_PROGRESS, Progress
from storyline.settings import Settings
from storyline.store import SQLiteStore


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
    settings = Settings.load(parse_pairs(overrides, option="--set"))
    if no_enrich:
        settings = settings.with_values(enrich=False)
    with SQLiteStore(db_path) as store, _progress_bar() as bar:
        summary = ingest(list(paths), store=store, settings=settings,
                         fields=parse_field_options(fields), progress=bar)
    if output == "json":
        echo_json(summary.as_dict())
    else:
        _print_summary(summary, db_path=db_path)
    if strict and summary.rejected:
        sys.exit(2)


class _TqdmProgress:
    """Progress as a tqdm bar per stage on stderr."""

    def __init__(self) -> None:
        self.bar: Any = None

    def stage(self, name: str, total: int | None = None) -> None:
        from tqdm import tqdm

        self.done()
        self.bar = tqdm(desc=name, total=total, unit=" items", file=sys.stderr, leave=False)

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class _progress_bar:
    """Bars on an interactive terminal, nothing otherwise (CI logs stay clean)."""

    def __enter__(self) -> Progress:
        self.progress: Progress = _TqdmProgress() if sys.stderr.isatty() else NO_PROGRESS
        return self.progress

    def __exit__(self, *exc: object) -> None:
        self.progress.done()


def _print_summary(summary: IngestSummary, *, db_path: str) -> None:
    click.echo(f"{summary.inputs} inputs: {summary.accepted} accepted, {summary.duplicates} duplicates, "
               f"{summary.rejected} rejected ({summary.already_stored} already stored) → {db_path}")
    rows = [{"format": fmt, **counts} for fmt, counts in sorted(summary.by_format.items())]
    if rows:
        echo_table(rows, ["format", "accepted", "duplicates", "rejected"])
    if summary.rejection_codes:
        codes = ", ".join(f"{code}×{count}" for code, count in summary.rejection_codes.most_common())
        click.echo(f"rejections: {codes} (see `storyline rejected`)")
    if summary.enriched:
        click.echo(f"enriched {summary.enriched} articles")


@click.command("search")
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--duplicates", is_flag=True, help="Include linked duplicates in the results.")
@handle_errors
def search_command(query: str, db_path: str, limit: int, output: str, duplicates: bool) -> None:
    """Full-text search (ranked by BM25, with snippets). Words are AND-ed; OR and prefix* work."""
    with SQLiteStore(db_path) as store:
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
    with SQLiteStore(db_path) as store:
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
    with SQLiteStore(db_path) as store:
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
    with SQLiteStore(db_path) as store:
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
    if fmt == "parquet" and out is None:
        raise SettingError("E602", "--format parquet", hint="Parquet is binary: give --out FILE")
    with SQLiteStore(db_path) as store:
        count = write_rows(store.export_rows(include_duplicates=not originals_only), format=fmt, out=out)
    if out is not None:
        click.echo(f"wrote {count} articles to {out}", err=True)
