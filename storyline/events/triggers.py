"""Trigger words in a parsed sentence, and which triggers another one absorbs.

A trigger is a verb or an event noun from the lexicon. A verb that embeds an act gives the type and absorbs
it ("threatened to *cut* ties"); a weak verb yields to the event noun it governs ("supported Ukraine with
*aid*"); a purpose clause explains an act and is not one ("staged demonstrations *to demand* reforms");
undoing verbs turn their object around (lifting a curfew is CONCEDE, halting aid a SANCTION).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.events import lexicon as lx

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "prep", "acl", "dative", "attr", "oprd", "relcl"})
TEMPORAL_MARKS = frozenset({"after", "before", "during", "since", "until", "following", "as", "when", "while"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})


@dataclass(frozen=True)
class Trigger:
    token: object  # spaCy Token
    kind: str
    mode: str
    weight: float
    noun: bool
    absorbs: bool = False  # its complement is its content ("threatened to *cut* ties", "lifted the *curfew*")


def find_triggers(span: Span) -> Iterator[Trigger]:
    for token in span:
        trigger = _verb_trigger(token) if token.pos_ in VERB_POS else None
        if trigger is None and token.pos_ in NOUN_POS:
            trigger = noun_trigger(token)
        if trigger is not None:
            yield trigger


def _verb_trigger(token: Token) -> Trigger | None:
    if token.dep_ == "amod":  # "its punishing invasion": an adjective, not an act
        return None
    lemma = token.lemma_.lower()
    if _natural_cause(token) or (lemma == "sign" and _object_in(token, lx.DOMESTIC_INSTRUMENTS)):
        return None
    if lemma == "meet" and _object_in(token, lx.MET_MEASURES):
        return None
    particles = [child.lower_ for child in token.children if child.dep_ in {"prt", "prep"}]
    keys = [f"{lemma} {particle}" for particle in particles] + [lemma]
    reversal = _reversal(token, keys)
    if reversal is not None:
        return reversal
    for key in keys:
        if key in lx.VERBS:
            kind, mode, weight = lx.VERBS[key]
            return Trigger(token, kind, mode, weight, noun=False, absorbs=lemma in lx.EMBEDDING)
    return None


def _natural_cause(verb: Token) -> bool:
    """The doer is an earthquake, a virus, an accident: the subject, the by-phrase, or "killed *in* the quake"."""
    doers = [child for child in verb.children if child.dep_ in {"nsubj", "csubj"}]
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in {"in", "by"}):
            doers += [grand for grand in child.children if grand.dep_ == "pobj"]
    return any(doer.lemma_.lower() in lx.NATURAL_CAUSES for doer in doers)


def _object_in(verb: Token, words: frozenset[str]) -> bool:
    """The verb's object (or passive subject) is one of ``words``: "signed a *decree*", "meets the *interests*"."""
    objects = [child for child in verb.children if child.dep_ in {"dobj", "nsubjpass"}]
    return any(obj.lemma_.lower() in words for obj in objects)


def _reversal(token: Token, keys: list[str]) -> Trigger | None:
    """Undoing an act: lifting a curfew is a CONCEDE, halting aid or talks a SANCTION."""
    if not any(key in lx.REVERSAL_VERBS for key in keys):
        return None
    objects = [child for child in token.children if child.dep_ in {"dobj", "nsubjpass"} and child.pos_ in NOUN_POS]
    # "eased *emergency* measures", "lifted a state *of emergency*"
    objects += [g for o in objects for g in o.children if g.dep_ == "compound" or (g.dep_, g.lower_) == ("prep", "of")]
    objects += [g for o in objects if o.dep_ == "prep" for g in o.children if g.dep_ == "pobj"]
    for child in objects:
        inner = noun_trigger(child) if child.pos_ in NOUN_POS else None
        if inner is not None and inner.kind in lx.RESTRICTIVE:
            return Trigger(token, "CONCEDE", "", 0.8, noun=False, absorbs=True)
        if inner is not None and inner.kind in COOPERATIVE | {"AGREE"}:
            return Trigger(token, "SANCTION", "discontinue", 0.8, noun=False, absorbs=True)
    return None


def noun_trigger(token: Token) -> Trigger | None:
    lemma = token.lemma_.lower().replace("-", " ")
    compounds = " ".join(c.lemma_.lower() for c in token.children if c.dep_ == "compound" and c.i < token.i)
    if lemma == "call":
        return _call_trigger(token)
    if lemma in lx.RELATION_NOUNS:
        return _relations_trigger(token)
    if lemma == "strike" and _aimed_at_a_place(token):  # "strikes at Ukraine", "a strike on the power grid"
        return Trigger(token, "ASSAULT", "", 0.8, noun=True)
    for key in (f"{compounds} {lemma}".strip(), lemma):
        if key in lx.NOUNS and _modifier_ok(token, lemma):
            kind, mode, weight = lx.NOUNS[key]
            return Trigger(token, kind, mode, weight, noun=True, absorbs=lemma in lx.EMBEDDING_NOUNS)
    return None


def _aimed_at_a_place(token: Token) -> bool:
    """A strike *at* or *on* a country, a town or a facility is an attack; a strike *against* a reform or *by*
    teachers is a walkout."""
    targets = [grand for child in token.children if child.dep_ == "prep" and child.lower_ in {"at", "on"}
               for grand in child.children if grand.dep_ == "pobj"]
    return any(t.ent_type_ in {"GPE", "LOC", "FAC"} or t.lemma_.lower() in lx.STRIKE_TARGETS for t in targets)


def _call_trigger(token: Token) -> Trigger | None:
    """"a call for a cease-fire" is a REQUEST; "held a call with Putin" is a phone CONSULT."""
    if any(child.dep_ == "prep" and child.lower_ == "for" for child in token.children):
        return Trigger(token, "REQUEST", "", 0.75, noun=True, absorbs=True)
    if _modifier_ok(token, "call"):
        return Trigger(token, "CONSULT", "phone", 0.75, noun=True)
    return None


def _relations_trigger(token: Token) -> Trigger | None:
    """"established diplomatic ties" is SUPPORT; "severed relations" a SANCTION; bare "ties" nothing."""
    verb = token.head.lemma_.lower() if token.dep_ in {"dobj", "nsubjpass"} else ""
    if verb in lx.RELATION_VERBS:
        kind, mode = lx.RELATION_VERBS[verb]
        return Trigger(token, kind, mode, 0.75, noun=True)
    return None


def _modifier_ok(token: Token, lemma: str) -> bool:
    needed = lx.NEEDS_MODIFIER.get(lemma)
    if needed is None:
        return True
    around = {child.lemma_.lower() for child in token.children} | {token.head.lemma_.lower()}
    if not needed:  # material nouns: only events when given, sent or supplied
        return token.head.lemma_.lower() in {"provide", "send", "deliver", "give", "supply", "ship", "offer"}
    return bool(around & needed)


def absorbed(trigger: Trigger, triggers: Sequence[Trigger]) -> bool:
    """A trigger inside another's content ("threatened to *cut* ties") or a weak verb beside its noun."""
    for other in triggers:
        if other is trigger:
            continue
        if other.absorbs and _governs(other.token, trigger.token):
            return True
        if _purpose_of(trigger.token, other.token):
            return True
        lemma = trigger.token.lemma_.lower()
        if (not trigger.noun and lemma in lx.WEAK_VERBS and lemma not in lx.EMBEDDING and other.noun
                and same_token(clause_verb(other.token), trigger.token)):
            return True
    return False


def _purpose_of(token: Token, other: Token) -> bool:
    """"staged demonstrations *to demand* reforms": the purpose clause explains the act, it is not one."""
    clause = token if token.pos_ in VERB_POS else clause_verb(token)
    if clause is None or clause.dep_ not in {"advcl", "xcomp"}:
        return False
    if not any(child.dep_ == "aux" and child.lower_ == "to" for child in clause.children):
        return False
    head = clause.head
    return same_token(head, other) or same_token(clause_verb(other), head)


def _governs(top: Token, token: Token) -> bool:
    """``token`` sits in ``top``'s complement (not in its subject)."""
    node = token
    while node.head.i != node.i:
        if node.head.i == top.i:
            return node.dep_ in COMPLEMENT_DEPS
        node = node.head
    return False


def clause_verb(token: Token) -> Token | None:
    """The verb whose clause the trigger belongs to: itself, or the verb governing an event noun."""
    if token.pos_ in VERB_POS:
        return token
    head = token.head
    if token.dep_ in {"dobj", "nsubj", "nsubjpass", "attr", "oprd"} and head.pos_ in VERB_POS:
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ not in TEMPORAL_MARKS:
        return head.head if head.head.pos_ in VERB_POS else None
    if token.dep_ == "conj" and head.i != token.i:
        return clause_verb(head)
    return None


def same_token(first: Token | None, second: Token | None) -> bool:
    """Token identity: spaCy makes a new Token object on every access, so ``is`` never holds."""
    return first is not None and second is not None and first.i == second.i
