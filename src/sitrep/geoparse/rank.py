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
from typing import Any, Sequence

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
# A settlement on the official list of territories with hostilities/occupation: tuned on the
# CIR dev set (0.2-0.3 equal, 0.4 worse); small beside a region named in the sentence (0.6)
WAR_ZONE_BONUS = 0.3


@dataclass
class Mention:
    """One spot while it is being resolved (mutable working state, never leaves rank/parser)."""

    index: int
    sentence: int
    readings: list[Reading]
    static: list[float] = field(default_factory=list)
    why: Sequence[list[str]] = field(default_factory=list)  # per reading (StaticReasons)
    dynamic: list[float] = field(default_factory=list)
    # per reading: lists while terms are summed, DynamicReasons after joint_choice
    dyn_why: Any = field(default_factory=list)
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


# the same Reading objects (the parser caches them per name key) are scored in document
# after document: by identity, a lookup skips hashing the whole Place for the lru key
_BASES: dict[int, tuple[Reading, float, tuple[str, ...]]] = {}


def _base(r: Reading) -> tuple[float, tuple[str, ...]]:
    """:func:`_string_and_prior` of a reading, memoised by the reading's identity (the entry
    holds the reading, so its id cannot be reused while the entry lives)."""
    hit = _BASES.get(id(r))
    if hit is not None and hit[0] is r:
        return hit[1], hit[2]
    score, why = _string_and_prior(r.place, r.key, r.match, r.how, r.preferred)
    if len(_BASES) >= _BASE_CACHE:
        _BASES.clear()
    _BASES[id(r)] = (r, score, why)
    return score, why


def static_scores(readings: list[Reading], sent_regions: set[str], doc_regions: dict[str, float]) -> list[float]:
    """The static score of each reading (its reasons: :func:`static_why`, built when shown)."""
    out = []
    get = _BASES.get
    for r in readings:
        hit = get(id(r))  # _base, inlined: this loop runs over every reading of every mention
        score = hit[1] if hit is not None and hit[0] is r else _base(r)[0]
        admin1 = r.place.admin1
        if admin1 and r.place.kind == "settlement":
            if admin1 in sent_regions:
                score += 0.6
            elif admin1 in doc_regions:
                score += 0.4 * doc_regions[admin1]
        if r.place.country == "UA":
            score += 0.15
        if r.war_zone:
            score += WAR_ZONE_BONUS
        out.append(score)
    return out


def static_why(r: Reading, sent_regions: set[str], doc_regions: dict[str, float]) -> list[str]:
    """The reasons behind :func:`static_scores` of one reading."""
    why = list(_base(r)[1])
    admin1 = r.place.admin1
    if admin1 and r.place.kind == "settlement":
        if admin1 in sent_regions:
            why.append(f"in {admin1}, named in the sentence")
        elif admin1 in doc_regions:
            why.append(f"in {admin1}, named in the document")
    if r.war_zone:
        why.append("in a territory of hostilities or occupation (official list)")
    return why


class StaticReasons:
    """``Mention.why`` as a lazy sequence: a common name has dozens of readings, and only the
    chosen one and the top alternatives ever show their reasons."""

    __slots__ = ("readings", "sent_regions", "doc_regions")

    def __init__(self, readings: list[Reading], sent_regions: set[str], doc_regions: dict[str, float]) -> None:
        self.readings, self.sent_regions, self.doc_regions = readings, sent_regions, doc_regions

    def __getitem__(self, i: int) -> list[str]:
        return static_why(self.readings[i], self.sent_regions, self.doc_regions)

    def __len__(self) -> int:
        return len(self.readings)


class DynamicReasons:
    """``Mention.dyn_why`` of the last round as a lazy sequence over the flat readings
    ``lo:lo + n``: relation and border reasons are sparse ({flat index: reasons}), and the
    proximity reason is per flat index."""

    __slots__ = ("lo", "n", "fixed", "near", "late")

    def __init__(self, lo: int, n: int, fixed: dict[int, list], near: dict[int, tuple],
                 late: dict[int, list]) -> None:
        self.lo, self.n, self.fixed, self.near, self.late = lo, n, fixed, near, late

    def __getitem__(self, i: int) -> list:
        if not 0 <= i < self.n:
            raise IndexError(i)
        f = self.lo + i
        return self.fixed.get(f, []) + ([self.near[f]] if f in self.near else []) + self.late.get(f, [])

    def __len__(self) -> int:
        return self.n


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


@dataclass(frozen=True)
class _Coords:
    """Some readings of one mention as arrays (their indices, coordinates and place ids)."""

    idx: list[int]
    lat: np.ndarray
    lon: np.ndarray
    ids: np.ndarray


def _coords(m: Mention, settlements: bool) -> _Coords:
    """The readings with coordinates (only settlements if ``settlements``) of ``m``."""
    idx = [i for i, r in enumerate(m.readings)
           if r.place.lat is not None and (not settlements or r.place.kind == "settlement")]
    places = [m.readings[i].place for i in idx]
    return _Coords(idx, np.array([p.lat for p in places], dtype=np.float64),
                   np.array([p.lon for p in places], dtype=np.float64), np.array([p.place_id for p in places]))


def _fit_matrix(rel: Relation, subj: _Coords, anchors: _Coords, subject_side: bool) -> np.ndarray:
    """How well each subject reading (rows) fits each anchor reading (columns) under ``rel``, 0..1.

    together/between: close (exp(-km/10)); bearing: in the stated direction and close;
    distance: at the stated distance (and direction, if stated). A place never fits itself.
    """
    clat, clon, alat, alon = subj.lat, subj.lon, anchors.lat, anchors.lon
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
    same = subj.ids[:, None] == anchors.ids[None, :]
    return np.where(same, 0.0, fit)


def relation_terms(mentions: list[Mention], rels: list[Relation], by_spot: dict[int, Mention]) -> None:
    """Stated relations: each settlement reading gets the best weighted fit with a reading of
    the partner mention (weights: the partner's static scores), one matrix per relation side.
    A mention's arrays are built once, however many relations it takes part in."""
    subjects: dict[int, _Coords] = {}
    anchors: dict[int, tuple[_Coords, np.ndarray]] = {}
    for rel in rels:
        for side, me, other in ((True, rel.subject, rel.anchor), (False, rel.anchor, rel.subject)):
            m, o = by_spot.get(me), by_spot.get(other)
            if m is None or o is None or not o.readings:
                continue
            if me not in subjects:
                subjects[me] = _coords(m, settlements=True)
            if other not in anchors:
                cols = _coords(o, settlements=False)
                anchors[other] = (cols, np.array(_softmax_weights(o), dtype=np.float64)[cols.idx])
            (cols, weights), rows = anchors[other], subjects[me]
            if rows.idx and cols.idx:
                _relation_side(rel, m, o, rows, cols, weights[None, :] * _fit_matrix(rel, rows, cols, side))


def _relation_side(rel: Relation, m: Mention, o: Mention, rows: _Coords, cols: _Coords,
                   vals: np.ndarray) -> None:
    """Adds one relation side's best fits (``vals``: rows x cols) to ``m``'s dynamic terms."""
    best = vals.max(axis=1)
    for n in np.flatnonzero(best > 0.05).tolist():
        i, b = rows.idx[n], float(best[n])
        # as max() over (value, name) pairs: among equal values the greatest name
        partner = max(o.readings[cols.idx[k]].place.name for k in np.flatnonzero(vals[n] == best[n]).tolist())
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
        sents = np.array([m.sentence for m in mentions], dtype=np.int64)
        # per settlement reading (rows) and mention (columns): fixed for the resolution, so
        # each round only picks the chosen mentions' columns
        self.apart = _apart(mentions)[self.owner]
        self.same = (sents[:, None] == sents[None, :])[self.owner]
        self.pos_lat, self.pos_lon = self.lat[self.pos], self.lon[self.pos]

    def values(self, choice: list[int | None]) -> tuple[np.ndarray, tuple | None]:
        """The proximity term of every reading (flat), and what :meth:`reasons` needs: only
        the last round's reasons are kept, so earlier rounds skip building them."""
        out = np.zeros(self.starts[-1], dtype=np.float64)
        cols = [j for j, c in enumerate(choice) if c is not None and self.settled[self.starts[j] + c]]
        if not cols or not len(self.pos):
            return out, None
        at = [self.starts[j] + choice[j] for j in cols]
        d = km_matrix(self.pos_lat, self.pos_lon, self.lat[at], self.lon[at])
        valid = self.apart[:, cols]
        same = valid & self.same[:, cols]
        sent = np.where(same, np.exp(-d / 20.0), 0.0).max(axis=1)
        doc = np.minimum(1.0, np.where(valid, np.exp(-d / 40.0), 0.0).sum(axis=1))
        ok = valid.any(axis=1)
        out[self.pos] = np.where(ok, 0.6 * sent + 0.5 * doc, 0.0)
        return out, (ok, sent, doc)

    def reasons(self, parts: tuple | None) -> list[tuple[int, tuple]]:
        """Proximity reasons as (flat index, (template, args)) from :meth:`values`' parts."""
        if parts is None:
            return []
        ok, sent, doc = parts
        shown = np.flatnonzero(ok & ((sent > 0.2) | (doc > 0.3)))
        return [(int(self.pos[k]), (_NEAR_WHY, (float(sent[k]), float(doc[k])))) for k in shown.tolist()]


def _apart(mentions: list[Mention]) -> np.ndarray:
    """Which mention pairs may support each other: those sharing no name key (the diagonal
    is False). Marked from each key's mentions, not by comparing every pair's key sets."""
    n = len(mentions)
    apart = np.ones((n, n), dtype=bool)
    np.fill_diagonal(apart, False)
    owners: dict[str, list[int]] = {}
    for k, m in enumerate(mentions):
        for key in {r.key for r in m.readings}:
            owners.setdefault(key, []).append(k)
    # the keys of one name's readings are shared by the same mentions: mark each group once
    for ks in {tuple(ks) for ks in owners.values() if len(ks) > 1}:
        apart[np.ix_(ks, ks)] = False
    return apart


def joint_choice(mentions: list[Mention], fixed: tuple[list[float], dict[int, list]],
                 late: tuple[list[float], dict[int, list]]) -> None:
    """Choose every mention's reading jointly, as flat arrays over the document's readings.

    A few rounds of static score + ``fixed`` (stated relations) + proximity to the other
    current choices + ``late`` (border terms); each is (values per flat reading, reasons as
    {flat index: reasons} for the readings that have any).
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
        parts = None
        for _ in range(ROUNDS):
            near, parts = prox.values(choice)
            dyn = (rel + near) + border
            choice = _first_max((static + dyn).tolist(), starts)
        whys = prox.reasons(parts)
    else:
        choice = _first_max((static + dyn).tolist(), starts)
    near_why = dict(whys)
    flat = dyn.tolist()
    for k, m in enumerate(mentions):
        lo, hi = starts[k], starts[k + 1]
        m.choice, m.dynamic = choice[k], flat[lo:hi]
        m.dyn_why = DynamicReasons(lo, hi - lo, fixed[1], near_why, late[1])


def _first_max(totals: list[float], starts: list[int]) -> list[int | None]:
    out: list[int | None] = []
    for lo, hi in zip(starts, starts[1:]):
        seg = totals[lo:hi]
        out.append(seg.index(max(seg)) if seg else None)  # the first of equals
    return out


def reason(why) -> str:
    """A reason as text: plain strings, or (template, args) kept unformatted while ranking."""
    return why if isinstance(why, str) else why[0].format(*why[1])


def confidence(m: Mention, caps: dict[str, float], spot_key: str, support: float,
               totals: list[float] | None = None) -> float:
    """Share of the winner among the readings, capped by how the name matched.

    A name that is not itself in the gazetteer (romanised differently, inflected,
    garbled) is trusted by letter agreement, and only as far as the rest of the
    document agrees: a reading far from every other place named is a doubtful one.
    ``totals``: every reading's :meth:`Mention.total`, when the caller has them already.
    """
    if m.choice is None:
        return 0.0
    if totals is None:
        totals = [m.total(i) for i in range(len(m.readings))]
    best = totals[m.choice]
    z = sum(math.exp((t - best) / 0.3) for t in totals)
    r = m.readings[m.choice]
    cap = caps[r.how]
    if r.how != "exact":
        cap *= (0.5 + 0.5 * fuzz.ratio(spot_key, r.key) / 100) * (0.6 + 0.4 * support)
    return round(cap / z, 3)
