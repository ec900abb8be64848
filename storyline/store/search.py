"""The search language people type, turned into a safe FTS5 query.

``Kyiv talks``          both words (AND)
``"peace talks"``       the phrase
``-Belarus``            not this word (``-"a phrase"`` too)
``quake OR earthquake`` either
``negotiat*``           a prefix

Every word reaches FTS5 quoted, so nothing a user types is FTS5 syntax. A word may be widened to the
other spellings of the entity it names (``aliases``: Kiev → Kiev OR Kyiv), which the store looks up.
Repeated terms count once: a query of one word a thousand times costs what the word costs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[\w*]+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase's words in order
    prefix: bool = False  # the last word is a prefix (written ``word*``)
    excluded: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


OR = Term(words=("OR",))  # the marker between two alternatives


def parse_search(query: str) -> list[Term]:
    """The terms of a query in order, ``OR`` markers between alternatives, repeats dropped."""
    terms: list[Term] = []
    for match in _TOKEN.finditer(query):
        minus, quoted, bare = match.groups()
        term = _phrase(quoted, excluded=bool(minus)) if quoted is not None else _bare(bare)
        if term is None:
            continue
        if term is OR and (not terms or terms[-1] is OR):
            continue
        if term is not OR and term in terms:
            continue
        terms.append(term)
    while terms and terms[-1] is OR:
        terms.pop()
    return terms


def search_words(query: str) -> list[str]:
    """What a query asks for, as texts to look spellings up for: its included words and phrases."""
    return [term.text for term in parse_search(query) if term is not OR and not term.excluded and not term.prefix]


def fts_query(query: str, aliases: Mapping[str, Sequence[str]] | None = None) -> str:
    """A user's query → an FTS5 MATCH expression ('' when it asks for nothing to include)."""
    terms = parse_search(query)
    included = [term for term in terms if not term.excluded]
    while included and included[0] is OR:
        included.pop(0)
    if not included:
        return ""
    positive = _joined([term if term is OR else _render(term, aliases or {}) for term in included])
    excluded = [_render(term, {}) for term in terms if term.excluded]
    if not excluded:
        return positive
    return f"({positive}) NOT ({' OR '.join(excluded)})"


def _joined(parts: Sequence[Term | str]) -> str:
    """Rendered terms with an explicit AND between neighbours: FTS5 takes no implicit AND before a group
    (``"a" ("b" OR "c")`` is a syntax error), and AND binds tighter than OR as the implicit one does."""
    out: list[str] = []
    for index, part in enumerate(parts):
        if part is OR:
            out.append("OR")
            continue
        if index and parts[index - 1] is not OR:
            out.append("AND")
        out.append(str(part))
    return " ".join(out)


def _bare(token: str) -> Term | None:
    if token == "OR":
        return OR
    excluded = token.startswith("-") and len(token) > 1
    words = tuple(word.strip("*") for word in _WORD.findall(token) if word.strip("*"))
    if not words:
        return None
    return Term(words=words, prefix=token.rstrip().endswith("*") and len(words) == 1, excluded=excluded)


def _phrase(text: str, *, excluded: bool) -> Term | None:
    words = tuple(word.strip("*") for word in _WORD.findall(text) if word.strip("*"))
    return Term(words=words, excluded=excluded) if words else None


def _quoted(words: Sequence[str]) -> str:
    return '"' + " ".join(words) + '"'


def _render(term: Term, aliases: Mapping[str, Sequence[str]]) -> str:
    if term.prefix:
        return _quoted(term.words) + "*"
    spellings = [_quoted(term.words)]
    for alias in aliases.get(term.text, ()):
        words = [word.strip("*") for word in _WORD.findall(alias) if word.strip("*")]
        rendered = _quoted(words) if words else ""
        if rendered and rendered.lower() not in {s.lower() for s in spellings}:
            spellings.append(rendered)
    return spellings[0] if len(spellings) == 1 else "(" + " OR ".join(spellings) + ")"
