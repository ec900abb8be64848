"""Storyline's errors, each with a code and a hint on how to fix it.

Exception tree::

    StorylineError            anything Storyline raises on purpose
    ├── InputError            one input cannot be read; becomes a Rejection, the batch goes on
    ├── SettingError          a setting has a bad value
    ├── UsageError            an argument a person typed is not valid (CLI exit 2, HTTP 400)
    ├── ModelError            a model is missing or is not the version we pinned
    └── StoreError            the database cannot be opened or is from a newer Storyline

Codes (``E1xx`` ingest, ``E2xx`` normalize, ``E3xx`` enrich, ``E4xx`` events, ``E5xx`` store,
``E6xx`` settings, ``E7xx`` timelines and evaluation) are stable: they are stored in the quarantine
table and documented in ``docs/errors.md``.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "E100": "unknown format: no reader recognised the input",
    "E101": "empty input",
    "E102": "binary input: not text",
    "E103": "input larger than the size limit (setting max_input_bytes)",
    "E104": "truncated or corrupt gzip file",
    "E105": "malformed CSV",
    "E106": "malformed JSON line",
    "E107": "malformed XML feed",
    "E108": "malformed WARC",
    "E109": "unreadable file (permissions or I/O)",
    "E110": "record has no text",
    "E111": "seed-format header is malformed",
    "E112": "HTML page has no extractable text",
    "E113": "input took longer than the time budget (setting max_input_seconds)",
    "E114": "HTML page too complex to parse (too many tags, or a tag with too many attributes)",
    "E199": "unexpected error while reading the input",
    "E201": "no publication date (undated input)",
    "E202": "publication date is not a real calendar date in the plausible range",
    "E203": "garbled text: too few letters to be prose",
    "E299": "unexpected error while normalizing the record",
    "E301": "spaCy model not installed",
    "E302": "spaCy model version is not the pinned one",
    "E303": "embedding model files missing",
    "E304": "enrichment failed for this article (it is kept and searchable, without entities or events)",
    "E501": "database is from a newer Storyline",
    "E503": "cannot open the database",
    "E502": "no such article",
    "E504": "store is from an older Storyline: only a writing command upgrades it",
    "E505": "the database cannot be read or written (damaged, locked, read-only or disk full)",
    "E506": "a query took too long and was stopped",
    "E601": "unknown setting",
    "E602": "bad setting value",
    "E604": "bad argument",
    "E701": "dataset folder has no Timeline17 layout",
    "E702": "no such story",
    "E703": "malformed gold file (attribution or events)",
    "E704": "gold reference does not resolve: article not found, or its normalized text changed (sha1 differs)",
}


class StorylineError(Exception):
    """Base error: ``code`` is one of CODES, ``hint`` says how to fix it."""

    def __init__(self, code: str, detail: str = "", *, hint: str = "") -> None:
        self.code = code
        self.detail = detail
        self.hint = hint
        super().__init__(self.describe())

    def describe(self) -> str:
        text = f"{self.code}: {CODES.get(self.code, 'error')}"
        if self.detail:
            text += f" ({self.detail})"
        if self.hint:
            text += f". {self.hint}"
        return text


class InputError(StorylineError):
    """One input cannot be read. The runner turns it into a Rejection and goes on."""


class SettingError(StorylineError):
    """A setting is unknown or has a bad value."""


class ModelError(StorylineError):
    """A model is missing, or not the version Storyline was tested with."""


class UsageError(StorylineError):
    """What a person typed is not valid (a date that is not a date, a value not in the list)."""


class StoreError(StorylineError):
    """The store cannot be used."""
