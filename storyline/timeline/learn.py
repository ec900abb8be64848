"""Learn the date scorer's weights from Timeline17-layout topics (a logistic regression, as Datewise does).

A day in a topic's reference range is a positive when any reference timeline of the topic has it.
The learnt weights are pinned in ``datescore.LEARNT_WEIGHTS``; reference timelines are never read at
prediction time. ``python -m storyline.timeline.learn DIR`` prints the weights and a leave-one-topic-out
estimate of how they generalize.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from storyline.timeline.build import DEFAULT_PARAMS, Prepared, TimelineParams, prepare
from storyline.timeline.dataset import Topic, load_topic, topic_names
from storyline.timeline.datescore import FEATURES, DateWeights, date_features

REGULARIZATION = 0.1  # sklearn's C: strong, as five topics are few


def topic_examples(topic: Topic, prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every day with a signal inside the topic's reference range."""
    positives = {day for reference in topic.references for day in reference.dates}
    first = min(reference.dates[0] for reference in topic.references)
    last = max(reference.dates[-1] for reference in topic.references)
    counts = prepared.signals.counts
    days = sorted(day for day in set(counts["mentions"]) | set(counts["published"]) if first <= day <= last)
    features = np.array([date_features(prepared.signals, day) for day in days]).reshape(-1, len(FEATURES))
    return features, np.array([day in positives for day in days])


def fit_weights(examples: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[float, ...]:
    from sklearn.linear_model import LogisticRegression

    features = np.vstack([x for x, _ in examples])
    labels = np.concatenate([y for _, y in examples])
    model = LogisticRegression(C=REGULARIZATION, class_weight="balanced", max_iter=5000).fit(features, labels)
    return tuple(round(float(weight), 3) for weight in model.coef_[0])


def leave_one_topic_out(
    root: Path, *, topics: Sequence[str] | None = None, params: TimelineParams = DEFAULT_PARAMS
) -> dict[str, dict[str, float]]:
    """Scores when each topic's timelines are built with weights learnt on the other topics only (every topic
    of ``root`` is learnt from; ``topics`` only limits which are scored)."""
    from storyline.timeline.evaluate import Scorer, evaluate_reference, summarize

    names = topic_names(root)
    scored = set(topics or names)
    loaded = [load_topic(root, name) for name in names]
    prepared = [prepare(topic.articles, keywords=topic.keywords, params=params) for topic in loaded]
    examples = [topic_examples(topic, ready) for topic, ready in zip(loaded, prepared, strict=True)]
    scorer, scores = Scorer(), []
    for held_out, (topic, ready) in enumerate(zip(loaded, prepared, strict=True)):
        if topic.name not in scored:
            continue
        weights = fit_weights([example for index, example in enumerate(examples) if index != held_out])
        held_params = replace(params, dates=DateWeights(weights))
        scores += [evaluate_reference(ready, topic, reference, scorer=scorer, params=held_params)
                   for reference in topic.references]  # fmt: skip
    return summarize(scores)


def main(root: Path) -> None:
    examples = []
    for name in topic_names(root):
        topic = load_topic(root, name)
        examples.append(topic_examples(topic, prepare(topic.articles, keywords=topic.keywords)))
    print("weights learnt on all topics:", fit_weights(examples))
    for name, row in leave_one_topic_out(root).items():
        scores = f"AR-1 {row['ar1']:.4f}  AR-2 {row['ar2']:.4f}  Date-F1 {row['date_f1']:.4f}"
        print(f"leave-one-topic-out {name:8s} {scores}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
