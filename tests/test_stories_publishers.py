"""Cross-publisher stories: publisher templates learned from the corpus, reported terms, the stored counts."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from storyline.records import Article
from storyline.settings import Settings
from storyline.stories.lexical import TermStats, content_terms, cosine


def _release(n: int, partner: str, day: date) -> Counter[str]:
    return content_terms(
        f"Telephone conversation with President of {partner}",
        f"Vladimir Putin had a telephone conversation with President of {partner} ({n}).",
    )


def test_a_publisher_template_is_learned_and_discounted_but_a_one_outlet_topic_is_not() -> None:
    stats = TermStats()
    partners = [f"Country{n}" for n in range(24)] + ["France", "Turkey"]
    for month in range(1, 13):
        for n, partner in enumerate(partners[2 * month : 2 * month + 6]):  # each partner called in 3 months
            stats.add("kremlin.ru", f"2022-{month:02d}", _release(n, partner, date(2022, month, 1)))
        # another outlet: a burst on one topic in one month, then other news
        topic = ["haiti", "earthquake", "rescue"] if month == 1 else ["election", f"vote{month}"]
        for n in range(6):
            stats.add("bbc", f"2022-{month:02d}", [*topic, f"word{n}"])
    assert stats.discount("kremlin.ru", "telephone") < 0.2
    assert stats.discount("kremlin.ru", "conversation") < 0.2
    assert stats.discount("kremlin.ru", "france") == 1.0  # a partner of a few months: not a template
    assert stats.discount("bbc", "haiti") == 1.0  # frequent at the BBC, but in one month only
    one = stats.weigh("kremlin.ru", _release(0, "France", date(2022, 3, 1)))
    other = stats.weigh("kremlin.ru", _release(1, "Turkey", date(2022, 3, 1)))
    assert cosine(one, other) < 0.3  # two calls with two leaders share only the template


def _article(article_id: str, url: str, title: str, text: str, day: date) -> Article:
    return Article(
        id=article_id,
        source=url,
        format="html",
        title=title,
        text=f"{title}\n{text}",
        url=url,
        canonical_url="",
        published=datetime(day.year, day.month, day.day, tzinfo=UTC),
        date_precision="day",
        language="en",
        language_score=1.0,
        author="",
        content_hash=article_id,
        raw_sha="",
    )


def test_term_counts_and_publisher_vectors_are_stored_and_read_back() -> None:
    from storyline.store import MemoryStore
    from storyline.stories import update_stories

    day = date(2022, 2, 28)
    articles = [
        _article("a1", "https://en.kremlin.ru/1", "Talks in Belarus", "Delegations met near Gomel for talks.", day),
        _article("a2", "https://www.president.gov.ua/2", "Talks in Belarus", "Delegations met near Gomel.", day),
    ]
    with MemoryStore() as store:
        update_stories(store, articles, None, settings=Settings.load())
        stats = store.story_term_stats(["gomel", ""], ["en.kremlin.ru", "president.gov.ua"])
        assert dict(stats["docs"]) == {"gomel": 2, "": 2}
        assert {row[0] for row in stats["publishers"]} == {"en.kremlin.ru", "president.gov.ua"}
        background = store.story_background()
        assert sorted(name for name, _, _ in background["publishers"]) == ["en.kremlin.ru", "president.gov.ua"]
        listed = store.list_stories()
        assert len(listed) == 1 and listed[0]["article_count"] == 2  # two publishers' reports of one meeting
