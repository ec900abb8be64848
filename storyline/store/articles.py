"""Tables for what ingest makes: raw inputs, articles (with full-text search), duplicates, rejections.

A person opening the file sees:
  raw_inputs     every input file's bytes, zlib-compressed, keyed by the SHA-256 of its content
  articles       one row per article; ``duplicate_of`` names the original of a duplicate group
  articles_fts   FTS5 index over articles.title and articles.text (porter stemming)
  rejections     the quarantine: what could not be read, at which stage, with a coded reason
  ingest_runs    one row per ``storyline ingest``: inputs, accepted, duplicates, rejected
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from storyline.errors import StoreError
from storyline.records import Article, DuplicateLink, Rejection
from storyline.store.base import StorePart
from storyline.store.search import fts_query

MIN_ID_PREFIX = 4  # shorter prefixes of a 16-character id match too much to mean one article

ARTICLE_COLUMNS = (
    "id", "source", "format", "title", "text", "url", "canonical_url", "published", "date_precision",
    "language", "language_score", "author", "content_hash", "raw_sha", "record_index",
)

SCHEMA = """
CREATE TABLE raw_inputs (
    sha256 TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    published TEXT,
    date_precision TEXT NOT NULL,
    language TEXT NOT NULL,
    language_score REAL NOT NULL,
    author TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    raw_sha TEXT NOT NULL,  -- raw_inputs.sha256 of the file it came from
    record_index INTEGER NOT NULL DEFAULT 0,
    duplicate_of TEXT REFERENCES articles(id),
    duplicate_kind TEXT,
    similarity REAL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_by_published ON articles(published);
CREATE INDEX articles_by_content_hash ON articles(content_hash);
CREATE INDEX articles_by_duplicate_of ON articles(duplicate_of);
CREATE TABLE article_minhash (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    signature BLOB NOT NULL
);
CREATE TABLE rejections (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    rejected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (source, stage, code)
);
CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    paths TEXT NOT NULL,
    inputs INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    already_stored INTEGER NOT NULL,
    by_format TEXT NOT NULL
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
"""


class ArticleTables(StorePart):
    MIGRATIONS = (("articles.0001.initial", SCHEMA),)

    # --- writing --------------------------------------------------------------------------------

    def has_raw(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM raw_inputs WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def put_raw(self, sha256: str, *, source: str, data: bytes) -> None:
        """Keep an input's bytes, once per content (zlib level 1: a third of the time of level 6, a little larger)."""
        self.db.execute(
            "INSERT OR IGNORE INTO raw_inputs (sha256, source, bytes, content) VALUES (?, ?, ?, ?)",
            (sha256, source, len(data), zlib.compress(data, 1)),
        )

    def raw_input(self, sha256: str) -> bytes | None:
        row = self.db.execute("SELECT content FROM raw_inputs WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else zlib.decompress(row[0])

    def known_article_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def put_articles(self, articles: Sequence[Article], *, signatures: dict[str, np.ndarray] | None = None) -> None:
        """Insert articles not stored yet (an article's id is stable, so a re-ingest changes nothing)."""
        rows = [_article_row(article) for article in articles]
        marks = ",".join("?" * len(ARTICLE_COLUMNS))
        self.db.executemany(
            f"INSERT OR IGNORE INTO articles ({','.join(ARTICLE_COLUMNS)}) VALUES ({marks})", rows
        )
        for article_id, hashvalues in (signatures or {}).items():
            self.db.execute(
                "INSERT OR IGNORE INTO article_minhash (article_id, signature) VALUES (?, ?)",
                (article_id, hashvalues.astype("<u4").tobytes()),
            )

    def set_duplicate_links(self, links: dict[str, DuplicateLink | None]) -> None:
        self.db.executemany(
            "UPDATE articles SET duplicate_of = ?, duplicate_kind = ?, similarity = ? WHERE id = ?",
            [
                (link.original_id, link.kind, link.similarity, article_id) if link else (None, None, None, article_id)
                for article_id, link in links.items()
            ],
        )

    def put_rejections(self, rejections: Sequence[Rejection]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO rejections (source, stage, code, message) VALUES (?, ?, ?, ?)",
            [(r.source, r.stage, r.code, r.message) for r in rejections],
        )

    def record_ingest_run(self, summary: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO ingest_runs (started_at, finished_at, paths, inputs, accepted, duplicates, rejected,"
            " already_stored, by_format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                summary["started_at"], summary["finished_at"], json.dumps(summary["paths"]), summary["inputs"],
                summary["accepted"], summary["duplicates"], summary["rejected"], summary["already_stored"],
                json.dumps(summary["by_format"]),
            ),
        )

    # --- reading --------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        sql = f"SELECT {','.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?"
        row = self.db.execute(sql, (article_id,)).fetchone()
        return None if row is None else _article(row)

    def find_article_id(self, prefix: str) -> str:
        """The one article whose id is ``prefix`` or starts with it (ids are long; people type a few
        characters). Fewer than MIN_ID_PREFIX characters must be the whole id: "1" is a typo, not a prefix."""
        if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (prefix,)).fetchone():
            return prefix
        if len(prefix) < MIN_ID_PREFIX:
            raise StoreError("E502", prefix, hint=f"give the id or at least {MIN_ID_PREFIX} of its first characters"
                                                  " (see `storyline search`)")
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (like_prefix(prefix),)
        ).fetchall()
        if len(rows) != 1:
            raise StoreError("E502", prefix, hint="more than one article id starts with it: give more characters"
                                                  if rows else "see `storyline search`")
        return str(rows[0][0])

    def article_info(self, article_id: str) -> dict[str, Any] | None:
        """An article's row with its duplicate link and the duplicates that point at it."""
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        info = dict(row)
        info["duplicates"] = [
            dict(r) for r in self.db.execute(
                "SELECT id, source, url, duplicate_kind, similarity FROM articles WHERE duplicate_of = ? ORDER BY id",
                (article_id,),
            )
        ]
        return info

    def iter_articles(
        self, *, include_duplicates: bool = False, ids: Sequence[str] | None = None,
        start: str | None = None, end: str | None = None,
    ) -> Iterator[Article]:
        """Articles by publication date (then id). ``start``/``end`` are inclusive ISO dates."""
        where, params = [], []
        if not include_duplicates:
            where.append("duplicate_of IS NULL")
        if start:
            where.append("published >= ?")
            params.append(start)
        if end:
            where.append("substr(published, 1, 10) <= ?")
            params.append(end)
        if ids is not None:
            for chunk in _chunks(list(ids), 500):
                clause = " AND ".join([*where, f"id IN ({','.join('?' * len(chunk))})"])
                yield from self._select_articles(clause, [*params, *chunk])
            return
        yield from self._select_articles(" AND ".join(where) or "1", params)

    def _select_articles(self, where: str, params: list[Any]) -> Iterator[Article]:
        cursor = self.db.execute(
            f"SELECT {','.join(ARTICLE_COLUMNS)} FROM articles WHERE {where} ORDER BY published, id", params
        )
        for row in cursor:
            yield _article(row)

    def dedupe_state(self) -> Iterator[tuple[Article, np.ndarray]]:
        """Every stored article with its MinHash signature, to rebuild the dedupe index."""
        cursor = self.db.execute(
            f"SELECT {','.join('a.' + c for c in ARTICLE_COLUMNS)}, m.signature FROM articles a"
            " JOIN article_minhash m ON m.article_id = a.id ORDER BY a.id"
        )
        for row in cursor:
            yield _article(row[:-1]), np.frombuffer(row[-1], dtype="<u4").astype(np.uint32)

    def search(
        self, query: str, *, limit: int = 20, include_duplicates: bool = False, offset: int = 0,
        aliases: Mapping[str, Sequence[str]] | None = None,
    ) -> list[dict[str, Any]]:
        """Ranked full-text search (BM25, title weighted 3×), with a highlighted snippet.

        The query language is ``storyline.store.search``'s; ``aliases`` widens a word to other spellings.
        """
        match = fts_query(query, aliases)
        if not match:
            return []
        duplicate_filter = "" if include_duplicates else "AND a.duplicate_of IS NULL"
        rows = self.db.execute(
            "SELECT a.id, a.title, a.url, a.published, a.source, a.duplicate_of,"
            " snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, bm25(articles_fts, 3.0, 1.0) AS score"
            f" FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? {duplicate_filter} ORDER BY score LIMIT ? OFFSET ?",
            (match, limit, offset),
        ).fetchall()
        return [dict(row) | {"score": round(-row["score"], 4)} for row in rows]

    def search_count(
        self, query: str, *, include_duplicates: bool = False, aliases: Mapping[str, Sequence[str]] | None = None,
    ) -> int:
        """How many articles ``search`` would find without a limit."""
        match = fts_query(query, aliases)
        if not match:
            return 0
        duplicate_filter = "" if include_duplicates else "AND a.duplicate_of IS NULL"
        return int(self.db.execute(
            "SELECT count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? {duplicate_filter}", (match,),
        ).fetchone()[0])

    def search_ids(self, query: str, *, limit: int = 100_000) -> list[str]:
        match = fts_query(query)
        if not match:
            return []
        rows = self.db.execute(
            "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? AND a.duplicate_of IS NULL ORDER BY bm25(articles_fts) LIMIT ?",
            (match, limit),
        )
        return [row[0] for row in rows]

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "originals": one("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"),
            "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "rejections": one("SELECT count(*) FROM rejections WHERE stage != 'enrich'"),
            "enrichment_failures": one("SELECT count(*) FROM rejections WHERE stage = 'enrich'"),
            "raw_inputs": one("SELECT count(*) FROM raw_inputs"),
            "first_published": one("SELECT min(published) FROM articles"),
            "last_published": one("SELECT max(published) FROM articles"),
            "by_format": self._counts("SELECT format, count(*) FROM articles GROUP BY format ORDER BY 2 DESC"),
            "by_language": self._counts("SELECT language, count(*) FROM articles GROUP BY language ORDER BY 2 DESC"),
            "rejections_by_code": self._counts("SELECT code, count(*) FROM rejections GROUP BY code ORDER BY 2 DESC"),
            "ingest_runs": one("SELECT count(*) FROM ingest_runs"),
        }

    def _counts(self, sql: str) -> dict[str, int]:
        return {str(key): int(count) for key, count in self.db.execute(sql)}

    def rejections(self, *, limit: int = 100, code: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE code = ?", [code]) if code else ("", [])
        rows = self.db.execute(
            f"SELECT id, source, stage, code, message, rejected_at FROM rejections {where} ORDER BY id LIMIT ?",
            [*params, limit],
        )
        return [dict(row) for row in rows]

    def export_rows(self, *, include_duplicates: bool = True) -> Iterator[dict[str, Any]]:
        where = "" if include_duplicates else "WHERE duplicate_of IS NULL"
        cursor = self.db.execute(
            f"SELECT {','.join(ARTICLE_COLUMNS)}, duplicate_of, duplicate_kind, similarity FROM articles {where}"
            " ORDER BY published, id"
        )
        for row in cursor:
            yield dict(row)


def like_prefix(text: str) -> str:
    """A LIKE pattern matching what starts with ``text``, its own % and _ taken literally (use ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _article_row(article: Article) -> tuple[Any, ...]:
    published = article.published.isoformat() if article.published else None
    values = {**article.__dict__, "published": published}
    return tuple(values[column] for column in ARTICLE_COLUMNS)


def _article(row: sqlite3.Row | tuple[Any, ...]) -> Article:
    values = dict(zip(ARTICLE_COLUMNS, tuple(row), strict=True))
    values["published"] = datetime.fromisoformat(values["published"]) if values["published"] else None
    return Article(**values)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]
