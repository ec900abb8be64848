"""Actors and recipients: a dependency-parse head → a canonical entity with ISO alpha-3 country and sector.

The country comes from the entity's own words (a country, demonym, capital or city: "Russian forces",
"Officials from Ukraine"), from a geocoded place, or, for a person, from how the article introduces
them elsewhere ("Russian President Vladimir Putin" makes a later "Putin" RUS/GOV). The sector comes from
title and role words (PLOVER sector codes: GOV, MIL, COP, LEG, REB, CVL, ...). "I" and "we" inside a quote
are its speaker ("Vladimir Putin: We will respond" is an act of Putin's).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.events.lexicon import NOUNS, SECTORS
from storyline.events.plover import NON_STATE, alpha3, country_names
from storyline.records import Actor, Mention, Place, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


PRONOUNS = frozenset({"it", "they", "we", "he", "she", "its", "their", "them"})
FIRST_PERSON = frozenset({"i", "me", "we", "us"})
ANAPHORS = frozenset({"country", "nation", "republic"})
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod", "quantmod"})
PLACE_PREPS = frozenset({"of", "from", "in"})
EVENT_WORDS = frozenset(NOUNS) - {"call"}
ACTOR_POS = frozenset({"PROPN", "NOUN"})
NAMED_ACTORS = frozenset({"NORP", "GPE", "ORG", "PERSON"})  # "Palestinian riots": an adjective that names a people


@dataclass
class ActorContext:
    """What actor resolution may look at in one article: its mentions, places and introduced persons."""

    mentions: Sequence[Mention]
    places: Sequence[Place]
    profiles: dict[str, tuple[str, str]] = field(default_factory=dict)
    quotes: Sequence[Quote] = ()

    def mention_at(self, offset: int) -> Mention | None:
        return next((m for m in self.mentions if m.start <= offset < m.end), None)

    def speaker_at(self, offset: int) -> Quote | None:
        """The innermost quote with a known speaker that holds ``offset``."""
        holding = [q for q in self.quotes if q.speaker and q.start <= offset < q.end]
        return min(holding, key=lambda quote: quote.end - quote.start, default=None)

    def place_at(self, offset: int) -> Place | None:
        return next((p for p in self.places if p.start <= offset < p.end), None)


def build_context(
    doc: Doc, *, mentions: Sequence[Mention], places: Sequence[Place], quotes: Sequence[Quote] = (),
) -> ActorContext:
    context = ActorContext(mentions=mentions, places=places, quotes=quotes)
    context.profiles = person_profiles(doc, context)
    return context


def person_profiles(doc: Doc, context: ActorContext) -> dict[str, tuple[str, str]]:
    """Person name (full, canonical and surname, lower-cased) → (country, sector) from its title words."""
    profiles: dict[str, tuple[str, str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = [token for token in ent.root.subtree if token.i < ent.start]
        country, sector = _country_of(words, context), _sector_of(words)
        if country or sector:
            mention = context.mention_at(ent.start_char)
            for key in {ent.text.lower(), ent[-1].text.lower(), (mention.canonical.lower() if mention else "")}:
                if key and key not in profiles:
                    profiles[key] = (country, sector)
    return profiles


def resolve(head: Token, *, context: ActorContext) -> Actor | None:
    """The actor whose phrase is headed by ``head`` (a spaCy token), or None when nothing names it."""
    quote = context.speaker_at(head.idx) if head.lower_ in FIRST_PERSON else None
    if quote is not None:
        return _speaker(quote, head, context=context)
    if head.lower_ in PRONOUNS or (head.lemma_.lower() in ANAPHORS and _has_definite(head)):
        head = antecedent(head)
        if head is None:
            return None
    head = _named_appos(head)
    if head.lemma_.lower() in EVENT_WORDS or not (head.pos_ in ACTOR_POS or head.ent_type_ in NAMED_ACTORS):
        return None  # "that", "I", "you" left unresolved name nobody a reader could follow
    tokens = phrase(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    mention = context.mention_at(head.idx)
    named = [t for t in tokens if t.dep_ != "det" or t.i > tokens[0].i] or tokens
    name = mention.canonical if mention else head.doc[named[0].i : head.i + 1].text  # (doc.text joins the whole doc)
    profile = context.profiles.get(name.lower()) or context.profiles.get(head.text.lower()) or ("", "")
    country = _country_of([head, *_attached(head), *reversed(tokens)], context) or profile[0]
    sector = _sector_of([head, *reversed(tokens)]) or profile[1] or _state_sector(head, country, context)
    text = head.doc[tokens[0].i : tokens[-1].i + 1].text
    return Actor(name=name, country=country, sector=sector, text=text, start=start, end=end)


def _speaker(quote: Quote, head: Token, *, context: ActorContext) -> Actor:
    """The quote's speaker as the actor; the evidence offsets are the pronoun's own."""
    country, sector = context.profiles.get(quote.speaker.lower()) or _title_before(quote, head.doc, context)
    return Actor(name=quote.speaker, country=country, sector=sector, text=head.text, start=head.idx,
                 end=head.idx + len(head.text))


def _title_before(quote: Quote, doc: Doc, context: ActorContext) -> tuple[str, str]:
    """Country and sector from the words just before the speaker's name ("President of Russia Vladimir Putin:")."""
    named = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand") if quote.speaker_end > 0 \
        else None
    if named is None:
        return "", ""
    words = []
    for token in reversed(doc[max(0, named.start - 6) : named.start]):  # the label only: stop where prose ends
        if token.is_punct or token.is_space:
            break
        words.append(token)
    return _country_of(words, context), _sector_of(words)


def phrase(head: Token) -> list[Token]:
    """The head with its pre-modifiers ("Several high-ranking Ukrainian officials", "The U.S. and its allies")."""
    lefts = [child for child in head.lefts if child.dep_ in PHRASE_DEPS | {"det"}]
    first = min((child.left_edge.i for child in lefts), default=head.i)
    return [token for token in head.doc[first : head.i + 1] if not token.is_space]


def _named_appos(head: Token) -> Token:
    """"Ukraine's second-largest city, Kharkiv": the name in apposition names the actor."""
    named = [child for child in head.children if child.dep_ == "appos" and child.pos_ == "PROPN"]
    return named[0] if named and head.pos_ == "NOUN" else head


def antecedent(token: Token) -> Token | None:
    """The entity a pronoun or "the country" stands for: the nearest earlier named state or subject."""
    doc = token.doc
    plural = token.lower_ in {"they", "their", "them", "we"}
    for candidate in reversed(doc[max(0, token.i - 80) : token.i]):  # (token.sent would walk the whole doc)
        if plural and candidate.dep_ == "nsubj" and candidate.pos_ in {"NOUN", "PROPN"}:
            return candidate
        if not plural and candidate.ent_type_ == "GPE" and candidate.text.lower() in country_names():
            return candidate
    return None


def _attached(head: Token) -> Iterable:
    """Words hung on the head that name its country: "Officials from Ukraine", "forces in Kharkiv"."""
    for child in head.children:
        if child.dep_ == "appos":
            yield child
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            yield from (grand for grand in child.children if grand.dep_ == "pobj")


def _country_of(tokens: Iterable, context: ActorContext) -> str:
    names = country_names()
    for token in tokens:
        mention = context.mention_at(token.idx)
        for key in ((mention.canonical.lower(), mention.text.lower()) if mention else ()):
            if key in names:
                return names[key]
        if token.text.lower() in names and (token.pos_ in {"PROPN", "ADJ"} or token.ent_type_):
            return names[token.text.lower()]
        place = context.place_at(token.idx)
        if place and place.country:
            return alpha3(place.country)
    return ""


def _sector_of(tokens: Iterable) -> str:
    for token in tokens:
        sector = SECTORS.get(token.lower_) or SECTORS.get(token.lemma_.lower())
        if sector:
            return sector
    return ""


def _state_sector(head: Token, country: str, context: ActorContext) -> str:
    """A country named as a participant acts through its government; "Russians" or a city do not."""
    if not country or country in NON_STATE or head.pos_ != "PROPN":
        return ""
    place = context.place_at(head.idx)
    is_country = place.kind == "country" if place is not None else head.ent_type_ == "GPE"
    return "GOV" if is_country and head.text.lower() in country_names() else ""


def _has_definite(token: Token) -> bool:
    return any(child.lower_ in {"the", "this", "that", "its"} for child in token.children)
