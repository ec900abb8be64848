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

from storyline.enrich.entities import LEGAL_FORM
from storyline.enrich.mentions import (
    ORG_NOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_NOUNS,
    Resolution,
    resolve,
    verb_subject,
)
from storyline.enrich.text import DATELINE, doc_text, in_dateline, without_dateline
from storyline.enrich.transcripts import Turn, find_turns
from storyline.records import Mention, Quote

STAGE = "quotes.rules.v1"
REPORT_VERBS = frozenset({"report", "reports", "reported"})
# verbs whose object can be the statement itself: "noted the importance of …", "highlighted the contribution"
_OBJECT_WORDS = """
    note notes noted stress stresses stressed emphasise emphasises emphasised emphasize emphasizes emphasized
    underscore underscores underscored underline underlines underlined highlight highlights highlighted reaffirm
    reaffirms reaffirmed confirm confirms confirmed estimate estimates estimated recall recalls recalled
"""
OBJECT_VERBS = frozenset(_OBJECT_WORDS.split())
REPORTING_WORDS = tuple(SPEECH_VERBS | OBJECT_VERBS)
PRONOUNS_PERSON = frozenset({"he", "she"})
REQUEST_VERBS = frozenset({"asked", "asks", "urged", "urges", "demanded", "demands", "requested", "requests"})
TIME_CONJUNCTIONS = frozenset({"after", "when", "before", "if", "although", "while", "as", "since", "because",
                               "once", "until", "whenever", "though"})
INHERITS_SUBJECT = frozenset({"advcl", "conj", "pcomp", "prep", "pobj", "dobj", "xcomp"})
FIRST_PERSON = frozenset({"i"})
PRONOUNS_UNKNOWN = frozenset({"i", "we", "they", "it", "you", "this", "that", "who", "which"})
CURLY = re.compile(r"“[^”]*”|«[^»]*»")
MAX_OPEN_PARAGRAPHS = 4  # paragraphs a quote left open may run over without a mark before its closing one
MIN_WORDS = 3
# a proper name the model did not tag ("according to the Executive Order"): capitalised words after "the"
PROPER_NAME = re.compile(r"[A-Z][\w'’.-]*(?: (?:of|and|for|on|the|[A-Z][\w'’.-]*))*")
PROPER_PHRASE = re.compile(r"(?:the )?[A-Z][\w'’.-]*(?: (?:of|and|for|on|the|[A-Z][\w'’.-]*))*")


def extract_quotes(
    doc: Doc, *, mentions: Sequence[Mention], resolution: Resolution | None = None,
) -> tuple[Quote, ...]:
    """Every quote of the article with its speaker resolved (``resolution`` is built here when not given)."""
    resolution = resolution or resolve(doc, mentions)
    quotes = _marked(doc, resolution=resolution)
    covered = [(quote.start, quote.end) for quote in quotes]
    for sent in doc.sents:
        for quote in [*_reported(sent, resolution=resolution), *_according_to(sent, resolution=resolution)]:
            if not any(start < quote.end and quote.start < end for start, end in covered):
                quotes.append(quote)
                covered.append((quote.start, quote.end))
    turns = find_turns(doc_text(doc), mentions=mentions)
    quotes += _stripped_statement(doc, quotes, turns=turns)
    quotes = _continued(doc, sorted(quotes, key=lambda quote: quote.start), resolution=resolution)
    quotes = list(_in_turns(quotes, turns, text=doc_text(doc)))
    whole_turns = {(q.start, q.end) for q in quotes if q.kind == "direct" and q.speaker and _turn_of(q, turns)}
    quotes += _transcript(doc, turns, taken=set(covered), quoted=whole_turns)
    return tuple(sorted(quotes, key=lambda quote: quote.start))


# --- quotes in quotation marks -------------------------------------------------------------------


def _marked(doc: Doc, *, resolution: Resolution) -> list[Quote]:
    quotes = []
    text = doc_text(doc)
    for start, end, outer_start, outer_end in marked_spans(text):
        if len(text[start:end].split()) < MIN_WORDS:
            continue  # a scare-quoted word or name, not a quote
        speaker = _marked_speaker(doc, start=outer_start, end=outer_end, resolution=resolution)
        quotes.append(_quote(doc, start, end, kind="direct", speaker=speaker, resolution=resolution))
    return quotes


def marked_spans(text: str) -> list[tuple[int, int, int, int]]:
    """Each quotation's words and its marks' span: (start, end, outer start, outer end).

    Curly marks and guillemets pair unambiguously. Straight marks are paired within a paragraph by which side of
    a word they stand on, so a mark the feed lost does not pair the rest of the article inside out; a quote
    opened and not closed runs to its paragraph's end (the press's convention for a quote over paragraphs), and
    the paragraph after it may close it without opening it again ("… my dream," Jackson is heard telling).
    """
    spans = [(m.start() + 1, m.end() - 1, m.start(), m.end()) for m in CURLY.finditer(text)]
    taken = [(outer_start, outer_end) for _, _, outer_start, outer_end in spans]
    carried, waiting = False, 0  # paragraphs with no mark inside a quote left open, until one closes it
    paragraph_start = 0
    for paragraph in text.split("\n"):
        end = paragraph_start + len(paragraph)
        if carried and '"' not in paragraph and paragraph.strip() and waiting < MAX_OPEN_PARAGRAPHS:
            waiting += 1
        else:
            found, still_open = _straight_in_paragraph(text, paragraph_start, end, carried=carried, taken=taken)
            if carried and found and found[0][2] == paragraph_start and text[paragraph_start] != '"':
                opened, closer = spans.pop(), found.pop(0)  # one quote from its opening mark to its closing one
                spans.append((opened[0], closer[1], opened[2], closer[3]))
            spans += found
            carried, waiting = still_open, 0
        paragraph_start = end + 1
    return sorted(spans)


def _straight_in_paragraph(text: str, start: int, end: int, *, carried: bool,
                           taken: list[tuple[int, int]]) -> tuple[list[tuple[int, int, int, int]], bool]:
    found: list[tuple[int, int, int, int]] = []
    opened: int | None = None
    for index in (i for i in range(start, end) if text[i] == '"'):
        if any(outer_start <= index < outer_end for outer_start, outer_end in taken):
            continue  # a quote inside curly marks stays inside its quote
        before = text[index - 1] if index > start else " "
        after = text[index + 1] if index + 1 < end else " "
        closes = not before.isspace() and before not in "([{—–"
        if opened is not None and closes:
            found.append((opened + 1, index, opened, index + 1))
            opened = None
        elif opened is None and closes and carried and not found:
            found.append((start, index, start, index + 1))  # closes the quote the paragraph before left open
        elif not after.isspace():
            opened = index
        carried = False
    if opened is not None:
        found.append((opened + 1, end, opened, end))
    return found, opened is not None


QUOTE_MARK = re.compile("[\"“”«»]")
MAX_STRIPPED_SENTENCES = 2
ATTRIBUTION_END = re.compile(r"(?:,[^,\n]{1,80},)?(?:\s+[\w'’]+){1,3}\s*[.!]?\s*")  # "…, Makei said."


def _stripped_statement(doc: Doc, quotes: list[Quote], *, turns: Sequence[Turn]) -> list[Quote]:
    """In an article whose quotation marks were all stripped upstream, "A. B, Makei said." is one statement
    of two sentences: the sentences before an attribution-final quote, in its paragraph and with no speech of
    their own, are the same speaker's (each a quote of its own, as "A," he said. "B." is two). Not in a
    transcript turn, whose words are its speaker's already, nor for a first-person aside ("…, I would say")."""
    text = doc_text(doc)
    if QUOTE_MARK.search(text):
        return []  # the marks are there: a sentence outside them is narration
    found = []
    for quote in quotes:
        if quote.kind != "unmarked" or not quote.speaker or quote.speaker_start < quote.end:
            continue
        if quote.speaker_text.lower() in PRONOUNS_UNKNOWN or any(t.start <= quote.start < t.end for t in turns):
            continue  # "…, I would say": a speaker's own aside, inside a turn that is the speaker's already
        sentence = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if sentence is None or sentence.sent.start_char != quote.start:
            continue
        if not ATTRIBUTION_END.fullmatch(text, quote.speaker_end, sentence.sent.end_char):
            continue  # the sentence goes on after its speaker: "At the same time, Putin pointed out …"
        found += _statement_before(doc, quote, sentence.sent, taken=quotes)
    return found


def _statement_before(doc: Doc, quote: Quote, sent: Span, *, taken: list[Quote]) -> list[Quote]:
    text, found = doc_text(doc), []
    while sent.start > 0 and len(found) < MAX_STRIPPED_SENTENCES:
        before = doc[sent.start - 1].sent
        start, end = _clean_bounds(doc, before.start_char, before.end_char)
        if "\n" in text[start:quote.start] or len(text[start:end].split()) < MIN_WORDS or in_dateline(
                text, start) or any(token.lower_ in SPEECH_VERBS for token in before) or any(
                q.start < end and start < q.end for q in taken):
            break
        found.append(replace(quote, text=text[start:end], start=start, end=end))
        sent = before
    return found


def _continued(doc: Doc, quotes: list[Quote], *, resolution: Resolution) -> list[Quote]:
    """A paragraph that opens with a quotation mark and names no speaker goes on with the previous quote's
    speaker; an unattributed first-person message in a release is its author's ("The message reads: "I …"")."""
    text = doc_text(doc)
    found: list[Quote] = []
    for quote in quotes:
        if not quote.speaker and quote.kind == "direct":
            before = text[:quote.start].rstrip(" ").removesuffix('"').removesuffix("“").rstrip(" ")
            opens_paragraph = not before.strip() or before.endswith("\n")
            previous = found[-1] if found else None
            if opens_paragraph and previous is not None and previous.speaker and _no_speaker_between(
                    text, previous.end, quote.start):
                quote = replace(quote, speaker=previous.speaker, kind="continued")
            elif previous is not None and previous.speaker and _split_by_attribution(text, previous, quote):
                quote = replace(quote, speaker=previous.speaker)  # "A," he said. "B.": one speaker, two quotes
            elif resolution.author is not None and (FIRST_PERSON_WORD.search(quote.text)
                                                    or _authors_message(text, quote)):
                quote = replace(quote, speaker=resolution.author.name)
        if not quote.speaker and quote.speaker_text.lower() in PRONOUNS_PERSON:
            quote = replace(quote, speaker=_pronoun_goes_on(quote, found, resolution=resolution))
        elif quote.speaker and quote.speaker_text.lower() in PRONOUNS_PERSON and _unnamed_spoke_last(
                quote, found, resolution=resolution):
            quote = replace(quote, speaker="")  # "A female friend said: … She added: …": still no name
        found.append(quote)
    return found


def _pronoun_goes_on(quote: Quote, found: list[Quote], *, resolution: Resolution) -> str:
    """"He added: …" after a run of one person's quotes too long for the pronoun to reach a mention: the person
    who spoke last, when no other person is named outside quotation marks in between."""
    previous = next((q for q in reversed(found) if q.speaker or q.speaker_text), None)
    if previous is None or not previous.speaker or quote.start - previous.end > PRONOUN_REACH:
        return ""  # the last one to speak was not named ("a female friend said"): nor is "she"
    between = [m for m in resolution.mentions if previous.end <= m.start < quote.speaker_start
               and m.label == "PERSON" and not resolution.is_quoted(m.start)]
    others = {m.canonical for m in between} - {previous.speaker}
    gender = resolution.genders.get(previous.speaker)
    pronoun = "m" if quote.speaker_text.lower() == "he" else "f"
    return previous.speaker if not others and gender in {None, pronoun} else ""


def _unnamed_spoke_last(quote: Quote, found: list[Quote], *, resolution: Resolution) -> bool:
    """The quote before was said by someone the article does not name, and no person is named since."""
    previous = next((q for q in reversed(found) if q.speaker or q.speaker_text), None)
    if previous is None or previous.speaker or quote.start - previous.end > PRONOUN_REACH:
        return False
    first = previous.speaker_text.split()[0].lower()
    if previous.speaker_text.lower() in PRONOUNS_PERSON | PRONOUNS_UNKNOWN or first not in {"a", "an", "one"}:
        return False  # "a female friend", "one witness": someone; "the ministry" may be resolved elsewhere
    return not any(previous.speaker_start <= m.start < quote.speaker_start and m.label == "PERSON"
                   and not resolution.is_quoted(m.start) for m in resolution.mentions)


PRONOUN_REACH = 600  # characters from the last speaker's quote a bare "he said" may still point back to


MESSAGE_WORDS = r"(?:message|messages|greeting|greetings|telegram|letter|address|condolences)"
MESSAGE_READS = re.compile(MESSAGE_WORDS + r",? (?:reads|read|says|say|states)\b[^.\n]{0,15}[:,]?\s*[\"“]?$", re.I)
MESSAGE_SPEAKER = re.compile(r"^(?:the|his|this) " + MESSAGE_WORDS + "$", re.I)


def _authors_message(text: str, quote: Quote) -> bool:
    """"The message reads, in part: …", "…," the messages say: in a release, the author's own message."""
    return bool(MESSAGE_READS.search(text[max(0, quote.start - 60):quote.start])
                or MESSAGE_SPEAKER.match(quote.speaker_text))


def _split_by_attribution(text: str, previous: Quote, quote: Quote) -> bool:
    """"A," Hayward said. "B.": the second part follows, in the same paragraph, the attribution of the first and
    nothing else — the attribution's sentence ends right before it."""
    if not previous.speaker_start or previous.speaker_start < previous.end:
        return False  # the first part's speaker was named before it: what follows is narration
    between = text[previous.end:quote.start].strip(" \"“”")
    if "\n" in between or not between.endswith((".", ",", ":")):
        return False
    return previous.speaker_end <= quote.start and not re.search(r"[.?!]\s", between)


FIRST_PERSON_WORD = re.compile(r"\b(?:I|I'm|I am|my)\b")


def _no_speaker_between(text: str, start: int, end: int) -> bool:
    """Only the rest of the previous quote's paragraph lies between: no new paragraph of narration."""
    between = text[start + 1:end - 1]  # without the previous quote's closing mark and this one's opening mark
    return between.count("\n") <= 1 and not re.search("[\"“”«»]", between)


def _marked_speaker(doc: Doc, *, start: int, end: int, resolution: Resolution) -> Token | None:
    """The subject of a speech verb outside the marks, in the sentence where the quote ends or starts; never a
    word inside another quote ("'It is …,' Jabbour said, adding WHO lacked 'a full picture'" is not "It"'s)."""
    sentences = {token.sent for token in (doc.char_span(start, end, alignment_mode="expand") or [])}
    for sent in sorted(sentences, key=lambda s: -s.start):
        for token in sent:
            inside = start <= token.idx < end
            if not inside and token.lower_ in SPEECH_VERBS and _next_to(doc, token, start=start, end=end):
                subject = _subject(token)
                if subject is not None and not resolution.is_quoted(subject.idx):
                    return subject
    return None


def _next_to(doc: Doc, verb: Token, *, start: int, end: int) -> bool:
    """The speech verb belongs to the quote: no line break or full stop between them."""
    text = doc_text(doc)
    low, high = (end, verb.idx) if verb.idx >= end else (verb.idx + len(verb), start)
    if "\n" in text[low:high]:
        return False
    span = doc.char_span(low, high, alignment_mode="contract")
    # a full stop of its own ends a sentence; the one of "Dr." or "U.S." does not
    return span is None or not any(token.text in {".", "?", "!"} for token in span)


# --- reported speech and quotes without marks ----------------------------------------------------


def _reported(sent: Span, *, resolution: Resolution) -> Iterable[Quote]:
    """A clause said by someone first, then statements by their object ("confirmed its first case"), so that in
    "X has confirmed its first case, the minister said" the minister's clause is the quote."""
    later: list[Quote] = []
    words = doc_text(sent.doc)[sent.start_char:sent.end_char].lower()
    if not any(verb in words for verb in REPORTING_WORDS):
        return  # no speech or reporting verb in its text: no token of it can start a quote
    for verb in sent:
        if verb.lower_ not in SPEECH_VERBS or verb.pos_ not in {"VERB", "AUX"}:
            found = _by_object(verb, sent, resolution=resolution) if _passive_as_adjective(verb) else None
            if found is not None:
                later.append(found)
            continue
        found = _by_parse(verb, sent, resolution=resolution) or _by_surface(verb, sent, resolution=resolution)
        if found is not None:
            yield found
            continue
        found = (_by_object(verb, sent, resolution=resolution) or _by_parenthesis(verb, sent, resolution=resolution)
                 or _by_said_object(verb, sent, resolution=resolution))
        if found is not None:
            later.append(found)
    yield from later


def _by_parse(verb: Token, sent: Span, *, resolution: Resolution) -> Quote | None:
    subject = _subject(verb)
    clauses = [child for child in verb.children if child.dep_ == "ccomp"] or _in_a_statement(verb)
    # "<caption> Also on Wednesday, the US said it was …": with a clause on each side, the one after is what was said
    content = next((child for child in clauses if child.i > verb.i), None) if len(clauses) > 1 else None
    content = content or (clauses[0] if clauses else None)
    if subject is None or content is None or not _speech_sense(verb):
        return None
    tokens = [token for token in content.subtree if token.dep_ != "mark" or token.head.i != content.i]
    tokens = _without_date_opening(_without_concession(content, tokens))
    if content.i < verb.i and tokens[0].lower_ in TIME_CONJUNCTIONS:
        return None  # "After Macron expressed concern …, Putin explained": when, not what, he said
    start, end = _clean_bounds(sent.doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if len(doc_text(sent.doc)[start:end].split()) < MIN_WORDS:
        return None
    kind = "reported" if verb.lower_ in REPORT_VERBS or start > verb.idx else "unmarked"
    speaker = None if _impersonal(subject) else subject  # "it was noted that …": said, by no one named
    return _quote(sent.doc, start, end, kind=kind, speaker=speaker, resolution=resolution)


def _in_a_statement(verb: Token) -> list[Token]:
    """"The ministry said in a statement that …": the parser hangs the reported clause on "statement"."""
    for prep in (child for child in verb.children if child.dep_ == "prep" and child.lower_ == "in"):
        for noun in (child for child in prep.children if child.dep_ == "pobj"):
            return [c for c in noun.children if c.dep_ in {"acl", "relcl"} and c.i > noun.i
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    return []


def _by_parenthesis(verb: Token, sent: Span, *, resolution: Resolution) -> Quote | None:
    """"Profit, he said, was the motive.": an attribution set off by commas inside the sentence it reports;
    the quote is the sentence (the parser hangs "said" on the reported clause as parataxis)."""
    subject = _subject(verb)
    if verb.dep_ != "parataxis" or subject is None or subject.head.i != verb.i or resolution.is_quoted(verb.idx):
        return None
    if not any(child.dep_ == "punct" and child.text == "," for child in verb.children):
        return None
    start, end = _clean_bounds(sent.doc, sent.start_char, sent.end_char)
    if len(doc_text(sent.doc)[start:end].split()) < MIN_WORDS + 2:
        return None
    return _quote(sent.doc, start, end, kind="unmarked", speaker=subject, resolution=resolution)


def _by_object(verb: Token, sent: Span, *, resolution: Resolution) -> Quote | None:
    """"X noted the importance of …", "the importance of … was underscored": a statement reported by its
    object (active) or its passive subject, for verbs that report a statement rather than an utterance."""
    if verb.lower_ not in OBJECT_VERBS or not _speech_sense(verb) or _purpose(verb):
        return None
    subject = _subject(verb.head if _passive_as_adjective(verb) else verb)
    passive = subject is not None and (subject.dep_ == "nsubjpass" or _passive_as_adjective(verb))
    content = subject if passive else next((c for c in verb.children if c.dep_ == "dobj"), None)
    if content is None or (not passive and subject is None):
        return None
    tokens = list(content.subtree)
    start, end = _clean_bounds(sent.doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if len(doc_text(sent.doc)[start:end].split()) < MIN_WORDS:
        return None
    agent = _agent(verb) if passive else None  # "… have been confirmed by the IAEA"
    return _quote(sent.doc, start, end, kind="reported", speaker=agent if passive else subject,
                  resolution=resolution)


def _by_said_object(verb: Token, sent: Span, *, resolution: Resolution) -> Quote | None:
    """"Defenders say claims that it encouraged risky loans do not square with the facts": the parser makes the
    reported clause's subject the object of "say"; the object with its clause is what was said."""
    if verb.lower_ not in {"say", "says", "said"} or any(child.dep_ == "ccomp" for child in verb.children):
        return None
    subject = _subject(verb)
    content = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if subject is None or content is None or not any(t.pos_ == "VERB" for t in content.subtree):
        return None
    tokens = list(content.subtree)
    start, end = _clean_bounds(sent.doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if len(doc_text(sent.doc)[start:end].split()) < MIN_WORDS + 3:
        return None
    return _quote(sent.doc, start, end, kind="reported", speaker=subject, resolution=resolution)


def _by_surface(verb: Token, sent: Span, *, resolution: Resolution) -> Quote | None:
    """"<quote>, <Name>[, <role>,] <verb>": the pattern the parser misses on long quotes without marks."""
    doc, before = sent.doc, doc_text(sent.doc)[sent.start_char:verb.idx].rstrip()
    role = re.search(r",[^,]{1,80},$", before)
    if role:
        before = before[: role.start()].rstrip()
    name_end = sent.start_char + len(before)
    name = next((m for m in resolution.mentions if m.end == name_end and m.label in {"PERSON", "ORG"}), None)
    if name is None:
        return None
    comma = doc_text(doc).rfind(",", sent.start_char, name.start)
    if comma < 0 or doc_text(doc)[comma + 1:name.start].strip().lower() not in {"", "the"}:
        return None  # "…, the Syrian Observatory for Human Rights said": the name with its article
    start, end = _clean_bounds(doc, sent.start_char, comma)
    words = doc_text(doc)[start:end].split()
    if len(words) < MIN_WORDS or words[0].lower() in TIME_CONJUNCTIONS:
        return None  # "After Macron expressed concern …, Putin explained": when, not what, he said
    content = doc.char_span(start, end, alignment_mode="expand")
    if content is not None and content.root.lower_ in REQUEST_VERBS:
        return None  # "X asked that the cases be combined, the agency reported": a request, not a statement
    head = doc.char_span(name.start, name.end, alignment_mode="expand")
    speaker = head.root if head is not None else None
    return _quote(doc, start, end, kind="unmarked", speaker=speaker, resolution=resolution)


def _according_to(sent: Span, *, resolution: Resolution) -> Iterable[Quote]:
    if "according" not in doc_text(sent.doc)[sent.start_char:sent.end_char].lower():
        return  # most sentences: no need to visit their tokens
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
            yield _quote(sent.doc, start, end, kind="according_to", speaker=source, resolution=resolution,
                         whole=True)


def _according_source(token: Token) -> Token | None:
    if token.lower_ != "according":
        return None
    to = next((child for child in token.children if child.lower_ == "to"), None)
    return next((child for child in to.children if child.dep_ == "pobj"), None) if to is not None else None


# --- transcript turns ----------------------------------------------------------------------------


def _transcript(doc: Doc, turns: Sequence[Turn], *, taken: set[tuple[int, int]],
                quoted: set[tuple[int, int]]) -> Iterable[Quote]:
    """Each named turn of three words or more, unless a quote found above has its very span, or the turn is one
    quotation in marks (``Ban Ki-moon: "…"``), which is that quote already.

    Quotes inside a turn stay: they are narrower and of another kind (the speaker quoting someone).
    """
    text = doc_text(doc)
    for turn in turns:
        label = turn.label
        if (turn.start, turn.end) in taken or len(text[turn.start:turn.end].split(maxsplit=MIN_WORDS)) < MIN_WORDS:
            continue
        if any(_marks_whole_turn(text, turn, start, end) for start, end in quoted):
            continue
        yield Quote(label.speaker, text[turn.start:turn.end], turn.start, turn.end, "transcript",
                    text[label.speaker_start:label.speaker_end], label.speaker_start, label.speaker_end, STAGE)


def _in_turns(quotes: list[Quote], turns: Sequence[Turn], *, text: str) -> Iterable[Quote]:
    """Inside a turn, "I said that …" is the turn's speaker; "he said" is someone else, though the last person
    named before it is the turn's own label. A turn that is one quotation in marks (``Ban Ki-moon: "…"``, the
    transcript style of a wire story) is its speaker's words."""
    for quote in quotes:
        turn = _turn_of(quote, turns)
        pronoun = quote.speaker_text.lower()
        if turn and not quote.speaker and (pronoun in FIRST_PERSON or (
                quote.kind == "direct" and _marks_whole_turn(text, turn, quote.start, quote.end))):
            quote = replace(quote, speaker=turn.label.speaker)
        elif turn and quote.speaker == turn.label.speaker and pronoun in PRONOUNS_PERSON:
            quote = replace(quote, speaker="")
        yield quote


def _turn_of(quote: Quote, turns: Sequence[Turn]) -> Turn | None:
    index = bisect.bisect_right([turn.start for turn in turns], quote.start) - 1
    return turns[index] if index >= 0 and quote.start < turns[index].end else None


def _marks_whole_turn(text: str, turn: Turn, start: int, end: int) -> bool:
    """The turn opens with this quote in marks and its line holds nothing more (``Ban Ki-moon: "…"``): a wire
    story's transcript style, whose next line is narration again, not more of the turn."""
    line_end = text.find("\n", end)
    line_end = turn.end if line_end < 0 else min(line_end, turn.end)
    return start > turn.start and not text[turn.start:start].strip(" \"“«") and not text[end:line_end].strip(" \"”».")


# --- helpers -------------------------------------------------------------------------------------


def _passive_as_adjective(verb: Token) -> bool:
    """"The importance of … was underscored": the small model often reads the participle as an adjective."""
    return verb.dep_ == "acomp" and verb.lower_ in OBJECT_VERBS and verb.head.lower_ in {"was", "were", "is", "are"}


def _without_concession(content: Token, tokens: list[Token]) -> list[Token]:
    """"BP said the leak had cost it $3.12bn, though analysts forecast tens of billions": the closing concession is
    the narrator's, not what BP said."""
    for child in content.children:
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        if child.dep_ == "advcl" and marks & {"though", "although", "whereas"} and child.i > content.i:
            cut = min(t.i for t in child.subtree)
            kept = [t for t in tokens if t.i < cut]
            while kept and kept[-1].is_punct:
                kept.pop()
            return kept or tokens
    return tokens


def _without_date_opening(tokens: list[Token]) -> list[Token]:
    """"BP said on Tuesday it would …": the parser hangs the date on the reported clause; it says when BP spoke."""
    first = tokens[0]
    if first.dep_ != "prep" or first.head.i <= first.i or len(tokens) < 4:
        return tokens
    phrase = [t for t in first.subtree if t.i != first.i]
    if not phrase or any(t.ent_type_ not in {"DATE", "TIME"} and t.dep_ != "det" for t in phrase):
        return tokens
    end = max(t.i for t in first.subtree)
    return [t for t in tokens if t.i > end] or tokens


def _agent(verb: Token) -> Token | None:
    by = next((child for child in verb.children if child.dep_ == "agent"), None)
    return next((child for child in by.children if child.dep_ == "pobj"), None) if by is not None else None


def _purpose(verb: Token) -> bool:
    """"to emphasize BP's commitment, he told staff …": an infinitive of purpose says why, not what was said."""
    return verb.tag_ == "VB" and any(child.tag_ == "TO" for child in verb.children) and verb.dep_ in {"advcl", "conj"}


def _impersonal(subject: Token) -> bool:
    """"It was noted that …": a passive with no one named says nothing about a speaker."""
    return subject.lower_ == "it" and subject.dep_ == "nsubjpass"


def _speech_sense(verb: Token) -> bool:
    """"pointed out that" speaks; "pointed at" does not."""
    if verb.lower_ in {"pointed", "points"}:
        return any(child.dep_ == "prt" and child.lower_ == "out" for child in verb.children)
    return True


def _subject(verb: Token) -> Token | None:
    """The verb's subject; for "…, noting that", "made a point of noting that" or "and added" without one, the
    subject of the clause it hangs on."""
    quoting = _quoted_as(verb)
    if quoting is not None:
        return quoting
    token = verb
    for _ in range(4):
        own = verb_subject(token)
        if own is not None or token.dep_ not in INHERITS_SUBJECT or token.head.i == token.i:
            return own
        token = token.head
    return None


QUOTING_VERBS = frozenset({"quote", "quotes", "quoted", "quoting", "cite", "cites", "cited", "citing"})


def _quoted_as(verb: Token) -> Token | None:
    """"State television quoted the minister as saying …": the one quoted speaks, not the one quoting."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.lower_ != "as" or prep.head.lower_ not in QUOTING_VERBS:
        return None
    return next((child for child in prep.head.children if child.dep_ == "dobj"), None)


def _clean_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, commas and a leading "that" from a quote's bounds."""
    text = doc_text(doc)
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if text[start:end].lower().startswith("that "):
        start += 5
    dangling = TRAILING_CONJUNCTION.search(text, start, end)
    if dangling is not None and dangling.end() == end:  # "14 were killed, and [the UN said …]"
        end = dangling.start()
    dateline = DATELINE.match(text, start, end)
    if dateline is not None and dateline.end() < end:  # "LONDON (Reuters) - Shares fell …": the story starts after
        start = dateline.end()
    return without_dateline(text, start, end)  # "… to Gulf NEW ORLEANS | Tue Sep 28 …": the headline ends there


TRAILING_CONJUNCTION = re.compile(r"[\s,;]+(?:and|but|or)$")


def _quote(
    doc: Doc, start: int, end: int, *, kind: str, speaker: Token | None, resolution: Resolution,
    whole: bool = False,
) -> Quote:
    if speaker is None or in_dateline(doc_text(doc), speaker.idx):  # "DAMASCUS (Reuters) -" speaks for no one
        return Quote("", doc_text(doc)[start:end], start, end, kind, stage=STAGE)
    first, last = _speaker_tokens(speaker, whole=whole)
    speaker_start, speaker_end = first.idx, last.idx + len(last)
    text = doc_text(doc)
    return Quote(
        _speaker_name(doc, speaker, start=speaker_start, end=speaker_end, resolution=resolution),
        text[start:end], start, end, kind, text[speaker_start:speaker_end], speaker_start, speaker_end, STAGE,
    )


def speaker_phrase(head: Token, *, resolution: Resolution, whole: bool) -> str:
    """The resolved name of a speaker or source phrase by its head (what claims read for "according to X")."""
    first, last = _speaker_tokens(head, whole=whole)
    return _speaker_name(head.doc, head, start=first.idx, end=last.idx + len(last), resolution=resolution)


def _speaker_tokens(head: Token, *, whole: bool) -> tuple[Token, Token]:
    """The speaker's words: the head with what precedes it ("the Kremlins statement"); all of it for a source."""
    of = [child for child in head.rights if child.dep_ == "prep" and (child.lower_ == "of" or _names_on(head, child))]
    extra = {token.i for child in of for token in child.subtree}
    tokens = [token for token in head.subtree if whole or token.i <= head.i or token.i in extra]
    tokens = _contiguous(tokens, head)
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens.pop()
    return tokens[0], tokens[-1]


def _names_on(head: Token, prep: Token) -> bool:
    """"Syrian Observatory for Human Rights": a preposition inside a proper name the model did not tag."""
    objects = [child for child in prep.children if child.dep_ == "pobj"]
    return head.pos_ == "PROPN" and prep.lower_ in {"for", "on"} and bool(objects) and objects[0].pos_ == "PROPN"


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    run = [head]
    indexes = {token.i for token in tokens}
    while run[0].i - 1 in indexes and not head.doc[run[0].i - 1].is_punct:
        run.insert(0, head.doc[run[0].i - 1])
    while run[-1].i + 1 in indexes and head.doc[run[-1].i + 1].text != ",":
        run.append(head.doc[run[-1].i + 1])
    return run


def _speaker_name(doc: Doc, head: Token, *, start: int, end: int, resolution: Resolution) -> str:
    """A name with no article before it ("the Fed" is the Fed), a description as the text gives it ("the interior
    ministry", "the government in Kyiv"), or "" for someone not named ("a Los Angeles judge", "A California man"):
    quality/gold/ATTRIBUTION.md asks for a name, an organisation, or null."""
    name = _named_speaker(doc, head, start=start, end=end, resolution=resolution)
    first, _, rest = name.partition(" ")
    if first.lower() in {"a", "an"}:
        return ""
    if first.lower() == "the" and PROPER_NAME.fullmatch(rest):
        name = rest  # "the Fed", "The Tories": the article is no part of the name; "the government in Kyiv" keeps it
    return LEGAL_FORM.sub("", name) if " " in name else name  # "BP Plc said": BP


# Public bodies a wire story names by their office alone ("the interior ministry said", "Iraqi police said"):
# with a word that says which, that is the organisation as the text gives it.
INSTITUTION_NOUNS = frozenset({"ministry", "department", "office", "police", "army", "military", "navy", "agency",
                               "council", "commission", "committee", "court", "government", "administration"})


def _institution(doc: Doc, head: Token) -> str:
    """"the interior ministry", "Iraqi police", "the attorney general's office" as written, without the article; not a
    bare "the ministry", nor "our government" (whose speaker the text does not say)."""
    if head.lower_ not in INSTITUTION_NOUNS or any(c.dep_ == "det" and c.lower_ in {"a", "an"}
                                                   for c in head.children):
        return ""
    modifiers = [c for c in head.lefts if c.dep_ in {"amod", "compound", "poss", "nmod"} and c.pos_ != "PRON"]
    if not modifiers:
        return ""
    first = min(t.left_edge.i for t in modifiers)
    while first < head.i and doc[first].dep_ == "det":
        first += 1  # "the attorney general's office": the article of a modifier leads the phrase
    words = doc[first:head.i + 1]
    if any(t.pos_ == "PRON" or (t.is_punct and t.text != "'s") for t in words):
        return ""
    return " ".join(doc_text(doc)[words.start_char:words.end_char].split())  # as the model's own ORG mentions give it


def _named_speaker(doc: Doc, head: Token, *, start: int, end: int, resolution: Resolution) -> str:
    """The resolved entity of the speaker's phrase; else the phrase with its names canonical when it names
    someone ("Volodymyr Zelenskyy's office"); else "" — a title, a role or a pronoun with no one behind it,
    and joint speakers ("Putin and Bennett emphasised"), are left open rather than guessed."""
    if head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl" and head.head.head.i != head.i:
        name = speaker_phrase(head.head.head, resolution=resolution, whole=False)  # "BP, which said …": BP
        return "" if name.lower().startswith(("the ", "a ", "an ")) else name  # "the CNBC reporter who …": no one
    own = resolution.entity_at(head.idx, head.idx + len(head))
    if any(child.dep_ == "conj" and not (own and own.start <= child.idx < own.end) for child in head.children):
        return ""
    name = resolution.canonical_for(head)
    if name or head.lower_ in PRONOUNS_PERSON | PRONOUNS_UNKNOWN | TITLE_NOUNS:
        return name  # an office the article gives no one ("the President of Russia" elsewhere) stays open
    named = [m for m in resolution.mentions if start <= m.start and m.end <= end]
    institution = _institution(doc, head) if all(m.label in {"NORP", "GPE", "LOC"} for m in named) else ""
    if institution:
        return institution
    if head.tag_ in {"NNS", "NNPS"} and head.pos_ == "NOUN" and head.lower_ not in ROLE_NOUNS:
        return ""  # "Two U.S. lawmakers": several people, none named ("Western officials" speak for the West)
    named = [m for m in resolution.mentions if start <= m.start and m.end <= end]
    if all(m.label == "NORP" for m in named) and any(c.dep_ == "det" and c.lower_ in {"a", "an"}
                                                     for c in head.children):
        return ""  # "a Western diplomat": a nationality names no one
    organisations = [m for m in named if m.label == "ORG" and m.end <= head.idx]
    if head.lower_ in ORG_NOUNS and len(organisations) == 1 and len(named) == 1:
        return organisations[0].canonical  # "The Interfax news agency", "The Daily Mail newspaper"
    if named:
        return _canonical_phrase(doc_text(doc), start=start, end=end, mentions=named)
    phrase = doc_text(doc)[start:end]
    office = head.lower_ in TITLE_NOUNS or head.lower_ in ROLE_NOUNS  # "the President" unresolved stays open
    return phrase if head.pos_ == "PROPN" and not office and PROPER_PHRASE.fullmatch(phrase) else ""


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
