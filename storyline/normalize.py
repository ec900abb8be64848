"""RawArticle → Article: repaired Unicode, tidy whitespace, language, canonical URL, a UTC publication date.

Normalization is idempotent: normalizing an article's fields a second time changes nothing
(``tests/test_normalize.py`` checks it with hypothesis).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ftfy

from storyline.errors import InputError
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
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00c5\u00d0\u00d1\u00e2\u00ef\ufffd]|&#?\\w+;")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NOT_PROSE = re.compile(r"[^\w.,;:'\"!?()\-\u2018-\u201f]|_")


def normalize(raw: RawArticle, *, settings: Settings) -> Article | Rejection:
    """One raw article → a normalized Article, or a Rejection saying why it cannot be one."""
    try:
        return _normalize(raw, settings=settings)
    except InputError as error:
        return Rejection(raw.source, STAGE, error.code, error.describe())


def _normalize(raw: RawArticle, *, settings: Settings) -> Article:
    text = clean_text(raw.text)
    title = clean_line(raw.title)
    if len(text) < settings.min_text_chars:
        raise InputError("E110", f"{len(text)} characters of text, at least {settings.min_text_chars} needed")
    if _letter_ratio(text) < 0.5:
        raise InputError("E203", f"only {_letter_ratio(text):.0%} of the text is letters")
    published, precision = parse_published(raw.published or raw.published_hint)
    language, score = detect_language(f"{title}\n{text[:300]}")  # 300 characters decide; more only costs
    url = raw.url.strip()
    return Article(
        id=article_id(raw),
        source=raw.source,
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
    """
    place = os.path.abspath(raw.source.split("#", 1)[0])
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


def parse_published(value: str) -> tuple[datetime, str]:
    """A publication date as found → (aware UTC datetime, precision). Undated or unreadable input is rejected."""
    value = (value or "").strip()
    if not value:
        raise InputError("E201", hint="give the input a date field, a dated folder or --field published=COLUMN")
    for pattern, precision in ((_COMPACT_DATE, "day"), (_ISO_DAY, "day"), (_ISO_MONTH, "month"), (_YEAR, "year")):
        match = pattern.match(value)
        if match:
            numbers = [int(group) for group in match.groups()] + [1] * (3 - len(match.groups()))
            return _checked(datetime(numbers[0], numbers[1], numbers[2], tzinfo=UTC), value), precision
    return _parse_free_date(value)


def _parse_free_date(value: str) -> tuple[datetime, str]:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = _dateparser_parse(value)
    if parsed is None:
        raise InputError("E202", repr(value[:80]))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return _checked(parsed.astimezone(UTC), value), "second"


def _checked(moment: datetime, value: str) -> datetime:
    if not 1900 <= moment.year <= 2100:
        raise InputError("E202", f"{value!r} is out of range")
    return moment


def _dateparser_parse(value: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    return dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                                             "PREFER_DATES_FROM": "past"})


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
