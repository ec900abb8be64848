"""The learned PLOVER type classifier: sentences → zero, one or several event types with a probability.

A softmax over the 16 PLOVER types plus ``NONE`` ("no political event"), on two views of the sentence:
the static MiniLM embedding (``storyline.embed``, meaning from the whole sentence, so "strikes" near
"missiles" and "strikes" near "teachers" land apart) and hashed word uni/bigrams (the exact words,
"called for", "backed by"). Probabilities are temperature-scaled on held-out folds. A type is returned when
its probability reaches the trained threshold; NONE is never returned, an empty list means no event.

The weights (``storyline/models/event-types/model.npz``) and their metadata (``meta.json``) are built by
``scripts/train_event_classifier.py``; they are loaded once per process, offline, with numpy only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from storyline.embed import embed_texts
from storyline.errors import ModelError

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "event-types"
NONE = "NONE"
HASH_FEATURES = 2**16
NGRAMS = (1, 2)


@dataclass(frozen=True)
class TypeModel:
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, features) float32
    intercept: np.ndarray  # (classes,)
    temperature: float
    threshold: float
    embedding_weight: float


def features(sentences: Sequence[str], *, embedding_weight: float) -> object:
    """Sparse rows: the scaled static embedding, then hashed word uni/bigrams (binary, L2-normalised)."""
    from scipy import sparse

    dense = embed_texts(list(sentences), method="static") * embedding_weight
    return sparse.hstack([sparse.csr_matrix(dense), _hasher().transform(sentences)], format="csr")


@cache
def _hasher() -> object:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=HASH_FEATURES, ngram_range=NGRAMS, alternate_sign=False, binary=True,
                             norm="l2", lowercase=True)


def model_available(folder: Path = MODEL_DIR) -> bool:
    return (folder / "model.npz").is_file() and (folder / "meta.json").is_file()


@cache
def load_model(folder: Path = MODEL_DIR) -> TypeModel:
    if not model_available(folder):
        raise ModelError("E303", str(folder), hint="build it: scripts/train_event_classifier.py")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    with np.load(folder / "model.npz") as weights:
        coef, intercept = weights["coef"].astype(np.float32), weights["intercept"].astype(np.float32)
    return TypeModel(tuple(meta["classes"]), coef, intercept, float(meta["temperature"]),
                     float(meta["threshold"]), float(meta["embedding_weight"]))


def probabilities(sentences: Sequence[str], model: TypeModel | None = None) -> np.ndarray:
    """(sentences, classes) calibrated probabilities, rows summing to 1; classes in ``model.classes``."""
    model = model or load_model()
    if not sentences:
        return np.zeros((0, len(model.classes)), dtype=np.float32)
    logits = features(sentences, embedding_weight=model.embedding_weight) @ model.coef.T + model.intercept
    return softmax(np.asarray(logits) / model.temperature)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def predict(sentences: Sequence[str], *, threshold: float | None = None) -> list[list[tuple[str, float]]]:
    """Per sentence, the PLOVER types at or above the threshold, most probable first; [] = no event."""
    model = load_model()
    cut = model.threshold if threshold is None else threshold
    return [decide(row, model.classes, cut) for row in probabilities(sentences, model)]


def decide(row: np.ndarray, classes: Sequence[str], threshold: float) -> list[tuple[str, float]]:
    pairs = zip(classes, row, strict=True)
    found = [(kind, round(float(p), 4)) for kind, p in pairs if kind != NONE and p >= threshold]
    return sorted(found, key=lambda pair: -pair[1])
