"""Building timelines from hand-built articles: dates by references, sentences with sources, filters, output."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storyline.records import Article, Enrichment, Sentence, TimeExpr
from storyline.timeline.build import build_timeline, prepare
from storyline.timeline.render import render
from storyline.timeline.units import article_units


def article(article_id: str, day: str, text: str, *, title: str = "") -> Article:
    published = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return Article(
        id=article_id, source=f"{article_id}.txt", format="seed", title=title or text[:40], text=text,
        url=f"https://example.com/{article_id}", canonical_url="", published=published,
        date_precision="day", language="en", language_score=1.0, author="", content_hash=article_id, raw_sha="",
    )  # fmt: skip


ARTICLES = [
    article("a1", "2010-01-13", "A powerful earthquake struck Haiti on Tuesday, flattening much of the capital.\n"
                                "Thousands of buildings collapsed in Port-au-Prince after the quake hit."),
    article("a2", "2010-01-14", "Rescue teams flew into Haiti on Thursday as the quake death toll rose.\n"
                                "The earthquake on 12 January destroyed the presidential palace in the capital."),
    article("a3", "2010-01-20", "A strong aftershock rocked Haiti on Wednesday, sending people into the streets.\n"
                                "The January 12 earthquake killed as many as 200,000 people, officials said."),
    article("a5", "2010-01-21", "The aftershock that shook Haiti on Wednesday measured 6.1, geologists said.\n"
                                "Aid flights to the quake zone resumed a few hours later."),
    article("a4", "2010-01-20", "Football results from the weekend were announced on Wednesday in London.\n"
                                "The league table changed after three matches were played on the day."),
]  # fmt: skip


def test_the_most_referred_day_comes_first_and_entries_are_sorted() -> None:
    entries = build_timeline(ARTICLES, keywords=("haiti", "quake", "earthquake"), max_dates=2, sentences_per_date=1)
    assert [entry.date for entry in entries] == ["2010-01-12", "2010-01-20"]
    assert "earthquake" in entries[0].sentences[0].lower() or "quake" in entries[0].sentences[0].lower()


def test_sentences_are_exact_article_text_and_have_their_sources() -> None:
    by_id = {item.id: item for item in ARTICLES}
    for entry in build_timeline(ARTICLES, keywords=("haiti", "quake"), max_dates=5, sentences_per_date=2):
        texts = [by_id[source.article_id].text for source in entry.sources]
        assert all(any(sentence in text for text in texts) for sentence in entry.sentences)
        assert all(source.url.startswith("https://example.com/") for source in entry.sources)


def test_keywords_keep_only_matching_articles_and_sentences() -> None:
    entries = build_timeline(ARTICLES, keywords=("haiti", "quake"), max_dates=10, sentences_per_date=3)
    sentences = [sentence for entry in entries for sentence in entry.sentences]
    assert sentences and not any("Football" in sentence or "league" in sentence for sentence in sentences)


def test_range_and_limits_are_respected() -> None:
    entries = build_timeline(ARTICLES, start=date(2010, 1, 13), end=date(2010, 1, 19), max_dates=1,
                             sentences_per_date=1)  # fmt: skip
    assert len(entries) == 1 and "2010-01-13" <= entries[0].date <= "2010-01-19"
    assert len(entries[0].sentences) == 1


def test_no_articles_no_entries() -> None:
    assert build_timeline([], keywords=("haiti",)) == []
    assert build_timeline(ARTICLES, keywords=("volcano",)) == []


def test_sentences_written_before_a_day_do_not_speak_for_it() -> None:
    plan = article("p1", "2010-01-10", "Donors will meet in Montreal on 25 January to discuss reconstruction.")
    later = article("p2", "2010-01-26", "Donors met in Montreal on 25 January and pledged money for reconstruction.")
    entries = build_timeline([plan, later], max_dates=1, sentences_per_date=2)
    assert entries[0].date == "2010-01-25"
    assert entries[0].sentences == (later.text,)


def test_enrichment_sentences_and_times_are_used_when_present() -> None:
    text = "Talks opened in Belarus. They were held near the border"
    item = article("e1", "2022-03-01", text)
    enrichment = Enrichment(
        article_id="e1",
        sentences=(Sentence(0, 0, 24, text[0:24]), Sentence(1, 25, len(text), text[25:])),
        times=(TimeExpr("yesterday", "2022-02-28", "day", 0, 5),),
    )
    units = article_units(item, enrichment=enrichment)
    assert [unit.text for unit in units] == ["Talks opened in Belarus.", "They were held near the border"]
    assert units[0].dates == (date(2022, 2, 28),) and units[1].dates == ()


def test_prepared_units_keep_offsets() -> None:
    prepared = prepare(ARTICLES)
    for unit in prepared.units:
        assert prepared.articles[unit.article_id].text[unit.start : unit.end] == unit.text


@pytest.mark.parametrize("fmt", ["json", "md", "html", "text"])
def test_every_format_renders(fmt: str) -> None:
    entries = build_timeline(ARTICLES, keywords=("haiti",), max_dates=2, sentences_per_date=1)
    output = render(entries, fmt=fmt)
    assert "2010-01-12" in output


def test_html_escapes_article_text() -> None:
    hostile = article("x1", "2010-01-13", 'Haiti was hit on Tuesday by a quake <script>alert("x")</script> & more.',
                      title="<b>Haiti</b>")  # fmt: skip
    output = render(build_timeline([hostile], max_dates=1, sentences_per_date=1), fmt="html")
    assert "<script>" not in output and "&lt;script&gt;" in output and "<b>" not in output


def test_mmr_never_takes_a_duplicate_and_prefers_the_central_sentence() -> None:
    import numpy as np

    from storyline.timeline.summarize import pick_sentences

    vectors = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.0, 1.0]])
    picked = pick_sentences(vectors, count=3)
    assert picked[0] in (0, 1) and not {0, 1} <= set(picked)
    assert pick_sentences(vectors[:0], count=2) == []


def test_the_centroid_leans_on_sentences_that_name_the_day() -> None:
    import numpy as np

    from storyline.timeline.summarize import SentenceWeights, centroid_of
    from storyline.timeline.units import Unit

    day = date(2010, 1, 12)
    named = Unit("a", 0, 0, 1, "x", date(2010, 1, 13), (day,), (), True)
    undated = Unit("b", 0, 0, 1, "y", day, (), (), True)
    vectors = np.array([[1.0, 0.0], [0.0, 1.0]])
    centroid = centroid_of(vectors, [named, undated], day, weights=SentenceWeights(undated=0.5))
    assert centroid[0] > centroid[1] > 0


def test_entries_carry_the_days_events_evidence_first() -> None:
    from storyline.records import Event

    text = "Rebels attacked the town of Jacmel in Haiti on Tuesday after the quake."
    item = article("v1", "2010-01-13", text)

    def event(kind: str, start: int, confidence: float, day: str = "2010-01-12") -> Event:
        return Event(type=kind, mode="", actor=None, recipient=None, date=day, date_precision="day",
                     article_id="v1", sentence_start=start, sentence_end=len(text), sentence=text,
                     confidence=confidence)  # fmt: skip

    events = (event("AID", 999, 0.9), event("ASSAULT", 0, 0.5), event("PROTEST", 0, 0.4, day="2010-01-13"))
    entries = build_timeline([item], enrichments={"v1": Enrichment("v1", events=events)}, max_dates=1)
    assert entries[0].date == "2010-01-12"
    assert [entry["type"] for entry in entries[0].events] == ["ASSAULT", "AID"]
