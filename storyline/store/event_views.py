"""Reads over stored event mentions for the analyst's views: the faceted events table, the map, the network.

Every read takes one ``EventQuery`` (what the URL's filters ask for), so the table, its facets, the map and
the network always agree on which mentions they show. Within one filter, several values mean any of them;
across filters, all must hold. Names match whole (case-insensitive), as a facet value is clicked; a
three-letter actor or recipient value also matches the country code. ``source`` is the publisher
(``storyline.publisher``): independent sources are distinct publishers.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, fields, replace
from typing import Any

from storyline.records import Event
from storyline.store.base import StorePart
from storyline.store.events import _event

# sort key → ORDER BY; every order ends in the mention's identity, so pages never overlap
SORTS = {
    "date": "e.date",
    "type": "e.type",
    "actor": "e.actor_name",
    "recipient": "e.recipient_name",
    "place": "e.place_name",
    "country": "e.place_country",
    "sources": "coalesce(m.num_sources, 0)",
}
TIEBREAK = "e.article_id, e.sentence_start, e.id"
# a mention's independent source: its article's publisher (an article missing from the store counts as its own)
PUBLISHED = "LEFT JOIN article_publishers ap ON ap.article_id = e.article_id"
SOURCE = "coalesce(ap.publisher, e.article_id)"
# the same over mentions counted per article first (``_per_article``): a tenth of the rows to join and group
ARTICLE_PUBLISHED = "LEFT JOIN article_publishers ap ON ap.article_id = x.article_id"
ARTICLE_SOURCE = "coalesce(ap.publisher, x.article_id)"
# facet → the column it counts (source is computed per article, month from the date)
FACETS = {
    "type": "e.type",
    "actor": "e.actor_name",
    "recipient": "e.recipient_name",
    "country": "e.place_country",
    "place": "e.place_name",
    "month": "substr(e.date, 1, 7)",
    "source": None,
}


@dataclass(frozen=True)
class EventQuery:
    """Which event mentions a view shows. Tuples hold the accepted values of one filter (any of them)."""

    type: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None  # words in the evidence sentence, as typed

    def without(self, name: str) -> EventQuery:
        """The same query minus one filter (a facet counts with the other filters only)."""
        return replace(self, **{name: ()})

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


class EventViews(StorePart):
    """The events table, its facets, map places and network edges, over ``events`` and ``merged_events``."""

    path: str

    def event_rows(
        self, query: EventQuery, *, sort: str = "date", descending: bool = False, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """One page of mentions, each with its article's title and publisher and its merged event's sources."""
        where, params = self._where(query)
        order = f"{SORTS[sort]} {'DESC' if descending else 'ASC'}, {TIEBREAK}"
        # the page's ids first, then its columns: the join and the row building touch one page, not every match
        page = (
            "SELECT e.id FROM events e"
            + (" LEFT JOIN merged_events m ON m.id = e.merged_id" if sort == "sources" else "")
            + f" {where} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        sql = (
            "SELECT e.*, a.title AS article_title, a.published AS article_published,"
            " m.num_sources AS event_sources, m.num_articles AS event_articles, ap.publisher AS publisher"
            f" FROM ({page}) p JOIN events e ON e.id = p.id JOIN articles a ON a.id = e.article_id"
            " LEFT JOIN article_publishers ap ON ap.article_id = e.article_id"
            f" LEFT JOIN merged_events m ON m.id = e.merged_id ORDER BY {order}"
        )
        return [_row(row) for row in self.db.execute(sql, [*params, limit, offset])]

    def event_totals(self, query: EventQuery) -> dict[str, int]:
        """How many mentions match, in how many articles, from how many independent sources (publishers)."""
        where, params = self._where(query)
        row = self.db.execute(
            f"SELECT coalesce(sum(x.mentions), 0), count(*), count(DISTINCT {ARTICLE_SOURCE})"
            f" FROM ({_per_article(where)}) x {ARTICLE_PUBLISHED}",
            params,
        ).fetchone()
        return {"mentions": int(row[0]), "articles": int(row[1]), "sources": int(row[2])}

    def event_facets(self, query: EventQuery, *, size: int = 10) -> dict[str, list[dict[str, Any]]]:
        """Per facet, its ``size`` most frequent values with their mention counts, counted with the other
        facets' filters applied (so a reader can add a second value to a facet already filtered)."""
        return {name: self._facet(name, query.without(name) if name != "month" else query, size) for name in FACETS}

    def _facet(self, name: str, query: EventQuery, size: int) -> list[dict[str, Any]]:
        where, params = self._where(query)
        if name == "source":
            sql = (
                f"SELECT {ARTICLE_SOURCE} AS value, sum(x.mentions) AS count FROM ({_per_article(where)}) x"
                f" {ARTICLE_PUBLISHED} GROUP BY value ORDER BY count DESC, value LIMIT ?"
            )
            return [{"value": row[0], "count": row[1]} for row in self.db.execute(sql, [*params, size])]
        column = FACETS[name]
        extra = f"{column} IS NOT NULL AND {column} != ''"
        where = f"{where} AND {extra}" if where else f"WHERE {extra}"
        # months are a histogram (every month, in order); types all 16; others their most frequent values
        order = "value" if name == "month" else "count DESC, value"
        sql = (
            f"SELECT {column} AS value, count(*) AS count FROM events e {where} GROUP BY value ORDER BY {order} LIMIT ?"
        )
        size = -1 if name in ("month", "type") else size
        return [{"value": row[0], "count": row[1]} for row in self.db.execute(sql, [*params, size])]

    def event_mentions(self, query: EventQuery, *, limit: int) -> list[Event]:
        """The matching mentions as records (for the merged-event export shapes), at most ``limit``."""
        where, params = self._where(query)
        sql = f"SELECT e.* FROM events e {where} ORDER BY e.date, {TIEBREAK} LIMIT ?"
        return [_event(row) for row in self.db.execute(sql, [*params, limit])]

    def event_places(self, query: EventQuery) -> list[dict[str, Any]]:
        """Each geocoded place of the matching mentions: where, how many mentions, articles and sources."""
        where, params = self._where(query)
        located = "e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL"
        where = f"{where} AND {located}" if where else f"WHERE {located}"
        sql = (
            "SELECT e.place_name AS name, e.place_country AS country, e.place_lat AS lat, e.place_lon AS lon,"
            " count(*) AS mentions, group_concat(DISTINCT e.type) AS types, min(e.date) AS first_date,"
            f" max(e.date) AS last_date, count(DISTINCT e.article_id) AS articles, count(DISTINCT {SOURCE}) AS sources"
            f" FROM events e {PUBLISHED} {where}"
            " GROUP BY e.place_name, e.place_country, e.place_lat, e.place_lon ORDER BY mentions DESC, name"
        )
        return [_place(row) for row in self.db.execute(sql, params)]

    def event_edges(self, query: EventQuery, *, least: int = 1) -> list[dict[str, Any]]:
        """Who acts on whom: (actor, recipient, type) with mention, article and source counts, most first."""
        where, params = self._where(query)
        both = (
            "e.actor_name IS NOT NULL AND e.actor_name != '' AND e.recipient_name IS NOT NULL"
            " AND e.recipient_name != '' AND e.actor_name != e.recipient_name"
        )
        where = f"{where} AND {both}" if where else f"WHERE {both}"
        sql = (
            "SELECT e.actor_name AS actor, max(e.actor_country) AS actor_country, e.recipient_name AS recipient,"
            " max(e.recipient_country) AS recipient_country, e.type AS type, count(*) AS mentions,"
            " min(e.date) AS first_date, max(e.date) AS last_date, count(DISTINCT e.article_id) AS articles,"
            f" count(DISTINCT {SOURCE}) AS sources FROM events e {PUBLISHED} {where}"
            " GROUP BY e.actor_name, e.recipient_name, e.type HAVING count(*) >= ?"
            " ORDER BY mentions DESC, actor, recipient, type"
        )
        return [dict(row) for row in self.db.execute(sql, [*params, least])]

    def article_places(self, *, date_from: str | None = None, date_to: str | None = None) -> list[dict[str, Any]]:
        """Each geocoded place mentioned in articles published in the range: mentions and articles."""
        clauses, params = [], []
        if date_from:
            clauses.append("a.published >= ?")
            params.append(date_from)
        if date_to:
            clauses.append("substr(a.published, 1, 10) <= ?")
            params.append(date_to)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = (
            "SELECT p.name AS name, p.country AS country, p.lat AS lat, p.lon AS lon, count(*) AS mentions,"
            " count(DISTINCT p.article_id) AS articles, substr(min(a.published), 1, 10) AS first_date,"
            " substr(max(a.published), 1, 10) AS last_date"
            f" FROM places p JOIN articles a ON a.id = p.article_id {where}"
            " GROUP BY p.name, p.country, p.lat, p.lon ORDER BY mentions DESC, name"
        )
        return [dict(row) | {"types": []} for row in self.db.execute(sql, params)]

    def _where(self, query: EventQuery) -> tuple[str, list[Any]]:
        where, params = _where(query)
        if not query.source:
            return where, params
        clause = (
            "e.article_id IN (SELECT article_id FROM article_publishers"
            " WHERE publisher IN (SELECT value FROM json_each(?)))"
        )
        wanted = json.dumps(sorted(set(query.source)))
        return (f"{where} AND {clause}" if where else f"WHERE {clause}"), [*params, wanted]


def _per_article(where: str) -> str:
    """The matching mentions counted per article (``x.article_id``, ``x.mentions``): an index scan in order."""
    return f"SELECT e.article_id, count(*) AS mentions FROM events e {where} GROUP BY e.article_id"


def _where(query: EventQuery) -> tuple[str, list[Any]]:
    """The SQL of every filter but ``source`` (which needs the publishers: ``EventViews._where``)."""
    clauses: list[str] = []
    params: list[Any] = []

    def any_of(template: str, values: tuple[str, ...], width: int = 1) -> None:
        if values:
            clauses.append("(" + " OR ".join([template] * len(values)) + ")")
            for value in values:
                params.extend([value] * width)

    any_of("e.type = ?", tuple(value.upper() for value in query.type))
    for role in ("actor", "recipient"):
        # a name matches whole; a country code (3 letters) matches the country too
        any_of(f"(e.{role}_name = ? COLLATE NOCASE OR e.{role}_country = upper(?))", getattr(query, role), 2)
    any_of("e.place_country = upper(?)", query.country)
    any_of("e.place_name = ? COLLATE NOCASE", query.place)
    if query.date_from:
        clauses.append("e.date >= ?")
        params.append(query.date_from)
    if query.date_to:
        clauses.append("e.date <= ?")
        params.append(query.date_to)
    if query.text:
        clauses.append("e.sentence LIKE ? ESCAPE '\\'")
        params.append(like(query.text))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own ``%``, ``_`` and ``\\`` matching only themselves."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _row(row: sqlite3.Row) -> dict[str, Any]:
    """A mention as the table, the API and the CSV show it (flat, JSON-friendly)."""
    return {
        "date": row["date"],
        "date_precision": row["date_precision"],
        "type": row["type"],
        "mode": row["mode"],
        "modality": row["modality"],
        "actor": row["actor_name"],
        "actor_country": row["actor_country"],
        "recipient": row["recipient_name"],
        "recipient_country": row["recipient_country"],
        "place": row["place_name"],
        "country": row["place_country"],
        "lat": row["place_lat"],
        "lon": row["place_lon"],
        "figures": json.loads(row["figures"]),
        "confidence": row["confidence"],
        "trigger": row["trigger"],
        "sentence": row["sentence"],
        "sentence_start": row["sentence_start"],
        "sentence_end": row["sentence_end"],
        "article_id": row["article_id"],
        "article_title": row["article_title"],
        "published": row["article_published"],
        "publisher": row["publisher"] or "",
        "merged_id": row["merged_id"],
        "event_sources": row["event_sources"],
        "event_articles": row["event_articles"],
    }


def _place(row: sqlite3.Row) -> dict[str, Any]:
    place = dict(row)
    place["types"] = sorted(set((row["types"] or "").split(",")) - {""})
    return place
