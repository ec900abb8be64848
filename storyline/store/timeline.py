"""Tables for timelines: what a timeline needs of each sentence, computed once at ingest.

A person opening the file sees:
  timeline_sentences  one row per sentence of an original article: its offsets and text, the article's
                      publication day and publisher, the days the sentence refers to (resolved at ingest),
                      those written as calendar dates, whether it is the evidence of a coded event
                      (not future, negated or hypothetical) and whether it may stand as a timeline line
  timeline_articles   one row per article whose sentences are above, with whether its enrichment and
                      events were there when they were computed (a later enrichment makes it owed again)

A story or query timeline reads these rows instead of re-splitting, re-resolving and re-loading
every enrichment, which is what made a timeline of a 2,000-article store take seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from storyline.store.base import StorePart

SCHEMA = """
CREATE TABLE timeline_sentences (
    article_id TEXT NOT NULL,
    idx INTEGER NOT NULL,          -- sentence number in the article
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    published TEXT NOT NULL,       -- the article's publication day (ISO)
    publisher TEXT NOT NULL,       -- what independent sources count
    days TEXT NOT NULL,            -- space-separated ISO days the sentence refers to, in text order
    explicit TEXT NOT NULL,        -- those of them written as calendar dates
    event REAL NOT NULL,           -- 1: evidence of a coded event that happened; else a 0..1 text estimate
    fits INTEGER NOT NULL,         -- 1: may stand alone as a timeline line
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
CREATE TABLE timeline_articles (
    article_id TEXT PRIMARY KEY,
    enriched INTEGER NOT NULL,     -- 1: computed with the article's enrichment and events
    stage TEXT NOT NULL
);
"""

_COLUMNS = ("article_id", "idx", "start", "end", "published", "publisher", "days", "explicit", "event", "fits", "text")


@dataclass(frozen=True)
class SentenceRow:
    """One stored sentence (``article_id``, ``idx``) with its timeline features."""

    article_id: str
    idx: int
    start: int
    end: int
    published: date
    publisher: str
    days: tuple[date, ...]
    explicit: tuple[date, ...]
    event: float
    fits: bool
    text: str


class TimelineTables(StorePart):
    MIGRATIONS: tuple[tuple[str, str], ...] = (("timeline_0001_sentences", SCHEMA),)

    def articles_owing_timeline(self) -> list[str]:
        """Originals without timeline rows, or computed before their enrichment existed, oldest first."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN timeline_articles t ON t.article_id = a.id"
            " WHERE a.duplicate_of IS NULL AND (t.article_id IS NULL OR (t.enriched = 0 AND EXISTS"
            " (SELECT 1 FROM enriched_articles e WHERE e.article_id = a.id))) ORDER BY a.published, a.id"
        )
        return [row[0] for row in rows]

    def put_timeline_sentences(
        self, article_id: str, rows: Sequence[SentenceRow], *, enriched: bool, stage: str
    ) -> None:
        """Replace one article's rows."""
        with self.transaction() as db:
            db.execute("DELETE FROM timeline_sentences WHERE article_id = ?", (article_id,))
            db.executemany(
                f"INSERT INTO timeline_sentences ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                [_row(row) for row in rows],
            )
            db.execute(
                "INSERT OR REPLACE INTO timeline_articles (article_id, enriched, stage) VALUES (?, ?, ?)",
                (article_id, int(enriched), stage),
            )

    def timeline_ready(self, article_ids: Sequence[str] | None = None) -> bool:
        """Whether every original (or every original among ``article_ids``) has its timeline rows."""
        missing = (
            "SELECT count(*) FROM articles a LEFT JOIN timeline_articles t ON t.article_id = a.id"
            " WHERE a.duplicate_of IS NULL AND t.article_id IS NULL"
        )
        if article_ids is None:
            return self.db.execute(missing).fetchone()[0] == 0
        for chunk in _chunks(list(article_ids), 500):
            if self.db.execute(f"{missing} AND a.id IN ({','.join('?' * len(chunk))})", chunk).fetchone()[0]:
                return False
        return True

    def timeline_started(self) -> bool:
        """Whether a timelines stage ever stored rows here (an older store has none until one runs)."""
        return self.db.execute("SELECT 1 FROM timeline_articles LIMIT 1").fetchone() is not None

    def iter_timeline_sentences(
        self, article_ids: Sequence[str] | None = None, *, start: str | None = None, words: Sequence[str] = ()
    ) -> Iterator[SentenceRow]:
        """Rows that can count for a timeline, of the originals published on or after ``start`` (all of them, or
        those of ``article_ids``): those referring to a day, and those fit to be a line — with ``words``, only
        those containing one (case-insensitive): a keyword timeline's lines must name a keyword."""
        fit = "s.fits = 1"
        params: list[str] = []
        if words:
            fit += " AND (" + " OR ".join("instr(lower(s.text), ?) > 0" for _ in words) + ")"
            params += [word.lower() for word in words]
        where = f"(s.days != '' OR ({fit})) AND a.duplicate_of IS NULL" + (" AND s.published >= ?" if start else "")
        params += [start] if start else []
        sql = (
            f"SELECT {', '.join('s.' + c for c in _COLUMNS)} FROM timeline_sentences s"
            " JOIN articles a ON a.id = s.article_id WHERE " + where
        )
        if article_ids is None:
            yield from (
                _sentence(row) for row in self.db.execute(sql + " ORDER BY s.published, s.article_id, s.idx", params)
            )
            return
        for chunk in _chunks(list(article_ids), 500):
            chunk_sql = f"{sql} AND s.article_id IN ({','.join('?' * len(chunk))})"
            yield from (_sentence(row) for row in self.db.execute(chunk_sql, [*params, *chunk]))


def _row(row: SentenceRow) -> tuple:
    return (
        row.article_id,
        row.idx,
        row.start,
        row.end,
        row.published.isoformat(),
        row.publisher,
        " ".join(day.isoformat() for day in row.days),
        " ".join(day.isoformat() for day in row.explicit),
        row.event,
        int(row.fits),
        row.text,
    )


@lru_cache(maxsize=65536)  # the same few hundred days recur on thousands of rows
def _days(text: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(day) for day in text.split())


def _sentence(row: tuple) -> SentenceRow:
    article_id, idx, start, end, published, publisher, days, explicit, event, fits, text = row
    return SentenceRow(
        article_id,
        idx,
        start,
        end,
        _days(published)[0],
        publisher,
        _days(days),
        _days(explicit),
        float(event),
        bool(fits),
        text,
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for first in range(0, len(items), size):
        yield items[first : first + size]
