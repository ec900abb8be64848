"""Stories: articles grouped, as they arrive, into the stories they tell.

An article joins the most similar open story when the similarity passes ``settings.story_threshold``
and the article falls within ``settings.story_window_days`` of the story's dates; otherwise it founds a
new story, whose id derives from the founding article's id (``s-<article id>``), so a rerun over the same
input gives the same ids. Similarity is the cosine between the article's embedding and the story's
centroid, blended with the share of the article's key entities that the story already has (when
enrichment is there: it may arrive late, then it only adds entities to the story the article is in).
After each batch, the stories it touched are compared with their neighbours: two that have grown into
one are merged, the larger keeps its id and the other redirects to it.

``assign_stories`` is the pure part (states and features in, an update out); ``update_stories`` loads the
open stories from the store, calls it and saves the result.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from storyline.records import Article, Enrichment
from storyline.settings import Settings

STAGE = "stories.incremental.v1"
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"})
ENTITY_WEIGHT = 0.3  # share of the similarity that comes from shared entities, when both sides have them
MERGE_MARGIN = 0.1  # two stories merge when their centroids are this much above the join threshold
KEY_ENTITIES = 10  # per article
PRIOR_WEIGHT = 100  # how many articles the prior background counts for against the stream's own mean
PRIOR_NORM = 0.8  # the length of the mean of many static-model article vectors (0.83 over Timeline17)
KEPT_COUNTS = 60  # entity and term counts kept per story (the rest are rare and only make state grow)
LEAD_CHARS = 600  # key terms come from the title and the article's first lines
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_FUNCTION_WORDS = frozenset({
    "a", "about", "above", "across", "after", "again", "against", "ago", "all", "along", "already", "also",
    "although", "am", "amid", "among", "an", "and", "any", "are", "around", "as", "at", "back", "be",
    "because", "been", "before", "behind", "being", "below", "between", "beyond", "both", "but", "by", "can",
    "cannot", "did", "do", "does", "doing", "down", "during", "each", "even", "ever", "every", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "least", "less",
    "let", "many", "me", "more", "most", "much", "my", "myself", "near", "next", "no", "nor", "not", "now",
    "of", "off", "on", "once", "only", "onto", "or", "other", "ought", "our", "ours", "ourselves", "out",
    "over", "own", "per", "same", "she", "since", "so", "some", "still", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though",
    "through", "thus", "to", "too", "under", "until", "up", "upon", "very", "via", "was", "we", "well", "were",
    "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "with", "within",
    "without", "yet", "you", "your", "yours", "yourself", "yourselves",
})
_NEWS_WORDS = frozenset({
    "said", "says", "say", "told", "according", "reported", "report", "reports", "news", "new", "year",
    "years", "week", "weeks", "day", "days", "time", "today", "yesterday", "tomorrow", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "people", "mr", "mrs", "ms", "just", "like",
    "also", "could", "would", "should", "might", "will", "one", "two", "three", "first", "last", "many",
    "much", "world", "bbc", "reuters", "guardian", "cnn", "associated", "press", "updated", "published",
})


@dataclass(frozen=True)
class StoryFeatures:
    """What story assignment needs from one article."""

    article_id: str
    day: date | None
    vector: np.ndarray
    entities: tuple[str, ...] = ()  # canonical names, most mentioned first; () when not enriched (yet)
    terms: tuple[str, ...] = ()


@dataclass
class StoryState:
    """One story as assignment sees it. ``vector_sum`` is the sum of its articles' unit vectors."""

    id: str
    first_day: date | None
    last_day: date | None
    article_count: int
    vector_sum: np.ndarray
    entity_counts: dict[str, int] = field(default_factory=dict)  # articles naming each entity
    entity_articles: int = 0  # articles whose entities were counted
    term_counts: dict[str, int] = field(default_factory=dict)  # key terms, weighted by their rank in articles

    def direction(self, background: np.ndarray) -> np.ndarray:
        """The story's centroid with the background taken out, as a unit vector."""
        return unit(self.vector_sum / max(1, self.article_count) - background)

    @property
    def label(self) -> str:
        return story_label(self)


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

    @property
    def mean(self) -> np.ndarray:
        prior = self.vector_sum * 0 if self.prior is None else self.prior
        return (prior * PRIOR_WEIGHT + self.vector_sum) / (PRIOR_WEIGHT + self.count)

    def including(self, vectors: Sequence[np.ndarray]) -> Background:
        if not vectors:
            return self
        return replace(self, vector_sum=self.vector_sum + np.sum(vectors, axis=0), count=self.count + len(vectors))


@lru_cache(maxsize=4)
def prior_background(*, method: str = "auto") -> Background:
    """A background before any article: the embedding of English function words, at a news mean's length."""
    from storyline.embed import embed_texts

    prior = embed_texts([" ".join(sorted(_FUNCTION_WORDS))], method=method)[0] * PRIOR_NORM
    return Background(np.zeros_like(prior), 0, prior)


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


@dataclass(frozen=True)
class Assignment:
    article_id: str
    story_id: str
    similarity: float  # 1.0 for the article that founded the story
    entities_counted: bool


@dataclass(frozen=True)
class Merge:
    old_id: str
    survivor_id: str
    similarity: float


@dataclass(frozen=True)
class StoryUpdate:
    """What one batch changed: the stories to save, where each article went, which stories merged."""

    stories: tuple[StoryState, ...]
    assignments: tuple[Assignment, ...]
    merges: tuple[Merge, ...] = ()
    late_entities: tuple[str, ...] = ()  # articles already in a story whose entities were counted now
    background: Background | None = None
    pool: dict[str, StoryState] = field(default_factory=dict, repr=False, compare=False)  # every open story


class StoryStore(Protocol):
    """The store methods stories use (``storyline.store.stories.StoryTables``)."""

    def story_states(
        self, *, since: str | None = None, until: str | None = None, ids: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]: ...
    def story_memberships(self, article_ids: Sequence[str]) -> dict[str, tuple[str, bool]]: ...
    def story_background(self) -> dict[str, Any] | None: ...
    def save_story_update(self, update: dict[str, Any]) -> None: ...


# --- the runner-level entry point ---------------------------------------------------------------


def update_stories(
    store: StoryStore, articles: Sequence[Article], enrichments: Sequence[Enrichment] | None, *, settings: Settings,
) -> None:
    """Assign a stored batch of articles to stories and save the result (called after each stored batch)."""
    by_article = {enrichment.article_id: enrichment for enrichment in enrichments or ()}
    known = store.story_memberships([article.id for article in articles])
    fresh = [article for article in articles if article.id not in known]
    late = [by_article[a.id] for a in articles if a.id in known and not known[a.id][1] and a.id in by_article]
    features = article_features(fresh, enrichments=by_article)
    rows = store.story_states(**_window([feature.day for feature in features], settings=settings)) if fresh else []
    late_ids = sorted({known[enrichment.article_id][0] for enrichment in late})
    rows += [row for row in store.story_states(ids=late_ids) if row["id"] not in {r["id"] for r in rows}]
    prior = prior_background()
    # stories saved with another embedding (the TF-IDF fallback) cannot be compared: leave them be
    states = [state for state in map(state_from_row, rows) if state.vector_sum.shape == prior.vector_sum.shape]
    background = background_from_row(store.story_background(), prior=prior)
    update = assign_stories(states, features, settings=settings, background=background)
    update = add_late_entities(update, late, memberships=known)
    if update.stories:
        store.save_story_update(update_row(update))


def _window(days: list[date | None], *, settings: Settings) -> dict[str, str | None]:
    """The date range of stories a batch can touch; all of them when some article has no date."""
    if not days or any(day is None for day in days):
        return {"since": None, "until": None}
    known = [day for day in days if day is not None]
    reach = timedelta(days=settings.story_window_days)
    return {"since": (min(known) - reach).isoformat(), "until": (max(known) + reach).isoformat()}


# --- features -----------------------------------------------------------------------------------


def article_features(
    articles: Sequence[Article], *, enrichments: dict[str, Enrichment] | None = None, method: str = "auto",
) -> list[StoryFeatures]:
    """Embeddings, key entities and key terms of articles (embedded in one call)."""
    from storyline.embed import embed_texts

    enrichments = enrichments or {}
    vectors = embed_texts([story_text(article) for article in articles], method=method)
    return [
        StoryFeatures(
            article_id=article.id,
            day=article.published.date() if article.published else None,
            vector=vector,
            entities=key_entities(enrichments[article.id]) if article.id in enrichments else (),
            terms=key_terms(article),
        )
        for article, vector in zip(articles, vectors, strict=True)
    ]


def story_text(article: Article) -> str:
    title = article.title.strip()
    # dated-folder articles use their first line as title: don't count it twice
    body = article.text[len(title):] if title and article.text.startswith(title) else article.text
    return f"{title}\n{body}" if title else body


def key_entities(enrichment: Enrichment) -> tuple[str, ...]:
    names = Counter(
        (mention.canonical or mention.text).strip()
        for mention in enrichment.entities
        if mention.label in ENTITY_LABELS
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


# --- assignment (pure) --------------------------------------------------------------------------


def assign_stories(
    states: Sequence[StoryState], features: Sequence[StoryFeatures], *, settings: Settings,
    background: Background | None = None,
) -> StoryUpdate:
    """Put each article in a story (oldest first, ties by id, so a batch's order does not matter).

    ``background`` is the mean of the articles seen before; this batch's articles are added to it first.
    """
    if background is None and not features:
        return StoryUpdate((), ())
    if background is None:
        background = Background(np.zeros_like(features[0].vector))
    background = background.including([feature.vector for feature in features])
    pool = _Pool([_copy(state) for state in states], window=settings.story_window_days, background=background.mean)
    assignments = []
    for feature in sorted(features, key=_arrival):
        assignments.append(_place(pool, feature, threshold=settings.story_threshold))
    merges = _merge_touched(pool, threshold=settings.story_threshold + MERGE_MARGIN)
    assignments = [_redirected(assignment, merges) for assignment in assignments]
    stories = tuple(pool.states[story_id] for story_id in sorted(pool.touched))
    stored = {state.id for state in states}
    # record merges of stories that were saved before (not those born and merged here), into the final survivor
    recorded = tuple(
        replace(merge, survivor_id=_redirected_id(merge.survivor_id, merges))
        for merge in merges
        if merge.old_id in stored
    )
    return StoryUpdate(stories, tuple(assignments), recorded, background=background, pool=pool.states)


def _arrival(feature: StoryFeatures) -> tuple[date, str]:
    return feature.day or date.max, feature.article_id


def _place(pool: _Pool, feature: StoryFeatures, *, threshold: float) -> Assignment:
    story_id, similarity = pool.best(feature)
    if story_id is None or similarity < threshold:
        story_id, similarity = pool.found(feature), 1.0
    else:
        pool.add(story_id, feature)
    return Assignment(feature.article_id, story_id, round(similarity, 4), bool(feature.entities))


def similarity(feature: StoryFeatures, state: StoryState, *, cosine: float) -> float:
    """Cosine blended with the share of the article's key entities the story already names."""
    if not feature.entities or not state.entity_articles:
        return cosine
    shared = sum(state.entity_counts.get(name, 0) for name in feature.entities)
    overlap = shared / (state.entity_articles * len(feature.entities))
    return (1 - ENTITY_WEIGHT) * cosine + ENTITY_WEIGHT * min(1.0, 2 * overlap)


def in_window(day: date | None, state: StoryState, *, window: int) -> bool:
    if day is None or state.first_day is None or state.last_day is None:
        return True
    reach = timedelta(days=window)
    return state.first_day - reach <= day <= state.last_day + reach


class _Pool:
    """The open stories of one batch, with their centroids in one matrix for fast scoring."""

    def __init__(self, states: list[StoryState], *, window: int, background: np.ndarray) -> None:
        self.states = {state.id: state for state in states}
        self.order = [state.id for state in states]
        self.rows = {story_id: index for index, story_id in enumerate(self.order)}
        self.window = window
        self.background = background
        self.touched: set[str] = set()
        self.centroids = np.stack([state.direction(background) for state in states]) if states else None

    def direction(self, story_id: str) -> np.ndarray:
        return self.states[story_id].direction(self.background)

    def best(self, feature: StoryFeatures) -> tuple[str | None, float]:
        best_id, best = None, -1.0
        for story_id, cosine in self.nearest(unit(feature.vector - self.background)):
            state = self.states[story_id]
            if in_window(feature.day, state, window=self.window):
                score = similarity(feature, state, cosine=cosine)
                best_id, best = (story_id, score) if score > best else (best_id, best)
        return best_id, best

    def nearest(self, vector: np.ndarray, *, count: int = 20) -> list[tuple[str, float]]:
        """The open stories closest to a vector (entities can lift a story by at most ENTITY_WEIGHT)."""
        if self.centroids is None:
            return []
        cosines = self.centroids @ vector
        top = np.argsort(-cosines)[:count]
        return [(self.order[index], float(cosines[index])) for index in top if self.order[index] in self.states]

    def found(self, feature: StoryFeatures) -> str:
        state = StoryState(f"s-{feature.article_id}", None, None, 0, np.zeros_like(feature.vector))
        self.states[state.id] = state
        self.rows[state.id] = len(self.order)
        self.order.append(state.id)
        row = np.zeros_like(feature.vector)[None, :]
        self.centroids = row if self.centroids is None else np.vstack([self.centroids, row])
        self.add(state.id, feature)
        return state.id

    def add(self, story_id: str, feature: StoryFeatures) -> None:
        state = self.states[story_id]
        _absorb(state, feature)
        self.refresh(story_id)

    def refresh(self, story_id: str) -> None:
        self.centroids[self.rows[story_id]] = self.direction(story_id)  # type: ignore[index]
        self.touched.add(story_id)

    def drop(self, story_id: str) -> None:
        """A merged story leaves the pool; its matrix row is zeroed so it never scores again."""
        del self.states[story_id]
        self.centroids[self.rows[story_id]] = 0.0  # type: ignore[index]
        self.touched.discard(story_id)


def _absorb(state: StoryState, feature: StoryFeatures) -> None:
    state.article_count += 1
    state.vector_sum = state.vector_sum + feature.vector
    if feature.day is not None:
        state.first_day = min(state.first_day or feature.day, feature.day)
        state.last_day = max(state.last_day or feature.day, feature.day)
    _count_entities(state, feature.entities)
    state.term_counts = _bump(state.term_counts, feature.terms, ranked=True)


def _count_entities(state: StoryState, entities: Sequence[str]) -> None:
    if entities:
        state.entity_articles += 1
        state.entity_counts = _bump(state.entity_counts, entities)


def _bump(counts: dict[str, int], names: Sequence[str], *, ranked: bool = False) -> dict[str, int]:
    """Add one article's names: 1 each, or (``ranked``) more for the article's first names."""
    merged = Counter(counts)
    unique = list(dict.fromkeys(names))
    merged.update({name: len(unique) - rank if ranked else 1 for rank, name in enumerate(unique)})
    return _top(merged)


def _top(counts: Counter[str], limit: int = KEPT_COUNTS) -> dict[str, int]:
    """The most frequent names, ties broken by name, so that state does not depend on set order."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit])


def _copy(state: StoryState) -> StoryState:
    return StoryState(
        state.id, state.first_day, state.last_day, state.article_count, state.vector_sum.copy(),
        dict(state.entity_counts), state.entity_articles, dict(state.term_counts),
    )


# --- merges -------------------------------------------------------------------------------------


def _merge_touched(pool: _Pool, *, threshold: float) -> list[Merge]:
    """Merge each touched story into a neighbour it has grown into (repeat until nothing merges)."""
    merges: list[Merge] = []
    while (merge := _next_merge(pool, threshold=threshold)) is not None:
        _apply_merge(pool, merge)
        merges.append(merge)
    return merges


def _next_merge(pool: _Pool, *, threshold: float) -> Merge | None:
    for story_id in sorted(pool.touched):
        state = pool.states[story_id]
        for other_id, cosine in pool.nearest(pool.direction(story_id), count=10):
            other = pool.states[other_id]
            if other_id == story_id or not _overlap(state, other, window=pool.window):
                continue
            score = story_similarity(state, other, cosine=cosine)
            if score >= threshold:
                survivor, old = sorted((state, other), key=_seniority)
                return Merge(old.id, survivor.id, round(score, 4))
    return None


def story_similarity(one: StoryState, other: StoryState, *, cosine: float) -> float:
    """The cosine of two stories' centroids blended with how many of one's key entities the other names."""
    if not one.entity_articles or not other.entity_articles:
        return cosine
    top = list(_top(Counter(one.entity_counts), KEY_ENTITIES))
    shared = sum(min(1.0, other.entity_counts.get(name, 0) / other.entity_articles) for name in top)
    return (1 - ENTITY_WEIGHT) * cosine + ENTITY_WEIGHT * min(1.0, 2 * shared / max(1, len(top)))


def _overlap(one: StoryState, other: StoryState, *, window: int) -> bool:
    return in_window(one.first_day, other, window=window) or in_window(one.last_day, other, window=window)


def _seniority(state: StoryState) -> tuple[int, date, str]:
    """The survivor of a merge: the larger story, then the older, then the smaller id."""
    return -state.article_count, state.first_day or date.max, state.id


def _apply_merge(pool: _Pool, merge: Merge) -> None:
    old, survivor = pool.states[merge.old_id], pool.states[merge.survivor_id]
    survivor.article_count += old.article_count
    survivor.vector_sum = survivor.vector_sum + old.vector_sum
    days = [day for day in (old.first_day, old.last_day, survivor.first_day, survivor.last_day) if day]
    survivor.first_day, survivor.last_day = (min(days), max(days)) if days else (None, None)
    survivor.entity_articles += old.entity_articles
    survivor.entity_counts = _sum_counts(survivor.entity_counts, old.entity_counts)
    survivor.term_counts = _sum_counts(survivor.term_counts, old.term_counts)
    pool.drop(old.id)
    pool.refresh(survivor.id)


def _sum_counts(one: dict[str, int], other: dict[str, int]) -> dict[str, int]:
    return _top(Counter(one) + Counter(other))


def _redirected(assignment: Assignment, merges: Sequence[Merge]) -> Assignment:
    return replace(assignment, story_id=_redirected_id(assignment.story_id, merges))


# --- late enrichment ----------------------------------------------------------------------------


def add_late_entities(
    update: StoryUpdate, late: Sequence[Enrichment], *, memberships: dict[str, tuple[str, bool]],
) -> StoryUpdate:
    """Count the entities of articles already in a story whose enrichment came after their assignment.

    The stories of ``late`` articles must be among the states assignment saw (the update's or the pool's).
    """
    if not late:
        return update
    stories = {state.id: state for state in update.stories}
    counted = []
    for enrichment in late:
        story_id = memberships[enrichment.article_id][0]
        story_id = _redirected_id(story_id, update.merges)
        state = stories.get(story_id) or update.pool.get(story_id)
        if state is None:
            continue
        stories[story_id] = state
        _count_entities(state, key_entities(enrichment))
        counted.append(enrichment.article_id)
    ordered = tuple(stories[story_id] for story_id in sorted(stories))
    return replace(update, stories=ordered, late_entities=update.late_entities + tuple(counted))


def _redirected_id(story_id: str, merges: Sequence[Merge]) -> str:
    redirect = {merge.old_id: merge.survivor_id for merge in merges}
    while story_id in redirect:
        story_id = redirect[story_id]
    return story_id


# --- labels -------------------------------------------------------------------------------------


def story_label(state: StoryState, *, entities: int = 3, terms: int = 4) -> str:
    """Key entities, then key terms not already part of them: ``BP · Gulf of Mexico — oil, spill, well``."""
    names = list(_top(Counter(state.entity_counts), entities))
    named = {word.lower() for name in names for word in name.split()}
    words = [word for word in _top(Counter(state.term_counts)) if word not in named][:terms]
    if names and words:
        return f"{' · '.join(names)} — {', '.join(words)}"
    return " · ".join(names) or ", ".join(words)


# --- state to and from the store's plain rows ---------------------------------------------------


def state_from_row(row: dict[str, Any]) -> StoryState:
    return StoryState(
        id=row["id"],
        first_day=date.fromisoformat(row["first_date"]) if row["first_date"] else None,
        last_day=date.fromisoformat(row["last_date"]) if row["last_date"] else None,
        article_count=row["article_count"],
        vector_sum=np.frombuffer(row["vector_sum"], dtype="<f4").copy(),
        entity_counts=dict(row["entity_counts"]),
        entity_articles=row["entity_articles"],
        term_counts=dict(row["term_counts"]),
    )


def state_row(state: StoryState) -> dict[str, Any]:
    return {
        "id": state.id,
        "label": story_label(state),
        "first_date": state.first_day.isoformat() if state.first_day else None,
        "last_date": state.last_day.isoformat() if state.last_day else None,
        "article_count": state.article_count,
        "vector_sum": state.vector_sum.astype("<f4").tobytes(),
        "entity_counts": state.entity_counts,
        "entity_articles": state.entity_articles,
        "term_counts": state.term_counts,
    }


def background_from_row(row: dict[str, Any] | None, *, prior: Background) -> Background:
    vector_sum = None if row is None else np.frombuffer(row["vector_sum"], dtype="<f4").copy()
    if vector_sum is None or vector_sum.shape != prior.vector_sum.shape:
        return prior
    return replace(prior, vector_sum=vector_sum, count=row["article_count"])


def update_row(update: StoryUpdate) -> dict[str, Any]:
    """The plain form the store saves (the store never imports this module)."""
    return {
        "stage": STAGE,
        "stories": [state_row(state) for state in update.stories],
        "assignments": [
            (item.article_id, item.story_id, item.similarity, item.entities_counted) for item in update.assignments
        ],
        "merges": [(merge.old_id, merge.survivor_id, merge.similarity) for merge in update.merges],
        "late_entities": list(update.late_entities),
        "background": None if update.background is None else {
            "vector_sum": update.background.vector_sum.astype("<f4").tobytes(),
            "article_count": update.background.count,
        },
    }


# --- reading ------------------------------------------------------------------------------------


class StoryReader(Protocol):
    def list_stories(
        self, *, start: str | None = None, end: str | None = None, limit: int | None = None,
    ) -> list[dict[str, Any]]: ...


def list_stories(
    store: StoryReader, *, start: date | None = None, end: date | None = None, limit: int | None = None,
) -> list[dict[str, Any]]:
    """Open stories whose dates reach into start..end, latest first (what ``storyline stories`` prints)."""
    return store.list_stories(
        start=start.isoformat() if start else None, end=end.isoformat() if end else None, limit=limit
    )
