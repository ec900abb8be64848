"""A view's rows as a download: CSV (spreadsheet-safe) or JSON, named after the view.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@`` or a control character is prefixed with ``'`` so a
spreadsheet shows article text instead of running it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from starlette.responses import JSONResponse, Response

from storyline.errors import UsageError

FORMATS = ("json", "csv")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def export_format(value: str | None) -> str:
    """The ``format`` parameter: json (the default) or csv; anything else is E604."""
    chosen = (value or "json").lower()
    if chosen not in FORMATS:
        raise UsageError("E604", f"format {value!r} is not one of {', '.join(FORMATS)}", hint="e.g. format=csv")
    return chosen


def csv_response(rows: Iterable[dict[str, Any]], *, columns: Sequence[str], name: str) -> Response:
    """Rows as an attached CSV file ``{name}.csv`` with these columns, in this order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    headers = {"content-disposition": f'attachment; filename="{name}.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def json_response(data: Any, *, name: str, attach: bool = False) -> Response:
    """JSON; with ``attach`` the browser saves it as ``{name}.json``."""
    headers = {"content-disposition": f'attachment; filename="{name}.json"'} if attach else None
    return JSONResponse(data, headers=headers)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if not isinstance(value, str):
        return str(value)  # numbers: a negative one is not a formula
    return "'" + value if value.startswith(_FORMULA) else value
