"""Ingest readers on real data in ../shared/data: Timeline17 (t17-dev) and the Kremlin CSV.

They skip when the folder is absent and fail when STORYLINE_REQUIRE_SHARED=1 (``shared_data`` in conftest).
"""

from __future__ import annotations

import re
from collections import Counter

from storyline.ingest import read_paths
from storyline.records import RawArticle, Rejection

KREMLIN = ("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv")
HAITI_BBC = ("tls", "t17-dev", "haiti", "haiti_bbc")
PTB_MARKS = re.compile(r"-[LR][RSC]B-|``|''| [,.;:?!] | 's\b| n't\b|\\/")


def test_kremlin_csv_reads_every_row(shared_data, settings):
    path = shared_data(*KREMLIN)
    items = list(read_paths([path], settings=settings))
    assert len(items) == 816
    assert not [item for item in items if isinstance(item, Rejection)]
    assert [item.record_index for item in items] == list(range(816))
    assert all(item.title and item.published and item.url.startswith("http://en.kremlin.ru/") for item in items)
    assert items[0].title == "BRICS+ meeting" and items[0].published == "2022-06-24T17:30:00Z"
    assert items[0].url == "http://en.kremlin.ru/events/president/news/68700"
    assert max(len(item.text) for item in items) > 131_072  # past csv's default field size limit
    assert len({item.raw_sha for item in items}) == 1 and {item.format for item in items} == {"csv"}


def test_t17_files_are_dated_and_readable(shared_data, settings):
    folder = shared_data(*HAITI_BBC, "InputDocs", "2010-01-13")
    names = ["20.htm.txt", "1143.htm.txt", "83.htm.txt", "1208.htm.txt"]
    articles = list(read_paths([folder / name for name in names], settings=settings))
    assert [type(article) for article in articles] == [RawArticle] * 4
    for article in articles:
        assert article.format == "dated" and article.published == "" and article.published_hint == "2010-01-13"
        assert article.title and article.title == article.text.splitlines()[0][: len(article.title)].rstrip("…")
        assert not PTB_MARKS.search(article.text), PTB_MARKS.search(article.text)
    assert articles[0].title.startswith("Haiti earthquake: many feared dead")


def test_t17_source_folder_walk_skips_its_timelines(shared_data, settings):
    source = shared_data(*HAITI_BBC)
    items = list(read_paths([source], settings=settings))
    documents = sorted((source / "InputDocs").rglob("*.txt"))
    assert [item.source for item in items] == [str(path) for path in documents]
    assert not any("timelines" in item.source for item in items)
    for item in items:
        if isinstance(item, Rejection):
            assert item.code == "E101"  # Timeline17 has a few empty documents


def test_t17_topic_walk_skips_keywords_and_named_files_are_e100(shared_data, settings):
    topic = shared_data("tls", "t17-dev", "haiti")
    walked = list(read_paths([topic], settings=settings))
    assert not any(item.source.endswith("keywords.json") for item in walked)
    timeline = next((topic / "haiti_bbc" / "timelines").glob("*.txt"))
    named = list(read_paths([timeline, topic / "keywords.json"], settings=settings))
    assert [item.code for item in named] == ["E100", "E100"]
    assert "Timeline17 reference timeline" in named[0].message and "keywords.json" in named[1].message


def test_all_of_t17_dev_gives_one_item_per_document(shared_data, settings):
    root = shared_data("tls", "t17-dev")
    items = list(read_paths([root], settings=settings))
    documents = [path for path in root.rglob("*") if path.is_file() and "InputDocs" in path.parts]
    assert len(items) == len(documents) == 2602
    outcomes = Counter(item.code if isinstance(item, Rejection) else item.format for item in items)
    assert set(outcomes) == {"dated", "E101"} and outcomes["E101"] == sum(not path.stat().st_size
                                                                         for path in documents)
    leftovers = sum(len(PTB_MARKS.findall(item.text)) for item in items if isinstance(item, RawArticle))
    assert leftovers < 50, leftovers  # tokenization undone nearly everywhere
