"""Evaluate timelines on a Timeline17-layout folder under the news-tls protocol, scored by tilse.

Protocol: every reference timeline on its own. The prediction gets as many dates as the reference,
its average sentences per date (rounded, at least 1), its first..last date as the range, all the
topic's sources pooled, and the topic's keywords (articles and sentences must mention one). Scores:
tilse's alignment ROUGE ("align_date_content_costs_many_to_one", AR-1 F and AR-2 F) with its
pure-Python ROUGE ("reimpl": stemmed, stop words removed), and date F1. Means are plain means over
reference timelines. Predicted sentences are PTB-tokenized like the references before scoring.

tilse and nltk are imported only here: they are evaluation dependencies, not run-time ones.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import mean
from typing import Any

from storyline.records import TimelineEntry
from storyline.timeline.build import DEFAULT_PARAMS, STAGE, Prepared, TimelineParams, prepare, select
from storyline.timeline.dataset import ReferenceTimeline, Topic, fingerprint, load_topic, topic_names

ROUGE_MODE = "reimpl"  # tilse's pure-Python ROUGE; "original" needs the Perl script and its Debian modules
METRIC = "align_date_content_costs_many_to_one"
_PTB_BRACKETS = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}


@dataclass(frozen=True)
class Score:
    topic: str
    reference: str
    ar1: float
    ar2: float
    date_f1: float
    seconds: float  # time to build this timeline from the prepared collection


def evaluate(
    root: Path,
    *,
    topics: Sequence[str] | None = None,
    params: TimelineParams = DEFAULT_PARAMS,
    progress: Callable[[Score], None] | None = None,
    oracle_dates: bool = False,
) -> list[Score]:
    """One score per reference timeline of each topic (``oracle_dates``: each given its reference's dates)."""
    scorer = Scorer()
    scores = []
    for name in topics or topic_names(root):
        topic = load_topic(root, name)
        prepared = prepare(topic.articles, keywords=topic.keywords, params=params)
        for reference in topic.references:
            score = evaluate_reference(
                prepared, topic, reference, scorer=scorer, params=params, oracle_dates=oracle_dates
            )
            scores.append(score)
            if progress:
                progress(score)
    return scores


def predict_for(
    prepared: Prepared, reference: ReferenceTimeline, *, params: TimelineParams, oracle_dates: bool = False
) -> list[TimelineEntry]:
    """The prediction the protocol asks for, given one reference timeline's shape. With ``oracle_dates`` it
    gets the reference's own dates: the score then measures sentence selection alone, and the gap to the
    normal score is what date selection costs."""
    dates = reference.dates
    return select(
        prepared, start=dates[0], end=dates[-1], max_dates=len(dates),
        sentences_per_date=reference.sentences_per_date, params=params, days=dates if oracle_dates else None,
    )  # fmt: skip


def evaluate_reference(
    prepared: Prepared,
    topic: Topic,
    reference: ReferenceTimeline,
    *,
    scorer: Scorer,
    params: TimelineParams,
    oracle_dates: bool = False,
) -> Score:
    started = time.perf_counter()
    predicted = predict_for(prepared, reference, params=params, oracle_dates=oracle_dates)
    seconds = time.perf_counter() - started
    ar1, ar2 = scorer.rouge(predicted, reference)
    return Score(topic.name, reference.name, ar1, ar2, date_f1(predicted, reference), seconds)


def date_f1(predicted: Sequence[TimelineEntry], reference: ReferenceTimeline) -> float:
    predicted_dates = {date.fromisoformat(entry.date) for entry in predicted}
    reference_dates = set(reference.dates)
    shared = len(predicted_dates & reference_dates)
    if not shared:
        return 0.0
    precision, recall = shared / len(predicted_dates), shared / len(reference_dates)
    return 2 * precision * recall / (precision + recall)


class Scorer:
    """tilse's alignment ROUGE, set up once (the stop-word list and stemmer load on construction)."""

    def __init__(self) -> None:
        from nltk.tokenize import TreebankWordTokenizer
        from tilse.evaluation.rouge import TimelineRougeEvaluator

        self.evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation=ROUGE_MODE)
        self.tokenizer = TreebankWordTokenizer()

    def rouge(self, predicted: Sequence[TimelineEntry], reference: ReferenceTimeline) -> tuple[float, float]:
        from tilse.data.timelines import GroundTruth
        from tilse.data.timelines import Timeline as TilseTimeline

        if not predicted:
            return 0.0, 0.0
        prediction = TilseTimeline({
            date.fromisoformat(entry.date): [self.tokenize(sentence) for sentence in entry.sentences]
            for entry in predicted
        })  # fmt: skip
        truth = GroundTruth([TilseTimeline({day: list(sentences) for day, sentences in reference.entries})])
        result: dict[str, Any] = self.evaluator.evaluate_align_date_content_costs_many_to_one(prediction, truth)
        return result["rouge_1"]["f_score"], result["rouge_2"]["f_score"]

    def tokenize(self, sentence: str) -> str:
        """PTB tokens joined by spaces, as in Timeline17's references (tilse splits on spaces)."""
        tokens = self.tokenizer.tokenize(sentence)
        return " ".join(_PTB_BRACKETS.get(token, token) for token in tokens)


def summarize(scores: Sequence[Score]) -> dict[str, dict[str, float]]:
    """Per-topic means and the overall mean (over reference timelines, not topics)."""
    table: dict[str, dict[str, float]] = {}
    for name in dict.fromkeys(score.topic for score in scores):
        table[name] = _means([score for score in scores if score.topic == name])
    table["mean"] = _means(scores)
    return table


def _means(scores: Sequence[Score]) -> dict[str, float]:
    return {
        "ar1": mean(score.ar1 for score in scores) if scores else 0.0,
        "ar2": mean(score.ar2 for score in scores) if scores else 0.0,
        "date_f1": mean(score.date_f1 for score in scores) if scores else 0.0,
        "timelines": float(len(scores)),
    }


def report(scores: Sequence[Score], *, seconds: float, root: Path | None = None) -> dict[str, Any]:
    """What ``eval timeline --out`` writes: settings of the protocol, per-topic and mean scores, each timeline."""
    names = list(dict.fromkeys(score.topic for score in scores))
    return {
        "stage": STAGE,
        "data_sha256": fingerprint(root, names) if root else "",
        "protocol": "news-tls: one prediction per reference timeline (its dates, sentences per date, range)",
        "metric": METRIC,
        "rouge": ROUGE_MODE,
        "topics": summarize(scores),
        "timelines": [vars(score) for score in scores],
        "seconds": round(seconds, 1),
    }
