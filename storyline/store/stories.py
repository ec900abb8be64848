"""Tables for stories.

A person opening the file sees:
  stories            one row per story: its label, first and last date, article count; ``merged_into``
                     names the story it became part of (such a row is kept so old ids still resolve)
  story_articles     which story each article is in, with its similarity to the story when it joined
  story_merges       every merge: the old id, the surviving id, their similarity, when
  story_background   one row: the sum and count of all article vectors (what assignment centres on)
  story_terms        in how many articles each reported term occurs (its IDF); term '' counts the articles
  story_publisher_vectors  each publisher's sum and count of article vectors (its house style, taken out)
  story_publishers   the same per publisher, with the number of months each term occurs in (what tells a
                     publisher's template — "telephone conversation" — from what it reports)
  story_threads      one row per thread, the long-running topic stories belong to (``stories.thread_id``):
                     its label, dates, centroid and reported terms; ``merged_into`` as for stories

The centroid and counts a story needs for assignment are kept in ``stories`` too (``vector_sum`` as
little-endian float32, ``entity_counts``, ``term_counts`` and ``profile`` — its reported terms — as JSON).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storyline.store.base import StorePart

SCHEMA = """
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    article_count INTEGER NOT NULL,
    merged_into TEXT REFERENCES stories(id),
    vector_sum BLOB NOT NULL,
    entity_counts TEXT NOT NULL DEFAULT '{}',
    entity_articles INTEGER NOT NULL DEFAULT 0,
    term_counts TEXT NOT NULL DEFAULT '{}',
    stage TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX stories_by_last_date ON stories(last_date);
CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id),
    similarity REAL NOT NULL,
    entities_counted INTEGER NOT NULL DEFAULT 0,
    assigned_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX story_articles_by_story ON story_articles(story_id);
CREATE TABLE story_merges (
    old_id TEXT PRIMARY KEY REFERENCES stories(id),
    survivor_id TEXT NOT NULL REFERENCES stories(id),
    similarity REAL NOT NULL,
    merged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE story_background (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    vector_sum BLOB NOT NULL,
    article_count INTEGER NOT NULL
);
"""

CROSS_PUBLISHER = """
ALTER TABLE stories ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
CREATE TABLE story_publisher_vectors (
    publisher TEXT PRIMARY KEY,
    vector_sum BLOB NOT NULL,
    article_count INTEGER NOT NULL
);
CREATE TABLE story_terms (
    term TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE story_publishers (
    publisher TEXT NOT NULL,
    term TEXT NOT NULL,
    docs INTEGER NOT NULL,
    months INTEGER NOT NULL,
    last_month TEXT NOT NULL,
    PRIMARY KEY (publisher, term)
) WITHOUT ROWID;
"""

THREADS = """
CREATE TABLE story_threads (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    story_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    merged_into TEXT REFERENCES story_threads(id),
    vector_sum BLOB NOT NULL,
    profile TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX story_threads_by_last_date ON story_threads(last_date);
ALTER TABLE stories ADD COLUMN thread_id TEXT REFERENCES story_threads(id);
CREATE INDEX stories_by_thread ON stories(thread_id);
"""

_STATE_COLUMNS = (
    "id, first_date, last_date, article_count, vector_sum, entity_counts, entity_articles, term_counts, profile,"
    " thread_id"
)
_THREAD_COLUMNS = "id, first_date, last_date, story_count, article_count, vector_sum, profile"
_CHUNK = 500


class StoryTables(StorePart):
    MIGRATIONS: tuple[tuple[str, str], ...] = (
        ("stories.0001.initial", SCHEMA),
        ("stories.0002.cross_publisher", CROSS_PUBLISHER),
        ("stories.0003.threads", THREADS),
    )

    # --- what story assignment reads and writes -------------------------------------------------

    def story_states(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Open (unmerged) stories: those named in ``ids``, else those whose dates reach into since..until."""
        if ids is not None:
            rows = []
            for chunk in _chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT {_STATE_COLUMNS} FROM stories WHERE merged_into IS NULL AND id IN ({marks})", chunk
                ).fetchall()
            return [_state(row) for row in sorted(rows, key=lambda row: row["id"])]
        where, params = ["merged_into IS NULL"], []
        if since is not None:
            where.append("(last_date IS NULL OR last_date >= ?)")
            params.append(since)
        if until is not None:
            where.append("(first_date IS NULL OR first_date <= ?)")
            params.append(until)
        sql = f"SELECT {_STATE_COLUMNS} FROM stories WHERE {' AND '.join(where)} ORDER BY id"
        return [_state(row) for row in self.db.execute(sql, params)]

    def story_threads(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Open (unmerged) threads: those named in ``ids``, else those whose dates reach into since..until."""
        if ids is not None:
            rows = []
            for chunk in _chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT {_THREAD_COLUMNS} FROM story_threads WHERE merged_into IS NULL AND id IN ({marks})", chunk
                ).fetchall()
        else:
            where, params = ["merged_into IS NULL"], []
            if since is not None:
                where.append("(last_date IS NULL OR last_date >= ?)")
                params.append(since)
            if until is not None:
                where.append("(first_date IS NULL OR first_date <= ?)")
                params.append(until)
            rows = self.db.execute(
                f"SELECT {_THREAD_COLUMNS} FROM story_threads WHERE {' AND '.join(where)}", params
            ).fetchall()
        return [dict(row) | {"profile": json.loads(row["profile"])} for row in sorted(rows, key=lambda r: r["id"])]

    def story_memberships(self, article_ids: Sequence[str]) -> dict[str, tuple[str, bool]]:
        """For articles already in a story: (story id, whether their entities were counted)."""
        found: dict[str, tuple[str, bool]] = {}
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT article_id, story_id, entities_counted FROM story_articles WHERE article_id IN ({marks})"
            for row in self.db.execute(sql, chunk):
                found[row[0]] = (row[1], bool(row[2]))
        return found

    def articles_owing_story(self) -> list[str]:
        """Articles in no story yet whose enrichment is settled, oldest first, then by id (the order assignment
        must see them in for a rerun to give the same stories however an earlier run was cut short).

        An original waits for its enrichment (its entities help place it); a duplicate waits for its original."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)"
            " AND EXISTS (SELECT 1 FROM enriched_articles e WHERE e.article_id = coalesce(a.duplicate_of, a.id))"
            " ORDER BY a.published, a.id"
        )
        return [row[0] for row in rows]

    def story_background(self) -> dict[str, Any] | None:
        row = self.db.execute("SELECT vector_sum, article_count FROM story_background WHERE id = 1").fetchone()
        if row is None:
            return None
        publishers = self.db.execute("SELECT publisher, vector_sum, article_count FROM story_publisher_vectors")
        return {"vector_sum": row[0], "article_count": row[1], "publishers": [tuple(p) for p in publishers]}

    def story_term_stats(self, terms: Sequence[str], publishers: Sequence[str]) -> dict[str, Any]:
        """Counts of these terms: ``docs`` (term, articles) over the store and ``publishers`` (publisher, term,
        articles, months, last month) for these publishers."""
        docs: list[tuple[str, int]] = []
        rows: list[tuple[str, str, int, int, str]] = []
        for chunk in _chunks(list(terms)):
            marks = ",".join("?" * len(chunk))
            docs += self.db.execute(f"SELECT term, docs FROM story_terms WHERE term IN ({marks})", chunk).fetchall()
            for name in publishers:
                rows += self.db.execute(
                    "SELECT publisher, term, docs, months, last_month FROM story_publishers"
                    f" WHERE publisher = ? AND term IN ({marks})",
                    [name, *chunk],
                ).fetchall()
        return {"docs": [tuple(row) for row in docs], "publishers": [tuple(row) for row in rows]}

    def save_story_update(self, update: dict[str, Any]) -> None:
        """Save one batch's stories, memberships and merges (``storyline.stories.update_row``), atomically."""
        with self.transaction():
            self._put_threads(update.get("threads", ()))
            self._put_stories(update["stories"], stage=update["stage"])
            self.db.executemany(
                "INSERT INTO story_articles (article_id, story_id, similarity, entities_counted) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
                [(a, s, sim, int(counted)) for a, s, sim, counted in update["assignments"]],
            )
            for old_id, survivor_id, similarity in update["merges"]:
                self._merge(old_id, survivor_id, similarity)
            self._mark_counted(update.get("late_entities", ()))
            if update.get("background"):
                self._put_background(update["background"])
            if update.get("term_stats"):
                self._put_term_stats(update["term_stats"])
            for old_id, survivor_id, _similarity in update.get("thread_merges", ()):
                self._merge_thread(old_id, survivor_id)

    def _put_threads(self, threads: Sequence[dict[str, Any]]) -> None:
        self.db.executemany(
            "INSERT INTO story_threads (id, label, first_date, last_date, story_count, article_count, vector_sum,"
            " profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET label = excluded.label, first_date = excluded.first_date,"
            " last_date = excluded.last_date, story_count = excluded.story_count,"
            " article_count = excluded.article_count, vector_sum = excluded.vector_sum, profile = excluded.profile,"
            " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            [
                (
                    t["id"],
                    t["label"],
                    t["first_date"],
                    t["last_date"],
                    t["story_count"],
                    t["article_count"],
                    t["vector_sum"],
                    json.dumps(t["profile"], ensure_ascii=False),
                )
                for t in threads
            ],
        )

    def _merge_thread(self, old_id: str, survivor_id: str) -> None:
        """The old thread redirects to the survivor, and its stories (and threads merged into it) move there."""
        self.db.execute(
            "UPDATE story_threads SET merged_into = ? WHERE id = ? OR merged_into = ?", (survivor_id, old_id, old_id)
        )
        self.db.execute("UPDATE stories SET thread_id = ? WHERE thread_id = ?", (survivor_id, old_id))

    def _put_term_stats(self, stats: dict[str, Any]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO story_terms (term, docs) VALUES (?, ?)", stats["docs"])
        self.db.executemany(
            "INSERT OR REPLACE INTO story_publishers (publisher, term, docs, months, last_month)"
            " VALUES (?, ?, ?, ?, ?)",
            stats["publishers"],
        )

    def _put_stories(self, stories: Sequence[dict[str, Any]], *, stage: str) -> None:
        self.db.executemany(
            "INSERT INTO stories (id, label, first_date, last_date, article_count, vector_sum, entity_counts,"
            " entity_articles, term_counts, profile, stage, thread_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET label = excluded.label, first_date = excluded.first_date,"
            " last_date = excluded.last_date, article_count = excluded.article_count,"
            " vector_sum = excluded.vector_sum, entity_counts = excluded.entity_counts,"
            " entity_articles = excluded.entity_articles, term_counts = excluded.term_counts,"
            " profile = excluded.profile, thread_id = excluded.thread_id,"
            " stage = excluded.stage, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            [_story_row(story, stage=stage) for story in stories],
        )

    def _merge(self, old_id: str, survivor_id: str, similarity: float) -> None:
        """The old story redirects to the survivor; so do stories that had merged into the old one."""
        self.db.execute(
            "UPDATE stories SET merged_into = ? WHERE id = ? OR merged_into = ?", (survivor_id, old_id, old_id)
        )
        self.db.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (survivor_id, old_id))
        self.db.execute("UPDATE story_merges SET survivor_id = ? WHERE survivor_id = ?", (survivor_id, old_id))
        self.db.execute(
            "INSERT OR REPLACE INTO story_merges (old_id, survivor_id, similarity) VALUES (?, ?, ?)",
            (old_id, survivor_id, similarity),
        )

    def _mark_counted(self, article_ids: Sequence[str]) -> None:
        self.db.executemany(
            "UPDATE story_articles SET entities_counted = 1 WHERE article_id = ?", [(i,) for i in article_ids]
        )

    def _put_background(self, background: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO story_background (id, vector_sum, article_count) VALUES (1, ?, ?)",
            (background["vector_sum"], background["article_count"]),
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO story_publisher_vectors (publisher, vector_sum, article_count) VALUES (?, ?, ?)",
            background.get("publishers", ()),
        )

    # --- what readers (CLI, timelines, web) use -------------------------------------------------

    def resolve_story_id(self, story_id: str) -> str | None:
        """The id a story goes by now (following merges), or None when there is no such story."""
        row = self.db.execute("SELECT id, merged_into FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        return row["merged_into"] or row["id"]

    def story_article_ids(self, story_id: str) -> list[str]:
        """Ids of the articles in a story (an old, merged id gives its survivor's articles), oldest first."""
        resolved = self.resolve_story_id(story_id)
        if resolved is None:
            return []
        rows = self.db.execute(
            "SELECT sa.article_id FROM story_articles sa LEFT JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = ? ORDER BY a.published, sa.article_id",
            (resolved,),
        )
        return [row[0] for row in rows]

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        resolved = self.resolve_story_id(story_id)
        found = self.list_stories(ids=[resolved]) if resolved else []
        return found[0] if found else None

    def list_stories(
        self,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        ids: Sequence[str] | None = None,
        offset: int = 0,
        thread: str | None = None,
    ) -> list[dict[str, Any]]:
        """Open stories whose dates reach into start..end (ISO dates), latest first, with their counts and
        thread (``thread`` — an id, old ones resolve — keeps that thread's stories only).

        ``source_count`` counts the independent sources: the distinct publishers (``storyline.publisher``) of
        the story's articles that are not a copy of another (syndicated copies are linked duplicates).
        """
        where, params = _story_filters(start=start, end=end, ids=ids)
        if thread is not None:
            where.append("s.thread_id = ?")
            params.append(self.resolve_thread_id(thread) or thread)
        sql = (
            "SELECT s.id, s.label, s.first_date, s.last_date, s.article_count, s.thread_id,"
            " (SELECT COUNT(DISTINCT ap.publisher) FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            "  JOIN article_publishers ap ON ap.article_id = a.id"
            "  WHERE sa.story_id = s.id AND a.duplicate_of IS NULL) AS source_count,"
            " (SELECT group_concat(m.old_id, ' ') FROM story_merges m WHERE m.survivor_id = s.id) AS merged"
            f" FROM stories s WHERE {' AND '.join(where)}"
            " ORDER BY s.last_date DESC, s.article_count DESC, s.id"
        )
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else limit, offset]
        return [_listed(row) for row in self.db.execute(sql, params)]

    def resolve_thread_id(self, thread_id: str) -> str | None:
        """The id a thread goes by now (following merges), or None when there is no such thread."""
        row = self.db.execute("SELECT id, merged_into FROM story_threads WHERE id = ?", (thread_id,)).fetchone()
        return None if row is None else row["merged_into"] or row["id"]

    def list_threads(
        self,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Open threads whose dates reach into start..end, latest first, with their open stories and articles."""
        where, params = ["t.merged_into IS NULL"], []
        if start:
            where.append("(t.last_date IS NULL OR t.last_date >= ?)")
            params.append(start)
        if end:
            where.append("(t.first_date IS NULL OR t.first_date <= ?)")
            params.append(end)
        if ids is not None:
            where.append(f"t.id IN ({','.join('?' * len(ids))})")
            params += list(ids)
        sql = (
            "SELECT t.id, t.label, t.first_date, t.last_date,"
            " (SELECT count(*) FROM stories s WHERE s.thread_id = t.id AND s.merged_into IS NULL) AS story_count,"
            " (SELECT coalesce(sum(s.article_count), 0) FROM stories s"
            "  WHERE s.thread_id = t.id AND s.merged_into IS NULL) AS article_count"
            f" FROM story_threads t WHERE {' AND '.join(where)} ORDER BY t.last_date DESC, t.id LIMIT ?"
        )
        return [dict(row) for row in self.db.execute(sql, [*params, -1 if limit is None else limit])]

    def get_thread(self, thread_id: str) -> dict[str, Any] | None:
        resolved = self.resolve_thread_id(thread_id)
        found = self.list_threads(ids=[resolved]) if resolved else []
        return found[0] if found else None

    def count_stories(self, *, start: str | None = None, end: str | None = None) -> int:
        """How many open stories ``list_stories`` would list without a limit."""
        where, params = _story_filters(start=start, end=end, ids=None)
        return int(self.db.execute(f"SELECT count(*) FROM stories s WHERE {' AND '.join(where)}", params).fetchone()[0])


def _story_filters(*, start: str | None, end: str | None, ids: Sequence[str] | None) -> tuple[list[str], list[Any]]:
    where, params = ["s.merged_into IS NULL"], []
    if start:
        where.append("(s.last_date IS NULL OR s.last_date >= ?)")
        params.append(start)
    if end:
        where.append("(s.first_date IS NULL OR s.first_date <= ?)")
        params.append(end)
    if ids is not None:
        where.append(f"s.id IN ({','.join('?' * len(ids))})")
        params += list(ids)
    return where, params


def _state(row: Any) -> dict[str, Any]:
    state = dict(row)
    state["entity_counts"] = json.loads(state["entity_counts"])
    state["term_counts"] = json.loads(state["term_counts"])
    state["profile"] = json.loads(state["profile"])
    return state


def _story_row(story: dict[str, Any], *, stage: str) -> tuple[Any, ...]:
    return (
        story["id"],
        story["label"],
        story["first_date"],
        story["last_date"],
        story["article_count"],
        story["vector_sum"],
        json.dumps(story["entity_counts"], ensure_ascii=False),
        story["entity_articles"],
        json.dumps(story["term_counts"], ensure_ascii=False),
        json.dumps(story.get("profile", {}), ensure_ascii=False),
        stage,
        story.get("thread_id"),
    )


def _listed(row: Any) -> dict[str, Any]:
    listed = dict(row)
    listed["merged_ids"] = sorted((listed.pop("merged") or "").split())
    return listed


def _chunks(items: list[str], size: int = _CHUNK) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
