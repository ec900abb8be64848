"""``storyline eval attribution``: the scorer's matching rules, the command end to end on a tiny hand-made gold
file (never the sealed one), and the committed gold files resolving to the texts they were labelled on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.enrich.evaluate import (
    attribution_articles,
    content_stems,
    load_attribution_gold,
    same_source,
    score_attribution,
    spans_overlap,
    text_sha1,
)
from storyline.errors import InputError, UsageError
from storyline.records import Claim, Enrichment, Quote
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "quality" / "gold"
MINI_PATH = "tls/t17-dev/haiti/mini/InputDocs/2010-01-17/1.htm.txt"
MINI_TEXT = ("Quake toll rises in Haiti\nThe Red Cross said on Sunday that 45,000 people had been killed.\n"
             "\"We will rebuild every school,\" said Mayor Jean Dupont.\n"
             "Seven others were wounded in a second tremor.\n")
KINDS = {"direct", "indirect", "continued", "nested", "unmarked", "transcript", "address"}


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


# --- matching rules --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("gold", "predicted", "same"), [
    ("Vladimir Putin", "Vladimir Putin", True),
    ("Vladimir Putin", "vladimir putin", True),
    ("Vladimir Putin", "Putin", True),  # the gold full name's surname
    ("Sauli Niinistö", "Sauli Niinisto", True),  # diacritics
    ("Red Cross", "the Red Cross", True),
    ("Vladimir Putin", "the Head of State", False),  # a title never matches
    ("John Baron", "Conservative member of parliament", False),
    ("BP", "A BP executive", False),
    ("Vladimir Putin", "Dmitry Peskov", False),
    ("Vladimir Putin", "", False),
    (None, "", True),  # null gold: only a null prediction
    (None, "officials", False),
])
def test_a_speaker_matches_only_by_the_persons_name(gold: str | None, predicted: str, same: bool) -> None:
    assert same_source(gold, predicted) is same


def test_spans_match_when_they_share_half_the_shorter() -> None:
    assert spans_overlap(0, 100, 40, 60)  # inside
    assert spans_overlap(0, 10, 5, 20)  # 5 of the shorter's 10
    assert not spans_overlap(0, 10, 6, 20)  # 4 of 10
    assert not spans_overlap(0, 10, 10, 20)  # touching


def test_what_a_figure_counts_matches_on_content_word_stems() -> None:
    assert content_stems("people killed") & content_stems("the killing of people")
    assert content_stems("refugees") & content_stems("refugee")
    assert not content_stems("people killed") & content_stems("the death toll")


def test_scores_are_strict_for_speaker_and_source_lenient_by_value() -> None:
    text = MINI_TEXT
    direct, reported = span(text, "We will rebuild every school,"), span(text, "45,000 people had been killed")
    number, seven = span(text, "45,000"), span(text, "Seven")
    case = {"source": "x", "sha1": "", "quotes": [
        {"start": reported[0], "end": reported[1], "speaker": "Red Cross", "kind": "indirect"},
        {"start": direct[0], "end": direct[1], "speaker": "Jean Dupont", "kind": "direct"},
    ], "figures": [
        {"start": number[0], "end": number[1], "value": 45000, "unit": None, "what": "people killed",
         "source": "Red Cross"},
        {"start": seven[0], "end": seven[1], "value": 7, "unit": None, "what": "people wounded", "source": None},
    ]}
    enrichment = Enrichment("a", quotes=(
        Quote("Mayor", text[direct[0]:direct[1]], *direct, "direct"),  # a title, not the name
        Quote("Red Cross", text[reported[0]:reported[1]], *reported, "reported"),
    ), claims=(
        Claim(45000, "people", "", "people", "killed", "Red Cross", "45,000", *number),
        Claim(7, "", "", "others", "wounded", "Red Cross", "Seven", *seven),  # borrowed source, other subject
    ))
    scores = score_attribution([case], enrichments=[enrichment])["scores"]
    assert (scores["quotes"]["matched"], scores["quotes"]["predicted"], scores["quotes"]["expected"]) == (1, 2, 2)
    assert scores["figures"]["matched"] == 1
    assert scores["figures_value_only"]["matched"] == 2
    assert scores["quotes"]["precision"] == 0.5


def test_a_figure_range_must_match_both_ends() -> None:
    case = {"source": "x", "sha1": "", "quotes": [], "figures": [
        {"start": 0, "end": 6, "value": [24, 99], "unit": None, "what": "soldiers wounded", "source": None}]}
    exact = Claim(24, "", "", "soldiers", "wounded", "", "dozens", 0, 6, value_max=99)
    low_only = Claim(24, "", "", "soldiers", "wounded", "", "dozens", 0, 6)
    def matched(claim: Claim) -> int:
        return score_attribution([case], enrichments=[Enrichment("a", claims=(claim,))])["scores"]["figures"]["matched"]

    assert (matched(exact), matched(low_only)) == (1, 0)


# --- the command on a tiny hand-made gold file ------------------------------------------------------------

@pytest.fixture
def mini_gold(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder with one T17-shaped article and a gold file labelling it."""
    data = tmp_path / "data"
    article = data / MINI_PATH
    article.parent.mkdir(parents=True)
    article.write_text(MINI_TEXT, encoding="utf-8")
    case = {"source": MINI_PATH, "sha1": "", "quotes": [], "figures": []}
    text = attribution_text(case, data)
    direct, reported = span(text, "We will rebuild every school,"), span(text, "45,000 people had been killed")
    number = span(text, "45,000")
    case.update(sha1=text_sha1(text), quotes=[
        {"start": reported[0], "end": reported[1], "speaker": "Red Cross", "kind": "indirect"},
        {"start": direct[0], "end": direct[1], "speaker": "Jean Dupont", "kind": "direct"},
    ], figures=[{"start": number[0], "end": number[1], "value": 45000, "unit": None, "what": "people killed",
                 "source": "Red Cross"}])
    gold = tmp_path / "mini-dev.jsonl"
    gold.write_text(json.dumps(case) + "\n", encoding="utf-8")
    return gold, data


def attribution_text(case: dict, data: Path) -> str:
    """The normalized text the reader gives (the gold's sha1 is not checked yet: it is being written)."""
    from storyline.pipeline import load_articles

    return load_articles(data / case["source"], settings=Settings.load({"enrich": False}))[0][0].text


def run_eval(*args: str) -> Result:
    return CliRunner().invoke(main, ["eval", "attribution", *args])


def test_eval_attribution_scores_a_hand_made_gold_file(mini_gold: tuple[Path, Path]) -> None:
    gold, data = mini_gold
    result = run_eval("--gold", str(gold), "--data", str(data), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["articles"] == 1
    assert report["scores"]["quotes"]["expected"] == 2
    assert report["scores"]["figures"]["expected"] == 1
    # the plainest case there is: a direct quote, "said Mayor Jean Dupont" right after it
    assert report["scores"]["quotes"]["matched"] >= 1
    assert report["scores"]["figures_value_only"]["matched"] == 1
    assert set(report["by_pool"]) == {"tls"}
    text = run_eval("--gold", str(gold), "--data", str(data))
    assert text.exit_code == 0 and "quotes (span + speaker's name)" in text.output


def test_eval_attribution_refuses_a_changed_text(mini_gold: tuple[Path, Path]) -> None:
    gold, data = mini_gold
    (data / MINI_PATH).write_text(MINI_TEXT.replace("45,000", "46,000"), encoding="utf-8")
    result = run_eval("--gold", str(gold), "--data", str(data))
    assert result.exit_code == 1 and "E704" in result.output


def test_eval_attribution_keeps_the_test_half_sealed(mini_gold: tuple[Path, Path]) -> None:
    gold, data = mini_gold
    for name in ("mini-test.jsonl", "mini-test2.jsonl"):
        sealed = gold.with_name(name)
        sealed.write_text(gold.read_text(encoding="utf-8"), encoding="utf-8")
        result = run_eval("--gold", str(sealed), "--data", str(data))
        assert result.exit_code != 0 and "sealed" in result.output


def test_a_malformed_gold_line_is_E703(tmp_path: Path) -> None:
    gold = tmp_path / "bad-dev.jsonl"
    gold.write_text('{"source": "x", "sha1": "y", "quotes": [{"start": 5, "end": 5}], "figures": []}\n')
    with pytest.raises(UsageError) as caught:
        load_attribution_gold(gold)
    assert caught.value.code == "E703"


# --- the committed gold files -----------------------------------------------------------------------------

@pytest.mark.parametrize("half", ["dev", "test"])
def test_gold_files_parse_and_every_reference_resolves(half: str, shared_data) -> None:
    """Reads the texts only (reader + normalizer); never enriches or scores the sealed half."""
    data = shared_data()
    cases = load_attribution_gold(GOLD / f"attribution-{half}.jsonl")
    assert len(cases) == 7
    assert {case["source"].split("/", 1)[0] for case in cases} == {"kremlin-2022", "tls"}
    articles = attribution_articles(cases, data_root=data, settings=Settings.load({"enrich": False}))
    for case, article in zip(cases, articles, strict=True):
        assert text_sha1(article.text) == case["sha1"]
        for item in case["quotes"] + case["figures"]:
            assert 0 <= item["start"] < item["end"] <= len(article.text)
        assert {quote["kind"] for quote in case["quotes"]} <= KINDS
        for figure in case["figures"]:
            assert isinstance(figure["value"], int | float) or len(figure["value"]) == 2
            assert figure["what"].strip()


def test_a_missing_source_is_E704(tmp_path: Path) -> None:
    case = {"source": "tls/t17-dev/nowhere.htm.txt", "sha1": "0", "quotes": [], "figures": []}
    with pytest.raises(InputError) as caught:
        attribution_articles([case], data_root=tmp_path, settings=Settings.load({"enrich": False}))
    assert caught.value.code == "E704"
