"""What the story view reads about one story: its articles with publishers, events, entities, places,
figures, and the stories nearest to it.

Independent sources are distinct publishers (``storyline.publisher``) of the story's articles that are not
a linked duplicate of another: a syndicated copy adds an article, never a source.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from storyline.store.search_facets import PUBLISHER

CHUNK = 500
RELATED = 5


def story_articles(store: Any, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """id, title, published, url, language, publisher and duplicate_of of each article, oldest first."""
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(article_ids):
        rows += [
            dict(row)
            for row in store.db.execute(
                f"SELECT a.id, a.title, a.published, a.url, a.language, a.duplicate_of, {PUBLISHER} AS publisher"
                f" FROM articles a WHERE a.id IN ({_marks(chunk)})",
                chunk,
            )
        ]
    return sorted(rows, key=lambda row: (row["published"] or "", row["id"]))


def story_events(store: Any, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The event mentions coded from the story's articles, by date."""
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(article_ids):
        rows += [
            dict(row)
            for row in store.db.execute(
                "SELECT article_id, type, date, actor_name AS actor, recipient_name AS recipient, place_name AS place,"
                " sentence_start, sentence FROM events"
                # a fixed order for ties of the sort below, whichever index SQLite picks
                f" WHERE article_id IN ({_marks(chunk)}) ORDER BY article_id, id",
                chunk,
            )
        ]
    return sorted(rows, key=lambda row: (row["date"], row["article_id"], row["sentence_start"]))


def story_entities(
    store: Any,
    article_ids: Sequence[str],
    *,
    labels: Sequence[str],
    limit: int = 15,
) -> list[dict[str, Any]]:
    """The entities of these labels most of the story's articles name: name, label, articles."""
    # "+label": the story's few articles are sought by id; an index by label would read every mention of the type
    rows = store.db.execute(
        "SELECT canonical, label, count(DISTINCT article_id) AS articles FROM entity_mentions"
        f" WHERE article_id IN (SELECT value FROM json_each(?)) AND +label IN ({_marks(labels)})"
        " GROUP BY canonical, label ORDER BY articles DESC, canonical LIMIT ?",
        [json.dumps(list(article_ids)), *labels, limit],
    )
    return [{"name": row[0], "label": row[1], "articles": int(row[2])} for row in rows]


def story_places(store: Any, article_ids: Sequence[str], *, limit: int = 15) -> list[dict[str, Any]]:
    """Geocoded places the story's articles mention: name, country, lat, lon, articles."""
    rows = store.db.execute(
        "SELECT name, min(country), min(lat), min(lon), count(DISTINCT article_id) AS articles FROM places"
        " WHERE article_id IN (SELECT value FROM json_each(?)) GROUP BY name ORDER BY articles DESC, name LIMIT ?",
        [json.dumps(list(article_ids)), limit],
    )
    return [{"name": row[0], "country": row[1], "lat": row[2], "lon": row[3], "articles": int(row[4])} for row in rows]


def story_claims(store: Any, article_ids: Sequence[str], *, limit: int = 30) -> list[dict[str, Any]]:
    """The story's figures (numeric claims) with their article, largest subjects first by date."""
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(article_ids):
        rows += [
            dict(row)
            for row in store.db.execute(
                "SELECT c.article_id, c.text, c.value, c.value_max, c.unit, c.qualifier, c.subject, c.predicate,"
                f" c.source, a.published, {PUBLISHER} AS publisher FROM claims c JOIN articles a ON a.id = c.article_id"
                f" WHERE c.article_id IN ({_marks(chunk)}) AND c.subject != ''",
                chunk,
            )
        ]
    return sorted(rows, key=lambda row: (row["published"] or "", row["subject"]))[:limit]


def related_stories(store: Any, story_id: str, *, limit: int = RELATED) -> list[dict[str, Any]]:
    """The open stories whose centroid is nearest this one's (cosine of the stored vector sums)."""
    rows = store.db.execute(
        "SELECT id, label, first_date, last_date, article_count, vector_sum FROM stories WHERE merged_into IS NULL"
    ).fetchall()
    vectors = {row["id"]: np.frombuffer(row["vector_sum"], dtype="<f4") for row in rows}
    own = vectors.get(story_id)
    if own is None or not own.size or not np.linalg.norm(own):
        return []
    scored = []
    for row in rows:
        other = vectors[row["id"]]
        if row["id"] == story_id or other.shape != own.shape or not np.linalg.norm(other):
            continue
        similarity = float(own @ other / (np.linalg.norm(own) * np.linalg.norm(other)))
        scored.append(
            {key: row[key] for key in ("id", "label", "first_date", "last_date", "article_count")}
            | {"similarity": round(similarity, 3)}
        )
    return sorted(scored, key=lambda story: -story["similarity"])[:limit]


def _marks(items: Sequence[Any]) -> str:
    return ",".join("?" * len(items))


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield list(items[start : start + CHUNK])
