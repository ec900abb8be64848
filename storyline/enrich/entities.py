"""Entity mentions with labels the gazetteer has checked and canonical names.

The model's entities are corrected in three ways: a name the alias table or gazetteer knows gets the
right label (the small model tags Kharkiv as ORG, Kyiv as PERSON); a possessive whose apostrophe the
feed lost ("Russias", "Zelenskyys") is read as the name it belongs to; a short person mention takes the
full name the article uses for that person ("Putin" → "Vladimir Putin"). Variant spellings across
articles meet in the alias table (Zelensky/Zelenskiy → Volodymyr Zelenskyy, Kiev → Kyiv).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from storyline.enrich.gazetteer import ALTERNATE_NAME_MIN_POPULATION, Gazetteer, PlaceEntry
from storyline.enrich.mentions import HONORIFIC_GENDER, ORG_NOUNS, TITLE_NOUNS
from storyline.enrich.places import area_names, names_an_area
from storyline.enrich.text import doc_text
from storyline.records import Mention

STAGE = "entities.v1"
LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LEADING_WORDS = ("the ", "The ", "a ", "A ", "an ", "An ")
DOCUMENT_WORDS = re.compile(r"\b(Order|Law|Decree|Resolution|Treaty|Agreement|Convention|Code|Act|Directive|"
                            r"Regulation|Statute|Constitution|No\.?\s*[\w-]+)\s*$")
DOCUMENT_NAME = re.compile(r"^(?:the\s+)?(?:Presidential\s+|Federal\s+)?(?:Executive\s+Order|Federal\s+Law|Law|Decree|"
                           r"Resolution)(?:\s+No\.?)?$", re.I)
ON_WORD = re.compile(r"(?<!\w)On(?!\w)")
TITLE_SMALL_WORDS = frozenset({"of", "the", "in", "with", "and", "to", "for", "on", "a", "an", "against", "by", "from",
                               "at", "or", "as", "into", "within", "between", "no", "."})


@dataclass(frozen=True)
class Draft:
    """A mention being corrected: ``key`` is the name it stands for (possessive and "the" removed)."""

    text: str
    label: str
    key: str
    start: int
    end: int


def extract_entities(doc: Doc, *, gazetteer: Gazetteer) -> tuple[Mention, ...]:
    text = doc_text(doc)  # Doc.text is rebuilt from the tokens on each access: once per draft was quadratic
    titles = document_titles(doc)
    spans = [ent for ent in doc.ents if ent.label_ in LABELS]
    spans = [*spans, *_missed_aliases(doc, spans, gazetteer=gazetteer)]
    spans = [*spans, *_named_by_noun(doc, spans)]
    drafts = [_draft(span) for span in [*spans, *_missed_areas(doc, spans, gazetteer=gazetteer)]]
    drafts = [part for draft in drafts for part in _one_line(draft) if not _photo_credit(text, part)]
    drafts = [part for draft in drafts for part in _without_dateline(draft)]
    drafts = [_without_descriptor(_without_honorific(draft)) for draft in drafts]
    drafts = [part for draft in drafts for part in _split_place_and_person(draft, gazetteer=gazetteer)]
    drafts.sort(key=lambda draft: draft.start)
    drafts = [draft for draft in drafts if not _is_title_word(draft, titles=titles, gazetteer=gazetteer)]
    names = {draft.key for draft in drafts}
    drafts = [_strip_lost_apostrophe(draft, names=names, gazetteer=gazetteer) for draft in drafts]
    full_names = _full_names(drafts, gazetteer=gazetteer)
    titled = _titled_names(text, drafts)
    areas = frozenset(draft.key for draft in drafts if names_an_area(text, draft.start, draft.end))
    drafts = [_relabel(draft, full_names=full_names, titled=titled, areas=areas, gazetteer=gazetteer)
              for draft in drafts]
    drafts = _organisations_by_noun(doc, _located_people(doc, drafts, titled=titled))
    drafts = _one_label_per_name(_without_opening_word(doc, drafts), gazetteer=gazetteer)
    relatives = _relatives(text, drafts)
    return tuple(
        Mention(draft.text, draft.label, _canonical(draft, drafts, gazetteer=gazetteer, relatives=relatives),
                draft.start, draft.end, STAGE)
        for draft in drafts
    )


KIN_BEFORE = re.compile(r"\b(?:son|sons|daughter|daughters|nephew|niece|grandson|granddaughter|wife|widow|brother|"
                        r"sister|cousin)[,:]?\s+$", re.I)


def _relatives(text: str, drafts: list[Draft]) -> frozenset[str]:
    """People the article introduces as someone's relative ("Gaddafi's son Saif al-Islam Gaddafi"): the bare
    surname they share is the other person's, by the press's habit of naming relatives by their given name."""
    return frozenset(d.key for d in drafts if d.label == "PERSON" and " " in d.key
                     and KIN_BEFORE.search(text[max(0, d.start - 20):d.start]))


def document_titles(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of document titles: "Federal Law No. 390-FZ On Security", "Executive Order On …".

    The model reads the capitalised words of such titles as organisations and people ("Coercive Measures").
    """
    spans = []
    text = doc_text(doc)
    # only the tokens "On" are looked at: finding them in the text spares building a Token for every word
    ons = (doc.char_span(m.start(), m.end()) for m in ON_WORD.finditer(text))
    for token in (span[0] for span in ons if span is not None and len(span) == 1):
        if token.i > 0 and _names_document(doc, token.i):
            end = _title_end(doc, token.i + 1)
            spans.append((doc[token.i - 1].idx, doc[end - 1].idx + len(doc[end - 1])))
    return spans


def _names_document(doc: Doc, index: int) -> bool:
    window = doc[max(0, index - 6):index].text
    return bool(DOCUMENT_WORDS.search(window))


def _title_end(doc: Doc, index: int) -> int:
    """The title runs over capitalised words, numbers and small words, up to a comma, period or plain word."""
    end = index
    while end < len(doc):
        token = doc[end]
        if not (token.is_title or token.is_upper or token.like_num or token.lower_ in TITLE_SMALL_WORDS
                or token.text in {"(", ")", "-", "'s", "’s"}):
            break
        end += 1
    while end > index + 1 and doc[end - 1].lower_ in TITLE_SMALL_WORDS:
        end -= 1
    return max(end, index + 1)


def _is_title_word(draft: Draft, *, titles: list[tuple[int, int]], gazetteer: Gazetteer) -> bool:
    """Document names, and names inside document titles, except countries and regions."""
    if DOCUMENT_NAME.match(draft.text):
        return True
    if not any(start <= draft.start and draft.end <= end for start, end in titles):
        return False
    candidates = gazetteer.place_candidates(draft.key)
    return not (candidates and candidates[0].kind != "city")


def _missed_aliases(doc: Doc, spans: list[Span], *, gazetteer: Gazetteer) -> list[Span]:
    """Names from the alias table the model did not tag ("Zelenskiy"), with the table's label."""
    taken = {token.i for span in doc.ents for token in span}
    found = []
    for _, start, end in _alias_matcher(doc.vocab, gazetteer)(doc):
        if not any(i in taken for i in range(start, end)):
            _, label = gazetteer.aliases[doc[start:end].text.lower()]
            found.append(Span(doc, start, end, label=label))
            taken.update(range(start, end))
    return found


def _named_by_noun(doc: Doc, spans: list[Span]) -> list[Span]:
    """"Oil company BP", "news agency SANA": a proper noun the phrase's organisation noun introduces is an
    organisation, though the model left it untagged."""
    taken = {token.i for span in spans for token in span}
    found = []
    for match in ORG_NOUN_BEFORE_NAME.finditer(doc_text(doc)):
        words = doc.char_span(match.start(), match.end())
        if words is None:
            continue
        token = words[0]
        head = token.head
        if token.lower_ not in ORG_NOUNS or token.text != token.lower_ or token.dep_ != "compound" \
                or head.pos_ != "PROPN" or head.i != token.i + 1 or head.i in taken or head.ent_type_ in SKIP_TYPES:
            continue
        end = head.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].dep_ == "compound" and end not in taken:
            end += 1
        if doc[end - 1].dep_ != "compound":
            found.append(Span(doc, head.i, end, label="ORG"))
            taken.update(range(head.i, end))
    return found


def _organisations_by_noun(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """"music newspaper Billboard", "news agency SANA": a name its organisation noun introduces is an organisation,
    whatever the model called it, wherever else the article names it."""
    named = set()
    for draft in drafts:
        span = doc.char_span(draft.start, draft.end, alignment_mode="expand")
        before = doc[span.start - 1] if span is not None and span.start > 0 else None
        if before is not None and before.lower_ in ORG_NOUNS and before.text == before.lower_ \
                and before.dep_ == "compound" and before.head.i in range(span.start, span.end):
            named.add(draft.key)
    return [replace(d, label="ORG") if d.key in named and d.label in {"PERSON", "GPE", "LOC", "NORP"} else d
            for d in drafts]


ORG_NOUN_BEFORE_NAME = re.compile(r"\b(?:" + "|".join(sorted(ORG_NOUNS)) + r")(?= [A-Z])")
SKIP_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP", "PERSON"})
# "REUTERS/Goran Tomasevic": a photo credit, an agency and a photographer who are no part of the story
CREDITING = frozenset({"REUTERS", "AFP", "AP", "EPA", "GETTY IMAGES", "GETTY"})
PHOTO_CREDIT = re.compile(r"\b(?:REUTERS|Reuters|AFP|AP|EPA|Getty Images|Getty)\s?/\s?$")


def _photo_credit(text: str, draft: Draft) -> bool:
    if PHOTO_CREDIT.search(text, max(0, draft.start - 20), draft.start):
        return True  # the photographer
    return text[draft.end:draft.end + 1] == "/" and draft.key.upper() in CREDITING  # the agency


DESCRIPTOR = re.compile(r"^(?:[\w-]+ )*?(?:" + "|".join(sorted(ORG_NOUNS)) + r") (?=[A-Z])")


def _without_descriptor(draft: Draft) -> Draft:
    """"Oil company BP", "news agency SANA": the words that describe an organisation are not its name."""
    found = DESCRIPTOR.match(draft.text) if draft.label in {"ORG", "GPE"} else None
    if found is None or not draft.key.startswith(found.group()):
        return draft
    cut = found.end()
    return Draft(draft.text[cut:], "ORG", draft.key[cut:], draft.start + cut, draft.end)


def _one_line(draft: Draft) -> list[Draft]:
    """A name never runs over a line break ("Goran Tomasevic\nRebel fighters …")."""
    if "\n" not in draft.text:
        return [draft]
    first = draft.text.split("\n", 1)[0].rstrip()
    return [replace(draft, text=first, key=first, end=draft.start + len(first))] if first.strip() else []


def _missed_areas(doc: Doc, spans: list[Span], *, gazetteer: Gazetteer) -> list[Span]:
    """Cities named beside an area word that the model did not tag ("fighting in the Donetsk region")."""
    taken = {token.i for span in spans for token in span}
    found = []
    text = doc_text(doc)
    for start, end in area_names(text):
        last = text.rfind(" ", start, end) + 1 or start
        for begin in dict.fromkeys((start, last)):
            name = text[begin:end]
            span = doc.char_span(begin, end, label="GPE")
            if span is None or any(token.i in taken for token in span):
                continue
            if any(entry.kind == "city" for entry in gazetteer.place_candidates(name)):
                found.append(span)
                taken.update(token.i for token in span)
                break
    return found


_MATCHERS: dict[int, PhraseMatcher] = {}


def _alias_matcher(vocab: Vocab, gazetteer: Gazetteer) -> PhraseMatcher:
    """One matcher per vocabulary, over the alias table's spellings as written (case matters: "Xi", not "xi")."""
    key = id(vocab)
    if key not in _MATCHERS:
        matcher = PhraseMatcher(vocab, attr="ORTH")
        tokenizer = Tokenizer(vocab)
        matcher.add("ALIAS", [tokenizer(name) for name in gazetteer.spellings if len(name) > 3])
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


def _draft(ent: Span) -> Draft:
    text, start = ent.text, ent.start_char
    for word in LEADING_WORDS:
        if text.startswith(word) and len(text) > len(word):
            text, start = text[len(word):], start + len(word)
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
    text = text.rstrip(" ,;:")
    return Draft(text, ent.label_, text, start, start + len(text))


# A wire dateline ("Tue Oct 18 , 2011 3:45 pm BST LONDON -LRB- Reuters -RRB- -") is not a name, though the
# model reads pieces of it as one ("Tue Oct 18" PERSON, "BST LONDON" ORG, "Reuters Paris - French" ORG).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
DATE_WORDS = frozenset({*WEEKDAYS, *MONTHS, *(word[:3] for word in WEEKDAYS + MONTHS),
                        "tues", "thur", "thurs", "sept"})
ZONE_WORDS = frozenset({"gmt", "bst", "utc", "edt", "est", "cdt", "cst", "mdt", "mst", "pdt", "pst", "cet", "cest",
                        "eet", "eest", "msk", "ist", "jst", "aest"})
CLOCK = r"\d[\d:.,/]*(?:am|pm|a\.m\.|p\.m\.)?|am|pm|a\.m\.|p\.m\."
DATELINE_MARK = re.compile(r"-LRB-|-RRB-|[|()\[\]]|[-–—]+|,|" + CLOCK, re.I)
NEWS_AGENCIES = frozenset({"Reuters", "AFP", "AP", "Xinhua", "Interfax", "TASS", "Itar-Tass", "UPI", "Bloomberg", "dpa",
                           "ANSA", "Kyodo", "Yonhap", "RIA"})


HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Mr\.|Mrs\.|Ms\.|Dr\.) (?=[A-Z])")


def _without_honorific(draft: Draft) -> Draft:
    """"Ms Sturgeon" → "Sturgeon": the surname then meets "Nicola Sturgeon", and the honorific before it still
    tells the person's gender."""
    found = HONORIFIC.match(draft.text) if draft.label == "PERSON" else None
    if found is None:
        return draft
    text = draft.text[found.end():]
    return Draft(text, draft.label, draft.key[found.end():] if draft.key.startswith(found.group()) else text,
                 draft.start + found.end(), draft.end)


def _without_dateline(draft: Draft) -> list[Draft]:
    """The name parts of a mention once dateline words are taken out: weekday and month words next to another
    date word or a number, time zones, clock times, bracket tokens and dashes; a news agency heading what is
    left stands apart ("Reuters Paris" → Reuters, Paris). Nothing left: not a name."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", draft.text)]
    kept = [_dateline_free(words, i) for i in range(len(words))]
    if all(kept):
        return _agency_apart(draft)
    parts, run = [], []
    for (offset, word), keep in zip(words, kept, strict=True):
        if keep:
            run.append((offset, word))
        elif run:
            parts.append(run)
            run = []
    if run:
        parts.append(run)
    drafts = []
    for part in parts:
        start, end = part[0][0], part[-1][0] + len(part[-1][1])
        text = draft.text[start:end]
        if any(ch.isalpha() for ch in text):
            drafts.extend(_agency_apart(Draft(text, draft.label, text, draft.start + start, draft.start + end)))
    return drafts


def _dateline_free(words: list[tuple[int, str]], index: int) -> bool:
    word = words[index][1]
    lower = word.lower().rstrip(".,")
    if DATELINE_MARK.fullmatch(word) or (lower in ZONE_WORDS and word.isupper()):
        return False
    if lower not in DATE_WORDS:
        return True
    neighbours = [words[i][1].lower().rstrip(".,") for i in (index - 1, index + 1) if 0 <= i < len(words)]
    return not any(n in DATE_WORDS or n[:1].isdigit() for n in neighbours)


def _agency_apart(draft: Draft) -> list[Draft]:
    first, _, rest = draft.text.partition(" ")
    if first not in NEWS_AGENCIES or not rest or not rest[:1].isupper():
        return [draft]
    rest_start = draft.start + len(first) + 1
    return [Draft(first, "ORG", first, draft.start, draft.start + len(first)),
            Draft(rest, draft.label, rest, rest_start, rest_start + len(rest))]


def _titled_names(text: str, drafts: list[Draft]) -> frozenset[str]:
    """Names written after a person's title or honorific ("President Bush", "Mr Hague"): a person in this
    article wherever they occur, never a place, though a town elsewhere has the name."""
    titled = set()
    for draft in drafts:
        before = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, draft.start - 30):draft.start])
        if before and (before.group(1).lower() in TITLE_NOUNS or before.group(1).lower() in HONORIFIC_GENDER
                       or before.group(1).lower() in {"dr", "mr", "mrs", "ms"}) and before.group(1)[:1].isupper():
            titled.add(draft.key)
    return frozenset(titled)


PERSON_NAME = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,2}")


def _split_place_and_person(draft: Draft, *, gazetteer: Gazetteer) -> list[Draft]:
    """"President of Ukraine Volodymyr Zelenskyy": the model tags "Ukraine Volodymyr Zelenskyy" as one ORG.
    A country (or region) followed by two or three capitalised words is the office's place and the person."""
    if draft.label not in {"ORG", "GPE", "PERSON"} or draft.key.count(" ") < 2:
        return [draft]
    words = draft.key.split(" ")
    for cut in (1, 2):
        place, person = " ".join(words[:cut]), " ".join(words[cut:])
        candidates = gazetteer.place_candidates(place)
        if candidates and candidates[0].kind != "city" and PERSON_NAME.fullmatch(person) \
                and not gazetteer.place_candidates(person) and not gazetteer.knows(words[cut]):
            person_start = draft.start + len(place) + 1
            return [Draft(place, "GPE", place, draft.start, draft.start + len(place)),
                    Draft(person, "PERSON", person, person_start, person_start + len(person))]
    return [draft]


def strip_lost_apostrophe(word: str, *, known: set[str] | frozenset[str], gazetteer: Gazetteer) -> str:
    """"Russias" → "Russia" when "Russia" is a known name and "Russias" is not; else the word unchanged."""
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss") or gazetteer.knows(word):
        return word
    stem = word[:-1]
    return stem if stem in known or gazetteer.knows(stem) else word


def _strip_lost_apostrophe(draft: Draft, *, names: set[str], gazetteer: Gazetteer) -> Draft:
    head, _, last = draft.key.rpartition(" ")
    known = names | {name.rpartition(" ")[2] for name in names}
    if draft.label == "PERSON" and last[:-1] not in known:
        return draft  # "Mahmoud Abbas" is no possessive of Abba, a town: a person's stem must be named here
    stem = strip_lost_apostrophe(last, known=known, gazetteer=gazetteer)
    return draft if stem == last else replace(draft, key=f"{head} {stem}".strip())


def _full_names(drafts: list[Draft], *, gazetteer: Gazetteer) -> list[Draft]:
    """Multi-word person names of the article, the ones short mentions resolve to."""
    return [
        draft for draft in drafts
        if draft.label == "PERSON" and " " in draft.key and not gazetteer.place_candidates(draft.key)
    ]


def _relabel(draft: Draft, *, full_names: list[Draft], titled: frozenset[str], areas: frozenset[str],
             gazetteer: Gazetteer) -> Draft:
    if draft.key in titled and " " not in draft.key and draft.label in {"PERSON", *PLACE_LABELS}:
        return replace(draft, label="PERSON")
    if draft.key in areas and draft.label in {"PERSON", "ORG"} and gazetteer.place_candidates(draft.key):
        return replace(draft, label="GPE")  # "the Kherson region": a place, whatever the model said
    label = _corrected_label(draft, full_names=full_names, gazetteer=gazetteer)
    return draft if label == draft.label else replace(draft, label=label)


_OPENING_WORDS = """
    overall meanwhile however also earlier later now today yesterday still separately instead elsewhere finally
    additionally moreover nevertheless indeed thus then previously initially afterwards nonetheless
"""
OPENING_WORDS = frozenset(_OPENING_WORDS.split())


def _without_opening_word(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """"Overall Obama's rating stood at 45%": a sentence's first word glued to a person the article names; and
    "H1N1", a name with digits, is no person."""
    people = {d.key for d in drafts if d.label == "PERSON"}
    people |= {key.rpartition(" ")[2] for key in people if " " in key}
    found = []
    for draft in drafts:
        if draft.label == "PERSON" and any(ch.isdigit() for ch in draft.key):
            continue
        first, _, rest = draft.key.partition(" ")
        span = doc.char_span(draft.start, draft.end, alignment_mode="expand")
        if draft.label == "PERSON" and rest in people and first.lower() in OPENING_WORDS and span is not None \
                and span[0].is_sent_start and draft.text.startswith(first + " "):
            cut = len(first) + 1
            draft = Draft(draft.text[cut:], draft.label, rest, draft.start + cut, draft.end)
        found.append(draft)
    return found


def _one_label_per_name(drafts: list[Draft], *, gazetteer: Gazetteer) -> list[Draft]:
    """"BP" tagged ORG twice and GPE once: a name that is no place in the gazetteer keeps the organisation label."""
    organisations = {d.key for d in drafts if d.label == "ORG"}
    return [replace(d, label="ORG") if d.label in PLACE_LABELS and d.key in organisations
            and (not gazetteer.place_candidates(d.key) or _alternate_only(d.key, gazetteer.place_candidates(d.key)))
            else d for d in drafts]


def _alternate_only(key: str, candidates: tuple[PlaceEntry, ...]) -> bool:
    """A name that reaches a place only as another spelling of it ("Hamas" for Hamm): weak evidence of a place."""
    folded = _folded(key)
    return bool(candidates) and all(_folded(entry.name) != folded and entry.kind == "city"
                                    for entry in candidates)  # "Donbass" is the region, whatever the model said


def _folded(name: str) -> str:
    """"ZURICH" and "Zürich" are one spelling: case and accents aside."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


LOCATIVE = frozenset({"in", "near", "around", "outside", "inside", "into", "across", "towards", "toward"})


def _located_people(doc: Doc, drafts: list[Draft], *, titled: frozenset[str]) -> list[Draft]:
    """"Fighting in Bab Amro and al-Brega": a name the model calls a person, where the article puts something
    in it, is a place. Not a name the article also gives a title, that ends a person's full name, or that acts
    as a person elsewhere in the article (a subject, a possessor)."""
    located = set()
    for draft in drafts:
        span = doc.char_span(draft.start, draft.end, alignment_mode="expand")
        if draft.label == "PERSON" and span is not None and _in_place_phrase(span.root):
            located.add(draft.key)
    surnames = {d.key.rpartition(" ")[2] for d in drafts if d.label == "PERSON" and " " in d.key}
    located = {key for key in located
               if key not in titled and key not in surnames and not _acts_as_person(doc, drafts, key)}
    return [replace(d, label="GPE") if d.key in located and d.label == "PERSON" else d for d in drafts]


def _in_place_phrase(root: Token) -> bool:
    token = root.head if root.dep_ == "conj" else root  # "in Bab Amro and al-Brega"
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE and token.head.head.pos_ in {"VERB", "NOUN"}


def _acts_as_person(doc: Doc, drafts: list[Draft], key: str) -> bool:
    for draft in drafts:
        span = doc.char_span(draft.start, draft.end, alignment_mode="expand") if draft.key == key else None
        if span is not None and span.root.dep_ in {"nsubj", "nsubjpass", "poss", "appos"}:
            return True
    return False


def _corrected_label(draft: Draft, *, full_names: list[Draft], gazetteer: Gazetteer) -> str:
    alias = gazetteer.alias(draft.key)
    if alias is not None:
        return alias[1]
    if draft.label != "PERSON" and any(name.key.rpartition(" ")[2] == draft.key for name in full_names):
        return "PERSON"
    if gazetteer.is_demonym(draft.key):
        return "NORP"
    return _place_label(draft, full_names=full_names, gazetteer=gazetteer)


def _place_label(draft: Draft, *, full_names: list[Draft], gazetteer: Gazetteer) -> str:
    """GPE/LOC for a known place, unless it is part of a person's name in this article."""
    candidates = gazetteer.place_candidates(draft.key)
    if not candidates or draft.label in {"EVENT", "LAW"}:
        return draft.label
    best = candidates[0]
    if draft.label not in PLACE_LABELS:
        trusted = (best.kind != "city" or best.population >= ALTERNATE_NAME_MIN_POPULATION) and not (
            draft.label == "ORG" and _alternate_only(draft.key, candidates))  # "SANA" is no "Sanaa", "Hamas" no "Hamm"
        in_name = any(draft.key in name.key.split() for name in full_names)
        if not trusted or in_name:
            return draft.label
    return "LOC" if best.kind in {"region", "continent"} and draft.label != "GPE" else "GPE"


def _canonical(draft: Draft, drafts: list[Draft], *, gazetteer: Gazetteer,
               relatives: frozenset[str] = frozenset()) -> str:
    if draft.label == "PERSON":
        return _person_name(draft, drafts, gazetteer=gazetteer, relatives=relatives)
    if draft.label in PLACE_LABELS:
        candidates = gazetteer.place_candidates(draft.key)
        if candidates:
            return candidates[0].name
    alias = gazetteer.alias(draft.key)
    if alias:
        return alias[0]
    return _expansion(draft, drafts) or _without_legal_form(draft)


# "BP Plc", "Lehman Brothers Holdings Inc.": the company's legal form is no part of the name a story uses for it
LEGAL_FORM = re.compile(r",? (?:Plc|PLC|plc|Inc|Corp|Co|Ltd|LLC|AG|SA|NV|N\.V|S\.A)\.?$")


def _without_legal_form(draft: Draft) -> str:
    if draft.label != "ORG":
        return draft.key
    short = LEGAL_FORM.sub("", draft.key)
    return short if " " in draft.key and short else draft.key


def _expansion(draft: Draft, drafts: list[Draft]) -> str:
    """"SNC" → "Syrian National Council": an all-capitals organisation name whose letters are the initials of
    another organisation name of the article (small words skipped: "NOAA" = "National Oceanic and Atmospheric
    Administration")."""
    if draft.label != "ORG" or not ACRONYM.fullmatch(draft.key):
        return ""
    for other in drafts:
        if other.label == "ORG" and " " in other.key and _initials(other.key) == draft.key:
            return other.key
    return ""


ACRONYM = re.compile(r"[A-Z]{2,6}")


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.replace("-", " ").split() if word[:1].isupper())


def _person_name(draft: Draft, drafts: list[Draft], *, gazetteer: Gazetteer,
                 relatives: frozenset[str] = frozenset()) -> str:
    """A short mention takes the nearest full name ending in it (earlier first), then the alias table."""
    name = draft.key
    if " " not in name:
        fuller = [other for other in drafts if other.label == "PERSON"
                  and (other.key.endswith(" " + name) or other.key.endswith("-" + name))]
        if len({other.key for other in fuller}) > 1:  # "Gaddafi" when his son is named too: not the son
            fuller = [other for other in fuller if other.key not in relatives] or fuller
        earlier = [other for other in fuller if other.start < draft.start]
        if earlier or fuller:
            name = (earlier[-1] if earlier else fuller[0]).key
    alias = gazetteer.alias(name)
    return alias[0] if alias and alias[1] == "PERSON" else name
