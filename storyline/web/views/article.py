"""The article view: its text with entities, quotes, figures, times and events highlighted, each linking on.

``/articles/{id}`` is the page (an id or a unique prefix; the old path), ``/api/articles/{id}`` the article
with its enrichment as JSON, or with ``format=csv`` its annotations (kind, offsets, text, link) one a row.
Every sentence carries ``id="sentence-{start}"``: an event's evidence is ``/articles/{id}#sentence-{start}``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storyline.publisher import publisher
from storyline.store import SQLiteStore
from storyline.web.blocking import file_cached_off_the_loop
from storyline.web.downloads import csv_response, export_format, json_response
from storyline.web.markup import Span, annotate
from storyline.web.pages import render
from storyline.web.queries import article_data

CSV_COLUMNS = ("kind", "start", "end", "text", "value", "link")


def entity_link(name: str) -> str:
    return "/entities/" + quote(name, safe="")


def event_link(event: dict[str, Any]) -> str:
    """The events view narrowed to this event's type and day (and actor, when it has one)."""
    asked = {"type": event["type"], "from": event["date"], "to": event["date"]}
    if event.get("actor"):
        asked["actor"] = event["actor"]["name"]
    return "/events?" + urlencode({key: value for key, value in asked.items() if value})


def annotations(enrichment: dict[str, Any]) -> list[dict[str, Any]]:
    """Every highlighted span of an article as a flat row: kind, offsets, text, value and where it links."""
    rows = [
        _row("entity", m, m["canonical"], entity_link(m["canonical"]), title=f"{m['canonical']} ({m['label']})")
        for m in enrichment["entities"]
    ]
    rows += [
        _row(
            "quote",
            q,
            q["speaker"],
            "/quotes?" + urlencode({"speaker": q["speaker"]}) if q["speaker"] else "",
            title=f"{q['kind']} quote" + (f" by {q['speaker']}" if q["speaker"] else ""),
        )
        for q in enrichment["quotes"]
    ]
    rows += [
        _row(
            "figure",
            c,
            f"{c['qualifier']} {c['value']:g} {c['subject']}".strip(),
            "/figures?" + urlencode({"subject": c["subject"]}) if c["subject"] else "",
            title=" ".join(filter(None, [c["subject"], c["predicate"], c["source"] and f"({c['source']})"])),
        )
        for c in enrichment["claims"]
    ]
    rows += [
        _row(
            "time",
            t,
            t["value"] + (f"/{t['value_end']}" if t["value_end"] else ""),
            "/events?" + urlencode({"from": t["value"][:10], "to": (t["value_end"] or t["value"])[:10]}),
            title=f"{t['value']}" + (f" – {t['value_end']}" if t["value_end"] else ""),
        )
        for t in enrichment["times"]
    ]
    return sorted(rows, key=lambda row: (row["start"], -row["end"]))


def _row(kind: str, found: dict[str, Any], value: str, link: str, *, title: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "start": found["start"],
        "end": found["end"],
        "text": found["text"],
        "value": value,
        "link": link,
        "title": title,
    }


def _spans(rows: list[dict[str, Any]]) -> list[Span]:
    """Quotes and figures are marked spans with their link after them (entities inside stay links)."""
    spans = []
    for row in rows:
        if row["kind"] in ("quote", "figure") and row["link"]:
            label = row["value"] if row["kind"] == "quote" else "figure"
            after = ((f"— {label}", row["link"], row["kind"]),)
            spans.append(Span(row["start"], row["end"], row["kind"], title=row["title"], after=after))
        else:
            spans.append(Span(row["start"], row["end"], row["kind"], href=row["link"], title=row["title"]))
    return spans


def _event_tags(events: list[dict[str, Any]]) -> dict[int, list[tuple[str, str, str]]]:
    tags: dict[int, list[tuple[str, str, str]]] = {}
    for event in events:
        tags.setdefault(event["sentence_start"], []).append((event["type"], event_link(event), "event"))
    return tags


def article_view(store: SQLiteStore, article_id: str) -> dict[str, Any]:
    """The article (``queries.article_data``), its publisher and its annotations."""
    article = article_data(store, article_id)
    article["publisher"] = publisher(
        url=article["url"], canonical_url=article["canonical_url"], source=article["source"], format=article["format"]
    )
    article["annotations"] = annotations(article["enrichment"]) if article["enrichment"] else []
    return article


@file_cached_off_the_loop
def article_api(request: Request, store: SQLiteStore) -> Response:
    fmt = export_format(request.query_params.get("format"))
    article = article_view(store, request.path_params["article_id"])
    if fmt == "csv":
        return csv_response(article["annotations"], columns=CSV_COLUMNS, name=f"article-{article['id']}")
    return json_response(article, name=f"article-{article['id']}", attach=request.query_params.get("download") == "1")


@file_cached_off_the_loop
def article_page(request: Request, store: SQLiteStore) -> Response:
    article = article_view(store, request.path_params["article_id"])
    enrichment = article["enrichment"]
    sentences = [(s["start"], s["end"]) for s in enrichment["sentences"]] if enrichment else []
    events = list(enrichment["events"]) if enrichment else []
    text = annotate(
        article["text"], _spans(article["annotations"]), sentences=sentences, sentence_tags=_event_tags(events)
    )
    return render(
        "article.html",
        article=article,
        text=text,
        events=events,
        entity_link=entity_link,
        event_link=event_link,
        counts=_counts(article["annotations"]),
    )


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["kind"]] = counts.get(row["kind"], 0) + 1
    return counts


ROUTES = [Route("/articles/{article_id}", article_page), Route("/api/articles/{article_id}", article_api)]
