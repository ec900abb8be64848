"""Exact and near-duplicate detection. Duplicates are linked to an original, never dropped.

Two articles are linked when they share a content hash (exact) or when their MinHash Jaccard estimate
over word 3-shingles of the first ``MAX_WORDS`` words reaches ``near_duplicate_threshold`` (near). The
signatures are computed here with numpy; datasketch's LSH finds the candidates.
Linked articles form a group; the group's original is its earliest article (ties: smallest id).
Because the edges found do not depend on arrival order, neither do the groups nor their originals:
when an earlier article arrives late, the whole group is relinked to it. A new article is compared with one
member at most of each group LSH offers (linking it to more members of a group it joined changes nothing),
and each group keeps its original's key, so a flood of near-identical records costs a set lookup per pair,
not a signature comparison and a scan of the group.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.records import Article, DuplicateLink

STAGE = "dedupe.minhash.v2"
SCHEME = "affine32"  # the label datasketch wants for 32-bit values; the values themselves are ours
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 2000  # syndicated copies share their opening; hashing 2,000 words of a long transcript is plenty
_MASK32 = np.uint64(0xFFFFFFFF)
_EPOCH = datetime(1, 1, 1, tzinfo=UTC)


class _WordHashes(dict[str, int]):
    """crc32 of each word, remembered: news vocabulary repeats, so most lookups skip the hashing."""

    LIMIT = 500_000  # words remembered before starting over, to bound memory on odd corpora

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
        return value


_WORD_HASHES = _WordHashes()


def shingle_hashes(text: str, *, size: int = 3) -> np.ndarray:
    """32-bit hashes of the text's lower-cased word ``size``-grams (stable across runs and machines).

    Repeated shingles are kept: the minimum over them is the same, and skipping ``np.unique`` saves a sort.
    """
    tokens = _WORD.findall(text[: MAX_WORDS * 12].lower())[:MAX_WORDS]  # 12 characters a word is generous
    words = np.fromiter(map(_WORD_HASHES.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    if len(words) < size:
        return words if len(words) else np.zeros(1, dtype=np.uint64)
    count = len(words) - size + 1
    combined = words[:count].copy()
    for offset in range(1, size):  # a polynomial hash of the window, wrapped to 32 bits
        combined = (combined * np.uint64(1_000_003) + words[offset : count + offset]) & _MASK32
    return combined


def signature(text: str, *, permutations: int) -> np.ndarray:
    """MinHash signature (uint32 array): per permutation, the least hash of any shingle.

    The permutations are multiply-shift hashes, h(x) = ((a·x + b) mod 2^64) >> 32 with odd a: 2-universal,
    and the modulo is the machine's own overflow, so no division is needed.
    """
    multipliers, offsets = _permutations(permutations)
    hashes = shingle_hashes(text)
    values = (np.outer(multipliers, hashes) + offsets[:, None]) >> np.uint64(32)
    return values.min(axis=1).astype(np.uint32)


@lru_cache(maxsize=4)
def _permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed random (a, b) pairs, a odd, both 64-bit."""
    rng = np.random.default_rng(20220228)
    multipliers = rng.integers(0, 2**64, size=count, dtype=np.uint64, endpoint=False) | np.uint64(1)
    offsets = rng.integers(0, 2**64, size=count, dtype=np.uint64, endpoint=False)
    return multipliers, offsets


@dataclass(order=True, frozen=True)
class _Key:
    """Which member of a group is the original: the earliest, then the smallest id."""

    published: datetime
    article_id: str


@dataclass
class Deduper:
    """Groups of duplicates, built incrementally; stored articles come back with ``add(article, hashvalues=...)``."""

    threshold: float = 0.8
    permutations: int = 64
    _lsh: MinHashLSH = field(init=False)
    _signatures: dict[str, np.ndarray] = field(default_factory=dict)
    _by_hash: dict[str, str] = field(default_factory=dict)
    _parent: dict[str, str] = field(default_factory=dict)
    _keys: dict[str, _Key] = field(default_factory=dict)
    _hashes: dict[str, str] = field(default_factory=dict)
    _members: dict[str, list[str]] = field(default_factory=dict)
    _best: dict[str, _Key] = field(default_factory=dict)  # group root → its original's key
    _datasketch_permutations: object = None

    def __post_init__(self) -> None:
        try:
            self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.permutations)
        except ValueError:
            # A high threshold with few permutations leaves datasketch no banding of 2+ bands: take two.
            # Candidates are checked against the threshold in _matches, so precision does not change.
            self._lsh = MinHashLSH(num_perm=self.permutations, params=(2, self.permutations // 2))

    def add(self, article: Article, *, hashvalues: np.ndarray | None = None) -> np.ndarray:
        """Add an article; return its signature (for the store to keep)."""
        if article.id in self._keys:
            return self._signatures[article.id]
        hashvalues = signature(article.text, permutations=self.permutations) if hashvalues is None else hashvalues
        self._keys[article.id] = self._best[article.id] = _Key(article.published or _EPOCH, article.id)
        self._parent[article.id] = article.id
        self._members[article.id] = [article.id]
        minhash = self._minhash(hashvalues)
        for other in self._matches(article, hashvalues, minhash):
            self._union(article.id, other)
        self._hashes[article.id] = article.content_hash
        self._by_hash.setdefault(article.content_hash, article.id)
        self._signatures[article.id] = hashvalues
        self._lsh.insert(article.id, minhash)
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
        return self._best[self._find(article_id)].article_id

    def _matches(self, article: Article, hashvalues: np.ndarray, minhash: MinHash) -> list[str]:
        """Stored articles that are exact copies, or whose estimated Jaccard reaches the threshold: one per group
        at most. Once the article is linked to a group, linking it to more of its members changes nothing, so
        they are not compared (a flood of near-identical rows would otherwise cost a comparison per pair)."""
        found = {self._by_hash[article.content_hash]} if article.content_hash in self._by_hash else set()
        joined = {self._find(other) for other in found}
        for other in self._lsh.query(minhash):
            root = self._find(other)
            if root not in joined and float(np.mean(self._signatures[other] == hashvalues)) >= self.threshold:
                found.add(other)
                joined.add(root)
        return sorted(found)

    def _minhash(self, hashvalues: np.ndarray) -> MinHash:
        if self._datasketch_permutations is None:  # datasketch regenerates these per object unless given them
            self._datasketch_permutations = MinHash(num_perm=self.permutations, scheme=SCHEME).permutations
        return MinHash(num_perm=self.permutations, hashvalues=hashvalues, permutations=self._datasketch_permutations,
                       scheme=SCHEME)

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
            self._best[low] = min(self._best[low], self._best.pop(high))
