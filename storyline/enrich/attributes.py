"""spaCy's attribute ruler as a table lookup: the same token attributes as the stock component, for less CPU.

The stock ``attribute_ruler`` runs a Matcher with all its patterns over every token (179 patterns in
``en_core_web_sm``: about a sixth of the parse's CPU on Kremlin articles). Those patterns read only a token's
tag, lower form, dependency label and whether it is space, so what the ruler sets on a token is a function of
those four values — plus, for its few two-token patterns, the neighbour's. ``AttributeTable`` evaluates the
patterns once per distinct combination, caches the result, and writes whole columns per doc.

It reproduces the stock semantics exactly: every pattern is tested on the attributes as they were before the
ruler ran, and where several rules set one attribute of one token the rule added last wins (the stock
component sorts its matches by rule and applies them in turn). A model whose patterns read anything else,
or use operators (``OP``), has no table: ``attribute_table`` returns None and the stock component runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.tokens import Doc

# The token attributes a tabulated pattern may read, in the order of the key tuple.
READ = ("TAG", "LOWER", "DEP", "IS_SPACE")
READ_IDS = [TAG, LOWER, DEP, IS_SPACE]
Features = tuple[str, str, str, bool]  # tag, lower form, dependency label, is space
Test = Callable[[Features], bool]
CACHE_LIMIT = 1_000_000  # distinct (tag, lower, dep, space) keys kept; past it keys are computed each time


class Untabulable(ValueError):
    """A ruler pattern that the table cannot reproduce (the stock component runs instead)."""


@dataclass(frozen=True)
class Rule:
    """One ruler entry: alternative token sequences, the token of a match it sets, and what it sets."""

    order: int  # the rule's position in the ruler: on conflicts the later rule wins
    sequences: tuple[tuple[Test, ...], ...]
    index: int
    attrs: tuple[tuple[int, int], ...]  # (attribute id, value), normalised as the stock component stores them


@dataclass(frozen=True)
class Entry:
    """What the single-token rules set on a token with one key, and the multi-token positions it fits."""

    values: tuple[int, ...]  # per written attribute; 0 where no rule sets it
    orders: tuple[int, ...]  # the setting rule's order per written attribute; -1 where none
    fits: tuple[bool, ...]  # per (multi-token sequence, position)


class AttributeTable:
    """Callable like the stock component (``doc -> doc``), built from its rules."""

    def __init__(self, rules: Sequence[Rule], *, vocab) -> None:
        self.vocab = vocab
        self.singles = [(rule, seq[0]) for rule in rules for seq in rule.sequences if len(seq) == 1]
        self.candidates = _by_exact(self.singles)
        self.multis = [(rule, seq) for rule in rules for seq in rule.sequences if len(seq) > 1]
        self.positions = [(m, p) for m, (_, seq) in enumerate(self.multis) for p in range(len(seq))]
        self.written = sorted({attr for rule in rules for attr, _ in rule.attrs})
        self.column = {attr: c for c, attr in enumerate(self.written)}
        self.cache: dict[tuple[int, ...], Entry] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array(READ_IDS)
        rows, entries = self._rows(keys)
        values = numpy.array([e.values for e in entries], dtype=numpy.uint64)[rows]
        orders = numpy.array([e.orders for e in entries], dtype=numpy.int64)[rows]
        if self.multis:
            fits = numpy.array([e.fits for e in entries], dtype=bool)[rows]
            self._apply_multis(fits, values, orders)
        original = doc.to_array(self.written)
        doc.from_array(self.written, numpy.where(orders >= 0, values, original).astype(numpy.uint64))
        return doc

    def _rows(self, keys: numpy.ndarray) -> tuple[numpy.ndarray, list[Entry]]:
        """Per token, the index of its key among the doc's distinct keys; and each distinct key's entry."""
        packed = numpy.ascontiguousarray(keys).view(numpy.dtype((numpy.void, keys.shape[1] * keys.itemsize)))
        _, first, rows = numpy.unique(packed.ravel(), return_index=True, return_inverse=True)
        return rows.ravel(), [self._entry(tuple(key)) for key in keys[first].tolist()]

    def _entry(self, key: tuple[int, ...]) -> Entry:
        entry = self.cache.get(key)
        if entry is None:
            entry = self._compute(key)
            if len(self.cache) < CACHE_LIMIT:
                self.cache[key] = entry
        return entry

    def _compute(self, key: tuple[int, ...]) -> Entry:
        strings = self.vocab.strings
        features: Features = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
        values, orders = [0] * len(self.written), [-1] * len(self.written)
        tag, lower = features[0], features[1]
        candidates = sorted({*self.candidates.get((tag, lower), ()), *self.candidates.get((tag, None), ()),
                             *self.candidates.get((None, lower), ()), *self.candidates.get((None, None), ())})
        for rule, test in (self.singles[i] for i in candidates):  # in rule order: a later rule overwrites
            if test(features):
                for attr, value in rule.attrs:
                    values[self.column[attr]], orders[self.column[attr]] = value, rule.order
        fits = tuple(self.multis[m][1][p](features) for m, p in self.positions)
        return Entry(tuple(values), tuple(orders), fits)

    def _apply_multis(self, fits: numpy.ndarray, values: numpy.ndarray, orders: numpy.ndarray) -> None:
        """Multi-token matches, in rule order; each sets its token where no later single-token rule did."""
        length, column = len(values), 0
        for rule, seq in self.multis:
            size = len(seq)
            starts = numpy.ones(max(0, length - size + 1), dtype=bool)
            for p in range(size):
                starts &= fits[p: length - size + 1 + p, column + p]
            column += size
            for target in (numpy.flatnonzero(starts) + (rule.index % size)).tolist():
                for attr, value in rule.attrs:
                    c = self.column[attr]
                    if rule.order >= orders[target, c]:
                        values[target, c], orders[target, c] = value, rule.order


def _by_exact(singles: Sequence[tuple[Rule, Test]]) -> dict[tuple[str | None, str | None], list[int]]:
    """Single-token tests indexed by the exact tag and lower form they require (None: any): a key is tested
    only against the rules that can match it."""
    index: dict[tuple[str | None, str | None], list[int]] = {}
    for position, (_, test) in enumerate(singles):
        exact = getattr(test, "exact", {})
        index.setdefault((exact.get(0), exact.get(1)), []).append(position)
    return index


def attribute_table(ruler) -> AttributeTable | None:
    """The table for a stock ``AttributeRuler``, or None when one of its patterns cannot be tabulated."""
    try:
        rules = [_rule(ruler, order) for order in range(len(ruler.attrs))]
    except Untabulable:
        return None
    return AttributeTable(rules, vocab=ruler.vocab)


def _rule(ruler, order: int) -> Rule:
    found = ruler.matcher.get(str(order))
    if found is None:
        raise Untabulable(f"rule {order} is not in the matcher")
    sequences = tuple(tuple(_test(spec) for spec in pattern) for pattern in found[1])
    index = ruler.indices[order]
    if any(not -len(seq) <= index < len(seq) for seq in sequences):
        raise Untabulable(f"rule {order}: index {index} outside its pattern")
    attrs = ruler.attrs[order]
    if any(not isinstance(attr, int) for attr in attrs):  # "_": extension attributes
        raise Untabulable(f"rule {order} sets extension attributes")
    return Rule(order, sequences, index, tuple((int(attr), int(value)) for attr, value in attrs.items()))


def _test(spec: dict) -> Test:
    """One token of a pattern as a test on the token's features (exact values, IN, NOT_IN, REGEX)."""
    positions = {name: READ.index(_name(name)) for name in spec}
    checks = [_check(positions[name], value) for name, value in spec.items()]

    def test(features: Features) -> bool:
        return all(check(features) for check in checks)

    # exact tag / lower values, for indexing (see _by_exact)
    test.exact = {positions[name]: value for name, value in spec.items()  # type: ignore[attr-defined]
                  if positions[name] in (0, 1) and isinstance(value, str)}
    return test


def _name(name) -> str:
    upper = str(name).upper()
    if upper not in READ:
        raise Untabulable(f"pattern reads {name}")
    return upper


def _check(position: int, value) -> Test:
    if isinstance(value, dict):
        if len(value) != 1:
            raise Untabulable(f"predicate {value}")
        (kind, argument), = value.items()
        if kind == "IN" and isinstance(argument, list):
            members = frozenset(_plain(item, position) for item in argument)
            return lambda features: features[position] in members
        if kind == "NOT_IN" and isinstance(argument, list):
            members = frozenset(_plain(item, position) for item in argument)
            return lambda features: features[position] not in members
        if kind == "REGEX" and isinstance(argument, str) and position != READ.index("IS_SPACE"):
            pattern = re.compile(argument)
            return lambda features: bool(pattern.search(features[position]))
        raise Untabulable(f"predicate {value}")
    plain = _plain(value, position)
    return lambda features: features[position] == plain


def _plain(value, position: int) -> str | bool:
    """A compared value as the features hold it: a string, or a bool for IS_SPACE."""
    if position == READ.index("IS_SPACE"):
        if isinstance(value, bool):
            return value
    elif isinstance(value, str):
        return value
    raise Untabulable(f"value {value!r}")

