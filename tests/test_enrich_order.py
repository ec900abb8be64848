"""Enrichment seeds each doc's text from its input (``Doc.text`` is rebuilt from the tokens on each access):
results come back in input order, each as it is when its article is enriched alone."""

from __future__ import annotations

from datetime import UTC, datetime

from storyline.enrich import enrich_articles, load_nlp
from storyline.enrich.text import doc_text, remember_text
from storyline.records import Article
from storyline.settings import Settings

SETTINGS = Settings.load({"enrich": False})
TEXTS = [
    "Fighting raged in the Donetsk region on Monday, the governor said. " * 6,
    "Putin met Macron.",
    '"We will rebuild the city," the mayor of Kharkiv said on Tuesday. About 300 homes were destroyed.',
]


def article(index: int, text: str) -> Article:
    return Article(
        id=f"a{index}",
        source="test",
        format="text",
        title="",
        text=text,
        url="",
        canonical_url="",
        published=datetime(2022, 3, 1, 12, tzinfo=UTC),
        date_precision="day",
        language="en",
        language_score=1.0,
        author="",
        content_hash="",
        raw_sha="",
    )


def test_results_keep_input_order_and_match_one_by_one() -> None:
    articles = [article(index, text) for index, text in enumerate(TEXTS)]
    together = enrich_articles(articles, settings=SETTINGS)
    assert [enrichment.article_id for enrichment in together] == ["a0", "a1", "a2"]
    for one, enrichment in zip(articles, together, strict=True):
        [alone] = enrich_articles([one], settings=SETTINGS)
        assert alone == enrichment
    assert together[0].places and together[2].quotes  # the cases are not empty


def test_the_remembered_text_is_the_doc_s_own() -> None:
    text = "  Tabs\tand\u00a0spaces ,  \n\n new   lines \u2014 «Kyiv» \r\n end "
    doc = load_nlp(SETTINGS)(text)
    assert doc.text == text
    assert doc_text(remember_text(doc, text)) == doc.text
