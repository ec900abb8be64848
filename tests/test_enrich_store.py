"""The enrichment tables: round trips, idempotent re-puts, the queries the CLI reads."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.records import Article, Claim, Enrichment, Mention, Place, Quote, Sentence, TimeExpr
from storyline.store import MemoryStore


def article(article_id: str, *, published: datetime = datetime(2022, 2, 28, tzinfo=UTC)) -> Article:
    return Article(
        id=article_id, source="test", format="text", title=f"Article {article_id}", text="x" * 200, url="",
        canonical_url="", published=published, date_precision="day", language="en", language_score=1.0,
        author="", content_hash=article_id, raw_sha="",
    )


def enrichment(article_id: str, *, speaker: str = "Vladimir Putin") -> Enrichment:
    return Enrichment(
        article_id=article_id,
        sentences=(Sentence(0, 0, 10, "x" * 10, "2022-02-28", "published"),),
        entities=(Mention("Putin", "PERSON", "Vladimir Putin", 0, 5), Mention("Kiev", "GPE", "Kyiv", 6, 10),
                  Mention("Kyiv", "GPE", "Kyiv", 11, 15)),
        quotes=(Quote(speaker, "we are ready for talks", 20, 42, "reported", "Putin", 0, 5),),
        claims=(Claim(352.0, "people", "at least", "Ukrainian civilians", "died", "the government in Kyiv", "352",
                      50, 53),
                Claim(24.0, "people", "", "", "killing", "", "dozens", 60, 66, value_max=99.0)),
        times=(TimeExpr("the weekend", "2022-02-26", "range", 70, 81, "2022-02-27"),),
        places=(Place("Kyiv", 50.45, 30.52, "UA", "city", 6, 10, "Kiev"),),
    )


def test_round_trip() -> None:
    with MemoryStore() as store:
        store.put_articles([article("a1")])
        store.put_enrichments([enrichment("a1")])
        assert store.get_enrichment("a1") == enrichment("a1")
        assert store.get_enrichment("missing") is None


def test_putting_again_replaces() -> None:
    with MemoryStore() as store:
        store.put_articles([article("a1")])
        store.put_enrichments([enrichment("a1", speaker="Dmitry Peskov")])
        store.put_enrichments([enrichment("a1")])
        assert store.get_enrichment("a1") == enrichment("a1")
        assert store.enriched_count() == 1
        assert len(store.find_quotes()) == 1


def test_entities_and_aliases_count_mentions() -> None:
    with MemoryStore() as store:
        store.put_articles([article("a1"), article("a2")])
        store.put_enrichments([enrichment("a1"), enrichment("a2")])
        kyiv = next(row for row in store.list_entities() if row["canonical"] == "Kyiv")
        assert (kyiv["mentions"], kyiv["articles"], kyiv["variants"]) == (4, 2, ["Kiev", "Kyiv"])
        aliases = {(row["variant"], row["canonical"]): row["mentions"] for row in store.entity_aliases()}
        assert aliases == {("Putin", "Vladimir Putin"): 2, ("Kiev", "Kyiv"): 2}
        assert [row["canonical"] for row in store.list_entities(label="person")] == ["Vladimir Putin"]


def test_quotes_by_speaker_and_claims_by_subject() -> None:
    with MemoryStore() as store:
        store.put_articles([article("a1"), article("a2")])
        store.put_enrichments([enrichment("a1"), enrichment("a2", speaker="Dmitry Peskov")])
        assert [row["article_id"] for row in store.find_quotes(speaker="PUTIN")] == ["a1"]
        assert store.find_quotes(speaker="50%_") == []
        assert {row["text"] for row in store.find_claims(subject="civilians")} == {"352"}
        assert len(store.find_claims(limit=3)) == 3


names = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(names, min_size=1, max_size=5), value=st.floats(allow_nan=False, allow_infinity=False),
       value_max=st.none() | st.floats(allow_nan=False, allow_infinity=False))
def test_any_enrichment_survives_the_store(texts: list[str], value: float, value_max: float | None) -> None:
    record = Enrichment(
        article_id="a1",
        entities=tuple(Mention(text, "ORG", text.upper(), i, i + len(text)) for i, text in enumerate(texts)),
        quotes=tuple(Quote(text, text, i, i + 1, "direct") for i, text in enumerate(texts)),
        claims=(Claim(value, "", "", texts[0], "", "", "1", 0, 1, value_max),),
    )
    with MemoryStore() as store:
        store.put_articles([article("a1")])
        store.put_enrichments([record])
        assert store.get_enrichment("a1") == record
