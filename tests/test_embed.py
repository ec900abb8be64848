"""The static embedding model (distilled from all-MiniLM-L6-v2) and the TF-IDF fallback."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from storyline.embed import MODEL_DIR, TFIDF_COLUMNS, dimensions, embed_texts, load_static_model, model_available
from storyline.errors import ModelError

TALKS = "Russian and Ukrainian delegations met for peace talks at the Belarus border."
TALKS_AGAIN = "Negotiators from Kyiv and Moscow began their first round of negotiations near Belarus."
SPILL = "Oil from the BP well kept leaking into the Gulf of Mexico, threatening Louisiana's beaches."


def test_the_model_ships_with_the_package() -> None:
    assert model_available()
    size = sum(path.stat().st_size for path in MODEL_DIR.iterdir())
    assert 5e6 < size < 30e6


@pytest.mark.parametrize("method", ["static", "tfidf"])
def test_rows_are_unit_float32(method: str) -> None:
    vectors = embed_texts([TALKS, TALKS_AGAIN, SPILL], method=method)
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, dimensions(method))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_static_dimensions_are_the_distilled_ones() -> None:
    assert dimensions("static") == 256 and dimensions("tfidf") == TFIDF_COLUMNS


def test_same_event_is_closer_than_another_story() -> None:
    talks, again, spill = embed_texts([TALKS, TALKS_AGAIN, SPILL])
    assert float(talks @ again) > float(talks @ spill) + 0.1


def test_static_embeddings_do_not_depend_on_the_batch() -> None:
    alone = embed_texts([SPILL])[0]
    together = embed_texts([TALKS, SPILL])[1]
    assert np.allclose(alone, together, atol=1e-6)


def test_no_text_gives_no_rows() -> None:
    assert embed_texts([]).shape == (0, 256)


def test_an_empty_text_gives_a_zero_row_not_nan() -> None:
    vectors = embed_texts(["", SPILL], method="tfidf")
    assert not np.isnan(vectors).any()
    assert float(np.linalg.norm(vectors[0])) == 0.0


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError):
        embed_texts([TALKS], method="bert")


def test_a_missing_model_folder_is_a_model_error(tmp_path) -> None:
    with pytest.raises(ModelError) as error:
        load_static_model(tmp_path)
    assert "distill_embeddings" in str(error.value)


def test_auto_falls_back_to_tfidf_without_the_model(tmp_path, monkeypatch) -> None:
    import storyline.embed as embed

    monkeypatch.setattr(embed, "MODEL_DIR", tmp_path)
    monkeypatch.setattr(embed, "model_available", lambda folder=tmp_path: False)
    assert embed.embed_texts([TALKS], method="auto").shape == (1, TFIDF_COLUMNS)


def test_loading_needs_neither_torch_nor_the_hub() -> None:
    code = (
        "import sys; from storyline.embed import embed_texts; embed_texts(['peace talks']);"
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    env = {"PATH": "", "HF_HUB_OFFLINE": "1", "HF_HOME": "/nonexistent-hub-cache"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_embedding_leaves_no_monitor_thread() -> None:
    """tqdm's monitor thread (model2vec wraps its batches in tqdm) would push the enrichment pool off fork."""
    import threading

    embed_texts(["Talks between Russia and Ukraine began in Belarus."], method="static")
    assert "tqdm_monitor" not in {thread.name for thread in threading.enumerate()}
