"""Sentence units: every sentence of the input articles with its article, publication day and the days
it refers to. Built once per collection; date and sentence selection work on these.

With an ``Enrichment`` the enriched sentences and resolved times are used; without one, the light
splitter and resolver of this package (same conventions) stand in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from storyline.publisher import publisher as publisher_of
from storyline.records import Article, Enrichment
from storyline.timeline.dates import resolve_dates
from storyline.timeline.eventness import event_likeness
from storyline.timeline.text import sentence_spans


@dataclass(frozen=True)
class Unit:
    """One sentence: ``article.text[start:end] == text``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    published: date
    dates: tuple[date, ...]  # the days it refers to, in text order
    explicit: tuple[date, ...]  # those of them written as calendar dates ("12 January"), not "Tuesday"
    keyword: bool  # mentions a keyword (always True without keywords)
    publisher: str = ""  # who published the article: independent sources are distinct publishers
    event: float = 0.0  # 1: the evidence of a coded event that happened; else how much it reads as one (0..1)
    fits: bool | None = None  # may stand alone as a timeline line (None: not known yet, ``summarize.fits`` tells)


def article_units(
    article: Article,
    *,
    enrichment: Enrichment | None = None,
    keywords: re.Pattern[str] | None = None,
    publisher: str = "",
) -> list[Unit]:
    """The units of one article; none for an undated article (it cannot anchor a date)."""
    if article.published is None:
        return []
    published = article.published.date()
    spans = _spans(article, enrichment=enrichment)
    coded = _event_starts(enrichment)
    units = []
    for index, (start, end) in enumerate(spans):
        start = _after_dateline(article.text, start, end)
        text = article.text[start:end]
        units.append(Unit(
            article_id=article.id, index=index, start=start, end=end, text=text, published=published,
            **_dates(text, start, end, published=published, enrichment=enrichment),
            keyword=keywords is None or bool(keywords.search(text)), publisher=publisher,
            event=1.0 if {(article.id, start), (article.id, spans[index][0])} & coded else event_likeness(text),
        ))  # fmt: skip
    return units


def _event_starts(enrichment: Enrichment | None) -> set[tuple[str, int]]:
    """Sentences that are the evidence of a coded event that happened (not announced, denied or supposed)."""
    events = enrichment.events if enrichment is not None else ()
    return {(event.article_id, event.sentence_start) for event in events if not event.modality}


# "WASHINGTON | Tue Apr 21, 2009 10:19 pm BST WASHINGTON (Reuters) - " and the like: the place and agency
# that open a wire story are not part of its first sentence.
_DATELINE = re.compile(r"^[^\n]{0,160}?\((?:Reuters|AP|AFP|CNN|Bloomberg|UPI|dpa)\)\s*[-–—:]+\s*")


def _after_dateline(text: str, start: int, end: int) -> int:
    match = _DATELINE.match(text, start, end)
    return match.end() if match and match.end() < end else start


def _spans(article: Article, *, enrichment: Enrichment | None) -> list[tuple[int, int]]:
    if enrichment is not None and enrichment.sentences:
        return [(sentence.start, sentence.end) for sentence in enrichment.sentences]
    return list(sentence_spans(article.text))


def _dates(
    text: str, start: int, end: int, *, published: date, enrichment: Enrichment | None
) -> dict[str, tuple[date, ...]]:
    if enrichment is not None and enrichment.times:
        found = list(_enriched_days(enrichment, text=text, start=start, end=end))
    else:
        found = [(mention.value, mention.explicit) for mention in resolve_dates(text, published=published)]
    return {"dates": tuple(day for day, _ in found), "explicit": tuple(day for day, explicit in found if explicit)}


def _enriched_days(enrichment: Enrichment, *, text: str, start: int, end: int) -> Iterator[tuple[date, bool]]:
    """Day-level resolved times inside the sentence span (coarser ones say too little), and whether each
    is written as a calendar date."""
    for time in enrichment.times:
        if start <= time.start < end and time.granularity in {"day", "datetime"}:
            try:
                yield date.fromisoformat(time.value[:10]), bool(_CALENDAR.search(time.text))
            except ValueError:
                continue


_CALENDAR = re.compile(r"\d")  # "12 January", "2022-02-28": a written date has digits; "Tuesday" has none


def collection_units(
    articles: Iterable[Article],
    *,
    enrichments: Mapping[str, Enrichment] | None = None,
    keywords: re.Pattern[str] | None = None,
) -> list[Unit]:
    """Units of every article that mentions a keyword (all articles without keywords)."""
    enrichments = enrichments or {}
    units: list[Unit] = []
    for article in articles:
        if keywords is not None and not keywords.search(f"{article.title}\n{article.text}"):
            continue
        units.extend(
            article_units(
                article, enrichment=enrichments.get(article.id), keywords=keywords, publisher=article_publisher(article)
            )
        )
    return units


def article_publisher(article: Article) -> str:
    return publisher_of(
        url=article.url, canonical_url=article.canonical_url, source=article.source, format=article.format
    )
