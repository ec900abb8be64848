"""Faceted full-text search: ranked hits with marked snippets, totals, and counts per facet.

The search view (``storyline.web.views.search``) narrows a query by facets a reader clicks — a day or
month, a publisher, an entity, a language — and shows how the hits spread over each. Everything here runs
over the FTS5 match of one query (``storyline.store.search``) joined to ``articles``; linked duplicates
are left out, so a syndicated copy is neither a hit nor a count.

Snippets mark the matched words with two private-use characters (``MARK_START``, ``MARK_END``) rather
than markup: the web layer escapes the text and turns the marks into ``<mark>`` (``storyline.web.markup``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.store.search import fts_query

MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 24
ENTITY_FACET_HITS = 500  # the entity facet reads every mention of the hits: over this many, the first ones
FACET_SIZE = 10  # values shown per facet (entity, publisher, language); the date histogram is whole
# the article's publisher, kept by triggers (``storyline.store.read_speed``)
PUBLISHER = "(SELECT ap.publisher FROM article_publishers ap WHERE ap.article_id = a.id)"
ORDERS = {
    "relevance": "bm25(articles_fts, 3.0, 1.0), a.id",
    "newest": "a.published DESC, a.id",
    "oldest": "a.published, a.id",
}


@dataclass(frozen=True)
class SearchFilters:
    """What a reader narrowed the hits to; every field optional."""

    date_from: str | None = None  # ISO day, inclusive
    date_to: str | None = None
    publisher: str | None = None
    entity: str | None = None  # a canonical entity name
    language: str | None = None


def search_hits(
    store: Any,
    query: str,
    *,
    filters: SearchFilters,
    aliases: Mapping[str, Sequence[str]] | None = None,
    order: str = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """One page of hits: id, title, url, published, language, publisher, marked snippet, score."""
    match = fts_query(query, aliases)
    if not match:
        return []
    where, params = _where(filters)
    # The page's rows are chosen first and their snippets made after: SQLite would otherwise make a snippet
    # for every match before sorting (seconds for a common word in a large store).
    page = (
        f"SELECT a.rowid FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        f" WHERE articles_fts MATCH ? AND {where} ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?"
    )
    rows = store.db.execute(
        "SELECT a.id, a.title, a.url, a.published, a.language, a.source, "
        f"{PUBLISHER} AS publisher, snippet(articles_fts, 1, ?, ?, '…', {SNIPPET_WORDS}) AS snippet,"
        " bm25(articles_fts, 3.0, 1.0) AS score"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        f" WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({page}) ORDER BY {ORDERS[order]}",
        [MARK_START, MARK_END, match, match, *params, limit, offset],
    ).fetchall()
    return [dict(row) | {"score": round(-row["score"], 4)} for row in rows]


def search_total(
    store: Any,
    query: str,
    *,
    filters: SearchFilters,
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> int:
    """How many articles ``search_hits`` would give without a limit."""
    match = fts_query(query, aliases)
    if not match:
        return 0
    where, params = _where(filters)
    return int(
        store.db.execute(
            "SELECT count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? AND {where}",
            [match, *params],
        ).fetchone()[0]
    )


def search_facets(
    store: Any,
    query: str,
    *,
    filters: SearchFilters,
    aliases: Mapping[str, Sequence[str]] | None = None,
    by: str = "auto",
) -> dict[str, Any]:
    """Counts of the (filtered) hits per date (``by`` day, month or auto), publisher, entity and language."""
    match = fts_query(query, aliases)
    if not match:
        return {"by": "day", "dates": [], "publishers": [], "entities": [], "languages": [], "entities_counted_over": 0}
    where, params = _where(filters)
    hits = store.db.execute(
        f"SELECT a.id, substr(a.published, 1, 10), a.language, {PUBLISHER} FROM articles_fts"
        f" JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND {where}",
        [match, *params],
    ).fetchall()
    days = _tally(row[1] for row in hits if row[1])
    by = _granularity(days, by)
    return {
        "by": by,
        "dates": sorted(days, key=lambda bucket: bucket["value"]) if by == "day" else _by_month(days),
        "publishers": _tally(row[3] for row in hits)[:FACET_SIZE],
        "languages": _tally(row[2] for row in hits)[:FACET_SIZE],
        "entities": _entity_counts(store, [row[0] for row in hits[:ENTITY_FACET_HITS]]),
        "entities_counted_over": min(len(hits), ENTITY_FACET_HITS),
    }


def _tally(values: Iterable[str]) -> list[dict[str, Any]]:
    """Counts of each value, most first (ties by value)."""
    counts = Counter(values)
    return [{"value": value, "count": count} for value, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]


def _entity_counts(store: Any, article_ids: list[str]) -> list[dict[str, Any]]:
    """The entities most hits name, with the number of hits naming each."""
    rows = store.db.execute(
        "SELECT canonical, label, count(DISTINCT article_id) AS articles FROM entity_mentions"
        " WHERE article_id IN (SELECT value FROM json_each(?)) GROUP BY canonical, label"
        " ORDER BY articles DESC, canonical LIMIT ?",
        [json.dumps(article_ids), FACET_SIZE],
    )
    return [{"value": row[0], "label": row[1], "count": int(row[2])} for row in rows]


def _granularity(days: list[dict[str, Any]], by: str) -> str:
    """Day bars while the hits span at most about two months, month bars beyond (``auto``)."""
    if by in ("day", "month"):
        return by
    months = {day["value"][:7] for day in days}
    return "day" if len(months) <= 2 else "month"


def _by_month(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    months: dict[str, int] = {}
    for day in sorted(days, key=lambda bucket: bucket["value"]):
        months[day["value"][:7]] = months.get(day["value"][:7], 0) + day["count"]
    return [{"value": month, "count": count} for month, count in months.items()]


def _where(filters: SearchFilters) -> tuple[str, list[Any]]:
    """The filters as SQL over ``articles a`` (linked duplicates always left out)."""
    clauses, params = ["a.duplicate_of IS NULL"], []
    if filters.date_from:
        clauses.append("a.published >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append("substr(a.published, 1, 10) <= ?")
        params.append(filters.date_to)
    if filters.publisher:
        clauses.append(f"{PUBLISHER} = ?")
        params.append(filters.publisher)
    if filters.language:
        clauses.append("a.language = ?")
        params.append(filters.language)
    if filters.entity:
        clauses.append("a.id IN (SELECT article_id FROM entity_mentions WHERE canonical = ?)")  # one set, not per hit
        params.append(filters.entity)
    return " AND ".join(clauses), params


@dataclass(frozen=True)
class SpellingIndex:
    """Every spelling of every entity in the store, read in one pass (a few thousand distinct pairs even in
    a large store), so a search widens its words by dictionary lookups: the store's own ``spellings`` scans
    every mention per word (no index can serve its case-insensitive match)."""

    canonicals_of: Mapping[str, tuple[str, ...]]  # lower-case spelling or canonical name → canonical names
    texts_of: Mapping[str, tuple[str, ...]]  # canonical name → its spellings, most used first
    romanized: Mapping[str, tuple[tuple[str, str], ...]]  # transliteration key → (word, canonical name)

    def spellings(self, word: str, *, limit: int = 8) -> list[str]:
        """As ``store.spellings``: the other spellings of the entities ``word`` is written as or names; for a
        word never written in the store, those of a name it romanizes differently (Zelensky → Zelenskyy)."""
        canonicals = self.canonicals_of.get(word.lower(), ())[:3]
        found = [text for canonical in canonicals for text in self.texts_of.get(canonical, ())]
        if not canonicals and " " not in word.strip() and len(word) >= 4:
            for part, canonical in self.romanized.get(transliteration_key(word), ())[:3]:
                found += [part, canonical, *self.texts_of.get(canonical, ())]
        spellings: list[str] = []
        for text in found:
            if text.lower() != word.lower() and text not in spellings:
                spellings.append(text)
        return spellings[:limit]


def spelling_index(store: Any) -> SpellingIndex:
    """The store's ``SpellingIndex`` (one grouped scan of ``entity_mentions``)."""
    canonicals_of: dict[str, list[str]] = {}
    counts: dict[str, Counter[str]] = {}
    for text, canonical, count in store.db.execute(
        "SELECT text, canonical, count(*) FROM entity_mentions GROUP BY text, canonical"
    ):
        counts.setdefault(canonical, Counter())[text] += count
        for key in {text.lower(), canonical.lower()}:
            if canonical not in canonicals_of.setdefault(key, []):
                canonicals_of[key].append(canonical)
    romanized: dict[str, list[tuple[str, str]]] = {}
    for canonical in counts:
        for part in canonical.split():
            if len(part) >= 4:
                romanized.setdefault(transliteration_key(part), []).append((part, canonical))
    texts_of = {
        canonical: tuple(sorted(texts, key=lambda text: (-texts[text], text))) for canonical, texts in counts.items()
    }
    return SpellingIndex(
        canonicals_of={key: tuple(value) for key, value in canonicals_of.items()},
        texts_of=texts_of,
        romanized={key: tuple(value) for key, value in romanized.items()},
    )


def transliteration_key(word: str) -> str:
    """What two romanizations of one name share: lower case, i/j → y, kh → h, doubled letters once."""
    text = word.lower().replace("kh", "h").replace("i", "y").replace("j", "y")
    return "".join(char for index, char in enumerate(text) if index == 0 or char != text[index - 1])
