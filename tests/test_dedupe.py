"""dedupe: exact and near duplicates are linked to the earliest article, whatever the input order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedupe import Deduper
from storyline.normalize import content_hash
from storyline.records import Article

STORY = (
    "The talks began just after 1 p.m. Ukraine time. Several high-ranking Ukrainian officials attended the "
    "discussions held at a confidential location in Belarus. The two sides concluded their negotiations later "
    "in the day and said they would seek a second round. Russian forces pummeled Kharkiv, killing dozens."
)
OTHER = (
    "Haitian officials said the death toll from the quake was likely to be between 100,000 and 200,000, and that "
    "75,000 bodies had already been buried in mass graves. An estimated 1.5 million are homeless after the quake."
)


def article(article_id: str, text: str, *, day: int = 0) -> Article:
    return Article(
        id=article_id, source=article_id, format="text", title="", text=text, url="", canonical_url="",
        published=datetime(2022, 2, 28, tzinfo=UTC) + timedelta(days=day), date_precision="day", language="en",
        language_score=1.0, author="", content_hash=content_hash("", text), raw_sha="", record_index=0,
    )


def corpus() -> list[Article]:
    return [
        article("a-original", STORY, day=0),
        article("b-exact", STORY.replace(". ", ".  "), day=1),  # same words, other spacing
        article("c-near", STORY + " CNN reported.", day=2),  # a syndicated copy with a tag line
        article("d-other", OTHER, day=0),
        article("e-other-copy", OTHER, day=-1),  # earlier: it becomes that group's original
    ]


def links_of(articles: list[Article]) -> dict[str, tuple[str, str] | None]:
    deduper = Deduper(threshold=0.8, permutations=64)
    for item in articles:
        deduper.add(item)
    links = deduper.links([item.id for item in articles])
    return {key: (link.original_id, link.kind) if link else None for key, link in sorted(links.items())}


def test_duplicates_are_linked_to_the_earliest_article() -> None:
    assert links_of(corpus()) == {
        "a-original": None,
        "b-exact": ("a-original", "exact"),
        "c-near": ("a-original", "near"),
        "d-other": ("e-other-copy", "exact"),
        "e-other-copy": None,
    }


def test_unrelated_articles_are_not_linked() -> None:
    assert links_of([article("x", STORY), article("y", OTHER)]) == {"x": None, "y": None}


@settings(max_examples=30, deadline=None)
@given(st.permutations(corpus()))
def test_the_outcome_does_not_depend_on_input_order(order: list[Article]) -> None:
    assert links_of(list(order)) == links_of(corpus())


def test_a_known_signature_is_reused() -> None:
    deduper = Deduper()
    first = deduper.add(article("a", STORY))
    fresh = Deduper()
    fresh.add(article("a", STORY), hashvalues=first)
    fresh.add(article("b", STORY + " Reuters."))
    assert fresh.original("b") == "a"
