"""Commands over enrichment: analyze (one file, no database), entities, quotes, claims."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from storyline.cli.common import (
    command_progress,
    db_option,
    echo_json,
    echo_table,
    handle_errors,
    note,
    open_reading_store,
)
from storyline.cli.ingest import parse_pairs
from storyline.errors import InputError
from storyline.records import Article, Enrichment, as_dict
from storyline.settings import Settings
from storyline.validation import parse_choice

if TYPE_CHECKING:
    from storyline.progress import Progress

FORMAT_OPTION = click.option("--format", "output", type=click.Choice(["table", "json"]), default="table",
                             show_default=True, help="Output format.")
LIMIT_OPTION = click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
                            help="At most this many rows.")


def register(main: click.Group, *, export: click.Group, evaluate: click.Group) -> None:
    for command in (analyze_command, entities_command, quotes_command, claims_command):
        main.add_command(command)
    evaluate.add_command(eval_enrichment_command)


@click.command("analyze")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="JSON (keys: article, sentences, entities, quotes, claims, times, places, events) or a report.")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a setting.")
@handle_errors
def analyze_command(path: Path, output: str, overrides: tuple[str, ...]) -> None:
    """Enrich one file (every article in it) without a database and print what was found."""
    from storyline.pipeline import load_articles

    settings = Settings.load(parse_pairs(overrides, option="--set"))
    with command_progress() as progress:
        progress.stage("read")
        articles, rejections = load_articles(path, settings=settings)
        progress.advance(len(articles) + len(rejections))
        for rejection in rejections:
            click.echo(f"Rejected {rejection.source}: {rejection.code} {rejection.message}", err=True)
        if not articles:
            first = rejections[0] if rejections else None
            raise InputError(first.code if first else "E101", str(path), hint=first.message if first else "")
        enrichments = enrich_in_chunks(articles, settings=settings, progress=progress)
    reports = [analysis(article, enrichment=enrichment)
               for article, enrichment in zip(articles, enrichments, strict=True)]
    if output == "json":
        echo_json(reports[0] if len(reports) == 1 else reports)
    else:
        for report in reports:
            click.echo(text_report(report))
    if rejections:
        sys.exit(1)


def enrich_in_chunks(articles: list[Article], *, settings: Settings, progress: Progress,
                     chunk: int = 16) -> list[Enrichment]:
    """Enrichment and events of every article, a chunk at a time so the bar moves (one chunk keeps
    spaCy's batching)."""
    from storyline.pipeline import analyze_articles

    progress.stage("enrich", len(articles))
    enrichments: list[Enrichment] = []
    for start in range(0, len(articles), chunk):
        part = articles[start : start + chunk]
        enrichments += analyze_articles(part, settings=settings)
        progress.advance(len(part))
    return enrichments


def analysis(article: Article, *, enrichment: Enrichment) -> dict[str, Any]:
    """The JSON shape of ``storyline analyze``."""
    data = as_dict(enrichment)
    article_keys = ("id", "title", "url", "published", "language", "text")
    return {
        "article": {key: value for key, value in as_dict(article).items() if key in article_keys},
        **{key: data[key] for key in ("sentences", "entities", "quotes", "claims", "times", "places", "events")},
    }


def text_report(report: dict[str, Any]) -> str:
    """A readable report: who, what was said, which figures, when, where."""
    article = report["article"]
    lines = [f"{article['title']}", f"{article['published']}  {article['url']}  [{article['id']}]", ""]
    lines += _section("Entities", _entity_lines(report["entities"]))
    lines += _section("Quotes", [f"{q['speaker'] or '?'} ({q['kind']}): {q['text']}" for q in report["quotes"]])
    lines += _section("Claims", [_claim_line(c) for c in report["claims"]])
    lines += _section("Times", [f"{t['text']!r} → {t['value']}{'..' + t['value_end'] if t['value_end'] else ''}"
                                f" ({t['granularity']})" for t in report["times"]])
    lines += _section("Places", sorted({f"{p['name']} ({p['country'] or '-'}, {p['kind']}) {p['lat']:.2f},"
                                        f" {p['lon']:.2f}" for p in report["places"]}))
    lines += _section("Sentences", [f"[{s['date']}] {s['text']}" for s in report["sentences"]])
    return "\n".join(lines)


def _section(title: str, rows: list[str]) -> list[str]:
    return [f"{title} ({len(rows)})", *[f"  {row}" for row in rows], ""]


def _entity_lines(entities: list[dict[str, Any]]) -> list[str]:
    counts: dict[tuple[str, str], set[str]] = {}
    for entity in entities:
        counts.setdefault((entity["canonical"], entity["label"]), set()).add(entity["text"])
    return [f"{name} [{label}]" + (f" ← {', '.join(sorted(variants - {name}))}" if variants - {name} else "")
            for (name, label), variants in counts.items()]


def _claim_line(claim: dict[str, Any]) -> str:
    words = " ".join(part for part in (claim["qualifier"], claim["text"], claim["subject"], claim["predicate"]) if part)
    return words + (f" (unit {claim['unit']})" if claim["unit"] else "") + \
        (f" — according to {claim['source']}" if claim["source"] else "")


@click.command("entities")
@db_option
@click.option("--label", help="Only this label (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, LAW).")
@click.option("--query", help="Only canonical names containing this text.")
@click.option("--aliases", is_flag=True, help="Show the alias table (variant → canonical) instead.")
@LIMIT_OPTION
@FORMAT_OPTION
@handle_errors
def entities_command(db_path: str, label: str | None, query: str | None, aliases: bool, limit: int,
                     output: str) -> None:
    """Entities in the store with canonical names and mention counts (or the alias table)."""
    if label:
        from storyline.enrich.entities import LABELS

        label = parse_choice(label, sorted(LABELS), option="--label")
    with open_reading_store(db_path) as store:
        if aliases:
            rows = store.entity_aliases(query=query, limit=limit)
            columns = ["variant", "canonical", "label", "mentions", "articles"]
        else:
            rows = store.list_entities(label=label, query=query, limit=limit)
            columns = ["canonical", "label", "mentions", "articles", "variants"]
    _show(rows, columns, output=output)


@click.command("quotes")
@db_option
@click.option("--speaker", help="Only quotes whose speaker's canonical name contains this text (any case).")
@LIMIT_OPTION
@FORMAT_OPTION
@handle_errors
def quotes_command(db_path: str, speaker: str | None, limit: int, output: str) -> None:
    """Quotes in the store with their speakers."""
    with open_reading_store(db_path) as store:
        rows = store.find_quotes(speaker=speaker, limit=limit)
    _show(rows, ["published", "speaker", "kind", "text", "article_id"], output=output, widths={"text": 80})


@click.command("claims")
@db_option
@click.option("--subject", help="Only claims whose subject contains this text (any case).")
@click.option("--disagreements", is_flag=True,
              help="Instead: counts that different sources give different values for, on the same occasion.")
@LIMIT_OPTION
@FORMAT_OPTION
@handle_errors
def claims_command(db_path: str, subject: str | None, disagreements: bool, limit: int, output: str) -> None:
    """Numeric claims in the store: figure, what it counts, the verb, who reported it."""
    if disagreements:
        _show_disagreements(db_path, subject=subject, limit=limit, output=output)
        return
    with open_reading_store(db_path) as store:
        rows = store.find_claims(subject=subject, limit=limit)
    _show(rows, ["published", "qualifier", "text", "unit", "subject", "predicate", "source", "article_id"],
          output=output, widths={"subject": 30, "source": 30})


def _show_disagreements(db_path: str, *, subject: str | None, limit: int, output: str) -> None:
    """Disagreements computed from the stored claims on each read (the store stays read-only); the table has
    one row per report, numbered by disagreement."""
    from storyline.enrich.disagreements import find_disagreements, report_from_row

    with open_reading_store(db_path) as store:
        rows = store.claim_reports(subject=subject)
    found = [d.as_dict() for d in find_disagreements(report_from_row(row) for row in rows)][:limit]
    if output == "json":
        echo_json(found)
        return
    table = [{"#": number, "count": d["count"], "day": r["day"], "value": " ".join(filter(None, (r["qualifier"],
              r["text"]))), "source": r["source"], "sentence": r["sentence"], "article_id": r["article_id"]}
             for number, d in enumerate(found, 1) for r in d["reports"]]
    if table:
        echo_table(table, ["#", "count", "day", "value", "source", "sentence", "article_id"],
                   widths={"source": 30, "sentence": 70})
    else:
        click.echo("No disagreements.")


def _show(rows: list[dict[str, Any]], columns: list[str], *, output: str, widths: dict[str, int] | None = None) -> None:
    if output == "json":
        echo_json(rows)
    elif rows:
        echo_table([{**row, "published": str(row.get("published") or "")[:10]} for row in rows], columns,
                   widths=widths)
    else:
        click.echo("No rows.")


@click.command("enrichment")
@click.argument("golden", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--data", "data_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("../shared/data"), show_default=True, help="Folder the golden files' data_file is in.")
@click.option("--write", "write_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the scores (with each data file's SHA-256) to this JSON file, e.g. quality/enrichment.json.")
@handle_errors
def eval_enrichment_command(golden: tuple[Path, ...], data_root: Path, write_path: Path | None) -> None:
    """Precision and recall of each extractor on golden sets (default: tests/golden/enrichment_*.json)."""
    paths = list(golden) or sorted(Path("tests/golden").glob("enrichment_*.json"))
    with command_progress() as progress:
        progress.stage("golden sets", len(paths))
        report = {}
        for path in paths:
            report[path.stem.removeprefix("enrichment_")] = evaluate_golden(path, data_root=data_root)
            progress.advance()
    if write_path is not None:
        write_path.parent.mkdir(parents=True, exist_ok=True)
        write_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        note(f"wrote {write_path}")
    echo_json(report)


def evaluate_golden(path: Path, *, data_root: Path) -> dict[str, Any]:
    """Scores of one golden set: read its data file, enrich the articles it names, compare."""
    from storyline.enrich import enrich_articles
    from storyline.enrich.evaluate import golden_articles, load_golden, score, sha256_file
    from storyline.enrich.nlp import model_name
    from storyline.pipeline import load_articles

    golden = load_golden(path)
    data_file = data_root / golden["data_file"]
    settings = Settings.load()
    articles, _ = load_articles(data_file, settings=settings)
    chosen = golden_articles(golden, articles=articles)
    scores = score(golden["articles"], enrichments=enrich_articles(chosen, settings=settings))
    return {"data_file": golden["data_file"], "sha256": sha256_file(data_file), "articles": len(chosen),
            "model": model_name(settings), "scores": scores}
