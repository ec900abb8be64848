"""The text of a parsed doc, computed once: spaCy rebuilds ``Doc.text`` from its tokens on every access,
which made extractors quadratic in article length."""

from __future__ import annotations

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
