"""The text of a parsed doc, computed once: spaCy rebuilds ``Doc.text`` from its tokens on every access,
which made extractors quadratic in article length."""

from __future__ import annotations

import re

from spacy.tokens import Doc

KEY = "storyline_text"


def remember_text(doc: Doc, text: str) -> Doc:
    """Record the text the doc was made from (spaCy keeps it exactly), sparing the rebuild from the tokens."""
    doc.user_data[KEY] = text
    return doc


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(KEY)
    if text is None:
        text = doc.user_data[KEY] = doc.text
    return text


# A wire story's opening dateline, which the parse glues to its first sentence: "Tue Oct 18, 2011 4:10pm BST
# LONDON (Reuters) - ", "Reuters Paris - ", "BERLIN, March 3 (AP) - ".
DATELINE = re.compile(r"(?:[A-Z][\w ,:.|/]{0,60}?(?:\((?:Reuters|AP|AFP)\)|-LRB- Reuters -RRB-)|"
                      r"(?:Reuters|AFP|AP) [A-Z][a-z]+)\s*[-–—]+\s*")
LINE_START = re.compile(r"^", re.M)


def datelines(text: str) -> list[tuple[int, int]]:
    """The datelines opening the text's lines: place, date and agency, never a name, a subject or a figure."""
    spans = []
    for line in LINE_START.finditer(text):
        found = DATELINE.match(text, line.start())
        if found is not None:
            spans.append((found.start(), found.end()))
    return spans


def in_dateline(text: str, char: int) -> bool:
    found = DATELINE.match(text, text.rfind("\n", 0, char) + 1)
    return found is not None and char < found.end()
