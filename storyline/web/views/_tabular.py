"""Exports shared by the entity, quotes and figures views: what a view shows, as CSV or JSON.

A view answers ``?format=csv`` or ``?format=json`` with the rows it shows (same filters, same page), so a
permalink to a view is also a permalink to its data. CSV cells that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``) are prefixed with ``'``: article text is untrusted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from storyline.validation import parse_choice

FORMATS = ("csv", "json", "html")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_format(request: Request, default: str) -> str:
    """``format`` of the request (csv, json or html), any case; E604 for another."""
    return parse_choice(request.query_params.get("format") or default, FORMATS, option="format") or default


def export(
    rows: Iterable[Mapping[str, Any]], *, columns: Sequence[str], name: str, fmt: str, payload: Mapping[str, Any]
) -> Response:
    """``payload`` as JSON, or ``rows`` as a CSV attachment with these columns."""
    if fmt == "json":
        return JSONResponse(dict(payload))
    return Response(
        to_csv(rows, columns),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def link(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    """``path`` with the request's filters, some changed (None drops one): permalinks, pages, exports."""
    merged = {**{k: v for k, v in params.items() if v not in (None, "")}, **changes}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def pages(path: str, params: Mapping[str, Any], *, total: int, limit: int, offset: int) -> dict[str, Any]:
    """Links a template needs: previous and next page, and the exports of this page."""
    return {
        "previous": link(path, params, offset=max(offset - limit, 0) or None) if offset else None,
        "next": link(path, params, offset=offset + limit) if offset + limit < total else None,
        "csv": link(path, params, format="csv"),
        "json": link(path, params, format="json"),
        "first": offset + 1 if total else 0,
        "last": min(offset + limit, total),
        "total": total,
    }
