"""The figures view: a subject ("killed", "refugees") plotted over time, each point with its source and
sentence, and the disagreements between sources side by side (``storyline.enrich.disagreements``: two
values for one count on one occasion that cannot both be true). ``/figures`` and ``/api/figures``.

A subject matches what a figure counts or what happened to it, widened to the words that mean the same
outcome ("killed" also finds "died", "dead", "death toll"). Independent sources are distinct publishers.

Points are read from the store's snapshot of them (``storyline.store.figure_points``) while it is that of the
facts as they are now, else live from the claims; both answer the same bytes.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storyline.enrich.disagreements import (
    COUNT_HEADS,
    OUTCOMES,
    Report,
    count_label_of,
    figure_words,
    find_disagreements,
)
from storyline.store import SQLiteStore
from storyline.store.figure_points import figure_point_filter
from storyline.web import openapi, params
from storyline.web.blocking import cached_off_the_loop
from storyline.web.cache import ValueCache
from storyline.web.pages import render
from storyline.web.queries import envelope
from storyline.web.views._svgchart import dots
from storyline.web.views._tabular import export, export_format, pages

COLUMNS = (
    "day",
    "qualifier",
    "text",
    "value",
    "value_max",
    "unit",
    "count",
    "subject",
    "predicate",
    "source",
    "publisher",
    "disputed",
    "sentence",
    "title",
    "article_id",
)
MAX_PLOTTED = 2_000  # dots in the chart; the table pages through all
WORD = re.compile(r"[a-z]+")
FIGURES = ValueCache(6)  # all figures of a 10,000-article store take ~40 MB


def subject_terms(subject: str) -> tuple[str, ...]:
    """The subject's words, each widened to the words of the same outcome or toll ("killed" → died, toll …)."""
    terms: set[str] = set()
    for word in WORD.findall(subject.lower()):
        outcome = OUTCOMES.get(word) or COUNT_HEADS.get(word.removesuffix("s"))
        terms.add(word)
        if outcome:
            terms |= {w for w, o in OUTCOMES.items() if o == outcome}
            terms |= {w for w, o in COUNT_HEADS.items() if o == outcome}
    return tuple(sorted(terms))


def _matches(row: dict[str, Any], terms: tuple[str, ...]) -> bool:
    """Whole words only: "die" must not find "soldiers"."""
    return not terms or bool(figure_words(row["subject"], row["predicate"]) & set(terms))


def _report(row: dict[str, Any]) -> Report:
    return Report(
        article_id=row["article_id"],
        value=row["value"],
        value_max=row["value_max"],
        qualifier=row["qualifier"],
        text=row["text"],
        unit=row["unit"],
        subject=row["subject"],
        predicate=row["predicate"],
        source=row["source"],
        publisher=row["publisher"],
        sentence=row["sentence"] or "",
        day=row["day"],
        event=row["merged_id"] or "",
    )


def count_label(report: Report) -> str:
    """What a figure counts, as the disagreements name it ("people killed"), else its subject as written."""
    return count_label_of(report.subject, report.unit, report.predicate)


def _point(row: dict[str, Any], report: Report, disputed: bool) -> dict[str, Any]:
    return {
        "day": row["day"],
        "value": row["value"],
        "value_max": row["value_max"],
        "qualifier": row["qualifier"],
        "text": row["text"],
        "shown": " ".join(filter(None, (row["qualifier"], row["text"]))),
        "unit": row["unit"],
        "count": row["count"] if "count" in row else count_label(report),
        "subject": row["subject"],
        "predicate": row["predicate"],
        "source": report.reporter,
        "publisher": row["publisher"],
        "disputed": disputed,
        "sentence": row["sentence"] or "",
        "title": row["title"],
        "article_id": row["article_id"],
        "event": row["merged_id"] or "",
    }


def figures_data(store: SQLiteStore, request: Request, *, plotted: bool = True) -> dict[str, Any]:
    subject = params.search_query(request, "subject").strip()
    date_from, date_to = params.day_range(request, "from", "to")
    limit, offset = params.paging(request, 100)
    terms = subject_terms(subject)
    with store.reading():  # the snapshot's stamp and its rows from one state, should a refresh commit now
        items, total, sources, disagreements, shown = _figures(store, terms, date_from, date_to, limit, offset, plotted)
    return envelope(
        items,
        total=total,
        limit=limit,
        offset=offset,
        subject=subject,
        terms=list(terms),
        sources=sources,
        disagreements=disagreements,
        plotted=shown,
    )


def _figures(
    store: SQLiteStore,
    terms: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    limit: int,
    offset: int,
    plotted: bool,
) -> tuple[list[dict[str, Any]], int, int, list[dict[str, Any]], list[dict[str, Any]]]:
    """A page of points, their total, publishers, disagreements and the points plotted."""
    key = (store.facts_version(), terms, date_from, date_to)
    if store.figure_points_fresh():
        # the stored points (``storyline.store.figure_points``): a page is an index range; the totals and the
        # disagreements are found once per subject, range and facts version
        where = figure_point_filter(terms, date_from, date_to)
        total, sources, disagreements, disputed = FIGURES.get_or_make(
            ("stored", *key), lambda: _stored_summary(store, where)
        )
        items = _stored_points(store, store.stored_figure_positions(*where, limit=limit, offset=offset), disputed)
        top = store.stored_figure_positions(*where, limit=MAX_PLOTTED, offset=0) if plotted else []
        shown = _stored_points(store, top, disputed)
    else:
        # every point and disagreement once per subject, range and facts version: each page, the page and the
        # API then read the same (seconds for all figures of a 10,000-article store)
        points, sources, disagreements = FIGURES.get_or_make(
            key, lambda: _all_figures(store, terms, date_from, date_to)
        )
        total, items, shown = len(points), points[offset : offset + limit], points[:MAX_PLOTTED]
    return items, total, sources, disagreements, shown


def _stored_summary(
    store: SQLiteStore, where: tuple[str, list[Any]]
) -> tuple[int, int, list[dict[str, Any]], frozenset[int]]:
    """How many points, how many publishers give them, the disagreements and the points they dispute (by
    ``ord``)."""
    total, sources = store.stored_figure_totals(*where)
    rows = store.stored_keyed_figure_points(*where)
    reports = [_report(row) for row in rows]
    found = find_disagreements(reports)
    ord_of = {id(report): row["ord"] for row, report in zip(rows, reports, strict=True)}
    disputed = frozenset(ord_of[id(report)] for disagreement in found for report in disagreement.reports)
    publisher_of = {row["article_id"]: row["publisher"] for row in rows}
    return total, sources, [_disagreement(d.as_dict(), publisher_of) for d in found], disputed


def _stored_points(store: SQLiteStore, positions: list[int], disputed: frozenset[int]) -> list[dict[str, Any]]:
    return [_point(row, _report(row), row["ord"] in disputed) for row in store.stored_figure_points(positions)]


def _all_figures(
    store: SQLiteStore, terms: tuple[str, ...], date_from: str | None, date_to: str | None
) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]]]:
    """Every point (sorted), how many publishers, and the disagreements."""
    rows = [row for row in store.figure_rows(terms=terms, date_from=date_from, date_to=date_to) if _matches(row, terms)]
    reports = [_report(row) for row in rows]
    found = find_disagreements(reports)
    disputed = {id(report) for disagreement in found for report in disagreement.reports}
    points = sorted(
        (_point(row, report, id(report) in disputed) for row, report in zip(rows, reports, strict=True)),
        key=lambda p: (p["day"], p["count"], p["value"], p["publisher"]),
    )
    publisher_of = {row["article_id"]: row["publisher"] for row in rows}
    return points, len(set(publisher_of.values())), [_disagreement(d.as_dict(), publisher_of) for d in found]


def _disagreement(found: dict[str, Any], publisher_of: dict[str, str]) -> dict[str, Any]:
    reports = [{**report, "publisher": publisher_of.get(report["article_id"], "")} for report in found["reports"]]
    return {**found, "reports": reports, "publishers": sorted({report["publisher"] for report in reports})}


def _figures_response(request: Request, store: SQLiteStore, default: str) -> Response:
    fmt = export_format(request, default)
    data = figures_data(store, request, plotted=fmt == "html")
    plotted = data.pop("plotted")
    if fmt != "html":
        return export(data["items"], columns=COLUMNS, name="figures", fmt=fmt, payload=data)
    asked = dict(request.query_params)
    links = pages("/figures", asked, total=data["total"], limit=data["limit"], offset=data["offset"])
    chart = dots(plotted, series="publisher") if data["subject"] else None  # one subject: mixed units mean nothing
    return render(
        "figures.html",
        listing=data,
        params=asked,
        links=links,
        chart=chart,
        subjects=store.figure_subjects(),
        known=store.known_entities(sorted({p["source"] for p in plotted})),
    )


@cached_off_the_loop
def figures_page(request: Request, store: SQLiteStore) -> Response:
    return _figures_response(request, store, "html")


@cached_off_the_loop
def figures_api(request: Request, store: SQLiteStore) -> Response:
    return _figures_response(request, store, "json")


openapi.ENDPOINTS["/api/figures"] = (
    "Figures for a subject over time, with the disagreements between sources",
    openapi.LIST + " of points, plus subject, terms, sources (distinct publishers) and disagreements",
    [
        ("subject", openapi.TEXT, "what the figure counts or what happened to it: killed, refugees, injured …"),
        ("from", openapi.DAY, "first day"),
        ("to", openapi.DAY, "last day"),
        *openapi._paging(100),
        ("format", {"type": "string", "enum": ["json", "csv"], "default": "json"}, "json or csv (points)"),
    ],
)

ROUTES = [Route("/figures", figures_page), Route("/api/figures", figures_api)]
