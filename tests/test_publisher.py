"""Who published an article: what independent sources count."""

from __future__ import annotations

import pytest

from storyline.publisher import publisher


@pytest.mark.parametrize(("fields", "expected"), [
    ({"url": "https://www.HuffPost.com/entry/russia-ukraine-talks"}, "huffpost.com"),
    ({"url": "http://en.kremlin.ru/events/president/news/67880"}, "en.kremlin.ru"),
    ({"canonical_url": "https://www.bbc.co.uk/news/1", "url": "https://feeds.example/1"}, "bbc.co.uk"),
    ({"source": "/data/tls/t17-dev/bpoil/bpoil_bbc/InputDocs/2010-05-01/1.htm.txt", "format": "dated"}, "bbc"),
    ({"source": "/data/kremlin-2022/releases.csv#12", "format": "csv"}, "kremlin-2022"),
    ({"source": "/data/wire#1/story.txt", "format": "seed"}, "wire#1"),
    ({"url": "javascript:alert(1)", "source": "/tmp/outlet/a.jsonl#0", "format": "jsonl"}, "outlet"),
    ({"url": "http://[broken/", "source": "a.txt", "format": "seed"}, "unknown"),
])
def test_publisher_is_the_host_else_the_outlet_else_the_folder(fields: dict[str, str], expected: str) -> None:
    assert publisher(**fields) == expected
