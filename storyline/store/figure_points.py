"""The figures view's points, stored: every figure as ``figure_rows`` reads it, in the view's order, with what
the view derives from it (what it counts, its words), and the figure subjects' counts.

Reading all 32,000 figures of a 10,000-article store (each with its sentence, event and article) and
ordering them took a second per request; from ``figure_points`` a page is an index range and the totals a
scan of narrow rows. The table is a snapshot of the facts at one ``facts_version`` (the counter
``storyline.store.read_speed`` keeps by triggers), stamped in ``figure_points_state``: it is used only while
the stamp equals the counter, so a read never sees stale points — a store changed since falls back to the
figures read live, and its next writing open refreshes the snapshot when it closes (``refresh_figure_points``).
Only storing articles (an ingest without enrichment) changes no fact, so the snapshot stays in use while an
ingest writes. Optional for a read-only open, like the indexes: a store without it reads the same, slower.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from storyline.errors import StoreError
from storyline.store.base import StorePart

log = logging.getLogger(__name__)

# seq: the position in the view's order (day, count, value, publisher, then the claims' own order);
# ord: the claims' own order (article, offset), in which disagreements are found; keyed: 1 when the figure
# counts something two sources can share (``count_key_of``). figure_point_words: each point's words (of its
# subject and verb, also without a plural "s"), so a subject asked for is an index seek per word, not a scan
SCHEMA = """
CREATE TABLE IF NOT EXISTS figure_points (
    seq INTEGER PRIMARY KEY,
    ord INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    day TEXT NOT NULL,
    value REAL NOT NULL,
    value_max REAL,
    qualifier TEXT NOT NULL,
    text TEXT NOT NULL,
    unit TEXT NOT NULL,
    subject TEXT NOT NULL,
    predicate TEXT NOT NULL,
    source TEXT NOT NULL,
    publisher TEXT,
    sentence TEXT,
    title TEXT,
    merged_id TEXT,
    count TEXT NOT NULL,
    keyed INTEGER NOT NULL
);
-- narrow: a range's points are counted without reading their sentences and titles
CREATE INDEX IF NOT EXISTS figure_points_match ON figure_points(day, publisher);
CREATE TABLE IF NOT EXISTS figure_point_words (word TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (word, seq))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS figure_points_keyed ON figure_points(keyed, ord);
CREATE TABLE IF NOT EXISTS figure_subject_counts (
    subject TEXT PRIMARY KEY, figures INTEGER NOT NULL, sources INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS figure_points_state (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER);
INSERT OR IGNORE INTO figure_points_state (id, version) VALUES (1, NULL);
"""
COLUMNS = (
    "ord",
    "article_id",
    "start",
    "day",
    "value",
    "value_max",
    "qualifier",
    "text",
    "unit",
    "subject",
    "predicate",
    "source",
    "publisher",
    "sentence",
    "title",
    "merged_id",
    "count",
    "keyed",
)
# A point's own columns as the view reads them (``merged_id`` included: a report's event)
READ = ", ".join(column for column in COLUMNS if column != "keyed")
FRESH = "SELECT 1 FROM figure_points_state s JOIN fact_changes f ON f.id = 1 WHERE s.id = 1 AND s.version = f.n"
# the figure subjects as ``figure_subjects`` counts them (every claim, duplicates and undated ones too)
SUBJECT_COUNTS = (
    "SELECT lower(c.subject) AS subject, count(*) AS figures, count(DISTINCT (SELECT ap.publisher FROM"
    " article_publishers ap WHERE ap.article_id = a.id)) AS sources FROM claims c JOIN articles a"
    " ON a.id = c.article_id WHERE c.subject != '' GROUP BY lower(c.subject)"
)

# (subject, unit, predicate) → what the figure counts, as the view labels it
CountLabel = Callable[[str, str, str], str]


class FigurePoints(StorePart):
    """The stored figure points (mixed into ``SQLiteStore``)."""

    MIGRATIONS: tuple[tuple[str, str], ...] = (("figures_0001_points", SCHEMA),)
    OPTIONAL = frozenset(name for name, _ in MIGRATIONS)
    path: str
    read_only: bool

    def figure_points_fresh(self) -> bool:
        """Whether the stored points are those of the facts as they are now."""
        try:
            return self.db.execute(FRESH).fetchone() is not None
        except sqlite3.OperationalError as error:  # an older store, opened read-only, lacks the tables
            if "no such table" not in str(error):
                raise
            return False

    def refresh_figure_points(self) -> bool:
        """Store the points of the facts as they are now, unless they are stored already; True if written."""
        # the view's derivations live with the disagreements (a store part imports no web module)
        from storyline.enrich.disagreements import count_label_of, figure_words

        if self.read_only or self.figure_points_fresh():
            return False
        try:
            self.db.execute("SELECT 1 FROM figure_points_state").fetchone()
        except sqlite3.OperationalError:
            return False  # not migrated (a store closed before its migrations ran)
        with self.transaction():
            version = self.db.execute("SELECT n FROM fact_changes WHERE id = 1").fetchone()[0]
            rows = self.figure_rows()  # type: ignore[attr-defined]  # AnalystQueries, in the same store
            self.db.execute("DELETE FROM figure_points")
            points = _points(rows, count_label_of)
            self.db.execute("DELETE FROM figure_point_words")
            self.db.executemany(
                f"INSERT INTO figure_points (seq, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
                points,
            )
            self.db.executemany(
                "INSERT INTO figure_point_words (word, seq) VALUES (?, ?)",
                ((word, point[0]) for point in points for word in figure_words(point[10], point[11])),
            )
            self.db.execute("DELETE FROM figure_subject_counts")
            self.db.execute(f"INSERT INTO figure_subject_counts (subject, figures, sources) {SUBJECT_COUNTS}")
            self.db.execute("UPDATE figure_points_state SET version = ? WHERE id = 1", (version,))
        return True

    def refresh_figure_points_quietly(self) -> None:
        """``refresh_figure_points`` when a writing store closes: a store busy with another writer is left for
        the next close (readers read the figures live meanwhile, the same points, slower)."""
        if self.read_only or self.path == ":memory:":
            return
        try:
            self.refresh_figure_points()
        except (sqlite3.OperationalError, StoreError) as error:  # locked, busy, read-only file, disk full
            log.warning("figure points of %s not refreshed: %s", self.path, error)

    def stored_figure_totals(self, where: str, params: Sequence[Any]) -> tuple[int, int]:
        """How many stored points match ``where`` (``figure_point_filter``), and how many publishers give them
        (a point of no known publisher counts as one, as a set of publishers in Python counts ``None``)."""
        row = self.db.execute(
            "SELECT count(*), count(DISTINCT publisher) + coalesce(max(publisher IS NULL), 0)"
            f" FROM figure_points WHERE {where}",
            list(params),
        ).fetchone()
        return int(row[0]), int(row[1])

    def stored_figure_positions(self, where: str, params: Sequence[Any], *, limit: int, offset: int) -> list[int]:
        """Positions of the stored points matching ``where``, ``limit`` of them from ``offset`` on."""
        sql = f"SELECT seq FROM figure_points WHERE {where} ORDER BY seq LIMIT ? OFFSET ?"
        return [row[0] for row in self.db.execute(sql, [*params, limit, offset]).fetchall()]

    def stored_figure_points(self, positions: Sequence[int]) -> list[dict[str, Any]]:
        """The stored points at these positions, in order."""
        found: list[dict[str, Any]] = []
        for first in range(0, len(positions), 500):  # SQLite caps the number of parameters
            chunk = list(positions[first : first + 500])
            sql = f"SELECT {READ} FROM figure_points WHERE seq IN ({','.join('?' * len(chunk))}) ORDER BY seq"
            found += [dict(row) for row in self.db.execute(sql, chunk).fetchall()]
        return found

    def stored_keyed_figure_points(self, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        """The stored points matching ``where`` that count something two sources can share (only those can
        disagree), in the claims' own order, the order disagreements are found in."""
        sql = f"SELECT {READ} FROM figure_points WHERE keyed = 1 AND {where} ORDER BY ord"
        return [dict(row) for row in self.db.execute(sql, list(params)).fetchall()]

    def stored_figure_subjects(self, limit: int) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT subject, figures, sources FROM figure_subject_counts ORDER BY figures DESC, subject LIMIT ?",
            (limit,),
        )
        return [dict(row) for row in rows]


def figure_point_filter(terms: Sequence[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    """SQL over ``figure_points`` for points with one of ``terms`` as a whole word, within the days."""
    clauses, params = ["1"], []
    if terms:
        marks = ",".join("?" * len(terms))
        clauses.append(f"seq IN (SELECT seq FROM figure_point_words WHERE word IN ({marks}))")
        params += list(terms)
    if date_from:
        clauses.append("day >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("day <= ?")
        params.append(date_to)
    return " AND ".join(clauses), params


def _points(rows: list[dict[str, Any]], label: CountLabel) -> list[tuple[Any, ...]]:
    """The rows of ``figure_points``: numbered in the claims' order, then placed in the view's order."""
    from storyline.enrich.disagreements import count_key_of

    points = []
    for ord_, row in enumerate(rows):
        count = label(row["subject"], row["unit"], row["predicate"])
        keyed = count_key_of(row["subject"], row["unit"], row["predicate"]) is not None
        points.append(
            (
                ord_,
                row["article_id"],
                row["start"],
                row["day"],
                row["value"],
                row["value_max"],
                row["qualifier"],
                row["text"],
                row["unit"],
                row["subject"],
                row["predicate"],
                row["source"],
                row["publisher"],
                row["sentence"],
                row["title"],
                row["merged_id"],
                count,
                int(keyed),
            )
        )
    # the view's sort, stable over the claims' order as the live view's is
    points.sort(key=lambda p: (p[3], p[16], p[4], p[12]))
    return [(seq, *point) for seq, point in enumerate(points)]
