"""What an article reports, as weighted terms: content words, named entities and coded events, each weighted
by its rarity in the store (IDF) with the publisher's own boilerplate discounted.

A publisher's template is learned from the corpus, not listed: a word is boilerplate *for one publisher* when
it is frequent in that publisher's articles, several times rarer in the other publishers', and spread over
most of the months the publisher wrote in ("telephone conversation", "address by the president" in Kremlin
releases). The spread keeps a topic only one outlet covered (the BBC's Haiti articles of January 2010) from
passing for a template. ``TermStats`` holds the counts this needs; the store keeps them
(``story_terms``, ``story_publishers``) and each batch adds its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.records import Enrichment

LEXICAL_CHARS = 1500  # title and lead: where news states what happened (the rest is background)
ARTICLE_TERMS = 40  # an article's heaviest terms are what it is compared on
STORY_TERMS = 150  # terms kept per story profile
TEMPLATE_SHARE = 0.08  # a template word is in at least this share of one publisher's articles ...
TEMPLATE_RATIO = 3.0  # ... this many times its share in the others' ...
TEMPLATE_SPREAD = 0.7  # ... and in at least this share of the months the publisher wrote in
MIN_PUBLISHER_DOCS = 20  # too few articles say nothing about a publisher's template
ENTITY_BOOST = 2.0  # a named entity or an event's signature counts for this many words
TOTAL = ""  # the term under which a publisher's (or the store's) own article and month counts are kept
# words, and years; other numbers (datelines, clock times, counts: "11:12 pm IST", "257km") are noise
# across publishers, and rare enough to outweigh the words two reports share
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}|\b(?:19|20)\d\d\b")
_STOP_WORDS = """
a about above across after again against ago all along already also although am amid among an and any are
around as at back be because been before behind being below between beyond both but by can cannot could did do
does doing down during each even ever every few for from further had has have having he her here hers herself
him himself his how however i if in into is it its itself just least less let like many me might more most
much must my myself near next no nor not now of off on once one only onto or other ought our ours ourselves
out over own per same said says say she should since so some still such than that the their theirs them
themselves then there these they this those though through thus to too two under until up upon us very via was
we well were what when where whether which while who whom whose why will with within without would yet you
your yours yourself yourselves mr mrs ms told according lrb rrb
"""  # function words and news filler
_STOP = frozenset(_STOP_WORDS.split())


def month_of(day: date | None) -> str:
    return day.strftime("%Y-%m") if day else ""


def content_terms(title: str, text: str) -> Counter[str]:
    """Lower-cased content words (and years) of the title, counted twice (it names the news), and the lead."""
    body = text[len(title) :] if title and text.startswith(title) else text
    words = _WORD.findall(f"{title}\n{title}\n{body[:LEXICAL_CHARS]}")
    return Counter(word.lower().strip("'-") for word in words if word.lower() not in _STOP)


def event_terms(enrichment: Enrichment | None, *, entities: Sequence[str]) -> Counter[str]:
    """Named entities and coded events as terms: ``e:Name``, ``v:TYPE:actor``, ``v:TYPE:place``, ``d:date``."""
    terms: Counter[str] = Counter(f"e:{name}" for name in entities)
    for event in enrichment.events if enrichment else ():
        if event.modality:  # a future, negated or hypothetical event did not happen (yet)
            continue
        actor = event.actor.name if event.actor else ""
        terms.update(f"v:{event.type}:{who}" for who in (actor, event.recipient.name if event.recipient else "") if who)
        if event.place:
            terms[f"v:{event.type}:@{event.place.name}"] += 1
        if event.date_source == "text":
            terms[f"d:{event.date[:10]}"] += 1
    return terms


@dataclass
class TermStats:
    """Document counts: of every term over the store, and of every term per publisher with its month spread.

    ``docs[TOTAL]`` is the store's article count; ``publishers[p][TOTAL]`` is ``p``'s article count and months.
    """

    docs: dict[str, int] = field(default_factory=dict)
    publishers: dict[str, dict[str, tuple[int, int, str]]] = field(default_factory=dict)  # docs, months, last month

    def copy(self) -> TermStats:
        return TermStats(dict(self.docs), {name: dict(counts) for name, counts in self.publishers.items()})

    def add(self, publisher: str, month: str, terms: Iterable[str]) -> None:
        """Count one article (its distinct terms) for the store and for its publisher."""
        counts = self.publishers.setdefault(publisher, {})
        for term in (TOTAL, *set(terms)):
            self.docs[term] = self.docs.get(term, 0) + 1
            docs, months, last = counts.get(term, (0, 0, ""))
            counts[term] = (docs + 1, months + (month != last), month)

    def idf(self, term: str) -> float:
        total = self.docs.get(TOTAL, 0)
        return math.log((total + 1) / (self.docs.get(term, 0) + 1)) + 1.0

    def discount(self, publisher: str, term: str) -> float:
        """1 for a word that says what happened; less, down to 0, for a word of this publisher's template."""
        counts = self.publishers.get(publisher, {})
        own_docs, own_months, _ = counts.get(TOTAL, (0, 0, ""))
        docs, months, _ = counts.get(term, (0, 0, ""))
        if own_docs < MIN_PUBLISHER_DOCS or not docs or term.startswith(("e:", "v:", "d:")):
            return 1.0
        share = docs / own_docs
        other_docs = self.docs.get(TOTAL, 0) - own_docs
        other = (self.docs.get(term, 0) - docs + 1) / (other_docs + 1 / TEMPLATE_SHARE)
        if share < TEMPLATE_SHARE or share < TEMPLATE_RATIO * other or months < TEMPLATE_SPREAD * own_months:
            return 1.0
        return min(1.0, TEMPLATE_RATIO * other / share)

    def weigh(
        self, publisher: str, terms: Counter[str], *, limit: int = ARTICLE_TERMS, rarity: float = 1.0
    ) -> dict[str, float]:
        """An article's terms as a unit vector: sublinear count × IDF^``rarity`` × (1 − template), the heaviest
        ``limit``. A lower ``rarity`` keeps a topic's common words (oil, flu) beside the rare ones of one event."""
        weights = {}
        for term, count in terms.items():
            boost = ENTITY_BOOST if term.startswith(("e:", "v:", "d:")) else 1.0
            weight = boost * (1 + math.log(count)) * self.idf(term) ** rarity * self.discount(publisher, term)
            if weight > 0:
                weights[term] = weight
        return normalised(dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:limit]))


def normalised(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(value * value for value in weights.values()))
    return {term: value / norm for term, value in weights.items()} if norm > 0 else {}


def cosine(one: dict[str, float], other: dict[str, float]) -> float:
    """Cosine of two unit term vectors (the smaller one is walked)."""
    small, large = (one, other) if len(one) <= len(other) else (other, one)
    return sum(value * large.get(term, 0.0) for term, value in small.items())


def add_profile(profile: dict[str, float], weights: dict[str, float], *, limit: int = STORY_TERMS) -> dict[str, float]:
    """A story's profile: the sum of its articles' term vectors, its heaviest ``limit`` terms kept."""
    merged = dict(profile)
    for term, value in weights.items():
        merged[term] = merged.get(term, 0.0) + value
    if len(merged) > limit:
        merged = dict(sorted(merged.items(), key=lambda item: (-item[1], item[0]))[:limit])
    return {term: round(value, 5) for term, value in merged.items()}
