"""Who did it and to whom: the actor and recipient heads of a trigger, from the dependency parse.

The actor is the clause's subject (inherited through "willing to", "spent the weekend attacking", relative
clauses; the agent of a passive). The recipient is the object, an against/with/on/to phrase, the subject of
an embedded demand ("demanded *that the US* cancel"), or, as PLOVER's gold coders do, the country the act
happened in ("lifted the curfew *in Sudan*").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.events import lexicon as lx
from storyline.events.actors import ActorContext, resolve
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
NO_DESCENT = 2  # how deep a recipient is looked for through things ("the supply *of oil* *to Russia*")
OWN = frozenset({"its", "their", "his", "her", "our"})


def arguments(trigger: Trigger, verb: Token | None) -> tuple[Token | None, Token | None]:
    """(actor head, recipient head) tokens for the trigger."""
    if verb is None:
        return None, prep_object(trigger.token)
    actor = subject_of(verb)
    if trigger.noun and trigger.token.dep_ in {"nsubj", "nsubjpass"}:
        actor = None
    recipient = prep_object(trigger.token) if trigger.noun else None
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
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and trigger.noun and recipient is None and not same_token(passive, trigger.token):
        recipient = passive  # "a US national has been put under investigation"
    if passive is not None and not trigger.noun:
        actor, recipient = _agent(verb), passive
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
                    found = prep_object(grand, exclude=exclude)
                    if found is not None:
                        return found
    return None


def _owner(thing: Token) -> Token | None:
    """The party a thing belongs to: "*President Assad's* failure", "*Sweden's* decision"."""
    return next((c for c in thing.children if c.dep_ == "poss" and is_participant(c)), None)


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
    if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in {"NOUN", "PROPN"}):
        return verb.head  # "forces who attacked", "demonstrators *protesting* the results"
    if verb.dep_ in INHERITS_SUBJECT and verb.head.i != verb.i:
        head = verb.head.head if verb.head.dep_ in {"prep", "acomp"} or verb.head.pos_ == "ADJ" else verb.head
        return subject_of(head) if head.pos_ in VERB_POS else None  # "Syria is *willing* to withdraw"
    return None


def _verb_object(verb: Token, *, exclude: Token | None) -> Token | None:
    for child in verb.children:
        if child.dep_ == "dative" and child.pos_ == "ADP":  # "sent weapons *to* Ukraine"
            child = next((g for g in child.children if g.dep_ == "pobj"), child)
        if child.dep_ in {"dobj", "dative", "pobj"} and not same_token(child, exclude) and is_participant(child):
            return child
    found = prep_object(verb, exclude=exclude)
    for child in verb.children:  # "break relations *with Russia*" (not deeper: "a referendum on independence")
        if found is None and child.dep_ == "dobj" and not same_token(child, exclude):
            found = prep_object(child, exclude=exclude, depth=NO_DESCENT) or _owner(child)
    return found


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
    for child in top.subtree:
        if child.i in skip or child.dep_ != "pobj" or child.head.lower_ not in {"in", "into", "to", "inside"}:
            continue
        if _clause_of(child) not in {top.i, token.i}:
            continue
        found = resolve(child, context=context)
        if found is not None and found.country:
            return replace(found, sector="")
    return None


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
    skip = {t.i for t in avoid.subtree} if avoid is not None else set()
    for token in span:
        code = names.get(token.text.lower(), "")
        if code and token.i not in skip and token.pos_ in {"PROPN", "ADJ"} and code not in NON_STATE:
            return replace(actor, country=code)
    return actor


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


def home_country(actor: Actor, head: Token, context: ActorContext) -> Actor:
    """"Government forces", "the army": a state's own organ with no country written is the state the article
    is about — the country most of its places are in, if one is."""
    words = {t.lower_ for t in head.subtree if t.i <= head.i}
    if not words & STATE_WORDS or actor.sector not in {"GOV", "MIL", "COP", "JUD", "LEG"}:
        return actor
    counts = Counter(alpha3(place.country) for place in context.places if place.country)
    if not counts:
        return actor
    code, count = counts.most_common(1)[0]
    return replace(actor, country=code) if count * 2 > sum(counts.values()) and code not in NON_STATE else actor
