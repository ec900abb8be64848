"""Same output, cheaper path: real articles through spaCy's stock components and through Storyline's fast path.

    .venv/bin/python benchmarks/enrich_same.py [--kremlin 160] [--per-topic 32] [--data ../shared/data]

The stock path is ``nlp.pipe`` (the stock attribute ruler) and the token-by-token lemma loop the event coder
used; the fast path is ``storyline.enrich.nlp.parse`` (the ruler as a table lookup), column-wise lemmas, and
``enrich_articles`` as the runner calls it. Prints how many parses (``Doc.to_bytes``), lemma-annotated docs and
enrichment records (events included) differ, and the CPU seconds of each path. Every count must be 0.
The stock path runs first, so first-use costs (the lemmatizer, word caches) fall on it.
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import storyline.events as events  # noqa: E402
from storyline.enrich import enrich_articles, enrich_doc, load_nlp  # noqa: E402
from storyline.enrich.gazetteer import gazetteer  # noqa: E402
from storyline.enrich.nlp import PIPE_BATCH, model_name, parse  # noqa: E402
from storyline.enrich.text import remember_text  # noqa: E402
from storyline.events import code_events  # noqa: E402
from storyline.pipeline import load_articles  # noqa: E402
from storyline.records import Article, Enrichment  # noqa: E402
from storyline.settings import Settings  # noqa: E402

KREMLIN = Path("kremlin-2022") / "kremlin_en_news_2021-10-24_2022-06-24.csv"


def load(data: Path, *, kremlin: int, per_topic: int, settings: Settings) -> list[Article]:
    """The first ``kremlin`` Kremlin releases and the first ``per_topic`` articles of each t17-dev topic."""
    articles = load_articles(data / KREMLIN, settings=settings)[0][:kremlin]
    for folder in sorted(p for p in (data / "tls" / "t17-dev").iterdir() if p.is_dir()):
        articles += load_articles(folder, settings=settings)[0][:per_topic]
    return articles


def stock_lemmas(doc, *, settings: Settings):
    """The event coder's lemmas token by token, with its own cache, as before the column-wise version."""
    if doc.has_annotation("LEMMA", require_complete=True) or not len(doc):
        return doc
    copy, name = doc.copy(), model_name(settings)
    for token in copy:
        if token.pos_ not in events.LEMMATIZED:
            token.lemma_ = token.text if token.pos_ == "PROPN" else token.lower_
            continue
        key = (name, token.lower_, token.pos_, str(token.morph))
        if key not in _STOCK_LEMMAS:
            _STOCK_LEMMAS[key] = (events._lemmatizer(name).rule_lemmatize(token)[0] if len(_STOCK_LEMMAS) < 500_000
                                  else token.lower_)
        token.lemma_ = _STOCK_LEMMAS[key]
    return copy


_STOCK_LEMMAS: dict[tuple[str, str, str, str], str] = {}


@contextmanager
def stock_lemma_path():
    """The event coder with the token-by-token lemmas, for the stock run only."""
    fast = events._with_lemmas
    events._with_lemmas = stock_lemmas
    try:
        yield
    finally:
        events._with_lemmas = fast


def stock_run(articles: list[Article], *, settings: Settings) -> tuple[list[bytes], list[Enrichment]]:
    """Parses and enrichment (events included) through the stock components."""
    nlp, places = load_nlp(settings), gazetteer()
    texts = [article.text[: nlp.max_length] for article in articles]
    parses, enrichments = [], []
    with stock_lemma_path():
        for doc, article, text in zip(nlp.pipe(texts, batch_size=PIPE_BATCH), articles, texts, strict=True):
            enrichment = enrich_doc(remember_text(doc, text), article, places=places)
            parses.append(doc.to_bytes())  # where the runner hands the doc to the event coder
            found = code_events(article, enrichment, settings=settings, docs=doc)
            enrichments.append(replace(enrichment, events=tuple(found)))
    return parses, enrichments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kremlin", type=int, default=160)
    parser.add_argument("--per-topic", type=int, default=32)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    settings = Settings.load({"enrich": False, "processes": 1})
    articles = load(args.data, kremlin=args.kremlin, per_topic=args.per_topic, settings=settings)
    nlp = load_nlp(settings)
    texts = [article.text[: nlp.max_length] for article in articles]
    print(f"{len(articles)} articles, {sum(map(len, texts)) / 1e6:.2f} M characters, model {model_name(settings)}")

    started = time.process_time()
    stock_parses, stock_enrichments = stock_run(articles, settings=settings)
    stock_cpu = time.process_time() - started
    fast_parses: list[bytes] = []

    def then(article: Article, enrichment: Enrichment, *, settings: Settings, docs) -> tuple:
        fast_parses.append(docs.to_bytes())
        return code_events(article, enrichment, settings=settings, docs=docs)

    started = time.process_time()
    fast_enrichments = enrich_articles(articles, settings=settings, then=then)
    fast_cpu = time.process_time() - started

    # lemmas compared on their own too (the records show only what the coder made of them)
    lemma_diffs = sum(stock_lemmas(a, settings=settings).to_bytes() != events._with_lemmas(b, settings=settings)
                      .to_bytes() for a, b in zip(nlp.pipe(texts[::8]), parse(nlp, texts[::8]), strict=True))
    # the event coder's own parse of one text (no doc at hand) against the stock call nlp(text)
    single_diffs = sum(events.parse(text, settings=settings).to_bytes()
                       != events._with_lemmas(nlp(text), settings=settings).to_bytes() for text in texts[::16])

    print(f"parses differing (pipe):        {sum(a != b for a, b in zip(stock_parses, fast_parses, strict=True))}"
          f" of {len(texts)}")
    print(f"parses differing (one text):    {single_diffs} of {len(texts[::16])}")
    print(f"lemma-annotated docs differing: {lemma_diffs} of {len(texts[::8])}")
    differing = sum(repr(a) != repr(b) for a, b in zip(stock_enrichments, fast_enrichments, strict=True))
    print(f"enrichment records differing:   {differing} of {len(articles)}"
          f"  ({sum(len(e.events) for e in fast_enrichments)} events,"
          f" {sum(len(e.entities) for e in fast_enrichments)} entities)")
    print(f"CPU seconds, parse + enrichment + events: stock path {stock_cpu:.2f}, fast path {fast_cpu:.2f}")


if __name__ == "__main__":
    main()
