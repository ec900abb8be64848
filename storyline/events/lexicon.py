"""Trigger words per PLOVER type, written for this coder from the PLOVER manual's definitions.

A trigger is a verb or noun lemma that names an event; each maps to ``(type, mode, weight)`` where the
weight is how reliably the word alone names that type (a prior for the event's confidence). Verbs that
only carry an event named by their object ("hold talks", "impose sanctions") are *light* verbs; verbs
that embed another action ("threatened to cut ties") give the type and swallow the embedded trigger.
"""

from __future__ import annotations

Entry = tuple[str, str, float]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _entries(kind: str, words: str, *, mode: str = "", weight: float = 0.8) -> dict[str, Entry]:
    return {word.replace("_", " ").replace("-", " "): (kind, mode, weight) for word in words.split()}


VERBS: dict[str, Entry] = {
    **_entries("AGREE", "agree offer promise pledge vow commit accept propose volunteer invite", weight=0.8),
    **_entries("CONSULT", "meet negotiate consult confer discuss mediate", weight=0.8),
    **_entries("CONSULT", "visit arrive tour", mode="visit", weight=0.7),
    **_entries("CONSULT", "phone telephone", mode="phone", weight=0.8),
    **_entries("SUPPORT", "praise endorse welcome commend applaud hail back support defend recognize "
               "apologize apologise forgive congratulate thank sign ratify", weight=0.7),
    **_entries("CONCEDE", "concede relent yield compromise acquiesce accede soften", weight=0.75),
    **_entries("COOPERATE", "cooperate collaborate partner trade extradite share", weight=0.7),
    **_entries("AID", "aid donate grant supply airlift fund finance ship provide deliver hand_over", weight=0.75),
    **_entries("RETREAT", "withdraw retreat evacuate", mode="withdraw", weight=0.8),
    **_entries("RETREAT", "release free", mode="release", weight=0.75),
    **_entries("RETREAT", "resign quit", mode="resign", weight=0.8),
    **_entries("RETREAT", "disarm demobilize surrender", mode="disarm", weight=0.8),
    **_entries("RETREAT", "return", mode="return", weight=0.5),
    **_entries("REQUEST", "demand urge ask request appeal plead press insist seek want call_for call_on beg "
               "order petition", weight=0.8),
    **_entries("ACCUSE", "accuse blame condemn criticize criticise denounce decry deplore charge allege "
               "complain protest_against fault slam rebuke censure sue indict", mode="", weight=0.8),
    **_entries("ACCUSE", "investigate probe inquire examine", mode="investigate", weight=0.75),
    **_entries("REJECT", "reject refuse deny decline veto rebuff oppose dismiss spurn renounce resist defy "
               "boycott_talks", weight=0.8),
    **_entries("THREATEN", "threaten warn menace vow_to_retaliate", weight=0.85),
    **_entries("PROTEST", "protest demonstrate rally march picket", mode="demo", weight=0.85),
    **_entries("PROTEST", "riot", mode="riot", weight=0.9),
    **_entries("PROTEST", "strike", mode="strike", weight=0.4),
    **_entries("PROTEST", "boycott", mode="boycott", weight=0.8),
    **_entries("PROTEST", "blockade barricade", mode="obstruct", weight=0.6),
    **_entries("SANCTION", "sanction embargo penalize", weight=0.85),
    **_entries("SANCTION", "expel oust force_out", mode="expel", weight=0.8),
    **_entries("SANCTION", "suspend cancel cut_off sever freeze downgrade recall", mode="discontinue", weight=0.6),
    **_entries("SANCTION", "convict sentence", mode="convict", weight=0.8),
    **_entries("MOBILIZE", "mobilize mobilise deploy mass station", mode="troops", weight=0.75),
    **_entries("MOBILIZE", "arm", mode="weapons", weight=0.6),
    **_entries("MOBILIZE", "reinforce strengthen", mode="troops", weight=0.5),
    **_entries("COERCE", "arrest detain jail imprison", mode="arrest", weight=0.85),
    **_entries("COERCE", "seize confiscate raid occupy annex impound nationalize", mode="seize", weight=0.8),
    **_entries("COERCE", "ban outlaw prohibit restrict block dissolve", mode="restrict", weight=0.7),
    **_entries("COERCE", "censor", mode="censor", weight=0.85),
    **_entries("COERCE", "deport", mode="deport", weight=0.85),
    **_entries("COERCE", "hack deface", mode="cyber", weight=0.8),
    **_entries("ASSAULT", "attack assault strike_at storm invade pummel shell bombard bomb raid_on ambush "
               "fight clash battle kill massacre slaughter wound injure hit target besiege overrun capture "
               "destroy torch burn loot", weight=0.85),
    **_entries("ASSAULT", "shoot fire_on fire_at fire gun_down", mode="firearms", weight=0.85),
    **_entries("ASSAULT", "blow_up demolish bulldoze raze", mode="destroy", weight=0.8),
    **_entries("ASSAULT", "abuse", mode="beat", weight=0.7),
    **_entries("ASSAULT", "abduct kidnap hijack", mode="abduct", weight=0.9),
    **_entries("ASSAULT", "torture", mode="torture", weight=0.9),
    **_entries("ASSAULT", "assassinate execute behead", mode="targeted", weight=0.9),
    **_entries("ASSAULT", "beat stab lynch", mode="beat", weight=0.8),
    **_entries("ASSAULT", "rape", mode="sexual", weight=0.9),
}

NOUNS: dict[str, Entry] = {
    **_entries("AGREE", "offer promise pledge proposal", weight=0.6),
    **_entries("CONSULT", "talk negotiation discussion meeting summit consultation dialogue conference "
               "conversation mediation", weight=0.8),
    **_entries("CONSULT", "visit trip", mode="visit", weight=0.75),
    **_entries("CONSULT", "call phone_call telephone_call", mode="phone", weight=0.55),
    **_entries("SUPPORT", "agreement accord treaty deal recognition endorsement apology", weight=0.6),
    **_entries("CONCEDE", "concession compromise", weight=0.7),
    **_entries("COOPERATE", "cooperation partnership exchange", weight=0.55),
    **_entries("AID", "aid assistance equipment weapon arm loan donation relief supply", weight=0.7),
    **_entries("RETREAT", "withdrawal pullout retreat evacuation", mode="withdraw", weight=0.8),
    **_entries("RETREAT", "ceasefire cease-fire truce armistice", mode="ceasefire", weight=0.75),
    **_entries("RETREAT", "release", mode="release", weight=0.6),
    **_entries("RETREAT", "resignation", mode="resign", weight=0.8),
    **_entries("REQUEST", "demand request appeal plea ultimatum call", weight=0.75),
    **_entries("ACCUSE", "accusation allegation condemnation criticism complaint charge lawsuit", weight=0.75),
    **_entries("ACCUSE", "investigation probe inquiry hearing", mode="investigate", weight=0.75),
    **_entries("REJECT", "rejection refusal veto denial", weight=0.75),
    **_entries("THREATEN", "threat warning ultimatum", weight=0.8),
    **_entries("THREATEN", "posture alert", mode="violence", weight=0.6),
    **_entries("PROTEST", "protest demonstration rally march sit-in", mode="demo", weight=0.85),
    **_entries("PROTEST", "riot", mode="riot", weight=0.9),
    **_entries("PROTEST", "strike walkout general_strike", mode="strike", weight=0.55),
    **_entries("ASSAULT", "air_strike missile_strike airstrike", mode="aerial", weight=0.85),
    **_entries("ASSAULT", "drone_strike", mode="drone", weight=0.85),
    **_entries("PROTEST", "boycott", mode="boycott", weight=0.75),
    **_entries("PROTEST", "hunger_strike", mode="hunger", weight=0.9),
    **_entries("SANCTION", "sanction embargo penalty", weight=0.85),
    **_entries("SANCTION", "expulsion", mode="expel", weight=0.8),
    **_entries("SANCTION", "suspension", mode="discontinue", weight=0.6),
    **_entries("MOBILIZE", "mobilization mobilisation deployment buildup build-up reinforcement", mode="troops",
               weight=0.75),
    **_entries("MOBILIZE", "patrol", mode="police", weight=0.6),
    **_entries("COERCE", "arrest detention crackdown", mode="arrest", weight=0.75),
    **_entries("COERCE", "seizure confiscation raid occupation annexation takeover", mode="seize", weight=0.7),
    **_entries("COERCE", "ban restriction curfew blockade", mode="restrict", weight=0.7),
    **_entries("COERCE", "censorship", mode="censor", weight=0.8),
    **_entries("COERCE", "martial_law emergency", mode="martial-law", weight=0.6),
    **_entries("COERCE", "deportation", mode="deport", weight=0.85),
    **_entries("COERCE", "cyberattack hacking", mode="cyber", weight=0.85),
    **_entries("ASSAULT", "attack assault offensive invasion bombardment shelling airstrike air_strike bombing "
               "raid ambush fighting clash battle massacre killing violence incursion cleansing", weight=0.8),
    **_entries("ASSAULT", "shooting gunfire", mode="firearms", weight=0.85),
    **_entries("ASSAULT", "kidnapping abduction hijacking", mode="abduct", weight=0.9),
    **_entries("ASSAULT", "assassination execution", mode="targeted", weight=0.9),
    **_entries("ASSAULT", "torture", mode="torture", weight=0.9),
    **_entries("ASSAULT", "explosion blast", mode="explosives", weight=0.7),
}

# Verbs that name no event themselves but carry the event named by their object.
LIGHT_VERBS = _words(
    "hold begin start launch conduct carry stage impose make issue have open resume end conclude attend "
    "take announce approve deliver send provide give reach mount unleash step_up escalate continue hit "
    "slap extend join lead organize organise order commit receive"
)
# Verbs whose complement is the event's content: the verb gives the type, the complement's trigger is absorbed.
EMBEDDING = _words(
    "agree offer promise pledge vow propose threaten warn demand urge ask request appeal seek want call "
    "insist press refuse reject decline deny accuse blame charge allege condemn criticize refuse"
)
# Nouns whose complement is their content: "demands that Ukraine *recognize* ...", "threat to *attack*".
EMBEDDING_NOUNS = _words(
    "demand request call appeal offer promise pledge proposal threat warning accusation allegation refusal "
    "rejection plea ultimatum"
)
# "ties"/"relations" are events only with a verb that makes or breaks them.
RELATION_NOUNS = frozenset({"tie", "ties", "relation", "relations"})
RELATION_VERBS = {
    **dict.fromkeys(_words("establish restore upgrade normalize normalise resume improve strengthen"), ("SUPPORT", "")),
    **dict.fromkeys(_words("break sever cut downgrade suspend freeze"), ("SANCTION", "withdraw")),
}
NEGATING_VERBS = _words("fail refuse decline")
# Verbs that make their complement an intention (PLOVER's "future" auxiliary mode).
INTENTION = _words(
    "plan intend prepare aim expect hope try attempt mean decide consider plot vow willing ready prepared"
)
# Verbs that undo what their object names: on a restriction a concession, on cooperation a sanction.
REVERSAL_VERBS = frozenset(word.replace("_", " ") for word in _words(
    "lift ease relax cancel revoke rescind shorten remove drop scrap end halt stop suspend reduce cut call_off cut_off"
))
RESTRICTIVE = frozenset({"COERCE", "SANCTION", "PROTEST"})
# A conflictual act under a condition ("will withdraw ... unless") is a THREATEN, with this mode.
THREAT_MODES = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "PROTEST": "",
                "MOBILIZE": "violence", "RETREAT": "relations"}
SPEECH_VERBS = _words(
    "say tell declare announce insist state add warn write stress argue claim report note conclude reiterate"
)
FUTURE_AUX = frozenset({"will", "'ll", "shall", "would", "going"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
# Nouns that are only events next to a word that makes them so ("nuclear posture", "state of emergency").
NEEDS_MODIFIER = {"posture": {"nuclear", "military"}, "alert": {"nuclear", "high", "combat"},
                  "emergency": {"state"}, "equipment": {"military"}, "weapon": set(), "supply": set(),
                  "call": {"phone", "telephone", "long", "hold", "have", "make"}, "exchange": {"prisoner"}}

# Causes that are no actor: an act whose doer is one of these ("the earthquake killed 50", "the virus has
# killed 109", "killed in the earthquake") is no political event, whatever the verb.
NATURAL_CAUSES = _words(
    "earthquake quake aftershock tremor tsunami flood flooding hurricane storm typhoon cyclone tornado landslide "
    "mudslide avalanche eruption volcano drought heatwave wildfire virus flu influenza pandemic epidemic disease "
    "outbreak illness infection cholera malaria cancer accident crash collision derailment overdose"
)
# What a head of state signs at home is no act towards another party ("signed a decree on mobilisation").
DOMESTIC_INSTRUMENTS = _words("decree law bill order legislation ordinance budget")
# What a strike is aimed at when it is an attack ("strikes on the power grid", "a strike at a military base").
STRIKE_TARGETS = _words("target position base compound city town village infrastructure grid plant facility depot "
                        "airport port bridge building house school hospital convoy")
# "meets the interests of our peoples", "if certain conditions are met": meeting a measure, not a party.
MET_MEASURES = _words("interest need standard condition requirement target goal criterion criteria expectation "
                      "deadline obligation challenge")

# The seed's events and the CAMEO examples do not need every word: these are too general as verbs alone.
WEAK_VERBS = frozenset({"hit", "support", "return", "free", "back", "fire", "strike", "ship", "station", "mass",
                        "arm", "charge", "block", "order", "press", "want", "seek", "mean"})

SECTORS: dict[str, str] = {
    **dict.fromkeys(_words(
        "president government minister prime premier chancellor administration ministry official officials "
        "kremlin cabinet spokesman spokeswoman spokesperson envoy ambassador diplomat diplomats embassy king "
        "queen leader leaders authorities authority governor mayor regime state secretary foreign_minister "
        "counterpart counterparts delegation delegations side emir sultan monarch junta council"
    ), "GOV"),
    **dict.fromkeys(_words(
        "forces force troops troop army military soldiers soldier navy air_force general commander marines "
        "militaries peacekeepers tanks artillery"
    ), "MIL"),
    **dict.fromkeys(_words(
        "police policeman policemen officers gendarmes gendarmerie"
    ), "COP"),
    **dict.fromkeys(_words(
        "parliament parliamentary lawmakers lawmaker legislature congress senate senator deputies assembly "
        "duma mps"
    ), "LEG"),
    **dict.fromkeys(_words(
        "court judge judges tribunal prosecutor prosecutors judiciary"
    ), "JUD"),
    **dict.fromkeys(_words(
        "rebels rebel insurgents insurgent militants militant guerrillas guerrilla separatists separatist "
        "fighters jihadists"
    ), "REB"),
    **dict.fromkeys(_words(
        "civilians civilian protesters protestors demonstrators residents villagers people activists crowd "
        "crowds citizens"
    ), "CVL"),
    **dict.fromkeys(_words(
        "refugees refugee displaced migrants"
    ), "REF"),
    **dict.fromkeys(_words(
        "journalists journalist reporters reporter newspaper media"
    ), "JRN"),
    **dict.fromkeys(_words(
        "party parties"
    ), "PTY"),
    **dict.fromkeys(_words(
        "opposition dissidents dissident"
    ), "OPP"),
    **dict.fromkeys(_words(
        "company companies firms business businesses oligarch oligarchs bank banks"
    ), "BUS"),
    **dict.fromkeys(_words(
        "students student teachers university school"
    ), "EDU"),
    **dict.fromkeys(_words(
        "doctors doctor hospital hospitals nurses"
    ), "MED"),
    **dict.fromkeys(_words(
        "church clergy bishop priest priests imam mosque pope"
    ), "REL"),
    **dict.fromkeys(_words(
        "workers union unions labor labour miners"
    ), "LAB"),
    **dict.fromkeys(_words(
        "prisoners criminals gang gangs smugglers"
    ), "CRM"),
    **dict.fromkeys(_words(
        "intelligence spy spies"
    ), "SPY"),
    **dict.fromkeys(_words(
        "gunmen gunman assailants attackers"
    ), "UAF"),
}

CONTEXTS: dict[str, str] = {
    **dict.fromkeys(_words(
        "military troops forces army offensive invasion weapons missile"
    ), "military"),
    **dict.fromkeys(_words(
        "talks negotiations diplomacy diplomatic embassy ambassador summit envoy"
    ), "diplomatic"),
    **dict.fromkeys(_words(
        "economic sanctions currency trade economy assets financial bank"
    ), "economic"),
    **dict.fromkeys(_words(
        "nuclear chemical biological radiological"
    ), "cbrn"),
    **dict.fromkeys(_words(
        "territory border borders annexation crimea region"
    ), "territory"),
    **dict.fromkeys(_words(
        "refugees refugee migrants displaced"
    ), "migration"),
    **dict.fromkeys(_words(
        "court courts judge lawsuit law legal trial"
    ), "legal"),
    **dict.fromkeys(_words(
        "election elections vote ballot campaign"
    ), "election"),
    **dict.fromkeys(_words(
        "terrorist terrorism terrorists bombing"
    ), "terrorism"),
    **dict.fromkeys(_words(
        "rights"
    ), "human_rights"),
    **dict.fromkeys(_words(
        "crime criminal criminals"
    ), "crime"),
    **dict.fromkeys(_words(
        "cyber hacking hackers cyberattack"
    ), "cyber"),
}
