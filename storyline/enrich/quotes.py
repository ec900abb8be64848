"""Quotes and who said them: marked quotes, reported speech, quotes whose marks the feed lost, "according to",
and the turns of transcripts ("Vladimir Putin: …", found in ``transcripts.py``).

Attribution comes from the parse (the subject of a speech verb whose clausal complement is the quote)
and, where the small model's parse breaks on a long unmarked quote, from the surface pattern
"<quote>, <Name>[, <role>,] tweeted/said". The speaker is the canonical name of the entity at the
subject's head; a pronoun takes the person last mentioned; otherwise the phrase as written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from storyline.enrich.text import doc_text
from storyline.enrich.transcripts import Turn, find_turns
from storyline.records import Mention, Quote

STAGE = "quotes.rules.v1"
_SPEECH_WORDS = """
    say says said saying tell tells told telling tweet tweets tweeted write writes wrote add adds added adding
    state states stated stating announce announces announced note notes noted noting stress stresses stressed
    stressing warn warns warned warning claim claims claimed report reports reported insist insists insisted
    declare declares declared explain explains explained emphasise emphasises emphasised emphasising emphasize
    emphasizes emphasized emphasizing confirm confirms confirmed underline underlines underlined underscore
    underscores underscored reply replies replied remark remarks remarked assert asserts asserted argue argues
    argued acknowledge acknowledges acknowledged admit admits admitted posted pointed points
"""
SPEECH_VERBS = frozenset(_SPEECH_WORDS.split())
REPORT_VERBS = frozenset({"report", "reports", "reported"})
PRONOUNS_PERSON = frozenset({"he", "she"})
FIRST_PERSON = frozenset({"i"})
PRONOUNS_UNKNOWN = frozenset({"i", "we", "they", "it", "you", "this", "that", "who", "which"})
MARKED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")
MIN_WORDS = 3


def extract_quotes(doc: Doc, *, mentions: Sequence[Mention]) -> tuple[Quote, ...]:
    quotes = _marked(doc, mentions=mentions)
    covered = [(quote.start, quote.end) for quote in quotes]
    for sent in doc.sents:
        for quote in [*_reported(sent, mentions=mentions), *_according_to(sent, mentions=mentions)]:
            if not any(start < quote.end and quote.start < end for start, end in covered):
                quotes.append(quote)
                covered.append((quote.start, quote.end))
    turns = find_turns(doc_text(doc), mentions=mentions)
    quotes = [*_in_turns(quotes, turns), *_transcript(doc, turns, taken=set(covered))]
    return tuple(sorted(quotes, key=lambda quote: quote.start))


# --- quotes in quotation marks -------------------------------------------------------------------


def _marked(doc: Doc, *, mentions: Sequence[Mention]) -> list[Quote]:
    quotes = []
    for match in MARKED.finditer(doc_text(doc)):
        group = next(index for index in (1, 2, 3) if match.group(index) is not None)
        start, end = match.start(group), match.end(group)
        if len(doc_text(doc)[start:end].split()) < MIN_WORDS:
            continue  # a scare-quoted word or name, not a quote
        speaker = _marked_speaker(doc, start=match.start(), end=match.end(), mentions=mentions)
        quotes.append(_quote(doc, start, end, kind="direct", speaker=speaker, mentions=mentions))
    return quotes


def _marked_speaker(doc: Doc, *, start: int, end: int, mentions: Sequence[Mention]) -> Token | None:
    """The subject of a speech verb outside the marks, in the sentence where the quote ends or starts."""
    sentences = {token.sent for token in (doc.char_span(start, end, alignment_mode="expand") or [])}
    for sent in sorted(sentences, key=lambda s: -s.start):
        for token in sent:
            inside = start <= token.idx < end
            if not inside and token.lower_ in SPEECH_VERBS:
                subject = _subject(token)
                if subject is not None:
                    return subject
    return None


# --- reported speech and quotes without marks ----------------------------------------------------


def _reported(sent: Span, *, mentions: Sequence[Mention]) -> Iterable[Quote]:
    for verb in sent:
        if verb.lower_ not in SPEECH_VERBS or verb.pos_ not in {"VERB", "AUX"}:
            continue
        found = _by_parse(verb, sent, mentions=mentions) or _by_surface(verb, sent, mentions=mentions)
        if found is not None:
            yield found


def _by_parse(verb: Token, sent: Span, *, mentions: Sequence[Mention]) -> Quote | None:
    subject = _subject(verb)
    content = next((child for child in verb.children if child.dep_ == "ccomp"), None)
    if subject is None or content is None or _impersonal(subject) or not _speech_sense(verb):
        return None
    tokens = [token for token in content.subtree if token.dep_ != "mark" or token.head.i != content.i]
    start, end = _clean_bounds(sent.doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if len(doc_text(sent.doc)[start:end].split()) < MIN_WORDS:
        return None
    kind = "reported" if verb.lower_ in REPORT_VERBS or start > verb.idx else "unmarked"
    return _quote(sent.doc, start, end, kind=kind, speaker=subject, mentions=mentions)


def _by_surface(verb: Token, sent: Span, *, mentions: Sequence[Mention]) -> Quote | None:
    """"<quote>, <Name>[, <role>,] <verb>": the pattern the parser misses on long quotes without marks."""
    doc, before = sent.doc, doc_text(sent.doc)[sent.start_char:verb.idx].rstrip()
    role = re.search(r",[^,]{1,80},$", before)
    if role:
        before = before[: role.start()].rstrip()
    name_end = sent.start_char + len(before)
    name = next((m for m in mentions if m.end == name_end and m.label in {"PERSON", "ORG"}), None)
    if name is None:
        return None
    comma = doc_text(doc).rfind(",", sent.start_char, name.start)
    if comma < 0 or doc_text(doc)[comma + 1:name.start].strip():
        return None
    start, end = _clean_bounds(doc, sent.start_char, comma)
    if len(doc_text(doc)[start:end].split()) < MIN_WORDS:
        return None
    head = doc.char_span(name.start, name.end, alignment_mode="expand")
    speaker = head.root if head is not None else None
    return _quote(doc, start, end, kind="unmarked", speaker=speaker, mentions=mentions)


def _according_to(sent: Span, *, mentions: Sequence[Mention]) -> Iterable[Quote]:
    for token in sent:
        source = _according_source(token)
        if source is None:
            continue
        phrase_end = source.right_edge.idx + len(source.right_edge)
        if token.idx > sent.start_char + 1:
            start, end = _clean_bounds(sent.doc, sent.start_char, token.idx)
        else:
            start, end = _clean_bounds(sent.doc, phrase_end, sent.end_char)
        if len(doc_text(sent.doc)[start:end].split()) >= MIN_WORDS:
            yield _quote(sent.doc, start, end, kind="according_to", speaker=source, mentions=mentions, whole=True)


def _according_source(token: Token) -> Token | None:
    if token.lower_ != "according":
        return None
    to = next((child for child in token.children if child.lower_ == "to"), None)
    return next((child for child in to.children if child.dep_ == "pobj"), None) if to is not None else None


# --- transcript turns ----------------------------------------------------------------------------


def _transcript(doc: Doc, turns: Sequence[Turn], *, taken: set[tuple[int, int]]) -> Iterable[Quote]:
    """Each named turn of three words or more, unless a quote found above has its very span.

    Quotes inside a turn stay: they are narrower and of another kind (the speaker quoting someone).
    """
    text = doc_text(doc)
    for turn in turns:
        label = turn.label
        if (turn.start, turn.end) in taken or len(text[turn.start:turn.end].split(maxsplit=MIN_WORDS)) < MIN_WORDS:
            continue
        yield Quote(label.speaker, text[turn.start:turn.end], turn.start, turn.end, "transcript",
                    text[label.speaker_start:label.speaker_end], label.speaker_start, label.speaker_end, STAGE)


def _in_turns(quotes: list[Quote], turns: Sequence[Turn]) -> Iterable[Quote]:
    """Inside a turn, "I said that …" is the turn's speaker; "he said" is someone else, though the last person
    named before it is the turn's own label."""
    starts = [turn.start for turn in turns]
    for quote in quotes:
        index = bisect.bisect_right(starts, quote.start) - 1
        turn = turns[index] if index >= 0 and quote.start < turns[index].end else None
        pronoun = quote.speaker_text.lower()
        if turn and not quote.speaker and pronoun in FIRST_PERSON:
            quote = replace(quote, speaker=turn.label.speaker)
        elif turn and quote.speaker == turn.label.speaker and pronoun in PRONOUNS_PERSON:
            quote = replace(quote, speaker="")
        yield quote


# --- helpers -------------------------------------------------------------------------------------


def _impersonal(subject: Token) -> bool:
    """"It was noted that …": a passive with no one named says nothing about a speaker."""
    return subject.lower_ == "it" and subject.dep_ == "nsubjpass"


def _speech_sense(verb: Token) -> bool:
    """"pointed out that" speaks; "pointed at" does not."""
    if verb.lower_ in {"pointed", "points"}:
        return any(child.dep_ == "prt" and child.lower_ == "out" for child in verb.children)
    return True


def _subject(verb: Token) -> Token | None:
    return next((child for child in verb.children if child.dep_ in {"nsubj", "nsubjpass"}), None)


def _clean_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, commas and a leading "that" from a quote's bounds."""
    text = doc_text(doc)
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if text[start:end].lower().startswith("that "):
        start += 5
    return start, end


def _quote(
    doc: Doc, start: int, end: int, *, kind: str, speaker: Token | None, mentions: Sequence[Mention],
    whole: bool = False,
) -> Quote:
    if speaker is None:
        return Quote("", doc_text(doc)[start:end], start, end, kind, stage=STAGE)
    first, last = _speaker_tokens(speaker, whole=whole)
    speaker_start, speaker_end = first.idx, last.idx + len(last)
    text = doc_text(doc)
    return Quote(
        _speaker_name(doc, speaker, start=speaker_start, end=speaker_end, mentions=mentions),
        text[start:end], start, end, kind, text[speaker_start:speaker_end], speaker_start, speaker_end, STAGE,
    )


def _speaker_tokens(head: Token, *, whole: bool) -> tuple[Token, Token]:
    """The speaker's words: the head with what precedes it ("the Kremlins statement"); all of it for a source."""
    of = [child for child in head.rights if child.dep_ == "prep" and child.lower_ == "of"]
    extra = {token.i for child in of for token in child.subtree}
    tokens = [token for token in head.subtree if whole or token.i <= head.i or token.i in extra]
    tokens = _contiguous(tokens, head)
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens.pop()
    return tokens[0], tokens[-1]


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    run = [head]
    indexes = {token.i for token in tokens}
    while run[0].i - 1 in indexes and not head.doc[run[0].i - 1].is_punct:
        run.insert(0, head.doc[run[0].i - 1])
    while run[-1].i + 1 in indexes and head.doc[run[-1].i + 1].text != ",":
        run.append(head.doc[run[-1].i + 1])
    return run


def _speaker_name(doc: Doc, head: Token, *, start: int, end: int, mentions: Sequence[Mention]) -> str:
    """The canonical name of the entity at the head, a pronoun's person, else the phrase with names canonical."""
    at_head = next((m for m in mentions if m.start <= head.idx < m.end and m.label != "NORP"), None)
    if at_head is not None:
        return at_head.canonical
    if head.lower_ in PRONOUNS_PERSON:
        earlier = [m for m in mentions if m.label == "PERSON" and m.end <= head.idx]
        return earlier[-1].canonical if earlier else ""
    if head.lower_ in PRONOUNS_UNKNOWN:
        return ""
    return _canonical_phrase(doc_text(doc), start=start, end=end, mentions=mentions)


def _canonical_phrase(text: str, *, start: int, end: int, mentions: Sequence[Mention]) -> str:
    """"Zelenskyys office" → "Volodymyr Zelenskyy's office": names inside a phrase in canonical form."""
    parts, cursor = [], start
    for mention in (m for m in mentions if start <= m.start and m.end <= end and m.label != "NORP"):
        possessive = mention.text.lower() != mention.canonical.lower() and mention.text.lower().endswith("s") \
            and mention.text[:-1].lower() in mention.canonical.lower()
        parts += [text[cursor:mention.start], mention.canonical + ("'s" if possessive else "")]
        cursor = mention.end
    parts.append(text[cursor:end])
    return " ".join("".join(parts).split())
