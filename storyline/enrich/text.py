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
# The same dateline after a headline on its line, stamped with the place twice ("U.S. official says … NEW ORLEANS |
# Tue Sep 28, 2010 8:50 pm EDT NEW ORLEANS (Reuters) - ") or a place in capitals and a date ("… HOUSTON, July 15
# (Reuters) - ").
STAMPED_DATELINE = re.compile(r"(?:\b(?P<place>[A-Z][^|\n]{1,40}?) \| [^\n]{0,80}?\b(?P=place) |"
                              r"\b[A-Z]{2,}(?:[ /][A-Z]{2,})*(?:, [A-Z][a-z]+)?, [A-Z][a-z]{2,8}\.? \d{1,2} )"
                              r"(?:\((?:Reuters|AP|AFP)\)|-LRB- Reuters -RRB-)\s*[-–—]+\s*")


def datelines(text: str) -> list[tuple[int, int]]:
    """The datelines of the text's lines: place, date and agency, never a name, a subject or a figure."""
    spans = []
    for line in LINE_START.finditer(text):
        found = _dateline_of_line(text, line.start())
        if found is not None:
            spans.append(found)
    return spans


AGENCY_MARK = ("(Reuters)", "(AP)", "(AFP)", "-LRB- Reuters -RRB-")


def _dateline_of_line(text: str, start: int) -> tuple[int, int] | None:
    window = text[start:start + 460]
    if not any(mark in window for mark in AGENCY_MARK) and not window.startswith(("Reuters ", "AFP ", "AP ")):
        return None  # most lines: no agency, no dateline (the regular expressions below are slow on long lines)
    found = DATELINE.match(text, start)
    if found is not None and "|" not in found.group():
        return found.start(), found.end()
    end = text.find("\n", start)
    found = STAMPED_DATELINE.search(text, start, len(text) if end < 0 else end)
    if found is None and "(" in text[start:start + 400]:
        found = DATELINE.match(text, start)
    return (found.start(), found.end()) if found is not None else None


DATELINES_KEY = "storyline_datelines"


def doc_datelines(doc: Doc) -> list[tuple[int, int]]:
    """The doc's datelines, found once per doc (subjects are checked against them many times)."""
    found = doc.user_data.get(DATELINES_KEY)
    if found is None:
        found = doc.user_data[DATELINES_KEY] = datelines(doc_text(doc))
    return found


def in_dateline(text: str, char: int) -> bool:
    found = _dateline_of_line(text, text.rfind("\n", 0, char) + 1)
    return found is not None and found[0] <= char < found[1]


def without_dateline(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of a quote or clause with its line's dateline left out: the story starts after a dateline it opens
    with; a headline whose words run into the dateline ends before it."""
    found = _dateline_of_line(text, text.rfind("\n", 0, start) + 1)
    if found is None or found[1] <= start or end <= found[0]:
        return start, end
    if found[0] <= start:
        return (found[1], end) if found[1] < end else (start, end)
    end = found[0]
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
