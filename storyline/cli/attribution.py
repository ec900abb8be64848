"""``storyline eval attribution``: who said it, per whom, scored against a hand-labelled gold file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from storyline.cli.common import echo_json, handle_errors
from storyline.errors import UsageError

# The sealed halves: -test.jsonl and any later one (-test2.jsonl, ...).
SEALED_NAME = re.compile(r"-test\d*\.jsonl$")
ROWS = (("quotes", "quotes (span + speaker's name)"), ("figures", "figures (value + what + source)"),
        ("figures_value_only", "figures (value only)"))


def register(main: click.Group, *, export: click.Group, evaluate: click.Group) -> None:
    """Add this module's command to the CLI."""
    evaluate.add_command(eval_attribution)


@click.command("attribution")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Attribution gold file (JSON lines), e.g. quality/gold/attribution-dev.jsonl.")
@click.option("--data", "data_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("../shared/data"), show_default=True, help="Folder the gold sources are in.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--unseal", is_flag=True,
              help="Allow a sealed gold file (*-test.jsonl, *-test2.jsonl, ...): scored once, at the end of the issue.")
@handle_errors
def eval_attribution(gold_path: Path, data_root: Path, output: str, unseal: bool) -> None:
    """Strict precision and recall of quotes (speaker must be the person's name) and figures (value, what it
    counts and its source), with value-only figures for context."""
    if SEALED_NAME.search(gold_path.name) and not unseal:
        raise UsageError("E604", f"{gold_path} is the sealed test half",
                         hint="Score it once, at the end, with --unseal; tune on the dev half")
    from storyline.enrich.evaluate import evaluate_attribution

    report = evaluate_attribution(gold_path, data_root=data_root)
    if output == "json":
        echo_json(report)
    else:
        click.echo(text_report(report))


def text_report(report: dict[str, Any]) -> str:
    lines = [f"{report['gold']}: {report['articles']} articles ({report['model']})"]
    groups = [("all", report["scores"]), *report["by_pool"].items()]
    for group, scores in groups:
        lines += ["", f"{group:<34} precision  recall  matched/predicted/expected"]
        for key, label in ROWS:
            row = scores[key]
            lines.append(f"  {label:<32} {row['precision']:>9.3f}  {row['recall']:>6.3f}  "
                         f"{row['matched']}/{row['predicted']}/{row['expected']}")
    return "\n".join(lines)
