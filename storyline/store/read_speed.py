"""What makes reading a big store fast: indexes for the analyst's lookups, and a counter of changes to the facts.

No tables of facts of its own. Its migrations are optional for a read-only open (``OPTIONAL``): a store
written by an older Storyline reads the same without them, only slower, until a writing command upgrades it.

``facts_version()`` changes whenever what the analyst's views read changes — enrichment, events, their
merge, stories, or an article's identity, date, source or duplicate link — but not when new articles are
only stored (an ingest without enrichment): triggers count those writes in ``fact_changes``. Caches of
those views (``storyline.web.blocking``) key on it, so they stay valid while an ingest stores articles.
``story_timeline_version()`` also counts timeline rows written for articles in stories.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from storyline.store.base import StorePart
from storyline.store.connection import commit_version, file_version

# Name lookups are case-insensitive (resolve_names, quote speakers, claim sources): a NOCASE index serves
# them; without one every lookup scans all entity mentions (0.4 s on a 10,000-article store).
INDEXES = """
CREATE INDEX IF NOT EXISTS entity_mentions_by_text_nocase ON entity_mentions(text COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS entity_mentions_by_canonical_nocase ON entity_mentions(canonical COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS entity_mentions_by_canonical_text ON entity_mentions(canonical, text, article_id);
CREATE INDEX IF NOT EXISTS quotes_by_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS quotes_by_speaker_text_nocase ON quotes(speaker_text COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS claims_by_source_nocase ON claims(source COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS events_by_actor ON events(actor_name);
CREATE INDEX IF NOT EXISTS events_by_recipient ON events(recipient_name);
CREATE INDEX IF NOT EXISTS sentences_by_article_start ON sentences(article_id, start);
CREATE INDEX IF NOT EXISTS events_by_article_sentence
    ON events(article_id, sentence_start, sentence_end, date, merged_id);
CREATE INDEX IF NOT EXISTS articles_by_format ON articles(format);
CREATE INDEX IF NOT EXISTS articles_by_language ON articles(language);
"""

# Tables whose every insert, update and delete changes what the analyst's views show. Enrichment's own
# tables (mentions, quotes, claims, sentences, places) are written only with their enriched_articles row.
WATCHED = ("enriched_articles", "events", "merged_events", "stories", "story_articles", "story_merges")
# An article row changes the views only through these columns (storing the duplicate links of new articles
# rewrites NULL with NULL: not a change), and only when it has facts or is in a story.
ARTICLE_COLUMNS = ("id", "title", "text", "url", "canonical_url", "source", "format", "published", "duplicate_of")
BUMP = "UPDATE fact_changes SET n = n + 1 WHERE id = 1;"


def _changes_sql() -> str:
    lines = [
        # row 1 counts changes of the facts, row 2 of the timeline rows of articles in stories
        "CREATE TABLE fact_changes (id INTEGER PRIMARY KEY CHECK (id IN (1, 2)), n INTEGER NOT NULL);",
        # a random start: another store made later at the same path does not repeat this one's versions
        "INSERT INTO fact_changes (id, n) VALUES (1, abs(random() % 1000000000000)), (2, 0);",
    ]
    for table in WATCHED:
        for action in ("INSERT", "UPDATE", "DELETE"):
            lines.append(f"CREATE TRIGGER {table}_changes_{action.lower()} AFTER {action} ON {table} BEGIN {BUMP} END;")
    changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in ARTICLE_COLUMNS)
    # only an article with facts: an ingest links its new, not enriched articles to their originals
    has_facts = " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE article_id IN (old.id, new.id))"
        for table in ("enriched_articles", "story_articles")
    )
    lines.append(
        f"CREATE TRIGGER articles_changes_update AFTER UPDATE ON articles WHEN ({changed}) AND ({has_facts})"
        f" BEGIN {BUMP} END;"
    )
    lines.append(f"CREATE TRIGGER articles_changes_delete AFTER DELETE ON articles BEGIN {BUMP} END;")
    # A story's timeline reads its articles' timeline rows: rows written for an article in a story change it
    # (rows of new articles outside every story, as an ingest writes them, do not).
    in_story = "EXISTS (SELECT 1 FROM story_articles WHERE article_id = new.article_id)"
    bump_timelines = BUMP.replace("id = 1", "id = 2")
    lines.append(
        f"CREATE TRIGGER timeline_articles_changes AFTER INSERT ON timeline_articles WHEN {in_story}"
        f" BEGIN {bump_timelines} END;"
    )
    return "\n".join(lines)


# Each article's publisher (``storyline.publisher``: what "independent sources" counts), kept by triggers so a
# count of distinct publishers is a join, not a Python call per row (0.1-0.4 s per view on 10,000 articles).
# The triggers call the SQL function ``publisher``: a connection writing articles must have it registered
# (``storyline.store.connection.connect`` does; a bare ``sqlite3`` connection must call ``register_publisher``).
# Safe to apply again over a half-removed copy: every statement tolerates what exists.
PUBLISHER_OF_NEW = "publisher(new.url, new.canonical_url, new.source, new.format)"
ARTICLE_PUBLISHERS = f"""
CREATE TABLE IF NOT EXISTS article_publishers (article_id TEXT PRIMARY KEY, publisher TEXT NOT NULL) WITHOUT ROWID;
INSERT OR REPLACE INTO article_publishers (article_id, publisher)
    SELECT id, publisher(url, canonical_url, source, format) FROM articles;
CREATE TRIGGER IF NOT EXISTS article_publishers_insert AFTER INSERT ON articles BEGIN
    INSERT OR REPLACE INTO article_publishers (article_id, publisher) VALUES (new.id, {PUBLISHER_OF_NEW});
END;
CREATE TRIGGER IF NOT EXISTS article_publishers_update
    AFTER UPDATE OF id, url, canonical_url, source, format ON articles BEGIN
    DELETE FROM article_publishers WHERE article_id = old.id;
    INSERT OR REPLACE INTO article_publishers (article_id, publisher) VALUES (new.id, {PUBLISHER_OF_NEW});
END;
CREATE TRIGGER IF NOT EXISTS article_publishers_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_publishers WHERE article_id = old.id;
END;
"""
# What a store without the table (older, opened read-only) reads instead: the same rows, computed per read.
ARTICLE_PUBLISHERS_STAND_IN = (
    "CREATE TEMP VIEW IF NOT EXISTS article_publishers (article_id, publisher) AS"
    " SELECT id, publisher(url, canonical_url, source, format) FROM articles"
)
# The events table, its facets, the map and the network group all mentions by these columns: covering
# indexes let SQLite count them without reading whole event rows (sentences and figures are long).
VIEW_INDEXES = """
CREATE INDEX IF NOT EXISTS events_by_type_article ON events(type, article_id, date);
CREATE INDEX IF NOT EXISTS events_by_article_type ON events(article_id, type);
CREATE INDEX IF NOT EXISTS events_by_month ON events(substr(date, 1, 7));
CREATE INDEX IF NOT EXISTS events_by_place
    ON events(place_name, place_country, place_lat, place_lon, article_id, type, date);
CREATE INDEX IF NOT EXISTS events_by_edge
    ON events(actor_name, recipient_name, type, article_id, date, actor_country, recipient_country);
"""

# The entities list groups all mentions by name and type (all of them, or one type's): covering indexes in
# those orders group them as they are read, without sorting 300,000 mentions of a 10,000-article store.
# Mentions and quotes per day join each to its article's date: an index holding it spares reading the
# article's row (its text, often on overflow pages).
ANALYST_INDEXES = """
CREATE INDEX IF NOT EXISTS entity_mentions_by_canonical_label ON entity_mentions(canonical, label, article_id, text);
CREATE INDEX IF NOT EXISTS entity_mentions_by_label_canonical ON entity_mentions(label, canonical, article_id, text);
CREATE INDEX IF NOT EXISTS articles_by_id_published ON articles(id, published);
"""


class ReadSpeed(StorePart):
    """Indexes and the facts' change counter (mixed into ``SQLiteStore``; last of the parts: it indexes theirs)."""

    MIGRATIONS: tuple[tuple[str, str], ...] = (
        ("speed_0001_lookup_indexes", INDEXES),
        ("speed_0002_fact_changes", _changes_sql()),
        ("speed_0003_article_publishers", ARTICLE_PUBLISHERS),
        ("speed_0004_view_indexes", VIEW_INDEXES),
        ("speed_0005_analyst_indexes", ANALYST_INDEXES),
    )
    OPTIONAL = frozenset(name for name, _ in MIGRATIONS)
    path: str

    def facts_version(self) -> tuple[Any, ...]:
        """Changes when the facts the analyst's views read change (see the module); a store without the
        counter (older, opened read-only) falls back to the file's version, which changes on every write."""
        return self._changes("facts", 1)

    def commits_version(self) -> tuple[Any, ...]:
        """Changes with every commit to the store (what views of articles key on): a read-only store counts
        commits (``commit_version``); a writing one, whose own commits that misses, the file's version."""
        if self.read_only and self.path != ":memory:":
            return commit_version(self.db, self.path)
        return ("file", self.path, *file_version(self.path))

    def story_timeline_version(self) -> tuple[Any, ...]:
        """Changes when a story's timeline may: its facts, or the timeline rows of an article in a story."""
        return (*self._changes("facts", 1), *self._changes("timelines", 2)[1:])

    def _changes(self, name: str, row_id: int) -> tuple[Any, ...]:
        where = os.path.abspath(self.path) if self.path != ":memory:" else f":memory:{id(self.db)}"
        try:
            row = self.db.execute("SELECT n FROM fact_changes WHERE id = ?", (row_id,)).fetchone()
        except sqlite3.OperationalError as error:  # no such table: an older store
            if "no such table" not in str(error):
                raise
            row = None
        if row is None:
            return (where, "file", *file_version(self.path))
        return (where, name, int(row[0]))
