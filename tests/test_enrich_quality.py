"""Quality gates: per-extractor precision and recall on the golden sets may not fall below the pinned ones.

The pinned scores live in quality/enrichment.json with each data file's SHA-256; regenerate them with
``storyline eval enrichment --write quality/enrichment.json`` and say why in the change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.enrich import enrich_articles
from storyline.enrich.evaluate import golden_articles, load_golden, regressions, score, sha256_file
from storyline.pipeline import load_articles
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
PINNED = json.loads((ROOT / "quality" / "enrichment.json").read_text(encoding="utf-8"))
KREMLIN = ("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv")


@pytest.mark.parametrize("name", ["seed", "kremlin", "heldout"])
def test_scores_do_not_fall_below_the_pinned_ones(name: str, shared_data) -> None:
    golden = load_golden(GOLDEN / f"enrichment_{name}.json")
    data_file = shared_data(*golden["data_file"].split("/"))
    pinned = PINNED[name]
    assert sha256_file(data_file) == pinned["sha256"], "the data file changed: re-pin quality/enrichment.json"
    settings = Settings.load({"enrich": False})
    articles, _ = load_articles(data_file, settings=settings)
    chosen = golden_articles(golden, articles=articles)
    assert len(chosen) >= (10 if name == "kremlin" else 1)
    current = score(golden["articles"], enrichments=enrich_articles(chosen, settings=settings))
    assert regressions(current, pinned=pinned["scores"]) == []


def test_spans_stay_valid_on_real_articles(shared_data) -> None:
    """Every offset points at its surface text, on 40 Kremlin articles of all lengths."""
    settings = Settings.load({"enrich": False})
    articles, _ = load_articles(shared_data(*KREMLIN), settings=settings)
    sample = sorted(articles, key=lambda a: a.id)[:40]
    sample = [a for a in sample if len(a.text) < 20_000]
    for article, enrichment in zip(sample, enrich_articles(sample, settings=settings), strict=True):
        text = article.text
        spans = [*enrichment.sentences, *enrichment.entities, *enrichment.quotes, *enrichment.claims,
                 *enrichment.times, *enrichment.places]
        assert all(text[span.start:span.end] == span.text for span in spans), article.url
        assert all(text[q.speaker_start:q.speaker_end] == q.speaker_text for q in enrichment.quotes)


def test_scoring_counts_misses_and_false_alarms() -> None:
    from storyline.records import Enrichment, Mention

    golden = [{"entities": [["Kyiv", "PLACE"], ["Vladimir Putin", "PERSON"]]}]
    predicted = [Enrichment("a", entities=(Mention("Kiev", "GPE", "Kyiv", 0, 4), Mention("CNN", "ORG", "CNN", 5, 8)))]
    entities = score(golden, enrichments=predicted)["entities"]
    assert (entities["precision"], entities["recall"]) == (0.5, 0.5)
    pinned = {"entities": {"precision": 0.6, "recall": 0.5}}
    assert regressions(score(golden, enrichments=predicted), pinned=pinned) == [
        "entities precision: 0.5000 < pinned 0.6000"]
