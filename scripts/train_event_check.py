"""Train the coder's learned check of each lexicon candidate (``storyline/models/event-types/check.json``).

    PYTHONPATH=$PWD .venv/bin/python scripts/train_event_check.py   # rebuild check.json, print CV figures

Every hand-labelled real-news sentence (``training-labels.jsonl``, ``training-labels-hard.jsonl`` and
``labels-not-trained.jsonl`` in ``storyline/models/event-types``) goes through the real enrichment and coder
with the check switched off; each unnegated lexicon candidate is "right" when its type is among the
sentence's labelled types. Its features (``classifier.check_features``) read P(NONE) from the type model
*held out*: out-of-fold rows of the type model's own cross-validation for the sentences it trains on (the
same folds as ``train_event_classifier.py``), the shipped model's rows for ``labels-not-trained.jsonl``.

A logistic regression (balanced classes, C = 1) is cross-validated in 5 folds grouped by article; the cut on
P(right) maximises held-out Youden's J (right kept minus wrong kept); the shipped weights are fitted on all
candidates. Deterministic: the same data gives the same file.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_event_classifier as tec  # noqa: E402

from storyline.events import classifier as clf  # noqa: E402
from storyline.records import Article, Event  # noqa: E402

NOT_TRAINED = tec.LABELS.with_name("labels-not-trained.jsonl")
OUTPUT = tec.OUTPUT / "check.json"
C = 1.0
FOLDS = 5


def held_out_rows(data: Path) -> tuple[list[tec.Example], dict[str, np.ndarray]]:
    """The labelled sentences and, per sentence text, a type-model row that did not see the sentence."""
    trained = tec.labelled_examples(data) + tec.labelled_examples(data, tec.HARD_LABELS)
    extra = tec.labelled_examples(data, NOT_TRAINED)
    examples = tec.ngec_examples(data) + trained
    model = clf.load_model()
    probs = clf.softmax(tec.cross_validate(examples, (tec.EMBEDDING_WEIGHT, True)) / model.temperature)
    rows = {e.text: probs[i] for i, e in enumerate(examples) if e.origin == "labelled"}
    for example, row in zip(extra, clf.probabilities([e.text for e in extra], model), strict=True):
        rows.setdefault(example.text, row)
    return trained + extra, rows


def candidates(examples: list[tec.Example]) -> list[list[Event]]:
    """Each sentence's lexicon candidates as the coder has them just before the check (word senses applied)."""
    from storyline.enrich import load_nlp
    from storyline.enrich.annotate import enrich_doc
    from storyline.enrich.gazetteer import gazetteer
    from storyline.events import code_events
    from storyline.events.coder import STAGE
    from storyline.settings import Settings

    settings, checked = Settings.load(), clf.keep
    clf.keep = lambda *_: True  # the check off: every candidate the senses leave
    try:
        nlp, places = load_nlp(settings), gazetteer()
        found = []
        for index, (doc, example) in enumerate(zip(nlp.pipe(e.text for e in examples), examples, strict=True)):
            article = _article(f"label-{index}", example.text)
            events = code_events(article, enrich_doc(doc, article, places=places), settings=settings, docs=doc)
            found.append([e for e in events if e.stage == STAGE and e.modality != "negated"])
        return found
    finally:
        clf.keep = checked


def _article(key: str, text: str) -> Article:
    return Article(
        id=key, source="labels", format="labels", title="", text=text, url="", canonical_url="",
        published=datetime(2000, 1, 1, tzinfo=UTC), date_precision="day", language="en", language_score=1.0,
        author="", content_hash="", raw_sha="",
    )


def fit(x: np.ndarray, y: np.ndarray) -> object:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(x, y)


def kept_shares(probability: np.ndarray, y: np.ndarray, cut: float) -> dict:
    kept = probability >= cut
    return {"cut": cut, "right_kept": f"{int((kept & y).sum())}/{int(y.sum())}",
            "wrong_kept": f"{int((kept & ~y).sum())}/{int((~y).sum())}",
            "precision": round(float((kept & y).sum() / max(kept.sum(), 1)), 4),
            "recall": round(float((kept & y).sum() / max(y.sum(), 1)), 4)}


def main() -> None:
    from sklearn.model_selection import GroupKFold

    examples, rows = held_out_rows(tec.shared_data())
    classes = clf.load_model().classes
    x, y, groups = [], [], []
    for example, events in zip(examples, candidates(examples), strict=True):
        for event in events:
            x.append(clf.check_features(event, rows[example.text], classes))
            y.append(event.type in example.types)
            groups.append(example.group)  # the source article (a Kremlin row is one release)
    features, right = np.array(x), np.array(y)
    held_out = np.zeros(len(right))
    for train, test in GroupKFold(n_splits=FOLDS).split(features, right, groups=groups):
        held_out[test] = fit(features[train], right[train]).predict_proba(features[test])[:, 1]
    grid = np.round(np.arange(0.2, 0.81, 0.02), 2)
    cut = float(max(grid, key=lambda c: (held_out[right] >= c).mean() - (held_out[~right] >= c).mean()))
    model = fit(features, right)
    none = np.exp(features[:, 0])
    report = {
        "candidates": len(right), "right": int(right.sum()), "articles": len(set(groups)),
        "held_out": kept_shares(held_out, right, cut),
        "old_sentence_gate_82": kept_shares((none < 0.82).astype(float), right, 0.5),
        "no_check": kept_shares(np.ones(len(right)), right, 0.5),
    }
    OUTPUT.write_text(json.dumps({
        "features": list(clf.CHECK_FEATURES),
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "cut": cut, "C": C, "method": f"{FOLDS}-fold CV grouped by article", **report,
    }, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
