"""Stories through the store: update_stories on real articles, ids, merges, counts, the CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.records import Article, DuplicateLink
from storyline.settings import Settings
from storyline.store import MemoryStore, SQLiteStore
from storyline.stories import list_stories, update_stories

TALKS = [
    ("Russia and Ukraine begin talks at the Belarus border", "Delegations from Russia and Ukraine met on the "
     "Belarus border on Monday for the first talks since the invasion began. Ukraine demanded a ceasefire and the "
     "withdrawal of Russian troops; the Kremlin said the talks would continue."),
    ("Ukrainian and Russian negotiators hold first round of talks", "Ukrainian and Russian negotiators held a first "
     "round of talks near the border with Belarus. Kyiv asked for an immediate ceasefire and a Russian withdrawal. "
     "Both delegations returned to their capitals for consultations before a second round."),
]
SPILL = [
    ("BP oil spill reaches Louisiana coast", "Oil from the leaking BP well in the Gulf of Mexico washed up on the "
     "Louisiana coast as engineers failed again to cap the well. Fishermen said the spill had ruined the season."),
]


def article(article_id: str, title: str, text: str, *, day: str = "2022-02-28", host: str = "") -> Article:
    """An article; each has its own publisher (its URL's host) unless ``host`` names a shared one."""
    return Article(
        id=article_id, source=f"{article_id}.txt", format="seed", title=title, text=text,
        url=f"https://{host or article_id + '.example'}/{article_id}",
        canonical_url="", published=datetime.fromisoformat(day).replace(tzinfo=UTC), date_precision="day",
        language="en", language_score=1.0, author="", content_hash=article_id, raw_sha="",
    )


@pytest.fixture
def articles() -> list[Article]:
    found = [article(f"talks{n}", *pair) for n, pair in enumerate(TALKS)]
    return [*found, article("spill0", *SPILL[0], day="2022-03-01")]


@pytest.fixture
def settings() -> Settings:
    return Settings.load({"enrich": False})


def membership(store) -> dict[str, str]:
    return {row[0]: row[1] for row in store.db.execute("SELECT article_id, story_id FROM story_articles")}


def test_articles_are_grouped_and_saved(store, articles, settings) -> None:
    update_stories(store, articles, None, settings=settings)
    found = membership(store)
    assert found["talks0"] == found["talks1"] == "s-talks0"
    assert found["spill0"] == "s-spill0"
    stories = {story["id"]: story for story in list_stories(store)}
    assert stories["s-talks0"]["article_count"] == 2
    assert (stories["s-talks0"]["first_date"], stories["s-talks0"]["last_date"]) == ("2022-02-28", "2022-02-28")
    assert "talks" in stories["s-talks0"]["label"]


def test_ids_are_the_same_in_another_run_and_a_rerun_changes_nothing(articles, settings) -> None:
    with MemoryStore() as one, MemoryStore() as other:
        update_stories(one, articles, None, settings=settings)
        update_stories(other, list(reversed(articles)), None, settings=settings)
        update_stories(other, articles, None, settings=settings)
        assert membership(one) == membership(other)
        assert [s["article_count"] for s in list_stories(one)] == [s["article_count"] for s in list_stories(other)]


def test_batches_add_to_open_stories(store, articles, settings) -> None:
    for item in articles:
        update_stories(store, [item], None, settings=settings)
    assert membership(store)["talks1"] == "s-talks0"
    assert store.story_background()["article_count"] == 3


def test_source_count_leaves_out_duplicates(store, articles, settings) -> None:
    copy = article("talks0-copy", *TALKS[0])
    store.put_articles([*articles, copy])
    store.set_duplicate_links({"talks0-copy": DuplicateLink("talks0-copy", "talks0", "exact", 1.0)})
    update_stories(store, [*articles, copy], None, settings=settings)
    story = store.get_story("s-talks0")
    assert (story["article_count"], story["source_count"]) == (3, 2)


def test_source_count_counts_publishers_not_releases(store, settings) -> None:
    """Two releases of one site are one independent source; a second site makes two."""
    same_site = [article(f"talks{n}", *pair, host="en.kremlin.ru") for n, pair in enumerate(TALKS)]
    store.put_articles(same_site)
    update_stories(store, same_site, None, settings=settings)
    assert store.get_story("s-talks0")["source_count"] == 1
    other = article("talks-wire", TALKS[0][0], TALKS[0][1] + " Reuters reported.", host="www.reuters.com")
    store.put_articles([other])
    update_stories(store, [other], None, settings=settings)
    assert store.get_story("s-talks0")["source_count"] == 2


def test_story_article_ids_and_dates_filter(store, articles, settings) -> None:
    update_stories(store, articles, None, settings=settings)
    assert store.story_article_ids("s-talks0") == ["talks0", "talks1"]
    assert store.story_article_ids("s-nothing") == []
    assert [s["id"] for s in store.list_stories(start="2022-03-01")] == ["s-spill0"]
    assert [s["id"] for s in store.list_stories(end="2022-02-28")] == ["s-talks0"]
    assert len(store.list_stories(limit=1)) == 1


def test_a_merge_is_recorded_and_the_old_id_redirects(store, articles, settings) -> None:
    update_stories(store, articles, None, settings=settings)
    vector = np.zeros(256, dtype="<f4").tobytes()
    store.save_story_update({
        "stage": "test", "assignments": [], "late_entities": [], "background": None,
        "stories": [{"id": "s-talks0", "label": "talks", "first_date": "2022-02-28", "last_date": "2022-03-01",
                     "article_count": 3, "vector_sum": vector, "entity_counts": {}, "entity_articles": 0,
                     "term_counts": {}}],
        "merges": [("s-spill0", "s-talks0", 0.5)],
    })
    assert store.resolve_story_id("s-spill0") == "s-talks0"
    assert sorted(store.story_article_ids("s-spill0")) == ["spill0", "talks0", "talks1"]
    assert [s["id"] for s in store.list_stories()] == ["s-talks0"]
    assert store.list_stories()[0]["merged_ids"] == ["s-spill0"]


def test_the_seed_article_founds_a_story(seed_path: Path, settings) -> None:
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    seed = article("seed", lines[0], "\n".join(lines[3:]))
    with MemoryStore() as store:
        update_stories(store, [seed], None, settings=settings)
        [story] = list_stories(store)
    assert story["id"] == "s-seed" and story["article_count"] == 1
    assert {"russia", "ukraine"} & set(story["label"].replace(",", " ").split())


def test_the_stories_command_lists_them(tmp_path, articles, settings) -> None:
    db = tmp_path / "stories.db"
    with SQLiteStore(db) as store:
        update_stories(store, articles, None, settings=settings)
    runner = CliRunner()
    table = runner.invoke(main, ["stories", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "s-talks0" in table.output and "source_count" in table.output
    listed = runner.invoke(main, ["stories", "--db", str(db), "--format", "json", "--from", "2022-03-01"])
    assert listed.exit_code == 0, listed.output
    assert '"s-spill0"' in listed.output and "s-talks0" not in listed.output
    bad = runner.invoke(main, ["stories", "--db", str(db), "--from", "March"])
    assert bad.exit_code != 0


def test_late_enrichment_adds_entities_without_moving_articles(store, articles, settings) -> None:
    from storyline.records import Enrichment, Mention

    update_stories(store, articles, None, settings=settings)
    before = membership(store)
    text = articles[0].text
    start = text.index("Kremlin")
    enrichment = Enrichment("talks0", entities=(Mention("Kremlin", "ORG", "Kremlin", start, start + 7),))
    update_stories(store, articles[:1], [enrichment], settings=settings)
    update_stories(store, articles[:1], [enrichment], settings=settings)  # counted once only
    assert membership(store) == before
    [state] = store.story_states(ids=["s-talks0"])
    assert state["entity_counts"] == {"Kremlin": 1} and state["entity_articles"] == 1
    assert store.get_story("s-talks0")["label"].startswith("Kremlin — ")
