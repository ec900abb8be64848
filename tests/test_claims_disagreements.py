"""Disagreements between sources: the same count given different values on the same occasion, computed from
the claims the real pipeline stores (ingest + enrichment of a small hand-written corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.enrich.disagreements import Report, count_key, find_disagreements, publisher

TWO_TOLLS = [
    ("https://www.reuters.com/world/blast-1", "2022-03-01T10:00:00Z", "Blast kills 12 in market",
     "A bomb exploded in a crowded market in the city on Tuesday. Officials said 12 people were killed in the "
     "explosion. Rescue teams searched the rubble for survivors through the afternoon."),
    ("https://apnews.com/article/blast-2", "2022-03-01T18:00:00Z", "Market bombing toll rises",
     "A bomb tore through a busy market in the city on Tuesday. Police said 15 people were killed in the blast. "
     "Hospitals in the region appealed for blood donors as the wounded arrived throughout the evening."),
]


def write_corpus(path: Path, articles: list[tuple[str, str, str, str]]) -> Path:
    lines = [json.dumps({"url": url, "published": published, "title": title, "text": text})
             for url, published, title, text in articles]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(tmp_path: Path, articles: list[tuple[str, str, str, str]]) -> str:
    db = str(tmp_path / "storyline.db")
    result = CliRunner().invoke(main, ["ingest", str(write_corpus(tmp_path / "corpus.jsonl", articles)), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def disagreements(db: str, *extra: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["claims", "--db", db, "--disagreements", "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def two_tolls(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest(tmp_path_factory.mktemp("tolls"), TWO_TOLLS)


def test_two_death_tolls_on_one_day_are_a_disagreement(two_tolls: str) -> None:
    [found] = disagreements(two_tolls)
    assert found["count"] == "people killed" and found["unit"] == "people"
    assert found["first_day"] == found["last_day"] == "2022-03-01"
    assert found["sources"] == ["apnews.com", "reuters.com"]
    by_value = {report["value"]: report for report in found["reports"]}
    assert set(by_value) == {12.0, 15.0}
    assert by_value[12.0]["sentence"] == "Officials said 12 people were killed in the explosion."
    assert by_value[15.0]["sentence"] == "Police said 15 people were killed in the blast."
    assert len({report["article_id"] for report in found["reports"]}) == 2


def test_subject_filter_and_table(two_tolls: str) -> None:
    assert disagreements(two_tolls, "--subject", "people")
    assert disagreements(two_tolls, "--subject", "soldiers") == []
    result = CliRunner().invoke(main, ["claims", "--db", two_tolls, "--disagreements"])
    assert result.exit_code == 0
    assert "reuters.com" in result.output and "apnews.com" in result.output and "people killed" in result.output


def test_store_stays_read_only(two_tolls: str) -> None:
    before = Path(two_tolls).stat().st_mtime_ns
    disagreements(two_tolls)
    assert Path(two_tolls).stat().st_mtime_ns == before


def test_compatible_values_and_other_days_are_not_disagreements(tmp_path: Path) -> None:
    at_least = ("https://www.bbc.co.uk/news/blast-3", "2022-03-01T12:00:00Z", "Market blast",
                "A bomb exploded in a crowded market in the city on Tuesday. At least 12 people were killed in the "
                "explosion, hospital staff said.")
    a_week_later = ("https://www.aljazeera.com/news/blast-4", "2022-03-09T12:00:00Z", "Another blast",
                    "A second bomb exploded in a market in the city on Wednesday. Police said 20 people were killed "
                    "in the blast.")
    db = ingest(tmp_path, [TWO_TOLLS[1], at_least, a_week_later])
    assert disagreements(db) == []


def report(value: float, *, source: str = "", site: str = "a.com", day: str = "2022-03-01", qualifier: str = "",
           subject: str = "people", predicate: str = "killed", event: str = "") -> Report:
    return Report("id-" + site, value, None, qualifier, str(int(value)), "people", subject, predicate, source,
                  site, "", day, event)


def test_count_key_meets_two_wordings() -> None:
    assert count_key(report(1, subject="Ukrainian civilians", predicate="died")) == ("civilian", "people", "killed")
    assert count_key(report(1, subject="persons", predicate="were injured")) == ("people", "people", "wounded")
    no_subject = Report("x", 5e6, None, "", "$5m", "USD", "", "cost", "", "a.com", "", "2022-03-01")
    assert count_key(no_subject) is None


def test_rules_of_disagreement() -> None:
    assert find_disagreements([report(12), report(15, site="b.com")])
    assert not find_disagreements([report(12), report(15)])  # one publisher changing its figure
    assert not find_disagreements([report(12, qualifier="at least"), report(15, site="b.com")])
    assert not find_disagreements([report(12), report(15, site="b.com", day="2022-03-05")])
    assert find_disagreements([report(12, event="m1"), report(15, site="b.com", day="2022-03-05", event="m1")])
    assert find_disagreements([report(12, source="the ministry"), report(15, source="the police")])
    assert not find_disagreements([report(12), report(15, site="b.com", predicate="wounded")])


def test_publisher_from_url() -> None:
    assert publisher("https://www.reuters.com/world/x", "file.jsonl") == "reuters.com"
    assert publisher("", "article a1") == "article a1"


def test_a_death_toll_meets_people_killed() -> None:
    toll = report(45000, subject="death toll", predicate="rose to", site="b.com")
    assert count_key(toll) == count_key(report(1, predicate="were killed"))
    [found] = find_disagreements([report(12000), toll])
    assert found.count == "people killed"


def test_figures_that_name_no_outcome_are_not_compared() -> None:
    pledged = [Report(f"id{i}", value, None, "", str(value), "USD", "m", "pledged", "", site, "", "2010-01-14")
               for i, (value, site) in enumerate(((4.3, "a.com"), (4.37, "b.com")))]
    assert count_key(pledged[0]) is None and find_disagreements(pledged) == []
    crowds = [report(1000, predicate="are on", site="a.com"), report(5000, predicate="are on", site="b.com")]
    assert find_disagreements(crowds) == []


def test_an_occasion_does_not_drift_across_days() -> None:
    """Tolls of days 1, 2 and 3 chain pairwise, but day 3 is more than a day after day 1: two occasions."""
    found = find_disagreements([report(10, site="a.com"), report(20, site="b.com", day="2022-03-02"),
                                report(30, site="c.com", day="2022-03-03"), report(40, site="d.com", day="2022-03-03")])
    assert [(d.first_day, d.last_day) for d in found] == [("2022-03-01", "2022-03-02"), ("2022-03-03", "2022-03-03")]
