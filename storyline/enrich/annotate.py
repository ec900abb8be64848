"""One article's enrichment from its parsed doc, and the batch runner (in-process or a process pool)."""

from __future__ import annotations

import atexit
import heapq
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from spacy.tokens import Doc

from storyline.enrich.claims import extract_claims
from storyline.enrich.entities import extract_entities
from storyline.enrich.gazetteer import Gazetteer, gazetteer
from storyline.enrich.mentions import resolve
from storyline.enrich.nlp import PIPE_BATCH, load_nlp, parse
from storyline.enrich.places import extract_places
from storyline.enrich.quotes import extract_quotes
from storyline.enrich.text import doc_text, remember_text
from storyline.enrich.times import date_sentences, extract_times
from storyline.records import Article, Enrichment, Event
from storyline.settings import Settings

FollowUp = Callable[..., Sequence[Event]]
CHUNKS_PER_PROCESS = 4  # long articles are uneven; smaller chunks keep the workers equally busy
_POOLS: dict[int, ProcessPoolExecutor] = {}


def enrich_doc(doc: Doc, article: Article, *, places: Gazetteer) -> Enrichment:
    """Everything enrichment finds in one parsed article (``events`` stay empty: the events stage fills them)."""
    mentions = extract_entities(doc, gazetteer=places)
    resolution = resolve(doc, mentions, headline=article.title, url=article.url)
    quotes = extract_quotes(doc, mentions=mentions, resolution=resolution)
    found = extract_times(doc, published=article.published)
    return Enrichment(
        article_id=article.id,
        sentences=date_sentences(doc, found=found, published=article.published),
        entities=mentions,
        quotes=quotes,
        claims=extract_claims(doc, quotes=quotes, resolution=resolution),
        times=tuple(item.time for item in found),
        places=extract_places(mentions, gazetteer=places, text=doc_text(doc)),
    )


def enrich_articles(
    articles: Sequence[Article], *, settings: Settings, then: FollowUp | None = None,
) -> list[Enrichment]:
    """Enrichment for each article, in input order; ``settings.processes`` > 1 spreads them over processes.

    ``then(article, enrichment, settings=, docs=)`` — a later stage that reads the same parse (the runner
    passes the event coder) — fills ``Enrichment.events`` while the doc is at hand, so nothing is parsed twice.
    """
    processes = max(1, int(settings.processes))
    if processes == 1 or len(articles) < 2 * processes:
        return _enrich_here(list(articles), settings, then)
    bins = balanced_bins([len(article.text) for article in articles], count=processes * CHUNKS_PER_PROCESS)
    results: list[Enrichment | None] = [None] * len(articles)
    pool = worker_pool(processes)
    try:
        chunks = pool.map(_enrich_in_worker, [[articles[i] for i in b] for b in bins], [settings] * len(bins),
                          [then] * len(bins))
        for indexes, chunk in zip(bins, chunks, strict=True):
            for index, enrichment in zip(indexes, chunk, strict=True):
                results[index] = enrichment
    except BrokenProcessPool:
        close_worker_pools()  # a worker died (killed, out of memory): the next call starts a fresh pool
        raise
    return [enrichment for enrichment in results if enrichment is not None]


def worker_pool(processes: int) -> ProcessPoolExecutor:
    """The pool for ``processes`` workers, kept for the life of this process.

    The runner enriches batch after batch; a pool per batch would load the model in every worker every time.
    """
    pool = _POOLS.get(processes)
    if pool is None:
        pool = _POOLS[processes] = ProcessPoolExecutor(max_workers=processes, mp_context=_context())
    return pool


def close_worker_pools() -> None:
    """Stop the kept worker pools (the engine's ``close`` and interpreter exit call this)."""
    while _POOLS:
        _POOLS.popitem()[1].shutdown(cancel_futures=True)


def balanced_bins(sizes: Sequence[int], *, count: int) -> list[list[int]]:
    """Indexes split into up to ``count`` bins of about equal total size, largest bin first.

    Article lengths vary a hundredfold (one Kremlin transcript is 175k characters): contiguous chunks
    would leave one worker busy long after the others finish.
    """
    heap = [(0, bin_index) for bin_index in range(min(count, len(sizes)))]
    bins: list[list[int]] = [[] for _ in heap]
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        total, bin_index = heapq.heappop(heap)
        bins[bin_index].append(index)
        heapq.heappush(heap, (total + sizes[index] + 1, bin_index))
    totals = {bin_index: total for total, bin_index in heap}
    return [sorted(bins[i]) for i in sorted(range(len(bins)), key=lambda i: -totals[i]) if bins[i]]


def _enrich_in_worker(articles: list[Article], settings: Settings, then: FollowUp | None) -> list[Enrichment]:
    return _enrich_here(articles, settings, then)


def _enrich_here(articles: list[Article], settings: Settings, then: FollowUp | None = None) -> list[Enrichment]:
    nlp, places = load_nlp(settings), gazetteer()
    texts = [article.text[: nlp.max_length] for article in articles]
    enrichments = []
    # in input order: parsing a batch shortest first cost ~8 % more CPU on Kremlin articles (long docs together)
    for doc, article, text in zip(parse(nlp, texts, batch_size=PIPE_BATCH), articles, texts, strict=True):
        enrichment = enrich_doc(remember_text(doc, text), article, places=places)
        if then is not None:
            enrichment = replace(enrichment, events=tuple(then(article, enrichment, settings=settings, docs=doc)))
        enrichments.append(enrichment)
    return enrichments


def _context() -> multiprocessing.context.BaseContext:
    """Fork shares the loaded model with the workers; it is only safe while this process has one thread."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


atexit.register(close_worker_pools)
