"""Chart geometry for server-rendered SVG (no script, no CDN): bars per day and dots over time.

Only numbers and labels are computed here; ``templates/_charts.html`` draws them, so every label (a source's
name, a sentence) is escaped by Jinja like any other text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 8, 22
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
OTHER = "#7f7f7f"


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _x_scale(days: Sequence[str]) -> tuple[date, int]:
    first, last = _day(min(days)), _day(max(days))
    return first, max((last - first).days, 1)


def _x(day: str, first: date, span: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (_day(day) - first).days / span


def _x_ticks(first: date, span: int) -> list[dict[str, Any]]:
    """Up to five dated ticks, first and last day included."""
    steps = min(4, span)
    ticks = []
    for step in range(steps + 1):
        day = date.fromordinal(first.toordinal() + round(span * step / steps)).isoformat()
        ticks.append({"x": round(_x(day, first, span), 1), "label": day})
    return ticks


def day_bars(counts: Sequence[tuple[str, int]]) -> dict[str, Any] | None:
    """One bar per (day, count) on a continuous date axis; None when there is nothing to draw."""
    counts = [(day, n) for day, n in counts if day]
    if not counts:
        return None
    first, span = _x_scale([day for day, _ in counts])
    most = max(n for _, n in counts) or 1
    plot_h = HEIGHT - TOP - BOTTOM
    bar_w = max(1.5, min(24.0, (WIDTH - LEFT - RIGHT) / (span + 1) * 0.8))
    bars = []
    for day, n in counts:
        h = plot_h * n / most
        x = _x(day, first, span) - (bar_w / 2 if span > 1 else 0)
        bars.append(
            {
                "x": round(min(max(x, LEFT), WIDTH - RIGHT - bar_w), 1),
                "y": round(TOP + plot_h - h, 1),
                "w": round(bar_w, 1),
                "h": round(h, 1),
                "day": day,
                "value": n,
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "x_ticks": _x_ticks(first, span),
        "y_ticks": [{"y": TOP, "label": str(most)}, {"y": TOP + plot_h, "label": "0"}],
        "base": TOP + plot_h,
        "left": LEFT,
        "right": WIDTH - RIGHT,
    }


def dots(points: Sequence[dict[str, Any]], *, series: str) -> dict[str, Any] | None:
    """Points ({day, value, <series>}) on a date axis; a log value axis when values span over 100×.

    Each series (a source) gets a colour, the eight largest their own, the rest grey."""
    points = [p for p in points if p.get("day") and p.get("value") is not None]
    if not points:
        return None
    first, span = _x_scale([p["day"] for p in points])
    values = [float(p["value"]) for p in points]
    low, high = min(values), max(values)
    log = low > 0 and high / low > 100
    scale = _y_scale(low, high, log=log)
    colours = _colours([str(p[series]) for p in points])
    drawn = [
        {
            **p,
            "cx": round(_x(p["day"], first, span), 1),
            "cy": round(scale(float(p["value"])), 1),
            "colour": colours.get(str(p[series]), OTHER),
        }
        for p in points
    ]
    ticks = sorted(
        {
            low,
            high,
            *([10**k for k in range(math.ceil(math.log10(low)), math.floor(math.log10(high)) + 1)] if log else []),
        }
    )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "dots": drawn,
        "x_ticks": _x_ticks(first, span),
        "log": log,
        "y_ticks": [{"y": round(scale(v), 1), "label": f"{v:,.0f}"} for v in ticks][:8],
        "legend": [{"name": name, "colour": colour} for name, colour in colours.items()],
        "base": HEIGHT - BOTTOM,
        "left": LEFT,
        "right": WIDTH - RIGHT,
    }


def _y_scale(low: float, high: float, *, log: bool) -> Callable[[float], float]:
    plot_h = HEIGHT - TOP - BOTTOM
    if log:
        lo, hi = math.log10(low), math.log10(high)
        return lambda v: TOP + plot_h - plot_h * (math.log10(v) - lo) / ((hi - lo) or 1)
    lo = 0.0 if low >= 0 else low
    return lambda v: TOP + plot_h - plot_h * (v - lo) / ((high - lo) or 1)


def _colours(names: Sequence[str]) -> dict[str, str]:
    """The most frequent names get the palette, in order of frequency."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    return {name: PALETTE[i] for i, name in enumerate(ranked[: len(PALETTE)])}
