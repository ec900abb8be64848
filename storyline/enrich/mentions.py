"""In-article mention resolution: which person or organisation a noun phrase or pronoun stands for.

Quotes, claims and events ask one question of a parsed article — "who is this?" — about the head token of a
subject or source. ``resolve(doc, mentions)`` indexes the article once and answers it:

- a named mention answers with its canonical name (entities.py already chains "Putin" → "Vladimir Putin" and
  "SNC" → "Syrian National Council");
- a name in apposition or compound answers for its phrase ("his spokesman Robert Gibbs" → Robert Gibbs);
- a title answers with the person the article names with that title ("the President of China" → the person
  written "President of China Xi Jinping"; "the Head of State" → the release's author on a presidential site);
- a spokesman, official or executive *of* an organisation speaks for it ("a BP executive" → BP);
- he/she/it/they take the most salient compatible antecedent: the latest speaker of that kind, else the latest
  subject, else the latest mention — never a name inside quotation marks, which the narrator did not use;
- I/we in a first-person address take the release's author.

Anything else with no name behind it (a bare title, "officials", plural "they") answers "" — unresolved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from storyline.enrich.gazetteer import gazetteer
from storyline.enrich.text import datelines, doc_datelines, doc_text
from storyline.records import Mention

NAMED = frozenset({"PERSON", "ORG", "GPE"})
_SPEECH_WORDS = """
    say says said saying tell tells told telling tweet tweets tweeted write writes wrote add adds added adding
    state states stated stating announce announces announced note notes noted noting stress stresses stressed
    stressing warn warns warned warning claim claims claimed report reports reported insist insists insisted
    declare declares declared explain explains explained emphasise emphasises emphasised emphasising emphasize
    emphasizes emphasized emphasizing confirm confirms confirmed underline underlines underlined underscore
    underscores underscored reply replies replied remark remarks remarked assert asserts asserted argue argues
    argued acknowledge acknowledges acknowledged admit admits admitted posted pointed points recall recalls
    recalled recalling highlight highlights highlighted reaffirm reaffirms reaffirmed estimate estimates estimated
    comment comments commented commenting
"""
SPEECH_VERBS = frozenset(_SPEECH_WORDS.split())
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
PERSON_PRONOUNS = MALE | FEMALE
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "sir": "m", "lord": "m",
                    "lady": "f"}
# Words that name a person by office or part; "the Head of State" is matched as a phrase.
_TITLE_NOUNS = """
    president minister premier chancellor leader head chairman chairwoman chair speaker secretary governor mayor
    king queen prince emir sultan monarch adviser advisor aide assistant envoy ambassador spokesman spokeswoman
    spokesperson director commissioner commander general colonel captain star player champion coach senator
    congressman congresswoman lawmaker deputy member chief founder executive official cosmonaut astronaut
    patriarch pope bishop economist professor analyst rebel foreman ceo mp
    actor actress singer
"""
TITLE_NOUNS = frozenset(_TITLE_NOUNS.split())
TITLE_WORDS = TITLE_NOUNS | frozenset({"the", "of", "state", "prime", "vice", "foreign", "defence", "defense",
                                       "office", "presidential", "affairs", "interior", "finance"})
HEAD_OF_STATE = frozenset({"president", "king", "queen", "emir", "sultan", "monarch"})
# People who speak for an organisation: "a BP executive", "Coast Guard officials", "spokesmen for the opposition".
_ROLE_NOUNS = """
    spokesman spokesmen spokeswoman spokeswomen spokesperson spokespeople official officials executive executives
    representative representatives source sources scientist scientists researcher researchers officer officers
    staff analyst analysts expert experts lawyer lawyers insider insiders
"""
ROLE_NOUNS = frozenset(_ROLE_NOUNS.split())
# What an organisation publishes: "an Investor's Business Daily article that said …", "a BP statement".
STATEMENT_NOUNS = frozenset({"article", "editorial", "report", "statement", "study", "survey", "release", "memo",
                             "estimate", "estimates", "figures", "data", "statistics", "reports", "calculations",
                             "letter", "analysis", "communique", "bulletin", "poll", "polls"})
# Generic nouns for an organisation already named: "the agency" → the European Space Agency.
_ORG_NOUNS = """
    agency ministry department company firm bank council committee commission organisation organization group
    government office service administration party union court board authority authorities army military
    alliance coalition center centre institute foundation association giant
    newspaper paper broadcaster channel network
"""
ORG_NOUNS = frozenset(_ORG_NOUNS.split())
SPEAKER_WINDOW = 6  # sentences back a speaking pronoun looks for the last speaker of its kind
MENTION_WINDOW = 3  # sentences back any other pronoun looks for a mention
MARKS = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»")
RELEASE_AUTHORS = (  # who writes releases on a site that names its author only by office
    (re.compile(r"^https?://(?:en\.)?kremlin\.ru/events/president/"), "Vladimir Putin", "Russia"),
)
# A headline that names who speaks in the whole text: "Address by President of Ukraine Volodymyr Zelenskyy".
AUTHORED_HEADLINE = re.compile(r"(?:^|[–—:|-] +)(?:(?:Video|Televised|Joint|New Year) )?"
                               r"(?:Address|Speech|Statement|Message|Remarks|Appeal|Greeting|Article|Opening remarks)"
                               r" (?:by|of|from) ", re.IGNORECASE)
# Words of a state's or body's name, never of a person's: a place is not cut back before them.
STATE_NOUNS = frozenset({"republic", "federation", "kingdom", "emirates", "states", "islands", "union", "council",
                         "region", "oblast", "territory", "commission", "organization", "organisation", "league"})
PLACE_JOINERS = frozenset({"of", "and", "the"})
HEADLINE_TITLE = re.compile(
    r"\b(?P<title>(?:[A-Z][\w.]+ ){0,2}(?:President|Minister|Chancellor|King|Queen|Emir|Secretary|Chairman|"
    r"Governor|Mayor|Premier|Prince|Leader|Head)"
    r"(?: of (?:the )?(?P<place>[A-Z][a-z]+(?:'s)?(?: (?:of |and )?[A-Z][a-z]+(?:'s)?){0,3}))?) "
    # a name may carry lower-case particles ("Mohammed bin Salman Al Saud", "Ursula von der Leyen")
    r"(?P<name>[A-Z][\w'’.-]+(?: (?:(?:bin|ibn|bint|al|el|de|da|di|du|van|von|der|den|la|le) )?[A-Z][\w'’.-]+){1,4})")


BYLINE_WORD = re.compile(r"[A-Z][\w'’.-]*")
BYLINE_NOT_PERSON = frozenset({"news", "staff", "reuters", "ap", "afp", "press", "desk", "agency", "service",
                               "office", "team", "editors", "editorial", "correspondent", "reporters", "and"})


@dataclass(frozen=True)
class Author:
    """The person a release speaks for when it names them only by office or writes in the first person."""

    name: str
    place: str = ""


@dataclass
class Referent:
    """One mention of an entity the article names, with what salience ranking needs."""

    canonical: str
    label: str
    start: int
    sentence: int
    subject: bool
    speaker: bool
    quoted: bool


@dataclass
class Titled:
    """A person with the words of an office the article gives them ("President of China Xi Jinping")."""

    name: str
    start: int
    nouns: frozenset[str]
    places: frozenset[str]
    title: str = ""  # the office's words as written ("Prime Minister of Greece"), for the exact country


@dataclass
class Resolution:
    """The article's mentions indexed for resolution; build it with ``resolve``."""

    doc: Doc
    mentions: Sequence[Mention]
    author: Author | None
    referents: list[Referent] = field(default_factory=list)
    titled: list[Titled] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    writer: Author | None = None  # the byline's person: who "I" is outside quotes, never whom a title names
    stated_genders: dict[str, str] = field(default_factory=dict)  # by honorific or noun, not by pronoun votes
    _starts: list[int] = field(default_factory=list)
    _referent_starts: list[int] = field(default_factory=list)
    _sentences: list[int] = field(default_factory=list)

    def entity_at(self, start: int, end: int) -> Mention | None:
        """The named mention (person, organisation, place) overlapping these characters, if any."""
        index = bisect.bisect_left(self._starts, end) - 1
        for mention in self.mentions[max(0, index - 3):index + 1][::-1]:
            if mention.start < end and start < mention.end and mention.label != "NORP":
                return mention
        return None

    def canonical_for(self, token: Token) -> str:
        """The canonical name of the entity a noun phrase (by its head) or pronoun refers to; "" if unresolved."""
        at_head = self.entity_at(token.idx, token.idx + len(token))
        if at_head is not None and not _only_title_words(at_head.text):
            return at_head.canonical
        lower = token.lower_
        if lower in RELATIVE_PRONOUNS and token.head.dep_ in {"relcl", "acl"} and token.head.head.i != token.i:
            return self.canonical_for(token.head.head)  # "John Taylor, who said …"
        if lower in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS:
            return self._antecedent(token)
        if lower in FIRST_PERSON:
            first = self.first_person()
            return first.name if first and not self.is_quoted(token.idx) else ""
        named = self._named_inside(token) or self._by_surname(token)
        if named:
            return named
        if token.pos_ in {"NOUN", "PROPN"}:
            return self._by_title(token) or self._by_role(token) or self._by_org_noun(token)
        return ""

    def first_person(self) -> Author | None:
        """Who "I"/"we" outside quotes is: the release's author, else the person of the byline."""
        return self.author or self.writer

    def is_quoted(self, char: int) -> bool:
        index = bisect.bisect_right(self.quoted, (char, len(doc_text(self.doc)))) - 1
        return index >= 0 and self.quoted[index][0] < char < self.quoted[index][1]

    # --- noun phrases ---------------------------------------------------------------------------

    def _named_inside(self, head: Token) -> str:
        """A person named in apposition to the head: "his spokesman, Robert Gibbs," ("Zelenskyy's office" is the
        office, not Zelenskyy)."""
        for child in head.children:
            if child.dep_ == "appos":
                mention = self.entity_at(child.idx, child.idx + len(child))
                if mention is not None and mention.label == "PERSON":
                    return mention.canonical
        after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
        if after is not None and head.lower_ in ORG_NOUNS and after.pos_ == "PROPN":  # "the news agency SANA said"
            mention = self.entity_at(after.idx, after.idx + len(after))
            if mention is not None and mention.label == "ORG":
                return mention.canonical
        return ""

    def _by_surname(self, head: Token) -> str:
        """"Suttles said …", the name left untagged (read as a noun): the person named in full with that surname."""
        if head.pos_ not in {"PROPN", "NOUN"} or not head.text[:1].isupper() or head.lower_ in TITLE_WORDS:
            return ""
        people = {m.canonical for m in self.mentions if m.label == "PERSON" and " " in m.canonical
                  and m.canonical.split()[-1] == head.text}
        return people.pop() if len(people) == 1 else ""

    def _by_title(self, head: Token) -> str:
        """"the President of China" → the person the article gives that office; else the release's author."""
        lower = head.lower_
        phrase = _phrase_words(head)
        nouns = HEAD_OF_STATE if lower == "head" and "state" in phrase else frozenset({lower})
        if lower not in TITLE_NOUNS or head.tag_ in {"NNS", "NNPS"} or _has_determiner(head, {"a", "an"}):
            return ""
        places = self._places_in(head)
        if self.author and lower == "head" and "state" in phrase and not places:  # "the Head of State" in a release
            return self.author.name
        candidates = [t for t in self.titled if t.nouns & nouns and _places_agree(places, t.places)]
        before = [t for t in candidates if t.start < head.idx]
        if before or (candidates and places):  # a later "Actor Mark Wahlberg" is not who "the actor" was
            return (before[-1] if before else candidates[0]).name
        if self.author and (lower == "head" or lower in HEAD_OF_STATE) and _places_agree(
                places, frozenset({_place_key(self.author.place)})):
            return self.author.name
        if _has_determiner(head, {"the"}) and not any(t.nouns & nouns and t.start < head.idx for t in self.titled) \
                and lower not in ROLE_NOUNS:  # "the spokesman" speaks for someone, he is not the story's subject
            return self._salient_person(head)  # "the Swiss star said": the person the story is about
        return ""

    def _by_role(self, head: Token, *, look_back: bool = True) -> str:
        """"a BP executive", "Coast Guard officials", "spokesmen for the Libyan opposition", "an Investor's
        Business Daily article" → the organisation; "the scientists" → whom "Scientists at NOAA" spoke for."""
        if head.lower_ not in ROLE_NOUNS and head.lower_ not in STATEMENT_NOUNS:
            return ""
        found = self._organisation_of(head)
        if found or not look_back or not _has_determiner(head, {"the"}):
            return found
        first = self._sentences[max(0, self.sentence_of(head) - MENTION_WINDOW)]
        for earlier in reversed(self.doc[first:head.i]):
            if earlier.lower_ == head.lower_ and not self.is_quoted(earlier.idx):
                return self._by_role(earlier, look_back=False)
        return ""

    def _organisation_of(self, head: Token) -> str:
        for child in head.children:
            if child.dep_ in {"compound", "poss", "nmod", "amod"}:
                mention = self.entity_at(child.idx, child.idx + len(child))
                if mention is not None and mention.label in {"ORG", "GPE"}:
                    return mention.canonical
            by = child.lower_ == "by" and head.lower_ in STATEMENT_NOUNS  # "estimates by … Billboard"
            if child.dep_ == "prep" and (child.lower_ in {"for", "of", "at", "from"} or by):
                found = self._organisation_phrase(child)
                if found:
                    return found
        return ""

    def _organisation_phrase(self, prep: Token) -> str:
        objects = [child for child in prep.children if child.dep_ == "pobj"]
        if not objects:
            return ""
        obj = objects[0]
        mention = self.entity_at(obj.idx, obj.idx + len(obj))
        if mention is not None and mention.label in {"ORG", "GPE"}:
            return mention.canonical
        words = [t for t in obj.subtree if t.dep_ != "det"]
        has_group = any(t.ent_type_ in {"NORP", "ORG", "GPE"} for t in words)
        return " ".join(t.text for t in words) if has_group and words[-1].i == obj.i else ""

    def _by_org_noun(self, head: Token) -> str:
        """"the agency said" → the latest organisation whose name has that word (any organisation for "company")."""
        lower = head.lower_
        if lower not in ORG_NOUNS or head.tag_ in {"NNS", "NNPS"} or not _has_determiner(head, {"the"}):
            return ""
        orgs = [r for r in self.referents[: self._before(head.idx)] if r.label == "ORG" and not r.quoted]
        named = [r for r in orgs if lower in r.canonical.lower().split() or self._named_with(r, lower)]
        if named:
            return named[-1].canonical
        if lower not in {"company", "firm", "giant"} or not orgs:
            return ""
        counts = {r.canonical: sum(o.canonical == r.canonical for o in orgs) for r in orgs}
        return max(orgs, key=lambda r: counts[r.canonical]).canonical  # the firm the story is about: most named, first

    def _named_with(self, referent: Referent, noun: str) -> bool:
        """"The Daily Mail newspaper … The newspaper said": the organisation was introduced with that noun."""
        mention = self.entity_at(referent.start, referent.start + 1)
        after = doc_text(self.doc)[mention.end:mention.end + len(noun) + 1] if mention is not None else ""
        return after.strip().lower() == noun

    def _places_in(self, head: Token) -> frozenset[str]:
        return _place_words([t for t in head.subtree if t.i != head.i])

    # --- pronouns -------------------------------------------------------------------------------

    def _antecedent(self, pronoun: Token) -> str:
        lower = pronoun.lower_
        if lower in PLURAL_PRONOUNS:
            return self._plural_antecedent(pronoun)
        labels = {"ORG", "GPE"} if lower in THING_PRONOUNS else {"PERSON"}
        gender = "m" if lower in MALE else "f" if lower in FEMALE else ""
        quoted = self.is_quoted(pronoun.idx)
        sentence = self.sentence_of(pronoun)
        pool = [r for r in self.referents[: self._before(pronoun.idx)]
                if r.label in labels and (quoted or not r.quoted) and sentence - r.sentence <= SPEAKER_WINDOW
                and (not gender or self.genders.get(r.canonical, gender) == gender)]
        if not pool and gender:  # the votes may have gone wrong ("X told …, adding that she …"): stated ones only
            pool = [r for r in self.referents[: self._before(pronoun.idx)]
                    if r.label in labels and (quoted or not r.quoted) and sentence - r.sentence <= SPEAKER_WINDOW
                    and self.stated_genders.get(r.canonical, gender) == gender]
        known = [r for r in pool if gender and self.genders.get(r.canonical) == gender]
        pool = known or pool  # a person the article shows to be "she" before one it says nothing about
        if _speaks(pronoun):  # "it said": the organisation last quoted, before any nearer mention
            speakers = [r for r in pool if r.speaker]
            if speakers:
                return speakers[-1].canonical
        pool = [r for r in pool if sentence - r.sentence <= MENTION_WINDOW]
        if not pool:
            return ""
        latest = max(r.sentence for r in pool)
        in_latest = [r for r in pool if r.sentence == latest]
        subjects = [r for r in in_latest if r.subject]
        return (subjects[0] if subjects else in_latest[-1]).canonical

    def _plural_antecedent(self, pronoun: Token) -> str:
        """"They" continues the subject of the sentence before: an organisation if that subject is one ("the
        rebels … they said" stays open; "The two leaders … They noted" names no one)."""
        sentence = self.sentence_of(pronoun)
        for index in (sentence, sentence - 1):
            if index < 0:
                continue
            start = self._sentences[index]
            end = self._sentences[index + 1] if index + 1 < len(self._sentences) else len(self.doc)
            subjects = [t for t in self.doc[start:end] if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"
                        and t.i < pronoun.i and not self.is_quoted(t.idx)]
            if subjects:
                mention = self.entity_at(subjects[-1].idx, subjects[-1].idx + len(subjects[-1]))
                return mention.canonical if mention is not None and mention.label == "ORG" else ""
        return ""

    def _salient_person(self, head: Token) -> str:
        """The person most often the subject so far, outside quotation marks."""
        counts: dict[str, int] = {}
        for referent in self.referents[: self._before(head.idx)]:
            if referent.label == "PERSON" and referent.subject and not referent.quoted:
                counts[referent.canonical] = counts.get(referent.canonical, 0) + 1
        return max(counts, key=lambda name: counts[name]) if counts else ""

    def _before(self, char: int) -> int:
        return bisect.bisect_left(self._referent_starts, char)

    def sentence_of(self, token: Token) -> int:
        return bisect.bisect_right(self._sentences, token.i) - 1


def resolve(
    doc: Doc, mentions: Sequence[Mention], *, headline: str = "", url: str = "", byline: str = "",
) -> Resolution:
    """Index one parsed article's mentions for ``Resolution.canonical_for`` and ``entity_at``."""
    ordered = sorted(mentions, key=lambda m: m.start)
    text = doc_text(doc)
    resolution = Resolution(doc, ordered, release_author(url) or headline_author(headline))
    resolution.writer = byline_person(byline)
    resolution._starts = [m.start for m in ordered]
    resolution.quoted = [(m.start(), m.end()) for m in MARKS.finditer(text)]
    resolution._sentences = [sent.start for sent in doc.sents]
    resolution.referents = sorted(_referents(doc, resolution) + _untagged_surnames(doc, resolution),
                                  key=lambda referent: referent.start)
    resolution._referent_starts = [r.start for r in resolution.referents]
    resolution.titled = _headline_titles(headline, ordered) + _titles(doc, ordered)
    resolution.genders = _genders(doc, ordered, resolution)
    resolution.stated_genders = _stated_genders(doc_text(doc), ordered)
    return resolution


def release_author(url: str) -> Author | None:
    for pattern, name, place in RELEASE_AUTHORS:
        if pattern.search(url):
            return Author(name, place)
    return None


def headline_author(headline: str) -> Author | None:
    """"Address by President of Ukraine Volodymyr Zelenskyy", "We will rebuild – address by President …": the
    titled person an address is by."""
    opening = AUTHORED_HEADLINE.search(headline)
    match = HEADLINE_TITLE.match(headline, opening.end()) if opening else None
    return Author(*reversed(_place_and_name(match))) if match else None


def byline_person(byline: str) -> Author | None:
    """A byline that is one person's name ("Volodymyr Zelenskyy"), not an outlet, a desk or several writers."""
    words = byline.strip().removeprefix("By ").removeprefix("by ").split()
    if not 2 <= len(words) <= 4 or any(not BYLINE_WORD.fullmatch(word) for word in words):
        return None
    if {word.lower().strip(".") for word in words} & BYLINE_NOT_PERSON:
        return None
    return Author(" ".join(words))


def _referents(doc: Doc, resolution: Resolution) -> list[Referent]:
    found = []
    text = doc_text(doc)
    opening = datelines(text)
    for mention in resolution.mentions:
        if mention.label not in NAMED or _credit(text, mention) or any(s <= mention.start < e for s, e in opening):
            continue  # "LONDON (Reuters) -": where and by whom the story was filed, not who acts in it
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        subject = root.dep_ in {"nsubj", "nsubjpass"}
        found.append(Referent(mention.canonical, mention.label, mention.start, resolution.sentence_of(root), subject,
                              subject and _speaks(root), resolution.is_quoted(mention.start)))
    return found


def _untagged_surnames(doc: Doc, resolution: Resolution) -> list[Referent]:
    """"Suttles said …" where the model tagged no name: a mention of the one person named in full with that
    surname, so that a "he" after it finds him."""
    people: dict[str, set[str]] = {}
    for mention in resolution.mentions:
        if mention.label == "PERSON" and " " in mention.canonical:
            people.setdefault(mention.canonical.split()[-1], set()).add(mention.canonical)
    surnames = [name for name, full in people.items() if len(full) == 1 and name[:1].isupper()]
    if not surnames:
        return []
    found = []
    text = doc_text(doc)
    for match in re.finditer(r"\b(?:" + "|".join(map(re.escape, surnames)) + r")\b", text):
        span = doc.char_span(match.start(), match.end())
        if span is None or len(span) != 1 or resolution.entity_at(match.start(), match.end()) is not None:
            continue
        token, names = span[0], people[match.group()]
        subject = token.dep_ in {"nsubj", "nsubjpass"}
        found.append(Referent(next(iter(names)), "PERSON", token.idx, resolution.sentence_of(token), subject,
                              subject and _speaks(token), resolution.is_quoted(token.idx)))
    return found


def _credit(text: str, mention: Mention) -> bool:
    """"LONDON (Reuters) -": the agency in brackets credits the story; it is never what "the company" is."""
    return text[mention.start - 1:mention.start] == "(" and text[mention.end:mention.end + 1] == ")" \
        and mention.label == "ORG" and " " not in mention.text


def _titles(doc: Doc, mentions: Sequence[Mention]) -> list[Titled]:
    """Offices the article gives named people: words before the name in its phrase ("Russian cosmonaut Oleg
    Kotov", "President of Ukraine Volodymyr Zelenskyy") and an apposition after it ("…, president of …")."""
    found = []
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        words = _words_before(doc, span.start) + [t for child in span.root.children if child.dep_ == "appos"
                                                   and child.i >= span.end for t in child.subtree]
        nouns = frozenset(t.lower_ for t in words if t.lower_ in TITLE_NOUNS)
        if "head" in nouns and any(t.lower_ == "state" for t in words):
            nouns |= HEAD_OF_STATE
        if nouns:
            places = _place_words(words)
            found.append(Titled(mention.canonical, mention.start, nouns, places, " ".join(t.text for t in words)))
    return found


def _words_before(doc: Doc, start: int) -> list[Token]:
    """The title words right before a name: capitalised words, adjectives, nouns and "of"/"to"/"the"."""
    words: list[Token] = []
    index = start - 1
    while index >= 0 and start - index <= 10:
        token = doc[index]
        if token.is_punct or token.pos_ in {"VERB", "AUX", "PRON"} or token.lower_ in {"a", "an", "and", "by"}:
            break
        words.insert(0, token)
        index -= 1
    return words


def _headline_titles(headline: str, mentions: Sequence[Mention]) -> list[Titled]:
    """"Telephone conversation with President of China Xi Jinping": the headline may be the only place the
    article gives a person's office."""
    found = []
    canonical = {m.text: m.canonical for m in mentions if m.label == "PERSON"}
    for match in HEADLINE_TITLE.finditer(headline):
        nouns = frozenset(word.lower() for word in match.group("title").split() if word.lower() in TITLE_NOUNS)
        place, name = _place_and_name(match)
        places = frozenset({_place_key(place)}) if place else frozenset(
            _place_key(word) for word in match.group("title").split()[:-1] if gazetteer().knows(word))  # "Greek"
        title = f"{match.group('title').removesuffix(match.group('place') or '')}{place}".strip()
        found.append(Titled(canonical.get(name, name), -1, nouns, places, title))
    return found


def _place_and_name(match: re.Match[str]) -> tuple[str, str]:
    """Where the office is and who holds it. The pattern's place may have taken the first name ("President of
    Brazil Jair Messias Bolsonaro" as "Brazil Jair"): a place the gazetteer does not know is cut back to the
    longest known place it starts with; an unknown one with none ("the European Council") stays as written."""
    place = match.group("place") or ""
    words = place.split()
    if not place or gazetteer().place_candidates(place):
        return place, match.group("name")
    for cut in range(len(words) - 1, 0, -1):
        if words[cut - 1].lower() in PLACE_JOINERS or words[cut - 1].endswith("'s") or set(
                w.lower() for w in words[cut:]) & STATE_NOUNS:
            continue  # "the Lugansk People's Republic" is no "Lugansk" with a man called "People's Republic"
        if gazetteer().place_candidates(" ".join(words[:cut])):
            return " ".join(words[:cut]), " ".join([*words[cut:], match.group("name")])
    return place, match.group("name")


def _genders(doc: Doc, mentions: Sequence[Mention], resolution: Resolution) -> dict[str, str]:
    """A person's gender from the article itself: an honorific before the name ("Mr", "Mrs"), else the
    pronouns of sentences where that person is the only one named ("Anna Berg … her plan")."""
    genders = {}
    text = doc_text(doc)
    for mention in mentions:
        if mention.label == "PERSON":
            before = text[max(0, mention.start - 6):mention.start].strip().rstrip(".").split()
            gender = HONORIFIC_GENDER.get(before[-1].lower()) if before else None
            gender = gender or _gendered_noun_before(text, mention.start)
            if gender:
                genders[mention.canonical] = gender
    votes: dict[str, set[str]] = {}
    for sentence, people in _people_by_sentence(resolution).items():
        if len(people) == 1:
            votes.setdefault(people.pop(), set()).update(_pronoun_genders(doc, resolution, sentence))
    for name, found in votes.items():
        if len(found) == 1 and name not in genders:
            genders[name] = found.pop()
    return genders


_FEMALE_NOUNS = """
    girlfriend wife mother daughter sister widow actress spokeswoman chairwoman businesswoman congresswoman queen
    princess grandmother aunt niece granddaughter mistress
"""
_MALE_NOUNS = """
    boyfriend husband father son brother widower spokesman chairman businessman congressman king prince
    grandfather uncle nephew grandson
"""
GENDERED_NOUNS = {**dict.fromkeys(_FEMALE_NOUNS.split(), "f"), **dict.fromkeys(_MALE_NOUNS.split(), "m")}


def _stated_genders(text: str, mentions: Sequence[Mention]) -> dict[str, str]:
    found = {}
    for mention in mentions:
        if mention.label == "PERSON":
            before = text[max(0, mention.start - 6):mention.start].strip().rstrip(".").split()
            gender = (HONORIFIC_GENDER.get(before[-1].lower()) if before else None) or _gendered_noun_before(
                text, mention.start)
            if gender:
                found[mention.canonical] = gender
    return found


def _gendered_noun_before(text: str, start: int) -> str | None:
    """"his girlfriend, Nicole Alvarez", "his wife Laura": the noun the article gives the person right before."""
    words = re.findall(r"[A-Za-z]+", text[max(0, start - 16):start])
    return GENDERED_NOUNS.get(words[-1].lower()) if words and text[start - 1:start] in {" ", ","} else None


def _people_by_sentence(resolution: Resolution) -> dict[int, set[str]]:
    people: dict[int, set[str]] = {}
    for referent in resolution.referents:
        if referent.label == "PERSON" and not referent.quoted:
            people.setdefault(referent.sentence, set()).add(referent.canonical)
    return people


def _pronoun_genders(doc: Doc, resolution: Resolution, sentence: int) -> set[str]:
    start = resolution._sentences[sentence]
    end = resolution._sentences[sentence + 1] if sentence + 1 < len(resolution._sentences) else len(doc)
    return {"m" if t.lower_ in MALE else "f" for t in doc[start:end]
            if t.lower_ in PERSON_PRONOUNS and not resolution.is_quoted(t.idx) and not _of_an_apposition(t)}


def _of_an_apposition(pronoun: Token) -> bool:
    """"his current girlfriend, Nicole Alvarez": the possessive is someone else's, not the person's gender."""
    head = pronoun.head
    return pronoun.dep_ == "poss" and (head.dep_ == "appos" or any(c.dep_ == "appos" for c in head.children))


def _only_title_words(text: str) -> bool:
    """"the Adviser", "Head of State": a mention the model tagged that is an office, not a name."""
    return all(word.lower() in TITLE_WORDS for word in text.split())


def verb_subject(verb: Token) -> Token | None:
    """The verb's own subject; of two side by side ("the news agency SANA said", "the opposition Syrian
    Observatory said", which the small model parses as two subjects) the name after the description."""
    subjects = [child for child in verb.children if child.dep_ in {"nsubj", "nsubjpass"}]
    if len(subjects) >= 2 and subjects[-1].pos_ == "PROPN" and \
            subjects[-2].right_edge.i + 1 == subjects[-1].left_edge.i:
        return subjects[-1]
    return _after_dateline(subjects[0]) if subjects else None


def _after_dateline(subject: Token) -> Token | None:
    """"LONDON (Reuters) - BP Plc said …": the parse makes the dateline's city the subject and hangs the lead's
    real subject on it (apposition or compound); the subject is the first such word after the dateline, and
    none when the dateline has nothing after it."""
    if not subject.text[:1].isupper():
        return subject
    end = next((e for s, e in doc_datelines(subject.doc) if s <= subject.idx < e), None)
    if end is None:
        return subject
    after = [t for t in subject.subtree
             if t.idx >= end and t.head.idx < end and t.dep_ in {"appos", "conj", "npadvmod"}]
    return after[0] if after else subject


def _speaks(token: Token) -> bool:
    return token.dep_ in {"nsubj", "nsubjpass"} and token.head.lower_ in SPEECH_VERBS


def _phrase_words(head: Token) -> set[str]:
    return {t.lower_ for t in head.subtree}


def _has_determiner(head: Token, words: set[str]) -> bool:
    return any(child.dep_ in {"det", "poss"} and child.lower_ in words for child in head.children)


def _place_words(words: Sequence[Token]) -> frozenset[str]:
    """Countries and nationalities in a title ("President of Russia", "Russian President", "the Swiss star")."""
    return frozenset(_place_key(t.text) for t in words
                     if t.ent_type_ in {"GPE", "NORP"} or (t.text[:1].isupper() and t.lower_ not in TITLE_WORDS))


def _place_key(name: str) -> str:
    """"Russian"/"Russia", "Chinese"/"China" meet on their first four letters."""
    return name.lower().removeprefix("the ")[:4]


def _places_agree(wanted: frozenset[str], given: frozenset[str]) -> bool:
    return not wanted or not given or bool(wanted & given)
