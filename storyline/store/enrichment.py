"""Tables for what enrichment finds in each article.

A person opening the file sees:
  enriched_articles   one row per enriched article (also those with nothing found)
  sentences           each sentence with the date it is about (``about_date``) and why (``date_source``)
  entity_mentions     every entity mention: text as written, label, canonical name, character offsets
  entity_aliases      (view) each spelling with the canonical entity it stands for and how often it occurs
  quotes              quoted or reported words with their speaker (canonical) and the speaker as written
  claims              numbers with what they count, the verb, who reported them
  time_expressions    date and time expressions resolved against the publication date
  places              geocoded place mentions (lat/lon, ISO country code)

Offsets (``start``, ``end``) are character offsets into ``articles.text``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from storyline.records import Claim, Enrichment, Mention, Place, Quote, Sentence, TimeExpr
from storyline.store.base import StorePart

SCHEMA = """
CREATE TABLE enriched_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    enriched_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES enriched_articles(article_id) ON DELETE CASCADE,
    sentence_index INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    about_date TEXT NOT NULL,
    date_source TEXT NOT NULL,
    PRIMARY KEY (article_id, sentence_index)
);
CREATE TABLE entity_mentions (
    article_id TEXT NOT NULL REFERENCES enriched_articles(article_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    canonical TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX entity_mentions_by_article ON entity_mentions(article_id);
CREATE INDEX entity_mentions_by_canonical ON entity_mentions(canonical, label);
CREATE VIEW entity_aliases AS
    SELECT text AS variant, canonical, label, COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles
    FROM entity_mentions GROUP BY text, canonical, label;
CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES enriched_articles(article_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT NOT NULL,
    speaker_text TEXT NOT NULL,
    speaker_start INTEGER NOT NULL,
    speaker_end INTEGER NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX quotes_by_article ON quotes(article_id);
CREATE TABLE claims (
    article_id TEXT NOT NULL REFERENCES enriched_articles(article_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL NOT NULL,
    value_max REAL,
    unit TEXT NOT NULL,
    qualifier TEXT NOT NULL,
    subject TEXT NOT NULL,
    predicate TEXT NOT NULL,
    source TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX claims_by_article ON claims(article_id);
CREATE TABLE time_expressions (
    article_id TEXT NOT NULL REFERENCES enriched_articles(article_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT NOT NULL,
    value_end TEXT NOT NULL,
    granularity TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX time_expressions_by_article ON time_expressions(article_id);
CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES enriched_articles(article_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT NOT NULL,
    kind TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX places_by_article ON places(article_id);
CREATE INDEX places_by_name ON places(name);
"""

FACT_TABLES = ("sentences", "entity_mentions", "quotes", "claims", "time_expressions", "places")
INSERTS = {
    "sentences": "INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?)",
    "entity_mentions": "INSERT INTO entity_mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
    "quotes": "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "claims": "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "time_expressions": "INSERT INTO time_expressions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "places": "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
}


class EnrichmentTables(StorePart):
    MIGRATIONS: tuple[tuple[str, str], ...] = (("enrichment-0001-tables", SCHEMA),)

    def put_enrichments(self, enrichments: Sequence[Enrichment]) -> None:
        """Store each article's enrichment, replacing what an earlier run stored for that article."""
        with self.transaction() as db:
            for enrichment in enrichments:
                _delete(db, enrichment.article_id)
                db.execute("INSERT INTO enriched_articles (article_id) VALUES (?)", (enrichment.article_id,))
                for table, rows in _rows(enrichment).items():
                    db.executemany(INSERTS[table], rows)

    def articles_owing_enrichment(self) -> list[str]:
        """Originals stored without an enrichment (a crashed or ``--no-enrich`` run), oldest first, then by id.

        Linked duplicates are never enriched: their original speaks for them."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN enriched_articles e ON e.article_id = a.id"
            " WHERE a.duplicate_of IS NULL AND e.article_id IS NULL ORDER BY a.published, a.id"
        )
        return [row[0] for row in rows]

    def enriched_ids(self, article_ids: Sequence[str]) -> set[str]:
        """Those of ``article_ids`` that have an enrichment."""
        found: set[str] = set()
        ids = list(article_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            sql = f"SELECT article_id FROM enriched_articles WHERE article_id IN ({','.join('?' * len(chunk))})"
            found.update(row[0] for row in self.db.execute(sql, chunk))
        return found

    def move_enrichment(self, from_id: str, to_id: str) -> None:
        """Give one article's enrichment to another with the same text and date (an exact copy that now
        outranks it), instead of enriching the copy again; ``to_id`` must have none."""
        with self.transaction() as db:
            db.execute("INSERT INTO enriched_articles (article_id, enriched_at)"
                       " SELECT ?, enriched_at FROM enriched_articles WHERE article_id = ?", (to_id, from_id))
            for table in FACT_TABLES:
                db.execute(f"UPDATE {table} SET article_id = ? WHERE article_id = ?", (to_id, from_id))
            db.execute("DELETE FROM enriched_articles WHERE article_id = ?", (from_id,))

    def drop_enrichment(self, article_id: str) -> None:
        """Forget an article's enrichment (it became a linked duplicate: duplicates are not enriched)."""
        with self.transaction() as db:
            _delete(db, article_id)

    def get_enrichment(self, article_id: str) -> Enrichment | None:
        """The stored enrichment of one article (without events: the events part stores those)."""
        if self.db.execute("SELECT 1 FROM enriched_articles WHERE article_id = ?", (article_id,)).fetchone() is None:
            return None
        return Enrichment(
            article_id=article_id,
            sentences=tuple(Sentence(*row) for row in self._facts(
                "sentence_index, start, end, text, about_date, date_source", "sentences", article_id)),
            entities=tuple(Mention(*row) for row in self._facts(
                "text, label, canonical, start, end, stage", "entity_mentions", article_id)),
            quotes=tuple(Quote(*row) for row in self._facts(
                "speaker, text, start, end, kind, speaker_text, speaker_start, speaker_end, stage", "quotes",
                article_id)),
            claims=tuple(Claim(*row) for row in self._facts(
                "value, unit, qualifier, subject, predicate, source, text, start, end, value_max, stage", "claims",
                article_id)),
            times=tuple(TimeExpr(*row) for row in self._facts(
                "text, value, granularity, start, end, value_end, stage", "time_expressions", article_id)),
            places=tuple(Place(*row) for row in self._facts(
                "name, lat, lon, country, kind, start, end, text, stage", "places", article_id)),
        )

    def _facts(self, columns: str, table: str, article_id: str) -> list[tuple[Any, ...]]:
        order = "sentence_index" if table == "sentences" else "start, end"
        sql = f"SELECT {columns} FROM {table} WHERE article_id = ? ORDER BY {order}, rowid"
        return [tuple(row) for row in self.db.execute(sql, (article_id,))]

    def enriched_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM enriched_articles").fetchone()[0])

    def list_entities(
        self, *, label: str | None = None, query: str | None = None, limit: int = 50, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Canonical entities by mentions, with how many articles name them and their spellings."""
        where, params = _filters(label=label, query=query)
        sql = (
            "SELECT canonical, label, COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles,"
            " json_group_array(DISTINCT text) AS variants FROM entity_mentions"
            f"{where} GROUP BY canonical, label ORDER BY mentions DESC, canonical LIMIT ? OFFSET ?"
        )
        return [_entity_row(row) for row in self.db.execute(sql, [*params, limit, offset])]

    def count_entities(self, *, label: str | None = None, query: str | None = None) -> int:
        """How many canonical entities ``list_entities`` would list without a limit."""
        where, params = _filters(label=label, query=query)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM entity_mentions{where} GROUP BY canonical, label)"
        return int(self.db.execute(sql, params).fetchone()[0])

    def spellings(self, text: str, *, limit: int = 8) -> list[str]:
        """Other spellings of the entity ``text`` names (Kiev → Kyiv), most used first: every written form of
        the canonical entities that ``text`` is written as or is (any case)."""
        canonicals = [row[0] for row in self.db.execute(
            "SELECT DISTINCT canonical FROM entity_mentions WHERE text = ? COLLATE NOCASE"
            " OR canonical = ? COLLATE NOCASE LIMIT 3", (text, text))]
        if not canonicals:
            return []
        marks = ",".join("?" * len(canonicals))
        rows = self.db.execute(
            f"SELECT text FROM entity_mentions WHERE canonical IN ({marks}) GROUP BY text"
            " ORDER BY count(*) DESC, text LIMIT ?", [*canonicals, limit])
        return [row[0] for row in rows if row[0].lower() != text.lower()]

    def entity_aliases(self, *, query: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Spellings that differ from their canonical name (variant → canonical), most frequent first."""
        where, params = _filters(label=None, query=query, column="canonical")
        where = f"{where} AND" if where else " WHERE"
        sql = (f"SELECT variant, canonical, label, mentions, articles FROM entity_aliases{where} variant != canonical"
               " ORDER BY mentions DESC, variant LIMIT ?")
        return [dict(row) for row in self.db.execute(sql, [*params, limit])]

    def find_quotes(self, *, speaker: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes, newest articles first; ``speaker`` matches a part of the canonical speaker, any case."""
        where, params = ("WHERE q.speaker LIKE ? ESCAPE '\\'", [_like(speaker)]) if speaker else ("", [])
        sql = (
            "SELECT q.article_id, a.title, a.published, q.speaker, q.speaker_text, q.kind, q.text, q.start, q.end"
            f" FROM quotes q JOIN articles a ON a.id = q.article_id {where}"
            " ORDER BY a.published DESC, q.article_id, q.start LIMIT ? OFFSET ?"
        )
        return [dict(row) for row in self.db.execute(sql, [*params, limit, offset])]

    def count_quotes(self, *, speaker: str | None = None) -> int:
        where, params = ("WHERE q.speaker LIKE ? ESCAPE '\\'", [_like(speaker)]) if speaker else ("", [])
        sql = f"SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id {where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def find_claims(self, *, subject: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Numeric claims, newest articles first; ``subject`` matches a part of the subject, any case."""
        where, params = ("WHERE c.subject LIKE ? ESCAPE '\\'", [_like(subject)]) if subject else ("", [])
        sql = (
            "SELECT c.article_id, a.title, a.published, c.qualifier, c.text, c.value, c.value_max, c.unit,"
            " c.subject, c.predicate, c.source, c.start, c.end"
            f" FROM claims c JOIN articles a ON a.id = c.article_id {where}"
            " ORDER BY a.published DESC, c.article_id, c.start LIMIT ? OFFSET ?"
        )
        return [dict(row) for row in self.db.execute(sql, [*params, limit, offset])]

    def claim_reports(self, *, subject: str | None = None) -> list[dict[str, Any]]:
        """Every claim with what is needed to compare it across articles: the article's url and source, its
        sentence and that sentence's date, and the date and merged event of an event coded in that sentence.
        Duplicate articles are left out (they are not independent sources)."""
        where = "WHERE a.duplicate_of IS NULL" + (" AND c.subject LIKE ? ESCAPE '\\'" if subject else "")
        sql = (
            "SELECT c.article_id, c.value, c.value_max, c.qualifier, c.text, c.unit, c.subject, c.predicate,"
            " c.source, a.url, a.published, s.text AS sentence, s.about_date,"
            " (SELECT e.date FROM events e WHERE e.article_id = c.article_id AND e.sentence_start <= c.start"
            "   AND c.start < e.sentence_end ORDER BY e.id LIMIT 1) AS event_date,"
            " (SELECT e.merged_id FROM events e WHERE e.article_id = c.article_id AND e.sentence_start <= c.start"
            "   AND c.start < e.sentence_end AND e.merged_id IS NOT NULL ORDER BY e.id LIMIT 1) AS merged_id"
            " FROM claims c JOIN articles a ON a.id = c.article_id"
            " LEFT JOIN sentences s ON s.article_id = c.article_id AND s.start <= c.start AND c.start < s.end"
            f" {where} ORDER BY c.article_id, c.start"
        )
        return [dict(row) for row in self.db.execute(sql, [_like(subject)] if subject else [])]

    def count_claims(self, *, subject: str | None = None) -> int:
        where, params = ("WHERE c.subject LIKE ? ESCAPE '\\'", [_like(subject)]) if subject else ("", [])
        sql = f"SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id {where}"
        return int(self.db.execute(sql, params).fetchone()[0])


def _delete(db: sqlite3.Connection, article_id: str) -> None:
    for table in FACT_TABLES:
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    db.execute("DELETE FROM enriched_articles WHERE article_id = ?", (article_id,))


def _rows(enrichment: Enrichment) -> dict[str, list[tuple[Any, ...]]]:
    article = enrichment.article_id
    return {
        "sentences": [(article, s.index, s.start, s.end, s.text, s.date, s.date_source) for s in enrichment.sentences],
        "entity_mentions": [(article, m.start, m.end, m.text, m.label, m.canonical, m.stage)
                            for m in enrichment.entities],
        "quotes": [(article, q.start, q.end, q.text, q.kind, q.speaker, q.speaker_text, q.speaker_start,
                    q.speaker_end, q.stage) for q in enrichment.quotes],
        "claims": [(article, c.start, c.end, c.text, c.value, c.value_max, c.unit, c.qualifier, c.subject,
                    c.predicate, c.source, c.stage) for c in enrichment.claims],
        "time_expressions": [(article, t.start, t.end, t.text, t.value, t.value_end, t.granularity, t.stage)
                             for t in enrichment.times],
        "places": [(article, p.start, p.end, p.text, p.name, p.lat, p.lon, p.country, p.kind, p.stage)
                   for p in enrichment.places],
    }


def _filters(*, label: str | None, query: str | None, column: str = "canonical") -> tuple[str, list[Any]]:
    clauses, params = [], []
    if label:
        clauses.append("label = ?")
        params.append(label.upper())
    if query:
        clauses.append(f"{column} LIKE ? ESCAPE '\\'")
        params.append(_like(query))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _like(text: str | None) -> str:
    escaped = (text or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _entity_row(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    data["variants"] = sorted(json.loads(data["variants"] or "[]"))
    return data
