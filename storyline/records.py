"""Every record that flows through Storyline, in one place.

Records are frozen dataclasses: pure values, no identity beyond their fields, no store access.
Every extracted span keeps ``start``/``end`` character offsets into ``Article.text`` and its surface
text, so ``article.text[span.start:span.end] == span.text`` always holds. Every extraction carries the
name and version of the stage that made it (``stage="quotes.rules.v1"``).

Flow: ``RawArticle`` (ingest) → ``Article`` (normalize) → ``Enrichment`` (enrich) → ``Event`` (events)
→ ``Story`` → ``TimelineEntry``. Anything that cannot go on becomes a ``Rejection``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


def as_dict(record: Any) -> dict[str, Any]:
    """A JSON-friendly dict of a record (datetimes as ISO strings, tuples as lists)."""
    return _jsonable(asdict(record))


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value


# --- ingest and normalize -----------------------------------------------------------------------


@dataclass(frozen=True)
class RawArticle:
    """One article as a reader found it, before any cleaning.

    ``source`` names where it came from (a path, with ``#n`` for the n-th record of a multi-record
    file). ``raw_sha`` is the SHA-256 of the input blob it was read from, kept content-addressed
    in the store so later stages can rerun without the source files.
    """

    source: str
    format: str
    text: str
    title: str = ""
    url: str = ""
    published: str = ""  # as found: "20220228", "2022-02-24T17:30:00Z", "Mon, 28 Feb 2022 ..."
    author: str = ""
    raw_sha: str = ""
    record_index: int = 0
    published_hint: str = ""  # a date from outside the text, e.g. a dated folder (YYYY-MM-DD)


@dataclass(frozen=True)
class Article:
    """A normalized article. ``id`` is stable: the same input always gives the same id."""

    id: str
    source: str
    format: str
    title: str
    text: str
    url: str
    canonical_url: str
    published: datetime | None  # aware, UTC
    date_precision: str  # "second" | "minute" | "day" | "month" | "year" | "unknown"
    language: str
    language_score: float
    author: str
    content_hash: str  # SHA-256 of normalized title + text: exact duplicates share it
    raw_sha: str
    record_index: int = 0


@dataclass(frozen=True)
class Rejection:
    """An input that could not become an article, and why. Stored in the quarantine table."""

    source: str
    stage: str  # "ingest" | "normalize" | ...
    code: str  # an error code from storyline.errors, e.g. "E101"
    message: str


@dataclass(frozen=True)
class DuplicateLink:
    """``article_id`` repeats ``original_id`` (exact: same content hash; near: MinHash similarity)."""

    article_id: str
    original_id: str
    kind: str  # "exact" | "near"
    similarity: float


# --- enrich -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence with the date it is about (resolved from its time expressions, else publication)."""

    index: int
    start: int
    end: int
    text: str
    date: str = ""  # ISO date the sentence is about
    date_source: str = ""  # "time" (a resolved expression) | "published"


@dataclass(frozen=True)
class Mention:
    """An entity mention with its canonical name (``Putin`` → ``Vladimir Putin``)."""

    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, ...
    canonical: str
    start: int
    end: int
    stage: str = "entities.v1"


@dataclass(frozen=True)
class Quote:
    """A direct or reported quote and who said it."""

    speaker: str  # canonical name, or "" if unknown
    text: str  # the quoted words
    start: int
    end: int
    kind: str  # "direct" | "reported" | "unmarked" | "according_to" | "transcript"
    speaker_text: str = ""  # the speaker as written
    speaker_start: int = -1
    speaker_end: int = -1
    stage: str = "quotes.rules.v1"


@dataclass(frozen=True)
class Claim:
    """A number with what it counts: ``at least 352 Ukrainian civilians died``."""

    value: float
    unit: str  # "people", "USD", "percent", "" ...
    qualifier: str  # "at least", "more than", "about", "approximately", "" ...
    subject: str
    predicate: str
    source: str  # who reported it ("the government in Kyiv"), or ""
    text: str  # the number as written
    start: int
    end: int
    value_max: float | None = None  # for ranges and approximate words ("dozens" → 24..99)
    stage: str = "claims.rules.v1"


@dataclass(frozen=True)
class TimeExpr:
    """A date/time expression resolved against the publication date."""

    text: str
    value: str  # ISO date or datetime; for ranges the first day
    granularity: str  # "day" | "datetime" | "week" | "month" | "year" | "decade" | "range"
    start: int
    end: int
    value_end: str = ""  # last day of a range ("the weekend" → 2022-02-27)
    stage: str = "times.rules.v1"


@dataclass(frozen=True)
class Place:
    """A geocoded place mention."""

    name: str  # canonical name ("Kharkiv")
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2 (or alpha-3 where the exporter needs it)
    kind: str  # "country" | "city" | "region" | "continent"
    start: int
    end: int
    text: str = ""
    stage: str = "places.gazetteer.v1"


@dataclass(frozen=True)
class Enrichment:
    """Everything enrichment found in one article."""

    article_id: str
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()


# --- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """An event participant as a canonical entity with PLOVER/CAMEO-style codes."""

    name: str
    country: str = ""  # ISO 3166-1 alpha-3 ("RUS")
    sector: str = ""  # "GOV", "MIL", "REB", "CVL", ...
    text: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Event:
    """A PLOVER-coded event with its evidence sentence."""

    type: str  # one of the 16 PLOVER types
    mode: str
    actor: Actor | None
    recipient: Actor | None
    date: str  # ISO date
    date_precision: str  # "day" | "week" | "month" | "year" | "decade" | "published"
    article_id: str
    sentence_start: int
    sentence_end: int
    sentence: str
    confidence: float
    contexts: tuple[str, ...] = ()
    place: Place | None = None
    figures: dict[str, float] = field(default_factory=dict)  # killed, injured, size, ...
    modality: str = ""  # "" | "future" | "negated" | "hypothetical"
    trigger: str = ""
    stage: str = "events.coder.v1"
    date_source: str = ""  # "text" (a time expression dates it) | "publication" (the article's date stands in) | ""


# --- stories and timelines ----------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    article_id: str
    url: str
    title: str
    published: str


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    sentences: tuple[str, ...]
    sources: tuple[Source, ...] = ()
    events: tuple[dict[str, Any], ...] = ()
