"""Settings: one list, validated, documented."""

from __future__ import annotations

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
