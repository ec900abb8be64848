"""The story view: a zoomable timeline, its actors, places and figures, how it grew, related stories.

``/stories/{id}`` is the page (an old id of a merged story shows its survivor), ``/api/stories/{id}`` the
same as JSON, or with ``format=csv`` the timeline one article a row. ``from``/``to`` (days) narrow the
timeline and are the permalink of a zoom (``static/story.js`` keeps them in the URL as the reader zooms).
The axis and the growth chart are SVG drawn here: the page works without script; the script only zooms.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storyline.errors import StorylineError
from storyline.store import SQLiteStore
from storyline.store.story_details import (
    related_stories,
    story_articles,
    story_claims,
    story_entities,
    story_events,
    story_places,
)
from storyline.web import params
from storyline.web.blocking import cached_off_the_loop
from storyline.web.downloads import csv_response, export_format, json_response
from storyline.web.pages import render
from storyline.web.views.article import entity_link, event_link

AXIS_WIDTH, AXIS_PAD = 1000, 30
ACTOR_LABELS = ("PERSON", "ORG", "NORP")
CSV_COLUMNS = ("date", "article_id", "title", "publisher", "duplicate_of", "url", "events")


def story_view(
    store: SQLiteStore,
    story_id: str,
    *,
    start: str | None = None,
    end: str | None = None,
) -> dict[str, Any]:
    """Everything the page shows; ``start``/``end`` narrow the timeline entries (not the counts)."""
    story = store.get_story(story_id)
    if story is None:
        raise StorylineError("E702", story_id)
    ids = store.story_article_ids(story["id"])
    articles = story_articles(store, ids)
    events = story_events(store, ids)
    entries = _entries(articles, events)
    originals = [article for article in articles if not article["duplicate_of"]]
    return {
        "story": story,
        "sources": _sources(articles),
        "independent_sources": len({article["publisher"] for article in originals}),
        "copies": len(articles) - len(originals),
        "entries": [entry for entry in entries if _within(entry["date"], start, end)],
        "all_entries": entries,
        "growth": _per_day(articles),
        "actors": story_entities(store, ids, labels=ACTOR_LABELS),
        "places": story_places(store, ids),
        "figures": story_claims(store, ids),
        "related": related_stories(store, story["id"]),
        "thread": _thread(store, story),
        "range": {"from": start, "to": end},
    }


def _thread(store: SQLiteStore, story: dict[str, Any], *, limit: int = 20) -> dict[str, Any] | None:
    """The thread (long-running topic) the story belongs to, with its other stories, latest first."""
    thread = store.get_thread(story["thread_id"]) if story.get("thread_id") else None
    if thread is None:
        return None
    others = store.list_stories(thread=thread["id"], limit=limit + 1)
    return thread | {"stories": [other for other in others if other["id"] != story["id"]][:limit]}


def _sources(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each publisher with its articles and how many of them are syndicated copies."""
    found: dict[str, dict[str, Any]] = {}
    for article in articles:
        source = found.setdefault(article["publisher"], {"publisher": article["publisher"], "articles": 0, "copies": 0})
        source["articles"] += 1
        source["copies"] += bool(article["duplicate_of"])
    return sorted(found.values(), key=lambda source: (-source["articles"], source["publisher"]))


def _entries(articles: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per day: the articles published and the events that happened that day."""
    days: dict[str, dict[str, Any]] = {}
    for article in articles:
        day = (article["published"] or "")[:10]
        if day:
            days.setdefault(day, {"date": day, "articles": [], "events": []})["articles"].append(article)
    titles = {article["id"]: article for article in articles}
    for event in events:
        if event["date"]:
            entry = days.setdefault(event["date"][:10], {"date": event["date"][:10], "articles": [], "events": []})
            entry["events"].append(event | {"title": titles.get(event["article_id"], {}).get("title", "")})
    return [days[day] for day in sorted(days)]


def _within(day: str, start: str | None, end: str | None) -> bool:
    return (not start or day >= start) and (not end or day <= end)


def _per_day(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter((article["published"] or "")[:10] for article in articles if article["published"])
    return [{"date": day, "articles": counts[day]} for day in sorted(counts)]


def axis(entries: list[dict[str, Any]], growth: list[dict[str, Any]]) -> dict[str, Any] | None:
    """SVG geometry: each day's x on one scale for the timeline dots, the growth bars and month ticks."""
    days = sorted({entry["date"] for entry in entries} | {row["date"] for row in growth})
    if not days:
        return None
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span = max(1, (last - first).days)

    def x(day: str) -> float:
        return round(AXIS_PAD + (date.fromisoformat(day) - first).days / span * (AXIS_WIDTH - 2 * AXIS_PAD), 1)

    top = max((row["articles"] for row in growth), default=1)
    cumulative, bars = 0, []
    for row in growth:
        cumulative += row["articles"]
        height = max(2, round(70 * row["articles"] / top))
        bars.append(row | {"x": x(row["date"]), "y": 80 - height, "height": height, "total": cumulative})
    dots = [
        {
            "date": entry["date"],
            "x": x(entry["date"]),
            "r": round(3 + 2 * math.sqrt(len(entry["articles"]) + len(entry["events"])), 1),
            "articles": len(entry["articles"]),
            "events": len(entry["events"]),
        }
        for entry in entries
    ]
    return {
        "width": AXIS_WIDTH,
        "first": days[0],
        "last": days[-1],
        "span": span,
        "dots": dots,
        "bars": bars,
        "ticks": _ticks(first, last, x),
        "bar_width": max(2, round((AXIS_WIDTH - 2 * AXIS_PAD) / (span + 1), 1)),
    }


def _ticks(first: date, last: date, x: Any) -> list[dict[str, Any]]:
    """A tick at the first of each month in range (every day when the story spans under a month)."""
    if (last - first).days < 31:
        days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        return [{"x": x(day.isoformat()), "label": day.strftime("%d %b")} for day in days][:: max(1, len(days) // 8)]
    ticks, month = [], date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            ticks.append({"x": x(month.isoformat()), "label": month.strftime("%b %Y")})
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return ticks


def _csv_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for entry in view["entries"]:
        for article in entry["articles"]:
            kinds = sorted({event["type"] for event in entry["events"] if event["article_id"] == article["id"]})
            rows.append(
                {
                    "date": entry["date"],
                    "article_id": article["id"],
                    "title": article["title"],
                    "publisher": article["publisher"],
                    "duplicate_of": article["duplicate_of"],
                    "url": article["url"],
                    "events": " ".join(kinds),
                }
            )
    return rows


def _asked(request: Request) -> tuple[str, str | None, str | None]:
    start, end = params.day_range(request, "from", "to")
    return request.path_params["story_id"], start, end


@cached_off_the_loop
def story_api(request: Request, store: SQLiteStore) -> Response:
    fmt = export_format(request.query_params.get("format"))
    story_id, start, end = _asked(request)
    view = story_view(store, story_id, start=start, end=end)
    del view["all_entries"]
    name = f"story-{view['story']['id']}"
    if fmt == "csv":
        return csv_response(_csv_rows(view), columns=CSV_COLUMNS, name=name)
    return json_response(view, name=name, attach=request.query_params.get("download") == "1")


@cached_off_the_loop
def story_page(request: Request, store: SQLiteStore) -> Response:
    story_id, start, end = _asked(request)
    view = story_view(store, story_id, start=start, end=end)
    # The axis spans the whole story: a narrowed page shows every day, zoomed to its range.
    return render(
        "story.html",
        view=view,
        axis=axis(view["all_entries"], view["growth"]),
        entity_link=entity_link,
        event_link=event_link,
    )


ROUTES = [Route("/stories/{story_id}", story_page), Route("/api/stories/{story_id}", story_api)]
