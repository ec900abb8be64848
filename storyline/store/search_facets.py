"""Faceted full-text search: ranked hits with marked snippets, totals, and counts per facet.

The search view (``storyline.web.views.search``) narrows a query by facets a reader clicks — a day or
month, a publisher, an entity, a language — and shows how the hits spread over each. Everything here runs
over the FTS5 match of one query (``storyline.store.search``) joined to ``articles``; linked duplicates
are left out, so a syndicated copy is neither a hit nor a count.

Snippets mark the matched words with two private-use characters (``MARK_START``, ``MARK_END``) rather
than markup: the web layer escapes the text and turns the marks into ``<mark>`` (``storyline.web.markup``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.store.search import fts_query

MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 24
FACET_SIZE = 10  # values shown per facet (entity, publisher, language); the date histogram is whole
PUBLISHER = "publisher(a.url, a.canonical_url, a.source, a.format)"
ORDERS = {"relevance": "score", "newest": "a.published DESC, a.id", "oldest": "a.published, a.id"}


@dataclass(frozen=True)
class SearchFilters:
    """What a reader narrowed the hits to; every field optional."""

    date_from: str | None = None  # ISO day, inclusive
    date_to: str | None = None
    publisher: str | None = None
    entity: str | None = None  # a canonical entity name
    language: str | None = None


def search_hits(
    store: Any, query: str, *, filters: SearchFilters, aliases: Mapping[str, Sequence[str]] | None = None,
    order: str = "relevance", limit: int = 20, offset: int = 0,
) -> list[dict[str, Any]]:
    """One page of hits: id, title, url, published, language, publisher, marked snippet, score."""
    match = fts_query(query, aliases)
    if not match:
        return []
    where, params = _where(filters)
    rows = store.db.execute(
        "SELECT a.id, a.title, a.url, a.published, a.language, a.source, "
        f"{PUBLISHER} AS publisher, snippet(articles_fts, 1, ?, ?, '…', {SNIPPET_WORDS}) AS snippet,"
        " bm25(articles_fts, 3.0, 1.0) AS score"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        f" WHERE articles_fts MATCH ? AND {where} ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?",
        [MARK_START, MARK_END, match, *params, limit, offset],
    ).fetchall()
    return [dict(row) | {"score": round(-row["score"], 4)} for row in rows]


def search_total(
    store: Any, query: str, *, filters: SearchFilters, aliases: Mapping[str, Sequence[str]] | None = None,
) -> int:
    """How many articles ``search_hits`` would give without a limit."""
    match = fts_query(query, aliases)
    if not match:
        return 0
    where, params = _where(filters)
    return int(store.db.execute(
        "SELECT count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        f" WHERE articles_fts MATCH ? AND {where}", [match, *params],
    ).fetchone()[0])


def search_facets(
    store: Any, query: str, *, filters: SearchFilters, aliases: Mapping[str, Sequence[str]] | None = None,
    by: str = "auto",
) -> dict[str, Any]:
    """Counts of the (filtered) hits per date (``by`` day, month or auto), publisher, entity and language."""
    match = fts_query(query, aliases)
    if not match:
        return {"by": "day", "dates": [], "publishers": [], "entities": [], "languages": []}
    where, params = _where(filters)
    hits = (f"SELECT a.id, a.published, a.language, {PUBLISHER} AS publisher FROM articles_fts"
            f" JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND {where}")
    args = [match, *params]
    days = _counts(store, f"WITH hits AS ({hits}) SELECT substr(published, 1, 10), count(*) FROM hits"
                          " WHERE published IS NOT NULL GROUP BY 1 ORDER BY 1", args)
    by = _granularity(days, by)
    return {
        "by": by,
        "dates": days if by == "day" else _by_month(days),
        "publishers": _counts(store, f"WITH hits AS ({hits}) SELECT publisher, count(*) FROM hits"
                                     " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?", [*args, FACET_SIZE]),
        "languages": _counts(store, f"WITH hits AS ({hits}) SELECT language, count(*) FROM hits"
                                    " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?", [*args, FACET_SIZE]),
        "entities": _entity_counts(store, hits, args),
    }


def _entity_counts(store: Any, hits: str, args: list[Any]) -> list[dict[str, Any]]:
    """The entities most hits name, with the number of hits naming each."""
    rows = store.db.execute(
        f"WITH hits AS ({hits}) SELECT m.canonical, m.label, count(DISTINCT m.article_id) AS articles"
        " FROM hits JOIN entity_mentions m ON m.article_id = hits.id GROUP BY m.canonical, m.label"
        " ORDER BY articles DESC, m.canonical LIMIT ?", [*args, FACET_SIZE],
    )
    return [{"value": row[0], "label": row[1], "count": int(row[2])} for row in rows]


def _counts(store: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return [{"value": str(row[0]), "count": int(row[1])} for row in store.db.execute(sql, params)]


def _granularity(days: list[dict[str, Any]], by: str) -> str:
    """Day bars while the hits span at most about two months, month bars beyond (``auto``)."""
    if by in ("day", "month"):
        return by
    months = {day["value"][:7] for day in days}
    return "day" if len(months) <= 2 else "month"


def _by_month(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    months: dict[str, int] = {}
    for day in days:
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
        clauses.append("EXISTS (SELECT 1 FROM entity_mentions m WHERE m.article_id = a.id AND m.canonical = ?)")
        params.append(filters.entity)
    return " AND ".join(clauses), params


def variant_spellings(store: Any, word: str, *, limit: int = 8) -> list[str]:
    """Spellings of the entity a word names when the store has never seen the word as written: another
    transliteration of a name it knows (Zelensky → Zelenskyy, Podoliak → Podolyak), found by comparing
    ``transliteration_key``s of the single words in entity mentions of the same initial."""
    if " " in word.strip() or len(word) < 4:
        return []
    key = transliteration_key(word)
    rows = store.db.execute(
        "SELECT DISTINCT text FROM entity_mentions WHERE label IN ('PERSON', 'GPE', 'LOC', 'ORG', 'NORP')"
        " AND instr(lower(text), ?) > 0 LIMIT 5000", (word[:2].lower(),),
    )
    found = {part: row[0] for row in rows for part in row[0].split() if transliteration_key(part) == key}
    spellings: list[str] = []
    for part, text in list(found.items())[:3]:
        for spelling in [part, text, *store.spellings(text, limit=limit)]:
            if spelling.lower() != word.lower() and spelling not in spellings:
                spellings.append(spelling)
    return spellings[:limit]


def transliteration_key(word: str) -> str:
    """What two romanizations of one name share: lower case, i/j → y, kh → h, doubled letters once."""
    text = word.lower().replace("kh", "h").replace("i", "y").replace("j", "y")
    return "".join(char for index, char in enumerate(text) if index == 0 or char != text[index - 1])
