"""Candidate readings of a spot: exact names, romanisation/inflection variants, fuzzy.

* exact: the spot's key is one of the place's names (incl. transliterations, aliases)
* romanisation: same consonant skeleton (Poddubnoe ~ Piddubne, Kotlyarovki ~ Kotliarivka),
  scored by how close the strings are
* fuzzy: a garbled name ("SevSk", "Verhnemekensky") compared with the names of
  places the rest of the document points to; never trusted above 0.5
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

from sitrep.gazetteer.normalize import skeleton
from sitrep.model import Place

#: how far the string evidence of each kind of match can carry confidence
CONFIDENCE_CAP = {"exact": 0.97, "romanisation": 0.9, "fuzzy": 0.5}
FUZZY_MIN = 0.72
MAX_SKELETON_KEYS = 40
EXACT_SHADOW = 0.2  # match taken from romanisation readings when the name is a settlement's own


@dataclass(frozen=True)
class Reading:
    place: Place
    match: float   # 0..1, how well the strings agree
    how: str       # exact | romanisation | fuzzy
    key: str       # the gazetteer name key that matched
    preferred: bool = False  # an alias-table name (renamed place, republic -> oblast)
    # the settlement lies in a territory of the official list of hostilities/occupation
    war_zone: bool = False


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
    # a name spelled exactly like a settlement is, first of all, that settlement: another
    # place's name that merely romanises alike ("Hrakove" ~ Kharkiv) must do better to win
    base = 0.5 - (EXACT_SHADOW if any(r.place.kind == "settlement" for r in out.values()) else 0.0)
    keys = gaz.keys_by_skeleton(skeleton(key)) if len(skeleton(key).replace(" ", "")) >= 3 else ()
    for other in keys[:MAX_SKELETON_KEYS]:
        if other == key:
            continue
        sim = similarity(key, other)
        for r in _rows_readings(gaz, other, base + 0.4 * sim, "romanisation"):
            if r.place.place_id not in out or out[r.place.place_id].match < r.match:
                out[r.place.place_id] = r
    return list(out.values())


def shortlist(key: str, names: Sequence[str], limit: int = 8) -> list[tuple[str, float]]:
    """The names (with letter-level scores) most like ``key``: a fast C pass before the
    romanisation-aware score of :func:`fuzzy_readings`."""
    return [(name, score) for name, score, _ in
            process.extract(key, names, scorer=fuzz.ratio, limit=limit * 6, score_cutoff=45)]


def fuzzy_readings(gaz, key: str, pool: set[int], shortlists: Iterable[list[tuple[str, float]]],
                   limit: int = 8) -> list[Reading]:
    """Readings among the places of ``pool`` (rows) whose names look like ``key``.

    ``shortlists`` (see :func:`shortlist`) together cover every name key of the pool's
    rows (an oblast's names are one list); the merged shortlist gets the romanisation-
    aware score.
    """
    short: dict[str, float] = {}
    for names in shortlists:
        short.update(names)
    top = sorted(short, key=lambda n: -short[n])[:limit * 6]
    hits = sorted(((name, similarity(key, name) * 100) for name in top), key=lambda h: -h[1])
    hits = [h for h in hits if h[1] >= FUZZY_MIN * 100][:limit]
    out: dict[str, Reading] = {}
    for name, score in hits:
        for row in gaz.rows(name):
            place = gaz.place(row) if row in pool else None
            if place is not None and place.place_id not in out:
                out[place.place_id] = Reading(place, score / 100 * 0.8, "fuzzy", name)
    return list(out.values())
