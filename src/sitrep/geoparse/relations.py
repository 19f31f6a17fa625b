"""Spatial relations between spots in one sentence, read from the words between them.

* bearing: "Fedorivka, a village located to the north of the city of Mirnogorod"
* distance: "Kurakhove, 10 km from Pokrovsk"
* together: "between X and Y", "Mirnoe and Poddubnoe", "X, Y" — the places lie close
* border: "near the border between the DPR and the Dnipropetrovsk region" — the
  sentence's settlements lie near where those two regions meet
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sitrep.geoparse.spot import Spot

BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
            "southwest": 225.0, "west": 270.0, "northwest": 315.0}
_BEARING = r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?(?:ward)?"
_INTRO = r"(?:[^.;]{0,50}?\b)?"  # ", a village located", " which lies"
_OBJ = r"\s*(?:the\s+)?(?:(?:city|town|village|settlement|populated point)\s+of\s+)?(?:the\s+)?"
_BEARING_GAP = re.compile(rf"^{_INTRO}(?:to\s+the\s+|just\s+)?{_BEARING}\s+(?:of|from){_OBJ}$", re.I)
_KM_GAP = re.compile(rf"^{_INTRO}(\d+(?:[.,]\d+)?)\s*(?:km|kilometres|kilometers)\s+(?:{_BEARING}\s+)?"
                     rf"(?:from|of|away from|outside){_OBJ}$", re.I)
_TOGETHER_GAP = re.compile(r"^\s*(?:,|and|or|, and|&)\s*(?:the\s+)?$", re.I)
_BORDER = re.compile(r"\bborder\s+between\b", re.I)


@dataclass(frozen=True)
class Relation:
    """``subject`` (spot index) relates to ``anchor`` (spot index)."""

    subject: int
    anchor: int
    kind: str                 # bearing | distance | together | between
    bearing: float | None = None
    km: float | None = None


def _bearing_deg(word: str) -> float:
    return BEARINGS[word.lower().replace("-", "")]


def pair_relations(text: str, spots: list[Spot]) -> list[Relation]:
    out: list[Relation] = []
    for a in range(len(spots) - 1):
        b = a + 1
        gap = text[spots[a].end:spots[b].start]
        if len(gap) > 90 or "\n" in gap:
            continue
        if m := _BEARING_GAP.match(gap):
            if " and " not in gap[:m.start(1)]:
                out.append(Relation(a, b, "bearing", bearing=_bearing_deg(m.group(1))))
        elif m := _KM_GAP.match(gap):
            bearing = _bearing_deg(m.group(2)) if m.group(2) else None
            out.append(Relation(a, b, "distance", bearing, float(m.group(1).replace(",", "."))))
        elif _TOGETHER_GAP.match(gap):
            between = re.search(r"\bbetween\s+(?:the\s+)?$", text[max(0, spots[a].start - 20):spots[a].start])
            out.append(Relation(a, b, "between" if between else "together"))
    return out


_ANAPHOR_KM = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*(?:km|kilometres|kilometers)\s+(?:away\s+)?from\s+"
                        r"(?:there|here|it|them)\b", re.I)


def anaphoric_relations(text: str, spots: list[Spot]) -> list[Relation]:
    """"Nikolaevka opens the way to Seversk. ... only 10 km from there": the distance is
    between the last two places named before it (within ~300 characters)."""
    out: list[Relation] = []
    for m in _ANAPHOR_KM.finditer(text):
        before = [i for i, s in enumerate(spots) if m.start() - 300 <= s.end <= m.start()]
        distinct: list[int] = []
        for i in reversed(before):
            if all(spots[i].key != spots[j].key for j in distinct):
                distinct.append(i)
        if len(distinct) >= 2:
            out.append(Relation(distinct[1], distinct[0], "distance",
                                km=float(m.group(1).replace(",", "."))))
    return out


def border_sentence(sentence_text: str) -> bool:
    return _BORDER.search(sentence_text) is not None


def bearing_of(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0
