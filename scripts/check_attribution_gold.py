"""Check an attribution gold file's form against the shared data: parses, fields, sha1, offsets (no scoring).

    PYTHONPATH=$PWD .venv/bin/python scripts/check_attribution_gold.py quality/gold/attribution-test2.jsonl

Reads each article with the reader and normalizer only (``load_articles``) and never prints article text, so
it can check a sealed file without showing its labels next to anything. Exits 1 on the first failure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from storyline.pipeline import load_articles
from storyline.records import Article
from storyline.settings import Settings

KINDS = {"direct", "indirect", "continued", "nested", "unmarked", "transcript", "address"}
QUOTE_KEYS = {"start", "end", "speaker", "kind"}
FIGURE_KEYS = {"start", "end", "value", "unit", "what", "source"}
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def article_text(data: Path, source: str, cache: dict[str, list[Article]], settings: Settings) -> str:
    path, _, row = source.partition("#row=")
    if path not in cache:
        cache[path] = load_articles(data / path, settings=settings)[0]
    articles = cache[path]
    if not row:
        if len(articles) != 1:
            raise ValueError(f"{source}: {len(articles)} articles, expected 1")
        return articles[0].text
    found = [article for article in articles if article.source.endswith(f"#{row}")]
    if len(found) != 1:
        raise ValueError(f"{source}: row not found")
    return found[0].text


def check_span(item: dict[str, Any], text: str, where: str) -> None:
    start, end = item["start"], item["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ValueError(f"{where}: span {start}..{end} outside 0..{len(text)}")
    if text[start:end] != text[start:end].strip():
        raise ValueError(f"{where}: span {start}..{end} starts or ends with whitespace")


def check_value(value: Any, where: str) -> None:
    numbers = value if isinstance(value, list) else [value]
    ok = all(isinstance(number, int | float) and not isinstance(number, bool) for number in numbers)
    if not ok or (isinstance(value, list) and (len(value) != 2 or value[0] > value[1])):
        raise ValueError(f"{where}: value {value!r} is not a number or a [low, high] range")


def check_case(case: dict[str, Any], text: str, line: int) -> None:
    if hashlib.sha1(text.encode("utf-8")).hexdigest() != case["sha1"]:
        raise ValueError(f"line {line}: sha1 of the normalized text differs")
    for index, quote in enumerate(case["quotes"]):
        where = f"line {line} quote {index}"
        if set(quote) != QUOTE_KEYS or quote["kind"] not in KINDS:
            raise ValueError(f"{where}: keys {sorted(quote)} or kind {quote.get('kind')!r}")
        if quote["speaker"] is not None and not (isinstance(quote["speaker"], str) and quote["speaker"].strip()):
            raise ValueError(f"{where}: speaker must be a name or null")
        check_span(quote, text, where)
    for index, figure in enumerate(case["figures"]):
        where = f"line {line} figure {index}"
        if set(figure) != FIGURE_KEYS or not (isinstance(figure["what"], str) and figure["what"].strip()):
            raise ValueError(f"{where}: keys {sorted(figure)} or empty what")
        check_value(figure["value"], where)
        check_span(figure, text, where)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    settings = Settings.load({"enrich": False})
    cache: dict[str, list[Article]] = {}
    quotes = figures = 0
    lines = [line for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    try:
        for number, line in enumerate(lines, start=1):
            case = json.loads(line)
            if set(case) != {"source", "sha1", "quotes", "figures"}:
                raise ValueError(f"line {number}: keys {sorted(case)}")
            check_case(case, article_text(args.data, case["source"], cache, settings), number)
            quotes, figures = quotes + len(case["quotes"]), figures + len(case["figures"])
    except (ValueError, KeyError, TypeError) as error:
        sys.exit(f"{args.gold}: {error}")
    print(f"{args.gold}: ok, {len(lines)} articles, {quotes} quotes, {figures} figures")


if __name__ == "__main__":
    main()
