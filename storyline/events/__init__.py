"""Events: PLOVER-coded who-did-what-to-whom, with the evidence sentence of every event.

Public API::

    code_events(article, enrichment, *, settings, docs=None) -> tuple[Event, ...]   # one article, pure
    merge_events(events, *, articles) -> list[MergedEvent]                           # across articles, pure

``docs`` is the spaCy parse of ``article.text`` when the caller already has it (the enrichment stage
does); without it the article is parsed here with the same pipeline (``storyline.enrich.nlp.load_nlp``).
The coder reads lemmas: when the parse was made without the lemmatizer, lemmas are added to a copy.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from storyline.events.merge import MergedEvent, merge_events
from storyline.records import Article, Enrichment, Event
from storyline.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc


__all__ = ["STAGE", "MergedEvent", "code_events", "merge_events", "parse"]


def __getattr__(name: str):
    if name == "STAGE":
        from storyline.events.coder import STAGE

        return STAGE
    raise AttributeError(f"module 'storyline.events' has no attribute {name!r}")


def code_events(
    article: Article, enrichment: Enrichment, *, settings: Settings, docs: Doc | None = None
) -> tuple[Event, ...]:
    """The article's PLOVER events (a pure function of the article, its enrichment and the settings)."""
    from storyline.events.coder import code_article  # the coder loads the enrichment stack (spaCy): on use only

    doc = docs if docs is not None and docs.text == article.text else parse(article.text, settings=settings)
    return code_article(article, enrichment, doc=_with_lemmas(doc, settings=settings))


def parse(text: str, *, settings: Settings):
    """The spaCy parse the coder reads (the enrichment's pipeline, with lemmas)."""
    return _with_lemmas(_nlp(settings)(text), settings=settings)


def _nlp(settings: Settings):
    from storyline.enrich.nlp import load_nlp

    return load_nlp(settings)


def _with_lemmas(doc: Doc, *, settings: Settings):
    if doc.has_annotation("LEMMA", require_complete=True) or not len(doc):
        return doc
    copy = doc.copy()
    lemmatizer, name = None, _model_name(settings)
    for token in copy:
        if token.pos_ not in LEMMATIZED:  # the coder reads only these words' lemmas
            token.lemma_ = token.text if token.pos_ == "PROPN" else token.lower_
            continue
        key = (name, token.lower_, token.pos_, str(token.morph))
        if key not in _LEMMAS:
            lemmatizer = lemmatizer or _lemmatizer(name)
            _LEMMAS[key] = lemmatizer.rule_lemmatize(token)[0] if len(_LEMMAS) < 500_000 else token.lower_
        token.lemma_ = _LEMMAS[key]
    return copy


def _model_name(settings: Settings) -> str:
    from storyline.enrich.nlp import model_name

    return model_name(settings)


LEMMATIZED = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
# (model, word, part of speech, morphology) → lemma: the rule lemmatizer is slow, words repeat.
_LEMMAS: dict[tuple[str, str, str, str], str] = {}


@functools.cache
def _lemmatizer(name: str):
    """The model's rule-based lemmatizer alone: it reads the tags the enrichment's parse already has."""
    import spacy

    nlp = spacy.load(name, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner", "senter"])
    return nlp.get_pipe("lemmatizer")
