"""Assemble raw places from every source into the compact :class:`IndexData`.

The index is columnar (one list per Place field) with name keys mapping to
row numbers, so loading it is a few big unpickles rather than millions of
objects; :class:`~sitrep.gazetteer.index.IndexedGazetteer` makes ``Place``
objects only for rows a lookup returns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from sitrep.gazetteer import builtin
from sitrep.gazetteer.katotth import place_katotth
from sitrep.gazetteer.normalize import name_key, skeleton
from sitrep.gazetteer.sources import KatotthRow, RawPlace
from sitrep.gazetteer.translit import latin_variants

KINDS = ("settlement", "region", "country", "water", "other")
GRID = 0.25  # degrees per spatial cell


@dataclass
class IndexData:
    source: str
    ids: list[str]
    names: list[str]
    kinds: bytes
    lats: list[float]
    lons: list[float]
    geonameids: list[int]
    admin1: list[str | None]
    countries: list[str | None]
    fcodes: list[str | None]
    populations: list[int]
    katotth: list[str | None]
    keys: dict[str, tuple[int, ...]]
    preferred: dict[str, tuple[int, ...]]
    skeletons: dict[str, tuple[str, ...]]  # skeleton -> the name keys that have it
    grid: dict[tuple[int, int], tuple[int, ...]]
    admin1_names: dict[str, str]


def _merge(places: Iterable[RawPlace]) -> dict[str, RawPlace]:
    """First source wins a place id; later ones only add names."""
    out: dict[str, RawPlace] = {}
    for p in places:
        if p.place_id in out:
            out[p.place_id].names |= p.names
        else:
            out[p.place_id] = p
    return out


def _add_aliases(by_id: dict[str, RawPlace]) -> None:
    for gid, names in builtin.aliases():
        place = by_id.get(f"geonames:{gid}")
        if place is not None:
            place.names.update(names)
            place.preferred.update(name_key(n) for n in names)


def _add_region_phrases(by_id: dict[str, RawPlace]) -> None:
    seats: dict[str, set[str]] = defaultdict(set)
    for p in by_id.values():
        if p.country == "UA" and p.feature_code in ("PPLA", "PPLC") and p.admin1:
            seats[p.admin1] |= {n for n in p.names if n.isascii()}
    for a in builtin.ua_admin1():
        region = by_id.get(f"geonames:{a.geonameid}")
        if region is not None:
            phrases = builtin.region_phrases(a.name, seats.get(a.code, set()) | {a.seat})
            region.names |= phrases
            region.preferred |= {name_key(n) for n in phrases}


def _river_phrases(p: RawPlace) -> set[str]:
    if p.kind != "water" or (p.feature_code or "")[:3] != "STM":
        return set()
    latin = [n for n in p.names if n.isascii()]
    return {f"river {n}" for n in latin} | {f"{n} river" for n in latin}


def assemble(sources: Iterable[Iterable[RawPlace]], katotth_rows: Iterable[KatotthRow] | None,
             source: str) -> IndexData:
    by_id = _merge(p for src in sources for p in src)
    for f in (*builtin.builtin_features(), *builtin.admin1_regions()):
        if f.place_id in by_id:
            by_id[f.place_id].names |= f.names
        else:
            by_id[f.place_id] = f
    _add_aliases(by_id)
    _add_region_phrases(by_id)
    places = list(by_id.values())
    if katotth_rows is not None:
        oblasts = {a.katotth: a.code for a in builtin.ua_admin1()}
        places += place_katotth(katotth_rows, places, oblasts)
    return _columns(places, source)


def _name_keys(p: RawPlace) -> set[str]:
    keys = set()
    for n in p.names | _river_phrases(p):
        keys.add(name_key(n))
        keys |= latin_variants(n)
    keys.discard("")
    return keys


def _columns(places: list[RawPlace], source: str) -> IndexData:
    keys: dict[str, list[int]] = defaultdict(list)
    preferred: dict[str, list[int]] = defaultdict(list)
    skel: dict[str, set[str]] = defaultdict(set)
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, p in enumerate(places):
        # sorted: set order follows the per-process string hash seed, and key order decides
        # fuzzy tie-breaks, so an unsorted build could change results when rebuilt
        for k in sorted(_name_keys(p)):
            keys[k].append(i)
            skel[skeleton(k)].add(k)
        for k in sorted(p.preferred):
            preferred[k].append(i)
        grid[(int(p.lat // GRID), int(p.lon // GRID))].append(i)
    admin1_names = {f"{p.country}.{p.admin1}": p.name for p in places
                    if p.feature_code == "ADM1" and p.country and p.admin1}
    admin1_names.update({f"UA.{a.code}": a.name for a in builtin.ua_admin1()})
    return IndexData(
        source, [p.place_id for p in places], [p.name for p in places],
        bytes(KINDS.index(p.kind) for p in places), [p.lat for p in places], [p.lon for p in places],
        [p.geonameid or 0 for p in places], [p.admin1 for p in places], [p.country for p in places],
        [p.feature_code for p in places], [p.population for p in places], [p.katotth for p in places],
        {k: tuple(v) for k, v in keys.items()}, {k: tuple(v) for k, v in preferred.items()},
        {k: tuple(sorted(v)) for k, v in skel.items() if k}, {k: tuple(v) for k, v in grid.items()},
        admin1_names)
