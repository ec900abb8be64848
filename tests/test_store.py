"""The SQLite store: migrations, round trips, full-text search, quarantine, idempotent writes."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.records import Article, DuplicateLink, Rejection
from storyline.store import MemoryStore, SQLiteStore
from storyline.store.articles import fts_query

articles = st.builds(
    Article,
    id=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
    source=st.text(max_size=30), format=st.sampled_from(["seed", "dated", "tabular", "html"]),
    title=st.text(max_size=60), text=st.text(min_size=1, max_size=300), url=st.text(max_size=40),
    canonical_url=st.text(max_size=40),
    published=st.one_of(st.none(), st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2090, 1, 1),
                                                timezones=st.just(UTC))),
    date_precision=st.sampled_from(["day", "second"]), language=st.sampled_from(["en", "fr"]),
    language_score=st.floats(0, 1), author=st.text(max_size=20), content_hash=st.text(max_size=64),
    raw_sha=st.just(""), record_index=st.integers(0, 10_000),
)


def sample(article_id: str = "a" * 16, **changes: object) -> Article:
    values = dict(id=article_id, source="s.txt", format="seed", title="Russia and Ukraine begin negotiations",
                  text="The talks began in Belarus. Russian forces pummeled Kharkiv.", url="https://e.com/a",
                  canonical_url="https://e.com/a", published=datetime(2022, 2, 28, tzinfo=UTC), date_precision="day",
                  language="en", language_score=0.99, author="", content_hash="h1", raw_sha="", record_index=0)
    return Article(**(values | changes))  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article=articles)
def test_an_article_reads_back_equal(article: Article) -> None:
    with MemoryStore() as store:
        with store.transaction():
            store.put_articles([article])
        assert store.get_article(article.id) == article


def test_migrations_are_recorded_once(tmp_path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        names = [row[0] for row in store.db.execute("SELECT name FROM migrations")]
        assert "articles.0001.initial" in names
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with SQLiteStore(path) as store:
        assert store.migrate() == []


def test_search_ranks_title_matches_and_returns_snippets(store) -> None:
    with store.transaction():
        store.put_articles([sample("a" * 16), sample("b" * 16, title="Markets", text="Kharkiv was shelled again.")])
    hits = store.search("Kharkiv")
    assert [hit["id"] for hit in hits] == ["b" * 16, "a" * 16]  # the shorter text ranks first under BM25
    assert "[Kharkiv]" in hits[0]["snippet"]
    assert [hit["id"] for hit in store.search("negotiation")] == ["a" * 16]  # porter stemming


def test_search_hides_linked_duplicates_unless_asked(store) -> None:
    with store.transaction():
        store.put_articles([sample("a" * 16), sample("b" * 16)])
        store.set_duplicate_links({"b" * 16: DuplicateLink("b" * 16, "a" * 16, "exact", 1.0)})
    assert len(store.search("Kharkiv")) == 1
    assert len(store.search("Kharkiv", include_duplicates=True)) == 2
    assert store.article_info("a" * 16)["duplicates"][0]["id"] == "b" * 16


def test_user_queries_cannot_break_fts_syntax(store) -> None:
    with store.transaction():
        store.put_articles([sample()])
    for query in ['"unbalanced', "AND OR NOT", "kharkiv)", "col:value", "*", "NEAR(", "talk*"]:
        store.search(query)
    assert fts_query("quake OR earthquake") == '"quake" OR "earthquake"'
    assert len(store.search("talk*")) == 1


def test_writing_the_same_rows_twice_changes_nothing(store) -> None:
    rejection = Rejection("bad.csv#3", "ingest", "E105", "E105: malformed CSV")
    for _ in range(2):
        with store.transaction():
            store.put_articles([sample()])
            store.put_rejections([rejection])
    assert store.stats()["articles"] == 1
    assert store.rejections() == [store.rejections()[0]] and store.rejections()[0]["code"] == "E105"


def test_raw_inputs_are_content_addressed(store) -> None:
    with store.transaction():
        store.put_raw("abc", source="x.txt", data=b"hello" * 100)
        store.put_raw("abc", source="y.txt", data=b"hello" * 100)
    assert store.raw_input("abc") == b"hello" * 100
    assert store.stats()["raw_inputs"] == 1


def test_a_failed_transaction_leaves_nothing(store) -> None:
    try:
        with store.transaction():
            store.put_articles([sample()])
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert store.stats()["articles"] == 0
