"""Numeric claims: a number with what it counts, what happened to it and who reported it.

"At least 352 Ukrainian civilians have died …, according to the government in Kyiv" gives value 352,
qualifier "at least", subject "Ukrainian civilians", predicate "died", source "the government in Kyiv".
Words that stand for a number ("dozens", "tens of thousands") become ranges. Money and percentages
carry a unit. Identifiers ("Article 5", "Resolution 2623") and years are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from storyline.enrich.mentions import SPEECH_VERBS, Resolution, resolve, verb_subject
from storyline.enrich.quotes import speaker_phrase
from storyline.enrich.text import datelines, doc_text
from storyline.records import Claim, Quote

STAGE = "claims.rules.v1"
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
SKIP_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
QUALIFIERS = (
    "at least", "more than", "over", "nearly", "almost", "about", "around", "approximately", "some", "up to",
    "less than", "fewer than", "roughly", "an estimated", "as many as", "at most", "no more than", "under",
    "just over", "just under", "close to", "well over", "upwards of", "some of",
)
QUALIFIER = re.compile(r"^(?:" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\b\s*", re.I)
SCALES = {"m": 1e6, "thousand": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9,
          "trillion": 1e12, "hundred": 1e2}
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
         "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "a dozen": 12, "dozen": 12}
APPROXIMATE = {  # words that stand for a number: (low, high), the high end all nines (quality/gold/ATTRIBUTION.md)
    "tens of billions": (2e10, 99_999_999_999), "hundreds of billions": (2e11, 999_999_999_999),
    "tens of thousands": (2e4, 99_999), "hundreds of thousands": (2e5, 999_999), "tens of millions": (2e7, 99_999_999),
    "hundreds of millions": (2e8, 999_999_999), "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999),
    "thousands": (2000, 9999), "millions": (2e6, 9_999_999), "billions": (2e9, 9_999_999_999),
}
# "scores of people" is a number, "scores to dozens of films" are music
APPROXIMATE_PATTERN = re.compile(r"\b(?:" + "|".join(w for w in APPROXIMATE if w != "scores") + r"|scores(?= of))\b",
                                 re.I)
CURRENCIES = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "euro": "EUR",
              "euros": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP", "ruble": "RUB", "rubles": "RUB",
              "rouble": "RUB", "roubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "yuan": "CNY", "yen": "JPY",
              "#": "GBP"}  # "(# 114,000)": feeds that lost the pound sign in a wrong encoding (Timeline17 BBC)
SCALE_AFTER = re.compile(r"\s?(?P<scale>m|bn|million|billion)\b", re.I)
PEOPLE = frozenset({
    "people", "persons", "civilians", "refugees", "soldiers", "troops", "children", "residents", "citizens",
    "servicemen", "service members", "fighters", "troopers", "casualties", "dead", "deaths", "victims", "migrants",
    "prisoners", "hostages", "students", "workers", "employees", "members", "officers", "personnel", "women",
    "men", "families", "patients", "participants", "volunteers", "servicemembers", "evacuees", "inhabitants",
    "others", "policemen", "police", "passengers", "protesters", "demonstrators", "rebels", "militants",
})
PEOPLE_VERBS = frozenset({"killing", "killed", "kill", "wounding", "wounded", "injuring", "injured", "evacuated",
                          "arrested", "detained", "died", "fled", "displaced"})
MEASURE_HEADS = frozenset({"volume", "number", "rate", "share", "level", "amount", "value", "total", "size", "cost",
                           "price", "capacity", "output", "growth", "decline", "majority", "proportion",
                           "percentage"})
MEASURE_UNITS = frozenset({"mw", "gw", "kw", "kwh", "km", "kilometres", "kilometers", "miles", "tonnes", "tons",
                           "barrels", "metres", "meters", "hectares", "kg", "kilograms", "litres", "liters", "pence",
                           "cents", "acres", "megawatts", "gigawatts", "ft", "feet"})
CLOCK_AFTER = re.compile(r"\s*(?:am|pm|a\.m\.|p\.m\.|GMT|BST|EDT|EST|CET|CEST|UTC|MSK|JST|IST|AEST)\b|"
                         r"\s+\d{1,2}:\d{2}\b")  # "07.23 BST", "2009 06 24 07:14 JST"
PHONE = re.compile(r"\b0\d{2,4}(?: \d{2,4}){2,}\b")  # "calling 0370 60 60 900"
IDENTIFIER_BEFORE = re.compile(
    r"\b(?:no|nos|number|art|article|articles|resolution|decree|order|part|clause|paragraph|section|chapter|item|"
    r"point|points|flight|page|room|law|route|highway|code|annex|protocol|convention|grade|level|stage|phase|"
    r"block|unit|reactor|vol|volume|issue)\.?\s*$", re.I)
UNIT_WORDS = frozenset({"percent", "%", "per", "dollars", "dollar", "euros", "euro", "rubles", "roubles", "ruble",
                        "rouble", "pounds", "yuan", "hryvnias", "hryvnia"})
NUMBER = re.compile(r"(?:(?P<currency>us\$|\$|€|£))?\s*(?P<digits>\d[\d,]*(?:\.\d+)?)(?:\s*[-–]\s*(?P<high>\d[\d,]*"
                    r"(?:\.\d+)?))?\s*(?P<scale>thousand|million|mln|mn|billion|bln|bn|trillion|m)?\b", re.I)
RANGE_WORDS = (("between", "and"), ("from", "to"))
SECOND_OF_RANGE = re.compile(r"\s*(?:and|to)\s+(?:us\$|\$|€|£)?(?P<digits>\d[\d,]*(?:\.\d+)?)")


def _opens_range(text: str, start: int) -> bool:
    return text[max(0, start - 12):start].lower().split()[-1:] in (["between"], ["from"])


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    small_word: bool = False  # "seven": a figure only where it counts people hurt, killed, displaced


def extract_claims(
    doc: Doc, *, quotes: Sequence[Quote], resolution: Resolution | None = None,
) -> tuple[Claim, ...]:
    """Every numeric claim with what it counts and its source, resolved to a name where the text gives one."""
    resolution = resolution or resolve(doc, [])
    claims = []
    for number in _numbers(doc):
        span = doc.char_span(number.start, number.end, alignment_mode="expand")
        if span is None or _is_identifier(span):
            continue
        claim = _claim(doc, span, number, quotes=quotes, resolution=resolution)
        if number.small_word and claim.unit != "people" and not _counts_things(span):
            continue  # "one of", "the two leaders": counting words; "seven others were wounded" is a figure
        claims.append(claim)
    return tuple(_conversions(doc_text(doc), claims))


CONVERSION = re.compile(r"\s*(?:[a-z]+\s*)?\((?:#|£|\$|€)?\s*")  # "$15m (# 10.4 m)", "5,000 barrels (210,000"


def _conversions(text: str, claims: list[Claim]) -> list[Claim]:
    """"$15m (# 10.4 m) in claims": an amount in brackets right after another is the same amount converted, so
    it counts the same thing, per the same source."""
    for index in range(1, len(claims)):
        previous, claim = claims[index - 1], claims[index]
        between = text[previous.end:claim.start]
        if CONVERSION.fullmatch(between):
            claims[index] = replace(claim, subject=previous.subject, predicate=previous.predicate,
                                    source=claim.source or previous.source)
    return claims


# --- finding numbers -----------------------------------------------------------------------------


def _numbers(doc: Doc) -> list[Number]:
    skip = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in SKIP_LABELS]
    skip += datelines(doc_text(doc))  # "KABUL, Aug 6 (Reuters) -": the filing date is no figure
    found: list[Number] = []
    for ent in doc.ents:
        if ent.label_ in NUMBER_LABELS:
            found += _parse(doc, ent.start_char, ent.end_char, label=ent.label_)
    found += _missed_amounts(doc, found)
    for match in APPROXIMATE_PATTERN.finditer(doc_text(doc)):
        low, high = APPROXIMATE[match.group(0).lower()]
        found.append(Number(match.start(), match.end(), low, high, "", _qualifier_before(doc_text(doc), match.start())))
    kept: list[Number] = []
    for number in sorted(found, key=lambda n: (n.start, -n.end)):
        overlaps = any(s < number.end and number.start < e for s, e in skip + [(k.start, k.end) for k in kept])
        if not overlaps:
            kept.append(number)
    return _ranges(doc_text(doc), kept)


def _ranges(text: str, numbers: list[Number]) -> list[Number]:
    """"between 45,000 and 50,000", "from 20 to 30": one figure with a low and a high value."""
    merged: list[Number] = []
    for number in numbers:
        previous = merged[-1] if merged else None
        if previous is not None and previous.value_max is None and number.value_max is None:
            before = text[max(0, previous.start - 12):previous.start].lower().split()
            between = text[previous.end:number.start].strip().lower()
            if any(before[-1:] == [opening] and between == closing for opening, closing in RANGE_WORDS):
                merged[-1] = replace(previous, end=number.end, value_max=number.value,
                                     unit=previous.unit or number.unit)
                continue
        merged.append(number)
    return merged


def _parse(doc: Doc, start: int, end: int, *, label: str) -> list[Number]:
    """The number inside an entity ("At least 352", "$1.5 billion", "more than 2 million")."""
    text = doc_text(doc)[start:end]
    qualifier = QUALIFIER.match(text)
    offset = qualifier.end() if qualifier else 0
    qualifier_text = qualifier.group(0).strip().lower() if qualifier else _qualifier_before(doc_text(doc), start)
    match = NUMBER.search(text, offset)
    if match is None:
        return _parse_words(doc, start + offset, end, label=label, qualifier=qualifier_text)
    currency = match.group("currency") or _currency_before(doc_text(doc), start)
    scale_word = (match.group("scale") or "").lower()
    number_end = start + match.start() + len(match.group(0).rstrip())
    after = SCALE_AFTER.match(doc_text(doc), number_end) if not scale_word else None
    if after is not None and number_end == end and (currency or _counted_after(doc_text(doc), after.end())):
        scale_word, number_end = after.group("scale").lower(), after.end()  # "# 10.4 m", "5m barrels": the model
        # left the scale out of the entity
    counted = currency or _counted_after(doc_text(doc), number_end)
    scale = SCALES.get(scale_word, 1) if scale_word != "m" or counted else 1  # "$15m", "5m barrels"; "15 m" metres
    value = float(match.group("digits").replace(",", "")) * scale
    high = match.group("high")
    value_max = float(high.replace(",", "")) * scale if high else None
    if _is_year(match, value, label=label):
        return []
    unit = _unit(text, label=label, currency=currency) or _currency_after(doc_text(doc), number_end)
    number_start = start + match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    second = SECOND_OF_RANGE.match(text, match.end())
    if value_max is None and second is not None and _opens_range(doc_text(doc), number_start):
        value_max = float(second.group("digits").replace(",", "")) * scale
        number_end = start + second.end()
    return [Number(number_start, number_end, value, value_max, unit, qualifier_text)]


def _currency_after(text: str, end: int) -> str:
    """"5bn euros", tagged a bare number: the currency word right after it is its unit."""
    word = re.match(r"\s+([a-z]+)", text[end:end + 20])
    return CURRENCIES.get(word.group(1), "") if word is not None else ""


def _counted_after(text: str, end: int) -> bool:
    """"5m barrels", "3m people": a unit or a count follows, so "m" is millions, not metres."""
    word = re.match(r"\s+(?:of\s+)?([a-z]+)", text[end:end + 30])
    return word is not None and (word.group(1) in MEASURE_UNITS or word.group(1) in PEOPLE
                                 or word.group(1) in CURRENCIES)


# "3.5bn euros": an amount with a scale and a currency word that the model did not tag at all
MISSED_AMOUNT = re.compile(r"(?<![\w.,])\d+(?:\.\d+)?\s?(?:bn|billion|mn|m|million|trillion)\s+(?:euros?|dollars?|"
                           r"pounds?|roubles?|rubles?|yuan|yen|hryvnias?)\b", re.I)


def _missed_amounts(doc: Doc, found: list[Number]) -> list[Number]:
    text, missed = doc_text(doc), []
    for match in MISSED_AMOUNT.finditer(text):
        if not any(n.start < match.end() and match.start() < n.end for n in found):
            missed += _parse(doc, match.start(), match.end(), label="MONEY")
    return missed


def _parse_words(doc: Doc, start: int, end: int, *, label: str, qualifier: str) -> list[Number]:
    words = doc_text(doc)[start:end].lower().split()
    if not words:
        return []
    base = WORDS.get(" ".join(words[:2])) or WORDS.get(words[0])
    if base is None:
        return []
    scale = next((SCALES[word] for word in words[1:] if word in SCALES), 1)
    value = float(base) * scale
    small = value < 10 and label not in {"MONEY", "PERCENT"}
    if small and words[0] in {"a", "an", "one"}:
        return []  # "a", "one": a determiner or pronoun far more often than a count
    unit = _unit(doc_text(doc)[start:end], label=label, currency=None)
    return [Number(start, end, value, None, unit, qualifier, small_word=small)]


# Nouns a small number word counts that are no figure: spans of time (the times extractor's), "three times".
NOT_COUNTED = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "time",
                         "night", "weekend", "term", "round"})
REFERRING = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our", "my", "your", "whose"})


def _counts_things(span: Span) -> bool:
    """"destroyed seven tanks", "three ships were seized": a number word counting the subject or object of its
    clause's verb is a figure; not "the two leaders" or "its three ships" (they refer back to things already
    named), nor "two weeks"."""
    root = span.root
    noun = root.head
    if root.dep_ != "nummod" or noun.pos_ != "NOUN" or noun.i < span.end:
        return False
    if any(child.lower_ == "times" for child in root.children):
        return False  # "four times the population": a multiple, not a count
    if noun.lemma_.lower() in NOT_COUNTED or noun.lower_.removesuffix("s") in NOT_COUNTED:
        return False
    if noun.dep_ not in {"nsubj", "nsubjpass", "dobj"} or noun.head.pos_ not in {"VERB", "AUX"}:
        return False  # "sticking to two demands", "between two countries": a count the clause does not report
    return not any(child.dep_ in {"det", "poss"} and child.i < span.start and child.lower_ in REFERRING
                   for child in noun.children)


def _is_year(match: re.Match[str], value: float, *, label: str) -> bool:
    digits = match.group("digits")
    return label == "CARDINAL" and len(digits) == 4 and digits.isdigit() and 1800 <= value <= 2100


def _unit(text: str, *, label: str, currency: str | None) -> str:
    lowered = text.lower()
    if label == "PERCENT" or "%" in text or "percent" in lowered or "per cent" in lowered:
        return "percent"
    if currency:
        return CURRENCIES.get(currency.lower(), "")
    if label == "MONEY":
        return next((code for word, code in CURRENCIES.items() if word in lowered.split()), "")
    return ""


def _currency_before(text: str, start: int) -> str | None:
    """The model often leaves the symbol out of a MONEY entity ("$" + "10,000"); a lost pound sign is "# "."""
    before = text[max(0, start - 3):start].rstrip()
    if before[-2:] in {"(#", " #"} or before == "#":
        return "#"
    return before[-1] if before and before[-1] in "$€£" else None


def _qualifier_before(text: str, start: int) -> str:
    before = " ".join(text[max(0, start - 20):start].lower().split())
    for qualifier in sorted(QUALIFIERS, key=len, reverse=True):
        if before.endswith(qualifier):
            return qualifier
    return ""


def _is_identifier(span: Span) -> bool:
    """"No. 79", "Article 5", "281-FZ", "G20", "1/2": numbers that name things rather than count them."""
    text = doc_text(span.doc)
    if IDENTIFIER_BEFORE.search(text[max(0, span.start_char - 20):span.start_char]):
        return True
    if CLOCK_AFTER.match(text, span.end_char):
        return True  # "07.23 BST", "9:33 pm": a time of day
    window = range(max(0, span.start_char - 16), min(len(text), span.end_char + 16))
    if any(m.start() <= span.start_char < m.end() for m in PHONE.finditer(text, window.start, window.stop)):
        return True
    joined = span.start_char > 0 and (text[span.start_char - 1].isalpha() or text[span.start_char - 1] in "-/#№")
    after = text[span.end_char:span.end_char + 2]
    return joined or (len(after) == 2 and after[0] in "/-" and after[1].isalnum())


# --- what the number counts ----------------------------------------------------------------------


def _claim(doc: Doc, span: Span, number: Number, *, quotes: Sequence[Quote], resolution: Resolution) -> Claim:
    noun = _counted_noun(span)
    subject = _subject_text(doc, span, noun)
    predicate = _predicate(noun if noun is not None else span.root)
    unit = number.unit or _people_unit(noun, predicate) or (noun.text if noun is not None
                                                              and noun.lower_ in MEASURE_UNITS else "")
    source = _source(span, quotes=quotes, resolution=resolution, number=number)
    return Claim(
        number.value, unit, number.qualifier, subject, predicate, source,
        doc_text(doc)[number.start:number.end], number.start, number.end, number.value_max, STAGE,
    )


def _counted_noun(span: Span) -> Token | None:
    """"352 Ukrainian civilians" → civilians; "dozens of people" → people; "dozens" alone → None."""
    root = span.root
    if root.dep_ in {"nummod", "quantmod", "compound", "amod"} and root.head.pos_ in {"NOUN", "PROPN"} \
            and root.head.i >= span.end:
        return root.head
    token = root
    while True:  # "tens of thousands of people": follow "of" past the words of the number itself
        of = next((child for child in token.children if child.lower_ == "of" and child.dep_ == "prep"), None)
        noun = next((child for child in of.children if child.dep_ == "pobj"), None) if of is not None else None
        if noun is None or noun.pos_ not in {"NOUN", "PROPN"}:
            return None
        if noun.i >= span.end:
            return noun
        token = noun


def _subject_text(doc: Doc, span: Span, noun: Token | None) -> str:
    if noun is None:
        return _clause_thing(span)
    if noun.lower_ in UNIT_WORDS or noun.lower_ in MEASURE_UNITS:
        return _unit_noun_thing(noun)
    if noun.i >= span.end and all(doc[i].dep_ in {"amod", "compound", "nmod", "nummod", "quantmod", "punct"}
                                  or doc[i].i == noun.i for i in range(span.end, noun.i + 1)):
        start = doc[span.end].idx if span.end <= noun.i else noun.idx
    else:
        start = _left_edge_modifiers(noun).idx
    return " ".join(doc_text(doc)[start:noun.idx + len(noun)].split())


def _clause_thing(span: Span) -> str:
    """What a bare number measures, from its clause: "estimated the death toll at 45,000" → "death toll",
    "the earthquake, measuring 7.0" → "earthquake", "Spectators were charged A$10" → "Spectators"."""
    token = span.root
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN" \
            and token.head.head.lower_ not in {"total", "sum", "amount", "figure", "tune"}:
        return _noun_phrase(token.head.head)  # "a market value of almost $370 billion"
    if token.dep_ in {"nsubj", "nsubjpass"} and token.head.pos_ == "VERB":
        return _verb_phrase(token.head)  # "A$200,000 was raised", "millions more injured": what happened to it
    while token.head.i != token.i and token.pos_ not in {"VERB", "AUX"} and token.dep_ not in {"nsubj", "nsubjpass"}:
        token = token.head
    if token.pos_ not in {"VERB", "AUX"}:
        return ""
    if token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN"}:
        return _noun_phrase(token.head)
    before = _noun_before_comma(token)
    if before is not None:
        return _noun_phrase(before)
    inside = {t.i for t in span}
    money_in = [c for t in (span.root, token) for c in t.children if c.dep_ == "prep" and c.lower_ == "in"]
    for prep in money_in if any(ch in span.text for ch in "$€£") else []:  # "$15m in claims"
        noun = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
        if noun is not None:
            return _noun_phrase(noun)
    for dep in ("dobj", "nsubjpass", "nsubj"):
        if dep == "nsubj" and span.root.dep_ == "dobj" and span.root.head.i == token.i:
            return _verb_phrase(token)  # "which killed as many as 200,000", "set aside $1 billion": what it is
        child = next((c for c in token.children if c.dep_ == dep and c.i not in inside
                      and c.pos_ in {"NOUN", "PROPN"} and not any(t.i in inside for t in c.subtree)), None)
        if child is not None:
            return _noun_phrase(child)
    return ""


def _verb_phrase(verb: Token) -> str:
    """The verb with its particle: "set aside", "paid out"."""
    particles = [child for child in verb.children if child.dep_ == "prt"]
    return " ".join(t.text for t in sorted([verb, *particles], key=lambda t: t.i))


def _noun_before_comma(verb: Token) -> Token | None:
    """"the earthquake, measuring 7.0": a participle with no subject of its own describes the noun before it."""
    if verb.tag_ not in {"VBG", "VBN"} or verb.dep_ not in {"advcl", "acl"} or verb.i < 2:
        return None
    if any(child.dep_ in {"nsubj", "nsubjpass"} for child in verb.children):
        return None
    comma, noun = verb.doc[verb.i - 1], verb.doc[verb.i - 2]
    return noun if comma.text == "," and noun.pos_ == "NOUN" else None


def _unit_noun_thing(noun: Token) -> str:
    """What an amount in a unit measures: "40 percent of voters" → "voters"; "40 percent were Soviet citizens" →
    "Soviet citizens"; "the index was 125 percent", "the GRP has grown by 116 percent" → the verb's subject;
    "a total capacity of 150 MW", "investment projects worth 77 billion rubles" → the noun it is said of."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    head = noun.head
    if counted is None and noun.dep_ == "nsubj" and head.lemma_ == "be":
        counted = next((c for c in head.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    if counted is None and ((noun.dep_ == "attr" and head.lemma_ == "be")
                            or (noun.dep_ == "npadvmod" and head.pos_ == "VERB")):
        counted = _subject_of(head)
    if counted is None and noun.dep_ == "npadvmod" and head.pos_ in {"ADV", "ADP"} \
            and head.head.pos_ in {"VERB", "AUX"}:
        counted = _subject_of(head.head)  # "BP shares were up 5.6 percent"
    if counted is None and noun.dep_ == "appos" and head.pos_ == "NOUN":
        counted = head  # "more people -- 48 percent -- say", "A majority of respondents, 62 percent, said"
    if counted is None and noun.dep_ == "pobj" and head.lower_ in {"by", "to", "at"} and head.head.pos_ == "VERB":
        counted = _subject_of(head.head)
    if counted is None and noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        counted = head.head
    if counted is None and noun.dep_ == "npadvmod" and head.lower_ == "worth" and head.i > 0 \
            and noun.doc[head.i - 1].pos_ == "NOUN":
        counted = noun.doc[head.i - 1]
    if counted is None and noun.dep_ == "compound" and head.pos_ == "NOUN" and head.i > noun.i:
        return " ".join(noun.doc[noun.i + 1:head.i + 1].text.split())  # "a 0.4 percent drop" → "drop"
    return _noun_phrase(counted) if counted is not None else ""


def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ in {"NOUN", "PROPN"}), None)


def _noun_phrase(noun: Token) -> str:
    """The noun with its modifiers; a measure word keeps what it measures ("the volume of investment")."""
    first, last = _left_edge_modifiers(noun), noun
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if noun.lower_ in MEASURE_HEADS and of is not None and of.i == noun.i + 1:
        last = next((c for c in of.children if c.dep_ == "pobj"), noun)
        last = noun if any(c.like_num for c in last.subtree) else last  # "capacity of 150 MW": the amount itself
    return " ".join(noun.doc[first.i:last.i + 1].text.split())


def _left_edge_modifiers(noun: Token) -> Token:
    first = noun
    for child in noun.lefts:
        if child.dep_ in {"amod", "compound"}:
            first = min(first, child.left_edge, key=lambda token: token.i)
    return first


def _predicate(token: Token) -> str:
    """The verb the counted thing belongs to, with the words on the way ("is home to", "died")."""
    path: list[Token] = []
    while token.head.i != token.i and token.pos_ not in {"VERB", "AUX"}:
        token = token.head
        path.append(token)
    if not path or path[-1].pos_ not in {"VERB", "AUX"}:
        return ""
    words = [t for t in path if t.pos_ in {"VERB", "AUX", "ADP"} or t.dep_ in {"attr", "acomp", "dobj", "prep"}]
    particles = [child for child in path[-1].children if child.dep_ in {"prt", "neg"}]
    return " ".join(t.text for t in sorted(words + particles, key=lambda t: t.i))


def _people_unit(noun: Token | None, predicate: str) -> str:
    if noun is not None:
        return "people" if noun.lower_ in PEOPLE else ""
    return "people" if predicate.lower() in PEOPLE_VERBS else ""


def _source(span: Span, *, quotes: Sequence[Quote], resolution: Resolution, number: Number) -> str:
    """Who gives the figure: the speaker of the quote it sits in; else the "according to X" or "X said" that
    governs its own clause. A source attached to a coordinated clause ("…, according to X, and 500,000 fled")
    does not reach across the "and": a figure the text leaves open stays without a source."""
    start, end = number.start, number.end  # the number's own characters: a token may carry the quote's mark
    inside = [q for q in quotes if q.start <= start and end <= q.end and q.kind != "according_to"]
    if inside:
        return inside[-1].speaker
    token, crossed = span.root, False
    while True:
        found = "" if crossed else _clause_source(token, after=span.root, resolution=resolution)
        if found:
            return found
        if token.dep_ == "ccomp" and token.head.lower_ in SPEECH_VERBS:
            return _subject_name(token.head, resolution=resolution)
        if token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"}:
            crossed = True
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"though", "although", "whereas"}
                                         for c in token.children):
            return ""  # "…, though analysts forecast tens of billions": the concession is the narrator's
        if token.head.i == token.i:
            return ""
        token = token.head


def _clause_source(token: Token, *, after: Token, resolution: Resolution) -> str:
    """"according to X" hanging on this word; or, on a clause's verb, a trailing "…, X said" / "X estimated"."""
    for child in token.children:
        if child.lower_ == "according":
            to = next((c for c in child.children if c.lower_ == "to"), None)
            source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if source is not None:
                return speaker_phrase(source, resolution=resolution, whole=True)
        if child.dep_ in {"ccomp", "parataxis"} and child.lower_ in SPEECH_VERBS and child.i > after.i \
                and not any(c.dep_ == "ccomp" for c in child.children):
            return _subject_name(child, resolution=resolution)
        if child.dep_ == "ccomp" and child.lower_ in SPEECH_VERBS and child.i < after.i and _that_as_object(child):
            return _subject_name(child, resolution=resolution)  # "X recalled that of …, 40 percent were …"
    if token.pos_ == "VERB" and token.lower_ in SPEECH_VERBS and token.i < after.i:
        return _subject_name(token, resolution=resolution)  # "the Red Cross estimated the toll at 45,000"
    return ""


def _that_as_object(verb: Token) -> bool:
    """The small model reads a long "recalled that …" as a verb with object "that" and the clause as its head."""
    return any(child.dep_ == "dobj" and child.lower_ == "that" for child in verb.children)


def _subject_name(verb: Token, *, resolution: Resolution) -> str:
    subject = verb_subject(verb)
    if subject is None or subject.dep_ == "nsubjpass":
        return ""
    return speaker_phrase(subject, resolution=resolution, whole=False)
