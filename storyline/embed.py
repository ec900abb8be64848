"""Text embeddings: the static model distilled from all-MiniLM-L6-v2, or TF-IDF as a fallback.

The static model (``storyline/models/minilm-distilled``, built by ``scripts/distill_embeddings.py``) is a
model2vec lookup table: no torch, tens of thousands of sentences a second on one core. It is loaded from
the package folder only; the hub is never asked (``HF_HUB_OFFLINE`` is set before loading).

The TF-IDF fallback hashes words into a fixed number of columns, so vectors from different calls share
one space; its IDF weights are learnt from the texts of the call itself. It needs no model files.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import ModelError

MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm-distilled"
MODEL_FILES = ("model.safetensors", "tokenizer.json", "config.json")
METHODS = ("static", "tfidf", "auto")
TFIDF_COLUMNS = 2**14
MAX_CHARS = 4000  # the lead of an article says what it is about; the tail adds noise and time


def embed_texts(texts: Sequence[str], *, method: str = "static") -> np.ndarray:
    """One L2-normalised float32 row per text. ``method``: static | tfidf | auto (static when installed)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if method == "auto":
        method = "static" if model_available() else "tfidf"
    clipped = [text[:MAX_CHARS] for text in texts]
    if not clipped:
        return np.zeros((0, dimensions(method)), dtype=np.float32)
    vectors = _static(clipped) if method == "static" else _tfidf(clipped)
    return _normalise(vectors)


def dimensions(method: str = "static") -> int:
    return load_static_model().dim if method == "static" else TFIDF_COLUMNS


def model_available(folder: Path = MODEL_DIR) -> bool:
    return all((folder / name).is_file() for name in MODEL_FILES)


@lru_cache(maxsize=2)
def load_static_model(folder: Path = MODEL_DIR) -> Any:
    """The model2vec StaticModel from a local folder; ModelError when its files are missing."""
    if not model_available(folder):
        raise ModelError("E303", str(folder), hint="build it: see scripts/distill_embeddings.py")
    os.environ["HF_HUB_OFFLINE"] = "1"  # a local folder never needs the hub; make sure nothing tries
    import tqdm
    from model2vec import StaticModel

    # encode() wraps its batches in tqdm, whose monitor thread would make the enrichment pool fall back from
    # fork to spawn (forking is only safe with one thread); no progress bar is shown here, so no monitor
    tqdm.tqdm.monitor_interval = 0

    return StaticModel.from_pretrained(folder, normalize=True)


def _static(texts: list[str]) -> np.ndarray:
    # multiprocessing would fork per call; batches here are small and the lookup is fast on one core
    return load_static_model().encode(texts, use_multiprocessing=False).astype(np.float32, copy=False)


def _tfidf(texts: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    hasher = HashingVectorizer(
        n_features=TFIDF_COLUMNS, alternate_sign=False, norm=None, stop_words="english", lowercase=True
    )
    counts = hasher.transform(texts)
    weighted = TfidfTransformer(sublinear_tf=True, norm=None).fit_transform(counts)
    return weighted.toarray().astype(np.float32)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
