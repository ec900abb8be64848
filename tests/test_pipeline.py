"""The runner end to end (no enrichment): nothing lost, re-ingest idempotent, export → re-ingest round trip."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from storyline.exports import write_rows
from storyline.pipeline import ingest
from storyline.settings import Settings
from storyline.store import MemoryStore

NO_ENRICH = Settings.load({"enrich": False})
OTHER = "The value of the currency hit record lows on Monday, and governments began confiscating assets. " * 3
BODY = "Officials from Ukraine started negotiations with their Russian counterparts on Monday in Belarus. " * 3


def balanced(summary) -> bool:
    return summary.accepted + summary.duplicates + summary.rejected == summary.inputs


def test_the_seed_article_is_ingested_and_searchable(store, seed_path: Path) -> None:
    summary = ingest([seed_path], store=store, settings=NO_ENRICH)
    assert (summary.inputs, summary.accepted) == (1, 1)
    [hit] = store.search("Kharkiv")
    assert hit["title"] == "Russia And Ukraine Begin Negotiations"
    assert hit["published"].startswith("2022-02-28")


def test_bad_inputs_are_quarantined_and_the_batch_goes_on(tmp_path: Path, store) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"title": "t"}\n' * 100)[:40])
    (tmp_path / "rows.csv").write_text(f'title,date,text\nGood,2022-02-28,"{BODY}"\nBad,2022-02-28,"{BODY}",extra\n')
    (tmp_path / "lines.jsonl").write_text(json.dumps({"title": "ok", "date": "2022-02-28", "text": OTHER})
                                          + "\n{not json\n")
    (tmp_path / "feed.rss").write_text("<rss><channel><item><title>broken")
    (tmp_path / "undated.txt").write_text("A headline\n" + BODY)
    (tmp_path / "big.txt").write_text("x" * 5000)
    settings = NO_ENRICH.with_values(max_input_bytes=4000)
    summary = ingest([tmp_path], store=store, settings=settings)
    assert balanced(summary)
    assert summary.accepted == 2
    codes = {row["code"] for row in store.rejections()}
    assert {"E101", "E102", "E104", "E105", "E106", "E201", "E103"} <= codes
    assert codes & {"E107", "E110"}  # a feed cut short: malformed XML or a feed with no entries


def test_ingesting_the_same_input_twice_changes_nothing(store, seed_path: Path, shared_data) -> None:
    kremlin = shared_data("kremlin-2022")
    first = ingest([seed_path, kremlin], store=store, settings=NO_ENRICH)
    before = store.stats()
    second = ingest([seed_path, kremlin], store=store, settings=NO_ENRICH)
    after = store.stats()
    assert (first.inputs, first.rejected) == (817, 0)
    assert second.already_stored == second.accepted + second.duplicates == 817
    assert {k: v for k, v in after.items() if k != "ingest_runs"} == {k: v for k, v in before.items()
                                                                     if k != "ingest_runs"}


def test_everything_in_t17_dev_and_kremlin_is_accounted_for(shared_data) -> None:
    with MemoryStore() as store:
        summary = ingest([shared_data("tls", "t17-dev"), shared_data("kremlin-2022")], store=store,
                         settings=NO_ENRICH)
        stats = store.stats()
    assert balanced(summary)
    assert summary.inputs >= 3400 and summary.rejected <= summary.inputs * 0.01
    assert stats["articles"] == summary.accepted + summary.duplicates
    assert stats["by_format"]["dated"] > 2500 and stats["by_format"]["csv"] == 816


def test_export_then_reingest_gives_the_same_articles(tmp_path: Path, store, seed_path: Path, shared_data) -> None:
    ingest([seed_path, shared_data("kremlin-2022")], store=store, settings=NO_ENRICH)
    out = tmp_path / "articles.jsonl"
    write_rows(store.export_rows(), format="jsonl", out=out)
    with MemoryStore() as again:
        summary = ingest([out], store=again, settings=NO_ENRICH)
        assert summary.rejected == 0
        assert _contents(again) == _contents(store)


def _contents(store) -> set[tuple]:
    return {(a.title, a.text, a.published, a.canonical_url, a.content_hash)
            for a in store.iter_articles(include_duplicates=True)}


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.just("good"), st.just("bad-json"), st.just("no-text"), st.just("dup")), max_size=30))
def test_no_input_is_lost(tmp_path_factory, kinds: list[str]) -> None:
    folder = tmp_path_factory.mktemp("prop")
    lines = []
    for index, kind in enumerate(kinds):
        if kind == "bad-json":
            lines.append("{oops")
        else:
            text = "" if kind == "no-text" else BODY + ("" if kind == "dup" else f" Item {index} of the day.")
            lines.append(json.dumps({"title": f"t{index}", "date": "2022-03-01", "text": text}))
    (folder / "in.jsonl").write_text("\n".join(lines) + "\n")
    with MemoryStore() as store:
        summary = ingest([folder], store=store, settings=NO_ENRICH)
    expected_inputs = max(len(kinds), 1)  # an empty file is one input too: rejected as empty
    assert summary.inputs == expected_inputs
    assert balanced(summary)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_articles_export_in_every_format(tmp_path: Path, store, seed_path: Path, fmt: str) -> None:
    ingest([seed_path], store=store, settings=NO_ENRICH)
    out = tmp_path / f"a.{fmt}"
    assert write_rows(store.export_rows(), format=fmt, out=out) == 1
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out).column("title").to_pylist() == ["Russia And Ukraine Begin Negotiations"]
    else:
        assert "Russia And Ukraine Begin Negotiations" in out.read_text()


def test_a_copy_read_before_its_earlier_original_is_counted_a_duplicate(tmp_path: Path) -> None:
    """The run's counts agree with the store whatever order the inputs come in."""
    (tmp_path / "a-late.jsonl").write_text(json.dumps({"title": "Talks", "date": "2022-03-01", "text": BODY}) + "\n")
    (tmp_path / "b-early.jsonl").write_text(json.dumps({"title": "Talks", "date": "2022-02-28", "text": BODY}) + "\n")
    with MemoryStore() as store:
        summary = ingest([tmp_path / "a-late.jsonl", tmp_path / "b-early.jsonl"], store=store,
                         settings=NO_ENRICH.with_values(batch_size=1))
        stats = store.stats()
    assert (summary.accepted, summary.duplicates) == (1, 1) and balanced(summary)
    assert summary.by_format["jsonl"] == {"accepted": 1, "duplicates": 1}
    assert stats["duplicates"] == summary.duplicates
