"""Commands of the stories and timelines stage: ``timeline``, ``eval timeline`` and ``stories``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

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
from storyline.errors import UsageError
from storyline.validation import check_day_range, parse_day


def register(main: click.Group, *, export: click.Group, evaluate: click.Group) -> None:
    """Add this stage's commands to the CLI."""
    register_timeline(main, evaluate=evaluate)
    register_stories(main)


# --- timeline and eval timeline (timelines) -------------------------------------------------------


def register_timeline(main: click.Group, *, evaluate: click.Group) -> None:
    main.add_command(timeline_command)
    evaluate.add_command(eval_timeline_command)


def _csv(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


@click.command(name="timeline")
@click.option("--story", help="Build the timeline of one story (its id).")
@click.option("--query", help="Build it from the articles a full-text search finds.")
@click.option("--keywords", callback=_csv, help="Comma-separated: keep articles and sentences mentioning one.")
@click.option("--start", metavar="YYYY-MM-DD", help="First date.")
@click.option("--end", metavar="YYYY-MM-DD", help="Last date.")
@click.option("--max-dates", default=10, show_default=True, type=click.IntRange(min=1), help="Dates at most.")
@click.option("--sentences-per-date", default=2, show_default=True, type=click.IntRange(min=1))
@click.option("--format", "fmt", default="json", show_default=True, type=click.Choice(["json", "md", "html", "text"]))
@db_option
@handle_errors
def timeline_command(
    story: str | None,
    query: str | None,
    keywords: tuple[str, ...],
    start: str | None,
    end: str | None,
    max_dates: int,
    sentences_per_date: int,
    fmt: str,
    db_path: str,
) -> None:
    """Dated entries for a story or a query: what happened when, each line with its sources.

    Give --story, --query or --keywords: a timeline of the whole store says nothing and takes long."""
    first, last = parse_day(start, option="--start"), parse_day(end, option="--end")
    check_day_range(first, last, options=("--start", "--end"))
    if story and query:
        raise UsageError("E604", "give --story or --query, not both")
    if not (story or query or keywords):
        raise UsageError(
            "E604",
            "timeline needs --story, --query or --keywords",
            hint="e.g. storyline timeline --query ceasefire (stories: `storyline stories`)",
        )

    from storyline.timeline.render import render
    from storyline.timeline.service import TimelineRequest, timeline_from_store

    request = TimelineRequest(
        story=story,
        query=query,
        keywords=keywords,
        start=first,
        end=last,
        max_dates=max_dates,
        sentences_per_date=sentences_per_date,
    )
    with open_reading_store(db_path) as store, command_progress() as progress:
        entries = timeline_from_store(store, request, progress=progress)
    click.echo(render(entries, fmt=fmt))


@click.command(name="timeline")
@click.option(
    "--dataset",
    "dataset",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A Timeline17-layout folder, e.g. ../shared/data/tls/t17-dev.",
)
@click.option("--topics", callback=_csv, help="Comma-separated topic names (default: all).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the scores as JSON here.")
@click.option(
    "--leave-one-topic-out",
    "held_out",
    is_flag=True,
    help="Score each topic with date weights learnt on the other topics only.",
)
@click.option(
    "--oracle-dates",
    is_flag=True,
    help="Give each prediction its reference's dates: scores sentence selection alone.",
)
@handle_errors
def eval_timeline_command(
    dataset: Path, topics: tuple[str, ...], out: Path | None, held_out: bool, oracle_dates: bool
) -> None:
    """AR-1, AR-2 (tilse, align+ m:1) and date F1 per topic and averaged, news-tls protocol."""
    from storyline.timeline.evaluate import ROUGE_MODE, evaluate, report

    if held_out:
        _leave_one_topic_out(dataset, topics=topics, out=out, oracle_dates=oracle_dates)
        return
    started = time.perf_counter()
    with command_progress() as progress:
        progress.stage("score reference timelines")

        def on_score(score: Any) -> None:
            progress.advance()
            if not progress.bars:  # a log keeps one line per reference; a terminal has the bar
                note(
                    f"  {score.topic}  {score.reference}: AR-1 {score.ar1:.4f}  AR-2 {score.ar2:.4f}"
                    f"  Date-F1 {score.date_f1:.4f}"
                )

        scores = evaluate(dataset, topics=topics or None, progress=on_score, oracle_dates=oracle_dates)
    summary = report(scores, seconds=time.perf_counter() - started, root=dataset)
    summary["oracle_dates"] = oracle_dates
    for name, row in summary["topics"].items():
        click.echo(
            f"{name:10s} AR-1 {row['ar1']:.4f}  AR-2 {row['ar2']:.4f}  Date-F1 {row['date_f1']:.4f}"
            f"  ({int(row['timelines'])} timelines)"
        )
    given = "; reference dates given (sentence selection alone)" if oracle_dates else ""
    click.echo(f"tilse ROUGE mode: {ROUGE_MODE}{given}; {summary['seconds']:.1f} s")
    if out:
        out.write_text(json.dumps(summary, indent=2) + "\n")


def _leave_one_topic_out(dataset: Path, *, topics: tuple[str, ...], out: Path | None, oracle_dates: bool) -> None:
    from storyline.timeline.evaluate import ROUGE_MODE
    from storyline.timeline.learn import leave_one_topic_out

    started = time.perf_counter()
    with command_progress() as progress:
        progress.stage("leave one topic out")
        table = leave_one_topic_out(dataset, topics=topics or None, oracle_dates=oracle_dates)
    for name, row in table.items():
        click.echo(
            f"{name:10s} AR-1 {row['ar1']:.4f}  AR-2 {row['ar2']:.4f}  Date-F1 {row['date_f1']:.4f}"
            f"  ({int(row['timelines'])} timelines, weights learnt without this topic)"
        )
    seconds = time.perf_counter() - started
    given = "; reference dates given (sentence selection alone)" if oracle_dates else ""
    click.echo(f"tilse ROUGE mode: {ROUGE_MODE}; leave-one-topic-out{given}; {seconds:.1f} s")
    if out:
        out.write_text(
            json.dumps(
                {"leave_one_topic_out": table, "oracle_dates": oracle_dates, "seconds": round(seconds, 1)}, indent=2
            )
            + "\n"
        )


# --- stories (stories) ----------------------------------------------------------------------------


def register_stories(main: click.Group) -> None:
    main.add_command(stories_command)


@click.command(name="stories")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="Stories still running on or after this date.")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Stories begun on or before this date.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1), help="Stories at most.")
@click.option("--thread", metavar="ID", help="Only the stories of this thread (the topic they belong to).")
@click.option("--threads", "threads", is_flag=True, help="List the threads (long-running topics) instead.")
@db_option
@handle_errors
def stories_command(
    start: str | None, end: str | None, fmt: str, limit: int, thread: str | None, threads: bool, db_path: str
) -> None:
    """The stories in the store, latest first: label, dates, articles, independent sources and thread."""
    from storyline.stories import list_stories, list_threads

    first, last = parse_day(start, option="--from"), parse_day(end, option="--to")
    check_day_range(first, last)
    with open_reading_store(db_path) as store:
        if threads:
            rows = list_threads(store, start=first, end=last, limit=limit)
            columns = ["id", "first_date", "last_date", "story_count", "article_count", "label"]
        else:
            rows = list_stories(store, start=first, end=last, limit=limit, thread=thread)
            columns = ["id", "first_date", "last_date", "article_count", "source_count", "thread_id", "label"]
    if fmt == "json":
        echo_json(rows)
        return
    echo_table(rows, columns, widths={"id": 24, "thread_id": 24, "label": 70})
