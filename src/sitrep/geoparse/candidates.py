"""Candidate readings of a spot: exact names, romanisation/inflection variants, fuzzy.

* exact: the spot's key is one of the place's names (incl. transliterations, aliases)
* romanisation: same consonant skeleton (Poddubnoe ~ Piddubne, Kotlyarovki ~ Kotliarivka),
  scored by how close the strings are
* fuzzy: a garbled name ("SevSk", "Verhnemekensky") compared with the names of
  places the rest of the document points to; never trusted above 0.5
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process

from sitrep.gazetteer.normalize import skeleton
from sitrep.model import Place

#: how far the string evidence of each kind of match can carry confidence
CONFIDENCE_CAP = {"exact": 0.97, "romanisation": 0.9, "fuzzy": 0.5}
FUZZY_MIN = 0.72
MAX_SKELETON_KEYS = 40


@dataclass(frozen=True)
class Reading:
    place: Place
    match: float   # 0..1, how well the strings agree
    how: str       # exact | romanisation | fuzzy
    key: str       # the gazetteer name key that matched
    preferred: bool = False  # an alias-table name (renamed place, republic -> oblast)


def similarity(a: str, b: str) -> float:
    """String agreement that forgives romanisation: half raw letters, half skeleton."""
    return 0.5 * fuzz.ratio(a, b) / 100 + 0.5 * fuzz.ratio(skeleton(a), skeleton(b)) / 100


def _rows_readings(gaz, key: str, match: float, how: str) -> list[Reading]:
    return [Reading(gaz.place(r), match, how, key, gaz.is_preferred(key, gaz.place(r)))
            for r in gaz.rows(key)]


def readings(gaz, key: str, exact: bool) -> list[Reading]:
    """Exact and skeleton readings of a spot key (best reading per place)."""
    out: dict[str, Reading] = {}
    if exact:
        for r in _rows_readings(gaz, key, 1.0, "exact"):
            out[r.place.place_id] = r
    keys = gaz.keys_by_skeleton(skeleton(key)) if len(skeleton(key).replace(" ", "")) >= 3 else ()
    for other in keys[:MAX_SKELETON_KEYS]:
        if other == key:
            continue
        sim = similarity(key, other)
        for r in _rows_readings(gaz, other, 0.5 + 0.4 * sim, "romanisation"):
            if r.place.place_id not in out or out[r.place.place_id].match < r.match:
                out[r.place.place_id] = r
    return list(out.values())


def fuzzy_readings(gaz, key: str, pool: Iterable[int], limit: int = 8) -> list[Reading]:
    """Readings among the places of ``pool`` (rows) whose names look like ``key``."""
    names: dict[str, list[int]] = {}
    for row in pool:
        for k in gaz.keys_of(row):
            names.setdefault(k, []).append(row)
    if not names:
        return []
    # a fast letter-level shortlist, then the romanisation-aware score
    short = process.extract(key, list(names), scorer=fuzz.ratio, limit=limit * 6, score_cutoff=45)
    hits = sorted(((name, similarity(key, name) * 100) for name, _, _ in short),
                  key=lambda h: -h[1])
    hits = [h for h in hits if h[1] >= FUZZY_MIN * 100][:limit]
    out: dict[str, Reading] = {}
    for name, score in hits:
        for row in names[name]:
            place = gaz.place(row)
            if place.place_id not in out:
                out[place.place_id] = Reading(place, score / 100 * 0.8, "fuzzy", name)
    return list(out.values())
