"""Actors and recipients: a dependency-parse head → a canonical entity with ISO alpha-3 country and sector.

The country comes from the entity's own words (a country, demonym, capital or city: "Russian forces",
"Officials from Ukraine"), from a geocoded place, or, for a person, from how the article introduces
them elsewhere ("Russian President Vladimir Putin" makes a later "Putin" RUS/GOV). The sector comes from
title and role words (PLOVER sector codes: GOV, MIL, COP, LEG, REB, CVL, ...). "I" and "we" inside a quote
are its speaker ("Vladimir Putin: We will respond" is an act of Putin's).

Who a phrase is comes from the article's shared mention resolution (``storyline.enrich.mentions``): titles
("the Head of State") are the person the article gives that office, "I"/"we" outside quotes the release's
author, "he"/"it" their antecedent. Plurals that stand for the parties of a meeting ("the leaders", "the two
sides", "the delegations of Ukraine and Russia", "Russia and Belarus") resolve to each participant
(``resolve_all``). A head that names no one — no entity, no country, no sector ("key issue", "hopes") — is no
actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from storyline.embed import embed_texts, model_available
from storyline.enrich.gazetteer import gazetteer
from storyline.enrich.mentions import Resolution
from storyline.events.lexicon import NOUNS, RELATION_NOUNS, SECTORS, VERBS
from storyline.events.plover import NON_STATE, alpha3, capitals, country_names, country_title
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
# Plurals that stand for the parties of a meeting: people ("the leaders") or any party ("the two sides").
# "the pair", "the two", "the duo": the two people named together last, only with a definite article (a bare
# "two were killed" counts victims, "a pair of" is a quantity).
PAIR_NOUNS = frozenset({"pair", "two", "duo"})
PERSON_PLURALS = frozenset({"leaders", "presidents", "heads", "ministers", "counterparts", "interlocutors",
                            "chancellors", "premiers", "monarchs"}) | PAIR_NOUNS
HEADS_OF_STATE = frozenset({"leaders", "presidents", "heads", "chancellors", "premiers", "monarchs"})
PARTY_PLURALS = frozenset({"parties", "sides", "delegations", "participants", "countries", "states", "nations",
                           "governments", "negotiators", "both", "partners"})
# Collective nouns whose "of" phrase says who they are: "a group of Moroccan diplomats", "members of the OSCE".
COLLECTIVE_NOUNS = frozenset({"group", "groups", "members", "member", "number", "team", "part", "majority",
                              "some", "many", "most", "one", "third", "half", "contingent", "batch", "patch",
                              "deployment", "unit", "units", "representatives", "delegation", "tens", "hundreds",
                              "thousands", "dozens", "millions", "scores"})
# An organisation whose name says it spans states: "World Health Organization", "Asia-Pacific Economic Cooperation".
IGO_SCOPE = frozenset({"world", "international", "united", "european", "africa", "african", "asia", "asian",
                       "pacific", "arab", "islamic", "atlantic", "american", "eurasian", "shanghai", "collective",
                       "commonwealth", "caribbean", "nordic", "regional", "global"})
IGO_BODY = frozenset({"organization", "organisation", "community", "union", "cooperation", "council", "programme",
                      "program", "agency", "fund", "bank", "league", "forum", "commission", "conference", "court",
                      "treaty", "nations", "alliance", "mission"})
SPEECH_LEMMAS = frozenset({"say", "tell", "announce", "state", "claim", "report", "add", "declare", "confirm",
                           "insist", "warn", "note", "write", "deny", "admit"})
PERSON_NOUNS = frozenset({"president", "minister", "spokesman", "spokeswoman", "leader", "official", "premier",
                          "chancellor", "king", "queen", "commander", "general", "governor", "mayor"})
VENUE_PREPS = frozenset({"in", "at", "near", "inside", "outside"})
RELATIONAL = frozenset({"ally", "proxy", "rival", "enemy", "foe", "opponent", "neighbour", "neighbor", "partner",
                        "adversary", "client", "patron", "sponsor"})
STANCE_SUFFIXES = frozenset({"backed", "supported", "sponsored", "funded", "allied", "aligned", "friendly"})
# What talk is of and about: no party, though a country may modify it ("Russian-Belarusian *relations*").
TALK_NOUNS = frozenset({"view", "opinion", "information", "thought", "talk", "conversation", "discussion",
                        "consultation", "dialogue", "concern", "position", "statement", "agreement", "negotiation",
                        "exchange", "briefing", "report", "assessment", "approach", "stance", "meeting",
                        "declaration", "memorandum", "document", "update", "contact", "call", "consensus"})
TOPIC_NOUNS = frozenset({"situation", "issue", "topic", "settlement", "crisis", "conflict", "development",
                         "agenda", "question", "matter", "problem", "prospect"})
# Nouns of a state or quality ("statehood", "readiness", "nationalism"); "-ity" only where owned, since
# "community", "majority" and "authority" also name groups and bodies
STATE_SUFFIXES = ("hood", "ness", "ism", "dom")
QUALITY_SUFFIXES = (*STATE_SUFFIXES, "ity")
THING_MARGIN = 0.05  # near the middle the embedding cannot tell ("hacker" -0.005): the noun stays a party
PARTICIPANT_WINDOW = 8  # sentences back "the leaders" look for the two people of the meeting
OFFICE_WINDOW = 10  # tokens an office may take before a name ("Prime Minister of the Republic of India")


@dataclass
class ActorContext:
    """What actor resolution may look at in one article: its mentions, places and introduced persons."""

    mentions: Sequence[Mention]
    places: Sequence[Place]
    profiles: dict[str, tuple[str, str]] = field(default_factory=dict)
    quotes: Sequence[Quote] = ()
    resolution: Resolution | None = None

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
    resolution: Resolution | None = None,
) -> ActorContext:
    context = ActorContext(mentions=mentions, places=places, quotes=quotes, resolution=resolution)
    context.profiles = person_profiles(doc, context)
    return context


def person_profiles(doc: Doc, context: ActorContext) -> dict[str, tuple[str, str]]:
    """Person name (full, canonical and surname, lower-cased) → (country, sector) from its title words."""
    profiles: dict[str, tuple[str, str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = [token for token in ent.root.subtree if token.i < ent.start] or _title_words(doc, ent.start)
        words += [g for c in ent.root.children if c.dep_ == "prep" and c.lower_ in {"of", "from"}
                  for g in c.children if g.dep_ == "pobj"]  # "King Hassan *of Morocco*"
        country, sector = _country_of(words, context), _sector_of(words)
        if country or sector:
            mention = context.mention_at(ent.start_char)
            for key in {ent.text.lower(), ent[-1].text.lower(), (mention.canonical.lower() if mention else "")}:
                if key and (key not in profiles or _statelier(country, profiles[key][0])):
                    profiles[key] = (country, sector or profiles.get(key, ("", ""))[1])
    _written_titles(doc, profiles, context)
    return profiles


def _written_titles(doc: Doc, profiles: dict[str, tuple[str, str]], context: ActorContext) -> None:
    """A country from every place the article writes a person's full name after an office, also where the
    parser read the name with the office's place ("President of the People's Republic of *China Xi Jinping*"
    tagged as one entity, so the name's PERSON mention elsewhere has no country): the office words right
    before the name, read back to the office noun."""
    names = {m.canonical for m in context.mentions if m.label == "PERSON" and len(m.canonical.split()) >= 2}
    for name in sorted(names):
        if (profiles.get(name.lower()) or ("",))[0] not in {"", *NON_STATE}:
            continue
        for start in _occurrences(doc, name):
            words = _office_words(doc, start)
            country = _country_of(words, context) if _sector_of(words) else ""
            if country and country not in NON_STATE:
                sector = (profiles.get(name.lower()) or ("", ""))[1] or _sector_of(words)
                for key in {name.lower(), name.split()[-1].lower()}:
                    profiles[key] = (country, sector)
                break


def _occurrences(doc: Doc, name: str) -> list[int]:
    """Token indices where ``name`` is written in full."""
    found = []
    for match in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            found.append(span.start)
    return found


def _office_words(doc: Doc, start: int) -> list[Token]:
    """The office before a name, through its of-phrases ("President *of* the Republic *of* Kazakhstan"): back
    to a punctuation mark, a verb or a clause word."""
    words: list[Token] = []
    for token in reversed(doc[max(0, start - OFFICE_WINDOW) : start]):
        if (token.is_punct and token.text != "'s") or token.pos_ in {"VERB", "AUX", "PRON", "CCONJ"}:
            break
        words.append(token)
    return words


def _statelier(country: str, known: str) -> bool:
    """A state's office says whose a person is better than a body's ("Prime Minister of Armenia" over "Chairman
    of the CSTO Collective Security Council") or than none."""
    return bool(country) and country not in NON_STATE and (not known or known in NON_STATE)


def _title_words(doc: Doc, start: int) -> list[Token]:
    """The words right before a name the parse hung elsewhere ("Putin and *Turkish President* Erdogan")."""
    words: list[Token] = []
    for token in reversed(doc[max(0, start - 6) : start]):
        if token.is_punct or token.pos_ in {"VERB", "AUX", "PRON", "CCONJ", "ADP", "DET"}:
            break
        words.append(token)
    return words


def resolve(head: Token, *, context: ActorContext) -> Actor | None:
    """The actor whose phrase is headed by ``head`` (a spaCy token), or None when nothing names it."""
    found = resolve_all(head, context=context)
    return found[0] if found else None


def resolve_all(head: Token, *, context: ActorContext, depth: int = 0) -> list[Actor]:
    """Every party the phrase headed by ``head`` stands for: one actor, or each participant of a plural
    ("the leaders", "Russia and Belarus", "the delegations of Ukraine and Russia"); [] when it names no one."""
    if head.lower_ in FIRST_PERSON and (found := _first_person(head, context)):
        return found
    named = _named_appos(head)
    if named.i != head.i and head.tag_ == "NNS" and named.conjuncts and depth < 2:
        return resolve_all(named, context=context, depth=depth + 1)  # "Presidents Putin and Lukashenko met"
    if depth < 2:
        members = [head, *(t for t in head.conjuncts if t.i > head.i and t.pos_ in ACTOR_POS | {"PRON"}
                           and not _excluded(t))]
        if len(members) > 1 and all(_unnamed_plural(member) for member in members):
            return participants(head, context=context)  # "meetings between the ministers and deputy ministers"
        if len(members) > 1:
            return _distinct(a for member in members for a in resolve_all(member, context=context, depth=2))
        inner = _collective_of(head)
        if inner is not None:  # "a group of Moroccan diplomats" is the diplomats
            return resolve_all(inner, context=context, depth=depth + 1)
        if head.lower_ in PERSON_PLURALS | PARTY_PLURALS and _bare(head):
            found = participants(head, context=context)
            if found or head.lower_ in PARTY_PLURALS:
                return found
    if head.lower_ in PRONOUNS or (head.lemma_.lower() in ANAPHORS and _has_definite(head)):
        return _antecedent_actors(head, context=context, depth=depth)
    single = _single(head, context=context)
    if single is not None and (split := _coordinated_peoples(head, single, context)):
        return split  # "Russian and Ukrainian representatives": two parties
    return [single] if single is not None else []


def _coordinated_peoples(head: Token, actor: Actor, context: ActorContext) -> list[Actor]:
    """One actor per country when the head's modifiers name several joined by "and"."""
    first = next((c for c in head.children if c.dep_ in {"amod", "compound", "nmod"}
                  and any(g.dep_ == "conj" for g in c.children)), None)
    if first is None:
        return []
    words = [first, *(g for g in first.children if g.dep_ == "conj")]
    found: list[Actor] = []
    for word in words:
        code = _country_of([word], context)
        if not code or code in NON_STATE:
            return []
        found.append(replace(actor, name=f"{word.text} {head.text}", country=code))
    return _distinct(found) if len({a.country for a in found}) > 1 else []


def _single(head: Token, *, context: ActorContext) -> Actor | None:
    head = _named_appos(head)
    if (head.lemma_.lower() in EVENT_WORDS and not _in_named_body(head)) or not (
            head.pos_ in ACTOR_POS or head.ent_type_ in NAMED_ACTORS):
        return None  # "that", "I", "you" left unresolved name nobody a reader could follow
    tokens = phrase(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    mention = context.mention_at(head.idx)
    canonical = context.resolution.canonical_for(head) if context.resolution is not None else ""
    canonical = canonical or (mention.canonical if mention else "")
    if _alias_place(head, context):
        canonical = ""  # "Hamas" is no alternate name of a German city here: spaCy read an organisation
    named = [t for t in tokens if t.dep_ != "det" or t.i > tokens[0].i] or tokens
    where = _country_of(list(_attached(head)), context)
    stated = where or _country_of([t for t in tokens if t.i != head.i], context)  # "of Armenia", "the US"
    if canonical and mention is None and stated and (_profile(canonical, context) or ("",))[0] != stated:
        canonical = ""  # "the president of Armenia" is not the article's main president unless he is Armenia's
    name = canonical or head.doc[named[0].i : head.i + 1].text  # (doc.text joins the whole doc)
    profile = _profile(name, context) or context.profiles.get(head.text.lower()) or ("", "")
    ethnic = _ethnic(head)
    own_country = _country_of(_own_words(head, tokens, ethnic=ethnic), context) or profile[0] or _igo(name)
    if where and _people(head):  # "the Albanians *of southern Serbia*", "Russians *in Moldova*": where they live
        own_country = where
    country = own_country or where or ("" if ethnic else _people_country(head))
    sector = _sector_of([head, *reversed(tokens)]) or profile[1] or _state_sector(head, country, context, name=name)
    if country in NON_STATE:
        sector = ""  # "European Union": the word "union" is no labour union
    origin = bool(where) and any(c.dep_ == "prep" and c.lower_ == "from" for c in head.children)
    named_by = any(t.ent_type_ in NAMED_ACTORS for t in tokens if t.i != head.i)  # "Druze inhabitants"
    if (own_country or named_by) and not canonical and _thing(head):
        owner = _owner_of(head, context)  # "Russia's statehood", "a Senegalese peace plan": the owner acts
        return _owner_actor(owner, context) if owner is not None else None
    if not (canonical or head.ent_type_ in NAMED_ACTORS or _proper_name(head) or own_country or origin or sector
            or named_by):
        return None  # "key issue", "the situation in Kazakhstan": no person, organisation, country or group
    text = head.doc[tokens[0].i : tokens[-1].i + 1].text
    if len(tokens) == 1 and head.pos_ == "ADJ" and country and country not in NON_STATE:
        name = country_title(country) or name  # "rejected a *Greek* proposal": Greece
        sector = sector or "GOV"
    return Actor(name=name, country=country, sector=sector, text=text, start=start, end=end)


def _thing(head: Token) -> bool:
    """A common noun that names no one who can act ("statehood", "relations", "hopes"), though a country or a
    name modifies it. Nominalisations are things by their suffix; other nouns by whether their embedding lies
    nearer the lexicon's role nouns ("officials", "farmers") or its act and topic nouns ("talks", "issue")."""
    if head.pos_ != "NOUN" or head.ent_type_ in NAMED_ACTORS:
        return False
    word = head.lemma_.lower()
    owned = head.tag_ == "NN" and any(c.dep_ == "poss" for c in head.children)
    if owned and word.endswith(QUALITY_SUFFIXES):  # "the CSTO's *authority*", "Finland's *security*": a quality
        return True
    if _sector_of([head]) or word in PERSON_NOUNS or head.lower_ in PERSON_PLURALS | PARTY_PLURALS | COLLECTIVE_NOUNS:
        return False
    if _doer_of_act(word):  # "suicide *bombers*", "*negotiators*": who does an act is someone
        return False
    return word.endswith(STATE_SUFFIXES) or agent_score(word) < -THING_MARGIN


def _owner_actor(owner: Token, context: ActorContext) -> Actor | None:
    """The owner as a party; an organisation by its whole name ("the *Asia-Pacific Economic Cooperation* forum",
    which the parse splits into compounds)."""
    actor = _single(owner, context=context)
    body = next((e for e in owner.doc.ents if e.start <= owner.i < e.end and e.label_ == "ORG"), None)
    if actor is None or body is None or len(body) < 2:
        return actor
    name = body.doc[next(t.i for t in body if t.dep_ != "det") : body.end].text
    return replace(actor, name=name, country=actor.country or _igo(name))


def _in_named_body(head: Token) -> bool:
    """"Asia-Pacific Economic *Cooperation*": an act's noun as the last word of an organisation's name."""
    return head.pos_ == "PROPN" and head.ent_type_ == "ORG" and head.i > 0 and head.doc[head.i - 1].ent_type_ == "ORG"


def _doer_of_act(word: str) -> bool:
    """An agent noun of an event verb: "bomber" (bomb), "protester" (protest), "negotiator" (negotiate)."""
    if not word.endswith(("er", "or")):
        return False
    return any(stem in VERBS for stem in (word[:-2], word[:-1], word[:-2] + "e"))


def _owner_of(thing: Token, context: ActorContext) -> Token | None:
    """Whose a thing is: its possessor, else the one named modifier that says a state or body ("*Israeli*
    changes", "a *U.N.* presence"); none when modifiers name two states ("Russian-Belarusian relations")."""
    owner = next((c for c in thing.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    named = [t for t in thing.lefts if t.dep_ in {"amod", "compound", "nmod"} and t.ent_type_ in NAMED_ACTORS]
    states = {code for t in thing.lefts for w in t.subtree if (code := _country_of([w], context))}
    if not named or len(states) > 1:
        return None
    return max(named, key=lambda t: len(list(t.subtree)))  # the fullest: "Asia-Pacific Economic Cooperation"


@cache
def agent_score(word: str) -> float:
    """How much nearer a noun's static MiniLM embedding lies to the role nouns than to the act and topic nouns
    (mean cosine to the five nearest of each); 0 without the embedding model (then no noun is judged a thing)."""
    prototypes = _prototypes()
    if prototypes is None:
        return 0.0
    agents, things = prototypes
    vector = embed_texts([word])[0]
    return float(np.sort(agents @ vector)[-5:].mean() - np.sort(things @ vector)[-5:].mean())


@cache
def _prototypes() -> tuple[np.ndarray, np.ndarray] | None:
    """Embeddings of the role nouns (the sector lexicon, titles, plurals of people) and of the act and topic
    nouns (the event-noun lexicon, relation and talk nouns)."""
    if not model_available():
        return None
    agents = sorted({w.replace("_", " ") for w in SECTORS} | PERSON_NOUNS | PERSON_PLURALS | PARTY_PLURALS)
    things = sorted(({w.replace("_", " ") for w in NOUNS} | TALK_NOUNS | TOPIC_NOUNS | RELATION_NOUNS) - set(agents))
    return embed_texts(agents), embed_texts(things)


def _ethnic(head: Token) -> bool:
    """"ethnic Albanians", "ethnic Turks": a people named as a people, not as a state's citizens."""
    return any(child.dep_ == "amod" and child.lower_ == "ethnic" for child in head.children)


def _own_words(head: Token, tokens: list[Token], *, ethnic: bool) -> list[Token]:
    """The words that may give the phrase's country, most telling first: the head ("Russian *forces*" has none,
    "*Ukraine*"), then its modifiers; a people's modifier first ("*Bosnian* Serbs" live in Bosnia); an ethnic
    people's own name never ("ethnic Albanians in Serbia" are no Albanian state)."""
    modifiers = [t for t in reversed(tokens) if t.i != head.i and not stance(t)
                 and not (t.dep_ == "poss" and head.lemma_.lower() in RELATIONAL)]  # "*Israel's* ally"
    if ethnic:
        return [t for t in modifiers if t.lower_ != "ethnic"]
    return [*modifiers, head] if _people(head) else [head, *modifiers]


def _people(head: Token) -> bool:
    """"Serbs", "Uzbeks", "Palestinians": a people's plural (whatever spaCy's entity label)."""
    code = country_names().get(head.lower_, "")
    plural = head.tag_ in {"NNS", "NNPS"} or head.lower_.endswith("s")
    return head.ent_type_ == "NORP" or (bool(code) and plural and country_title(code).lower() != head.lower_)


def stance(token: Token) -> bool:
    """"*pro-Iranian* group", "*anti-Syria* journalist", "*Syrian*-backed militia": a state the party sides with
    or is backed by, not its own."""
    doc = token.doc
    before = doc[max(0, token.i - 2) : token.i]
    after = doc[token.i + 1 : token.i + 3]
    sides = len(before) == 2 and before[1].text == "-" and before[0].lower_ in {"pro", "anti"}
    backed = len(after) == 2 and after[0].text == "-" and after[1].lower_ in STANCE_SUFFIXES
    return sides or backed or token.lower_.startswith(("pro-", "anti-")) or token.lower_ in {"pro", "anti"}


def _place_by_other_name(token: Token, context: ActorContext) -> bool:
    """A person's name ("Hassan" is also a city in India), or a word spaCy reads as an organisation or a
    people that the gazetteer geocoded by another place's alternate name ("Hamas" → Hamm, "Turks" → Angren):
    it names no place."""
    mention = context.mention_at(token.idx)
    if mention is not None and mention.label == "PERSON":  # the enrichment kept it a person ("Hassan Diab")
        return not country_word(token.text)  # ("Bosnian Serbs" read as a person keeps its "Bosnian")
    return _alias_place(token, context)


def _alias_place(token: Token, context: ActorContext) -> bool:
    """An organisation or people geocoded by another place's alternate name ("Hamas" → Hamm)."""
    if token.ent_type_ not in {"ORG", "NORP"}:  # (spaCy also reads "Kyiv" or "Ugandan" as a person: those stay)
        return False
    place = context.place_at(token.idx)
    return place is not None and place.name.lower() != place.text.lower() and token.lower_ not in country_names()


def country_word(word: str) -> bool:
    """A country's own name or a people's adjective ("Benin", "Bosnian"), not a city's name ("Hassan")."""
    code = country_names().get(word.lower(), "")
    return bool(code) and (country_title(code).lower() == word.lower() or gazetteer().is_demonym(word)
                           or _country_prefix(word[:4].lower()) == code)


def country_of_words(tokens: Iterable, context: ActorContext) -> str:
    """The country the first of these words names (a country word, a geocoded place, a linked mention)."""
    return _country_of(tokens, context)


def _proper_name(head: Token) -> bool:
    """A proper noun the tagger is sure of: "BP" mid-sentence, not a capitalised first word ("Heavy")."""
    if head.pos_ != "PROPN":
        return False
    return not head.is_sent_start or head.is_upper or any(c.dep_ == "compound" and c.pos_ == "PROPN"
                                                          for c in head.children)


def expletive(token: Token) -> bool:
    """"*It* was agreed to …", "*it* is important that …": an "it" that stands for a clause, not a party."""
    if token.lower_ != "it" or token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return any(child.dep_ in {"ccomp", "xcomp", "csubj"} for child in token.head.children)


def _first_person(head: Token, context: ActorContext) -> list[Actor]:
    """"I"/"we": the quote's speaker inside a quote, else the release's author ("Address by President …")."""
    quote = context.speaker_at(head.idx)
    if quote is not None:
        return [_speaker(quote, head, context=context)]
    resolution = context.resolution
    writer = resolution.first_person() if resolution is not None else None
    if writer is None or resolution.is_quoted(head.idx):
        return []
    return [_named(writer.name, head, context=context)]


def _antecedent_actors(head: Token, *, context: ActorContext, depth: int) -> list[Actor]:
    """"he", "it", "the country": the article's resolution first, else the nearest named state or subject."""
    if expletive(head):
        return []
    teller = _teller(head)
    if teller is not None and depth < 2:  # "The alliance said *it* targeted …": whoever said it, or no one
        return resolve_all(teller, context=context, depth=depth + 1)
    canonical = context.resolution.canonical_for(head) if context.resolution is not None else ""
    if canonical:
        return [_named(canonical, head, context=context)]
    earlier = antecedent(head)
    if earlier is None or depth >= 2:
        return []
    return resolve_all(earlier, context=context, depth=depth + 1)


def _teller(pronoun: Token) -> Token | None:
    """The subject of the speech verb a pronoun's clause reports, when it is a noun phrase: "*Russia* said it
    would …", "*The alliance* said it targeted …" (a third person pronoun there is the teller itself)."""
    if pronoun.dep_ not in {"nsubj", "nsubjpass"} or pronoun.lower_ not in {"it", "they", "he", "she"}:
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH_LEMMAS:
        return None
    teller = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if teller is None or teller.pos_ not in ACTOR_POS or not _agrees(pronoun, teller):
        return None
    return teller


def _agrees(pronoun: Token, noun: Token) -> bool:
    """Number and kind: "it" for a singular thing, "they" for a plural, "he"/"she" for a person."""
    plural = noun.tag_ in {"NNS", "NNPS"}
    if pronoun.lower_ == "they":
        return plural
    if pronoun.lower_ == "it":
        return not plural and noun.ent_type_ != "PERSON"
    return not plural and (noun.ent_type_ == "PERSON" or noun.lower_ in PERSON_NOUNS)


def participants(head: Token, *, context: ActorContext) -> list[Actor]:
    """The parties "the leaders", "the two sides" or "the delegations" stand for: named in the phrase ("of
    Ukraine and Russia", "between Moscow and Kyiv"), else the people named together in the latest sentence
    that names several, else the release's author and the person its headline names, else (not for "the
    leaders") the states named together last."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "from", "between"}:
            inner = next((g for g in child.children if g.dep_ == "pobj"), None)
            if inner is not None and (child.lower_ == "between" or inner.conjuncts):
                return resolve_all(inner, context=context, depth=1)
    resolution = context.resolution
    if resolution is None:
        return []
    names = _latest_group(resolution, head, kind="PERSON")
    if len(names) < 2 and resolution.author is not None:
        named = [t.name for t in resolution.titled if t.start < 0 and t.name != resolution.author.name]
        names = [resolution.author.name, *named[:1]] if named else []
    if len(names) < 2 and head.lower_ not in HEADS_OF_STATE:  # "the two sides", "the ministers" may be states
        names = _latest_group(resolution, head, kind="state")
    return _distinct(_named(name, head, context=context) for name in names) if len(names) > 1 else []


def _latest_group(resolution: Resolution, head: Token, *, kind: str) -> list[str]:
    """Distinct people (or states) in the latest sentence before ``head`` that names two or more of them."""
    sentence = resolution.sentence_of(head)
    by_sentence: dict[int, list[str]] = {}
    for referent in resolution.referents:
        if referent.start >= head.idx or referent.quoted or sentence - referent.sentence > PARTICIPANT_WINDOW:
            continue
        if (referent.label == "PERSON") != (kind == "PERSON"):
            continue
        if kind != "PERSON" and (not _is_state(referent.canonical) or _venue(resolution, referent.start)):
            continue  # the sides of a meeting are people or states, not "CNN" that reported it or where it was
        names = by_sentence.setdefault(referent.sentence, [])
        if referent.canonical not in names:
            names.append(referent.canonical)
    return next((names[:4] for _, names in sorted(by_sentence.items(), reverse=True) if len(names) > 1), [])


def _venue(resolution: Resolution, start: int) -> bool:
    """A state named as where something happened ("talks *in Belarus*"), not as a party to it."""
    span = resolution.doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    while token.dep_ in {"compound", "det"} and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in VENUE_PREPS


def _named(name: str, head: Token, *, context: ActorContext) -> Actor:
    """An actor the article's resolution named; the evidence offsets are the head's own words."""
    country, sector = _profile(name, context) or ("", "")
    person = any(m.label == "PERSON" and name in {m.canonical, m.text} for m in context.mentions)
    country = country or ("" if person else _country_name(name)) or _igo(name)  # "King Hassan": no Indian town
    if not sector and country and country not in NON_STATE and _is_country(name, country, context):
        sector = "GOV"  # a country named as a party acts through its government (a city does not)
    if country in NON_STATE:
        sector = ""
    return Actor(name=name, country=country, sector=sector, text=head.text, start=head.idx,
                 end=head.idx + len(head.text))


def _profile(name: str, context: ActorContext) -> tuple[str, str] | None:
    """(country, sector) of a named person: from the article's titles ("President of France Emmanuel Macron",
    a title in the headline), or the release author's place."""
    profile = context.profiles.get(name.lower())
    resolution = context.resolution
    if resolution is None or (profile and profile[0] and profile[1] and profile[0] not in NON_STATE):
        return profile
    country, sector = profile or ("", "")
    author = resolution.author
    if author is not None and author.name == name:
        country, sector = country or _country_name(author.place), sector or "GOV"
    for titled in (t for t in resolution.titled if t.name == name):
        found = _country_in_title(titled.title) or next(
            (c for key in sorted(titled.places) if (c := _country_prefix(key))), "")
        country = found if _statelier(found, country) else country  # a state's office outweighs a body's
        sector = sector or next((SECTORS[noun] for noun in sorted(titled.nouns) if noun in SECTORS), "")
    return (country, sector) if country or sector else None


def _country_in_title(title: str) -> str:
    """The state an office's words name, longest name first ("Prime Minister of *Greece*", "Crown Prince of
    *Saudi Arabia*", "*Greek* Prime Minister"): exact, where the four-letter key is ambiguous (Greece, Greenland)."""
    words = title.replace(" 's", "'s").split()
    names = country_names()
    for size in (5, 4, 3, 2, 1):  # "People's Republic of China", not its "Republic of China"
        for first in range(len(words) - size + 1):
            piece = " ".join(words[first : first + size])
            code = names.get(piece.lower(), "") if piece[:1].isupper() else ""
            if code and code not in NON_STATE:
                return code
    return ""


@cache
def _country_prefixes() -> dict[str, str]:
    """First four letters of a country name or demonym → its code, where only one code has them (the
    resolution keys titles' places so: "Russian"/"Russia" → "russ")."""
    codes: dict[str, set[str]] = {}
    for code in set(country_names().values()) - NON_STATE:  # country names only, not cities ("Franceville")
        title = country_title(code).lower()
        if len(title) >= 4:
            codes.setdefault(title[:4], set()).add(code)
    for found in codes.values():  # a union ("Serbia and Montenegro") yields its member's prefix ("Serbia")
        if len(found) > 1:
            found -= {code for code in found if " and " in country_title(code)}
    return {prefix: found.pop() for prefix, found in codes.items() if len(found) == 1}


def _country_prefix(key: str) -> str:
    return _country_prefixes().get(key, "")


def _is_state(name: str) -> bool:
    """A country's own name ("Russia"), not its capital ("Kyiv", "Minsk")."""
    code = _country_name(name)
    return bool(code) and code not in NON_STATE and country_title(code).lower() == name.lower().removeprefix("the ")


def _is_country(name: str, code: str, context: ActorContext) -> bool:
    folded = name.lower()
    if country_title(code).lower() == folded:
        return True
    return any(p.kind == "country" and folded in {p.name.lower(), p.text.lower()} for p in context.places)


def _country_name(name: str) -> str:
    return country_names().get(name.lower().removeprefix("the "), "")


def _igo(name: str) -> str:
    """"World Health Organization", "Asia-Pacific Economic Cooperation": a body that spans states (EUR for
    a European one)."""
    words = set(name.lower().replace("-", " ").split())
    if not (words & IGO_SCOPE and words & IGO_BODY):
        return ""
    return "EUR" if "european" in words else "IGO"


def _collective_of(head: Token) -> Token | None:
    """"a group of Moroccan diplomats", "Members of the Association": the "of" phrase names the party."""
    if head.lower_ not in COLLECTIVE_NOUNS or head.ent_type_ in {"PERSON", "ORG", "GPE"}:
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _bare(head: Token) -> bool:
    """"the leaders", "the two sides", "both parties": a plural with nothing that says whose it is ("Western
    governments", "their Russian counterparts", "the leaders of Armenia and Russia" are said by their words)."""
    if head.ent_type_ in NAMED_ACTORS:
        return False
    if head.lower_ in PAIR_NOUNS and not any(c.dep_ == "det" and c.lower_ in {"the", "these"} for c in head.children):
        return False
    for child in head.children:
        if child.dep_ in {"det", "predet"} and child.lower_ not in {"the", "both", "these", "all"}:
            return False
        if child.dep_ in {"amod", "compound", "poss", "nmod"} and child.lower_ not in {"two", "both", "three"}:
            return False
    return True


def _unnamed_plural(head: Token) -> bool:
    """"the ministers", "deputy prime ministers": the parties' people, with no word that says whose."""
    if head.lower_ not in PERSON_PLURALS | PARTY_PLURALS or head.ent_type_ in NAMED_ACTORS:
        return False
    return not any(child.dep_ in {"poss", "prep"} or child.ent_type_ in NAMED_ACTORS
                   or child.lower_ in country_names() for child in head.children)


def _excluded(conjunct: Token) -> bool:
    """"officials, but *not* President Zelenskyy": a conjunct the sentence leaves out."""
    before = conjunct.doc[max(0, conjunct.left_edge.i - 1) : conjunct.i]
    return any(token.lower_ in {"not", "nor"} for token in before)


def _distinct(actors: Iterable[Actor]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for actor in actors:
        seen.setdefault(actor.name.lower(), actor)
    return list(seen.values())[:4]


def _speaker(quote: Quote, head: Token, *, context: ActorContext) -> Actor:
    """The quote's speaker as the actor; the evidence offsets are the pronoun's own."""
    country, sector = _profile(quote.speaker, context) or _title_before(quote, head.doc, context)
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
        if child.dep_ == "appos":  # "Salaheddine Sidhoum, *Algeria's* leading activist"
            yield child
            yield from (t for t in child.subtree if t.i < child.i and t.dep_ in {"poss", "compound", "amod"})
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            yield from (grand for grand in child.children if grand.dep_ == "pobj")


def _country_of(tokens: Iterable, context: ActorContext) -> str:
    names = country_names()
    for token in tokens:
        if _place_by_other_name(token, context):
            continue
        mention = context.mention_at(token.idx)
        for key in ((mention.canonical.lower(), mention.text.lower()) if mention else ()):
            if key in names:
                return names[key]
        if (code := _two_word_country(token)) != "":  # before the word alone: "North Korea", "Northern Ireland"
            return code
        if token.text.lower() in names and (token.pos_ in {"PROPN", "ADJ"} or token.ent_type_):
            return names[token.text.lower()]
        place = context.place_at(token.idx)
        if place and place.country:
            return alpha3(place.country)
    return ""


def _two_word_country(token: Token) -> str:
    """"Sierra Leonean", "South African", "Sri Lankan": a country word written in two words."""
    names, doc = country_names(), token.doc
    for first, second in ((token.i - 1, token.i), (token.i, token.i + 1)):
        if first >= 0 and second < len(doc) and doc[first].text[:1].isupper() and doc[second].text[:1].isupper():
            code = names.get(f"{doc[first].text} {doc[second].text}".lower(), "")
            if code:
                return code
    return ""


def _people_country(head: Token) -> str:
    """"4 Iraqis", "Ghanaians": a people whose adjective is listed, where no place says where they are."""
    names = country_names()
    word = head.lower_
    return names.get(word[:-1], "") if head.ent_type_ == "NORP" and word.endswith("s") else ""


def _sector_of(tokens: Iterable) -> str:
    for token in tokens:
        sector = SECTORS.get(token.lower_) or SECTORS.get(token.lemma_.lower())
        if sector:
            return sector
    return ""


def _state_sector(head: Token, country: str, context: ActorContext, *, name: str = "") -> str:
    """A country named as a participant acts through its government; "Russians" or a city do not."""
    if not country or country in NON_STATE or head.pos_ != "PROPN":
        return ""
    if capitals().get(head.text.lower()) == country and head.dep_ in {"nsubj", "nsubjpass", "dobj", "poss"}:
        return "GOV"  # "Moscow demanded", "Ankara rejected": the capital stands for the government
    place = context.place_at(head.idx)
    is_country = place.kind == "country" if place is not None else head.ent_type_ == "GPE"
    return "GOV" if is_country and (head.text.lower() in country_names() or _is_state(name)) else ""


def _has_definite(token: Token) -> bool:
    return any(child.lower_ in {"the", "this", "that", "its"} for child in token.children)
