"""Merged events in the shapes analysts compare with: PLOVER JSON, GDELT 2.0 event rows, ACLED rows.

Each function takes merged events and ``sources`` (article id → url, title, source, published) and returns
plain dicts (missing cells are None); ``storyline.exports.write_rows`` writes them as JSONL, CSV or Parquet.

A merged event's date is dated by the mentions that give that date: from the text when any of them found it
in the text, else from publication. PLOVER records say so (``date_source``, ``date_precision``); GDELT has no
column for it; ACLED's ``time_precision`` is 1 for a day, 2 for a week or a publication date standing in
(the event happened in the days before), 3 for a month; an event known only to the year or decade, or not
dated at all, is not an ACLED row (ACLED codes nothing coarser than a month).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from storyline.events import plover
from storyline.events.merge import MergedEvent
from storyline.records import Actor

Sources = Mapping[str, Mapping[str, Any]]
SHAPES = ("plover", "gdelt", "acled")
CODER = "storyline events.coder.v1"
# PLOVER → ACLED (event_type, sub_event_type) where ACLED has a close category; mode refines ASSAULT.
ACLED_TYPES = {
    "ASSAULT": ("Violence against civilians", "Attack"), "PROTEST": ("Protests", "Peaceful protest"),
    "COERCE": ("Strategic developments", "Arrests"), "MOBILIZE": ("Strategic developments", "Other"),
    "AGREE": ("Strategic developments", "Agreement"), "RETREAT": ("Strategic developments", "Other"),
}
ACLED_ASSAULT_MODES = {
    "aerial": ("Explosions/Remote violence", "Air/drone strike"),
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "heavy-weapons": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosives": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide-attack": ("Explosions/Remote violence", "Suicide bomb"),
    "unconventional": ("Explosions/Remote violence", "Chemical weapon"),
    "abduct": ("Violence against civilians", "Abduction/forced disappearance"),
    "sexual": ("Violence against civilians", "Sexual violence"),
}
ACLED_PROTEST_MODES = {"riot": ("Riots", "Violent demonstration")}
PRECISION_CODES = {"day": 1, "week": 2, "published": 2, "month": 3}
FINEST_FIRST = ("day", "week", "published", "month", "year", "decade")


def rows(events: Iterable[MergedEvent], *, shape: str, sources: Sources) -> list[dict[str, Any]]:
    shaper = {"plover": plover_record, "gdelt": gdelt_row, "acled": acled_row}[shape]
    return [row for event in events if (row := shaper(event, sources=sources)) is not None]


# --- PLOVER -------------------------------------------------------------------------------------


def plover_record(event: MergedEvent, *, sources: Sources) -> dict[str, Any]:
    """A PLOVER JSON record (manual, "PLOVER JSON" table), with every mention as evidence."""
    first = event.mentions[0]
    kind_score = plover.score(event.type, event.mode)
    return {
        "id": event.id, "date": event.date, **_date_fields(event), "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": sorted({c for m in event.mentions for c in m.contexts} | _auxiliary(event)),
        "actor": [_plover_entity(event.actor)] if event.actor else [],
        "recipient": [_plover_entity(event.recipient)] if event.recipient else [],
        "event_loc": _plover_place(event), "event_text": [m.trigger for m in event.mentions],
        "quad_code": plover.quad_code(event.type), "event_scale": kind_score,
        "size": dict(event.figures), "text": first.sentence,
        "text_info": {"start": first.sentence_start, "end": first.sentence_end},
        "cite_info": _citations(event, sources=sources), "coder": CODER, "confidence": event.confidence,
        "num_mentions": event.num_mentions, "num_articles": event.num_articles, "num_sources": event.num_sources,
        "disagreements": event.disagreements,
    }


def dating(event: MergedEvent) -> tuple[str, str]:
    """(source, precision) of a merged event's date, from the mentions that give that date."""
    dated = [m for m in event.mentions if m.date == event.date and m.date]
    if not dated:
        return "", ""
    sources = {m.date_source for m in dated}
    source = "text" if "text" in sources else "publication" if "publication" in sources else ""
    precisions = [m.date_precision for m in dated if m.date_source == source or not source]
    rank = {name: index for index, name in enumerate(FINEST_FIRST)}
    return source, min(precisions, key=lambda p: rank.get(p, len(rank)))


def _date_fields(event: MergedEvent) -> dict[str, str]:
    source, precision = dating(event)
    return {"date_source": source, "date_precision": precision}


def _auxiliary(event: MergedEvent) -> set[str]:
    """PLOVER puts auxiliary modes (future, negation, hypothetical) in the context list."""
    names = {"negated": "negation", "future": "future", "hypothetical": "hypothetical"}
    return {names[m.modality] for m in event.mentions if m.modality in names}


def _plover_entity(actor: Actor) -> dict[str, Any]:
    return {"code": actor.country, "sector": actor.sector, "entity_text": actor.text, "identifier_text": actor.name}


def _plover_place(event: MergedEvent) -> dict[str, Any] | None:
    place = event.place
    if place is None:
        return None
    return {"name": place.name, "country_code": place.country, "lat": place.lat, "lon": place.lon,
            "feature_class": place.kind}


def _citations(event: MergedEvent, *, sources: Sources) -> list[dict[str, Any]]:
    cited = []
    for article_id in sorted({m.article_id for m in event.mentions}):
        info = sources.get(article_id, {})
        cited.append({"citation": article_id, "url": info.get("url", ""), "title": info.get("title", ""),
                      "publication": info.get("source", "")})
    return cited


# --- GDELT 2.0 ----------------------------------------------------------------------------------


def gdelt_row(event: MergedEvent, *, sources: Sources) -> dict[str, Any]:
    """The GDELT 2.0 event columns, filled from the merged event (CAMEO code from the 2021 crosswalk)."""
    code = plover.cameo_code(event.type, event.mode) or "010"
    day = event.date.replace("-", "") or None
    row: dict[str, Any] = dict.fromkeys(plover.ontology()["gdelt_columns"])
    row.update({
        "GLOBALEVENTID": int(event.id, 16) % 2**53, "SQLDATE": day, "MonthYear": day and day[:6],
        "Year": day and day[:4],
        "FractionDate": _fraction(event.date), "IsRootEvent": 1, "EventCode": code, "EventBaseCode": code[:3],
        "EventRootCode": code[:2], "QuadClass": plover.quad_code(event.type),
        "GoldsteinScale": plover.goldstein(code), "NumMentions": event.num_mentions,
        "NumSources": event.num_sources, "NumArticles": event.num_articles,
        "DATEADDED": day and day + "000000", "SOURCEURL": _first_url(event, sources=sources),
    })
    row.update(_gdelt_actor("Actor1", event.actor))
    row.update(_gdelt_actor("Actor2", event.recipient))
    row.update(_gdelt_geo(event))
    return row


def _fraction(date: str) -> float | None:
    try:
        year, month, day = (int(part) for part in date.split("-"))
    except ValueError:
        return None
    return round(year + ((month - 1) * 30 + day) / 365, 4)


def _gdelt_actor(prefix: str, actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {}
    return {f"{prefix}Code": actor.country + actor.sector, f"{prefix}Name": actor.name.upper(),
            f"{prefix}CountryCode": actor.country if actor.country not in plover.NON_STATE else "",
            f"{prefix}KnownGroupCode": actor.country if actor.country in plover.NON_STATE else "",
            f"{prefix}Type1Code": actor.sector}


def _gdelt_geo(event: MergedEvent) -> dict[str, Any]:
    place = event.place
    if place is None:
        return {}
    kind = {"country": 1, "region": 2, "city": 4}.get(place.kind, 4)
    return {"ActionGeo_Type": kind, "ActionGeo_FullName": place.name, "ActionGeo_CountryCode": place.country,
            "ActionGeo_Lat": place.lat, "ActionGeo_Long": place.lon}


def _first_url(event: MergedEvent, *, sources: Sources) -> str:
    urls = [sources.get(m.article_id, {}).get("url", "") for m in event.mentions]
    return next((url for url in urls if url), event.mentions[0].article_id)


# --- ACLED --------------------------------------------------------------------------------------


def acled_row(event: MergedEvent, *, sources: Sources) -> dict[str, Any] | None:
    """ACLED's columns for the PLOVER types ACLED records (violence, protests, strategic developments)."""
    category = _acled_category(event)
    precision = PRECISION_CODES.get(dating(event)[1])
    if category is None or precision is None:
        return None
    place = event.place
    first = event.mentions[0]
    return {
        "event_date": event.date, "event_type": category[0], "sub_event_type": category[1],
        "actor1": _acled_actor(event.actor), "actor2": _acled_actor(event.recipient),
        "country": plover.country_title(place.country if place else _where(event)),
        "location": place.name if place else None, "latitude": place.lat if place else None,
        "longitude": place.lon if place else None, "geo_precision": _geo_precision(place.kind) if place else None,
        "time_precision": precision,
        "fatalities": int(event.figures.get("killed", 0)),
        "source": "; ".join(sorted({str(sources.get(m.article_id, {}).get("source", m.article_id))
                                    for m in event.mentions})),
        "notes": first.sentence,
    }


def _where(event: MergedEvent) -> str:
    """Without a place, the target's country (an offensive against Ukraine happens in Ukraine), else the actor's."""
    for actor in (event.recipient, event.actor):
        if actor is not None and actor.country and actor.country not in plover.NON_STATE:
            return actor.country
    return ""


def _acled_category(event: MergedEvent) -> tuple[str, str] | None:
    if event.type == "ASSAULT" and event.mode in ACLED_ASSAULT_MODES:
        return ACLED_ASSAULT_MODES[event.mode]
    if event.type == "ASSAULT" and event.actor and event.recipient and event.recipient.sector in {"MIL", "GOV"}:
        return "Battles", "Armed clash"
    if event.type == "PROTEST" and event.mode in ACLED_PROTEST_MODES:
        return ACLED_PROTEST_MODES[event.mode]
    return ACLED_TYPES.get(event.type)


def _acled_actor(actor: Actor | None) -> str:
    if actor is None:
        return ""
    return f"{actor.name} ({actor.country})" if actor.country else actor.name


def _geo_precision(kind: str) -> int:
    return {"city": 1, "region": 2}.get(kind, 3)
