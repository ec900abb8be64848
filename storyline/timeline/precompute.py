"""The ingest side of timelines: each article's sentences with the features a timeline needs, computed once.

``sentence_rows`` turns an article (with its enrichment and events, when there) into the rows that
``storyline.store.timeline`` keeps; ``units_from_rows`` turns rows back into the ``Unit`` records that date
and sentence selection work on, so a request reads rows and never re-splits or re-resolves a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from storyline.progress import NO_PROGRESS, Progress
from storyline.records import Article, Enrichment
from storyline.store.timeline import SentenceRow
from storyline.timeline.summarize import SentenceWeights, fits
from storyline.timeline.units import Unit, article_publisher, article_units

STAGE = "timeline.sentences.v1"


def sentence_rows(article: Article, *, enrichment: Enrichment | None = None) -> list[SentenceRow]:
    """The rows of one article (none for an undated one: it cannot anchor a date)."""
    weights = SentenceWeights()
    units = article_units(article, enrichment=enrichment, publisher=article_publisher(article))
    return [
        SentenceRow(article_id=unit.article_id, idx=unit.index, start=unit.start, end=unit.end,
                    published=unit.published, publisher=unit.publisher, days=unit.dates, explicit=unit.explicit,
                    event=unit.event, fits=fits(unit, weights=weights), text=unit.text)
        for unit in units
    ]  # fmt: skip


def units_from_rows(rows: Iterable[SentenceRow], *, keywords: re.Pattern[str] | None = None) -> list[Unit]:
    """Units of the articles with a keyword in any row (every article without keywords), in row order."""
    by_article: dict[str, list[SentenceRow]] = {}
    for row in rows:
        by_article.setdefault(row.article_id, []).append(row)
    units: list[Unit] = []
    for article_rows in by_article.values():
        found = [keywords is None or bool(keywords.search(row.text)) for row in article_rows]
        if not any(found):
            continue
        units += [
            Unit(article_id=row.article_id, index=row.idx, start=row.start, end=row.end, text=row.text,
                 published=row.published, dates=row.days, explicit=row.explicit, keyword=keyword,
                 publisher=row.publisher, event=row.event, fits=row.fits)
            for row, keyword in zip(article_rows, found, strict=True)
        ]  # fmt: skip
    return units


def precompute_owed(store: Any, *, batch_size: int = 200, progress: Progress = NO_PROGRESS) -> set[str]:
    """Compute and store the rows of every original that owes them (new, or enriched since); their ids."""
    owed = store.articles_owing_timeline()
    if not owed:
        return set()
    progress.stage("timelines", len(owed))
    for first in range(0, len(owed), batch_size):
        chunk = owed[first : first + batch_size]
        with store.transaction():  # one commit per batch: a kill loses at most one batch
            for article in store.iter_articles(ids=chunk):
                enrichment = store.enrichment_with_events(article.id)
                store.put_timeline_sentences(
                    article.id,
                    sentence_rows(article, enrichment=enrichment),
                    enriched=enrichment is not None,
                    stage=STAGE,
                )
        progress.advance(len(chunk))
    progress.done()
    return set(owed)
