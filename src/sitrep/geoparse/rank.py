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

from rapidfuzz import fuzz

from sitrep.gazetteer.katotth import is_approximate, km
from sitrep.gazetteer.normalize import name_key
from sitrep.geoparse.candidates import Reading, similarity
from sitrep.geoparse.relations import Relation, bearing_of
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


def static_score(r: Reading, sent_regions: set[str], doc_regions: dict[str, float]) -> tuple[float, list[str]]:
    p, prior_why = prior(r.place)
    # closeness to the place's main name demotes obscure historical/foreign alternates
    main = 0.4 * similarity(r.key, _main_key(r.place.name))
    score = 1.5 * r.match + p + main
    why = [f"{r.how} match of '{r.key}' ({r.match:.2f})", prior_why, f"main-name similarity {main / 0.4:.2f}"]
    if r.preferred:
        score += 0.8
        why.append("alias table (renamed place / republic name)")
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


def _fit(rel: Relation, c: Place, a: Place, subject_side: bool) -> float:
    """How well subject reading ``c`` fits anchor reading ``a`` under ``rel`` (0..1)."""
    if c.lat is None or a.lat is None or c.place_id == a.place_id:
        return 0.0
    d = km(a.lat, a.lon, c.lat, c.lon)
    if rel.kind in ("together", "between"):
        return math.exp(-d / 10.0)
    bearing = rel.bearing if subject_side or rel.bearing is None else (rel.bearing + 180) % 360
    direction = 1.0
    if bearing is not None and d > 0.5:
        actual = bearing_of(a.lat, a.lon, c.lat, c.lon) if subject_side else bearing_of(c.lat, c.lon, a.lat, a.lon)
        direction = max(0.0, math.cos(math.radians(actual - bearing)))
    if rel.kind == "distance" and rel.km is not None:
        return direction * math.exp(-abs(d - rel.km) / (3.0 + 0.2 * rel.km))
    return direction * math.exp(-d / 20.0)


def relation_terms(mentions: list[Mention], rels: list[Relation], by_spot: dict[int, Mention]) -> None:
    for rel in rels:
        for side, me, other in ((True, rel.subject, rel.anchor), (False, rel.anchor, rel.subject)):
            m, o = by_spot.get(me), by_spot.get(other)
            if m is None or o is None or not o.readings:
                continue
            weights = _softmax_weights(o)
            for i, r in enumerate(m.readings):
                if r.place.kind != "settlement":
                    continue
                best, partner = max(((w * _fit(rel, r.place, ro.place, side), ro.place.name)
                                     for w, ro in zip(weights, o.readings)), default=(0.0, ""))
                if best > 0.05:
                    m.dynamic[i] += 1.6 * best
                    m.dyn_why[i].append(f"{rel.kind} relation with {partner} ({best:.2f})")


def proximity_terms(mentions: list[Mention]) -> None:
    """Same-sentence proximity and document coherence, from the other mentions' current choices."""
    chosen = [(m, m.chosen()) for m in mentions]
    for m in mentions:
        own_keys = {r.key for r in m.readings}
        others = [(o.sentence == m.sentence, p) for o, p in chosen
                  if o is not m and p is not None and p.kind == "settlement"
                  and not ({r.key for r in o.readings} & own_keys)]
        if not others:
            continue
        for i, r in enumerate(m.readings):
            if r.place.kind != "settlement" or r.place.lat is None:
                continue
            dists = [(same, km(r.place.lat, r.place.lon, p.lat, p.lon)) for same, p in others]
            sent = max((math.exp(-d / 20.0) for same, d in dists if same), default=0.0)
            doc = min(1.0, sum(math.exp(-d / 40.0) for _, d in dists))
            m.dynamic[i] += 0.6 * sent + 0.5 * doc
            if sent > 0.2 or doc > 0.3:
                m.dyn_why[i].append(f"close to the other places named (sentence {sent:.2f}, document {doc:.2f})")


def choose(m: Mention) -> None:
    m.choice = max(range(len(m.readings)), key=m.total) if m.readings else None


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
