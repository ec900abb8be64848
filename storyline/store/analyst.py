"""Reads for the analyst's views (entity, quotes, figures): no tables of its own, only queries over the
enrichment, event and article tables. Independent sources are publishers (``storyline.publisher``),
read from ``article_publishers``, which triggers keep (``storyline.store.read_speed``).

A name given by a reader is resolved to the store's canonical entities first ("Zelensky" → "Volodymyr
Zelenskyy"), so every alias the enrichment merged finds the same quotes, events and figures.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline.store.base import StorePart
from storyline.store.connection import file_version

# the article's publisher, kept by triggers (``storyline.store.read_speed``)
PUBLISHER = "(SELECT ap.publisher FROM article_publishers ap WHERE ap.article_id = a.id)"
DAY = "substr(a.published, 1, 10)"
# Totals of a filter, per store version: paging through one filter counts its quotes once, not per page
# (distinct publishers over every quote of a 10,000-article store take a tenth of a second).
_QUOTE_TOTALS: dict[tuple[Any, ...], dict[str, int]] = {}
_QUOTE_TOTALS_KEPT = 256


@dataclass(frozen=True)
class QuoteFilters:
    """What the quotes view filters on; ``speakers``/``spellings`` come from ``resolve_names``."""

    speaker: str | None = None  # as typed: also matched as part of the speaker's name (None: names only)
    speakers: tuple[str, ...] = ()  # canonical names the typed speaker stands for
    spellings: tuple[str, ...] = ()  # every written form of those names
    words: tuple[str, ...] = ()  # topic words, all must occur in the quote
    date_from: str | None = None
    date_to: str | None = None
    story: str | None = None  # a story id (resolved through merges by the caller)


class AnalystQueries(StorePart):
    """Entity profiles, quotes by speaker and figures by subject (mixed into ``SQLiteStore``)."""

    def _dated_articles(self) -> str:
        """``articles a`` for a join that reads only an article's id and date: through ``(id, published)`` where
        the store has that index. SQLite's planner prefers the primary key, whose row holds the date after the
        text (overflow pages): for Putin's 27,000 quotes that read took 60 ms of 90 (10,000 articles)."""
        found = getattr(self, "_dated_articles_sql", None)
        if found is None:
            indexed = self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'articles_by_id_published'"
            ).fetchone()
            found = "articles a INDEXED BY articles_by_id_published" if indexed else "articles a"
            self._dated_articles_sql = found
        return found

    # --- names ---------------------------------------------------------------------------------

    def resolve_names(self, name: str, *, limit: int = 3) -> list[str]:
        """Canonical entities ``name`` is (any case) or is written as, most mentioned first."""
        exact = self.db.execute("SELECT 1 FROM entity_mentions WHERE canonical = ? LIMIT 1", (name.strip(),))
        if limit == 1 and exact.fetchone():  # the index answers the common case, a link to a canonical name
            return [name.strip()]
        rows = self.db.execute(
            "SELECT canonical FROM entity_mentions WHERE canonical = ?1 COLLATE NOCASE OR text = ?1 COLLATE NOCASE"
            " GROUP BY canonical ORDER BY (canonical = ?1 COLLATE NOCASE) DESC, count(*) DESC, canonical LIMIT ?2",
            (name.strip(), limit),
        )
        return [row[0] for row in rows]

    def search_entities(
        self,
        *,
        query: str | None = None,
        label: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """Canonical entities by mentions whose name or any spelling contains ``query`` ("Kiev" finds Kyiv),
        with their spellings; and how many there are in all."""
        clauses, params = [], []
        if query:
            clauses.append(
                "canonical IN (SELECT canonical FROM entity_mentions WHERE text LIKE ?1 ESCAPE '\\'"
                " OR canonical LIKE ?1 ESCAPE '\\')"
            )
            params.append(_like(query))
        if label:
            clauses.append(f"label = ?{len(params) + 1}")
            params.append(label.upper())
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        grouped = f"FROM entity_mentions{where} GROUP BY canonical, label"
        total = int(self.db.execute(f"SELECT count(*) FROM (SELECT 1 {grouped})", params).fetchone()[0])
        rows = self.db.execute(
            "SELECT canonical, label, count(*) AS mentions, count(DISTINCT article_id) AS articles,"
            f" json_group_array(DISTINCT text) AS variants {grouped} ORDER BY mentions DESC, canonical"
            f" LIMIT ?{len(params) + 1} OFFSET ?{len(params) + 2}",
            [*params, limit, offset],
        )
        return [{**dict(row), "variants": sorted(json.loads(row["variants"]))} for row in rows], total

    def written_forms(self, canonicals: Sequence[str]) -> list[str]:
        """Every spelling of these canonical entities, most used first (the canonical names included)."""
        if not canonicals:
            return []
        marks = ",".join("?" * len(canonicals))
        rows = self.db.execute(
            f"SELECT text FROM entity_mentions WHERE canonical IN ({marks}) GROUP BY text ORDER BY count(*) DESC, text",
            list(canonicals),
        )
        forms = [row[0] for row in rows]
        return forms + [name for name in canonicals if name not in forms]

    def known_entities(self, names: Sequence[str]) -> set[str]:
        """Those of ``names`` that are canonical entities (pages link only those to an entity page)."""
        found: set[str] = set()
        names = list(names)
        for start in range(0, len(names), 500):
            chunk = names[start : start + 500]
            rows = self.db.execute(
                f"SELECT DISTINCT canonical FROM entity_mentions WHERE canonical IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update(row[0] for row in rows)
        return found

    # --- one entity ----------------------------------------------------------------------------

    def entity_profile(self, canonical: str) -> dict[str, Any] | None:
        """Type(s), spellings with counts, mentions, articles and country of one canonical entity."""
        labels = [
            dict(row)
            for row in self.db.execute(
                "SELECT label, count(*) AS mentions FROM entity_mentions WHERE canonical = ? GROUP BY label"
                " ORDER BY mentions DESC, label",
                (canonical,),
            )
        ]
        if not labels:
            return None
        aliases = [
            dict(row)
            for row in self.db.execute(
                "SELECT text, count(*) AS mentions FROM entity_mentions WHERE canonical = ? GROUP BY text"
                " ORDER BY mentions DESC, text",
                (canonical,),
            )
        ]
        totals = self.db.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM entity_mentions WHERE canonical = ?", (canonical,)
        ).fetchone()
        return {
            "canonical": canonical,
            "type": labels[0]["label"],
            "labels": labels,
            "aliases": aliases,
            "country": self.entity_country(canonical),
            "mentions": totals[0],
            "articles": totals[1],
        }

    def entity_country(self, canonical: str) -> dict[str, Any]:
        """The country code events give this entity (as actor or recipient) or its geocoded place gives, most
        often, with how many rows say so: the event coder can be wrong, so the page shows the evidence."""
        row = self.db.execute(
            "SELECT country, count(*) AS n FROM (SELECT actor_country AS country FROM events WHERE actor_name = ?1"
            " UNION ALL SELECT recipient_country FROM events WHERE recipient_name = ?1"
            " UNION ALL SELECT country FROM places WHERE name = ?1)"
            " WHERE country IS NOT NULL AND country != '' GROUP BY country ORDER BY n DESC, country LIMIT 1",
            (canonical,),
        ).fetchone()
        return {"code": row[0], "evidence": row[1]} if row else {"code": "", "evidence": 0}

    def entity_mentions_per_day(self, canonical: str) -> list[dict[str, Any]]:
        """Mentions and articles per publication day (linked duplicates are not enriched, so not counted)."""
        rows = self.db.execute(
            f"SELECT {DAY} AS day, count(*) AS mentions, count(DISTINCT m.article_id) AS articles"
            f" FROM entity_mentions m JOIN {self._dated_articles()} ON a.id = m.article_id"
            " WHERE m.canonical = ? AND a.published IS NOT NULL GROUP BY day ORDER BY day",
            (canonical,),
        )
        return [dict(row) for row in rows]

    def entity_events(self, canonical: str, *, role: str, limit: int = 50) -> list[dict[str, Any]]:
        """Event mentions with the entity as ``actor`` or ``recipient``, newest first."""
        column = {"actor": "actor_name", "recipient": "recipient_name"}[role]
        rows = self.db.execute(
            "SELECT e.type, e.mode, e.date, e.actor_name AS actor, e.recipient_name AS recipient,"
            " e.place_name AS place, e.sentence, e.article_id, e.merged_id, a.title"
            f" FROM events e JOIN articles a ON a.id = e.article_id WHERE e.{column} = ?"
            " ORDER BY e.date DESC, e.article_id, e.sentence_start LIMIT ?",
            (canonical, limit),
        )
        return [dict(row) for row in rows]

    def count_entity_events(self, canonical: str, *, role: str) -> int:
        column = {"actor": "actor_name", "recipient": "recipient_name"}[role]
        return int(self.db.execute(f"SELECT count(*) FROM events WHERE {column} = ?", (canonical,)).fetchone()[0])

    def entity_partners(self, canonical: str, *, limit: int = 30) -> list[dict[str, Any]]:
        """Entities on the other side of this one's events: who, which role they had, event types, counts."""
        rows = self.db.execute(
            "SELECT partner, role, count(*) AS events, json_group_array(type) AS types FROM ("
            " SELECT recipient_name AS partner, 'recipient' AS role, type FROM events"
            "  WHERE actor_name = ?1 AND recipient_name IS NOT NULL AND recipient_name != ?1"
            " UNION ALL SELECT actor_name, 'actor', type FROM events"
            "  WHERE recipient_name = ?1 AND actor_name IS NOT NULL AND actor_name != ?1)"
            " WHERE partner != '' GROUP BY partner, role ORDER BY events DESC, partner LIMIT ?2",
            (canonical, limit),
        )
        return [_partner(row) for row in rows]

    def entity_claims(self, forms: Sequence[str], *, limit: int = 50) -> list[dict[str, Any]]:
        """Figures this entity reported: claims whose source is one of its written forms (any case)."""
        if not forms:
            return []
        marks = ",".join("?" * len(forms))
        rows = self.db.execute(
            "SELECT c.article_id, a.title, a.published, c.qualifier, c.text, c.value, c.unit, c.subject,"
            f" c.predicate, c.source, {PUBLISHER} AS publisher FROM claims c JOIN articles a ON a.id = c.article_id"
            f" WHERE c.source COLLATE NOCASE IN ({marks}) ORDER BY a.published DESC, c.article_id, c.start LIMIT ?",
            [*forms, limit],
        )
        return [dict(row) for row in rows]

    # --- quotes --------------------------------------------------------------------------------

    def analyst_quotes(self, filters: QuoteFilters, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes with their sentence, article and publisher, newest first."""
        where, params = _quote_filters(filters)
        # The page is chosen first, from the sort keys alone (every match is sorted: reading each one's article
        # title, URL and quote text there cost more than the sort); only its rows then read those, their
        # sentence and publisher.
        sql = (
            "SELECT q.article_id, a.title, a.published, a.url, q.speaker, q.speaker_text, q.kind, q.text,"
            " q.start, q.end, (SELECT s.text FROM sentences s WHERE s.article_id = q.article_id AND s.start <= q.start"
            f"   AND q.start < s.end) AS sentence, {PUBLISHER} AS publisher FROM ("
            " SELECT q.rowid AS quote, a.published, q.article_id, q.start"
            f" FROM quotes q JOIN {self._dated_articles()} ON a.id = q.article_id {where}"
            " ORDER BY a.published DESC, q.article_id, q.start LIMIT ? OFFSET ?) AS p"
            " JOIN quotes q ON q.rowid = p.quote JOIN articles a ON a.id = p.article_id"
            " ORDER BY p.published DESC, p.article_id, p.start"
        )
        return [dict(row) for row in self.db.execute(sql, [*params, limit, offset])]

    def count_analyst_quotes(self, filters: QuoteFilters) -> dict[str, int]:
        """How many quotes match, from how many articles and independent sources (publishers)."""
        where, params = _quote_filters(filters)
        key = (self.path, file_version(str(self.path)), where, *params)
        if key in _QUOTE_TOTALS:
            return dict(_QUOTE_TOTALS[key])
        # counted per article first: each article's publisher is then looked up once, not once per quote
        row = self.db.execute(
            "SELECT coalesce(sum(g.n), 0), count(*), count(DISTINCT (SELECT ap.publisher FROM article_publishers ap"
            " WHERE ap.article_id = g.article_id)) FROM (SELECT q.article_id, count(*) AS n"
            f" FROM quotes q JOIN {self._dated_articles()} ON a.id = q.article_id {where} GROUP BY q.article_id) g",
            params,
        ).fetchone()
        totals = {"total": row[0], "articles": row[1], "sources": row[2]}
        if str(self.path) != ":memory:":
            if len(_QUOTE_TOTALS) >= _QUOTE_TOTALS_KEPT:
                _QUOTE_TOTALS.pop(next(iter(_QUOTE_TOTALS)), None)
            _QUOTE_TOTALS[key] = totals
        return dict(totals)

    # --- figures -------------------------------------------------------------------------------

    def figure_rows(
        self,
        *,
        terms: Sequence[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[dict[str, Any]]:
        """Every claim whose subject or verb contains one of ``terms`` (all claims without), with what a
        comparison needs: publisher, sentence and its date, the event coded in that sentence, and ``day``
        (the event's date, else the sentence's, else the publication day). Linked duplicates are left out:
        they are not independent sources.

        Each claim's sentence and event are found by SQL, a seek per claim (``sentences(article_id, start)``,
        ``events(article_id)``): reading every sentence of every article into Python took seconds on a
        10,000-article store. Articles are read once each, in chunks."""
        where, params = "", []
        if terms:
            where = "WHERE " + " OR ".join(
                ["c.subject LIKE ? ESCAPE '\\' OR c.predicate LIKE ? ESCAPE '\\'"] * len(terms)
            )
            params = [_like(term) for term in terms for _ in range(2)]
        claims = [
            dict(row)
            for row in self.db.execute(
                "SELECT c.rowid AS claim, c.article_id, c.start, c.value, c.value_max, c.qualifier, c.text, c.unit,"
                " c.subject, c.predicate, c.source, s.text AS sentence, s.about_date"
                " FROM claims c LEFT JOIN sentences s ON c.start < s.end AND s.rowid = (SELECT t.rowid FROM"
                "  sentences t WHERE t.article_id = c.article_id AND t.start <= c.start ORDER BY t.start DESC LIMIT 1)"
                f" {where} ORDER BY c.article_id, c.start",
                params,
            )
        ]
        events = self._claim_events(where, params)
        for claim in claims:
            claim["event_date"], claim["merged_id"] = events.get(claim.pop("claim"), (None, None))
        ids = sorted({claim["article_id"] for claim in claims})
        articles = {
            row["id"]: dict(row)
            for row in self._by_article(
                f"SELECT id, title, published, url, {PUBLISHER} AS publisher FROM articles a"
                " WHERE a.duplicate_of IS NULL AND a.id IN",
                ids,
            )
        }
        rows = []
        for claim in claims:
            article = articles.get(claim["article_id"])
            if article is None:
                continue
            row = _figure_row(claim, article)
            if _in_range(row["day"], date_from, date_to):
                rows.append(row)
        return rows

    def _claim_events(self, where: str, params: list[Any]) -> dict[int, tuple[Any, Any]]:
        """Claim rowid → (date of the first event coded in its sentence, first merged event id among them)."""
        found: dict[int, tuple[Any, Any]] = {}
        # sorted here, not by SQL: an ORDER BY e.id makes SQLite read whole event rows (events_article gives
        # that order) instead of the covering events_by_article_sentence index, 7x slower
        rows = self.db.execute(
            "SELECT c.rowid, e.id, e.date, e.merged_id FROM claims c JOIN events e ON e.article_id = c.article_id"
            f" AND e.sentence_start <= c.start AND c.start < e.sentence_end {where}",
            params,
        ).fetchall()
        for claim, _, day, merged in sorted(rows, key=lambda row: (row[0], row[1])):
            first_day, first_merged = found.get(claim, (day, None))
            found[claim] = (first_day, first_merged or merged or None)
        return found

    def _by_article(self, sql: str, ids: Sequence[str], *, order: str = "") -> list[sqlite3.Row]:
        """``sql`` ending in ``IN`` run over ``ids`` in chunks (SQLite caps the number of parameters)."""
        found: list[sqlite3.Row] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            tail = f" ORDER BY {order}" if order else ""
            found += self.db.execute(f"{sql} ({','.join('?' * len(chunk))}){tail}", chunk).fetchall()
        return found

    def figure_subjects(self, *, limit: int = 20) -> list[dict[str, Any]]:
        """The subjects figures count most often, with how many figures and publishers give them (the stored
        counts while they are those of the facts as they are now, ``storyline.store.figure_points``)."""
        if self.figure_points_fresh():  # type: ignore[attr-defined]  # FigurePoints, in the same store
            return self.stored_figure_subjects(limit)  # type: ignore[attr-defined]
        rows = self.db.execute(
            f"SELECT lower(c.subject) AS subject, count(*) AS figures, count(DISTINCT {PUBLISHER}) AS sources"
            " FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.subject != ''"
            " GROUP BY lower(c.subject) ORDER BY figures DESC, subject LIMIT ?",
            (limit,),
        )
        return [dict(row) for row in rows]


def _quote_filters(filters: QuoteFilters) -> tuple[str, list[Any]]:
    clauses, params = [], []
    names = [*filters.speakers, *filters.spellings]
    either = []
    if filters.speaker:
        either.append("q.speaker LIKE ? ESCAPE '\\'")
        params.append(_like(filters.speaker))
    if names:
        marks = ",".join("?" * len(names))
        either += [f"q.speaker IN ({marks})", f"q.speaker_text COLLATE NOCASE IN ({marks})"]
        params += [*names, *names]
    if either:
        clauses.append("(" + " OR ".join(either) + ")")
    for word in filters.words:
        clauses.append("q.text LIKE ? ESCAPE '\\'")
        params.append(_like(word))
    if filters.date_from:
        clauses.append(f"{DAY} >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append(f"{DAY} <= ?")
        params.append(filters.date_to)
    if filters.story:
        clauses.append("q.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
        params.append(filters.story)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _figure_row(claim: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    """A claim (with its sentence and event looked up) and its article, as the figures view reads them."""
    row = {
        **claim,
        "title": article["title"],
        "published": article["published"],
        "url": article["url"],
        "publisher": article["publisher"],
    }
    row["day"] = (row["event_date"] or row["about_date"] or row["published"] or "")[:10]
    return row


def _in_range(day: str, first: str | None, last: str | None) -> bool:
    return bool(day) and (not first or day >= first) and (not last or day <= last)


def _partner(row: sqlite3.Row) -> dict[str, Any]:
    types: dict[str, int] = {}
    for kind in json.loads(row["types"]):
        types[kind] = types.get(kind, 0) + 1
    return {
        "name": row["partner"],
        "role": row["role"],
        "events": row["events"],
        "types": dict(sorted(types.items(), key=lambda item: (-item[1], item[0]))),
    }
