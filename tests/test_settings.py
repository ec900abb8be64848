"""Settings: one list, validated, documented."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from storyline.errors import CODES, SettingError
from storyline.settings import SETTINGS, Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_setting_is_documented() -> None:
    page = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [setting.name for setting in SETTINGS if f"`{setting.name}`" not in page]
    assert not missing, f"add these settings to docs/settings.md: {missing}"


def test_every_error_code_is_documented() -> None:
    page = (DOCS / "errors.md").read_text(encoding="utf-8")
    assert not [code for code in CODES if f"`{code}`" not in page]


def test_overrides_and_environment_are_coerced(monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_BATCH_SIZE", "7")
    settings = Settings.load({"enrich": "false", "near_duplicate_threshold": "0.9"})
    assert (settings.batch_size, settings.enrich, settings.near_duplicate_threshold) == (7, False, 0.9)


@pytest.mark.parametrize(("overrides", "code"), [({"nope": 1}, "E601"), ({"batch_size": "many"}, "E602"),
                                                 ({"enrich": "perhaps"}, "E602")])
def test_bad_settings_say_what_is_wrong(overrides, code) -> None:
    with pytest.raises(SettingError) as caught:
        Settings.load(overrides)
    assert caught.value.code == code


def test_settings_page_is_what_the_script_writes() -> None:
    script = runpy.run_path(str(DOCS.parent / "scripts" / "settings_doc.py"))
    assert (DOCS / "settings.md").read_text(encoding="utf-8") == script["settings_page"](), (
        "run: .venv/bin/python scripts/settings_doc.py")


OUT_OF_RANGE = [
    ("near_duplicate_threshold", "2", "in (0, 1]"), ("near_duplicate_threshold", "0", "in (0, 1]"),
    ("near_duplicate_threshold", "nan", "in (0, 1]"), ("minhash_permutations", "0", "between 16 and 1024"),
    ("minhash_permutations", "2048", "between 16 and 1024"), ("minhash_permutations", "64.5", "whole number"),
    ("batch_size", "0", "at least 1"), ("batch_size", "-5", "at least 1"), ("processes", "0", "between 1 and 256"),
    ("max_input_bytes", "0", "at least 1"), ("min_text_chars", "-1", "at least 0"),
    ("engine", "spark", "one of local, dask"), ("story_threshold", "1.5", "in [0, 1]"),
    ("story_threshold", "-inf", "in [0, 1]"), ("story_window_days", "-1", "at least 0"),
]


@pytest.mark.parametrize(("name", "raw", "valid"), OUT_OF_RANGE)
def test_a_value_out_of_range_names_setting_value_and_range(name: str, raw: str, valid: str, monkeypatch) -> None:
    for load in (lambda: Settings.load({name: raw}), lambda: Settings.load().with_values(**{name: raw})):
        with pytest.raises(SettingError) as caught:
            load()
        assert caught.value.code == "E602"
        assert f"{name}={raw!r}" in caught.value.detail and valid in caught.value.hint
    monkeypatch.setenv(f"STORYLINE_{name.upper()}", raw)
    with pytest.raises(SettingError):
        Settings.load()


def test_python_values_are_checked_too() -> None:
    for bad in ({"batch_size": 0}, {"batch_size": True}, {"near_duplicate_threshold": 2}, {"processes": 2.5}):
        with pytest.raises(SettingError):
            Settings.load(bad)
    settings = Settings.load({"near_duplicate_threshold": 1, "engine": "Dask", "batch_size": 3.0})
    assert (settings.near_duplicate_threshold, settings.engine, settings.batch_size) == (1.0, "dask", 3)


def test_every_default_is_valid() -> None:
    for setting in SETTINGS:
        assert setting.check(setting.default) == setting.default


@pytest.mark.parametrize(("threshold", "permutations"), [(1.0, 16), (0.99, 64), (0.01, 1024), (0.9, 16)])
def test_extreme_valid_dedupe_settings_still_find_near_copies(threshold: float, permutations: int) -> None:
    from datetime import UTC, datetime

    from storyline.dedupe import Deduper
    from storyline.records import Article

    text = " ".join(f"word{i}" for i in range(300))

    def article(article_id: str, body: str) -> Article:
        return Article(id=article_id, source="s", format="seed", title="t", text=body, url="", canonical_url="",
                       published=datetime(2022, 1, 1, tzinfo=UTC), date_precision="day", language="en",
                       language_score=1.0, author="", content_hash=article_id, raw_sha="", record_index=0)

    deduper = Deduper(threshold=threshold, permutations=permutations)
    deduper.add(article("a" * 16, text))
    deduper.add(article("b" * 16, text + " "))  # same shingles, different hash: a near copy at Jaccard 1
    deduper.add(article("c" * 16, " ".join(f"other{i}" for i in range(300))))
    assert deduper.group("b" * 16) == ["a" * 16, "b" * 16]
    assert deduper.group("c" * 16) == ["c" * 16]
