"""Events benchmark: events/s and the events stage's cost relative to enrichment, printed.

    .venv/bin/python benchmarks/events.py [--limit 100] [--csv ../shared/data/kremlin-2022/<file>.csv]
    .venv/bin/python benchmarks/events.py --synthetic 5      # also: a check on stories the coder was not built on

Reads real articles (the Kremlin 2021–22 English news CSV through the project's own reader and normalizer),
parses each once, then times, in the same process: enrichment (the spaCy parse + ``enrich_doc``), the events
coder on that parse (``code_events(..., docs=doc)``), the coder when it must parse again (``docs=None``), the
cross-article merge, and storing the events in an in-memory store.

``--synthetic N`` also codes N stories per type from the NGEC synthetic training set (document-level labels,
never used to build the coder) and prints how often the story's label is among the types coded in it, and how
often the story's most confident event has that type.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from storyline.enrich import load_nlp
from storyline.enrich.annotate import enrich_doc
from storyline.enrich.gazetteer import gazetteer
from storyline.events import code_events, merge_events, parse
from storyline.events.evaluate import top_event
from storyline.pipeline import load_articles
from storyline.records import Article
from storyline.settings import Settings
from storyline.store import MemoryStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_CSV = SHARED / "kremlin-2022" / "kremlin_en_news_2021-10-24_2022-06-24.csv"
SYNTHETIC = SHARED / "events" / "ngec-synthetic" / "gpt_synthetic_events_2023-10-19_19.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--limit", type=int, default=100, help="articles to use (the file has 816)")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N", help="N synthetic stories per type")
    args = parser.parse_args()
    if args.synthetic:
        synthetic(args.synthetic)
        return
    settings = Settings.load({"processes": 1})
    articles = load_articles(args.csv, settings=settings)[0][: args.limit]
    nlp, places = load_nlp(settings), gazetteer()
    parse("warm up the lemmatizer.", settings=settings)
    chars = sum(len(article.text) for article in articles)
    print(f"articles: {len(articles)}  characters: {chars:,}  (1 process)")

    started = time.perf_counter()
    docs = list(nlp.pipe(article.text for article in articles))
    enrichments = [enrich_doc(doc, article, places=places) for doc, article in zip(docs, articles, strict=True)]
    enrich_s = time.perf_counter() - started

    started = time.perf_counter()
    events = [e for doc, article, enrichment in zip(docs, articles, enrichments, strict=True)
              for e in code_events(article, enrichment, settings=settings, docs=doc)]
    events_s = time.perf_counter() - started

    sample = articles[: max(1, len(articles) // 5)]
    started = time.perf_counter()
    for article, enrichment in zip(sample, enrichments, strict=False):
        code_events(article, enrichment, settings=settings)
    reparse_s = (time.perf_counter() - started) * len(articles) / len(sample)

    started = time.perf_counter()
    merged = merge_events(events)
    merge_s = time.perf_counter() - started
    with MemoryStore() as store:
        started = time.perf_counter()
        store.put_events(events)
        store_s = time.perf_counter() - started

    print(f"enrichment (parse + enrich_doc): {enrich_s:8.2f} s  {len(articles) / enrich_s:8.1f} articles/s")
    print(f"events coder, parse reused:      {events_s:8.2f} s  {len(articles) / events_s:8.1f} articles/s"
          f"  {len(events) / events_s:8.1f} events/s  ({len(events)} events)")
    print(f"events coder, parsing again:     {reparse_s:8.2f} s  (estimated from {len(sample)} articles)")
    print(f"merge across articles:           {merge_s:8.3f} s  {len(events)} mentions -> {len(merged)} events")
    print(f"store put_events:                {store_s:8.3f} s")
    print(f"events stage / enrichment:       {events_s / enrich_s:8.1%}  (parse reused)")
    print(f"events stage / enrichment:       {reparse_s / enrich_s:8.1%}  (parsing again)")


def synthetic(per_type: int) -> None:
    """Story label among the coded types, and as the top event's type, on N stories per type."""
    with SYNTHETIC.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    taken: Counter[str] = Counter()
    stories = []
    for row in rows:  # the first N of each label, in file order
        if taken[row["label"]] < per_type:
            taken[row["label"]] += 1
            stories.append(row)
    settings = Settings.load()
    nlp, places = load_nlp(settings), gazetteer()
    found = top = 0
    by_type: Counter[str] = Counter()
    for index, (row, doc) in enumerate(zip(stories, nlp.pipe(r["text"] for r in stories), strict=True)):
        article = Article(id=f"s{index}", source="synthetic", format="csv", title="", text=row["text"], url="",
                          canonical_url="", published=datetime(2023, 10, 19, tzinfo=UTC), date_precision="day",
                          language="en", language_score=1.0, author="", content_hash="", raw_sha="")
        events = code_events(article, enrich_doc(doc, article, places=places), settings=settings, docs=doc)
        hit = row["label"] in {event.type for event in events}
        found += hit
        by_type[row["label"]] += hit
        best = top_event(events)
        top += best is not None and best.type == row["label"]
    print(f"synthetic stories: {len(stories)} ({per_type} per type)")
    print(f"label among the coded types: {found / len(stories):.3f}")
    print(f"label = most confident event: {top / len(stories):.3f}")
    print("label among coded, per type: " + ", ".join(f"{k} {v}/{taken[k]}" for k, v in sorted(by_type.items())))


if __name__ == "__main__":
    main()
