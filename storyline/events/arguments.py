"""Who did it and to whom: the actor and recipient heads of a trigger, from the dependency parse.

The actor is the clause's subject (inherited through "willing to", "spent the weekend attacking", relative
clauses; the agent of a passive). The recipient is the object, an against/with/on/to phrase, the subject of
an embedded demand ("demanded *that the US* cancel"), or, as PLOVER's gold coders do, the country the act
happened in ("lifted the curfew *in Sudan*").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.events import lexicon as lx
from storyline.events.actors import (
    COLLECTIVE_NOUNS,
    PARTY_PLURALS,
    PERSON_PLURALS,
    PRONOUNS,
    TALK_NOUNS,
    TOPIC_NOUNS,
    ActorContext,
    country_of_words,
    country_word,
    resolve,
    stance,
)
from storyline.events.plover import NON_STATE, alpha3, country_names, country_title
from storyline.events.triggers import VERB_POS, Trigger, same_token
from storyline.records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
INHERITS_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl"})
RECIPIENT_PREPS = ("against", "on", "with", "to", "toward", "towards", "into", "at", "over", "upon", "from", "for")
PURPOSED = frozenset({"PROTEST"})  # acts whose target is said in their purpose clause
STOP_NOUNS = frozenset({"end", "halt", "stop", "cessation"})
ARMED = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
STATE_WORDS = frozenset({"government", "pro-government", "state", "regime", "army", "military", "security",
                         "federal", "national", "police"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})
BROAD = frozenset({"western", "foreign", "international", "global", "world", "regional", "neighbouring",
                   "neighboring", "other", "arab", "european", "african", "asian", "latin"})
FORMER = re.compile(r"\b(?:former|ex)\b", re.IGNORECASE)
SOLE_OFFICES = frozenset({"president", "premier", "chancellor", "king", "queen", "emir", "monarch", "sultan"})
BETWEEN_KINDS = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "AID"})
UNNAMED_KINDS = frozenset({"ASSAULT", "COERCE"})
OFFICIAL_KINDS = frozenset({"ACCUSE", "SANCTION"})  # "was put under investigation in Italy", "was expelled from"
REPORTING = frozenset({"say", "report", "tell", "announce", "state", "add", "claim", "quote"})
NOT_PARTIES = frozenset({"MONEY", "DATE", "TIME", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
SITE_PREPS = frozenset({"in", "at", "inside", "throughout", "across", "near", "outside"})
NO_DESCENT = 2  # how deep a recipient is looked for through things ("the supply *of oil* *to Russia*")
OWN = frozenset({"its", "their", "his", "her", "our"})
CONDITIONS = frozenset({"unless", "if"})
# What a sentence is about, not who acts: "exchanged views *on* Ukraine", "the situation *in* Libya", "discussed
# *the Yemen settlement*"; a state named there is a topic, never a party's country.
TOPIC_PREPS = frozenset({"about", "regarding", "concerning", "including"})
ABOUT_PREPS = frozenset({"on", "over", "around"})  # a topic only on talk: "views *on*", not "sanctions *on*"
TALK_VERBS = frozenset({"agree", "talk", "speak", "comment", "focus", "exchange", "consult", "confer", "brief",
                        "inform", "report", "discuss", "concentrate", "touch", "dwell", "share", "update"})
TOPIC_VERBS = frozenset({"discuss", "review", "consider", "address", "raise", "touch", "debate", "examine"})
STATIVE = frozenset({"commit", "prepare", "determine", "oppose", "dispose", "resolve", "engage", "involve",
                     "intend", "obligate", "oblige", "poise", "set"})  # "is committed to", "is set to"


def arguments(trigger: Trigger, verb: Token | None) -> tuple[Token | None, Token | None]:
    """(actor head, recipient head) tokens for the trigger."""
    if verb is None:
        return None, prep_object(trigger.token)
    actor = subject_of(verb)
    if trigger.noun and trigger.token.dep_ in {"nsubj", "nsubjpass"}:
        actor = None
    recipient = prep_object(trigger.token) if trigger.noun else None
    if trigger.noun and (doer := _noun_agent(trigger.token)) is not None:
        actor = doer  # "the sanctions *introduced by* Western countries": theirs, not the clause's subject
    if recipient is None and trigger.noun:  # "*anti-Russia* sanctions": aimed at Russia
        recipient = _opposed(trigger.token)
    if recipient is None and trigger.noun:  # "sanctions imposed by the EU *on Belarus*"
        recipient = next((found for c in trigger.token.children if c.dep_ == "acl" and _agent(c) is not None
                          and (found := prep_object(c)) is not None), None)
    if recipient is None and trigger.noun and trigger.kind in ARMED:  # "the shelling *of Mariupol*"
        recipient = _of_object(trigger.token)
    pair = _between(trigger.token) if trigger.noun else None
    if pair is not None:  # "talks between X and Y"; with a subject, "X's mediation between Y and Z"
        return (pair if actor is None else (actor, pair[0]))
    if recipient is None:
        recipient = _verb_object(verb, exclude=trigger.token)
    if recipient is None and verb.lemma_.lower() in lx.EMBEDDING and not _addressee(verb, exclude=trigger.token):
        recipient = _inner_party(verb, exclude=trigger.token)
    if recipient is None and trigger.kind in PURPOSED:  # "began a hunger strike *to protest Sweden's decision*"
        recipient = _purpose_party(verb, exclude=trigger.token)
    if recipient is None and not trigger.noun:  # "threatened to cut supplies *unless Kyiv* paid"
        recipient = _condition_party(verb, avoid=actor)
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and trigger.noun and recipient is None and not same_token(passive, trigger.token):
        recipient = passive  # "a US national has been put under investigation"
    if passive is not None and not trigger.noun and _agent(verb) is None and verb.lemma_.lower() in STATIVE:
        actor = passive  # "Vietnam is committed to opening …", "Israel is opposed to …": a stance, not a patient
    elif passive is not None and not trigger.noun:  # "a camp *for Congolese refugees* was attacked": via a thing
        thing_party = None if is_participant(passive) else _thing_party(passive, exclude=None, depth=0)
        actor, recipient = _agent(verb), thing_party or passive
    elif not trigger.noun and _passive_participle(verb, trigger.token):
        actor, recipient = _agent(verb), verb.head  # "the soldiers *killed by US troops*"
    if recipient is None and trigger.kind == "RETREAT":  # "the withdrawal of forces *from Panama*"
        recipient = _left_from(trigger.token, avoid=actor)
    return actor, recipient


def _passive_participle(verb: Token, trigger: Token) -> bool:
    """"the soldiers *killed by US troops*": a participle with a by-phrase, done to the party it modifies
    (not "crimes committed by Croat forces", nor a bare "groups donated" the parser read as a participle); a
    weak verb there only describes its noun ("Syrian forces *backed by tanks* killed 25")."""
    return (same_token(verb, trigger) and verb.dep_ == "acl" and verb.tag_ == "VBN" and _agent(verb) is not None
            and is_participant(verb.head) and verb.lemma_.lower() not in lx.WEAK_VERBS)


def _noun_agent(noun: Token) -> Token | None:
    """Who did an act named as a noun, said by a participle's by-phrase: "sanctions *imposed by* the EU"."""
    for child in noun.children:
        if child.dep_ == "acl" and child.tag_ == "VBN" and (doer := _agent(child)) is not None:
            return doer
    return None


def _opposed(noun: Token) -> Token | None:
    """The party an "anti-X" modifier names as the act's target: "*anti-Russia* sanctions" are on Russia."""
    doc = noun.doc
    for child in noun.children:
        if child.i >= noun.i or child.dep_ not in {"amod", "compound", "nmod"} or child.i < 2:
            continue
        named = is_participant(child) or child.text.lower() in country_names()
        if doc[child.i - 1].text == "-" and doc[child.i - 2].lower_ == "anti" and named:
            return child
    return None


def _agent(verb: Token) -> Token | None:
    """The by-phrase of a passive verb or participle."""
    return next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)


def _left_from(token: Token, *, avoid: Token | None) -> Token | None:
    """The party a withdrawal leaves: a from-phrase in the act's own phrase, not in the actor's."""
    skip = {t.i for t in avoid.subtree} if avoid is not None else set()
    for node in token.subtree:
        if node.dep_ == "pobj" and node.head.lower_ == "from" and node.i not in skip and is_participant(node):
            return node
    return None


def _purpose_party(verb: Token, *, exclude: Token | None) -> Token | None:
    """Whom a protest is aimed at, said in its purpose: "*to protest* President Assad's failure", "*to demand*
    reforms from President Suharto", "*in protest against* Sweden's decision"."""
    for child in verb.children:
        purpose = child.dep_ in {"advcl", "xcomp"} and any(c.dep_ == "aux" and c.lower_ == "to"
                                                            for c in child.children)
        if purpose and (found := _verb_object(child, exclude=exclude)) is not None:
            return found
        if child.dep_ == "prep" and child.lower_ == "in":
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.lemma_.lower() == "protest":
                    found = prep_object(grand, exclude=exclude) or _protested(grand)
                    if found is not None:
                        return found
    return None


def _protested(protest: Token) -> Token | None:
    """"in protest *of* the Russian government's refusal": the owner of what is protested."""
    for child in protest.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            inner = next((g for g in child.children if g.dep_ == "pobj"), None)
            if inner is not None:
                return inner if is_participant(inner) else _owner(inner)
    return None


def _condition_party(verb: Token, *, avoid: Token | None) -> Token | None:
    """The party whose act a conditional act waits on: "threatened to halt talks *if the United States* deploys
    missiles", "will strike *unless Baghdad* accepts" — the one the threat is aimed at."""
    clauses = [verb, *(c for c in verb.children if c.dep_ in {"xcomp", "ccomp"})]
    for clause in clauses:
        for child in clause.children:
            if child.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in child.children):
                continue
            subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and is_participant(subject) and not same_token(subject, avoid):
                return subject
    return None


def _owner(thing: Token) -> Token | None:
    """The party a thing belongs to: "*President Assad's* failure", "*Sweden's* decision", "a *U.S.* request",
    "an *Indian* proposal", "a *United Nations* appeal", "calls *by Kofi Annan*" (who put the thing forward)."""
    owner = next((c for c in thing.children if c.dep_ == "poss" and is_participant(c)), None)
    if owner is not None or thing.pos_ not in {"NOUN", "PROPN"}:
        return owner
    doers = [thing, *(c for c in thing.children if c.dep_ == "acl" and c.tag_ == "VBN")]  # "property *seized by*"
    author = next((g for node in doers for c in node.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by"
                   for g in c.children if g.dep_ == "pobj" and is_participant(g)), None)
    if author is not None:  # "calls *by* Belarus's rulers", "an admission *by* Moscow"
        return author
    return next((c for c in thing.children if c.dep_ in {"compound", "amod"} and c.i < thing.i and (
        (c.text.lower() in country_names() and c.ent_type_ in {"GPE", "NORP"}) or c.ent_type_ == "ORG")), None)


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            found = next((g for g in child.children if g.dep_ == "pobj"), None)
            return found if found is not None and is_participant(found) else None
    return None


def _addressee(verb: Token, *, exclude: Token | None) -> bool:
    """"call *on the world* to impose …", "urged *partners* to …": the one asked is written, though it names no
    party; the target of the act asked for is not the recipient of the asking."""
    if not any(child.dep_ == "xcomp" for child in verb.children):  # object control: asked *whom* to do what
        return False
    for child in verb.children:
        if child.dep_ == "dobj" and not same_token(child, exclude):
            return True
        if child.dep_ == "prep" and child.lower_ in {"on", "upon"} and any(
                g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"} for g in child.children):
            return True  # (not "demanded *on Tuesday* that …")
    return False


def _inner_party(verb: Token, *, exclude: Token | None) -> Token | None:
    """Who an embedding verb is about: "demanded *that the US* cancel", "threatened to cut ties *with Russia*"."""
    inner = next((c for c in verb.children if c.dep_ in {"xcomp", "ccomp"}), None)
    if inner is None:
        return None
    subject = next((c for c in inner.children if c.dep_ in SUBJECT_DEPS), None)
    if inner.dep_ == "ccomp" and subject is not None and is_participant(subject):
        return subject
    return _verb_object(inner, exclude=exclude)


def _between(token: Token) -> tuple[Token, Token] | None:
    """"talks between Moscow and Kyiv": both sides are in the noun's own phrase."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            first = next((g for g in child.children if g.dep_ == "pobj"), None)
            second = next((g for g in first.children if g.dep_ == "conj"), None) if first is not None else None
            if second is not None:
                return first, second
    return None


def subject_of(verb: Token) -> Token | None:
    subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS]
    if subjects:  # "Presidents Tokayev and Mirziyoyev met", parsed as two subjects: the title yields to the names
        return next((s for s in subjects if s.pos_ == "PROPN"), subjects[0]) if len(subjects) > 1 else subjects[0]
    if verb.dep_ == "acomp" and verb.head.i != verb.i:  # "Hungary is *opposed* to …": the copula's subject
        return subject_of(verb.head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ == "dobj" and not is_participant(verb.head):
        return subject_of(verb.head.head)  # "the party issued a declaration *demanding* …": the party demands
    if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in {"NOUN", "PROPN"}):
        return verb.head  # "forces who attacked", "demonstrators *protesting* the results"
    if verb.dep_ == "conj" and _glued(verb):
        return None  # a caption run into the story: "X died in 2009 aged 50 Executors … have asked" is not X's act
    if verb.dep_ in INHERITS_SUBJECT and verb.head.i != verb.i:
        head = verb.head.head if verb.head.dep_ in {"prep", "acomp"} or verb.head.pos_ == "ADJ" else verb.head
        return subject_of(head) if head.pos_ in VERB_POS else None  # "Syria is *willing* to withdraw"
    return None


def _glued(conj: Token) -> bool:
    """A verb the parser joined to an earlier one with nothing between them that joins clauses (no "and", "but",
    comma or semicolon): two sentences run together, so the first one's subject is not this verb's."""
    between = conj.doc[conj.head.i + 1 : conj.i]
    return not any(t.dep_ == "cc" or t.is_punct for t in between)


def _verb_object(verb: Token, *, exclude: Token | None) -> Token | None:
    for child in verb.children:
        if child.dep_ == "dative" and child.pos_ == "ADP":  # "sent weapons *to* Ukraine"
            child = next((g for g in child.children if g.dep_ == "pobj"), child)
        if child.dep_ in {"dobj", "dative", "pobj"} and not same_token(child, exclude) and is_participant(child):
            return child
    found = prep_object(verb, exclude=exclude)
    for child in verb.children:  # "kidnapped *up to* 16 advisers": a particle the parser hung the object on
        if found is None and child.dep_ == "prt":
            found = prep_object(child, exclude=exclude)
    for child in verb.children:  # "break relations *with Russia*" (not deeper: "a referendum on independence")
        if found is None and child.dep_ == "dobj" and not same_token(child, exclude):
            found = prep_object(child, exclude=exclude, depth=NO_DESCENT) or _owner(child) or _of_party(child)
    return found


def _of_party(thing: Token) -> Token | None:
    """The party an act named as a thing is done to: "demanded the removal *of President X*", "the withdrawal
    *of Serbian forces*", "the return of property *seized by the army*"."""
    for child in thing.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            inner = next((g for g in child.children if g.dep_ == "pobj"), None)
            if inner is not None:  # ("part *of* a military aid programme *for Bosnia*")
                return inner if is_participant(inner) else (_owner(inner) or _thing_party(inner, exclude=None,
                                                                                          depth=1))
    return None


def prep_object(token: Token, *, exclude: Token | None = None, depth: int = 0) -> Token | None:
    """The party in an against/on/with/to phrase; through a thing it is about: "an embargo on the supply of oil
    *to Russia*", "sanctions on exports *from Iran*"."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
            for grand in child.children:
                if grand.dep_ != "pobj" or same_token(grand, exclude):
                    continue
                if is_participant(grand):
                    return grand
                inner = _thing_party(grand, exclude=exclude, depth=depth) or _owner(grand)
                if inner is not None:
                    return inner
    return None


def _thing_party(thing: Token, *, exclude: Token | None, depth: int) -> Token | None:
    """The party a non-party object leads to, through its own of/to/from phrases (two levels at most)."""
    if depth >= NO_DESCENT or thing.pos_ not in {"NOUN", "PROPN"}:
        return None
    for child in thing.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "to", "from", "for", "against", "into"}:
            for grand in child.children:
                if grand.dep_ == "pobj" and not same_token(grand, exclude):
                    if is_participant(grand):
                        return grand
                    deeper = _thing_party(grand, exclude=exclude, depth=depth + 1)
                    if deeper is not None:
                        return deeper
    return None


def is_participant(token: Token) -> bool:
    """Who an event can be done to: a name, a country word or a role ("civilians"), not a date or a thing."""
    if token.lower_ in COLLECTIVE_NOUNS:  # "arrested *dozens of* activists": whoever the "of" phrase names
        inner = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), None)
        if inner is not None:
            return is_participant(inner)
    if token.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"} or token.like_num:
        return False
    owned = any(c.dep_ == "poss" and c.lower_ in {"its", "their", "his", "her", "our"} for c in token.children)
    if owned and not _has_country_word(token):
        return False  # the actor's own ("withdraw *its troops* from Lebanon"), not "their Russian counterparts"
    if token.lemma_.lower() in lx.NOUNS or token.lemma_.lower() in STOP_NOUNS:
        return False
    return token.pos_ == "PROPN" or bool(token.ent_type_) or token.lower_ in lx.SECTORS or _has_country_word(token)


def _has_country_word(token: Token) -> bool:
    names = country_names()
    # Only the words before the head: "Russian officials", not "relations with Russia".
    return any(t.text.lower() in names and t.pos_ in {"PROPN", "ADJ"} for t in token.subtree if t.i <= token.i)


def located(token: Token, verb: Token | None, actor_token: Token | None, context: ActorContext) -> Actor | None:
    """"lifted the curfew *in Sudan*": the country an act is done in, as its recipient."""
    top = token if verb is None else verb
    skip = {t.i for t in actor_token.subtree} if actor_token is not None else set()
    act = _act_words(top, token)
    for child in top.subtree:
        if child.i in skip or child.dep_ != "pobj" or child.head.lower_ not in {"in", "into", "to", "inside"}:
            continue
        if _clause_of(child) not in act:
            continue
        found = resolve(child, context=context)
        if found is not None and found.country:
            return replace(found, sector="")
    return None


def _act_words(top: Token, token: Token) -> set[int]:
    """The words a place phrase of the act may hang on: its verb and trigger, the verb's object and the verb it
    governs ("evacuate *settlements* in Gaza", "agreed to *set up* a centre in Tokyo")."""
    words = {top.i, token.i}
    verbs = [top, *(c for c in top.children if c.dep_ == "xcomp")]
    for node in verbs:
        words.add(node.i)
        words.update(c.i for c in node.children if c.dep_ == "dobj")
    return words


def _clause_of(pobj: Token) -> int:
    """The word a place phrase hangs on, through a thing it is in ("killed … in a gunbattle *in Serbia*")."""
    node = pobj.head.head
    for _ in range(2):
        if node.dep_ != "pobj" or node.head.lower_ not in {"in", "inside", "at"}:
            break
        node = node.head.head
    return node.i


def country_from_sentence(actor: Actor, head: Token, span: Span, *, avoid: Token | None) -> Actor:
    """A titled person with no stated country ("President Omar El Bashir") is of the country the sentence names."""
    if head.pos_ != "PROPN":  # "Western governments" stay without a country
        return actor
    names = country_names()
    skip = ({t.i for t in avoid.subtree} if avoid is not None else set()) | _sources(span) | topic_words(span)
    for token in span:
        code = names.get(token.text.lower(), "")
        if code and token.i not in skip and token.pos_ in {"PROPN", "ADJ"} and code not in NON_STATE \
                and not stance(token):
            return replace(actor, country=code)
    return actor


def sentence_countries(actor: Actor | None, recipient: Actor | None, heads: tuple[Token | None, Token | None],
                       span: Span, context: ActorContext, *, kind: str = "") -> tuple[Actor | None, Actor | None]:
    """Actor and recipient, each given the country of the sentence when it has none of its own. Parties that
    meet, agree or help are apart: neither takes the other's country ("Moroccan diplomats met President Obama")."""
    actor_head, recipient_head = heads
    between = kind in BETWEEN_KINDS
    if actor is not None and actor_head is not None:
        # only an official acts on his own state's people ("President Museveni banned Ugandan candidates");
        # gunmen who kidnap Chinese engineers are not Chinese
        apart = recipient is None or _state(recipient) or actor.sector not in STATE_SECTORS
        actor = sentence_country(actor, actor_head, other=recipient_head if apart else None, span=span,
                                 context=context, counterpart=recipient_head if between else None)
    if recipient is not None and recipient_head is not None:  # a state's organ acts on its own people: "Pakistani
        # police arrested activists" (but "Russia attacked civilians" says nothing of whose)
        apart = actor is None or _is_country_name(actor.name)
        recipient = sentence_country(recipient, recipient_head, other=actor_head if apart else None, span=span,
                                     context=context, counterpart=actor_head if between else None)
    return actor, recipient


def sentence_country(party: Actor, head: Token, *, other: Token | None, span: Span, context: ActorContext,
                     counterpart: Token | None = None) -> Actor:
    """A party with no country of its own — a group ("demonstrators", "the rebels"), a titled person, an ethnic
    people — is of the country the sentence is set in: the one country it names, else the place the act
    happened in ("students *throughout Indonesia*", "rioted at a jail *in Dili*"). The words of ``other`` (a
    state on the other side, or a side the parse could not name) do not count ("President Bush threatened
    Russia" leaves Bush without a country), nor do the words of its own relative clause ("Hamas, which
    advocates *Israel's* destruction"); broad groups ("Western governments") get none."""
    if party.country or party.name.lower() in {"it", "they", "he", "she", "we", "i"} or _broad(head):
        return party
    if _stands_for_person(party, head, context):
        return party  # "the leaders" stand for named people: the sentence cannot say whose country is whose
    if not (party.sector or is_participant(head)):  # "a magnitude-4.5 aftershock struck …" is no one
        return party
    # A venue says where a crowd is from, not who a named person or body is ("the Presidents met in Brussels").
    named = (head.pos_ == "PROPN" and head.ent_type_ != "NORP") or (
        head.lower_ not in party.name.lower() and party.name[:1].isupper())
    if named and other is None:  # a named person meeting, agreeing with or helping someone is not of their country
        other = counterpart
    skip = {t.i for t in other.subtree} if other is not None else set()
    skip |= {t.i for c in head.children if c.dep_ == "relcl" for t in c.subtree}
    skip |= topic_words(span)
    codes = _sentence_codes(span, context, skip=skip, venues=not named)
    code = codes[0] if len(codes) == 1 else ("" if named else _site_country(span, context, skip=skip))
    return replace(party, country=code) if code else party


def _stands_for_person(party: Actor, head: Token, context: ActorContext) -> bool:
    """"The leaders", "they", "we" resolved to a person the article names elsewhere: that person's country is
    what the article says of them, not what the sentence names ("Leaders of the Azadliq coalition" are no one
    else, and "they" for "Militants" is a group)."""
    if head.lower_ not in PERSON_PLURALS | PARTY_PLURALS | PRONOUNS | {"i", "we", "me", "us"}:
        return False
    if party.name.lower() == head.lower_:
        return False
    return any(m.label == "PERSON" and party.name in {m.canonical, m.text} for m in context.mentions) or (
        context.resolution is not None and any(t.name == party.name for t in context.resolution.titled))


def topic_words(span: Span) -> set[int]:
    """The words of what the sentence is about ("views *on the situation in Ukraine*", "discussed *the crisis in
    Libya*", "*including* Syria"): the object of a topic preposition, a topic noun's own phrases and what a
    discussing verb takes."""
    found: set[int] = set()
    for token in span:
        about = token.lower_ in ABOUT_PREPS and token.head.lemma_.lower() in TALK_NOUNS | TALK_VERBS
        if token.dep_ in {"prep", "advcl", "acl"} and (token.lower_ in TOPIC_PREPS or about):
            found |= {t.i for t in token.subtree}
        elif token.lemma_.lower() in TOPIC_NOUNS and token.pos_ == "NOUN":
            found |= {t.i for c in token.children if c.dep_ in {"prep", "compound", "amod", "poss"}
                      for t in c.subtree}
        elif token.pos_ == "VERB" and token.lemma_.lower() in TOPIC_VERBS:
            found |= {t.i for c in token.children if c.dep_ == "dobj" for t in c.subtree}
    return found


def _state(party: Actor | None) -> bool:
    return party is not None and bool(party.country) and party.country not in NON_STATE and (
        party.sector in STATE_SECTORS or _is_country_name(party.name))


def _is_country_name(name: str) -> bool:
    return name.lower().removeprefix("the ") in country_names()


def _broad(head: Token) -> bool:
    return any(child.lower_ in BROAD for child in head.children if child.dep_ in {"amod", "compound"})


def _sources(span: Span) -> set[int]:
    """The words of who reports the sentence after saying it: "…, *Macedonian officials* said", "according to
    *Thai sources*" (not "*The rebels* said they will …": that teller is the party)."""
    found: set[int] = set()
    for token in span:
        trailing = any(c.dep_ == "ccomp" and c.i < token.i for c in token.children)  # "…, officials said"
        if token.pos_ == "VERB" and token.lemma_.lower() in REPORTING and trailing:
            found |= {t.i for c in token.children if c.dep_ == "nsubj" for t in c.subtree}
        if token.lower_ == "according" and token.dep_ == "prep":
            found |= {t.i for t in token.subtree}
    return found


def _sentence_codes(span: Span, context: ActorContext, *, skip: set[int], venues: bool = True) -> list[str]:
    """The distinct states the sentence names, in order (country words, demonyms, geocoded places); with
    ``venues`` False, not the places things happen in ("met *in Brussels*")."""
    codes: list[str] = []
    skip = skip | _sources(span)
    for token in span:
        if token.i in skip or not (token.ent_type_ in {"GPE", "NORP", "LOC"} or token.pos_ in {"PROPN", "ADJ"}):
            continue
        if token.ent_type_ in NOT_PARTIES or stance(token):  # "US $50 million", "pro-Russian"
            continue
        if not venues and (_venue(token) or not (country_word(token.text) or _country_place(token, context))):
            continue  # for a named person only the states named ("Ukrainian"), not any town ("Sparta battalion")
        code = country_of_words([token], context)
        if code and code not in NON_STATE and code not in codes:
            codes.append(code)
    return codes


def _country_place(token: Token, context: ActorContext) -> bool:
    place = context.place_at(token.idx)
    return place is not None and place.kind == "country"


def _venue(token: Token) -> bool:
    """A word of a place phrase hung on a verb or an event ("met *in Brussels*", "a rally *in Gaza*"), not on
    a party ("opposition groups *in Zimbabwe*" are Zimbabwe's)."""
    while token.dep_ in {"compound", "amod", "poss"} and token.head.i != token.i:
        token = token.head
    if token.dep_ != "pobj" or token.head.lower_ not in SITE_PREPS:
        return False
    host = token.head.head
    return host.pos_ in VERB_POS or host.lemma_.lower() in lx.NOUNS


def _site_country(span: Span, context: ActorContext, *, skip: set[int]) -> str:
    """The country of the first place the sentence sets something in ("in Kharkiv", "throughout Indonesia")."""
    for token in span:
        prep = token.head.head if token.head.lower_ == "of" else token.head  # "outside of", "east of"
        if token.i in skip or token.dep_ != "pobj" or prep.lower_ not in SITE_PREPS:
            continue
        code = country_of_words(_place_words(token), context)
        if code and code not in NON_STATE:
            return code
    return ""


def _place_words(pobj: Token) -> list[Token]:
    """"Kharkiv", "the Iraqi city of Basra", "the town of Samarra", "Algeria's capital": the words that say
    where."""
    words = [pobj, *(t for t in pobj.lefts if t.dep_ in {"compound", "poss", "amod"})]
    for child in pobj.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            words += [g for g in child.children if g.dep_ == "pobj"]
    return words


def unnamed_actor(trigger: Trigger, verb: Token | None, actor_head: Token | None, span: Span,
                  context: ActorContext) -> Actor | None:
    """The actor PLOVER codes when a violent or coercive act names none ("killed by a roadside bomb near
    Samarra", "was arrested in Lebanon"): an unidentified actor (sector UNK) of the country it happened in.
    Not when the sentence names a doer the parse did not tie to the act ("*Serb forces* were engaged in ethnic
    cleansing", "*supporters* blocked roads")."""
    kind = trigger.kind
    if actor_head is not None and (is_participant(actor_head) or actor_head.pos_ == "PRON"):
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}] if verb is not None else []
    if trigger.noun and any(is_participant(s) for s in subjects):
        return None
    if any(c.dep_ == "nsubj" and (is_participant(c) or c.pos_ == "PRON") for c in subjects):
        return None
    passive = verb is not None and any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) \
        and _agent(verb) is None
    if kind not in UNNAMED_KINDS and not (passive and kind in OFFICIAL_KINDS):
        return None
    code = _site_country(span, context, skip=set())
    return Actor(name="unidentified", country=code, sector="UNK") if code else None


def noun_actor(token: Token, context: ActorContext, *, kind: str = "") -> Actor | None:
    """"Russia's attack", "the Russian offensive": the actor written inside the event noun's phrase; a
    people's adjective on an armed act is that state's forces ("Russian strikes" → Russia, MIL)."""
    for child in token.children:
        if child.dep_ in {"poss", "amod", "compound"} and child.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"}:
            actor = resolve(child, context=context)
            if actor is not None and kind in ARMED and child.ent_type_ == "NORP" and actor.country \
                    and actor.country not in NON_STATE:
                actor = replace(actor, name=country_title(actor.country) or actor.name, sector="MIL")
            return actor
    return None


def _release_country(context: ActorContext) -> str:
    """The state a release speaks for (its author's place): an official it names without a country is that
    state's, as the release names foreign officials with theirs ("President of Serbia Aleksandar Vucic")."""
    author = context.resolution.author if context.resolution is not None else None
    code = country_names().get(author.place.lower(), "") if author is not None and author.place else ""
    return code if code not in NON_STATE else ""


def _titled_abroad(actor: Actor, context: ActorContext) -> bool:
    """A person the article gives an office somewhere else ("President of the European Council Charles Michel"):
    no official of the release's own state, whatever country the office's place is."""
    resolution = context.resolution
    author = resolution.author if resolution is not None else None
    if resolution is None or author is None or not author.place:
        return False
    own = author.place.lower()[:4]
    return any(t.name == actor.name and t.places and own not in t.places for t in resolution.titled)


def _other_holder(actor: Actor, context: ActorContext) -> bool:
    """A person the article titles "former …", or with an office only one person of a state holds at a time and
    that the release's author holds ("former President Viktor Yanukovich", "President Tokayev" in a President's
    release): whoever else holds it is no official of the release's state now."""
    resolution = context.resolution
    author = resolution.author if resolution is not None else None
    if resolution is None or author is None or actor.name == author.name:
        return False
    held = {n for t in resolution.titled if t.name == author.name for n in t.nouns} & SOLE_OFFICES
    titles = [t for t in resolution.titled if t.name == actor.name]
    return any(FORMER.search(t.title) or t.nouns & held for t in titles)


def home_country(actor: Actor, head: Token, context: ActorContext) -> Actor:
    """"Government forces", "the army": a state's own organ with no country written is the state the article
    is about — the state a release speaks for, else the country most of its places are in, if one is."""
    words = {t.lower_ for t in head.subtree if t.i <= head.i}
    if actor.sector in STATE_SECTORS and (home := _release_country(context)) and not _titled_abroad(actor, context) \
            and not _other_holder(actor, context):
        return replace(actor, country=home)  # "Prime Minister Mikhail Mishustin" in a Kremlin release
    if not words & STATE_WORDS or actor.sector not in {"GOV", "MIL", "COP", "JUD", "LEG"}:
        return actor
    counts = Counter(alpha3(place.country) for place in context.places if place.country)
    if not counts:
        return actor
    code, count = counts.most_common(1)[0]
    return replace(actor, country=code) if count * 2 > sum(counts.values()) and code not in NON_STATE else actor
