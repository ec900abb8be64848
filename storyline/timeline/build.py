"""Build a timeline from articles: prepare the collection once, then select dates and sentences.

``prepare`` does the per-collection work (sentences, resolved dates, date signals, TF-IDF); ``select``
answers one request (range, number of dates, sentences per date) from it, so an evaluation can ask
for many timelines of one collection cheaply. ``build_timeline`` is both in one call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from storyline.records import Article, Enrichment, Source, TimelineEntry, as_dict
from storyline.timeline.datescore import DateSignals, DateWeights, date_signals, score_dates
from storyline.timeline.summarize import (
    SentenceWeights,
    candidates_by_day,
    centroid_of,
    length_discount,
    pick_sentences,
)
from storyline.timeline.text import keyword_pattern
from storyline.timeline.units import Unit, collection_units

STAGE = "timeline.datewise.v2"  # v2: event reports over rhetoric, days by event reports and their publishers


@dataclass(frozen=True)
class TimelineParams:
    dates: DateWeights = field(default_factory=DateWeights)
    sentences: SentenceWeights = field(default_factory=SentenceWeights)


DEFAULT_PARAMS = TimelineParams()
MAX_EVENTS = 5  # per entry: the day's events in the chosen sentences first


@dataclass(frozen=True)
class Prepared:
    """A collection ready for timeline requests."""

    articles: Mapping[str, Article]
    enrichments: Mapping[str, Enrichment]
    units: Sequence[Unit]
    signals: DateSignals
    candidates: Mapping[date, list[int]]
    vectors: sparse.csr_matrix | None  # one L2-normalized TF-IDF row per unit; None: fitted per request


def prepare(
    articles: Iterable[Article],
    *,
    enrichments: Mapping[str, Enrichment] | None = None,
    keywords: Sequence[str] = (),
    params: TimelineParams = DEFAULT_PARAMS,
) -> Prepared:
    by_id = {article.id: article for article in articles}
    enrichments = enrichments or {}
    units = collection_units(by_id.values(), enrichments=enrichments, keywords=keyword_pattern(keywords))
    return Prepared(
        articles=by_id, enrichments=enrichments, units=units, signals=date_signals(units),
        candidates=candidates_by_day(units, weights=params.sentences), vectors=_tfidf(units),
    )  # fmt: skip


def prepare_units(
    units: Sequence[Unit],
    *,
    articles: Mapping[str, Article] | None = None,
    enrichments: Mapping[str, Enrichment] | None = None,
    params: TimelineParams = DEFAULT_PARAMS,
) -> Prepared:
    """A collection from stored sentence units (``storyline.timeline.precompute``): nothing is re-split or
    re-resolved, and TF-IDF is fitted per request on the candidates of the best days only, so a request
    costs what its dates cost, not what the whole collection does."""
    return Prepared(
        articles={} if articles is None else articles, enrichments={} if enrichments is None else enrichments,
        units=units, signals=date_signals(units),
        candidates=candidates_by_day(units, weights=params.sentences), vectors=None,
    )  # fmt: skip


class _Vectors:
    """TF-IDF rows of the units the request may pick (the candidates of its best days), fitted once."""

    def __init__(self, prepared: Prepared, days: Sequence[date]) -> None:
        self.full = prepared.vectors
        if self.full is None:
            indices = sorted({index for day in days for index in prepared.candidates.get(day, [])})
            self.row = {index: row for row, index in enumerate(indices)}
            self.matrix = _tfidf([prepared.units[index] for index in indices])

    def __getitem__(self, indices: Sequence[int]) -> sparse.csr_matrix:
        if self.full is not None:
            return self.full[indices]
        return self.matrix[[self.row[index] for index in indices]]


def _tfidf(units: Sequence[Unit], *, keywords: Sequence[str] = (), ngrams: int = 1) -> sparse.csr_matrix:
    if not units:
        return sparse.csr_matrix((0, 1))
    stop_words = sorted(ENGLISH_STOP_WORDS | {word.lower() for keyword in keywords for word in keyword.split()})
    vectorizer = TfidfVectorizer(stop_words=stop_words, sublinear_tf=True, ngram_range=(1, ngrams), dtype=np.float64)
    try:
        return vectorizer.fit_transform([unit.text for unit in units]).tocsr()
    except ValueError:  # only stop words: no vocabulary
        return sparse.csr_matrix((len(units), 1))


def select(
    prepared: Prepared,
    *,
    start: date | None = None,
    end: date | None = None,
    max_dates: int = 10,
    sentences_per_date: int = 2,
    params: TimelineParams = DEFAULT_PARAMS,
) -> list[TimelineEntry]:
    """The timeline: up to ``max_dates`` entries sorted by date, each with its sentences and sources."""
    scores = score_dates(prepared.signals, start=start, end=end, weights=params.dates)
    ranked = [day for day in sorted(scores, key=lambda day: (-scores[day], day)) if prepared.candidates.get(day)]
    vectors = _Vectors(prepared, ranked[: max_dates * 3])
    entries: list[TimelineEntry] = []
    used: list[int] = []  # a line said for one date is not repeated (nor nearly) for another
    for position, day in enumerate(ranked):
        if len(entries) >= max_dates:
            break
        if position == max_dates * 3:  # rarely reached: the best days gave too few entries
            vectors = _Vectors(prepared, ranked)
        entry, picked = _entry(prepared, day, count=sentences_per_date, params=params, used=used, vectors=vectors)
        if entry is not None:
            entries.append(entry)
            used += picked
    return sorted(entries, key=lambda entry: entry.date)


def _entry(
    prepared: Prepared,
    day: date,
    *,
    count: int,
    params: TimelineParams,
    vectors: _Vectors,
    used: Sequence[int] = (),
) -> tuple[TimelineEntry | None, list[int]]:
    indices = _unrepeated(prepared, prepared.candidates.get(day, []), used, vectors, params=params)
    if not indices:
        return None, []
    candidates = [prepared.units[index] for index in indices]
    matrix = vectors[indices]
    centroid = centroid_of(matrix, candidates, day, weights=params.sentences)
    discount = length_discount(candidates, weights=params.sentences)
    picked = pick_sentences(matrix, count=count, discount=discount, centroid=centroid, weights=params.sentences)
    if not picked:
        return None, []
    units = [prepared.units[indices[row]] for row in picked]
    entry = TimelineEntry(
        date=day.isoformat(),
        sentences=tuple(unit.text for unit in units),
        sources=tuple(_sources(prepared, units)),
        events=tuple(_events(prepared, units, day=day)),
    )
    return entry, [indices[row] for row in picked]


def _unrepeated(
    prepared: Prepared, indices: Sequence[int], used: Sequence[int], vectors: _Vectors, *, params: TimelineParams
) -> list[int]:
    """The candidates that repeat no line of another date, word for word or nearly."""
    said = {prepared.units[index].text for index in used}
    kept = [index for index in indices if prepared.units[index].text not in said]
    if not kept or not used:
        return kept
    similarity = (vectors[kept] @ vectors[list(used)].T).toarray().max(axis=1)
    return [index for index, value in zip(kept, similarity, strict=True) if value <= params.sentences.repeat]


def _sources(prepared: Prepared, units: Sequence[Unit]) -> list[Source]:
    sources = {}
    for unit in units:
        article = prepared.articles[unit.article_id]
        published = article.published.isoformat() if article.published else ""
        sources[article.id] = Source(article.id, article.url, article.title, published)
    return list(sources.values())


def _events(prepared: Prepared, units: Sequence[Unit], *, day: date, limit: int = MAX_EVENTS) -> list[dict]:
    """Events of the day coded in the chosen sentences' articles (when events were extracted): those whose
    evidence is a chosen sentence first, then by confidence."""
    chosen = {(unit.article_id, unit.start) for unit in units}
    found = []
    for article_id in dict.fromkeys(unit.article_id for unit in units):
        enrichment = prepared.enrichments.get(article_id)
        found += [event for event in (enrichment.events if enrichment else ()) if event.date[:10] == day.isoformat()]
    found.sort(key=lambda event: ((event.article_id, event.sentence_start) not in chosen, -event.confidence))
    return [as_dict(event) for event in found[:limit]]


def build_timeline(
    articles: Iterable[Article],
    *,
    enrichments: Mapping[str, Enrichment] | None = None,
    keywords: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
    max_dates: int = 10,
    sentences_per_date: int = 2,
    params: TimelineParams = DEFAULT_PARAMS,
) -> list[TimelineEntry]:
    """Articles (and their enrichments) in, a dated, sourced timeline out."""
    prepared = prepare(articles, enrichments=enrichments, keywords=keywords, params=params)
    return select(
        prepared, start=start, end=end, max_dates=max_dates, sentences_per_date=sentences_per_date, params=params
    )
