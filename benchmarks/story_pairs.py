"""Stories across publishers: pair gold, B³ on t17-dev, publisher share, and ``update_stories`` speed.

The whole shared corpus (the five t17-dev topics, the Kremlin releases, the seed) is fed through
``storyline.stories.update_stories`` into an in-memory store, in publication order and in batches like
ingest does (no enrichment: entities and events are not there, as after ``ingest --no-enrich``). Then:

- pairs (dev gold ``quality/gold/story-pairs.jsonl`` only — never a sealed file unless ``--gold`` names it at
  the final scoring): the share of ``same`` pairs put in one story, the share of ``different`` pairs put
  in one story;
- B³ precision / recall / F1 of the t17-dev articles' stories against their topics, and of their threads
  (``thread_b3_*``: the honest level for T17's topic labels, which span months of one subject);
- the largest publisher's share of a story's articles, averaged over stories with ≥ 5 articles from
  ≥ 2 publishers, and how many such stories there are;
- articles per second through ``update_stories`` (embed, features, assign, save).

    PYTHONPATH=. .venv/bin/python benchmarks/story_pairs.py [--data ../shared/data] [--batch 200]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.publisher import publisher  # noqa: E402
from storyline.records import Article  # noqa: E402
from storyline.settings import Settings  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEV_GOLD = ROOT / "quality" / "gold" / "story-pairs.jsonl"
KREMLIN = "kremlin-2022/kremlin_en_news_2021-10-24_2022-06-24.csv"


def load(data: Path) -> tuple[list[Article], dict[str, str], dict[str, str]]:
    """Every article, their topic (t17-dev articles only) and the gold key naming each (path or csv#link)."""
    from storyline.pipeline import load_articles

    settings = Settings.load({"enrich": False})
    articles, topic_of, key_of = [], {}, {}
    folders = sorted(p for p in (data / "tls" / "t17-dev").iterdir() if p.is_dir())
    for folder in [*folders, data / "kremlin-2022", data / "seed"]:
        found, _ = load_articles(folder, settings=settings)
        for article in found:
            path = Path(article.source.split("#", 1)[0]).resolve()
            key = str(path.relative_to(data.resolve()))
            key_of[article.id] = f"{KREMLIN}#{article.url}" if key == KREMLIN else key
            if folder.parent.name == "t17-dev":
                topic_of[article.id] = folder.name
        articles += found
    return articles, topic_of, key_of


def run(
    articles: list[Article], *, settings: Settings, batch: int
) -> tuple[dict[str, str], dict[str, str], float]:
    """Story and thread of every article after feeding them all through ``update_stories``; articles per second."""
    from storyline.store import MemoryStore
    from storyline.stories import update_stories

    late = datetime.max.replace(tzinfo=UTC)
    ordered = sorted(articles, key=lambda article: (article.published or late, article.id))
    with MemoryStore() as store:
        update_stories(store, ordered[:1], None, settings=settings)  # load the model outside the clock
        started = time.perf_counter()
        for start in range(1, len(ordered), batch):
            update_stories(store, ordered[start:start + batch], None, settings=settings)
        seconds = time.perf_counter() - started
        rows = store.db.execute(
            "SELECT sa.article_id, sa.story_id, s.thread_id FROM story_articles sa JOIN stories s ON s.id = sa.story_id"
        ).fetchall()
    return {row[0]: row[1] for row in rows}, {row[0]: row[2] for row in rows}, (len(ordered) - 1) / seconds


def pair_figures(story_of: dict[str, str], key_of: dict[str, str], gold: Path) -> dict[str, float]:
    by_key = {key: article_id for article_id, key in key_of.items()}
    together: dict[str, list[bool]] = defaultdict(list)
    for row in map(json.loads, gold.read_text().splitlines()):
        one, other = by_key.get(row["a"]), by_key.get(row["b"])
        if one is None or other is None:
            continue
        cross = "series" not in row["kind"]
        name = f"{row['label']}{'' if cross else '-same-publisher'}"
        together[name].append(story_of[one] == story_of[other])
    return {f"{name}_together": sum(flags) / len(flags) for name, flags in sorted(together.items())} | {
        f"{name}_pairs": len(flags) for name, flags in sorted(together.items())}


def bcubed(labels: list[str], clusters: list[str]) -> dict[str, float]:
    pair = Counter(zip(labels, clusters, strict=True))
    by_label, by_cluster = Counter(labels), Counter(clusters)
    precision = sum(count * count / by_cluster[c] for (_, c), count in pair.items()) / len(labels)
    recall = sum(count * count / by_label[lab] for (lab, _), count in pair.items()) / len(labels)
    return {"b3_p": precision, "b3_r": recall, "b3_f1": 2 * precision * recall / (precision + recall)}


def publisher_share(story_of: dict[str, str], publisher_of: dict[str, str]) -> dict[str, float]:
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for article_id, story_id in story_of.items():
        members[story_id][publisher_of[article_id]] += 1
    mixed = [counts for counts in members.values() if sum(counts.values()) >= 5 and len(counts) >= 2]
    shares = [counts.most_common(1)[0][1] / sum(counts.values()) for counts in mixed]
    largest = max(members.values(), key=lambda counts: sum(counts.values()))
    return {"mixed_stories": len(mixed), "largest_publisher_share": sum(shares) / max(1, len(shares)),
            "stories": len(members), "singletons": sum(1 for c in members.values() if sum(c.values()) == 1),
            "largest_story": sum(largest.values()), "largest_story_top_share":
            largest.most_common(1)[0][1] / sum(largest.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--gold", type=Path, default=DEV_GOLD)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    settings = Settings.load()
    if args.threshold is not None:
        settings = settings.with_values(story_threshold=args.threshold)
    articles, topic_of, key_of = load(args.data)
    publisher_of = {a.id: publisher(url=a.url, canonical_url=a.canonical_url, source=a.source, format=a.format)
                    for a in articles}
    print(f"{len(articles)} articles, {len(set(publisher_of.values()))} publishers, batch {args.batch}, "
          f"threshold {settings.story_threshold}, window {settings.story_window_days} days", flush=True)
    story_of, thread_of, rate = run(articles, settings=settings, batch=args.batch)
    figures: dict[str, float] = {"update_stories_per_s": rate}
    figures |= pair_figures(story_of, key_of, args.gold)
    t17 = sorted(topic_of)
    figures |= bcubed([topic_of[i] for i in t17], [story_of[i] for i in t17])
    # T17 labels are topics (months of one subject), not events: threads are the level to score them at
    figures |= {f"thread_{k}": v for k, v in bcubed([topic_of[i] for i in t17], [thread_of[i] for i in t17]).items()}
    figures["threads"] = len(set(thread_of.values()))
    figures |= publisher_share(story_of, publisher_of)
    for name, value in figures.items():
        print(f"{name:<32} {value:.3f}" if isinstance(value, float) else f"{name:<32} {value}")


if __name__ == "__main__":
    main()
