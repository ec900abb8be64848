"""Time expressions resolved against the publication date, and the date each sentence is about.

News convention decides the ambiguous cases: a bare weekday means the most recent one (the publication
day itself when it matches: "on Monday" in a Monday article is that Monday), unless its clause speaks of
the future ("will meet on Thursday", "are expected to sign on Friday", "is scheduled for Friday"); a past
clause ("began on Thursday") stays in the past even when the sentence goes on "and will resume tomorrow",
and a clause without tense follows its sentence ("Tomorrow Kyiv hosts the talks; on Friday ...").
"the weekend" is the last Saturday–Sunday; "later in the day" is the day the text was last talking
about. Explicit dates without a year take the year that puts them nearest before the publication (after it
in future-tense sentences). ``dateparser`` handles the forms these rules do not cover.

A number is a year only when the text says so and the year is plausible for a news article. A bare
four-digit number needs year evidence — a preposition or word that takes a year ("in", "since", "by",
"until", "of", "from", "for", "compared to", "the year", "early", "Strategy to" ...), a year range ("2014 to
2022") or a determiner naming a thing of that year ("the 2014 referendum", "the 1997 documents") — and is
never a year when it counts something ("1570 educational institutions", "for 2000 people") or is part of a
longer number (a phone number, "No. 1648"). Ordinals are not years ("the 83rd day"). Every resolved
date, however it was written, must fall in the plausible window: from ``FIRST_YEAR`` (1900: news speaks of
the modern era; earlier "years" in the material are counts, codes or history, never the date of a reported
event) to ``YEARS_AHEAD`` (50) years after publication, far enough for the long targets news reports (the
Kremlin releases of 2021–22 speak of carbon neutrality "by 2060"). "A decade" and "the next decade" are
spans, not dates; "a decade ago" is a year.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser
from spacy.tokens import Doc, Span, Token

from storyline.enrich.text import doc_text
from storyline.records import Sentence, TimeExpr

STAGE = "times.rules.v1"
WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): index for index, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
NOT_ABOUT = {"since", "until", "till", "before", "by", "from"}  # "died since Thursday" is not about Thursday
FUTURE_WORDS = {"will", "shall", "'ll", "next", "coming", "upcoming", "tomorrow"}
FUTURE_CUES = {"will", "shall", "'ll", "tomorrow", "upcoming"}  # a sentence looking ahead, when its clause says nothing
# Word forms (the pipeline runs without a lemmatizer): "are expected to sign on Friday", "is scheduled for Friday".
PLANNING_VERBS = {"expect", "expects", "expected", "plan", "plans", "planned", "planning", "intend", "intends",
                  "intended", "going", "set", "scheduled", "slated", "due"}
SCHEDULED = {"scheduled", "slated", "due"}
DURATION = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|past|last|"
                      r"next|recent|coming)\b.*\b(hours?|days|weeks|months|years|decades|centuries)\b")
CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?", re.I)
EXTRA = re.compile(
    r"\b(?:(?:later|earlier) (?:in|on) the day|the same day|that day|today[’']?s?|tonight|yesterday|tomorrow|"
    r"this (?:morning|afternoon|evening)|(?:last |next |this |over the |the )?weekend|"
    r"(?:on |last |next |this )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"the (?:day|night) (?:before|after)|the (?:previous|next|following) (?:day|night)|"
    r"(?-i:MONTH)\.? \d{1,2}(?:st|nd|rd|th)?(?:, \d{4})?|\d{1,2} (?-i:MONTH)(?: \d{4})?)\b".replace(
        "MONTH", "January|February|March|April|May|June|July|August|September|October|November|December|"
        "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"), re.I)
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?(?:\s+(\d{4}))?\b", re.I)
MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b", re.I)
MONTH_YEAR = re.compile(r"\b([a-z]{3,9})\.?,?\s+(?:of\s+)?(\d{4})\b", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEAR = re.compile(r"^(?:in |the year |early |late |mid-?)?(\d{4})$")
AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago\b")
FIRST_YEAR = 1900
YEARS_AHEAD = 50
LAST_YEAR_UNPUBLISHED = 2100  # the window's end when an article has no publication date
BARE_NUMBER = re.compile(r"(?:the year |year )?(\d+)")
DECADE = re.compile(r"(?:the )?(?:early |late |mid-?)?(\d{3}0)'?s")
ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
DAY_ORDINAL = re.compile(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)")
YEAR_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|until|till|of|from|for|during|before|after|through|throughout|between|circa|around|"
    r"early|late|mid|end|beginning|middle|spring|summer|autumn|fall|winter|year|compared (?:to|with)|up to|"
    r"through to|prior to|(?:strategy|programme|program|plan|period|forecast|outlook) to))\s*-?$", re.I)
YEAR_RANGE_BEFORE = re.compile(r"\b(?:19|20)\d\d\s*(?:to|and|or|-|–|—)\s*$")  # "2014 to 2022", "1999 and 2010"
PART_OF_LONGER_NUMBER = re.compile(r"(?:[\d)][\s./-]?|[+(/#№]\s?|\bno\.?\s?)$", re.I)
CONTINUES_NUMBER = re.compile(r"^[-./]?\d")
PLURAL_NOUN_TAGS = frozenset({"NNS", "NNPS"})
NOUN_TAGS = frozenset({"NN", "NNP", "NNS", "NNPS"})
SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class Resolved:
    value: str
    granularity: str
    value_end: str = ""


@dataclass(frozen=True)
class Found:
    """A resolved expression and whether its sentence is about that time (not "since Thursday")."""

    time: TimeExpr
    anchors_sentence: bool


def extract_times(doc: Doc, *, published: datetime | None) -> list[Found]:
    reference = published.date() if published else None
    context = reference
    found: list[Found] = []
    for start, end in _candidates(doc):
        span = doc.char_span(start, end, alignment_mode="expand")
        text = doc_text(doc)[start:end]
        if BARE_NUMBER.fullmatch(text.lower()) and not _is_a_year(doc, span, start=start, end=end):
            continue
        resolved = resolve(text, reference=reference, context=context, future=_is_future(span))
        if resolved is None:
            continue
        if resolved.granularity in {"day", "datetime"}:
            context = date.fromisoformat(resolved.value[:10])
        time = TimeExpr(text, resolved.value, resolved.granularity, start, end, resolved.value_end, STAGE)
        found.append(Found(time, _anchors(doc, span, start=start)))
    return found


def _candidates(doc: Doc) -> list[tuple[int, int]]:
    """DATE/TIME entities and our own phrases, overlapping spans merged, in text order."""
    spans = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in {"DATE", "TIME"}]
    spans += [(match.start(), match.end()) for match in EXTRA.finditer(doc_text(doc))]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [_trim(doc_text(doc), start, end) for start, end in merged]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave out a leading "on"/"the" the merge may have pulled in and trailing punctuation."""
    for word in ("on ", "On "):
        if text.startswith(word, start):
            start += len(word)
    while end > start and text[end - 1] in " ,.;:" and not text[start:end].lower().endswith(("a.m.", "p.m.")):
        end -= 1
    return start, end


def _is_a_year(doc: Doc, span: Span | None, *, start: int, end: int) -> bool:
    """A bare four-digit number is a year only with year evidence, never when it counts or continues a number."""
    text = doc_text(doc)
    phrase, before = text[start:end].lower(), text[max(0, start - 30):start]
    if len(BARE_NUMBER.fullmatch(phrase).group(1)) != 4:
        return False
    if PART_OF_LONGER_NUMBER.search(before) or CONTINUES_NUMBER.match(text[end:end + 3]):
        return False  # a phone number, an order number
    if (span is not None and _names_a_dated_thing(span)) or YEAR_RANGE_BEFORE.search(before):
        return True
    if span is not None and _counts_something(span[-1]):
        return False  # "1570 educational institutions", "for 2000 people"
    return phrase.startswith(("the year", "year")) or bool(YEAR_CUE_BEFORE.search(before))


def _counts_something(number: Token) -> bool:
    """The number modifies a plural noun ("1570 institutions", "2000 people"): a count, not a year."""
    if number.dep_ == "nummod" and number.head.i > number.i and number.head.tag_ in PLURAL_NOUN_TAGS:
        return True
    for token in number.doc[number.i + 1:number.i + 4]:
        if token.pos_ not in {"ADJ", "ADV"}:
            return token.tag_ in PLURAL_NOUN_TAGS
    return False


def _names_a_dated_thing(span: Span) -> bool:
    """ "the 2014 referendum", "the 1997 documents", "Russia's 2022 budget", "the 1999 and 2010 summits": a
    determiner, the year, a noun (a determined number names which one, it does not count them)."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    determined = before is not None and (before.lower_ == "the" or before.tag_ in {"POS", "PRP$"})
    return determined and after is not None and (after.tag_ in NOUN_TAGS or after.lower_ in {"and", "or"})


def _is_future(span: Span | None) -> bool:
    """Whether a time is ahead of the text: its own words ("next"), else its clause's tense, else its sentence."""
    if span is None:
        return False
    if {token.lower_ for token in span} & FUTURE_WORDS:
        return True
    tense = _clause_tense(span.root)
    if tense:
        return tense == "future"
    if {token.lower_ for token in span.sent} & FUTURE_CUES:
        return True
    # "Voting begins tomorrow. Results come on Friday.": a present-tense sentence after one about tomorrow looks ahead
    previous = span.doc[span.sent.start - 1].sent if span.sent.start > 0 else None
    return previous is not None and "tomorrow" in {token.lower_ for token in previous}


def _clause_tense(token: Token) -> str:
    """ "future" ("will meet", "are expected to sign"), "past" ("began", "has met") or "" (present, unknown)."""
    verb = token
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
        if verb.lower_ in SCHEDULED:
            return "future"  # "Results are due on Friday"
    if verb.pos_ not in {"VERB", "AUX"}:
        return ""
    chain = [verb]
    while chain[-1].dep_ in {"xcomp", "ccomp"} and chain[-1].head.i != chain[-1].i and len(chain) < 4:
        chain.append(chain[-1].head)
    auxiliaries = [child for node in chain[:2] for child in node.children if child.dep_ in {"aux", "auxpass"}]
    if any(aux.lower_ in {"will", "shall", "'ll", "wo"} for aux in auxiliaries):
        return "future"
    planning = verb.lower_ in PLANNING_VERBS and any(child.dep_ == "xcomp" for child in verb.children)
    if planning or verb.lower_ in SCHEDULED or any(node.lower_ in PLANNING_VERBS for node in chain[1:]):
        return "future"
    if verb.tag_ == "VBD" or any(aux.tag_ == "VBD" or aux.lower_ in {"has", "have", "had"} for aux in auxiliaries):
        return "past"
    return ""


def _anchors(doc: Doc, span: Span | None, *, start: int) -> bool:
    """False for "since Thursday" and for a time inside a since/until clause: the sentence is not about it."""
    before = doc_text(doc)[max(0, start - 12):start].lower().split()
    if before and before[-1] in NOT_ABOUT:
        return False
    token = span.root if span is not None else None
    while token is not None and token.head.i != token.i:
        token = token.head
        if any(child.dep_ == "mark" and child.lower_ in {"since", "until", "till"} for child in token.children):
            return False
    return True


def resolve(text: str, *, reference: date | None, context: date | None, future: bool = False) -> Resolved | None:
    """The date a time expression means, or None when it names no point in time ("five years")."""
    phrase = " ".join(text.lower().replace("’", "'").split())
    phrase = re.sub(r"^(on|in|at|during|over|by|of) ", "", phrase)
    if _not_a_date(phrase):
        return None
    for rule in (_clock, _decade, _explicit, _relative_day, _weekend, _weekday, _named_period, _ago):
        resolved = rule(phrase, reference=reference, context=context, future=future)
        if resolved is not None:
            return resolved if _plausible(resolved, reference) else None
    if DURATION.search(phrase) or reference is None:
        return None
    resolved = _dateparser(phrase, reference=reference, future=future)
    return resolved if resolved is not None and _plausible(resolved, reference) else None


def _not_a_date(phrase: str) -> bool:
    """Phrases that name no date: "12", "the 83rd day" (an ordinal is a day of a month, at most), "a decade"."""
    if "decade" in phrase and "ago" not in phrase:
        return True  # "the next decade", "about a decade": dateparser would pick a year ten years off
    bare = BARE_NUMBER.fullmatch(phrase)
    if bare is not None:
        return len(bare.group(1)) != 4
    if ORDINAL.search(phrase) and not any(word in MONTHS for word in re.findall(r"[a-z]+", phrase)):
        day = DAY_ORDINAL.fullmatch(phrase)
        return day is None or not 1 <= int(day.group(1)) <= 31
    return False


def _plausible(resolved: Resolved, reference: date | None) -> bool:
    """Within the window a news article can date things in (see the module notes)."""
    last = reference.year + YEARS_AHEAD if reference is not None else LAST_YEAR_UNPUBLISHED
    return FIRST_YEAR <= int(resolved.value.split("-")[0]) <= last


def _decade(phrase: str, *, reference: date | None, context: date | None, future: bool) -> Resolved | None:
    match = DECADE.fullmatch(phrase)
    if match is None:
        return None
    first = int(match.group(1))
    return Resolved(f"{first}-01-01", "decade", f"{first + 9}-12-31")


def _clock(phrase: str, *, reference: date | None, context: date | None, future: bool) -> Resolved | None:
    match = CLOCK.search(phrase)
    day = context or reference
    if match is None or day is None:
        return None
    hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
    minute = int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return Resolved(f"{day.isoformat()}T{hour:02d}:{minute:02d}", "datetime")


def _relative_day(phrase: str, *, reference: date | None, context: date | None, future: bool) -> Resolved | None:
    if reference is None:
        return None
    if re.search(r"\b(later|earlier) (in|on) the day\b|\bthe same day\b|^that day$", phrase):
        return _day(context or reference)
    if re.fullmatch(r"the (day|night) before|the previous (day|night)", phrase):
        return _day((context or reference) - timedelta(days=1))
    if re.fullmatch(r"the (day|night) after|the (next|following) (day|night)", phrase):
        return _day((context or reference) + timedelta(days=1))
    if re.search(r"\b(today|todays|today's|tonight|this (morning|afternoon|evening))\b", phrase):
        return _day(reference)
    if "day before yesterday" in phrase:
        return _day(reference - timedelta(days=2))
    if re.search(r"\byesterday\b", phrase):
        return _day(reference - timedelta(days=1))
    if re.search(r"\btomorrow\b", phrase):
        return _day(reference + timedelta(days=1))
    return None


def _weekend(phrase: str, *, reference: date | None, context: date | None, future: bool) -> Resolved | None:
    if reference is None or not re.search(r"\bweekend\b", phrase) or re.search(r"\d|weekends", phrase):
        return None
    ahead = "next" in phrase or "coming" in phrase or (future and "last" not in phrase)
    if reference.weekday() >= 5 and "last" not in phrase and "next" not in phrase:
        saturday = reference - timedelta(days=reference.weekday() - 5)
    elif ahead:
        saturday = reference + timedelta(days=(5 - reference.weekday()) % 7 or 7)
    else:
        saturday = reference - timedelta(days=(reference.weekday() - 5) % 7 or 7)
    return Resolved(saturday.isoformat(), "range", (saturday + timedelta(days=1)).isoformat())


def _weekday(phrase: str, *, reference: date | None, context: date | None, future: bool) -> Resolved | None:
    names = [word for word in re.findall(r"[a-z]+", phrase) if word in WEEKDAYS]
    if reference is None or len(names) != 1 or re.search(r"\d", phrase):
        return None
    weekday = WEEKDAYS[names[0]]
    if "next" in phrase or (future and "last" not in phrase):
        return _day(reference + timedelta(days=(weekday - reference.weekday()) % 7))
    back = (reference.weekday() - weekday) % 7 or (7 if "last" in phrase else 0)
    return _day(reference - timedelta(days=back))


def _named_period(phrase: str, *, reference: date | None, context: date | None, future: bool) -> Resolved | None:
    match = re.fullmatch(r"(last|this|next|the past|the previous|the current) (week|month|year)", phrase)
    if reference is None or match is None:
        return None
    step = {"last": -1, "the past": -1, "the previous": -1, "next": 1}.get(match.group(1), 0)
    if match.group(2) == "week":
        monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=step)
        return Resolved(monday.isoformat(), "week", (monday + timedelta(days=6)).isoformat())
    if match.group(2) == "month":
        year, month = divmod(reference.year * 12 + reference.month - 1 + step, 12)
        return _month(year, month + 1)
    return _year(reference.year + step)


def _ago(phrase: str, *, reference: date | None, context: date | None, future: bool) -> Resolved | None:
    match = AGO.search(phrase)
    if reference is None or match is None:
        return None
    count = SMALL_NUMBERS.get(match.group(1)) or int(match.group(1))
    unit = match.group(2)
    if unit == "day":
        return _day(reference - timedelta(days=count))
    if unit == "week":
        return _day(reference - timedelta(weeks=count))
    if unit == "month":
        year, month = divmod(reference.year * 12 + reference.month - 1 - count, 12)
        return _month(year, month + 1)
    return _year(reference.year - count)


def _explicit(phrase: str, *, reference: date | None, context: date | None, future: bool) -> Resolved | None:
    """ISO dates, "24 February 2022", "February 24", "March 2022", "2014", "in March"."""
    match = ISO_DATE.search(phrase)
    if match:
        return _checked_day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    for pattern, day_group, month_group in ((DAY_MONTH, 1, 2), (MONTH_DAY, 2, 1)):
        match = pattern.search(phrase)
        if match and match.group(month_group) in MONTHS:
            month, day = MONTHS[match.group(month_group)], int(match.group(day_group))
            year = int(match.group(3)) if match.group(3) else _nearest_year(month, day, reference, future)
            return None if year is None else _checked_day(year, month, day)
    return _month_or_year(phrase, reference=reference, future=future)


def _month_or_year(phrase: str, *, reference: date | None, future: bool) -> Resolved | None:
    match = MONTH_YEAR.search(phrase)
    if match and match.group(1) in MONTHS:
        year = int(match.group(2))
        return _month(year, MONTHS[match.group(1)]) if year >= 1 else None
    match = YEAR.match(phrase)
    if match:
        return _year(int(match.group(1)))
    words = re.sub(r"^(early|late|mid|the end of|the beginning of|the middle of)[- ]", "", phrase)
    if words in MONTHS and len(words) > 3 and reference is not None:
        year = _nearest_year(MONTHS[words], 1, reference, future)
        return None if year is None else _month(year, MONTHS[words])
    return None


def _nearest_year(month: int, day: int, reference: date | None, future: bool) -> int | None:
    if reference is None:
        return None
    try:
        candidate = date(reference.year, month, min(day, 28 if month == 2 else day))
    except ValueError:
        return None
    if future and candidate < reference - timedelta(days=31):
        return reference.year + 1
    if not future and candidate > reference + timedelta(days=31):
        return reference.year - 1
    return reference.year


@functools.lru_cache(maxsize=4096)
def _dateparser(phrase: str, *, reference: date, future: bool) -> Resolved | None:
    if not re.search(r"\d|" + "|".join(MONTHS), phrase):
        return None  # dateparser reads "now", "second" and such as dates; only ask it about dated phrases
    parser = dateparser.date.DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day, 12),
        "PREFER_DATES_FROM": "future" if future else "past", "STRICT_PARSING": False,
    })
    data = parser.get_date_data(phrase)
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if data.period == "month":
        return _month(found.year, found.month)
    if data.period == "year":
        return _year(found.year)
    return _day(found)


def _day(day: date) -> Resolved:
    return Resolved(day.isoformat(), "day")


def _checked_day(year: int, month: int, day: int) -> Resolved | None:
    try:
        return _day(date(year, month, day))
    except ValueError:
        return None


def _month(year: int, month: int) -> Resolved:
    last = calendar.monthrange(year, month)[1]
    return Resolved(date(year, month, 1).isoformat(), "month", date(year, month, last).isoformat())


def _year(year: int) -> Resolved:
    return Resolved(f"{year}-01-01", "year", f"{year}-12-31")


def date_sentences(doc: Doc, *, found: list[Found], published: datetime | None) -> tuple[Sentence, ...]:
    """Each sentence with the date it is about: its first anchoring day-level expression, else publication."""
    text = doc_text(doc)
    anchors = sorted((item.time.start, item.time.value[:10]) for item in found
                     if item.anchors_sentence and item.time.granularity in {"day", "datetime", "range"})
    default = (published.date().isoformat(), "published") if published else ("", "")
    sentences: list[Sentence] = []
    cursor = 0
    for sent in doc.sents:
        start, end = _trimmed(text, sent.start_char, sent.end_char)
        while cursor < len(anchors) and anchors[cursor][0] < start:
            cursor += 1
        if start == end:
            continue
        own = cursor < len(anchors) and anchors[cursor][0] < end
        day, source = (anchors[cursor][1], "time") if own else default
        sentences.append(Sentence(len(sentences), start, end, text[start:end], day, source))
    return tuple(sentences)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
