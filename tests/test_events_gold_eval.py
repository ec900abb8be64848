"""The sentence-gold evaluator (``storyline eval events --gold FILE.jsonl``) on a tiny hand-made gold, and the
shipped blind gold files: they parse and every reference still resolves to its sentence."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import UsageError
from storyline.events.evaluate import (
    ArticleSource,
    GoldActor,
    GoldEvent,
    GoldSentence,
    check_reference,
    evaluate_sentences,
    load_sentence_gold,
    names_match,
    score_sentences,
)
from storyline.events.evaluate import _codes as plover_codes
from storyline.pipeline import load_articles
from storyline.records import Actor, Event
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD_FILES = [ROOT / "quality" / "gold" / "events-dev.jsonl", ROOT / "quality" / "gold" / "events-test.jsonl"]
PUTIN = GoldActor("Vladimir Putin", "RUS", "GOV")
MACRON = GoldActor("Emmanuel Macron", "FRA", "GOV")
BP = GoldActor("BP", "GBR", "BUS")
STORY = ("Russian President Vladimir Putin met French President Emmanuel Macron in Moscow on Monday. "
         "The weather in Moscow was cold and snowy all week. "
         "An earthquake struck the coast of Chile on Tuesday, killing 12 people.")


def _coded(kind: str, actor: Actor | None, recipient: Actor | None = None) -> Event:
    return Event(type=kind, mode="", actor=actor, recipient=recipient, date="2022-02-07", date_precision="day",
                 article_id="a", sentence_start=0, sentence_end=10, sentence="x", confidence=0.9)


def _sentence(ident: str, *events: GoldEvent) -> GoldSentence:
    return GoldSentence(ident, "src", 0, 10, "", events)


def test_names_match_rules() -> None:
    assert names_match(PUTIN, Actor("vladimir putin", "RUS", "GOV"))  # case
    assert names_match(GoldActor("Volodymyr Zelenskyy", "UKR", "GOV"), Actor("Volodymyr Zelenškyy", "UKR"))
    assert names_match(PUTIN, Actor("Putin", "RUS", "GOV"))  # surname of a person
    assert names_match(PUTIN, Actor("President Putin", "", ""))
    assert names_match(PUTIN, Actor("Russia", "RUS", "GOV"))  # country level, the gold is Russia's state
    assert names_match(GoldActor("Russia", "RUS", "GOV"), Actor("Sergei Lavrov", "RUS", "GOV"))
    assert not names_match(BP, Actor("United Kingdom", "GBR", "GOV"))  # a company is not its country
    assert not names_match(PUTIN, Actor("Ukraine", "UKR", "GOV"))
    assert not names_match(PUTIN, Actor("Alexander Lukashenko", "BLR", "GOV"))
    assert not names_match(GoldActor("Russia's armed forces", "RUS", "MIL"), Actor("Ukraine's armed forces", "UKR"))
    assert not names_match(PUTIN, None)


def test_plover_gold_codes_read_as_iso() -> None:
    """CAMEO's JAP/ITL/VTN, left in the PLOVER gold, are Japan, Italy and Viet Nam's ISO codes."""
    raw = [{"code": "JAPGOV"}, {"code": "ITL"}, {"code": "VTNMIL"}, {"code": "USA"}, "stray"]
    assert plover_codes(raw) == {"JPN", "ITA", "VNM", "USA"}


def test_scores_per_type_actor_recipient_and_false_alarms() -> None:
    putin, macron = Actor("Putin", "RUS", "GOV"), Actor("Emmanuel Macron", "FRA", "GOV")
    sentences = [
        _sentence("meet", GoldEvent("CONSULT", PUTIN, MACRON), GoldEvent("CONSULT", MACRON, PUTIN)),
        _sentence("blame", GoldEvent("ACCUSE", GoldActor("Edward Markey", "USA", "LEG"), BP)),
        _sentence("quiet"),
        _sentence("quake"),
        _sentence("storm"),
    ]
    coded = {
        "meet": [_coded("CONSULT", putin, macron)],  # one dyad found: the type is found for both gold events
        "blame": [_coded("ASSAULT", Actor("Markey", "USA", "LEG"))],  # wrong type
        "quake": [_coded("ASSAULT", None)],  # a false alarm; "quiet" and "storm" have nothing coded
    }
    result = score_sentences(sentences, coded)
    assert result["per_type"]["CONSULT"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1,
                                             "tp": 1, "fp": 0, "fn": 0}
    assert result["per_type"]["ACCUSE"]["recall"] == 0.0 and result["per_type"]["ASSAULT"]["fp"] == 2
    assert result["macro_f1"] == 0.5  # CONSULT 1.0 and ACCUSE 0.0; ASSAULT is not a gold type
    assert (result["actor_accuracy"], result["actor_judged"]) == (0.5, 2)  # Macron→Putin has the wrong actor
    assert (result["recipient_accuracy"], result["recipient_judged"]) == (0.5, 2)
    assert (result["false_alarms"], result["no_event_sentences"]) == (1, 3)
    assert result["false_alarm_rate"] == pytest.approx(0.3333)
    assert result["micro"]["tp"] == 1 and result["micro"]["fp"] == 2 and result["micro"]["fn"] == 1


def _tiny_gold(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder with one JSONL article and a gold file over its three sentences."""
    data = tmp_path / "shared" / "data"
    (data / "news").mkdir(parents=True)
    (data / "news" / "wire.jsonl").write_text(json.dumps({"title": "Putin meets Macron", "date": "2022-02-07",
                                                          "text": STORY}) + "\n", encoding="utf-8")
    articles, _ = load_articles(data / "news" / "wire.jsonl", settings=Settings.load())
    text = articles[0].text
    rows = []
    meeting = [{"type": "CONSULT", "actor": vars(PUTIN), "recipient": vars(MACRON)},
               {"type": "CONSULT", "actor": vars(MACRON), "recipient": vars(PUTIN)}]
    for snippet, events in [
        ("Russian President Vladimir Putin met", meeting),
        ("The weather in Moscow", []),
        ("An earthquake struck", []),
    ]:
        start = text.index(snippet)
        end = text.index(".", start) + 1
        rows.append({"id": f"wire@{start}", "source": "news/wire.jsonl#row=0", "start": start, "end": end,
                     "sha1": hashlib.sha1(text[start:end].encode()).hexdigest(), "events": events, "note": ""})
    gold = tmp_path / "tiny.jsonl"
    gold.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return gold, data


def test_evaluate_runs_the_real_coder_on_referenced_articles(tmp_path) -> None:
    gold, data = _tiny_gold(tmp_path)
    result = evaluate_sentences(gold, settings=Settings.load(), root=data)
    assert (result["sentences"], result["gold_events"], result["no_event_sentences"]) == (3, 2, 2)
    assert 0.0 <= result["false_alarm_rate"] <= 1.0 and 0.0 <= result["macro_f1"] <= 1.0
    assert "CONSULT" in result["per_type"] and result["gold"]["path"] == "tiny.jsonl"


def test_cli_prints_the_sentence_report_and_json(tmp_path, monkeypatch) -> None:
    gold, _ = _tiny_gold(tmp_path)
    monkeypatch.setenv("STORYLINE_SHARED", str(tmp_path / "shared"))
    runner = CliRunner()
    text = runner.invoke(main, ["eval", "events", "--gold", str(gold)])
    assert text.exit_code == 0, text.output
    assert "CONSULT" in text.output and "false_alarm_rate" in text.output and "macro_f1" in text.output
    as_json = runner.invoke(main, ["eval", "events", "--gold", str(gold), "--format", "json"])
    assert as_json.exit_code == 0 and json.loads(as_json.output)["sentences"] == 3


def test_drifted_text_is_an_error(tmp_path) -> None:
    gold, data = _tiny_gold(tmp_path)
    rows = [json.loads(line) for line in gold.read_text().splitlines()]
    rows[1]["sha1"] = "0" * 40
    gold.write_text("".join(json.dumps(row) + "\n" for row in rows))
    with pytest.raises(UsageError) as error:
        evaluate_sentences(gold, settings=Settings.load(), root=data)
    assert error.value.code == "E704" and rows[1]["id"] in str(error.value)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_shipped_gold_parses_and_every_reference_resolves(path: Path, shared_data) -> None:
    root = shared_data("kremlin-2022").parent
    shared_data("tls", "t17-dev")
    sentences = load_sentence_gold(path)
    assert len(sentences) >= 100 and sum(not s.events for s in sentences) >= 25
    source = ArticleSource(root, settings=Settings.load())
    for sentence in sentences:
        assert check_reference(sentence, source.article(sentence.source)).strip()
