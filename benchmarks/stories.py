"""Story clustering quality and story assignment throughput on pooled Timeline17 dev topics.

Every article of the five t17-dev topics (bpoil, finan, h1n1, haiti, mj) is fed, in publication order and in
batches of ``--batch`` like ingest does, through ``storyline.stories.assign_stories``; the stories found are
scored against the topic labels (purity, adjusted Rand index, B-cubed precision/recall/F1). Run for the
static model and TF-IDF, and "time-blind" (every article given the same day), which leaves text similarity
alone to keep topics apart: the real dates of these topics barely overlap.

    .venv/bin/python benchmarks/stories.py [--data ../shared/data/tls/t17-dev] [--limit N] [--sweep]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.embed import embed_texts  # noqa: E402
from storyline.records import Article  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.stories import (  # noqa: E402
    StoryFeatures,
    article_features,
    assign_stories,
    prior_background,
    story_text,
)

SWEEP = {"static": [0.25, 0.3, 0.4], "tfidf": [0.05, 0.1, 0.15, 0.2]}  # their cosines differ in scale
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tls" / "t17-dev"


def load_topics(folder: Path, *, limit: int | None = None) -> tuple[list[Article], list[str]]:
    """Articles of every topic folder and the topic each belongs to (project ingest when it runs, else a plain read)."""
    articles, topics = [], []
    for topic in sorted(path for path in folder.iterdir() if path.is_dir()):
        found = _read_topic(topic)
        found = sorted(found, key=lambda article: article.id)[:limit] if limit else found
        articles += found
        topics += [topic.name] * len(found)
    return articles, topics


def _read_topic(topic: Path) -> list[Article]:
    try:
        from storyline.pipeline import load_articles

        articles, _ = load_articles(topic, settings=Settings.load({"enrich": False}))
        return articles
    except ImportError:
        return [_plain_article(path) for path in sorted(topic.glob("*/InputDocs/*/*.txt"))]


def _plain_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8", errors="replace")
    title = text.split("\n", 1)[0][:200]
    published = datetime.fromisoformat(path.parent.name).replace(tzinfo=UTC)
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    return Article(
        id=digest, source=str(path), format="dated", title=title, text=text, url="", canonical_url="",
        published=published, date_precision="day", language="en", language_score=1.0, author="",
        content_hash=digest, raw_sha=digest,
    )


# --- scores -------------------------------------------------------------------------------------


def scores(labels: list[str], clusters: list[str]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    return {
        "stories": len(set(clusters)),
        "purity": purity(labels, clusters),
        "ari": adjusted_rand_score(labels, clusters),
        **bcubed(labels, clusters),
    }


def purity(labels: list[str], clusters: list[str]) -> float:
    members: dict[str, Counter[str]] = {}
    for label, cluster in zip(labels, clusters, strict=True):
        members.setdefault(cluster, Counter())[label] += 1
    return sum(counts.most_common(1)[0][1] for counts in members.values()) / len(labels)


def bcubed(labels: list[str], clusters: list[str]) -> dict[str, float]:
    pair = Counter(zip(labels, clusters, strict=True))
    by_label, by_cluster = Counter(labels), Counter(clusters)
    precision = sum(count * count / by_cluster[c] for (_, c), count in pair.items()) / len(labels)
    recall = sum(count * count / by_label[lab] for (lab, _), count in pair.items()) / len(labels)
    return {"b3_p": precision, "b3_r": recall, "b3_f1": 2 * precision * recall / (precision + recall)}


def pair_auc(vectors: np.ndarray, labels: list[str]) -> float:
    """How often a same-topic pair of articles is closer than a different-topic pair (all pairs)."""
    from sklearn.metrics import roc_auc_score

    cosines = vectors @ vectors.T  # n x n: fine for a few thousand articles, unlike n² x dims
    upper = np.triu_indices(len(labels), k=1)
    names = np.array(labels)
    return float(roc_auc_score(names[upper[0]] == names[upper[1]], cosines[upper]))


# --- runs ---------------------------------------------------------------------------------------


def features_for(articles: list[Article], *, method: str, entities: bool = False) -> list[StoryFeatures]:
    if method == "static":
        return article_features(articles, enrichments=_enrich(articles) if entities else None, method="static")
    # TF-IDF fitted on the whole pooled corpus at once: the most favourable setting for it
    vectors = embed_texts([story_text(article) for article in articles], method="tfidf")
    return [
        StoryFeatures(article.id, article.published.date() if article.published else None, vector)
        for article, vector in zip(articles, vectors, strict=True)
    ]


def _enrich(articles: list[Article]) -> dict[str, object]:
    from storyline.enrich import enrich_articles

    started = time.perf_counter()
    enrichments = enrich_articles(articles, settings=Settings.load())
    print(f"enriched {len(articles)} articles in {time.perf_counter() - started:.0f} s", flush=True)
    return {enrichment.article_id: enrichment for enrichment in enrichments}


def cluster(
    features: list[StoryFeatures], *, settings: Settings, batch: int, method: str, seed: int | None = None,
) -> tuple[dict[str, str], float, int]:
    """Feed features ``batch`` at a time, carrying the open stories along: in publication order, or shuffled."""
    ordered = sorted(features, key=lambda feature: (feature.day or date.max, feature.article_id))
    if seed is not None:
        random.Random(seed).shuffle(ordered)
    states: dict[str, object] = {}
    story_of: dict[str, str] = {}
    background, merges = prior_background(method=method), 0
    started = time.perf_counter()
    for start in range(0, len(ordered), batch):
        update = assign_stories(
            list(states.values()), ordered[start:start + batch], settings=settings, background=background
        )
        background, merges = update.background, merges + len(update.merges)
        redirect = {merge.old_id: merge.survivor_id for merge in update.merges}
        for old_id in redirect:
            states.pop(old_id, None)
        story_of = {key: redirect.get(value, value) for key, value in story_of.items()}
        states.update({state.id: state for state in update.stories})
        story_of.update({item.article_id: item.story_id for item in update.assignments})
    return story_of, time.perf_counter() - started, merges


def evaluate(features: list[StoryFeatures], topics: list[str], *, method: str, settings: Settings, batch: int,
             blind: bool, seed: int | None = None) -> tuple[dict[str, float], dict[str, str]]:
    if blind:
        features = [replace(feature, day=date(2010, 1, 1)) for feature in features]
    story_of, seconds, merges = cluster(features, settings=settings, batch=batch, method=method, seed=seed)
    result = scores(topics, [story_of[feature.article_id] for feature in features])
    result["merges"] = merges
    result["assign_per_s"] = len(features) / seconds
    return result, story_of


def vector_figures(features: list[StoryFeatures], topics: list[str], *, seconds: float) -> dict[str, float]:
    vectors = np.stack([feature.vector for feature in features])
    centred = vectors - vectors.mean(axis=0)  # what assignment compares: vectors less the stream's mean
    return {
        "pair_auc": pair_auc(vectors, topics),
        "pair_auc_centred": pair_auc(centred / np.linalg.norm(centred, axis=1, keepdims=True), topics),
        "embed_per_s": len(features) / seconds,
    }


def store_throughput(articles: list[Article], *, settings: Settings, batch: int) -> float:
    """Articles per second through ``update_stories`` into an in-memory store: embed, assign, save."""
    from storyline.store import MemoryStore
    from storyline.stories import update_stories

    ordered = sorted(articles, key=lambda article: (article.published or datetime.max.replace(tzinfo=UTC), article.id))
    with MemoryStore() as store:
        update_stories(store, ordered[:1], None, settings=settings)  # load the model outside the clock
        started = time.perf_counter()
        for start in range(1, len(ordered), batch):
            update_stories(store, ordered[start:start + batch], None, settings=settings)
        return (len(ordered) - 1) / (time.perf_counter() - started)


def show(name: str, result: dict[str, float]) -> None:
    figures = "  ".join(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}"
                        for key, value in result.items())
    print(f"{name:<34} {figures}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="articles per topic (default: all)")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--methods", default="static,tfidf")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    parser.add_argument("--entities", action="store_true", help="run enrichment for entities (slow: ~1-10 docs/s)")
    parser.add_argument("--shuffled", type=int, default=0, help="also run N random arrival orders")
    args = parser.parse_args()
    settings = Settings.load()
    if args.threshold is not None:
        settings = settings.with_values(story_threshold=args.threshold)
    articles, topics = load_topics(args.data, limit=args.limit)
    print(f"{len(articles)} articles, topics {dict(Counter(topics))}, batch {args.batch}, "
          f"threshold {settings.story_threshold}, window {settings.story_window_days} days")
    rate = store_throughput(articles, settings=settings, batch=args.batch)
    print(f"update_stories (embed + assign + save, MemoryStore): {rate:.0f} articles/s", flush=True)
    for method in args.methods.split(","):
        run_method(articles, topics, method=method, settings=settings, args=args)


def run_method(articles: list[Article], topics: list[str], *, method: str, settings: Settings,
               args: argparse.Namespace) -> None:
    started = time.perf_counter()
    features = features_for(articles, method=method, entities=args.entities)
    show(f"{method} vectors", vector_figures(features, topics, seconds=time.perf_counter() - started))
    name = method + ("+entities" if args.entities else "")
    for threshold in [settings.story_threshold] + (SWEEP[method] if args.sweep else []):
        run = settings.with_values(story_threshold=threshold)
        for blind in (False, True):
            result, story_of = evaluate(features, topics, method=method, settings=run, batch=args.batch, blind=blind)
            show(f"{name} t={threshold} {'time-blind' if blind else 'dated'}", result)
            for seed in range(args.shuffled):
                shuffled, other = evaluate(features, topics, method=method, settings=run, batch=args.batch,
                                           blind=blind, seed=seed)
                shuffled["ari_vs_ordered"] = adjusted_rand(list(story_of.values()), [other[k] for k in story_of])
                show(f"  shuffled arrival #{seed}", shuffled)


def adjusted_rand(one: list[str], other: list[str]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(one, other))


if __name__ == "__main__":
    main()
