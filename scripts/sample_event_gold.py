"""Pick the sentences of the blind event gold set (quality/gold/events-*.jsonl), deterministically.

Candidates come only from the held-out parts of the shared data (the learned coder's training excludes them):
Kremlin rows whose 0-based data-row index % 10 == 3, and Timeline17 dev documents whose path relative to
``t17-dev`` has a SHA-1 hex digest starting with 0, 1 or 2. Articles are read and normalized by Storyline's
reader (``load_articles``) and split into sentences by spaCy, so offsets are into ``Article.text``.

Per article at most ``PER_ARTICLE`` sentences: most drawn (seeded) from sentences with a verb and a named
entity, so that enough events appear, one drawn from all sentences, so that ordinary no-event text appears.
The output is a skeleton (references + offsets + the sentence for the labeller to read, never committed);
labels are added by hand. ``split`` then divides the labelled rows 50/50 by article (seeded) into the dev
half and the sealed test half. Usage::

    python scripts/sample_event_gold.py sample ../shared/data > /tmp/gold-candidates.jsonl
    python scripts/sample_event_gold.py split /tmp/gold-labelled.jsonl quality/gold
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy

from storyline.enrich.nlp import load_nlp
from storyline.pipeline import load_articles
from storyline.records import Article
from storyline.settings import Settings

SEED = 9
KREMLIN = "kremlin-2022/kremlin_en_news_2021-10-24_2022-06-24.csv"
T17 = "tls/t17-dev"
T17_TOPICS = ("bpoil", "finan", "h1n1", "haiti", "mj")
KREMLIN_ARTICLES = 44
T17_ARTICLES_PER_TOPIC = 9
PER_ARTICLE = 3  # first draw; the dyadic pass adds at most one more
MIN_CHARS, MAX_CHARS = 40, 400


def held_out_t17(relative: str) -> bool:
    """The T17 documents kept out of training: SHA-1 of the path relative to t17-dev starts with 0, 1 or 2."""
    return hashlib.sha1(relative.encode()).hexdigest()[0] in "012"


def kremlin_articles(data: Path, settings: Settings) -> list[tuple[str, Article]]:
    articles, _ = load_articles(data / KREMLIN, settings=settings)
    return [(f"{KREMLIN}#row={article.record_index}", article)
            for article in articles if article.record_index % 10 == 3 and article.language == "en"]


def t17_articles(data: Path, topic: str, settings: Settings) -> list[tuple[str, Path]]:
    root = data / T17
    paths = sorted((root / topic).glob("*/InputDocs/*/*"))
    return [(f"{T17}/{path.relative_to(root).as_posix()}", path)
            for path in paths if held_out_t17(path.relative_to(root).as_posix())]


DYAD_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def candidate_sentences(nlp: spacy.Language, text: str) -> Iterator[tuple[int, int, bool, bool]]:
    """(start, end, has a verb and an entity, has a verb and two who-entities) per sentence of reasonable
    length, whitespace trimmed."""
    doc = nlp(text)
    for sent in doc.sents:
        raw = sent.text
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        end = sent.end_char - (len(raw) - len(raw.rstrip()))
        if not MIN_CHARS <= end - start <= MAX_CHARS:
            continue
        verb = any(token.pos_ == "VERB" for token in sent)
        dyadic = verb and len({ent.text for ent in sent.ents if ent.label_ in DYAD_LABELS}) >= 2
        yield start, end, verb and bool(sent.ents), dyadic


def pick(nlp: spacy.Language, source: str, article: Article, rng: random.Random) -> list[dict[str, object]]:
    sentences = list(candidate_sentences(nlp, article.text))
    rich = [s for s in sentences if s[2]]
    chosen = rng.sample(rich, min(PER_ARTICLE - 1, len(rich)))
    rest = [s for s in sentences if s not in chosen]
    if rest:
        chosen.append(rng.choice(rest))
    # a second pass added one sentence naming two actors, so that enough events appear; its own seeded draw
    # per article leaves the first draw (already labelled) unchanged
    dyadic = [s for s in sentences if s[3] and s not in chosen]
    if dyadic:
        chosen.append(random.Random(f"{SEED}:{source}").choice(dyadic))
    rows = []
    for start, end, *_ in sorted(chosen):
        span = article.text[start:end]
        rows.append({"source": source, "start": start, "end": end,
                     "sha1": hashlib.sha1(span.encode()).hexdigest(), "text": span, "title": article.title})
    return rows


Row = dict[str, object]


def split_by_article(rows: list[Row], seed: int = SEED) -> tuple[list[Row], list[Row]]:
    """Dev and test halves with no article in both: articles in seeded order, each to the smaller half."""
    articles: dict[str, list[Row]] = {}
    for row in rows:
        articles.setdefault(str(row["source"]), []).append(row)
    order = sorted(articles)
    random.Random(seed).shuffle(order)
    dev: list[Row] = []
    test: list[Row] = []
    for source in order:
        (dev if len(dev) <= len(test) else test).extend(articles[source])
    return dev, test


def write_split(labelled: Path, out: Path) -> None:
    rows = [json.loads(line) for line in labelled.read_text(encoding="utf-8").splitlines() if line.strip()]
    for name, half in zip(("events-dev.jsonl", "events-test.jsonl"), split_by_article(rows), strict=True):
        lines = [json.dumps(row, ensure_ascii=False) for row in half]
        (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def sample(data: Path) -> None:
    settings = Settings.load()
    nlp = load_nlp(settings)  # the spaCy pipeline enrichment uses (sentence splitter and parse only)
    rng = random.Random(SEED)
    rows: list[dict[str, object]] = []
    kremlin = kremlin_articles(data, settings)
    for source, article in rng.sample(kremlin, KREMLIN_ARTICLES):
        rows.extend(pick(nlp, source, article, rng))
    for topic in T17_TOPICS:
        documents = t17_articles(data, topic, settings)
        for source, path in rng.sample(documents, T17_ARTICLES_PER_TOPIC):
            articles, _ = load_articles(path, settings=settings)
            if articles:
                rows.extend(pick(nlp, source, articles[0], rng))
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["split"]:
        write_split(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sample(Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/data"))
