"""Quality gate: the coder's scores on the PLOVER gold records may not fall below the pinned ones.

The pins and the gold file's SHA-256 live in ``quality/events.json``; ``storyline eval events`` prints
the same figures. Raising a pin is a reviewed change; lowering one must say why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import require_shared

from storyline.events.evaluate import evaluate, sha256
from storyline.settings import Settings

PINS = Path(__file__).resolve().parents[1] / "quality" / "events.json"
METRICS = ("type_accuracy", "macro_f1", "actor_accuracy", "recipient_accuracy")


@pytest.fixture(scope="module")
def result() -> dict:
    return evaluate(require_shared("events", "plover", "PLOVER_GSR_CAMEO.json"), settings=Settings.load())


def test_gold_file_is_the_pinned_one(shared_data) -> None:
    pinned = json.loads(PINS.read_text(encoding="utf-8"))
    assert sha256(shared_data("events", "plover", "PLOVER_GSR_CAMEO.json")) == pinned["gold_sha256"]


@pytest.mark.parametrize("metric", METRICS)
def test_score_not_below_pin(result: dict, metric: str) -> None:
    pinned = json.loads(PINS.read_text(encoding="utf-8"))["scores"][metric]
    assert result[metric] >= pinned - 1e-9, f"{metric} fell to {result[metric]} (pinned {pinned})"


def test_every_gold_record_is_read(result: dict) -> None:
    assert result["records"] == 322
