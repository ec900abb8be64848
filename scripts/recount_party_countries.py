"""Event parties on Kremlin releases whose country differs from the one their name or title implies.

    STORYLINE_SHARED=../shared .venv/bin/python scripts/recount_party_countries.py [--articles 200] [--show]

Codes the first ``--articles`` rows whose index % 10 != 3 of the 2021-10-24…2022-06-24 Kremlin file and judges
each party independently of the coder: a country's own name is that country; Vladimir Putin (the releases'
author) is Russia; another person of two words or more is of the one state named in an office written right
before the name somewhere in the release or its headline ("President of France Emmanuel Macron", "UAE President
…"). Parties with no such evidence are not judged. Prints judged, wrong country, no country, and names that
start inside a place ("Arabia Mohammed"). Two counts need no judge: persons (a PERSON mention of the article)
coded without a country, and parties named by a lower-case head word with no sector ("Russia's statehood",
"Russian-Belarusian relations") — abstract nouns as parties, to be confirmed by reading them (``--show``).
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from storyline.enrich import enrich_articles
from storyline.events import code_events
from storyline.events.plover import NON_STATE, country_names
from storyline.pipeline import load_articles
from storyline.records import Actor, Article
from storyline.settings import Settings

CSV = Path("kremlin-2022") / "kremlin_en_news_2021-10-24_2022-06-24.csv"
OFFICE = re.compile(r"President|Minister|Prince|King|Emir|Chancellor|Premier|Governor|Secretary|Chairman|Leader"
                    r"|Head", re.IGNORECASE)
BREAK = re.compile(r"[.,;:\n]|\b(?:with|and|by|to|said|met|from|on)\b")
INSIDE_PLACE = re.compile(r"\b(?:Arabia|Republic|Federation|Emirates) [A-Z]")


def implied(name: str, article: Article, pattern: re.Pattern[str]) -> tuple[str, str]:
    """(country, "country" | "person") the name or an office before it implies; ("", "") when none does."""
    names = country_names()
    code = names.get(name.lower().removeprefix("the "), "")
    if code and code not in NON_STATE:
        return code, "country"
    if name == "Vladimir Putin":
        return "RUS", "person"
    words = name.split()
    if not 2 <= len(words) <= 6 or not all(w[:1].isupper() for w in words if w not in {"bin", "al"}):
        return "", ""
    found = set()
    body = f"{article.title}. {article.text}"
    for match in re.finditer(re.escape(name), body):
        window = BREAK.split(body[max(0, match.start() - 70) : match.start()])[-1]
        if OFFICE.search(window):
            found |= {names[c.lower()] for c in pattern.findall(window) if c[:1].isupper()}
    return (found.pop(), "person") if len(found) == 1 else ("", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--show", action="store_true", help="print each wrong party")
    args = parser.parse_args()
    settings = Settings.load({"enrich": True, "processes": 1})
    root = Path(os.environ.get("STORYLINE_SHARED", "../shared")) / "data"
    articles, _ = load_articles(root / CSV, settings=settings)
    articles = [a for i, a in enumerate(articles) if i % 10 != 3][: args.articles]
    keys = sorted((k for k, c in country_names().items() if len(k) >= 3 and c not in NON_STATE), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE)
    parties: list[tuple[Actor, Article, str]] = []
    persons: dict[str, set[str]] = {}
    for article, enrichment in zip(articles, enrich_articles(articles, settings=settings), strict=True):
        persons[article.id] = {n for m in enrichment.entities if m.label == "PERSON" for n in (m.text, m.canonical)}
        for event in code_events(article, enrichment, settings=settings):
            parties += [(p, article, event.sentence) for p in (event.actor, event.recipient)
                        if p is not None and p.name != "unidentified"]
    judged = [(p, s, code) for p, a, s in parties if (code := implied(p.name, a, pattern)[0])]
    wrong = [(p, s, code) for p, s, code in judged if p.country and p.country != code]
    stateless = [(p, s) for p, a, s in parties if not p.country and p.name in persons.get(a.id, set())]
    common = [(p, s) for p, _, s in parties if not p.sector and p.name.split()[-1].islower()]
    print(f"articles {len(articles)}  parties {len(parties)}  judged {len(judged)}  wrong country {len(wrong)}  "
          f"no country {sum(not p.country for p, _, _ in judged)}  "
          f"name starting inside a place {sum(bool(INSIDE_PLACE.search(p.name)) for p, _, _ in parties)}  "
          f"persons without country {len(stateless)}  common-noun parties without sector {len(common)}")
    for party, sentence, code in wrong if args.show else ():
        print(f"  {party.name} {party.country} (implied {code}) | {sentence[:100]}")
    for label, rows in (("person without country", stateless), ("common-noun party", common)) if args.show else ():
        for party, sentence in rows:
            print(f"  {label}: {party.name} {party.country} | {sentence[:100]}")


if __name__ == "__main__":
    main()
