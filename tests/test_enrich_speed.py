"""The fast parse path changes no output: the attribute ruler's table, column-wise lemmas, the enrichment on them.

Speed itself is measured by ``benchmarks/enrich.py`` (and the wider sameness check by
``benchmarks/enrich_same.py``); these tests only pin that the cheaper path gives exactly the stock result.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import replace
from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler

import storyline.events as events
from storyline.enrich import enrich_articles, enrich_doc, load_nlp
from storyline.enrich.attributes import attribute_table
from storyline.enrich.gazetteer import gazetteer
from storyline.enrich.nlp import model_name, parse
from storyline.enrich.text import remember_text
from storyline.events import code_events
from storyline.pipeline import load_articles
from storyline.records import Article, Enrichment
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = Settings.load({"enrich": False, "processes": 1})
FIXTURES = [ROOT / "examples" / "000_eae2988b17b06bab.txt", ROOT / "tests" / "fixtures" / "ingest" / "article.html",
            ROOT / "tests" / "fixtures" / "ingest" / "articles.csv"]
# Text that fires the ruler's rare rules: two-token patterns (gonna, gotta, let's, y'all, c'mon, ain't,
# existential "there is"), whitespace tokens, a space tagged otherwise, pronouns by dependency.
RARE = ("I'm gonna tell y'all: we gotta go, let's go!  C'mon, there is nothing there and it ain't over.\n\n"
        "They said it to me , and I gave it to you .   Somethin' ol' doin' goin' 'em 'nuff.\t Got it? He gets it.")
ATTRIBUTES = ("tag_", "pos_", "morph", "lemma_", "dep_")


def _articles(paths: list[Path]) -> list[Article]:
    return [article for path in paths for article in load_articles(path, settings=SETTINGS)[0]]


def _kremlin_and_t17(shared_data, folder: Path) -> list[Article]:
    """Three short Kremlin releases (copied to a small CSV: the full one takes seconds to load) and the
    shortest story of two t17-dev topics."""
    with shared_data("kremlin-2022", "kremlin_en_news_2021-10-24_2022-06-24.csv").open(newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in itertools.islice(reader, 40) if len(row.get("body") or "") < 5000][:3]
        fields = reader.fieldnames or []
    small = folder / "kremlin.csv"
    with small.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    found = load_articles(small, settings=SETTINGS)[0]
    for topic in ("haiti", "mj"):
        files = [f for f in sorted(shared_data("tls", "t17-dev", topic).glob("*/InputDocs/*/*.txt"))
                 if f.stat().st_size >= 1500]  # the shortest story with a few paragraphs
        found += load_articles(min(files, key=lambda f: f.stat().st_size), settings=SETTINGS)[0]
    return found


def _token_rows(doc) -> list[tuple[str, ...]]:
    return [tuple(str(getattr(token, name)) for name in ATTRIBUTES) for token in doc]


def _stock_lemmas(doc, cache: dict):
    """The coder's lemmas token by token, as before they were written column-wise (``cache``: its word cache)."""
    copy, name = doc.copy(), model_name(SETTINGS)
    for token in copy:
        if token.pos_ not in events.LEMMATIZED:
            token.lemma_ = token.text if token.pos_ == "PROPN" else token.lower_
            continue
        key = (token.lower_, token.pos_, str(token.morph))
        if key not in cache:
            cache[key] = events._lemmatizer(name).rule_lemmatize(token)[0]
        token.lemma_ = cache[key]
    return copy


def _stock_enrichments(articles: list[Article], cache: dict, monkeypatch) -> list[Enrichment]:
    """Enrichment and events through ``nlp.pipe`` (stock attribute ruler) and token-by-token lemmas."""
    nlp, places, found = load_nlp(SETTINGS), gazetteer(), []
    fast = events._with_lemmas
    monkeypatch.setattr(events, "_with_lemmas", lambda doc, settings: _stock_lemmas(doc, cache))
    for doc, article in zip(nlp.pipe([a.text for a in articles]), articles, strict=True):
        enrichment = enrich_doc(remember_text(doc, article.text), article, places=places)
        found.append(replace(enrichment, events=tuple(code_events(article, enrichment, settings=SETTINGS,
                                                                   docs=doc))))
    monkeypatch.setattr(events, "_with_lemmas", fast)
    return found


def test_the_model_ruler_is_tabulated():
    assert attribute_table(load_nlp(SETTINGS).get_pipe("attribute_ruler")) is not None


def test_table_gives_the_stock_attributes_on_rare_rules():
    nlp = load_nlp(SETTINGS)
    stock, fast = nlp(RARE), next(parse(nlp, [RARE]))
    assert _token_rows(fast) == _token_rows(stock)
    assert fast.to_bytes() == stock.to_bytes()
    lemmas = {token.text: token.lemma_ for token in fast}
    assert (lemmas["gon"], lemmas["na"], lemmas["ta"], lemmas["ai"]) == ("go", "to", "to", "be")  # two-token rules
    assert any(token.pos_ == "SPACE" for token in fast)


def test_parse_and_enrichment_match_stock_on_fixtures(monkeypatch):
    articles = _articles(FIXTURES)
    assert len(articles) >= 3
    _same_everywhere(articles, monkeypatch)


def test_parse_and_enrichment_match_stock_on_shared_articles(shared_data, monkeypatch, tmp_path):
    articles = _kremlin_and_t17(shared_data, tmp_path)
    assert len(articles) == 5
    _same_everywhere(articles, monkeypatch)


def _same_everywhere(articles: list[Article], monkeypatch) -> None:
    nlp, texts, cache = load_nlp(SETTINGS), [article.text for article in articles], {}
    monkeypatch.setattr(events, "_LEMMAS", {})  # both word caches start empty and see the same docs in turn
    for stock, fast in zip(nlp.pipe(texts), parse(nlp, texts), strict=True):
        assert _token_rows(fast) == _token_rows(stock)
        assert fast.to_bytes() == stock.to_bytes()
        lemmatized = events._with_lemmas(fast, settings=SETTINGS)
        assert _token_rows(lemmatized) == _token_rows(_stock_lemmas(stock, cache))
    expected = _stock_enrichments(articles, cache, monkeypatch)
    found = enrich_articles(articles, settings=SETTINGS, then=code_events)
    assert found == expected
    assert sum(len(e.events) for e in found) and sum(len(e.quotes) for e in found)  # the path was exercised


def test_a_custom_ruler_table_matches_its_stock_component():
    """Exact values, IN, NOT_IN, REGEX, IS_SPACE, a later rule overriding an earlier one, a two-token rule."""
    nlp = load_nlp(SETTINGS)
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns([
        {"patterns": [[{"TAG": "NNP"}]], "attrs": {"LEMMA": "name"}},
        {"patterns": [[{"LOWER": {"REGEX": "^kyi"}, "TAG": {"IN": ["NNP", "NN"]}}]], "attrs": {"LEMMA": "capital"}},
        {"patterns": [[{"DEP": {"NOT_IN": ["nsubj", "ROOT"]}, "TAG": "NNP"}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": "the"}, {"TAG": "NNP"}]], "attrs": {"MORPH": "Definite=Def"}, "index": 1},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    ])
    table = attribute_table(ruler)
    assert table is not None
    text = "The Kremlin said Kyiv and the Ukraine talks went on.  Kyiv replied."
    base = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name != "attribute_ruler":
            base = component(base)
    assert _token_rows(table(base.copy())) == _token_rows(ruler(base.copy()))
    assert {token.lemma_ for token in table(base.copy()) if token.text == "Kyiv"} == {"capital"}


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "the", "OP": "?"}],  # operators
    [{"ORTH": "The"}],  # an attribute the table does not read
    [{"LOWER": {"FUZZY": "teh"}}],  # a predicate it does not know
])
def test_untabulable_rulers_keep_the_stock_component(pattern):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"LOWER": "a"}]], "attrs": {"LEMMA": "det"}},
                        {"patterns": [pattern], "attrs": {"LEMMA": "the"}}])
    assert attribute_table(ruler) is None
    text = "The talks: a ceasefire, teh corridors."
    assert _token_rows(next(parse(nlp, [text]))) == _token_rows(nlp(text))
    assert {token.lemma_ for token in next(parse(nlp, [text]))} >= {"det", "the"}
