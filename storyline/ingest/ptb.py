"""Undo Penn Treebank tokenization (Timeline17's text): ``-LRB- CNN -RRB-`` → ``(CNN)``, ``it 's`` → ``it's``.

Line breaks are kept: Timeline17 puts one sentence per line. Each rule is one pass over the text (``str.replace``
or a regular expression that starts with a literal), and rules for rare tokens run only when the token occurs.
"""

from __future__ import annotations

import re

_BRACKETS = {"LRB": "(", "RRB": ")", "LSB": "[", "RSB": "]", "LCB": "{", "RCB": "}"}
_BRACKET_TOKEN = re.compile(r"-(LRB|RRB|LSB|RSB|LCB|RCB)-")
_CLITIC = re.compile(r" '([sSdDmM]|[rR][eE]|[vV][eE]|[lL][lL])(?![\w'])")
# words PTB splits in two: "can not" was "cannot", "gon na" was "gonna"
_SPLIT_WORDS = {split: split.replace(" ", "") for base in ("can not", "gon na", "wan na", "got ta")
                for split in (base, base.capitalize(), base.upper())}
_SPLIT_WORD = re.compile("(" + "|".join(_SPLIT_WORDS) + r")\b")  # no leading \b: it defeats the fast scan
_DOUBLED_PERIOD = re.compile(r"\. \.(?= |\n|$)")  # "etc. ." → "etc."
_SPACE_BEFORE_CLOSER = re.compile(r" (?=[,.;:?!%)\]}])")
_CLOSE_SINGLE = re.compile(r" '(?=[ ,.;:?!)\]\n]|$)")
_DOLLAR = re.compile(r"\$ (?=\d)")
_TOKENIZED = re.compile(r" [,.;:] | [.?!]$| n't\b| 's\b|-[LR]RB-|`` ", re.MULTILINE)


def looks_tokenized(text: str) -> bool:
    """True when the text carries PTB tokenization marks (checked on its first 4,000 characters)."""
    return _TOKENIZED.search(text, 0, 4000) is not None


def detokenize(text: str) -> str:
    """Readable text from PTB-tokenized text; untokenized text passes through nearly unchanged."""
    text = text.replace(" \n", "\n").strip(" ")
    if "B-" in text:
        text = _BRACKET_TOKEN.sub(lambda match: _BRACKETS[match[1]], text)
    if "\\" in text:
        text = text.replace("\\/", "/").replace("\\*", "*")
    if "`" in text:
        text = text.replace("`` ", '"').replace("``", '"')
    text = _CLITIC.sub(r"'\1", text)
    text = text.replace(" n't", "n't").replace(" N'T", "N'T")
    if any(split in text for split in _SPLIT_WORDS):
        text = _SPLIT_WORD.sub(_join_split_word, text)
    if ". ." in text:
        text = _DOUBLED_PERIOD.sub(".", text)
    text = _SPACE_BEFORE_CLOSER.sub("", text)
    if "''" in text:
        text = text.replace(" ''", "''").replace("''", '"')
    text = text.replace("( ", "(").replace("[ ", "[").replace("{ ", "{")
    if "`" in text:
        text = text.replace("` ", "'").replace("`", "'")
    if " '" in text:
        text = _CLOSE_SINGLE.sub("'", text)
    if "$ " in text:
        text = _DOLLAR.sub("$", text)
    return text


def _join_split_word(match: re.Match[str]) -> str:
    start = match.start()
    if start and (match.string[start - 1].isalnum() or match.string[start - 1] == "_"):
        return match[0]  # "American not": not the start of a word
    return _SPLIT_WORDS[match[1]]
