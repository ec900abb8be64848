"""One article that breaks enrichment must not stop the run or take its batch down with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.pipeline import ingest, repair
from storyline.settings import Settings
from storyline.store import SQLiteStore

POISON = "Poisoned sentence for the enrichment failure test."


def _articles(folder: Path) -> Path:
    rows = [
        {"title": f"Talks in Geneva, day {day}", "published": f"2022-03-0{day}",
         "text": f"Ukrainian and Russian delegations met in Geneva on day {day}. Diplomats said progress was slow. "
                 + (POISON if day == 2 else "Sergei Lavrov said the talks would continue.")}
        for day in (1, 2, 3)
    ]
    path = folder / "talks.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def poisoned_enrichment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real enrichment, except that it raises on an article carrying POISON (as a bug in an extractor would)."""
    real = pipeline.analyze_articles

    def analyze(articles, *, settings):  # type: ignore[no-untyped-def]
        if any(POISON in article.text for article in articles):
            raise RuntimeError("extractor bug")
        return real(articles, settings=settings)

    monkeypatch.setattr(pipeline, "analyze_articles", analyze)


def test_a_failing_article_is_quarantined_and_the_rest_of_its_batch_enriched(tmp_path, poisoned_enrichment) -> None:
    settings = Settings.load({"stories": False})
    with SQLiteStore(tmp_path / "s.db") as store:
        summary = ingest([_articles(tmp_path)], store=store, settings=settings)
        assert (summary.accepted, summary.rejected, summary.enriched) == (3, 0, 3)
        assert summary.enrichment_failures == 1
        failures = store.rejections(code="E304")
        assert len(failures) == 1 and failures[0]["stage"] == "enrich" and "extractor bug" in failures[0]["message"]
        stats = store.stats()
        assert stats["rejections"] == 0 and stats["enrichment_failures"] == 1
        entities = store.list_entities(limit=100)
        assert any("Lavrov" in row["canonical"] for row in entities)
        again = repair(store=store, settings=settings)  # the failed article is not owed again: no crash loop
        assert again.enriched == 0 and again.enrichment_failures == 0
