"""The timeline's light date resolver: day-level expressions against the publication date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.timeline.dates import resolve_dates

MONDAY = date(2010, 1, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The quake struck on January 12, 2010.", ["2010-01-12"]),
        ("It struck on 12 January 2010 near the capital.", ["2010-01-12"]),
        ("It happened on 2010-01-12.", ["2010-01-12"]),
        ("Officials met on Thursday.", ["2010-01-14"]),  # the Thursday before a Monday article
        ("Officials met on Monday.", ["2010-01-18"]),  # the publication day itself
        ("Officials met last Monday.", ["2010-01-11"]),
        ("Officials will meet on Thursday.", ["2010-01-21"]),  # future tense: the coming Thursday
        ("They meet next Monday.", ["2010-01-25"]),
        ("Aid arrived yesterday.", ["2010-01-17"]),
        ("The rig sank three days ago.", ["2010-01-15"]),
        ("The explosion on 20 April killed 11 workers.", ["2009-04-20"]),  # no year: the last one before
        ("The summit will open on 20 April.", ["2010-04-20"]),  # no year, future: the next one
        ("Hundreds have died since Monday.", []),  # "since Monday" is not what the sentence is about
        ("Prices may 10 times rise and march on.", []),  # lower-case month words are verbs
        ("It was 40 % lower in March.", []),  # month without a day is not a day
    ],
)
def test_resolves(text: str, expected: list[str]) -> None:
    assert [mention.value.isoformat() for mention in resolve_dates(text, published=MONDAY)] == expected


def test_offsets_point_at_the_expression() -> None:
    text = "On Tuesday, January 12, 2010, the quake struck; yesterday aid came."
    for mention in resolve_dates(text, published=MONDAY):
        assert text[mention.start : mention.end] == mention.surface


@given(text=st.text(max_size=200), day=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)))
def test_never_fails_and_offsets_hold(text: str, day: date) -> None:
    for mention in resolve_dates(text, published=day):
        assert text[mention.start : mention.end] == mention.surface
        assert abs((mention.value - day).days) <= 800 or mention.explicit
