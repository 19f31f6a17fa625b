"""Mapping sitrep event types to ACLED's event_type / sub_event_type (exact ACLED strings).

| sitrep type  | condition                                   | ACLED event_type              | ACLED sub_event_type                 |
|--------------|---------------------------------------------|-------------------------------|--------------------------------------|
| capture      | taken by Russian/allied forces (or unknown) | Battles                       | Non-state actor overtakes territory  |
| capture      | taken back by Ukrainian forces              | Battles                       | Government regains territory         |
| clash        |                                             | Battles                       | Armed clash                          |
| advance      |                                             | Battles                       | Armed clash                          |
| encirclement |                                             | Battles                       | Armed clash                          |
| strike       | drone / air / aviation / bomb words         | Explosions/Remote violence    | Air/drone strike                     |
| strike       | shot down / intercepted / air defence       | Strategic developments        | Disrupted weapons use                |
| strike       | civilians as the only target, no weapon     | Violence against civilians    | Attack                               |
| strike       | otherwise (shelling, artillery, missiles)   | Explosions/Remote violence    | Shelling/artillery/missile attack    |
| positions    |                                             | Strategic developments        | Headquarters or base established     |
| withdrawal   |                                             | Strategic developments        | Non-violent transfer of territory    |
| surrender    |                                             | Strategic developments        | Other                                |
| evacuation   |                                             | Strategic developments        | Other                                |
| (protest)    | protest / rally / demonstration words       | Protests                      | Peaceful protest                     |
| (riot)       | riot / clashes with police                  | Riots                         | Violent demonstration                |

ACLED codes Russia's forces in Ukraine as the actor that "overtakes territory" and Ukraine's
as the government that "regains territory". ACLED has no "advance" or "encirclement"
category: reported advances and encirclements in this war are contact between forces,
which ACLED records as armed clashes. Protests and riots are not sitrep event types; the
two rows say how a report about them is coded (:func:`non_conflict_acled`) so that an
exporter can keep them apart rather than forcing them into a sitrep type.
"""

from __future__ import annotations

import re

_AIR = re.compile(r"\b(?:drones?|UAVs?|air\s*strikes?|airstrikes?|aviation|aircraft|bomb\w*|"
                  r"air\s+raids?|Shahed|Lancet|FPV|helicopters?)\b", re.IGNORECASE)
_DISRUPTED = re.compile(r"\b(?:shot\s+down|intercepted|downed|air\s+defen[cs]e\s+(?:destroyed|shot))\b",
                        re.IGNORECASE)
_CIVILIAN_ATTACK = re.compile(r"\b(?:shot|executed|tortured|killed)\s+(?:\w+\s+){0,2}civilians\b",
                              re.IGNORECASE)
_PROTEST = re.compile(r"\b(?:protest\w*|rall(?:y|ies)|demonstrat\w+)\b", re.IGNORECASE)
_RIOT = re.compile(r"\b(?:riot\w*|looting|mob)\b", re.IGNORECASE)

_FIXED: dict[str, tuple[str, str]] = {
    "clash": ("Battles", "Armed clash"),
    "advance": ("Battles", "Armed clash"),
    "encirclement": ("Battles", "Armed clash"),
    "positions": ("Strategic developments", "Headquarters or base established"),
    "withdrawal": ("Strategic developments", "Non-violent transfer of territory"),
    "surrender": ("Strategic developments", "Other"),
    "evacuation": ("Strategic developments", "Other"),
}


def acled_for(event_type: str, actor_side: str | None, sentence: str) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type) for a sitrep event."""
    if event_type == "capture":
        sub = "Government regains territory" if actor_side == "UA" else "Non-state actor overtakes territory"
        return "Battles", sub
    if event_type == "strike":
        if _DISRUPTED.search(sentence):
            return "Strategic developments", "Disrupted weapons use"
        if _CIVILIAN_ATTACK.search(sentence) and not _AIR.search(sentence):
            return "Violence against civilians", "Attack"
        if _AIR.search(sentence):
            return "Explosions/Remote violence", "Air/drone strike"
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"
    return _FIXED[event_type]


def non_conflict_acled(sentence: str) -> tuple[str, str] | None:
    """ACLED type for a report about a protest or a riot (not a sitrep event type)."""
    if _RIOT.search(sentence):
        return "Riots", "Violent demonstration"
    if _PROTEST.search(sentence):
        return "Protests", "Peaceful protest"
    return None
