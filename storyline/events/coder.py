"""The PLOVER coder: sentences → events, from a trigger lexicon and dependency-parse rules.

For each sentence: find trigger words and drop those another trigger absorbs (``triggers.py``), read the
actor and recipient (``arguments.py``, ``actors.py``), then here: the type rules beyond the word, the
auxiliary mode (negated, hypothetical, future), the date (the time expression hung on the trigger's
clause, else the sentence's date), the place, the contexts and the figures (from the enrichment's claims).
Last, the learned classifier checks the candidates (``classifier.review``): no-event sentences, word senses;
and proposes an event of its own where the lexicon found none and a party is the subject (``_proposals``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.enrich.mentions import resolve as resolve_mentions
from storyline.events import lexicon as lx
from storyline.events.actors import (
    PARTY_PLURALS,
    PERSON_PLURALS,
    ActorContext,
    build_context,
    expletive,
    participants,
    resolve,
    resolve_all,
)
from storyline.events.arguments import (
    STOP_NOUNS,
    SUBJECT_DEPS,
    arguments,
    country_from_sentence,
    home_country,
    located,
    noun_actor,
    sentence_countries,
    subject_of,
    unnamed_actor,
)
from storyline.events.classifier import propose, review, sentence_rows
from storyline.events.plover import NON_STATE
from storyline.events.triggers import (
    COOPERATIVE,
    NOUN_POS,
    TEMPORAL_MARKS,
    VERB_POS,
    Trigger,
    absorbed,
    clause_verb,
    find_triggers,
    noun_trigger,
)
from storyline.records import Actor, Article, Claim, Enrichment, Event, Place, Sentence, TimeExpr

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc, Span, Token


STAGE = "events.coder.v1"
PROPOSAL_STAGE = "events.classifier.v1"  # an event the learned model proposed where the lexicon found none
PROPOSAL_CONFIDENCE = 0.3  # below the lexicon's events: the model types real news less surely than it gates
OCCURRENCE_VERBS = frozenset({"begin", "start", "open", "resume", "continue", "end", "conclude", "take", "erupt",
                              "break", "happen", "occur", "hold", "convene", "get"})
STOP_VERBS = frozenset(["stop", "halt", "end", "prevent", "avert", "avoid", "ease", "resolve", "fear"])
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "on"})
ON_SITE = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})  # types whose target is also where it happened
FIGURE_WORDS = {
    "killed": ("kill", "die", "dead", "death", "fatalit", "toll", "slain", "life", "lives"),
    "injured": ("injur", "wound", "hurt"),
    "arrested": ("arrest", "detain", "detention", "jail"),
}
MUTUAL = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT"})  # "Russia and Belarus agreed": each with the other
BOTH_WAYS = frozenset({"CONSULT", "AGREE"})  # PLOVER codes a meeting or an agreement of two parties as two dyads
FIGURE_TYPES = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE"})
SETTLEMENTS = frozenset({"agreement", "deal", "accord", "arrangement"})
REACHING_VERBS = frozenset({"reach", "strike", "hammer", "agree", "clinch", "secure"})
PRECISION = {"day": "day", "datetime": "day", "week": "week", "range": "week", "month": "month", "year": "year",
             "decade": "decade"}


@dataclass(frozen=True)
class SentenceInput:
    """One sentence and the article-level facts the coder reads for it."""

    span: object  # spaCy Span
    sentence: Sentence
    article: Article
    times: Sequence[TimeExpr]
    places: Sequence[Place]
    claims: Sequence[Claim]
    context: ActorContext


def code_article(article: Article, enrichment: Enrichment, *, doc: Doc) -> tuple[Event, ...]:
    """Every event in the article; ``doc`` is the spaCy parse of ``article.text``."""
    resolution = resolve_mentions(doc, enrichment.entities, headline=article.title, url=article.url,
                                  byline=article.author)
    context = build_context(doc, mentions=enrichment.entities, places=enrichment.places, quotes=enrichment.quotes,
                            resolution=resolution)
    events: list[Event] = []
    open_items: list[SentenceInput] = []  # sentences the lexicon found nothing in, with a party doing something
    for sentence in enrichment.sentences or _sentences(doc, article):
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        inside = _inside(sentence)
        item = SentenceInput(span, sentence, article, [t for t in enrichment.times if inside(t)],
                             [p for p in enrichment.places if inside(p)],
                             [c for c in enrichment.claims if inside(c)], context)
        found = code_sentence(item)
        events.extend(found)
        if not found and _proposable(item):
            open_items.append(item)
    # the learned model, one batch per article: no-event sentences and word senses, then its own proposals
    rows = sentence_rows([event.sentence for event in events] + [item.sentence.text for item in open_items])
    coded = review(events, rows) + [e for item in open_items for e in _proposals(item, rows.get(item.sentence.text))]
    return tuple(sorted(coded, key=lambda event: event.sentence_start))


# --- the model's proposals ------------------------------------------------------------------------


def _proposable(item: SentenceInput) -> bool:
    """A sentence the model may propose an event for: its main verb is a verb, not negated, and its subject
    names a party (a named entity or a country- or sector-coded group, as for any event)."""
    verb = item.span.root
    if verb.pos_ != "VERB" or _modality(verb, verb) == "negated":
        return False
    subject = subject_of(verb)
    return subject is not None and bool(resolve_all(subject, context=item.context))


def _proposals(item: SentenceInput, row: np.ndarray | None) -> list[Event]:
    """The model's type for a sentence the lexicon missed, on the main verb, with the coder's own arguments
    (so "the leaders discussed" is two dyads); none unless the model is sure (``classifier.PROPOSE``)."""
    choice = propose(row) if row is not None else None
    if choice is None:
        return []
    trigger = Trigger(item.span.root, choice[0], "", PROPOSAL_CONFIDENCE, noun=False)
    found = [event for event in _events(trigger, item) if event.actor is not None]
    return [replace(event, confidence=PROPOSAL_CONFIDENCE, stage=PROPOSAL_STAGE) for event in found]


def code_sentence(item: SentenceInput) -> list[Event]:
    triggers = [trigger for trigger in find_triggers(item.span) if not _inside_a_time(trigger.token, item.times)
                and trigger.token.ent_type_ not in {"DATE", "TIME"}]  # "early in March" is no march
    kept = [trigger for trigger in triggers if not absorbed(trigger, triggers)]
    events = [event for trigger in kept for event in _events(trigger, item)]
    return _attach_figures(_dedupe(events), item.claims)


# --- one event ----------------------------------------------------------------------------------


def _events(trigger: Trigger, item: SentenceInput) -> list[Event]:
    """The trigger's events: one per dyad when a side is several parties ("the leaders met": A→B and B→A)."""
    token = trigger.token
    verb = clause_verb(token)
    if trigger.noun and not _noun_is_event(token, verb):
        return []
    actor_token, recipient_token = arguments(trigger, verb)
    actors = resolve_all(actor_token, context=item.context) if actor_token is not None else []
    if not actors and trigger.noun and (own := noun_actor(token, item.context, kind=trigger.kind)) is not None:
        actors = [own]
    elif not actors and actor_token is not None and actor_token.lemma_.lower() in lx.NOUNS:
        own = noun_actor(actor_token, item.context, kind=trigger.kind)  # "Russian strikes killed 12 people"
        actors = [own] if own is not None else []
    if recipient_token is not None and expletive(recipient_token):  # "It was agreed to maintain contact"
        if actor_token is None and trigger.kind in MUTUAL:
            actors = participants(recipient_token, context=item.context)
        recipient_token = None
    between = _between_pair(actor_token, recipient_token)  # "a deal between Moscow and Kyiv": both ways
    if between:
        recipient_token = None
    recipients = resolve_all(recipient_token, context=item.context) if recipient_token is not None else []
    if (trigger.kind in BOTH_WAYS or _settles(trigger, verb)) and len(actors) > 1 and not _with_party(recipient_token):
        recipients = []  # "both parties agreed on corridors *for civilians*": the parties agreed with each other
    if not recipients and len(actors) == 1 and trigger.kind in MUTUAL and actor_token is not None \
            and actor_token.lower_ == "we":  # "we will expand cooperation" in a message to the other party
        recipients = [p for p in participants(actor_token, context=item.context) if p.name != actors[0].name][:1]
    mutual = between or trigger.kind in MUTUAL or (actor_token is not None and _collective(actor_token)
                                                   and _reciprocal(verb))
    pairs = dyads(actors, recipients, mutual=mutual)
    if pairs == [(None, None)] and trigger.kind in BOTH_WAYS | {"COOPERATE"}:  # "The dialogue … was continued"
        alone = _event(trigger, item, verb, (actor_token, recipient_token), (None, None))
        found = participants(token, context=item.context) if alone is not None else []
        pairs = dyads(found, [], mutual=True) or pairs
    reverse = trigger.kind in BOTH_WAYS and trigger.mode != "visit" and len(pairs) == 1 and None not in pairs[0]
    if reverse:
        pairs.append((pairs[0][1], pairs[0][0]))  # "Putin met with Zhoga": a meeting is both sides' act
    events = []
    for number, (actor, recipient) in enumerate(pairs):
        heads = (recipient_token, actor_token) if reverse and number == 1 else (actor_token, recipient_token)
        event = _event(trigger, item, verb, heads, (actor, recipient))
        both = event is not None and event.type == "AGREE" and _settles(trigger, verb)  # "reached an agreement"
        if event is not None and (event.type == trigger.kind or both or (actor, recipient) == pairs[0]):
            events.append(event)
    return _no_more_confident(events)


def _no_more_confident(events: list[Event]) -> list[Event]:
    """The dyads of one act are equally sure: none outranks the first (the one the parse reads)."""
    if len(events) < 2:
        return events
    first = events[0].confidence
    return [events[0], *(replace(e, confidence=min(e.confidence, first)) for e in events[1:])]


def dyads(
    actors: Sequence[Actor], recipients: Sequence[Actor], *, mutual: bool = True,
) -> list[tuple[Actor | None, Actor | None]]:
    """Actor–recipient pairs: each actor with each recipient; several actors and no recipient act on each
    other when the act is mutual ("the two sides agreed" is A→B and B→A); an entity never acts on itself."""
    if len(actors) > 1 and not recipients and mutual:
        return [(a, b) for a in actors for b in actors if a.name != b.name]
    pairs = [(a, r if r is None or a is None or r.name != a.name else None)
             for a in (actors or [None]) for r in (recipients or [None])]
    return pairs[:6]


def _between_pair(actor_token: Token | None, recipient_token: Token | None) -> bool:
    if actor_token is None or recipient_token is None:
        return False
    return recipient_token.i in {t.i for t in actor_token.conjuncts}


def _with_party(token: Token | None) -> bool:
    """A party the act is done with or to in so many words: a direct object or a with/to phrase on the verb."""
    if token is None:
        return False
    if token.dep_ in {"dobj", "dative"}:
        return True
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ in {"with", "to"} and prep.head.pos_ in VERB_POS


def _reciprocal(verb: Token | None) -> bool:
    """"the two sides clashed", "accused each other": an act of a plural on itself; not "the leaders condemned
    the attack", whose object is a third thing."""
    if verb is None:
        return True
    objects = [child for child in verb.children if child.dep_ == "dobj"]
    return not objects or any(o.lower_ in {"other", "another"} for o in objects)


def _collective(head: Token) -> bool:
    """"the leaders", "the two sides", "they": a subject that stands for the parties of one meeting."""
    return head.lower_ in PERSON_PLURALS | PARTY_PLURALS | {"they", "we"}


def _event(trigger: Trigger, item: SentenceInput, verb: Token | None, tokens: tuple, parties: tuple) -> Event | None:
    token = trigger.token
    actor_token, recipient_token = tokens
    actor, recipient = parties
    if recipient is None or not recipient.country:  # PLOVER infers a recipient from where it happened
        recipient = _recipient_from_place(trigger, recipient, recipient_token,
                                          located(token, verb, actor_token, item.context))
    if actor is not None and not actor.country and actor.sector and actor_token is not None:
        actor = country_from_sentence(actor, actor_token, item.span, avoid=recipient_token)
    actor, recipient = sentence_countries(actor, recipient, (actor_token, recipient_token), item.span, item.context,
                                          kind=trigger.kind)
    if actor is None:  # "killed by a bomb near Samarra": PLOVER's unidentified actor of that country
        actor = unnamed_actor(trigger, verb, actor_token, item.span, item.context)
    if actor is not None and not actor.country and actor_token is not None:
        actor = home_country(actor, actor_token, item.context)
    if recipient is not None and not recipient.country and recipient_token is not None:
        recipient = home_country(recipient, recipient_token, item.context)
    if not _worth_keeping(trigger, actor, recipient, verb):
        return None
    modality = _modality(token, verb)
    kind, mode = _retype(trigger, modality=modality, actor=actor, verb=verb)
    if kind == "":
        return None
    if kind == "REQUEST" and trigger.kind != "REQUEST":  # "Russia said Sudan *must* return ...": Russia asks Sudan
        demander = _speaker(verb)
        actor, recipient = (resolve(demander, context=item.context) if demander is not None else None), actor
    date, precision, date_source = _date(token, verb, item)
    return Event(
        type=kind, mode=mode, actor=actor, recipient=recipient,
        date=date, date_precision=precision, date_source=date_source, article_id=item.article.id,
        sentence_start=item.sentence.start, sentence_end=item.sentence.end, sentence=item.sentence.text,
        confidence=_confidence(trigger, actor, recipient, modality), contexts=_contexts(item.span, trigger),
        place=_place(token, verb, (actor_token, recipient_token), kind, item.places), modality=modality,
        trigger=token.text, stage=STAGE,
    )


def _recipient_from_place(trigger: Trigger, recipient: Actor | None, head: Token | None,
                          where: Actor | None) -> Actor | None:
    """The place stands in for a recipient the parse found none of; a named one keeps its name and, for an
    act done on site (a rally in Gaza against Abbas), takes the place's country — never for a meeting
    ("met Lukashenko in Sochi" is not a meeting with Russia)."""
    if where is None:
        return recipient
    if not _named_recipient(recipient, head):
        return where
    return replace(recipient, country=where.country) if trigger.kind in ON_SITE else recipient


def _named_recipient(recipient: Actor | None, head: Token | None) -> bool:
    """A recipient the place of the act must not replace: one with a country, a named person or organisation
    ("met Lukashenko *in Sochi*"), or a party the article resolved a plural to."""
    if recipient is None:
        return False
    return bool(recipient.country) or head is None or head.ent_type_ in {"PERSON", "ORG"} or head.pos_ == "PROPN"


def _retype(trigger: Trigger, *, modality: str, actor: Actor | None, verb: Token | None) -> tuple[str, str]:
    """PLOVER's type rules beyond the word: intentions, conditional threats, demands with "must"."""
    kind, mode = trigger.kind, trigger.mode
    if verb is not None and modality != "negated" and _has_aux(verb, "must") and _speaker(verb) is not None:
        return "REQUEST", ""
    if modality == "negated" and kind in COOPERATIVE | {"AGREE", "CONCEDE"}:  # "will not accept", "failed to agree"
        return "REJECT", ""
    if modality == "future" and kind in COOPERATIVE:  # cooperation promised is AGREE
        return "AGREE", ""
    if modality in {"future", "hypothetical"} and kind in lx.THREAT_MODES:  # conflict announced or conditional
        return "THREATEN", lx.THREAT_MODES[kind]
    if kind == "AGREE" and _object_kind(verb) == "REQUEST":  # "accepted the rebels' demands"
        return "CONCEDE", ""
    if _settles(trigger, verb):
        return "AGREE", ""
    if kind == "COERCE" and mode == "restrict" and actor is not None and actor.sector not in {"GOV", "MIL", "COP"}:
        return "PROTEST", "obstruct"  # demonstrators blocking roads
    if kind == "PROTEST" and trigger.token.lemma_.lower() == "protest" and _official(actor, verb):
        return "ACCUSE", "disapprove"  # a government's or an organisation's protest is verbal
    if trigger.token.lemma_.lower() == "arrive" and not (actor and actor.sector == "GOV"):
        return "", ""  # troops or goods arriving are not a visit
    return kind, mode


def _settles(trigger: Trigger, verb: Token | None) -> bool:
    """"reached an agreement on corridors" commits the parties to act (AGREE); signing a treaty stays SUPPORT."""
    return (trigger.noun and trigger.kind == "SUPPORT" and trigger.token.lemma_.lower() in SETTLEMENTS
            and verb is not None and verb.lemma_.lower() in REACHING_VERBS)


def _object_kind(verb: Token | None) -> str:
    objects = [child for child in verb.children if child.dep_ == "dobj"] if verb is not None else []
    found = [noun_trigger(child) for child in objects if child.pos_ in NOUN_POS]
    return next((trigger.kind for trigger in found if trigger is not None), "")


def _has_aux(verb: Token | None, word: str) -> bool:
    return any(child.dep_ == "aux" and child.lower_ == word for child in verb.children)


def _speaker(verb: Token) -> Token | None:
    """The subject of the speech verb this clause is reported by ("Russia *said* that ...")."""
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in lx.SPEECH_VERBS:
        return next((child for child in verb.head.children if child.dep_ in SUBJECT_DEPS), None)
    return None


def _official(actor: Actor | None, verb: Token | None) -> bool:
    lodged = verb is not None and verb.lemma_.lower() in {"lodge", "file", "deliver", "send", "issue", "register"}
    return lodged or (actor is not None and (actor.sector in {"GOV", "LEG", "JUD"} or actor.country in NON_STATE))


def _noun_is_event(token: Token, verb: Token | None) -> bool:
    """An event noun counts when a clause is about it: object of a verb, or subject of "began"/"ended"."""
    if verb is None:
        return _own_actor_words(token)
    lemma = verb.lemma_.lower()
    if lemma in STOP_VERBS or any(c.dep_ == "dobj" and c.lemma_.lower() in STOP_NOUNS for c in verb.children):
        return False
    if token.dep_ in {"nsubj", "nsubjpass"}:  # "the talks began", but not "after the talks ended"
        return lemma in OCCURRENCE_VERBS and not _in_temporal_clause(verb)
    return True


def _own_actor_words(token: Token) -> bool:
    return any(child.dep_ in {"poss", "amod", "compound"} and child.ent_type_ in {"GPE", "NORP", "ORG"}
               for child in token.children)


def _in_temporal_clause(verb: Token | None) -> bool:
    marks = {child.lower_ for child in verb.children if child.dep_ == "mark"}
    return verb.dep_ == "advcl" and bool(marks & TEMPORAL_MARKS)


def _worth_keeping(trigger: Trigger, actor: Actor | None, recipient: Actor | None, verb: Token | None) -> bool:
    """Weak words and bare nouns need a named participant to count as events."""
    named = any(a is not None and a.country for a in (actor, recipient))
    if not trigger.noun and trigger.token.lemma_.lower() in lx.WEAK_VERBS:
        return named
    if trigger.noun and actor is None and recipient is None:  # "the talks began", "launched an offensive"
        occurs = trigger.token.dep_ in {"nsubj", "nsubjpass"}
        return verb is not None and (occurs or verb.lemma_.lower() in lx.LIGHT_VERBS)
    return True


def _modality(token: Token, verb: Token | None) -> str:
    """PLOVER auxiliary mode: "negated" > "hypothetical" > "future" > ""."""
    chain = _modal_chain(verb if verb is not None else token)
    children = [child for node in chain for child in node.children]
    if any(child.dep_ == "neg" or (child.lower_ in lx.NEGATIONS and child.dep_ == "advmod") for child in children):
        return "negated"
    if any(node.lemma_.lower() in lx.NEGATING_VERBS for node in chain[1:]):  # "failed to reach agreement"
        return "negated"
    conditions = [grand for child in children if child.dep_ == "advcl" for grand in child.children]
    if any(child.dep_ == "mark" and child.lower_ in lx.CONDITIONAL_MARKS for child in children + conditions):
        return "hypothetical"
    if any(child.dep_ == "aux" and child.lower_ in lx.HYPOTHETICAL_AUX for child in children):
        return "hypothetical"
    future = any(child.dep_ == "aux" and child.lower_ in lx.FUTURE_AUX for child in children)
    if future or any(node.lemma_.lower() in lx.INTENTION for node in chain[1:]):
        return "future"
    return ""


def _modal_chain(token: Token) -> list[Token]:
    """The trigger's verb and the verbs it is the complement of ("plan to begin confiscating")."""
    chain = [token]
    while chain[-1].dep_ in {"xcomp", "pcomp"} and chain[-1].head.i != chain[-1].i and len(chain) < 6:
        chain.append(chain[-1].head)
    return chain


def _date(token: Token, verb: Token | None, item: SentenceInput) -> tuple[str, str, str]:
    """(date, precision, source): the time expression hung on the trigger's clause, else the sentence's date
    (from its own time expression, or publication), else publication, else none."""
    governed = {}
    for time in item.times:
        span = token.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is not None and time.value:
            governed.setdefault(_governing_verb(span.root), time)
    for node in [token, *_clause_chain(verb if verb is not None else token)]:
        if node.i in governed:
            time = governed[node.i]
            return time.value[:10], PRECISION.get(time.granularity, "day"), "text"
    if item.sentence.date and item.sentence.date_source == "time":
        return item.sentence.date[:10], "day", "text"
    published = item.article.published
    return (published.date().isoformat(), "published", "publication") if published else ("", "unknown", "")


def _inside_a_time(token: Token, times: Sequence[TimeExpr]) -> bool:
    """A word of a time expression is never a trigger ("on March 4" is no march)."""
    return any(time.start <= token.idx < time.end for time in times)


def _clause_chain(token: Token) -> list[Token]:
    """The verb and the clauses it hangs from ("spent the weekend *attacking*"; "changed it *to renounce*")."""
    chain = [token]
    while chain[-1].dep_ in {"xcomp", "advcl", "pcomp", "conj", "prep"} and len(chain) < 5:
        chain.append(chain[-1].head)
    return chain


def _governing_verb(token: Token) -> int:
    node = token
    while node.head.i != node.i and node.pos_ not in VERB_POS:
        node = node.head
    return node.i


def _place(token: Token, verb: Token | None, roles: tuple, kind: str, places: Sequence[Place]) -> Place | None:
    """Where: a place after in/at/near in the trigger's clause, or the target of an attack; cities first."""
    actor_token, recipient_token = roles
    top = token if verb is None else verb
    region = {t.i for t in top.subtree} - ({t.i for t in actor_token.subtree} if actor_token is not None else set())
    target = {t.i for t in recipient_token.subtree} if recipient_token is not None and kind in ON_SITE else set()
    found = []
    for place in places:
        span = token.doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or span.root.i not in region:
            continue
        root = span.root
        if (root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS) or root.i in target:
            found.append(place)
    return min(found, key=lambda p: (p.kind == "country", p.start)) if found else None


def _confidence(trigger: Trigger, actor: Actor | None, recipient: Actor | None, modality: str) -> float:
    score = 0.6 * trigger.weight + 0.2 * bool(actor and actor.country) + 0.1 * bool(recipient and recipient.country)
    score += 0.1 * (not trigger.noun) - 0.1 * (modality == "hypothetical")
    return round(min(max(score, 0.05), 0.99), 2)


def _contexts(span: Span, trigger: Trigger) -> tuple[str, ...]:
    found = {lx.CONTEXTS[t.lower_] for t in span if t.lower_ in lx.CONTEXTS}
    if trigger.mode in {"cyber", "misinformation"}:
        found.add(trigger.mode)
    if trigger.mode == "unconventional":
        found.add("cbrn")
    return tuple(sorted(found))


# --- per sentence -------------------------------------------------------------------------------


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, actor country) in a sentence: "pummeled Kharkiv, killing dozens" is one ASSAULT."""
    kept: dict[tuple[str, str, str], Event] = {}
    for event in events:
        key = (event.type, _key(event.actor), event.modality)
        if event.type in MUTUAL and event.actor is not None:  # two ministers of one state who meet: two dyads
            key = (event.type, event.actor.name.lower(), event.modality)
        if key not in kept or event.confidence > kept[key].confidence:
            previous = kept.get(key)
            if previous is not None and event.recipient is None:
                event = replace(event, recipient=previous.recipient)
            kept[key] = event
    return sorted(kept.values(), key=lambda event: event.sentence_start)


def _key(actor: Actor | None) -> str:
    return "" if actor is None else (actor.country or actor.name).lower()


def _attach_figures(events: list[Event], claims: Sequence[Claim]) -> list[Event]:
    """Numbers from the sentence's claims on the sentence's violent (or crowd) event."""
    targets = [event for event in events if event.type in FIGURE_TYPES]
    if not targets or not claims:
        return events
    figures: dict[str, float] = {}
    for claim in claims:
        name = _figure_name(claim, targets[0].type)
        if name and name not in figures:
            figures[name] = claim.value
    if not figures:
        return events
    first = targets[0]
    return [replace(event, figures=figures) if event is first else event for event in events]


def _figure_name(claim: Claim, kind: str) -> str:
    words = f"{claim.predicate} {claim.subject} {claim.text}".lower()
    for name, stems in FIGURE_WORDS.items():
        if any(stem in words for stem in stems):
            return name
    if kind in {"PROTEST", "MOBILIZE"} and claim.unit in {"people", ""}:
        return "size"
    return ""


def _inside(sentence: Sentence) -> Callable[[Claim | Place | TimeExpr], bool]:
    return lambda item: sentence.start <= item.start < sentence.end


def _sentences(doc: Doc, article: Article) -> list[Sentence]:
    """Sentences from the parse when the enrichment has none (dated by publication)."""
    published = article.published.date().isoformat() if article.published else ""
    return [Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text, date=published,
                     date_source="published" if published else "") for i, s in enumerate(doc.sents)]


