"""Light text helpers for timelines: undo PTB tokenization, split sentences, match keywords.

Timelines must run on articles that were never enriched (and on Timeline17's tokenized files), so
this module keeps its own small sentence splitter instead of loading spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET_RE = re.compile("|".join(re.escape(token) for token in _PTB_BRACKETS))
_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'S\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|'\s|'$)")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")
_DOUBLE_QUOTED = re.compile(r"`` ?(.*?) ?''")

# A boundary is end punctuation, optional closing quote/bracket, space, then a capital or an opening quote.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "gov", "sen", "rep", "st",
    "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
})  # fmt: skip


def detokenize(line: str) -> str:
    """Undo Penn-Treebank tokenization: ``BP 's loss -LRB- $ 25bn -RRB- .`` → ``BP's loss ($25bn).``"""
    text = _BRACKET_RE.sub(lambda match: _PTB_BRACKETS[match.group(0)], line.strip())
    text = _DOUBLE_QUOTED.sub(r'"\1"', text)
    text = text.replace("``", '"').replace("''", '"')
    text = _NO_SPACE_BEFORE.sub("", text)
    return _NO_SPACE_AFTER.sub("", text)


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence: lines first, then sentence punctuation inside a line."""
    for line in re.finditer(r"[^\n]+", text):
        yield from _line_spans(line.group(0), offset=line.start())


def _line_spans(line: str, *, offset: int) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _BOUNDARY.finditer(line):
        if _ends_with_abbreviation(line[start : match.start()]):
            continue
        yield from _trimmed(line, start, match.start(), offset=offset)
        start = match.end()
    yield from _trimmed(line, start, len(line), offset=offset)


def _ends_with_abbreviation(chunk: str) -> bool:
    words = chunk.rstrip("\"')]").split()
    if not words:
        return False
    last = words[-1].rstrip(".").lower()
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _trimmed(line: str, start: int, end: int, *, offset: int) -> Iterator[tuple[int, int]]:
    """The span without surrounding whitespace, if anything is left."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if end > start:
        yield offset + start, offset + end


def keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any keyword at a word start (``quake`` matches ``quakes``)."""
    words = [keyword.strip() for keyword in keywords if keyword.strip()]
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE)


_QUERY_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_SUFFIXES = ("ions", "ion", "ings", "ing", "ies", "es", "ed", "s", "e", "y")  # Ukraine → ukrain: Ukrainian too


def query_keywords(query: str) -> tuple[str, ...]:
    """A search's content words as sentence keywords, so that a query's timeline tells of what was asked.

    The search finds articles that mention the words anywhere; without this, a long transcript that names
    Ukraine once would give the timeline its lines about something else. Each word is cut to a stem, and
    keywords match at word starts: "negotiations" → "negotiat" finds negotiate, negotiating, negotiation.
    """
    words = [word.lower() for word in _QUERY_WORD.findall(query) if word != "OR"]
    return tuple(dict.fromkeys(_stem(word) for word in words if word not in ENGLISH_STOP_WORDS))


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*")


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))
