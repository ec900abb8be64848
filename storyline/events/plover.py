"""The PLOVER ontology, loaded in one place from the package data file ``data/plover.json``.

The file is derived from the shared PLOVER/CAMEO/GDELT/ACLED files by ``build_ontology.py``; nothing here
reads the shared data at run time.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QUAD_CODES = {"Verbal Cooperation": 1, "Material Cooperation": 2, "Verbal Conflict": 3, "Material Conflict": 4}
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}


@cache
def ontology() -> dict[str, Any]:
    return json.loads((DATA / "plover.json").read_text(encoding="utf-8"))


@cache
def _countries() -> dict[str, dict[str, str]]:
    return json.loads((DATA / "countries.json").read_text(encoding="utf-8"))


def country_names() -> dict[str, str]:
    """Lower-cased name, demonym, capital or city → ISO alpha-3 (or a PLOVER non-state code)."""
    return _countries()["names"]


def alpha3(code: str) -> str:
    """ISO alpha-2 → alpha-3; an alpha-3 code passes through."""
    code = code.upper()
    return _countries()["alpha2_to_alpha3"].get(code, code if len(code) == 3 else "")


def capitals() -> dict[str, str]:
    """Lower-cased capital → ISO alpha-3 ("moscow" → "RUS"): a capital named as a party is its government."""
    return _countries()["capitals"]


def country_title(code: str) -> str:
    """A country's English short name from its alpha-2 or alpha-3 code ("UA" → "Ukraine")."""
    return _countries()["alpha3_to_name"].get(alpha3(code), "")


def canonical_type(label: str) -> str:
    """A gold or legacy label in today's 16 types: ``DEMAND`` → ``REQUEST``; unknown labels → ``""``."""
    label = label.strip().upper()
    label = ontology()["legacy"].get(label, label)
    return label if label in TYPES else ""


def score(kind: str, mode: str = "") -> float:
    """PLOVER conflict–cooperation score of a type (and mode when the manual scores it)."""
    scores = ontology()["scores"]
    return scores.get(f"{kind}:{mode}", scores.get(kind, 0.0))


def quad_code(kind: str) -> int:
    return QUAD_CODES.get(ontology()["types"].get(kind, {}).get("quad", ""), 0)


def cameo_code(kind: str, mode: str = "") -> str:
    """The CAMEO code the 2021 crosswalk maps to this type (and mode), for GDELT-shaped exports."""
    table = ontology()["plover_to_cameo"]
    return table.get(f"{kind}:{mode}", table.get(kind, ""))


def goldstein(code: str) -> float:
    """The Goldstein scale value of a CAMEO code, falling back to its base and root codes."""
    scale = ontology()["goldstein"]
    for prefix in (code, code[:3], code[:2]):
        if prefix in scale:
            return scale[prefix]
    return 0.0


def modes(kind: str) -> dict[str, str]:
    return ontology()["types"].get(kind, {}).get("modes", {})
