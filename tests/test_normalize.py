"""normalize: text repair, URLs, dates, language, idempotence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from storyline.normalize import canonical_url, clean_line, clean_text, content_hash, normalize, parse_published
from storyline.records import Article, RawArticle, Rejection
from storyline.settings import Settings

BODY = "Officials from Ukraine started negotiations with their Russian counterparts on Monday in Belarus."


def raw(**changes: str) -> RawArticle:
    values = {"source": "t.txt", "format": "seed", "text": BODY, "title": "Talks", "published": "20220228",
              "url": "https://example.com/a", "raw_sha": "abc"}
    return RawArticle(**(values | changes))


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("20220228", datetime(2022, 2, 28, tzinfo=UTC), "day"),
        ("2010-01-12", datetime(2010, 1, 12, tzinfo=UTC), "day"),
        ("2022-02", datetime(2022, 2, 1, tzinfo=UTC), "month"),
        ("2022-06-24T17:30:00Z", datetime(2022, 6, 24, 17, 30, tzinfo=UTC), "second"),
        ("2022-06-24T20:30:00+03:00", datetime(2022, 6, 24, 17, 30, tzinfo=UTC), "second"),
        ("Mon, 28 Feb 2022 13:05:00 GMT", datetime(2022, 2, 28, 13, 5, tzinfo=UTC), "second"),
    ],
)
def test_publication_dates_become_aware_utc(value: str, expected: datetime, precision: str) -> None:
    assert parse_published(value) == (expected, precision)


@pytest.mark.parametrize(("value", "code"), [("", "E201"), ("not a date at all", "E202"), ("17991231", "E202")])
def test_undated_and_unreadable_dates_are_rejected(settings, value: str, code: str) -> None:
    result = normalize(raw(published=value), settings=settings)
    assert isinstance(result, Rejection)
    assert (result.code, result.stage) == (code, "normalize")


def test_dated_folder_hint_is_used_when_there_is_no_date(settings) -> None:
    article = normalize(raw(published="", published_hint="2010-01-21"), settings=settings)
    assert isinstance(article, Article)
    assert article.published == datetime(2010, 1, 21, tzinfo=UTC)


def test_short_and_garbled_text_is_rejected(settings) -> None:
    assert normalize(raw(text="too short"), settings=settings).code == "E110"  # type: ignore[union-attr]
    garbled = "#$%^&*()_+{}|:<>?~`" * 10
    assert normalize(raw(text=garbled), settings=settings).code == "E203"  # type: ignore[union-attr]


def test_mojibake_is_repaired_and_whitespace_folded() -> None:
    assert clean_text("Zelenskyyâ€™s  office\u00a0said\r\n\r\n\r\n\r\nmore") == "Zelenskyy’s office said\n\nmore"
    assert clean_line("  Russia   And\nUkraine ") == "Russia And Ukraine"


def test_other_languages_are_kept_and_marked(settings) -> None:
    text = "Les négociations entre la Russie et l'Ukraine ont commencé lundi au Bélarus, près de la frontière."
    article = normalize(raw(text=text, title="Négociations"), settings=settings)
    assert isinstance(article, Article)
    assert article.language == "fr"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Example.com/a/?utm_source=x&b=2&a=1#top", "https://example.com/a?a=1&b=2"),
        ("https://example.com/", "https://example.com/"),
        ("", ""),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_exact_duplicates_share_a_content_hash_whatever_the_spacing() -> None:
    assert content_hash("Talks", "Russia  and\nUkraine") == content_hash("talks", "russia and ukraine")


def test_same_input_gives_the_same_id(settings) -> None:
    first, second = normalize(raw(), settings=settings), normalize(raw(), settings=settings)
    assert isinstance(first, Article)
    assert first.id == second.id  # type: ignore[union-attr]


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=50, max_size=300), st.text(max_size=40))
def test_normalizing_a_normalized_article_changes_nothing(text: str, title: str) -> None:
    settings = Settings.load({"enrich": False})
    first = normalize(raw(text=text, title=title), settings=settings)
    if isinstance(first, Rejection):
        return
    again = normalize(raw(text=first.text, title=first.title, url=first.url), settings=settings)
    assert isinstance(again, Article)
    assert (again.text, again.title, again.content_hash, again.canonical_url) == (
        first.text, first.title, first.content_hash, first.canonical_url)
