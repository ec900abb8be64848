"""The runner: feeds batches through the stages and is the only writer to the store.

    (a) read_paths → normalize → dedupe → store       the inputs of this run, one transaction per batch
    (b) enrich + code events                          every original stored without an enrichment
    (c) merge events                                  when stored mentions changed since the last merge
    (d) stories                                       every article without a story

Stages (b)–(d) ask the store what it still owes, so a rerun (or ``repair``) completes whatever a kill, a
crash or a ``--no-enrich`` run left undone; each commits per batch, so a kill loses at most one batch.

Every input ends as exactly one of: accepted (a new original), duplicate (linked to an original) or
rejected (a quarantine row), so ``accepted + duplicates + rejected == inputs`` for every run.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.dedupe import Deduper
from storyline.engine import Engine, open_engine
from storyline.enrich import enrich_articles
from storyline.errors import InputError
from storyline.events import code_events
from storyline.ingest import read_paths
from storyline.ingest.common import GZIP_MAGIC, gunzip, source_path
from storyline.normalize import normalize
from storyline.progress import NO_PROGRESS, Progress
from storyline.records import Article, DuplicateLink, Enrichment, RawArticle, Rejection
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.stories import update_stories
from storyline.timeline.precompute import precompute_owed


@dataclass
class IngestSummary:
    """What one ingest run did. ``by_format`` counts outcomes per input format."""

    paths: list[str]
    started_at: str = field(default_factory=lambda: _now())
    finished_at: str = ""
    inputs: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    already_stored: int = 0
    enriched: int = 0
    # what enrichment produced in this run (filled by the stages; 0 when enrichment is off)
    completed: int = 0  # articles stored by an earlier run whose enrichment, events or story this run finished
    events: int = 0
    quotes: int = 0
    claims: int = 0
    merged_events: int = 0
    stories_new: int = 0
    stories_updated: int = 0
    enrichment_failures: int = 0  # articles whose enrichment failed (quarantined with stage "enrich", E304)
    by_format: dict[str, Counter[str]] = field(default_factory=dict)
    rejection_codes: Counter[str] = field(default_factory=Counter)
    _accepted: dict[str, str] = field(default_factory=dict, repr=False)  # article id → format, this run

    def count(self, fmt: str, outcome: str, *, article_id: str = "") -> None:
        self.inputs += 1
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.by_format.setdefault(fmt, Counter())[outcome] += 1
        if outcome == "accepted" and article_id:
            self._accepted[article_id] = fmt

    def settle(self, deduper: Deduper) -> None:
        """Recount as duplicates the accepted articles that an earlier copy, read later in the run, outranked:
        the run's outcome, like the store, must not depend on the order the inputs came in."""
        for article_id, fmt in self._accepted.items():
            if deduper.original(article_id) != article_id:
                self.accepted, self.duplicates = self.accepted - 1, self.duplicates + 1
                counts = self.by_format[fmt]
                counts["accepted"] -= 1
                counts["duplicates"] += 1
                if not counts["accepted"]:
                    del counts["accepted"]
        self._accepted.clear()

    def as_dict(self) -> dict[str, Any]:
        """Every public field (a new count shows up in the JSON summary and the run log by itself)."""
        data = {item.name: getattr(self, item.name) for item in fields(self) if not item.name.startswith("_")}
        data["by_format"] = {fmt: dict(counts) for fmt, counts in sorted(self.by_format.items())}
        data["rejection_codes"] = dict(self.rejection_codes)
        return data


def ingest(
    paths: Sequence[str | Path], *, store: SQLiteStore, settings: Settings,
    fields: dict[str, str] | None = None, progress: Progress = NO_PROGRESS,
) -> IngestSummary:
    """Read, normalize, dedupe and store everything under ``paths``, then complete what the store still owes:
    enrichment and events (when ``settings.enrich``), the event merge and stories (when ``settings.stories``)."""
    summary = IngestSummary(paths=[str(path) for path in paths])
    stored = _read_stage(paths, store=store, settings=settings, fields=fields, progress=progress, summary=summary)
    _complete(store, settings=settings, progress=progress, summary=summary, stored=stored)
    summary.finished_at = _now()
    with store.transaction():
        store.record_ingest_run(summary.as_dict())
    return summary


def repair(*, store: SQLiteStore, settings: Settings, progress: Progress = NO_PROGRESS) -> IngestSummary:
    """Complete what the store owes without reading anything: enrichment and events of articles stored
    without them, the event merge, stories (what a crash, a kill or a ``--no-enrich`` run left undone)."""
    summary = IngestSummary(paths=[])
    _complete(store, settings=settings, progress=progress, summary=summary, stored=set())
    summary.finished_at = _now()
    return summary


# --- stage (a): read → normalize → dedupe → store ----------------------------------------------------------


def _read_stage(
    paths: Sequence[str | Path], *, store: SQLiteStore, settings: Settings, fields: dict[str, str] | None,
    progress: Progress, summary: IngestSummary,
) -> set[str]:
    """Store every new input, one transaction per batch; return the ids of the articles stored by this run."""
    deduper = _load_deduper(store, settings=settings)
    stored: set[str] = set()
    progress.stage("read")
    for batch in _batches(read_paths(paths, settings=settings, fields=fields), settings.batch_size):
        stored |= _store_batch(batch, store=store, deduper=deduper, settings=settings, summary=summary)
        progress.advance(len(batch))
    progress.done()
    summary.settle(deduper)
    return stored


def _store_batch(
    batch: list[RawArticle | Rejection], *, store: SQLiteStore, deduper: Deduper, settings: Settings,
    summary: IngestSummary,
) -> set[str]:
    articles, rejections, formats = _normalize_batch(batch, settings=settings)
    known = store.known_article_ids([article.id for article in articles])
    new = _unique_new(articles, known)
    signatures = {article.id: deduper.add(article) for article in new}
    touched = {member for article in articles for member in deduper.group(article.id)}
    links = {article_id: link for article_id, link in deduper.links(sorted(touched)).items() if link}
    with store.transaction():
        _keep_raw_inputs(new, store=store, limit=settings.max_input_bytes)
        store.put_articles(new, signatures=signatures)
        # a group's original only ever gets earlier, so no stored link is ever cleared: only links are written
        store.set_duplicate_links(links)
        _unenrich_duplicates(links, store=store)
        store.put_rejections(rejections)
    for article in articles:
        summary.count(formats[article.id], "duplicates" if article.id in links else "accepted", article_id=article.id)
        summary.already_stored += article.id in known
    for rejection in rejections:
        summary.count(formats.get(rejection.source, "unknown"), "rejected")
        summary.rejection_codes[rejection.code] += 1
    return {article.id for article in new}


def _unenrich_duplicates(links: dict[str, DuplicateLink], *, store: SQLiteStore) -> None:
    """Stored originals that an earlier copy now outranks stop being enriched, as if they had always been
    duplicates: an exact copy (same text and date) takes their enrichment and events over, otherwise both are
    dropped and the new original is owed its own. So a copy of a corpus from another folder changes no count."""
    for article_id in sorted(store.enriched_ids(list(links))):
        original_id = links[article_id].original_id
        demoted, original = store.get_article(article_id), store.get_article(original_id)
        same = demoted and original and (demoted.text, demoted.published) == (original.text, original.published)
        if same and not store.enriched_ids([original_id]):
            store.move_enrichment(article_id, original_id)
            store.move_events(article_id, original_id)
        else:
            store.drop_enrichment(article_id)
            store.clear_events([article_id])


# --- stages (b)–(d): what the store still owes --------------------------------------------------------------


def _complete(
    store: SQLiteStore, *, settings: Settings, progress: Progress, summary: IngestSummary, stored: set[str],
) -> None:
    finished: set[str] = set()  # articles whose enrichment or story this run added
    if settings.enrich:
        finished |= _enrich_stage(store, settings=settings, progress=progress, summary=summary)
    if store.merge_owed():
        progress.stage("events", store.event_count())
        summary.merged_events = len(store.merge_stored_events())  # one merged event per real-world event
        progress.advance(store.event_count())
        progress.done()
    if settings.stories:
        finished |= _stories_stage(store, settings=settings, progress=progress, summary=summary)
    finished |= precompute_owed(store, batch_size=settings.batch_size, progress=progress)  # timelines
    summary.completed = len(finished - stored)


def _enrich_stage(store: SQLiteStore, *, settings: Settings, progress: Progress, summary: IngestSummary) -> set[str]:
    """Enrich and code the events of every original stored without an enrichment, one transaction per batch."""
    owed = store.articles_owing_enrichment()
    if not owed:
        return set()
    progress.stage("enrich", len(owed))
    engine = open_engine(settings)
    try:
        for chunk in _chunks(owed, settings.batch_size):
            articles = list(store.iter_articles(ids=chunk))
            _enrich_and_store(articles, store=store, engine=engine, settings=settings, summary=summary)
            progress.advance(len(chunk))
    finally:
        engine.close()
    progress.done()
    return set(owed)


def _enrich_and_store(
    articles: list[Article], *, store: SQLiteStore, engine: Engine, settings: Settings, summary: IngestSummary,
) -> None:
    if settings.engine == "dask":  # the cluster's workers are the processes: each enriches its chunk alone
        chunks, worker_settings = _split(articles, settings.processes), settings.with_values(processes=1)
    else:
        chunks, worker_settings = [articles], settings
    try:
        mapped = engine.map_chunks(analyze_articles, chunks, settings=worker_settings)
        enrichments, failures = [enrichment for chunk in mapped for enrichment in chunk], []
    except Exception:  # one article broke the batch: find it, so the rest of the batch is not lost with it
        enrichments, failures = _enrich_one_by_one(articles, engine=engine, settings=settings)
    events = [event for enrichment in enrichments for event in enrichment.events]
    with store.transaction():  # an article's enrichment and its events are stored together or not at all
        store.put_enrichments(enrichments)
        store.clear_events([enrichment.article_id for enrichment in enrichments])
        store.put_events(events)
        store.put_rejections(failures)
    summary.enrichment_failures += len(failures)
    summary.enriched += len(enrichments)
    summary.events += len(events)
    summary.quotes += sum(len(enrichment.quotes) for enrichment in enrichments)
    summary.claims += sum(len(enrichment.claims) for enrichment in enrichments)


def _enrich_one_by_one(
    articles: list[Article], *, engine: Engine, settings: Settings,
) -> tuple[list[Enrichment], list[Rejection]]:
    """Enrich each article alone. One that fails is quarantined (stage "enrich", E304) and kept with an empty
    enrichment: it stays searchable, the run goes on, and the next run does not fail on it again."""
    enrichments: list[Enrichment] = []
    failures: list[Rejection] = []
    for article in articles:
        try:
            enrichments += engine.map_chunks(analyze_articles, [[article]], settings=settings)[0]
        except Exception as error:
            enrichments.append(Enrichment(article_id=article.id))
            failures.append(Rejection(source=article.source, stage="enrich", code="E304",
                                      message=f"article {article.id}: {type(error).__name__}: {error}"[:500]))
    return enrichments, failures


def _stories_stage(store: SQLiteStore, *, settings: Settings, progress: Progress, summary: IngestSummary) -> set[str]:
    """Assign every article without a story, oldest first and in fixed batches of the owed list, so the stories
    do not depend on where an earlier run was cut short."""
    owed = store.articles_owing_story()
    if not owed:
        return set()
    progress.stage("stories", len(owed))
    founded: set[str] = set()
    updated: set[str] = set()
    for chunk in _chunks(owed, settings.batch_size):
        articles = list(store.iter_articles(ids=chunk, include_duplicates=True))
        enrichments = [found for article in articles if (found := store.get_enrichment(article.id)) is not None]
        changes = update_stories(store, articles, enrichments, settings=settings)
        founded = (founded | changes.founded) - changes.merged
        updated = (updated | changes.updated) - changes.merged
        progress.advance(len(chunk))
    progress.done()
    summary.stories_new, summary.stories_updated = len(founded), len(updated - founded)
    return set(owed)


def _normalize_batch(
    batch: list[RawArticle | Rejection], *, settings: Settings,
) -> tuple[list[Article], list[Rejection], dict[str, str]]:
    articles: list[Article] = []
    rejections: list[Rejection] = []
    formats: dict[str, str] = {}
    for item in batch:
        result = item if isinstance(item, Rejection) else normalize(item, settings=settings)
        if isinstance(result, Rejection):
            rejections.append(result)
            formats[result.source] = item.format if isinstance(item, RawArticle) else _suffix(result.source)
        else:
            articles.append(result)
            formats[result.id] = result.format
    return articles, rejections, formats


def _unique_new(articles: list[Article], known: set[str]) -> list[Article]:
    """Articles not stored yet, each once (the same record named twice in one run counts once)."""
    seen = set(known)
    new = []
    for article in articles:
        if article.id not in seen:
            seen.add(article.id)
            new.append(article)
    return new


def analyze_articles(articles: Sequence[Article], *, settings: Settings) -> list[Enrichment]:
    """Enrichment and events for articles, without a store (one parse per article serves both)."""
    return enrich_articles(articles, settings=settings, then=code_events)


def load_articles(path: str | Path, *, settings: Settings,
                  fields: dict[str, str] | None = None) -> tuple[list[Article], list[Rejection]]:
    """Read and normalize one file or folder without a store (for ``storyline analyze``)."""
    articles: list[Article] = []
    rejections: list[Rejection] = []
    for item in read_paths([path], settings=settings, fields=fields):
        result = item if isinstance(item, Rejection) else normalize(item, settings=settings)
        (rejections if isinstance(result, Rejection) else articles).append(result)  # type: ignore[arg-type]
    return articles, rejections


def _load_deduper(store: SQLiteStore, *, settings: Settings) -> Deduper:
    deduper = Deduper(threshold=settings.near_duplicate_threshold, permutations=settings.minhash_permutations)
    for article, hashvalues in store.dedupe_state():
        if len(hashvalues) == settings.minhash_permutations:
            deduper.add(article, hashvalues=hashvalues)
    return deduper


def _keep_raw_inputs(articles: Iterable[Article], *, store: SQLiteStore, limit: int) -> None:
    """Keep each new input file's bytes, content-addressed, so stages can rerun without the files."""
    files = {article.raw_sha: source_path(article.source, article.format) for article in articles if article.raw_sha}
    for sha, path in files.items():
        if store.has_raw(sha):
            continue
        data = _read_source_bytes(path, limit=limit)
        if data is not None and hashlib.sha256(data).hexdigest() == sha:
            store.put_raw(sha, source=path, data=data)


def _read_source_bytes(path: str, *, limit: int) -> bytes | None:
    try:
        data = Path(path).read_bytes()
        return gunzip(data, limit=limit) if data.startswith(GZIP_MAGIC) else data
    except (OSError, InputError):  # gone, unreadable, or not what was read: the raw copy is only a convenience
        return None


def _split(items: list[Any], parts: int) -> list[list[Any]]:
    """``items`` in ``parts`` contiguous chunks of near-equal size (order kept)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    chunks, start = [], 0
    for index in range(parts):
        end = start + size + (index < extra)
        chunks.append(items[start:end])
        start = end
    return chunks


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _suffix(source: str) -> str:
    """What a rejected input looked like, for the summary: its file extension."""
    suffixes = Path(source.rpartition("#")[0] or source).suffixes
    return "".join(suffixes[-2:]).lstrip(".") or "unknown"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
