"""Timeline quality on Timeline17 dev topics (../shared/data/tls/t17-dev), against pinned scores.

The pinned scores in quality/timeline.json may not go down without the file saying so; the full run is
slow-marked, a small topic runs in the fast suite. Scores are deterministic for the same data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.timeline.dataset import fingerprint, load_topic
from storyline.timeline.datescore import LEARNT_WEIGHTS
from storyline.timeline.evaluate import evaluate, summarize

PIN = json.loads((Path(__file__).resolve().parents[1] / "quality" / "timeline.json").read_text())


@pytest.fixture
def t17(shared_data) -> Path:
    return shared_data("tls", "t17-dev")


def _check(row: dict[str, float], pinned: dict[str, float]) -> None:
    for metric in ("ar1", "ar2", "date_f1"):
        assert row[metric] >= pinned[metric] - PIN["tolerance"], (metric, row[metric], pinned[metric])


def test_reading_a_topic_detokenizes_and_parses_references(t17: Path) -> None:
    topic = load_topic(t17, "haiti")
    assert topic.keywords == ("haiti", "quake", "earthquake")
    assert len(topic.articles) > 250 and all(article.published for article in topic.articles)
    assert not any("-LRB-" in article.text or " 's " in article.text for article in topic.articles)
    (reference,) = topic.references
    assert len(reference.dates) == 11 and reference.sentences_per_date == 8
    assert str(reference.dates[0]) == "2010-01-12"


@pytest.mark.parametrize("topic", ["haiti", "mj"])
def test_small_topics_keep_their_pinned_scores(t17: Path, topic: str) -> None:
    row = summarize(evaluate(t17, topics=[topic]))[topic]
    _check(row, PIN["scores"][topic])


@pytest.mark.slow
def test_all_dev_topics_keep_their_scores_and_beat_datewise(t17: Path) -> None:
    assert fingerprint(t17) == PIN["data_sha256"], "the data changed: rerun the evaluation and re-pin"
    table = summarize(evaluate(t17))
    for name, pinned in PIN["scores"].items():
        _check(table[name], pinned)
    datewise = PIN["baselines"]["datewise_rerun_here"]
    assert all(table["mean"][metric] > datewise[metric] for metric in ("ar1", "ar2", "date_f1"))


@pytest.mark.slow
def test_pinned_date_weights_are_the_ones_learnt_from_the_data(t17: Path) -> None:
    from storyline.timeline.build import prepare
    from storyline.timeline.dataset import topic_names
    from storyline.timeline.learn import fit_weights, topic_examples

    examples = []
    for name in topic_names(t17):
        topic = load_topic(t17, name)
        examples.append(topic_examples(topic, prepare(topic.articles, keywords=topic.keywords)))
    assert fit_weights(examples) == pytest.approx(LEARNT_WEIGHTS, abs=0.002)


@pytest.mark.slow
def test_held_out_topics_still_beat_datewise(t17: Path) -> None:
    """The honest figure for unseen topics: each topic scored with date weights learnt without it."""
    from storyline.timeline.learn import leave_one_topic_out

    mean = leave_one_topic_out(t17)["mean"]
    _check(mean, PIN["leave_one_topic_out"])
    datewise = PIN["baselines"]["datewise_rerun_here"]
    assert all(mean[metric] > datewise[metric] for metric in ("ar1", "ar2", "date_f1"))


def test_reference_dates_split_the_score_between_date_and_sentence_selection(t17: Path) -> None:
    """With mj's reference dates given, only sentence selection is scored: it keeps its pinned figure, finds
    (nearly) every reference day, and scores above the full system, whose dates are its own."""
    row = summarize(evaluate(t17, topics=["mj"], oracle_dates=True))["mj"]
    _check(row, PIN["oracle_dates"]["scores"]["mj"])
    assert row["date_f1"] > 0.9 and row["ar1"] > PIN["scores"]["mj"]["ar1"]


@pytest.mark.slow
def test_reference_dates_score_of_all_dev_topics(t17: Path) -> None:
    from storyline.timeline.learn import leave_one_topic_out

    mean = leave_one_topic_out(t17, oracle_dates=True)["mean"]
    _check(mean, PIN["oracle_dates"]["scores"]["mean"])
