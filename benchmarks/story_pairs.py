"""Stories across publishers: pair gold, B³ on t17-dev, publisher share, and ``update_stories`` speed.

The whole shared corpus (the five t17-dev topics, the Kremlin releases, the seed) is fed through
``storyline.stories.update_stories`` into an in-memory store, in publication order and in batches like
ingest does (no enrichment: entities and events are not there, as after ``ingest --no-enrich``). Then:

- pairs, for each ``--gold`` file (default the dev files ``story-pairs.jsonl`` and ``story-pairs-dev2.jsonl``;
  a sealed ``*-test*`` file only when ``--gold`` names it at the final scoring): the share of ``same`` pairs put
  in one story, the share of ``different`` pairs put in one story; ``--show`` lists the misjudged pairs with
  their stories (dev files only: it refuses a sealed file, whose pairs are never read beside the output);
- B³ precision / recall / F1 of the t17-dev articles' stories against their topics, and of their threads
  (``thread_b3_*``: the honest level for T17's topic labels, which span months of one subject);
- the largest publisher's share of a story's articles, averaged over stories with ≥ 5 articles from
  ≥ 2 publishers, and how many such stories there are;
- articles per second through ``update_stories`` (embed, features, assign, save).

Single-pass clusters depend on the order articles arrive in, and within a day that order follows the article
ids. ``--order N`` (several may be given) re-derives every id from a salt (``N`` = 0 keeps the ids ingest gives),
so each N is another arrival order of the same corpus; figures are printed one column per order.

    PYTHONPATH=. .venv/bin/python benchmarks/story_pairs.py [--data ../shared/data] [--batch 200] \
        [--gold FILE ...] [--order N ...] [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.publisher import publisher  # noqa: E402
from storyline.records import Article  # noqa: E402
from storyline.settings import Settings  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEV_GOLD = [ROOT / "quality" / "gold" / "story-pairs.jsonl", ROOT / "quality" / "gold" / "story-pairs-dev2.jsonl"]
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


def reordered(
    articles: list[Article], topic_of: dict[str, str], key_of: dict[str, str], order: int
) -> tuple[list[Article], dict[str, str], dict[str, str]]:
    """The same corpus with ids re-derived from salt ``order`` (another arrival order within each day)."""
    if order == 0:
        return articles, topic_of, key_of
    new = {a.id: hashlib.sha256(f"{order}:{a.id}".encode()).hexdigest()[: len(a.id)] for a in articles}
    return (
        [replace(a, id=new[a.id]) for a in articles],
        {new[k]: v for k, v in topic_of.items()},
        {new[k]: v for k, v in key_of.items()},
    )


def sealed(gold: Path) -> bool:
    return "-test" in gold.name


def run(articles: list[Article], *, settings: Settings, batch: int) -> tuple[dict[str, str], dict[str, str], float]:
    """Story and thread of every article after feeding them all through ``update_stories``; articles per second."""
    from storyline.store import MemoryStore
    from storyline.stories import update_stories

    late = datetime.max.replace(tzinfo=UTC)
    ordered = sorted(articles, key=lambda article: (article.published or late, article.id))
    with MemoryStore() as store:
        update_stories(store, ordered[:1], None, settings=settings)  # load the model outside the clock
        started = time.perf_counter()
        for start in range(1, len(ordered), batch):
            update_stories(store, ordered[start : start + batch], None, settings=settings)
        seconds = time.perf_counter() - started
        rows = store.db.execute(
            "SELECT sa.article_id, sa.story_id, s.thread_id FROM story_articles sa JOIN stories s ON s.id = sa.story_id"
        ).fetchall()
    return {row[0]: row[1] for row in rows}, {row[0]: row[2] for row in rows}, (len(ordered) - 1) / seconds


def judged_pairs(story_of: dict[str, str], key_of: dict[str, str], gold: Path) -> list[tuple[dict, str, str]]:
    """Every gold pair whose two articles are in the corpus, with the stories of its two articles."""
    by_key = {key: article_id for article_id, key in key_of.items()}
    found = []
    for row in map(json.loads, gold.read_text().splitlines()):
        one, other = by_key.get(row["a"]), by_key.get(row["b"])
        if one is not None and other is not None:
            found.append((row, story_of[one], story_of[other]))
    return found


def pair_figures(story_of: dict[str, str], key_of: dict[str, str], gold: Path) -> dict[str, float]:
    together: dict[str, list[bool]] = defaultdict(list)
    for row, one, other in judged_pairs(story_of, key_of, gold):
        cross = "series" not in row["kind"]
        name = f"{row['label']}{'' if cross else '-same-publisher'}"
        together[name].append(one == other)
    return {f"{name}_together": sum(flags) / len(flags) for name, flags in sorted(together.items())} | {
        f"{name}_pairs": len(flags) for name, flags in sorted(together.items())
    }


def misjudged(story_of: dict[str, str], key_of: dict[str, str], gold: Path) -> list[str]:
    """One line per pair put together against a ``different`` label or apart against ``same``."""
    if sealed(gold):
        raise SystemExit(f"--show refuses {gold.name}: a sealed half is never read beside the output")
    size = Counter(story_of.values())
    lines = []
    for row, one, other in judged_pairs(story_of, key_of, gold):
        if (row["label"] == "same") != (one == other):
            where = f"together in {one} ({size[one]})" if one == other else f"{size[one]} / {size[other]} articles"
            lines.append(f"{row['id']} {row['label']:<9} {row['kind']:<11} {where}: {row['note']}")
    return lines


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
    return {
        "mixed_stories": len(mixed),
        "largest_publisher_share": sum(shares) / max(1, len(shares)),
        "stories": len(members),
        "singletons": sum(1 for c in members.values() if sum(c.values()) == 1),
        "largest_story": sum(largest.values()),
        "largest_story_top_share": largest.most_common(1)[0][1] / sum(largest.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--gold", type=Path, nargs="+", default=DEV_GOLD, help="pair files (default: the dev ones)")
    parser.add_argument("--order", type=int, nargs="+", default=[0], help="arrival orders (id salts; 0 = as ingested)")
    parser.add_argument("--show", action="store_true", help="list misjudged pairs (refuses sealed *-test* files)")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    if args.show and (refused := [gold.name for gold in args.gold if sealed(gold)]):
        parser.error(f"--show refuses sealed files: {', '.join(refused)}")
    settings = Settings.load()
    if args.threshold is not None:
        settings = settings.with_values(story_threshold=args.threshold)
    articles, topic_of, key_of = load(args.data)
    publisher_of = {
        a.id: publisher(url=a.url, canonical_url=a.canonical_url, source=a.source, format=a.format) for a in articles
    }
    print(
        f"{len(articles)} articles, {len(set(publisher_of.values()))} publishers, batch {args.batch}, "
        f"threshold {settings.story_threshold}, window {settings.story_window_days} days",
        flush=True,
    )
    columns = []
    for order in args.order:
        figures, shown = measure(articles, topic_of, key_of, publisher_of, order=order, args=args, settings=settings)
        columns.append(figures)
        for gold, lines in shown.items():
            print(f"order {order}, {gold}: {len(lines)} misjudged", *lines, sep="\n  ")
    print(f"{'order':<40}" + "".join(f"{order:>9}" for order in args.order))
    for name in columns[0]:
        values = [figures.get(name) for figures in columns]
        print(f"{name:<40}" + "".join(f"{v:>9.3f}" if isinstance(v, float) else f"{v!s:>9}" for v in values))


def measure(
    articles: list[Article],
    topic_of: dict[str, str],
    key_of: dict[str, str],
    publisher_of: dict[str, str],
    *,
    order: int,
    args: argparse.Namespace,
    settings: Settings,
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Every figure for one arrival order, and the misjudged pairs of each gold file when ``--show``."""
    salted, topic_of, key_of = reordered(articles, topic_of, key_of, order)
    publisher_of = {new.id: publisher_of[old.id] for old, new in zip(articles, salted, strict=True)}
    story_of, thread_of, rate = run(salted, settings=settings, batch=args.batch)
    figures: dict[str, float] = {"update_stories_per_s": rate}
    for gold in args.gold:
        stem = gold.name.removesuffix(".jsonl").removeprefix("story-pairs").lstrip("-") or "dev"
        figures |= {f"{stem}:{k}": v for k, v in pair_figures(story_of, key_of, gold).items()}
    t17 = sorted(topic_of)
    figures |= bcubed([topic_of[i] for i in t17], [story_of[i] for i in t17])
    # T17 labels are topics (months of one subject), not events: threads are the level to score them at
    figures |= {f"thread_{k}": v for k, v in bcubed([topic_of[i] for i in t17], [thread_of[i] for i in t17]).items()}
    figures["threads"] = len(set(thread_of.values()))
    figures |= publisher_share(story_of, publisher_of)
    shown = {gold.name: misjudged(story_of, key_of, gold) for gold in args.gold} if args.show else {}
    return figures, shown


if __name__ == "__main__":
    main()
