"""Transcript turns: "President of Russia Vladimir Putin: Good afternoon, colleagues. …".

Kremlin transcripts reach us with their paragraph breaks gone, so a speaker label is looked for where a
paragraph would have started: after a sentence end, a "* * *" or "<…>" marker, or a line break, up to the
first colon. The label is the end of that stretch, since a heading may come first ("Beginning of
Russian-Belarusian talks President of Russia Vladimir Putin:"): a name of up to three capitalised words,
after an optional title phrase, with the site's tooltip ("Sergei Shoigu Shoigu SergeiDefence Minister")
and an aside ("(retranslated)") allowed after it. Prose has lower-case words before its colon ("The reason
is simple:") or no person in it ("Kyiv:"). A turn runs to the next label or "* * *".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from storyline.records import Mention

CANDIDATE = re.compile(
    r"(?:^|(?<=[.?!…>*\"”)\]]\s))(?P<stretch>[^.?!…:;<>*\"“”()\n]{1,200}?)(?:\s*\([^()\n]{1,30}\))?:\s",
    re.MULTILINE)
SECTION_BREAK = re.compile(r"\* \* \*")
OMISSION = "<…>"
TOOLTIP = re.compile(r"\b(?P<last>[A-Z][\w'’-]+) (?P=last)\b")  # "… Sergei Shoigu Shoigu SergeiDefence Minister"
WORD = re.compile(r"\S+")
LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+")
NAME_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|[a-z]{1,3}-[A-Z][\w'’-]*)")
LABEL_WORD = re.compile(r"(?:[A-Z0-9][\w'’.&+–-]*|[a-z]{1,3}-[A-Z][\w'’-]*),?")
CONNECTORS = frozenset({"of", "the", "and", "for", "on", "in", "at"})
HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Dr"})
OFFICES = frozenset({
    "President", "Vice", "Prime", "Minister", "Deputy", "Governor", "Head", "Chairman", "Chairwoman", "Chairperson",
    "Chair", "Speaker", "Spokesman", "Spokeswoman", "Spokesperson", "Secretary", "Press", "Presidential", "Mayor",
    "Director", "CEO", "Chief", "Commissioner", "Ambassador", "Envoy", "Aide", "Adviser", "Advisor", "Assistant",
    "Patriarch", "Metropolitan", "Archpriest", "Archbishop", "Bishop", "King", "Queen", "Prince", "Princess", "Emir",
    "Sheikh", "Sultan", "Chancellor", "Senator", "Member", "Commander", "Marshal", "Admiral", "Colonel", "General",
    "Professor", "Rector", "Prosecutor", "Founder", "Leader", "Representative", "Ombudsman", "Moderator",
    "Correspondent", "Presenter", "Host", "Designer", "Captain",
})
TITLES = OFFICES | HONORIFICS
# Organisation words end a name walked back from the colon ("VTB Bank Management Board Andrei Kostin").
NOT_NAME = frozenset({
    "Bank", "Board", "Corporation", "Company", "Centre", "Center", "Council", "Ministry", "Committee", "Foundation",
    "Society", "Service", "University", "Fund", "Group", "Union", "Agency", "Commission", "Duma", "Federation",
    "Republic", "Region", "Territory", "Party", "Institute", "Academy", "Chamber",
})
FUNCTION_WORDS = CONNECTORS | {"to", "with", "by", "from", "as", "a", "an", "about", "than", "like"}
# never part of a name, even where a short text never writes them in lower case ("By John Smith:")
NOT_NAME_LOWER = FUNCTION_WORDS | {"this", "that", "these", "those", "our", "my", "your", "his", "her", "their",
                                   "its", "we", "i", "you", "it", "they", "all", "some", "every", "photo"}
UNNAMED = re.compile(r"(?:Question|Remark|Answer|Reply|Response|Comment|Voice|Voices|Audience|Participant|"
                     r"Journalist|Correspondent|Reporter|Interpreter)s?")
MAX_NAME_WORDS = 3
MAX_TITLE_ONLY_WORDS = 6


@dataclass(frozen=True)
class Label:
    """A speaker label: the previous turn ends at ``start``; ``speaker`` is "" for "Question:"."""

    start: int
    colon_end: int
    speaker: str
    speaker_start: int
    speaker_end: int


@dataclass(frozen=True)
class Turn:
    """The words after a named label, up to the next label or section break."""

    start: int
    end: int
    label: Label


def find_turns(text: str, *, mentions: Sequence[Mention]) -> list[Turn]:
    labels = find_labels(text, mentions=mentions)
    stops = sorted([label.start for label in labels] + [m.start() for m in SECTION_BREAK.finditer(text)])
    turns = []
    for label in labels:
        after = bisect.bisect_left(stops, label.colon_end)
        end = stops[after] if after < len(stops) else len(text)
        start, end = _trim(text, label.colon_end, end)
        if label.speaker and start < end:
            turns.append(Turn(start, end, label))
    return turns


def find_labels(text: str, *, mentions: Sequence[Mention]) -> list[Label]:
    article = _Article(text, mentions)
    drafts = [draft for match in CANDIDATE.finditer(text) if (draft := _draft(article, match))]
    labelled = {draft.name for draft in drafts if draft.sure} | {draft.speaker for draft in drafts if draft.sure}
    known = article.person_names | labelled
    return [draft.label() for draft in drafts if draft.accepted(known, labelled, transcript=bool(labelled))]


@dataclass(frozen=True)
class _Draft:
    """A candidate label, before the article's other labels say whether a bare name is a person's."""

    start: int
    colon_end: int
    name: str  # as written; the title phrase for "The President:", "" for "Question:"
    name_start: int
    name_end: int
    speaker: str  # canonical
    sure: bool  # a person mention, the tooltip or a title vouch for the name; or a title-only/unnamed label
    name_like: bool = False  # two or three capitalised words: a name, if the article is a transcript
    bare: bool = True  # the whole stretch; else prose precedes it and only another label can vouch for it

    def accepted(self, known: set[str], labelled: set[str], transcript: bool) -> bool:
        if self.sure:
            return True
        if not self.bare:
            return self.name in labelled
        return self.name in known or (transcript and self.name_like)

    def label(self) -> Label:
        return Label(self.start, self.colon_end, self.speaker, self.name_start, self.name_end)


class _Article:
    """What label parsing looks up in one article, indexed once."""

    def __init__(self, text: str, mentions: Sequence[Mention]) -> None:
        self.text = text
        persons = [m for m in mentions if m.label == "PERSON"]
        self.person_at_end = {m.end: m for m in persons}
        self.canonical = {m.text: m.canonical for m in persons}
        self.person_names = set(self.canonical)

    @cached_property
    def lower_words(self) -> frozenset[str]:
        """Words the article writes in lower case: "Monitoring" in a label is a title word, "Yury" is not."""
        return frozenset(LOWER_WORD.findall(self.text))

    def word(self, span: tuple[int, int]) -> str:
        return self.text[span[0]:span[1]]


def _draft(article: _Article, match: re.Match[str]) -> _Draft | None:
    text, start = article.text, match.start("stretch")
    stretch = text[start:match.end("stretch")].rstrip()
    if UNNAMED.fullmatch(stretch):
        return _Draft(start, match.end(), "", -1, -1, "", sure=True)
    tooltip = TOOLTIP.search(stretch)
    end = start + (tooltip.start() + len(tooltip.group("last")) if tooltip else len(stretch))
    words = [(w.start(), w.end()) for w in WORD.finditer(text, start, end)]
    first_name = _name_start(article, words)
    first = _chain_start(article, words, first_name)
    if first_name == len(words):
        return _title_only(article, match, words) if first == 0 else None
    name_start = words[first_name][0]
    name = text[name_start:end]
    person = article.person_at_end.get(end)
    speaker = article.canonical.get(name) or name
    titled = first_name > 0 and _is_title(article.word(words[first_name - 1]), TITLES)
    if first_name == len(words) - 1 and not (titled or person is not None):
        return None  # "… for Young Scientists:" — a lone capitalised word is no name
    if first > 0:
        return _after_prefix(article, match, words, first, first_name, name, speaker)
    offices = any(_is_title(article.word(word), OFFICES) for word in words[:first_name])
    if first_name > 0 and not offices:
        return None  # "By John Smith:": words before a name must make a title
    sure = person is not None or tooltip is not None or titled or offices
    return _Draft(start, match.end(), name, name_start, end, speaker, sure, name_like=len(words) - first_name > 1)


def _after_prefix(article: _Article, match: re.Match[str], words: list[tuple[int, int]], first: int,
                  first_name: int, name: str, speaker: str) -> _Draft:
    """A heading may precede a titled label ("… talks President of Russia Vladimir Putin:"), prose may not
    ("the institution of the Commissioner for …:", "I persuaded Mr Poroshenko:"): the title phrase nearest
    the name must not follow a preposition, and the name needs two words."""
    lowest = max(first - 1, 0)  # "Kommersant newspaper correspondent Andrei Kolesnikov"
    offices = [i for i in range(lowest, first_name) if _is_title(article.word(words[i]), OFFICES)]
    title = offices[-1] if offices else -1
    while title > lowest and _is_title(article.word(words[title - 1]), OFFICES):
        title -= 1
    before = article.word(words[title - 1]).lower() if title > 0 else ""
    name_start, name_end = words[first_name][0], words[-1][1]
    if offices and before not in FUNCTION_WORDS and first_name < len(words) - 1:
        return _Draft(match.start("stretch"), match.end(), name, name_start, name_end, speaker, sure=True)
    # a speaker the article labels elsewhere, after a sentence that lost its full stop ("Thank you Vladimir Putin:")
    return _Draft(name_start, match.end(), name, name_start, name_end, speaker, sure=False, bare=False)


def _name_start(article: _Article, words: list[tuple[int, int]]) -> int:
    """Index of the name's first word, walking back from the colon: capitalised words, at most three, that are
    no title or organisation word, not the object of "of"/"and", and not a word the article writes in
    lower case ("Federal Service for Financial Monitoring Yury Chikhanchin")."""
    index = len(words)
    while index > 0 and len(words) - index < MAX_NAME_WORDS:
        word = article.word(words[index - 1])
        if not NAME_WORD.fullmatch(word) or word in TITLES or word in NOT_NAME:
            break
        if index < len(words) and (word.lower() in article.lower_words or word.lower() in NOT_NAME_LOWER):
            break
        index -= 1
        if index > 0 and article.word(words[index - 1]) in CONNECTORS:
            return index + 1
    shorter = article.word((words[index + 1][0], words[-1][1])) if len(words) - index == MAX_NAME_WORDS else ""
    if index > 0 and shorter in article.person_names:
        index += 1  # "Roscosmos Dmitry Rogozin" where the article also names "Dmitry Rogozin"
    return index


def _chain_start(article: _Article, words: list[tuple[int, int]], first_name: int) -> int:
    """Index of the label's first word: capitalised words and connectors before the name, none leading."""
    index = first_name
    while index > 0:
        word = article.word(words[index - 1])
        if not (LABEL_WORD.fullmatch(word) or word in CONNECTORS):
            break
        index -= 1
    while index < first_name and article.word(words[index]) in CONNECTORS:
        index += 1
    return index


def _title_only(article: _Article, match: re.Match[str], words: list[tuple[int, int]]) -> _Draft | None:
    """"The President:" names a person by office: the label text is the speaker."""
    if len(words) > MAX_TITLE_ONLY_WORDS or not any(_is_title(article.word(w), OFFICES) for w in words):
        return None
    start, end = words[0][0], words[-1][1]
    title = article.text[start:end]
    return _Draft(start, match.end(), title, start, end, title, sure=True)


def _is_title(word: str, titles: frozenset[str]) -> bool:
    """"Minister", "CEO", "correspondent", "Director,": case and a trailing comma aside."""
    word = word.rstrip(",")
    return word in titles or word.capitalize() in titles


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A turn's bounds without surrounding spaces and without an omission mark "<…>" at its end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if text.endswith(OMISSION, start, end):
        return _trim(text, start, end - len(OMISSION))
    return start, end
