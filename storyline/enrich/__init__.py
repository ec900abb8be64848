"""Enrichment: sentences (each with the date it is about), entities with canonical names, quotes with
speakers, numeric claims, resolved time expressions and geocoded places.

Public API::

    enrich_articles(articles, *, settings) -> list[Enrichment]   # events=(): the events stage fills them
    load_nlp(settings) -> spacy.Language                          # cached per process
"""

from __future__ import annotations

from storyline.enrich.annotate import enrich_articles, enrich_doc
from storyline.enrich.nlp import load_nlp

__all__ = ["enrich_articles", "enrich_doc", "load_nlp"]
