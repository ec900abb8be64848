"""RawArticle → Article: repaired Unicode, tidy whitespace, language, canonical URL, a UTC publication date.

Normalization is idempotent: normalizing an article's fields a second time changes nothing
(``tests/test_normalize.py`` checks it with hypothesis). It never raises for bad input: a record it cannot
normalize is a Rejection (an unexpected exception is E299, a record slower than ``max_input_seconds`` E113).

Publication dates are real calendar dates from ``EARLIEST_PUBLISHED`` to ``FUTURE_SLACK`` after the run's
clock, stated with their year; relative words ("yesterday", "3 days ago") and bare numbers are rejected (E202)
rather than resolved against the clock. ``date_precision`` says what the value stated: ``year``, ``month``,
``day``, ``minute`` (a time without seconds) or ``second``.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ftfy

from storyline.errors import InputError
from storyline.ingest.budget import OverBudget, time_budget
from storyline.ingest.common import source_name, source_path, storable_text
from storyline.records import Article, RawArticle, Rejection
from storyline.settings import Settings

STAGE = "normalize"
_TRACKING_PARAMS = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ocid$|cmpid$|ref$|ref_src$|smid$)")
_OTHER_SPACES = "\t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000"
# runs of spaces that need folding: two or more, or any holding another kind of space (a lone " " is left alone,
# which saves a substitution per word)
_SPACES = re.compile(f"[{_OTHER_SPACES}][ {_OTHER_SPACES}]*| [ {_OTHER_SPACES}]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_EPOCH = re.compile(r"^\d{10}(\d{3})?$")  # Unix time in seconds or milliseconds ("timestamp" columns)
_ISO_START = re.compile(r"^\d{4}-?\d{2}-?\d{2}[T ]")
_STATED_YEAR = re.compile(r"(?<!\d)(?:1[89]|2\d)\d\d(?!\d)")
_RELATIVE = re.compile(r"\b(?:ago|yesterday|today|tonight|tomorrow|now|last|next|this|previous|coming|hence)\b",
                       re.IGNORECASE)
_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_CLOCK = re.compile(r"\d{1,2}:\d{2}|\d\s*[ap]\.?m\b", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
EARLIEST_PUBLISHED = datetime(1800, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)  # time zones and clocks that run ahead; later is not a publication date
# two clocks that differ in every field: a date that parses differently against them borrowed from the clock
_CLOCKS = (datetime(2001, 2, 3, 4, 5, 6), datetime(2012, 11, 22, 13, 44, 55))
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00c5\u00d0\u00d1\u00e2\u00ef\ufffd]|&#?\\w+;")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NOT_PROSE = re.compile(r"[^\w.,;:'\"!?()\-\u2018-\u201f]|_")


def normalize(raw: RawArticle, *, settings: Settings) -> Article | Rejection:
    """One raw article → a normalized Article, or a Rejection saying why it cannot be one. Never raises."""
    try:
        with time_budget(settings.max_input_seconds):
            return _normalize(raw, settings=settings)
    except InputError as error:
        return _rejection(raw, error.code, error.describe())
    except OverBudget as over:
        return _rejection(raw, "E113", f"normalizing took longer than {over.seconds:g} s (setting "
                                       "max_input_seconds)")
    except Exception as error:  # a bug met on one record: it is rejected, the run goes on
        return _rejection(raw, "E299", f"unexpected error: {type(error).__name__}: {error}")


def _rejection(raw: RawArticle, code: str, message: str) -> Rejection:
    return Rejection(source_name(str(raw.source)), STAGE, code, storable_text(message))


def _normalize(raw: RawArticle, *, settings: Settings) -> Article:
    text = clean_text(raw.text)
    title = clean_line(raw.title)
    if len(text) < settings.min_text_chars:
        raise InputError("E110", f"{len(text)} characters of text, at least {settings.min_text_chars} needed")
    if _letter_ratio(text) < 0.5:
        raise InputError("E203", f"only {_letter_ratio(text):.0%} of the text is letters")
    published, precision = parse_published(raw.published or raw.published_hint)
    language, score = detect_language(f"{title}\n{text[:300]}")  # 300 characters decide; more only costs
    url = storable_text(raw.url.strip())
    return Article(
        id=article_id(raw),
        source=source_name(raw.source),
        format=raw.format,
        title=title,
        text=text,
        url=url,
        canonical_url=canonical_url(url),
        published=published,
        date_precision=precision,
        language=language,
        language_score=score,
        author=clean_line(raw.author),
        content_hash=content_hash(title, text),
        raw_sha=raw.raw_sha,
        record_index=raw.record_index,
    )


def article_id(raw: RawArticle) -> str:
    """Stable id: the same record of the same input at the same place always gives the same id.

    The place counts too: an identical file in two folders is two articles, stored and linked as duplicates.
    Only a multi-record format's source ends in ``#n``, so a ``#`` in a file name is part of the place.
    """
    place = os.path.abspath(source_path(source_name(raw.source), raw.format))
    key = f"{place}:{raw.raw_sha}:{raw.record_index}" if raw.raw_sha else f"{place}:{raw.record_index}:{raw.text}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def content_hash(title: str, text: str) -> str:
    """Exact duplicates (same words, whatever the spacing or case) share this hash."""
    folded = " ".join(f"{title}\n{text}".lower().split())
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()


def clean_text(text: str) -> str:
    """Repair mojibake, normalize to NFC, fold runs of spaces, keep paragraph breaks.

    Text that needs ftfy is cleaned to a fixed point (at most three passes): folding white space can expose
    mojibake that ftfy left alone the first time ("Â\t" becomes "Â "), and normalizing must be idempotent.
    Other text is final after one pass (controls go before NFC, folding spaces composes nothing).
    """
    text = text or ""
    once = _clean_once(text)
    if once.isascii() or not (_MOJIBAKE_HINT.search(text) or _MOJIBAKE_HINT.search(once)):  # NFC can make a hint
        return once
    return _fixed_point(_clean_once, once)


def clean_line(text: str) -> str:
    return _fixed_point(lambda line: " ".join(repair_unicode(line).split()), text or "")


def _fixed_point(clean: Callable[[str], str], text: str, *, passes: int = 3) -> str:
    for _ in range(passes):
        cleaned = clean(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str) -> str:
    text = repair_unicode(text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join([line.strip() for line in _SPACES.sub(" ", text).split("\n")])
    return (_BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def repair_unicode(text: str) -> str:
    """ftfy where the text shows mojibake (it is slow on long texts); plain NFC otherwise.

    ASCII text has nothing to repair; other text goes through ftfy only when it holds a character that
    UTF-8 mis-decoded as Latin-1/Windows-1252 always leaves (Ã, Â, â€, Ð…), a replacement character or an entity.
    """
    if text.isascii():
        return _CONTROL.sub("", text)
    if _SURROGATE.search(text):  # lone surrogates (from JSON escapes) cannot be stored as UTF-8
        text = _SURROGATE.sub("\ufffd", text)
    if _MOJIBAKE_HINT.search(text):
        return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))  # controls first: removing one can join a pair


def _letter_ratio(text: str) -> float:
    """Share of letters, digits and ordinary punctuation among the visible characters of the first 2,000."""
    sample = "".join(text[:2000].split())
    if not sample:
        return 0.0
    return 1 - len(_NOT_PROSE.findall(sample)) / len(sample)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMS.match(k)))
    path = parts.path.rstrip("/") or "/"
    scheme = parts.scheme.lower()
    scheme = "https" if scheme == "http" else scheme  # the same page is served on both
    return urlunsplit((scheme, host, path, query, ""))


def parse_published(value: str, *, now: datetime | None = None) -> tuple[datetime, str]:
    """A publication date as found → (aware UTC datetime, precision). Undated input is E201; a value that is not
    a real calendar date with its year, or falls outside EARLIEST_PUBLISHED .. ``now`` + FUTURE_SLACK, is E202."""
    value = (value or "").strip()
    if not value:
        raise InputError("E201", hint="give the input a date field, a dated folder or --field published=COLUMN")
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    moment, precision = _read_date(value[:200])
    try:
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (OverflowError, ValueError) as error:  # 9999-12-31T23:00-05:00 is past the last datetime in UTC
        raise InputError("E202", f"{value[:80]!r} is out of range") from error
    if not EARLIEST_PUBLISHED <= moment <= latest:
        raise InputError("E202", f"{value[:80]!r} is out of range: publication dates run from "
                                 f"{EARLIEST_PUBLISHED:%Y-%m-%d} to {latest:%Y-%m-%d}")
    return moment, precision


def _read_date(value: str) -> tuple[datetime, str]:
    """The date a value states, naive or aware, and its precision; InputError E202 when it states none."""
    for pattern, precision in ((_COMPACT_DATE, "day"), (_ISO_DAY, "day"), (_ISO_MONTH, "month"), (_YEAR, "year")):
        match = pattern.match(value)
        if match:
            numbers = [int(group) for group in match.groups()] + [1] * (3 - len(match.groups()))
            return _calendar_date(value, numbers[0], numbers[1], numbers[2]), precision
    if _EPOCH.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC), "second"
    if _ISO_START.match(value):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")), _iso_time_precision(value[10:])
        except ValueError as error:
            if not _real_day(value):  # a real day with an odd time part goes on to the free parsers
                raise InputError("E202", f"{value[:80]!r} is not a real calendar date") from error
    return _parse_free_date(value)


def _calendar_date(value: str, year: int, month: int, day: int) -> datetime:
    try:
        return datetime(year, month, day)
    except ValueError as error:  # 2022-02-30, 2022-13-01
        raise InputError("E202", f"{value[:80]!r} is not a real calendar date: {error}") from error


def _real_day(value: str) -> bool:
    digits = re.sub(r"\D", "", value[:10])
    try:
        datetime(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


def _iso_time_precision(time_part: str) -> str:
    """``T17:30:00Z`` → second, ``T17:30+03:00`` → minute (an ISO time's digits before its zone)."""
    clock = re.split(r"[Z+-]", time_part.lstrip("T "), maxsplit=1)[0]
    return "second" if len(re.sub(r"\D", "", clock)) >= 6 else "minute"


def _parse_free_date(value: str) -> tuple[datetime, str]:
    """Any other written date (RFC 2822 mail dates, ``February 24, 2022 5:30 PM``) that states its year and
    does not lean on the clock."""
    if not _STATED_YEAR.search(value):
        reason = ("a relative date: it would be resolved against the run's clock" if _RELATIVE.search(value)
                  else "not a calendar date with a year")
        raise InputError("E202", f"{value[:80]!r} is {reason}")
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value), _clock_precision(value, "day")
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    readings = {_dateparser_read(value, clock) for clock in _CLOCKS}
    if None in readings:
        raise InputError("E202", repr(value[:80]))
    if len(readings) > 1:  # part of it came from the clock: "March 5 2022 last week", "2022 Monday"
        raise InputError("E202", f"{value[:80]!r} is not a complete calendar date: part of it would come from "
                                 "the run's clock")
    moment, period = readings.pop()  # type: ignore[misc]
    return moment, _clock_precision(value, {"year": "year", "month": "month"}.get(period, "day"))


def _clock_precision(value: str, without_clock: str) -> str:
    if _SECONDS.search(value):
        return "second"
    return "minute" if _CLOCK.search(value) else without_clock


def _dateparser_read(value: str, clock: datetime) -> tuple[datetime, str] | None:
    """dateparser's absolute reading of ``value`` against ``clock`` (relative phrases are not read at all)."""
    try:
        data = _date_parser(clock).get_date_data(value)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None:
        return None
    return data.date_obj, data.period or "day"


@lru_cache(maxsize=len(_CLOCKS))
def _date_parser(clock: datetime):  # type: ignore[no-untyped-def]
    import dateparser

    return dateparser.DateDataParser(settings={
        "RELATIVE_BASE": clock, "PARSERS": ["custom-formats", "absolute-time"], "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
    })


@lru_cache(maxsize=1)
def _language_identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and a probability. Other languages are kept and marked, never dropped."""
    if not text.strip():
        return "und", 0.0
    language, probability = _language_identifier().classify(text)
    return str(language), round(float(probability), 4)
