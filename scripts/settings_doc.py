"""Rewrite docs/settings.md and docs/errors.md from the settings list and the error codes.

    .venv/bin/python scripts/settings_doc.py
"""

from __future__ import annotations

from pathlib import Path

from storyline.errors import CODES
from storyline.settings import SETTINGS, Setting

DOCS = Path(__file__).resolve().parents[1] / "docs"


def settings_page() -> str:
    lines = [
        "# Settings", "",
        "One list (`storyline/settings.py`) drives the CLI (`--set name=value`), the environment",
        "(`STORYLINE_<NAME>`, e.g. `STORYLINE_BATCH_SIZE=500`) and this page (`scripts/settings_doc.py` writes it).",
        "A test fails when a setting is missing here. Values are checked when they are read: one outside the",
        "valid values stops the command with E602, naming the setting, the value and what is valid.", "",
        "| setting | default | valid values | what it does |", "|---|---|---|---|",
    ]
    lines += [f"| `{s.name}` | `{s.default!r}` | {_valid(s)} | {s.help} |" for s in SETTINGS]
    return "\n".join(lines) + "\n"


def _valid(setting: Setting) -> str:
    if isinstance(setting.default, bool):
        return "true or false (also yes/no, on/off, 1/0)"
    anything = "any text" if isinstance(setting.default, str) else "any"
    return setting.valid() or anything


def errors_page() -> str:
    lines = [
        "# Error codes", "",
        "Every error Storyline raises on purpose has a stable code. Rejected inputs keep theirs in the",
        "`rejections` table (`storyline rejected --code E201`). `E1xx` ingest, `E2xx` normalize, `E3xx` enrich,",
        "`E4xx` events, `E5xx` store, `E6xx` settings, `E7xx` timelines and evaluation.", "",
        "| code | meaning |", "|---|---|",
    ]
    lines += [f"| `{code}` | {meaning} |" for code, meaning in CODES.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (DOCS / "settings.md").write_text(settings_page(), encoding="utf-8")
    (DOCS / "errors.md").write_text(errors_page(), encoding="utf-8")
