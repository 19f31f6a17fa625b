"""KATOTTH settlements GeoNames lacks, placed approximately.

The codifier has every settlement of Ukraine but no coordinates. A settlement
whose name GeoNames knows near its hromada is just tagged with its code; one
it does not know (Верхньокам'янське, UA14020030020040419) is added as
``katotth:<code>`` at its hromada's centre (else its raion's), found by
matching the centre's name to GeoNames in the same oblast. Those places are
approximate: :func:`is_approximate` lets the geoparser report precision 2.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from sitrep.gazetteer.normalize import name_key
from sitrep.gazetteer.sources import KatotthRow, RawPlace
from sitrep.gazetteer.translit import latin_variants

SETTLEMENT_CATEGORIES = frozenset("MTCXK")
#: how far a same-named GeoNames place may lie from the hromada centre and still be "this one"
MATCH_KM = 30.0
_SEAT_RANK = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPL": 4}


def official_latin(name: str) -> str:
    """The name in Ukraine's official romanisation (KMU 2010): Верхньокам'янське -> Verkhnokamianske."""
    import translitua

    return translitua.translit(name.replace("’", "'"), translitua.UkrainianKMU)


def is_approximate(place_id: str) -> bool:
    return place_id.startswith("katotth:")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class _Unit:
    code: str
    name: str
    children: list[KatotthRow]


def _settlement_index(places: Iterable[RawPlace]) -> dict[tuple[str, str], list[RawPlace]]:
    """(admin1, name key) -> populated places, over every Cyrillic and Latin name."""
    index: dict[tuple[str, str], list[RawPlace]] = defaultdict(list)
    for p in places:
        if p.kind == "settlement" and p.country == "UA" and p.admin1:
            for key in {name_key(n) for n in p.names}:
                index[(p.admin1, key)].append(p)
    return index


def _keys(name: str) -> set[str]:
    return {name_key(name)} | latin_variants(name)


def _find(index: dict, admin1: str, name: str) -> list[RawPlace]:
    found: dict[str, RawPlace] = {}
    for key in sorted(_keys(name)):  # sorted: string hashing must not change which place wins
        for p in index.get((admin1, key), ()):
            found[p.place_id] = p
    return list(found.values())


def _centre(unit: _Unit, admin1: str, index: dict) -> RawPlace | None:
    """The unit's seat: the child named like the unit ("Званівська" -> Званівка), else the first."""
    stem = name_key(unit.name)[:-4]
    kids = [r for r in unit.children if r.category in SETTLEMENT_CATEGORIES]
    named = [r for r in kids if stem and name_key(r.name).startswith(stem)]
    for row in (named or kids)[:1]:
        found = _find(index, admin1, row.name)
        if found:
            return min(found, key=lambda p: (_SEAT_RANK.get(p.feature_code or "", 5), -p.population))
    return None


def _group(rows: list[KatotthRow], level: int) -> dict[str, _Unit]:
    units: dict[str, _Unit] = {}
    for r in rows:
        if len(r.codes) == level + 1 and r.category in ("P", "H"):
            units[r.codes[level]] = _Unit(r.codes[level], r.name, [])
    for r in rows:
        if len(r.codes) > level + 1 and r.codes[level] in units:
            units[r.codes[level]].children.append(r)
    return units


def place_katotth(rows: Iterable[KatotthRow], places: list[RawPlace],
                  oblast_to_admin1: dict[str, str]) -> list[RawPlace]:
    """Tag GeoNames places with their codes; return new approximate places for the rest."""
    rows = [r for r in rows if r.codes and r.codes[0][:4] in oblast_to_admin1]
    index = _settlement_index(places)
    raions, hromadas = _group(rows, 1), _group(rows, 2)
    centres: dict[str, RawPlace | None] = {}
    for code, unit in (*raions.items(), *hromadas.items()):
        centres[code] = _centre(unit, oblast_to_admin1[code[:4]], index)
    added: list[RawPlace] = []
    for r in rows:
        if r.category not in SETTLEMENT_CATEGORIES or len(r.codes) < 2:
            continue
        admin1 = oblast_to_admin1[r.codes[0][:4]]
        anchor = next((centres[c] for c in r.codes[2:1:-1] + r.codes[1:2] if centres.get(c)), None)
        same = _find(index, admin1, r.name)
        if anchor is not None:
            # nearest first: a city's row must tag the city, not a same-named village 27 km
            # away that belongs to the next hromada's row (Mykolaivka near Sloviansk vs
            # Mykolaivka by Soledar)
            near = sorted((km(p.lat, p.lon, anchor.lat, anchor.lon), p.place_id, p) for p in same)
            same = [p for d, _, p in near if d <= MATCH_KM]
        untagged = [p for p in same if p.katotth is None]
        if same:
            if untagged:
                untagged[0].katotth = r.codes[-1]
            continue
        if anchor is None:
            continue
        names = {r.name} | {n for n in latin_variants(r.name)}
        added.append(RawPlace(f"katotth:{r.codes[-1]}", official_latin(r.name), "settlement", anchor.lat, anchor.lon,
                              None, admin1, "UA", "PPL", 0, r.codes[-1], names=names))
    return added
