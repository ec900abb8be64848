"""Tables for events.

A person opening the file sees:
  events          one row per event *mention*: a PLOVER event coded from one sentence of one article, with
                  its actor, recipient, date, place, figures and the evidence sentence's offsets
  merged_events   one row per real-world event: mentions of the same type, actors, place and date (within
                  a day) across articles, with how many mentions, articles and independent sources report
                  it and, as JSON, where they disagree (two death tolls, two dates)
  events.merged_id links a mention to its merged event.
  merge_state     one row: ``dirty`` is 1 while stored mentions changed since the last merge (set in the
                  transaction that changes them, cleared by the merge), so a run cut short before merging
                  leaves work the next run sees
  events.date_source says where a mention's date comes from: 'text' (a time expression in the article),
                  'publication' (the article's date stands in) or '' (no date at all).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from storyline.events.merge import MergedEvent, merge_events
from storyline.records import Actor, Event, Place
from storyline.store.base import StorePart

SCHEMA = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    type TEXT NOT NULL,            -- one of the 16 PLOVER types
    mode TEXT NOT NULL,            -- PLOVER mode ("phone", "seize", ...) or ''
    modality TEXT NOT NULL,        -- '' | future | negated | hypothetical
    actor_name TEXT, actor_country TEXT, actor_sector TEXT, actor_text TEXT, actor_start INTEGER, actor_end INTEGER,
    recipient_name TEXT, recipient_country TEXT, recipient_sector TEXT, recipient_text TEXT,
    recipient_start INTEGER, recipient_end INTEGER,
    date TEXT NOT NULL,            -- ISO date the event happened
    date_precision TEXT NOT NULL,  -- day | week | month | year | published
    place_name TEXT, place_country TEXT, place_kind TEXT, place_lat REAL, place_lon REAL,
    place_text TEXT, place_start INTEGER, place_end INTEGER,
    killed REAL, injured REAL,     -- from figures, for easy querying
    figures TEXT NOT NULL,         -- JSON object: killed, injured, arrested, size
    contexts TEXT NOT NULL,        -- comma-separated PLOVER contexts
    confidence REAL NOT NULL,
    trigger TEXT NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, sentence TEXT NOT NULL,
    stage TEXT NOT NULL,           -- the coder that made it, e.g. events.coder.v1
    merged_id TEXT                 -- merged_events.id
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_type_date ON events(type, date);
CREATE INDEX events_merged ON events(merged_id);
CREATE TABLE merged_events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL, mode TEXT NOT NULL,
    actor_name TEXT, actor_country TEXT, actor_sector TEXT,
    recipient_name TEXT, recipient_country TEXT, recipient_sector TEXT,
    date TEXT NOT NULL,
    place_name TEXT, place_country TEXT, place_lat REAL, place_lon REAL,
    num_mentions INTEGER NOT NULL, num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,  -- independent articles: linked duplicates are not counted again
    figures TEXT NOT NULL,         -- JSON: the largest value reported for each figure
    disagreements TEXT NOT NULL,   -- JSON: {"killed": [{"value": 24, "sources": [...]}, ...], "date": [...]}
    confidence REAL NOT NULL
);
CREATE INDEX merged_events_type_date ON merged_events(type, date);
"""
# Rows stored before the column existed: the coder dated by publication exactly when precision says so.
DATE_SOURCE = """
ALTER TABLE events ADD COLUMN date_source TEXT NOT NULL DEFAULT '';
UPDATE events SET date_source = CASE WHEN date = '' THEN '' WHEN date_precision = 'published' THEN 'publication'
                                     ELSE 'text' END;
"""

MERGE_STATE = """
CREATE TABLE merge_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    dirty INTEGER NOT NULL,
    merged_at TEXT
);
INSERT INTO merge_state (id, dirty) VALUES (1, EXISTS (SELECT 1 FROM events WHERE merged_id IS NULL));
"""

EVENT_COLUMNS = (
    "article_id", "type", "mode", "modality",
    "actor_name", "actor_country", "actor_sector", "actor_text", "actor_start", "actor_end",
    "recipient_name", "recipient_country", "recipient_sector", "recipient_text", "recipient_start", "recipient_end",
    "date", "date_precision", "place_name", "place_country", "place_kind", "place_lat", "place_lon",
    "place_text", "place_start", "place_end", "killed", "injured", "figures", "contexts", "confidence", "trigger",
    "sentence_start", "sentence_end", "sentence", "stage", "date_source",
)
MERGED_COLUMNS = (
    "id", "type", "mode", "actor_name", "actor_country", "actor_sector", "recipient_name", "recipient_country",
    "recipient_sector", "date", "place_name", "place_country", "place_lat", "place_lon", "num_mentions",
    "num_articles", "num_sources", "figures", "disagreements", "confidence",
)


class EventTables(StorePart):
    MIGRATIONS: tuple[tuple[str, str], ...] = (
        ("events_0001_tables", SCHEMA), ("events_0002_merge_state", MERGE_STATE),
        ("events_0003_date_source", DATE_SOURCE),
    )

    def put_events(self, events: Sequence[Event]) -> None:
        """Store event mentions; re-putting an article's events replaces that article's earlier ones."""
        with self.transaction() as db:
            self._mark_unmerged()
            for article_id in sorted({event.article_id for event in events}):
                db.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
            db.executemany(
                _insert("events", EVENT_COLUMNS),
                [_event_row(event) for event in events],
            )

    def clear_events(self, article_ids: Sequence[str]) -> None:
        """Forget the events of these articles (an article re-coded to no events)."""
        with self.transaction() as db:
            if article_ids:
                self._mark_unmerged()
            db.executemany("DELETE FROM events WHERE article_id = ?", [(a,) for a in article_ids])

    def move_events(self, from_id: str, to_id: str) -> None:
        """Give one article's event mentions to another (an exact copy that now outranks it)."""
        with self.transaction() as db:
            self._mark_unmerged()
            db.execute("UPDATE events SET article_id = ?, merged_id = NULL WHERE article_id = ?", (to_id, from_id))

    def merge_owed(self) -> bool:
        """Whether stored mentions changed since the last merge (a run may have stopped before merging)."""
        return bool(self.db.execute("SELECT dirty FROM merge_state WHERE id = 1").fetchone()[0])

    def merged_event_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM merged_events").fetchone()[0])

    def _mark_unmerged(self) -> None:
        self.db.execute("UPDATE merge_state SET dirty = 1 WHERE id = 1 AND dirty = 0")

    def get_events(self, article_id: str) -> tuple[Event, ...]:
        rows = self.db.execute("SELECT * FROM events WHERE article_id = ? ORDER BY id", (article_id,))
        return tuple(_event(row) for row in rows)

    def iter_events(self) -> Iterator[Event]:
        for row in self.db.execute("SELECT * FROM events ORDER BY article_id, id"):
            yield _event(row)

    def event_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM events").fetchone()[0]

    def duplicate_map(self) -> dict[str, str]:
        """article id → its original's id, for linked duplicates (articles.duplicate_of)."""
        try:
            rows = self.db.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")
        except sqlite3.OperationalError:  # a store without the articles part
            return {}
        return {row[0]: row[1] for row in rows}

    def publisher_map(self) -> dict[str, str]:
        """article id → its publisher (``storyline.publisher``), what independent sources count."""
        try:
            rows = self.db.execute("SELECT article_id, publisher FROM article_publishers")
        except sqlite3.OperationalError:  # a store without the articles part
            return {}
        return {row[0]: row[1] for row in rows}

    def merge_stored_events(self, *, window_days: int = 1) -> list[MergedEvent]:
        """Recompute the merged events from every stored mention, store them and return them."""
        merged = merge_events(self.iter_events(), duplicate_of=self.duplicate_map(), publisher_of=self.publisher_map(),
                              window_days=window_days)
        with self.transaction() as db:
            db.execute("DELETE FROM merged_events")
            db.execute("UPDATE events SET merged_id = NULL")
            db.executemany(
                _insert("merged_events", MERGED_COLUMNS),
                [_merged_row(event) for event in merged],
            )
            db.executemany(
                # "+type": without it SQLite picks the (type, date) index and scans a type's every mention per row
                "UPDATE events SET merged_id = ?"
                " WHERE article_id = ? AND sentence_start = ? AND +type = ? AND trigger = ?",
                [(m.id, e.article_id, e.sentence_start, e.type, e.trigger) for m in merged for e in m.mentions],
            )
            db.execute("UPDATE merge_state SET dirty = 0, merged_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                       " WHERE id = 1")
        return merged

    def find_events(
        self, *, type: str | None = None, actor: str | None = None, recipient: str | None = None,
        place: str | None = None, date_from: str | None = None, date_to: str | None = None, limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Event mentions matching the filters (names match as substrings, countries exactly), by date."""
        where, params = _filters(type=type, actor=actor, recipient=recipient, place=place,
                                 date_from=date_from, date_to=date_to)
        sql = f"SELECT * FROM events {where} ORDER BY date, article_id, sentence_start LIMIT ? OFFSET ?"
        return [_listing(row) for row in self.db.execute(sql, [*params, limit, offset])]

    def count_events(
        self, *, type: str | None = None, actor: str | None = None, recipient: str | None = None,
        place: str | None = None, date_from: str | None = None, date_to: str | None = None,
    ) -> int:
        """How many mentions ``find_events`` would list without a limit."""
        where, params = _filters(type=type, actor=actor, recipient=recipient, place=place,
                                 date_from=date_from, date_to=date_to)
        return int(self.db.execute(f"SELECT count(*) FROM events {where}", params).fetchone()[0])

    def article_sources(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """url, title, source and published of the given articles (for exports)."""
        found: dict[str, dict[str, Any]] = {}
        ids = sorted(set(article_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            try:
                rows = self.db.execute(
                    "SELECT id, url, title, source, published FROM articles"
                    f" WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
            except sqlite3.OperationalError:
                return found
            found.update({row["id"]: dict(row) for row in rows})
        return found


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _filters(**given: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if given["type"]:
        clauses.append("type = ?")
        params.append(given["type"].upper())
    for role in ("actor", "recipient"):
        if given[role]:
            clauses.append(f"({role}_country = ? OR {role}_name LIKE ? ESCAPE '\\')")
            params += [given[role].upper(), _like(given[role])]
    if given["place"]:
        clauses.append("(place_name LIKE ? ESCAPE '\\' OR place_country = ?)")
        params += [_like(given["place"]), given["place"].upper()]
    if given["date_from"]:
        clauses.append("date >= ?")
        params.append(given["date_from"])
    if given["date_to"]:
        clauses.append("date <= ?")
        params.append(given["date_to"])
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _actor_cells(actor: Actor | None) -> tuple[Any, ...]:
    if actor is None:
        return (None,) * 6
    return actor.name, actor.country, actor.sector, actor.text, actor.start, actor.end


def _place_cells(place: Place | None) -> tuple[Any, ...]:
    if place is None:
        return (None,) * 8
    return place.name, place.country, place.kind, place.lat, place.lon, place.text, place.start, place.end


def _event_row(event: Event) -> tuple[Any, ...]:
    return (
        event.article_id, event.type, event.mode, event.modality, *_actor_cells(event.actor),
        *_actor_cells(event.recipient), event.date, event.date_precision, *_place_cells(event.place),
        event.figures.get("killed"), event.figures.get("injured"), json.dumps(event.figures, sort_keys=True),
        ",".join(event.contexts), event.confidence, event.trigger, event.sentence_start, event.sentence_end,
        event.sentence, event.stage, event.date_source,
    )


def _actor(row: sqlite3.Row, role: str) -> Actor | None:
    if row[f"{role}_name"] is None:
        return None
    return Actor(name=row[f"{role}_name"], country=row[f"{role}_country"], sector=row[f"{role}_sector"],
                 text=row[f"{role}_text"], start=row[f"{role}_start"], end=row[f"{role}_end"])


def _place(row: sqlite3.Row) -> Place | None:
    if row["place_name"] is None:
        return None
    return Place(name=row["place_name"], lat=row["place_lat"], lon=row["place_lon"], country=row["place_country"],
                 kind=row["place_kind"], start=row["place_start"], end=row["place_end"], text=row["place_text"])


def _event(row: sqlite3.Row) -> Event:
    return Event(
        type=row["type"], mode=row["mode"], actor=_actor(row, "actor"), recipient=_actor(row, "recipient"),
        date=row["date"], date_precision=row["date_precision"], article_id=row["article_id"],
        sentence_start=row["sentence_start"], sentence_end=row["sentence_end"], sentence=row["sentence"],
        confidence=row["confidence"], contexts=tuple(c for c in row["contexts"].split(",") if c),
        place=_place(row), figures=json.loads(row["figures"]), modality=row["modality"], trigger=row["trigger"],
        stage=row["stage"], date_source=_date_source(row),
    )


def _date_source(row: sqlite3.Row) -> str:
    """The stored source; a store opened read-only before its migration gets what the migration would write."""
    if "date_source" in row.keys():  # noqa: SIM118 - "in" on a sqlite3.Row looks at values, not names
        return row["date_source"]
    return "" if not row["date"] else "publication" if row["date_precision"] == "published" else "text"


def _listing(row: sqlite3.Row) -> dict[str, Any]:
    """A flat, JSON-friendly view of one stored mention (for the CLI and the HTTP API)."""
    return {
        "type": row["type"], "mode": row["mode"], "modality": row["modality"], "date": row["date"],
        "date_precision": row["date_precision"], "date_source": _date_source(row), "actor": row["actor_name"],
        "actor_country": row["actor_country"], "actor_sector": row["actor_sector"], "recipient": row["recipient_name"],
        "recipient_country": row["recipient_country"], "recipient_sector": row["recipient_sector"],
        "place": row["place_name"], "figures": json.loads(row["figures"]), "confidence": row["confidence"],
        "trigger": row["trigger"], "sentence": row["sentence"], "article_id": row["article_id"],
        "sentence_start": row["sentence_start"], "sentence_end": row["sentence_end"], "merged_id": row["merged_id"],
    }


def _merged_row(event: MergedEvent) -> tuple[Any, ...]:
    actor, recipient, place = event.actor, event.recipient, event.place
    return (
        event.id, event.type, event.mode, *(_actor_cells(actor)[:3]), *(_actor_cells(recipient)[:3]), event.date,
        place.name if place else None, place.country if place else None, place.lat if place else None,
        place.lon if place else None, event.num_mentions, event.num_articles, event.num_sources,
        json.dumps(event.figures, sort_keys=True), json.dumps(event.disagreements, sort_keys=True, default=str),
        event.confidence,
    )
