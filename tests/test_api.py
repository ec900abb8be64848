"""The public Python API: what ``storyline/__init__.py`` exports works without the CLI."""

from __future__ import annotations

from pathlib import Path

import storyline


def test_analyze_file_reads_enriches_and_codes_events(seed_path: Path) -> None:
    [enrichment] = storyline.analyze_file(seed_path)
    assert any(mention.canonical == "Volodymyr Zelenskyy" for mention in enrichment.entities)
    assert {"CONSULT", "ASSAULT"} <= {event.type for event in enrichment.events}


def test_ingest_then_timeline_from_a_store(seed_path: Path) -> None:
    with storyline.MemoryStore() as store:
        summary = storyline.ingest([seed_path], store=store, settings=storyline.Settings.load())
        entries = storyline.build_timeline(store, query="negotiations", max_dates=3)
    assert (summary.accepted, summary.enriched) == (1, 1)
    assert entries and all(entry.sources[0].title == "Russia And Ukraine Begin Negotiations" for entry in entries)
    assert "2022-02-28" in {entry.date for entry in entries}
