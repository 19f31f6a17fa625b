"""Scoring readings and choosing them jointly for a whole document.

A reading's score = string evidence + prior (population, feature type) +
alias-table preference + region cues (the oblast named in the sentence or the
document) + spatial terms that depend on the other mentions' readings:
stated relations (bearing, distance, "X and Y" lie together, "border between"),
same-sentence proximity, document coherence. The spatial terms are recomputed
for a few rounds from the current choice of every other mention (relations
take the best-fitting partner reading, so a pair is chosen jointly).
"""

from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from sitrep.gazetteer.katotth import is_approximate
from sitrep.gazetteer.normalize import name_key
from sitrep.gazetteer.spatial import km_matrix
from sitrep.geoparse.candidates import Reading, similarity
from sitrep.geoparse.relations import Relation
from sitrep.model import Place

FCODE_BONUS = {"PPLC": 0.35, "PPLA": 0.3, "PPLA2": 0.22, "PPLA3": 0.12, "PPL": 0.0,
               "PPLX": -0.2, "PPLL": -0.05, "PPLH": -0.45, "PPLQ": -0.45, "PPLW": -0.45}
KIND_PRIOR = {"region": 0.45, "country": 1.2, "water": 0.1, "other": 0.0}
ROUNDS = 3


@dataclass
class Mention:
    """One spot while it is being resolved (mutable working state, never leaves rank/parser)."""

    index: int
    sentence: int
    readings: list[Reading]
    static: list[float] = field(default_factory=list)
    why: list[list[str]] = field(default_factory=list)
    dynamic: list[float] = field(default_factory=list)
    dyn_why: list[list[str]] = field(default_factory=list)
    choice: int | None = None

    def total(self, i: int) -> float:
        return self.static[i] + (self.dynamic[i] if self.dynamic else 0.0)

    def chosen(self) -> Place | None:
        return None if self.choice is None else self.readings[self.choice].place


@lru_cache(maxsize=65536)
def _main_key(name: str) -> str:
    return name_key(name)


def prior(place: Place) -> tuple[float, str]:
    if place.kind != "settlement":
        return KIND_PRIOR.get(place.kind, 0.0), f"{place.kind} ({place.feature_code})"
    pop = 0.35 * min(1.0, math.log10(place.population + 1) / 6)
    bonus = FCODE_BONUS.get(place.feature_code or "PPL", 0.0)
    if is_approximate(place.place_id):
        bonus -= 0.15
    return pop + bonus, f"population {place.population}, {place.feature_code}"


_BASE_CACHE = 1 << 15


@lru_cache(maxsize=_BASE_CACHE)
def _string_and_prior(place: Place, key: str, match: float, how: str, preferred: bool
                      ) -> tuple[float, tuple[str, ...]]:
    """The part of a reading's score that depends on nothing but the reading (cached:
    readings are shared between the documents that use the same name). Keyed by the whole
    Place, not its id: tests and tools may hold several gazetteers in one process."""
    p, prior_why = prior(place)
    # closeness to the place's main name demotes obscure historical/foreign alternates
    main = 0.4 * similarity(key, _main_key(place.name))
    score = 1.5 * match + p + main
    why = (f"{how} match of '{key}' ({match:.2f})", prior_why, f"main-name similarity {main / 0.4:.2f}")
    if preferred:
        score += 0.8
        why += ("alias table (renamed place / republic name)",)
    return score, why


def static_score(r: Reading, sent_regions: set[str], doc_regions: dict[str, float]) -> tuple[float, list[str]]:
    score, base_why = _string_and_prior(r.place, r.key, r.match, r.how, r.preferred)
    why = list(base_why)
    admin1 = r.place.admin1
    if r.place.kind == "settlement" and admin1:
        if admin1 in sent_regions:
            score += 0.6
            why.append(f"in {admin1}, named in the sentence")
        elif admin1 in doc_regions:
            score += 0.4 * doc_regions[admin1]
            why.append(f"in {admin1}, named in the document")
    if r.place.country == "UA":
        score += 0.15
    return score, why


def _softmax_weights(m: Mention) -> list[float]:
    best = max(m.static)
    return [math.exp(2.0 * (s - best)) for s in m.static]


def _bearings(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """:func:`~sitrep.geoparse.relations.bearing_of` (point 1 to point 2) over broadcast arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    x = np.sin(dl) * np.cos(p2)
    y = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return (np.degrees(np.arctan2(x, y)) + 360.0) % 360.0


def _fit_matrix(rel: Relation, subj: list[Place], anchors: list[Place], subject_side: bool) -> np.ndarray:
    """How well each subject reading (rows) fits each anchor reading (columns) under ``rel``, 0..1.

    together/between: close (exp(-km/10)); bearing: in the stated direction and close;
    distance: at the stated distance (and direction, if stated). A place never fits itself.
    """
    clat, clon = (np.array([getattr(p, f) for p in subj], dtype=np.float64) for f in ("lat", "lon"))
    alat, alon = (np.array([getattr(p, f) for p in anchors], dtype=np.float64) for f in ("lat", "lon"))
    d = km_matrix(clat, clon, alat, alon)
    if rel.kind in ("together", "between"):
        fit = np.exp(-d / 10.0)
    else:
        bearing = rel.bearing if subject_side or rel.bearing is None else (rel.bearing + 180) % 360
        direction = np.ones_like(d)
        if bearing is not None:
            actual = (_bearings(alat[None, :], alon[None, :], clat[:, None], clon[:, None]) if subject_side
                      else _bearings(clat[:, None], clon[:, None], alat[None, :], alon[None, :]))
            direction = np.where(d > 0.5, np.maximum(0.0, np.cos(np.radians(actual - bearing))), 1.0)
        if rel.kind == "distance" and rel.km is not None:
            fit = direction * np.exp(-np.abs(d - rel.km) / (3.0 + 0.2 * rel.km))
        else:
            fit = direction * np.exp(-d / 20.0)
    same = np.array([[c.place_id == a.place_id for a in anchors] for c in subj], dtype=bool)
    return np.where(same, 0.0, fit)


def relation_terms(mentions: list[Mention], rels: list[Relation], by_spot: dict[int, Mention]) -> None:
    """Stated relations: each settlement reading gets the best weighted fit with a reading of
    the partner mention (weights: the partner's static scores), one matrix per relation side."""
    for rel in rels:
        for side, me, other in ((True, rel.subject, rel.anchor), (False, rel.anchor, rel.subject)):
            m, o = by_spot.get(me), by_spot.get(other)
            if m is None or o is None or not o.readings:
                continue
            rows = [i for i, r in enumerate(m.readings) if r.place.kind == "settlement" and r.place.lat is not None]
            cols = [k for k, r in enumerate(o.readings) if r.place.lat is not None]
            if not rows or not cols:
                continue
            weights = np.array(_softmax_weights(o), dtype=np.float64)[cols]
            vals = weights[None, :] * _fit_matrix(rel, [m.readings[i].place for i in rows],
                                                  [o.readings[k].place for k in cols], side)
            best = vals.max(axis=1)
            for n in np.flatnonzero(best > 0.05).tolist():
                i, b = rows[n], float(best[n])
                # as max() over (value, name) pairs: among equal values the greatest name
                partner = max(o.readings[cols[k]].place.name for k in np.flatnonzero(vals[n] == best[n]).tolist())
                m.dynamic[i] += 1.6 * b
                m.dyn_why[i].append(f"{rel.kind} relation with {partner} ({b:.2f})")


_NEAR_WHY = "close to the other places named (sentence {:.2f}, document {:.2f})"


class Proximity:
    """Same-sentence proximity and document coherence, from the other mentions' current choices.

    Built once per resolution (the readings are fixed then): every reading of the document
    in flat arrays (mention ``k`` owns ``starts[k]:starts[k + 1]``), the settlement readings'
    coordinates, and which mention pairs may support each other (two mentions sharing a
    name key are one place named twice, not corroboration). A round is then one distance
    matrix, settlement readings x the chosen settlements, instead of a Python loop.
    """

    def __init__(self, mentions: list[Mention], starts: list[int]) -> None:
        self.starts = starts
        places = [r.place for m in mentions for r in m.readings]
        self.settled = [p.kind == "settlement" and p.lat is not None for p in places]
        self.lat = np.array([p.lat if ok else np.nan for p, ok in zip(places, self.settled)], dtype=np.float64)
        self.lon = np.array([p.lon if ok else np.nan for p, ok in zip(places, self.settled)], dtype=np.float64)
        self.pos = np.flatnonzero(np.array(self.settled, dtype=bool))  # flat index of settlement readings
        self.owner = np.array([k for k, m in enumerate(mentions) for _ in m.readings], dtype=np.int64)[self.pos]
        keys = [frozenset(r.key for r in m.readings) for m in mentions]
        n = len(mentions)
        self.apart = np.zeros((n, n), dtype=bool)
        for a in range(n):
            for b in range(a + 1, n):
                self.apart[a, b] = self.apart[b, a] = not (keys[a] & keys[b])
        sents = np.array([m.sentence for m in mentions], dtype=np.int64)
        self.same = sents[:, None] == sents[None, :]

    def terms(self, choice: list[int | None]) -> tuple[np.ndarray, list[tuple[int, str]]]:
        """The proximity term of every reading (flat), and its reasons as (flat index, text)."""
        out = np.zeros(self.starts[-1], dtype=np.float64)
        cols = [j for j, c in enumerate(choice) if c is not None and self.settled[self.starts[j] + c]]
        if not cols or not len(self.pos):
            return out, []
        at = [self.starts[j] + choice[j] for j in cols]
        d = km_matrix(self.lat[self.pos], self.lon[self.pos], self.lat[at], self.lon[at])
        valid = self.apart[self.owner][:, cols]
        same = valid & self.same[self.owner][:, cols]
        sent = np.where(same, np.exp(-d / 20.0), 0.0).max(axis=1)
        doc = np.minimum(1.0, np.where(valid, np.exp(-d / 40.0), 0.0).sum(axis=1))
        ok = valid.any(axis=1)
        out[self.pos] = np.where(ok, 0.6 * sent + 0.5 * doc, 0.0)
        shown = np.flatnonzero(ok & ((sent > 0.2) | (doc > 0.3)))
        whys = [(int(self.pos[k]), (_NEAR_WHY, (float(sent[k]), float(doc[k])))) for k in shown.tolist()]
        return out, whys


def joint_choice(mentions: list[Mention], fixed: tuple[list[float], list[list]],
                 late: tuple[list[float], list[list]]) -> None:
    """Choose every mention's reading jointly, as flat arrays over the document's readings.

    A few rounds of static score + ``fixed`` (stated relations) + proximity to the other
    current choices + ``late`` (border terms); each is (values, reasons) per flat reading.
    Leaves ``choice``, ``dynamic`` and ``dyn_why`` (proximity reasons as (template, args),
    see :func:`reason`) of the last round on each mention, as the loop over rounds did.
    """
    starts = [0]
    for m in mentions:
        starts.append(starts[-1] + len(m.readings))
    static = np.array([s for m in mentions for s in m.static], dtype=np.float64)
    rel, border = np.array(fixed[0], dtype=np.float64), np.array(late[0], dtype=np.float64)
    dyn, whys = rel + border, []
    if len(mentions) > 1:  # proximity needs another mention; most short reports have one
        prox = Proximity(mentions, starts)
        choice = _first_max(static.tolist(), starts)
        for _ in range(ROUNDS):
            near, whys = prox.terms(choice)
            dyn = (rel + near) + border
            choice = _first_max((static + dyn).tolist(), starts)
    else:
        choice = _first_max((static + dyn).tolist(), starts)
    near_why = dict(whys)
    flat = dyn.tolist()
    for k, m in enumerate(mentions):
        lo, hi = starts[k], starts[k + 1]
        m.choice, m.dynamic = choice[k], flat[lo:hi]
        m.dyn_why = [fixed[1][f] + ([near_why[f]] if f in near_why else []) + late[1][f]
                     for f in range(lo, hi)]


def _first_max(totals: list[float], starts: list[int]) -> list[int | None]:
    out: list[int | None] = []
    for lo, hi in zip(starts, starts[1:]):
        seg = totals[lo:hi]
        out.append(seg.index(max(seg)) if seg else None)  # the first of equals
    return out


def reason(why) -> str:
    """A reason as text: plain strings, or (template, args) kept unformatted while ranking."""
    return why if isinstance(why, str) else why[0].format(*why[1])


def confidence(m: Mention, caps: dict[str, float], spot_key: str, support: float) -> float:
    """Share of the winner among the readings, capped by how the name matched.

    A name that is not itself in the gazetteer (romanised differently, inflected,
    garbled) is trusted by letter agreement, and only as far as the rest of the
    document agrees: a reading far from every other place named is a doubtful one.
    """
    if m.choice is None:
        return 0.0
    totals = [m.total(i) for i in range(len(m.readings))]
    best = totals[m.choice]
    z = sum(math.exp((t - best) / 0.3) for t in totals)
    r = m.readings[m.choice]
    cap = caps[r.how]
    if r.how != "exact":
        cap *= (0.5 + 0.5 * fuzz.ratio(spot_key, r.key) / 100) * (0.6 + 0.4 * support)
    return round(cap / z, 3)
