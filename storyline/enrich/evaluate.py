"""Precision and recall of each extractor against hand-written expected facts (a golden set).

A golden file lists, per article (found by URL), the entities, quotes, claims, times and places a reader
finds in it. Predictions and expectations are matched one to one; precision is matched / predicted,
recall is matched / expected, summed over all articles of the set (micro average).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import InputError, UsageError
from storyline.pipeline import load_articles
from storyline.records import Article, Enrichment
from storyline.settings import Settings

EXTRACTORS = ("entities", "quotes", "claims", "times", "places")
COARSE = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "PERSON": "PERSON", "ORG": "ORG", "NORP": "NORP"}


@dataclass
class Tally:
    matched: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.expected += other.expected

    def scores(self) -> dict[str, float | int]:
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.expected if self.expected else 1.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "matched": self.matched,
                "predicted": self.predicted, "expected": self.expected}


def load_golden(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def score(
    golden: Sequence[dict[str, Any]], *, enrichments: Sequence[Enrichment],
) -> dict[str, dict[str, float | int]]:
    """Scores per extractor; ``golden[i]`` holds the expected facts of ``enrichments[i]``."""
    totals = {name: Tally() for name in EXTRACTORS}
    for expected, enrichment in zip(golden, enrichments, strict=True):
        for name in EXTRACTORS:
            totals[name].add(MATCHERS[name](expected.get(name, []), enrichment))
    return {name: tally.scores() for name, tally in totals.items()}


def _match(expected: list[Any], predicted: list[Any], same: Callable[[Any, Any], bool]) -> Tally:
    """Greedy one-to-one matching, in order."""
    matched, _unmatched = _greedy(expected, predicted, same)
    return Tally(matched, len(predicted), len(expected))


def _greedy(expected: list[Any], predicted: list[Any], same: Callable[[Any, Any], bool]) -> tuple[int, list[Any]]:
    """How many expected items find a predicted one (each used once, in order), and the predictions left over."""
    unused = list(predicted)
    matched = 0
    for item in expected:
        hit = next((index for index, candidate in enumerate(unused) if same(item, candidate)), None)
        if hit is not None:
            unused.pop(hit)
            matched += 1
    return matched, unused


def _entities(expected: list[list[str]], enrichment: Enrichment) -> Tally:
    predicted = {(m.canonical.lower(), COARSE[m.label]) for m in enrichment.entities if m.label in COARSE}
    wanted = {(name.lower(), label) for name, label in expected}
    return Tally(len(predicted & wanted), len(predicted), len(wanted))


def _places(expected: list[list[str]], enrichment: Enrichment) -> Tally:
    predicted = {(place.name.lower(), place.country) for place in enrichment.places}
    wanted = {(name.lower(), country) for name, country in expected}
    return Tally(len(predicted & wanted), len(predicted), len(wanted))


def _quotes(expected: list[dict[str, str]], enrichment: Enrichment) -> Tally:
    """The golden sets list the quotes a reader can attribute (and a few the text leaves open, speaker "");
    a predicted quote without a speaker that none of those matches is not scored as a false alarm."""

    def same(item: dict[str, str], quote: Any) -> bool:
        speaker_ok = item["speaker"].lower() in quote.speaker.lower() if item["speaker"] else not quote.speaker
        return item["contains"] in quote.text and speaker_ok

    matched, unused = _greedy(expected, list(enrichment.quotes), same)
    return Tally(matched, matched + sum(1 for quote in unused if quote.speaker), len(expected))


def _claims(expected: list[dict[str, Any]], enrichment: Enrichment) -> Tally:
    def same(item: dict[str, Any], claim: Any) -> bool:
        return (abs(claim.value - item["value"]) < 1e-6 and claim.unit == item.get("unit", claim.unit)
                and item.get("subject", "").lower() in claim.subject.lower())

    return _match(expected, list(enrichment.claims), same)


def _times(expected: list[dict[str, str]], enrichment: Enrichment) -> Tally:
    def same(item: dict[str, str], time: Any) -> bool:
        text, wanted = time.text.lower(), item["text"].lower()
        return (wanted in text or text in wanted) and time.value == item["value"]

    return _match(expected, list(enrichment.times), same)


MATCHERS: dict[str, Callable[[Any, Enrichment], Tally]] = {
    "entities": _entities, "quotes": _quotes, "claims": _claims, "times": _times, "places": _places,
}


def golden_articles(golden: dict[str, Any], *, articles: Sequence[Article]) -> list[Article]:
    """The articles a golden file names, in its order, picked by URL from everything read from its data file."""
    by_url = {article.url: article for article in articles}
    missing = [case["url"] for case in golden["articles"] if case["url"] not in by_url]
    if missing:
        raise InputError("E110", f"golden articles not in the data file: {', '.join(missing[:3])}",
                         hint="check the golden file's data_file and URLs")
    return [by_url[case["url"]] for case in golden["articles"]]


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def regressions(current: dict[str, dict[str, Any]], *, pinned: dict[str, dict[str, Any]]) -> list[str]:
    """Each pinned precision or recall the current scores fall below, as "extractor metric: now < pinned"."""
    found = []
    for name, scores in pinned.items():
        for metric in ("precision", "recall"):
            now, then = current[name][metric], scores[metric]
            if now + 1e-9 < then:
                found.append(f"{name} {metric}: {now:.4f} < pinned {then:.4f}")
    return found


# --- attribution: quotes with their speaker, figures with their source (quality/gold/ATTRIBUTION.md) -------

NAME_CONNECTORS = {"of", "and", "de", "da", "del", "der", "van", "von", "al", "el", "bin", "ibn", "la", "le", "&"}
ARTICLES = ("the ", "a ", "an ")
STOPWORDS = {
    "a", "an", "the", "of", "in", "on", "to", "for", "by", "and", "or", "with", "from", "at", "as", "into", "over",
    "who", "whom", "that", "which", "what", "is", "are", "was", "were", "be", "been", "its", "his", "her", "their",
    "this", "these", "those", "all", "more", "than", "some", "other", "others", "per", "about",
}
GOLD_KEYS = {"quotes": ("start", "end", "speaker", "kind"), "figures": ("start", "end", "value", "what", "source")}


def load_attribution_gold(path: str | Path) -> list[dict[str, Any]]:
    """The articles of an attribution gold file (JSON lines), each checked for the fields the scorer reads."""
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            _check_gold_case(case)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise UsageError("E703", f"{path} line {number}: {error}",
                             hint="see quality/gold/ATTRIBUTION.md for the format") from error
        cases.append(case)
    return cases


def _check_gold_case(case: dict[str, Any]) -> None:
    if not isinstance(case["source"], str) or not isinstance(case["sha1"], str):
        raise ValueError("source and sha1 must be strings")
    for field, keys in GOLD_KEYS.items():
        for item in case[field]:
            missing = [key for key in keys if key not in item]
            if missing or not 0 <= item["start"] < item["end"]:
                raise ValueError(f"{field} item {item!r}: missing {missing} or empty span")


def attribution_articles(cases: Sequence[dict[str, Any]], *, data_root: Path, settings: Settings) -> list[Article]:
    """Each gold case's article, read and normalized as Storyline reads it, its text's sha1 checked."""
    files: dict[str, list[Article]] = {}
    found = []
    for case in cases:
        path, _, row = case["source"].partition("#row=")
        if path not in files:
            if not (data_root / path).is_file():
                raise InputError("E704", f"{data_root / path} does not exist", hint="pass --data ../shared/data")
            files[path] = load_articles(data_root / path, settings=settings)[0]
        article = _pick(files[path], row=row)
        if article is None or text_sha1(article.text) != case["sha1"]:
            raise InputError("E704", case["source"],
                             hint="the reader or normalizer changed the text: the gold offsets no longer hold")
        found.append(article)
    return found


def _pick(articles: Sequence[Article], *, row: str) -> Article | None:
    if not row:
        return articles[0] if len(articles) == 1 else None
    return next((article for article in articles if article.source.endswith(f"#{row}")), None)


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def score_attribution(
    cases: Sequence[dict[str, Any]], *, enrichments: Sequence[Enrichment],
) -> dict[str, Any]:
    """Strict quotes (span overlap + speaker's name), strict figures (value + what + source) and lenient figures
    (value only), micro-averaged over the set and per pool (the first folder of each source)."""
    metrics = ("quotes", "figures", "figures_value_only")
    totals = {name: Tally() for name in metrics}
    pools: dict[str, dict[str, Tally]] = {}
    for case, enrichment in zip(cases, enrichments, strict=True):
        pool = pools.setdefault(case["source"].split("/", 1)[0], {name: Tally() for name in metrics})
        quotes, claims = list(enrichment.quotes), list(enrichment.claims)
        tallies = {
            "quotes": _match(case["quotes"], quotes, _same_quote),
            "figures": _match(case["figures"], claims, _same_figure),
            "figures_value_only": _match(case["figures"], claims, _same_value),
        }
        for name, tally in tallies.items():
            totals[name].add(tally)
            pool[name].add(tally)
    return {"articles": len(cases), "scores": {name: tally.scores() for name, tally in totals.items()},
            "by_pool": {name: {metric: tally.scores() for metric, tally in pool.items()}
                        for name, pool in sorted(pools.items())}}


def _same_quote(gold: dict[str, Any], quote: Any) -> bool:
    return spans_overlap(gold["start"], gold["end"], quote.start, quote.end) and same_source(gold["speaker"],
                                                                                            quote.speaker)


def _same_figure(gold: dict[str, Any], claim: Any) -> bool:
    return (_same_value(gold, claim) and bool(content_stems(gold["what"]) & content_stems(claim.subject))
            and same_source(gold["source"], claim.source))


def _same_value(gold: dict[str, Any], claim: Any) -> bool:
    low, high = gold["value"] if isinstance(gold["value"], list) else (gold["value"], gold["value"])
    predicted_high = claim.value if claim.value_max is None else claim.value_max
    return _close(claim.value, low) and _close(predicted_high, high)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def spans_overlap(start: int, end: int, other_start: int, other_end: int) -> bool:
    """Overlap of at least half the shorter span."""
    shared = min(end, other_end) - max(start, other_start)
    return shared > 0 and 2 * shared >= min(end - start, other_end - other_start)


def same_source(gold: str | None, predicted: str) -> bool:
    """A speaker or source matches when it is the person's (or organisation's) name: canonical names equal
    ignoring case and diacritics, or equal surnames when the prediction is a name. A title ("the Head of
    State") never matches a name; a null gold source matches only an empty prediction."""
    if not gold:
        return not predicted.strip()
    if not predicted.strip():
        return False
    gold_key, predicted_key = _name_key(gold), _name_key(predicted)
    if gold_key == predicted_key:
        return True
    return looks_like_name(predicted) and gold_key.split()[-1:] == predicted_key.split()[-1:]


def _name_key(name: str) -> str:
    folded = _fold(name)
    for article in ARTICLES:
        folded = folded.removeprefix(article)
    return folded


def _fold(text: str) -> str:
    """Lower case, no diacritics, words of letters and digits only."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+", plain.casefold()))


def looks_like_name(text: str) -> bool:
    """Every word capitalised except connectors ("Bashar al-Assad", "Bank of England"), not opening with an
    article: "the Head of State" and "Conservative member of parliament" are titles, not names."""
    words = text.split()
    if not words or words[0].lower() in {"the", "a", "an"}:
        return False
    return all(word[:1].isupper() or word.lower() in NAME_CONNECTORS or word.split("-")[0].lower() in NAME_CONNECTORS
               for word in words)


def content_stems(phrase: str) -> set[str]:
    """Stems of the content words of a noun phrase: "people killed" → {"people", "kill"}."""
    return {_stem(word) for word in _fold(phrase).split() if word not in STOPWORDS and not word.isdigit()}


def _stem(word: str) -> str:
    """A light suffix stripper, enough to meet "refugees"/"refugee" and "killed"/"killing" halfway."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def evaluate_attribution(gold_path: Path, *, data_root: Path) -> dict[str, Any]:
    """Read the gold file's articles as Storyline reads them, enrich them, score the attribution."""
    cases = load_attribution_gold(gold_path)
    from storyline.enrich import enrich_articles
    from storyline.enrich.nlp import model_name

    settings = Settings.load()
    articles = attribution_articles(cases, data_root=data_root, settings=settings)
    scores = score_attribution(cases, enrichments=enrich_articles(articles, settings=settings))
    return {"gold": str(gold_path), "model": model_name(settings), **scores}
