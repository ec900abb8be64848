"""What happened on a date: pick sentences that are central to the day's sentences and not redundant.

Candidates for day ``d`` are keyword sentences that refer to ``d`` (written on or after it), and undated
keyword sentences of articles published on ``d``. Each is scored by cosine similarity (TF-IDF) to the
candidates' centroid, in which sentences naming the day weigh more, less a discount for length; selection
is greedy maximal marginal relevance, so a second sentence adds something new.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from storyline.timeline.text import word_count
from storyline.timeline.units import Unit


@dataclass(frozen=True)
class SentenceWeights:
    min_words: int = 5
    max_words: int = 50
    redundancy: float = 0.5  # MMR: how much similarity to a chosen sentence costs
    duplicate: float = 0.7  # a sentence this similar to a chosen one is never taken
    length: float = 0.2  # how strongly sentences longer than ``target_words`` are discounted
    target_words: int = 20  # a timeline line is short: about the length of a headline-plus
    undated: float = 0.7  # weight in the day's centroid of an undated sentence published that day (1: naming the day)
    event: float = 0.3  # how much an event report outranks rhetoric of equal centrality (``Unit.event``, 0..1)
    repeat: float = 0.7  # a line this similar to one given for another date repeats it and is not taken
    pool: int = 400  # MMR looks at this many of the most central candidates (bounds memory on huge days)


def candidates_by_day(units: Sequence[Unit], *, weights: SentenceWeights = SentenceWeights()) -> dict[date, list[int]]:
    """For each day, the indices of the units that may speak for it."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        if not unit.keyword or not (fits(unit, weights=weights) if unit.fits is None else unit.fits):
            continue
        for day in dict.fromkeys(unit.dates or (unit.published,)):
            # Written before the day, a sentence only announces or forecasts: it does not say what happened.
            if unit.published >= day:
                by_day[day].append(index)
    return dict(by_day)


def fits(unit: Unit, *, weights: SentenceWeights) -> bool:
    """Long enough to say something, short enough to be one fact, and a statement that stands alone."""
    text = unit.text
    if not weights.min_words <= word_count(text) <= weights.max_words:
        return False
    if text.endswith("?") or text.count('"') % 2 or not (text[0].isupper() or text[0].isdigit()):
        return False
    return not _FRAGMENT.search(text)


# A sentence that reads as page furniture or needs the sentence before it.
_FRAGMENT = re.compile(
    r"^(?:But|And|Or|So|This|That|These|Those|It|He|She|They)\b|https?://|\bclick\b|\bpictured\b|\bwrote:",
    re.IGNORECASE,
)


def length_discount(units: Sequence[Unit], *, weights: SentenceWeights = SentenceWeights()) -> np.ndarray:
    """Centroid similarity favours long sentences, but a summary line is judged on precision too; and a line
    says what happened, so a sentence that reads as an event report is discounted less than rhetoric."""
    words = np.array([max(word_count(unit.text), weights.target_words) for unit in units], dtype=float)
    events = np.array([unit.event for unit in units], dtype=float)
    return weights.length * np.log(words / weights.target_words) - weights.event * (events - 0.5)


def centroid_of(
    vectors: sparse.csr_matrix | np.ndarray,
    units: Sequence[Unit],
    day: date,
    *,
    weights: SentenceWeights = SentenceWeights(),
) -> np.ndarray:
    """What the day's candidates say, leaning on those that name the day: they are surely about it."""
    row_weights = np.array([1.0 if day in unit.dates else weights.undated for unit in units])
    weighted = sparse.diags(row_weights) @ vectors if sparse.issparse(vectors) else vectors * row_weights[:, None]
    return np.asarray(weighted.sum(axis=0)).ravel() / max(float(row_weights.sum()), 1e-9)


def pick_sentences(
    vectors: sparse.csr_matrix | np.ndarray,
    *,
    count: int,
    discount: np.ndarray | None = None,
    centroid: np.ndarray | None = None,
    weights: SentenceWeights = SentenceWeights(),
) -> list[int]:
    """Row indices of ``vectors`` (L2-normalized) to keep: central first, redundant never."""
    if vectors.shape[0] == 0 or count <= 0:
        return []
    if centroid is None:
        centroid = np.asarray(vectors.mean(axis=0)).ravel()
    relevance = np.asarray(vectors @ centroid).ravel()
    if discount is not None:
        relevance = relevance - discount * max(float(relevance.max()), 1e-9)
    pool = np.argsort(-relevance, kind="stable")[: weights.pool]
    similarity = vectors[pool] @ vectors[pool].T
    similarity = similarity.toarray() if sparse.issparse(similarity) else np.asarray(similarity)
    chosen: list[int] = []
    for _ in range(min(count, len(pool))):
        best = _best(relevance[pool], similarity, chosen, weights=weights)
        if best is None:
            break
        chosen.append(best)
    return [int(pool[row]) for row in chosen]


def _best(relevance: np.ndarray, similarity: np.ndarray, chosen: list[int], *, weights: SentenceWeights) -> int | None:
    penalty = similarity[:, chosen].max(axis=1) if chosen else np.zeros_like(relevance)
    score = relevance - weights.redundancy * penalty
    score[chosen] = -np.inf
    score[penalty > weights.duplicate] = -np.inf
    best = int(np.argmax(score))
    return None if not np.isfinite(score[best]) else best
