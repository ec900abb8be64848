"""Exact and near-duplicate detection. Duplicates are linked to an original, never dropped.

Two articles are linked when they share a content hash (exact) or when their MinHash Jaccard
estimate over word 3-shingles reaches ``near_duplicate_threshold`` (near; candidates from LSH).
Linked articles form a group; the group's original is its earliest article (ties: smallest id).
Because the edges found do not depend on arrival order, neither do the groups nor their originals:
when an earlier article arrives late, the whole group is relinked to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.records import Article, DuplicateLink

STAGE = "dedupe.minhash.v1"
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures are only comparable within one scheme
_WORD = re.compile(r"\w+", re.UNICODE)
_EPOCH = datetime(1, 1, 1, tzinfo=UTC)


def shingles(text: str, *, size: int = 3) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str, *, permutations: int) -> np.ndarray:
    """MinHash signature (uint32 array) of a text's word 3-shingles."""
    minhash = MinHash(num_perm=permutations, seed=1, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype(np.uint32)


@dataclass(order=True, frozen=True)
class _Key:
    """Which member of a group is the original: the earliest, then the smallest id."""

    published: datetime
    article_id: str


@dataclass
class Deduper:
    """Groups of duplicates, built incrementally. Load known articles with ``add_known``."""

    threshold: float = 0.8
    permutations: int = 64
    _lsh: MinHashLSH = field(init=False)
    _signatures: dict[str, np.ndarray] = field(default_factory=dict)
    _by_hash: dict[str, str] = field(default_factory=dict)
    _parent: dict[str, str] = field(default_factory=dict)
    _keys: dict[str, _Key] = field(default_factory=dict)
    _hashes: dict[str, str] = field(default_factory=dict)
    _members: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.permutations)

    def add(self, article: Article, *, hashvalues: np.ndarray | None = None) -> np.ndarray:
        """Add an article; return its signature (for the store to keep)."""
        if article.id in self._keys:
            return self._signatures[article.id]
        hashvalues = signature(article.text, permutations=self.permutations) if hashvalues is None else hashvalues
        self._keys[article.id] = _Key(article.published or _EPOCH, article.id)
        self._parent[article.id] = article.id
        self._members[article.id] = [article.id]
        for other in self._matches(article, hashvalues):
            self._union(article.id, other)
        self._hashes[article.id] = article.content_hash
        self._by_hash.setdefault(article.content_hash, article.id)
        self._signatures[article.id] = hashvalues
        self._lsh.insert(article.id, self._minhash(hashvalues))
        return hashvalues

    def links(self, article_ids: Iterable[str]) -> dict[str, DuplicateLink | None]:
        """For each id, its link to the group's original (None for an original or a loner)."""
        result: dict[str, DuplicateLink | None] = {}
        for article_id in article_ids:
            original = self.original(article_id)
            if original == article_id:
                result[article_id] = None
            else:
                result[article_id] = self._link(article_id, original)
        return result

    def _link(self, article_id: str, original: str) -> DuplicateLink:
        """Kind and similarity are measured against the original, so they too are order-independent."""
        if self._hashes[article_id] == self._hashes[original]:
            return DuplicateLink(article_id, original, "exact", 1.0)
        similarity = float(np.mean(self._signatures[article_id] == self._signatures[original]))
        return DuplicateLink(article_id, original, "near", round(similarity, 4))

    def group(self, article_id: str) -> list[str]:
        return sorted(self._members[self._find(article_id)])

    def original(self, article_id: str) -> str:
        return min((self._keys[member] for member in self.group(article_id))).article_id

    def _matches(self, article: Article, hashvalues: np.ndarray) -> list[str]:
        """Stored articles that are exact copies, or whose estimated Jaccard reaches the threshold."""
        found = {self._by_hash[article.content_hash]} if article.content_hash in self._by_hash else set()
        for other in self._lsh.query(self._minhash(hashvalues)):
            if float(np.mean(self._signatures[other] == hashvalues)) >= self.threshold:
                found.add(other)
        return sorted(found)

    def _minhash(self, hashvalues: np.ndarray) -> MinHash:
        return MinHash(num_perm=self.permutations, seed=1, hashvalues=hashvalues, scheme=SCHEME)

    def _find(self, article_id: str) -> str:
        root = article_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[article_id] != root:  # path compression
            self._parent[article_id], article_id = root, self._parent[article_id]
        return root

    def _union(self, first: str, second: str) -> None:
        first_root, second_root = self._find(first), self._find(second)
        if first_root != second_root:
            low, high = sorted((first_root, second_root))
            self._parent[high] = low
            self._members[low].extend(self._members.pop(high))
