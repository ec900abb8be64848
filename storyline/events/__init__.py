"""Events: PLOVER-coded who-did-what-to-whom, with the evidence sentence of every event.

Public API::

    code_events(article, enrichment, *, settings, docs=None) -> tuple[Event, ...]   # one article, pure
    merge_events(events, *, articles) -> list[MergedEvent]                           # across articles, pure

``docs`` is the spaCy parse of ``article.text`` when the caller already has it (the enrichment stage
does); without it the article is parsed here with the same pipeline (``storyline.enrich.nlp.parse``).
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
    from storyline.enrich.nlp import load_nlp
    from storyline.enrich.nlp import parse as parse_texts

    return _with_lemmas(next(parse_texts(load_nlp(settings), [text])), settings=settings)


def _with_lemmas(doc: Doc, *, settings: Settings):
    """A copy of the doc with lemmas, written column-wise: the rule lemmatizer once per new word form.

    Words the coder reads (``LEMMATIZED``) get the model's rule lemma, looked up by (word, part of speech,
    morphology) and computed from the form's first token when new; the rest keep their text (proper nouns)
    or lower form.
    """
    if doc.has_annotation("LEMMA", require_complete=True) or not len(doc):
        return doc
    import numpy
    from spacy.attrs import LEMMA, LOWER, MORPH, ORTH, POS

    copy = doc.copy()
    columns = copy.to_array([POS, LOWER, ORTH, MORPH])
    propn = copy.vocab.strings["PROPN"]
    lemmas = numpy.where(columns[:, 0] == propn, columns[:, 2], columns[:, 1])
    read = numpy.isin(columns[:, 0], [copy.vocab.strings[pos] for pos in LEMMATIZED])
    if read.any():
        at = numpy.flatnonzero(read)
        forms = numpy.ascontiguousarray(columns[at][:, [1, 0, 3]])  # lower, pos, morph: the cache key
        packed = forms.view(numpy.dtype((numpy.void, 3 * forms.itemsize))).ravel()
        _, first, inverse = numpy.unique(packed, return_index=True, return_inverse=True)
        found = _form_lemmas(copy, at[first], name=_model_name(settings))
        lemmas[at] = numpy.array(found, dtype=numpy.uint64)[inverse.ravel()]
    copy.from_array([LEMMA], lemmas.astype(numpy.uint64))
    return copy


def _form_lemmas(doc: Doc, firsts, *, name: str) -> list[int]:
    """The lemma hash of each word form, given its first token (``firsts``: token indexes); new forms are
    computed in document order, as the token-by-token loop did, so the cache fills the same way."""
    hashes = [0] * len(firsts)
    for slot in sorted(range(len(firsts)), key=lambda s: firsts[s]):
        token = doc[int(firsts[slot])]
        key = (name, token.lower_, token.pos_, str(token.morph))
        lemma = _LEMMAS.get(key)
        if lemma is None:
            # past the cap new forms keep their lower form (and are remembered so)
            lemma = _LEMMAS[key] = (_lemmatizer(name).rule_lemmatize(token)[0] if len(_LEMMAS) < 500_000
                                    else token.lower_)
        hashes[slot] = doc.vocab.strings.add(lemma)
    return hashes


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
