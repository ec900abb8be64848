"""Detokenizing Timeline17 text, splitting sentences, matching keywords."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.timeline.text import detokenize, keyword_pattern, sentence_spans


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ("BP 's loss -LRB- $ 25bn -RRB- .", "BP's loss ($25bn)."),
        ("He said `` no '' , and left .", 'He said "no", and left.'),
        ("It did n't work ; 40 % fell !", "It didn't work; 40% fell!"),
    ],
)
def test_detokenize(tokens: str, text: str) -> None:
    assert detokenize(tokens) == text


def test_sentences_split_on_punctuation_but_not_on_abbreviations() -> None:
    text = "Mr. Hayward met U.S. officials. BP shares fell 5%.\nA new line starts here"
    sentences = [text[start:end] for start, end in sentence_spans(text)]
    assert sentences == ["Mr. Hayward met U.S. officials.", "BP shares fell 5%.", "A new line starts here"]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'AB1")), max_size=120))
def test_spans_are_ordered_trimmed_and_inside(text: str) -> None:
    previous_end = 0
    for start, end in sentence_spans(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end


def test_keywords_match_word_starts_case_insensitively() -> None:
    pattern = keyword_pattern(["quake", "Haiti"])
    assert pattern is not None
    assert pattern.search("HAITI mourns") is not None
    assert pattern.search("Two quakes hit") is not None
    assert pattern.search("An earthquake hit") is None  # "quake" inside a word does not count
    assert keyword_pattern([" ", ""]) is None
