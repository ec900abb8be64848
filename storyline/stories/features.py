"""Story features: what assignment compares of an article (embedding, key entities, key terms), and the
background taken out of every vector before comparing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import numpy as np

from storyline.publisher import publisher
from storyline.records import Article, Enrichment
from storyline.stories.lexical import content_terms, event_terms

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"})
KEY_ENTITIES = 10  # per article
PRIOR_WEIGHT = 100  # how many articles the prior background counts for against the stream's own mean
PUBLISHER_PRIOR = 50  # articles of the whole stream a publisher's own mean is shrunk towards (few articles say little)
PRIOR_NORM = 0.8  # the length of the mean of many static-model article vectors (0.83 over Timeline17)
LEAD_CHARS = 600  # key terms come from the title and the article's first lines
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_FUNCTION_WORDS = frozenset(
    {
        "a",
        "about",
        "above",
        "across",
        "after",
        "again",
        "against",
        "ago",
        "all",
        "along",
        "already",
        "also",
        "although",
        "am",
        "amid",
        "among",
        "an",
        "and",
        "any",
        "are",
        "around",
        "as",
        "at",
        "back",
        "be",
        "because",
        "been",
        "before",
        "behind",
        "being",
        "below",
        "between",
        "beyond",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "even",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "least",
        "less",
        "let",
        "many",
        "me",
        "more",
        "most",
        "much",
        "my",
        "myself",
        "near",
        "next",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "onto",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "same",
        "she",
        "since",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "very",
        "via",
        "was",
        "we",
        "well",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "with",
        "within",
        "without",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
    }
)
_NEWS_WORDS = frozenset(
    {
        "said",
        "says",
        "say",
        "told",
        "according",
        "reported",
        "report",
        "reports",
        "news",
        "new",
        "year",
        "years",
        "week",
        "weeks",
        "day",
        "days",
        "time",
        "today",
        "yesterday",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "people",
        "mr",
        "mrs",
        "ms",
        "just",
        "like",
        "also",
        "could",
        "would",
        "should",
        "might",
        "will",
        "one",
        "two",
        "three",
        "first",
        "last",
        "many",
        "much",
        "world",
        "bbc",
        "reuters",
        "guardian",
        "cnn",
        "associated",
        "press",
        "updated",
        "published",
    }
)


@dataclass(frozen=True)
class StoryFeatures:
    """What story assignment needs from one article."""

    article_id: str
    day: date | None
    vector: np.ndarray
    entities: tuple[str, ...] = ()  # canonical names, most mentioned first; () when not enriched (yet)
    terms: tuple[str, ...] = ()
    publisher: str = ""
    counts: dict[str, int] = field(default_factory=dict)  # what it reports: content words, entities, events
    weights: dict[str, float] = field(default_factory=dict)  # ``counts`` weighed (``TermStats.weigh``) at assignment
    topic: dict[str, float] = field(default_factory=dict)  # ``counts`` weighed for threads (common words kept)


def article_features(
    articles: Sequence[Article],
    *,
    enrichments: dict[str, Enrichment] | None = None,
    method: str = "auto",
) -> list[StoryFeatures]:
    """Embeddings, key entities, key terms and reported terms of articles (embedded in one call)."""
    from storyline.embed import embed_texts

    enrichments = enrichments or {}
    vectors = embed_texts([story_text(article) for article in articles], method=method)
    return [
        _features(article, vector, enrichments.get(article.id))
        for article, vector in zip(articles, vectors, strict=True)
    ]


def _features(article: Article, vector: np.ndarray, enrichment: Enrichment | None) -> StoryFeatures:
    entities = key_entities(enrichment) if enrichment else ()
    counts = content_terms(article.title, article.text) + event_terms(enrichment, entities=entities)
    return StoryFeatures(
        article_id=article.id,
        day=article.published.date() if article.published else None,
        vector=vector,
        entities=entities,
        terms=key_terms(article),
        publisher=publisher(
            url=article.url, canonical_url=article.canonical_url, source=article.source, format=article.format
        ),
        counts=dict(counts),
    )


def story_text(article: Article) -> str:
    title = article.title.strip()
    # dated-folder articles use their first line as title: don't count it twice
    body = article.text[len(title) :] if title and article.text.startswith(title) else article.text
    return f"{title}\n{body}" if title else body


def key_entities(enrichment: Enrichment) -> tuple[str, ...]:
    names = Counter(
        (mention.canonical or mention.text).strip() for mention in enrichment.entities if mention.label in ENTITY_LABELS
    )
    names.pop("", None)
    return tuple(name for name, _ in names.most_common(KEY_ENTITIES))


def key_terms(article: Article, *, limit: int = 8) -> tuple[str, ...]:
    """Distinct content words of the title and lead, title words first."""
    lead = article.text[:LEAD_CHARS]
    words = [word.lower().strip("'-") for word in _WORD.findall(f"{article.title} {article.title} {lead}")]
    counts = Counter(word for word in words if len(word) > 2 and word not in _stopwords())
    return tuple(word for word, _ in counts.most_common(limit))


def _stopwords() -> frozenset[str]:
    return _FUNCTION_WORDS | _NEWS_WORDS


# --- the background -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Background:
    """The mean of every article vector seen: what all news shares, taken out before comparing.

    Mean-pooled static embeddings of long texts all lean the same way (cosines of unrelated articles
    are high); centring on the stream's own mean spreads them out, as IDF does for TF-IDF. Until the
    stream is long enough to say what is common, a ``prior`` (plain function words) stands in for it,
    so that a first batch about a single story does not centre that story away.
    """

    vector_sum: np.ndarray
    count: int = 0
    prior: np.ndarray | None = None
    publishers: dict[str, tuple[np.ndarray, int]] = field(default_factory=dict)  # each publisher's sum and count

    @property
    def mean(self) -> np.ndarray:
        prior = self.vector_sum * 0 if self.prior is None else self.prior
        return (prior * PRIOR_WEIGHT + self.vector_sum) / (PRIOR_WEIGHT + self.count)

    def including(self, vectors: Sequence[np.ndarray], publishers: Sequence[str] = ()) -> Background:
        if not vectors:
            return self
        sums = dict(self.publishers)
        for name, vector in zip(publishers, vectors, strict=False):
            if name:
                total, count = sums.get(name, (np.zeros_like(vector), 0))
                sums[name] = (total + vector, count + 1)
        return replace(
            self, vector_sum=self.vector_sum + np.sum(vectors, axis=0), count=self.count + len(vectors), publishers=sums
        )

    def offset(self, publisher: str) -> np.ndarray:
        """How a publisher's articles lean away from the stream's mean: its house style and templates
        (every Kremlin release reads like a Kremlin release). Taken out of its articles' vectors, as the
        template words are taken out of their terms; shrunk to nothing for a publisher with few articles."""
        total, count = self.publishers.get(publisher, (None, 0))
        if total is None or not count:
            return np.zeros_like(self.vector_sum)
        mean = self.mean
        return (total + PUBLISHER_PRIOR * mean) / (count + PUBLISHER_PRIOR) - mean


@lru_cache(maxsize=4)
def prior_background(*, method: str = "auto") -> Background:
    """A background before any article: the embedding of English function words, at a news mean's length."""
    from storyline.embed import embed_texts

    prior = embed_texts([" ".join(sorted(_FUNCTION_WORDS))], method=method)[0] * PRIOR_NORM
    return Background(np.zeros_like(prior), 0, prior)


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
