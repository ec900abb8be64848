"""A light, fast resolver of day-level date expressions in a sentence, against the publication date.

It is consistent with ``storyline.enrich.times`` (weekdays resolve to the past: "Thursday" in a
Monday article is the Thursday before; "next Thursday" is the one after) but runs on raw sentences
at tens of thousands per second, so an evaluation over thousands of articles needs no dateparser.
Only day-level expressions count: "in March" or "last week" say too little to pick a timeline date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_PATTERNS = (
    re.compile(r"\b(?P<iso>(?:19|20)\d\d)-(?P<imonth>[01]\d)-(?P<iday>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|per|million|billion|bn|m\b)){_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.IGNORECASE),
    re.compile(r"\b(?:(?P<rel>last|next|this|on|since|until|by|from)\s+)?(?P<weekday>"
               + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE),
    re.compile(r"\b(?P<deictic>yesterday|today|tonight|tomorrow|this (?:morning|afternoon|evening))\b",
               re.IGNORECASE),
    re.compile(r"\b(?P<ago>\d|a|one|two|three|four|five|six|seven|eight|nine|ten) days? ago\b", re.IGNORECASE),
)  # fmt: skip
_DIGIT = re.compile(r"\d")
_RELATIVE_HINT = re.compile(r"day|tonight|tomorrow|morning|afternoon|evening|ago", re.IGNORECASE)
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "nine": 9, "ten": 10}  # fmt: skip
_NOT_ABOUT = {"since", "until", "by", "from"}  # "died since Thursday" is not about Thursday
_FUTURE = re.compile(r"\b(?:will|'ll|shall|is to|are to|is due|are due|scheduled|expected to|plans? to)\b", re.I)
_DEICTIC_SHIFT = {"yesterday": -1, "tomorrow": 1}


@dataclass(frozen=True)
class DateMention:
    """A resolved day-level expression: ``text[start:end] == surface``."""

    value: date
    start: int
    end: int
    surface: str
    explicit: bool  # a written calendar date, not "Tuesday" or "yesterday"


def resolve_dates(text: str, *, published: date) -> list[DateMention]:
    """Every day-level date expression in ``text``, resolved against ``published``, in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns_for(text):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            value = _resolve(match, published=published)
            if value is not None:
                found.append(DateMention(value, match.start(), match.end(), match.group(0), _is_explicit(match)))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda mention: mention.start)


def _patterns_for(text: str) -> tuple[re.Pattern[str], ...]:
    """Only the patterns that can match: most sentences have no date at all, and this keeps it cheap."""
    calendar = _PATTERNS[:3] if _DIGIT.search(text) else ()
    relative = _PATTERNS[3:] if _RELATIVE_HINT.search(text) else ()
    return calendar + relative


def _is_explicit(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    return bool(groups.get("iso") or groups.get("month"))


def _resolve(match: re.Match[str], *, published: date) -> date | None:
    groups = match.groupdict()
    if groups.get("iso"):
        return _safe_date(int(groups["iso"]), int(groups["imonth"]), int(groups["iday"]))
    future = bool(_FUTURE.search(match.string))
    if groups.get("month"):
        # Months are capitalized in news prose; lower case is the verb ("may 10") or a noun ("march").
        return _calendar(groups, published=published, future=future) if str(groups["month"])[0].isupper() else None
    if groups.get("weekday"):
        relation = (groups.get("rel") or "").lower()
        if relation in _NOT_ABOUT:
            return None
        if relation in {"", "on"} and future:
            relation = "next-or-today"  # "will meet on Thursday": this week's, not last week's
        return _weekday(groups["weekday"].lower(), relation, published=published)
    if groups.get("ago"):
        word = groups["ago"].lower()
        return published - timedelta(days=int(word) if word.isdigit() else _SMALL_NUMBERS[word])
    word = " ".join(groups["deictic"].lower().split())
    return published + timedelta(days=_DEICTIC_SHIFT.get(word, 0))


def _calendar(groups: dict[str, str | None], *, published: date, future: bool) -> date | None:
    month = MONTHS[str(groups["month"]).lower()]
    day = int(str(groups["day"]))
    if groups.get("year"):
        return _safe_date(int(str(groups["year"])), month, day)
    # No year: the nearest reading on or before publication ("on 20 April" in a July article is this
    # April), or on or after it when the sentence speaks of the future.
    readings = [_safe_date(published.year + shift, month, day) for shift in (-1, 0, 1)]
    if future:
        later = [reading for reading in readings if reading is not None and reading >= published]
        return min(later) if later else None
    earlier = [reading for reading in readings if reading is not None and reading <= published]
    return max(earlier) if earlier else None


def _weekday(name: str, relation: str, *, published: date) -> date | None:
    back = (published.weekday() - WEEKDAYS[name]) % 7
    if relation == "next":
        return published + timedelta(days=(7 - back) % 7 or 7)
    if relation == "next-or-today":
        return published + timedelta(days=(7 - back) % 7)
    if relation == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
