"""Checks of what a report says about geography, each with a verdict and its numbers.

Kinds (thresholds in docs/ledger.md):

* ``near``: "X near Y" -- distance between the points, or from X to the outline of a water
  body (coast of a sea, line of a river) carried in ``data/geo_checks.json``;
* ``distance``: "N km from X" / "N-M km to the northern part of X" / "... only 10 km from
  there" -- the stated distance against the gazetteer's, allowing for the town's radius when
  the text speaks of outskirts or parts of the town;
* ``bearing``: "X (to the) north of Y" -- bearing from Y to X against the stated direction;
* ``region``: "X in (the) R", "X, a city in R" -- X's first-level unit against R;
* ``confusable``: a name that equals or closely resembles another place's name (Sevsk in
  Russia for "SevSk" resolved to Siversk);
* ``context``: a place far from everything else the report is about, used as a location
  ("a buffer zone near Sevastopol" in a Donbas story).

Distance and bearing statements are judged on the resolved places and, when that reading
does not fit, on the alternative readings of the same mentions: a statement is false only
if no reading of its names makes it true (the note says which reading fits).
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator, Sequence

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from sitrep.gazetteer.base import Gazetteer
from sitrep.gazetteer.normalize import name_key, skeleton
from sitrep.ledger.geo import (COMPASS, angle_diff, bearing_deg, compass_name, haversine_km,
                               km_to_geometry)
from sitrep.ledger.records import CheckResult
from sitrep.model import Analysis, Place, PlaceMention, Span

NEAR_OK_KM, NEAR_FALSE_KM = 25.0, 50.0
WATER_OK_KM, WATER_FALSE_KM = 15.0, 40.0
BEARING_OK, BEARING_FALSE = 45.0, 90.0
BEARING_NEAR_KM = 30.0  # an alternative reading said to lie 'north of Y' must be this close to Y
CONTEXT_KM = 250.0
_DIR = r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?(?:ward)?"
_OBJ = r"(?:the\s+)?(?:(?:city|town|village|settlement|populated\s+point|urban\s+settlement)\s+of\s+)?"
_NEAR_CUE = re.compile(rf"\b(?:near|close\s+to|not\s+far\s+from|in\s+the\s+vicinity\s+of|next\s+to|"
                       rf"on\s+the\s+shores?\s+of|by)\s+{_OBJ}$", re.I)
_BEARING_GAP = re.compile(rf"^[^.;]{{0,50}}?\b(?:to\s+the\s+|just\s+)?{_DIR}\s+(?:of|from)\s+{_OBJ}$", re.I)
_REGION_GAP = re.compile(r"^\s*(?:,\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?)?(?:in|of)\s+(?:the\s+)?$", re.I)
_KM = re.compile(r"(\d+(?:[.,]\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:[.,]\d+)?))?\s*(?:km|kilomet(?:re|er)s?)\b", re.I)
_KM_TAIL = re.compile(rf"\s*(?:{_DIR}\s+)?(?:away\s+)?(?:from|of|to|outside)\s+(?:the\s+)?"
                      rf"(?:(?:outskirts|edge|(?:{_DIR}\s+)?(?:part|outskirts|edge))\s+of\s+)?{_OBJ}", re.I)
_DEICTIC = re.compile(r"\s*(?:there|here|it)\b", re.I)
_ANAPHOR = re.compile(r"\b(?:this|that|the)\s+(?:\w+\s+)?(?:city|town|village|settlement)\b", re.I)
_PART = re.compile(r"\b(?:outskirts|edge|part|approaches)\b", re.I)
_SPATIAL_CUE = re.compile(rf"\b(?:near|around|outside|toward|towards|close\s+to|in\s+the\s+vicinity\s+of|"
                          rf"zone\s+(?:near|around)|in|at)\s+{_OBJ}$", re.I)


@dataclass(frozen=True)
class CheckData:
    water: dict[str, BaseGeometry]  # place_id or name key -> outline
    regions: dict[str, frozenset[str]]  # place_id or name key -> admin1 names/codes inside
    confusables: tuple[Place, ...]


@lru_cache(maxsize=1)
def load_check_data() -> CheckData:
    raw = json.loads(resources.files("sitrep.data").joinpath("geo_checks.json")
                     .read_text(encoding="utf-8"))
    water: dict[str, BaseGeometry] = {}
    for w in raw["water"]:
        geom = shape({"type": w["type"], "coordinates": w["coordinates"]})
        for key in (w["place_id"], *(name_key(n) for n in w["names"])):
            water[key] = geom
    regions: dict[str, frozenset[str]] = {}
    for r in raw["regions"]:
        for key in (r["place_id"], *(name_key(n) for n in r["names"])):
            regions[key] = frozenset(r["admin1"])
    conf = tuple(Place(f"confusable:{name_key(c['name'])}", c["name"], "settlement", c["lat"],
                       c["lon"], admin1=c["admin"], country=c["country"])
                 for c in raw["confusables"])
    return CheckData(water, regions, conf)


@dataclass(frozen=True)
class _Sentence:
    span: Span
    mentions: tuple[PlaceMention, ...]


def check_analysis(analysis: Analysis, data: CheckData | None = None,
                   gazetteer: Gazetteer | None = None) -> list[CheckResult]:
    """Every geography check on one analysed document, in text order.

    ``gazetteer`` (optional) tells which spellings are known names of the resolved place,
    so that "Seversk" for Siversk is not reported as confusable with Seversk in Russia.
    """
    data = data or load_check_data()
    sents = _sentences(analysis)
    text = analysis.document.text
    out = [*near_checks(text, sents, data), *distance_checks(text, sents, gazetteer),
           *bearing_checks(text, sents, gazetteer), *region_checks(text, sents, data),
           *confusable_checks(analysis.mentions, data, gazetteer), *context_checks(text, analysis, data)]
    return sorted(out, key=lambda c: (c.span.start, c.kind))


def _sentences(a: Analysis) -> list[_Sentence]:
    spans = [s.span for s in a.sentences] or [Span(a.document.doc_id, 0, len(a.document.text),
                                                   a.document.text)]
    ms = sorted(a.mentions, key=lambda m: m.span.start)
    return [_Sentence(sp, tuple(m for m in ms if sp.start <= m.span.start < sp.end)) for sp in spans]


def _located(m: PlaceMention | None) -> Place | None:
    if m is None or m.place is None or m.place.lat is None or m.place.lon is None:
        return None
    return m.place


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]


def _span(text: str, doc_id: str, start: int, end: int) -> Span:
    return Span(doc_id, start, end, text[start:end])


def _grade(value: float, ok: float, bad: float) -> str:
    return "consistent" if value <= ok else "questionable" if value <= bad else "false"


# -- near ------------------------------------------------------------------------------
def near_checks(text: str, sents: Sequence[_Sentence], data: CheckData) -> Iterator[CheckResult]:
    by_key = _resolved_by_key(m for t in sents for m in t.mentions)
    for s in sents:
        for i, y in enumerate(s.mentions):
            lo = s.mentions[i - 1].span.end if i else s.span.start
            cue = _NEAR_CUE.search(text, max(lo, y.span.start - 60), y.span.start)
            if cue is None:
                continue
            x = _subject_before(text, lo, cue.start(), s.mentions[i - 1] if i else None, by_key)
            px, py = _located(x), _located(y)
            if x is None or px is None or py is None or px.kind != "settlement":
                continue
            result = _near(px, py, data)
            if result is not None:
                km, verdict, how = result
                yield CheckResult("near", y.span.doc_id, _span(text, y.span.doc_id, x.span.start, y.span.end),
                                  f"{x.span.text} near {y.span.text}", verdict, "near",
                                  f"{km:.0f} km", f"{px.name} is {km:.1f} km from {py.name} ({how})",
                                  (("km", round(km, 1)),))


_SUBJECT = re.compile(r"([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)(?:[’']s)?(?:\s+[a-z]+){0,2}\s*$")


def _subject_before(text: str, lo: int, cue_start: int, prev: PlaceMention | None,
                    by_key: dict[str, PlaceMention]) -> PlaceMention | None:
    """The place right before "near": the previous mention, or a name the spotter missed
    ("Seversk’s location near") that the same report resolves elsewhere."""
    if prev is not None and cue_start - prev.span.end <= 40 and "," not in text[prev.span.end:cue_start]:
        return prev
    m = _SUBJECT.search(text, lo, cue_start)
    if m is None:
        return None
    known = by_key.get(name_key(m.group(1)))
    if known is None:
        return None
    doc_id = known.span.doc_id
    return PlaceMention(_span(text, doc_id, m.start(1), m.end(1)), known.place, known.confidence,
                        known.precision, known.alternatives, ("same name resolved elsewhere in the report",))


def _resolved_by_key(mentions: Iterable[PlaceMention]) -> dict[str, PlaceMention]:
    out: dict[str, PlaceMention] = {}
    for m in mentions:
        if m.place is not None:
            out.setdefault(name_key(m.span.text), m)
    return out


def _near(x: Place, y: Place, data: CheckData) -> tuple[float, str, str] | None:
    if y.kind == "water":
        outline = data.water.get(y.place_id) or data.water.get(name_key(y.name))
        if outline is not None:
            km = km_to_geometry(x.lat, x.lon, outline)  # type: ignore[arg-type]
            return km, _grade(km, WATER_OK_KM, WATER_FALSE_KM), "to the nearest point of its outline"
        km = _km(x, y)  # no outline: a point says little about a sea; never more than questionable
        verdict = "consistent" if km <= WATER_OK_KM else "questionable"
        return km, verdict, "to its representative point; no outline known"
    if y.kind in ("settlement", "other"):
        km = _km(x, y)
        return km, _grade(km, NEAR_OK_KM, NEAR_FALSE_KM), "between the gazetteer points"
    return None


# -- distance --------------------------------------------------------------------------
def readings(m: PlaceMention, gazetteer: Gazetteer | None = None, around: Place | None = None,
             km: float = 0.0) -> list[tuple[Place, str]]:
    """Every located settlement the mention's words can name: the resolved place first, then
    the geoparser's alternatives, then features of that name in the gazetteer, and (with
    ``around``) features within ``km`` of it whose name has the same consonant skeleton
    ("Nikolaevka" / "Mykolaivka": transliterations the name index may not list)."""
    out: dict[str, tuple[Place, str]] = {}
    if _located(m) is not None:
        out[m.place.place_id] = (m.place, "resolved places")  # type: ignore[union-attr]
    pool = [c.place for c in m.alternatives]
    if gazetteer is not None:
        key = name_key(m.span.text)
        pool += list(gazetteer.lookup(key))
        if around is not None and _located_place(around):
            bone = skeleton(key)
            pool += [p for p in gazetteer.near(around.lat, around.lon, km)  # type: ignore[arg-type]
                     if skeleton(name_key(p.name)) == bone]
    for p in pool:
        if p.place_id not in out and _located_place(p) and p.kind == "settlement":
            out[p.place_id] = (p, f"alternative reading of {m.span.text}: {p.name} ({p.place_id})")
    return list(out.values())


def distance_checks(text: str, sents: Sequence[_Sentence],
                    gazetteer: Gazetteer | None = None) -> Iterator[CheckResult]:
    for k, s in enumerate(sents):
        body = s.span.text
        for m in _KM.finditer(body):
            start, end = s.span.start + m.start(), s.span.start + m.end()
            tail = _KM_TAIL.match(text, end, s.span.end)
            if tail is None:
                continue
            pair = _distance_pair(text, sents, k, start, tail.end())
            if pair is None:
                continue
            x, y = pair
            lo = float(m.group(1).replace(",", "."))
            hi = float(m.group(2).replace(",", ".")) if m.group(2) else lo
            part = bool(_PART.search(text[max(s.span.start, start - 60):tail.end()]))
            yield _judge_distance(text, x, y, lo, hi, part,
                                  _span(text, s.span.doc_id, start, tail.end()), gazetteer)


def _distance_pair(text: str, sents: Sequence[_Sentence], k: int, start: int,
                   anchor_at: int) -> tuple[PlaceMention, PlaceMention] | None:
    s = sents[k]
    after = [m for m in s.mentions if m.span.start == anchor_at]
    before = [m for m in s.mentions if m.span.end <= start and _located(m) and m.place.kind == "settlement"]
    earlier = [m for t in sents[max(0, k - 2):k] for m in t.mentions
               if _located(m) and m.place.kind == "settlement"]  # type: ignore[union-attr]
    if after:
        y = after[0]
    elif _DEICTIC.match(text, anchor_at):
        y = None  # "from there": the place talked about just before (resolved below)
    else:
        return None
    if before:
        x = before[-1]
    elif _ANAPHOR.search(text, s.span.start, start):
        # "this important city": the last settlement named before (not the anchor)
        pool = [m for m in earlier if y is None or m.place.place_id != y.place.place_id]  # type: ignore[union-attr]
        if not pool:
            return None
        x = pool[-1]
    else:
        return None
    if y is None:
        pool = [m for m in earlier if m.place.place_id != x.place.place_id]  # type: ignore[union-attr]
        if not pool:
            return None
        y = pool[-1]
    if _located(y) is None or y.place.kind != "settlement":  # type: ignore[union-attr]
        return None
    return x, y


def town_radius_km(p: Place) -> float:
    """Rough built-up radius from population (2,000 people per km², clamped to 0.5-8 km)."""
    if not p.population:
        return 1.0
    return max(0.5, min(8.0, (p.population / (2000 * 3.14159)) ** 0.5))


def _distance_fit(x: Place, y: Place, lo: float, hi: float, part: bool) -> tuple[float, float, float]:
    """(centre distance, distance compared, error beyond the stated range) for one reading."""
    centre = _km(x, y)
    compared = centre - (town_radius_km(x) if part else 0.0)
    err = max(lo - compared, compared - hi, 0.0)
    return centre, compared, err


def _judge_distance(text: str, x: PlaceMention, y: PlaceMention, lo: float, hi: float,
                    part: bool, span: Span, gazetteer: Gazetteer | None) -> CheckResult:
    tol = max(3.0, 0.35 * hi)
    reach = hi + 2 * tol + 10.0
    rx, ry = readings(x, gazetteer, y.place, reach), readings(y, gazetteer, x.place, reach)
    pairs = [(x.place, y.place, "resolved places")]
    pairs += [(px, y.place, how) for px, how in rx[1:]] + [(x.place, py, how) for py, how in ry[1:]]
    scored = []
    for px, py, how in pairs:
        if _located_place(px) and _located_place(py):
            centre, compared, err = _distance_fit(px, py, lo, hi, part)
            scored.append((_grade(err, tol, 2 * tol), err, centre, compared, px, py, how))
    first = scored[0]
    best = min(scored, key=lambda r: r[1])
    pick = first if first[0] == "consistent" or best[0] != "consistent" else best
    verdict, err, centre, compared, px, py, how = pick
    claimed = f"{lo:g}" + (f"-{hi:g}" if hi != lo else "") + " km"
    note = (f"{px.name} to {py.name}: {centre:.1f} km between centres"
            + (f", ~{compared:.1f} km to the edge of {px.name} (radius ~{town_radius_km(px):.1f} km)" if part else "")
            + f"; tolerance ±{tol:.1f} km; {how}")
    return CheckResult("distance", span.doc_id, span, f"{x.span.text} – {y.span.text}", verdict, claimed,
                       f"{compared:.1f} km", note,
                       (("centre_km", round(centre, 1)), ("compared_km", round(compared, 1)),
                        ("claimed_lo_km", lo), ("claimed_hi_km", hi), ("error_km", round(err, 1))))


def _located_place(p: Place | None) -> bool:
    return p is not None and p.lat is not None and p.lon is not None


# -- bearing ---------------------------------------------------------------------------
def bearing_checks(text: str, sents: Sequence[_Sentence],
                   gazetteer: Gazetteer | None = None) -> Iterator[CheckResult]:
    for s in sents:
        for x, y in zip(s.mentions, s.mentions[1:]):
            m = _BEARING_GAP.match(text[x.span.end:y.span.start])
            if m is None or " and " in m.group(0)[:m.start(1)] or not (_located(x) and _located(y)):
                continue
            want = COMPASS[m.group(1).lower().replace("-", "")]
            yield _judge_bearing(text, x, y, m.group(1).lower(), want, gazetteer)


def _judge_bearing(text: str, x: PlaceMention, y: PlaceMention, word: str, want: float,
                   gazetteer: Gazetteer | None) -> CheckResult:
    scored = []
    for i, (px, how) in enumerate(readings(x, gazetteer, y.place, BEARING_NEAR_KM)):
        km = _km(px, y.place)  # type: ignore[arg-type]
        if km < 0.5 or (i and km > BEARING_NEAR_KM):
            continue  # another reading must also be "located to the north of" it: close by
        got = bearing_deg(y.place.lat, y.place.lon, px.lat, px.lon)  # type: ignore[union-attr,arg-type]
        diff = angle_diff(got, want)
        scored.append((_grade(diff, BEARING_OK, BEARING_FALSE), diff, got, km, px, how))
    span = _span(text, x.span.doc_id, x.span.start, y.span.end)
    subject = f"{x.span.text} {word} of {y.span.text}"
    if not scored:
        return CheckResult("bearing", x.span.doc_id, span, subject, "questionable", word, "0 km",
                           "the two places coincide; no bearing")
    pick = scored[0] if scored[0][0] == "consistent" else min(scored, key=lambda r: r[1])
    verdict, diff, got, km, px, how = pick
    note = (f"{px.name} lies {km:.1f} km {compass_name(got)} ({got:.0f}°) of {y.place.name}; "  # type: ignore[union-attr]
            f"stated {word} ({want:.0f}°), off by {diff:.0f}°; {how}")
    return CheckResult("bearing", x.span.doc_id, span, subject, verdict, word, f"{got:.0f}°", note,
                       (("bearing_deg", round(got, 1)), ("stated_deg", want), ("diff_deg", round(diff, 1)),
                        ("km", round(km, 1))))


# -- region ----------------------------------------------------------------------------
def region_checks(text: str, sents: Sequence[_Sentence], data: CheckData) -> Iterator[CheckResult]:
    for s in sents:
        for x, r in zip(s.mentions, s.mentions[1:]):
            if not _REGION_GAP.match(text[x.span.end:r.span.start]):
                continue
            px, pr = _located(x), r.place
            if px is None or pr is None or px.kind != "settlement" or pr.kind != "region":
                continue
            yield _judge_region(text, x, r, px, pr, data)


def _judge_region(text: str, x: PlaceMention, r: PlaceMention, px: Place, pr: Place,
                  data: CheckData) -> CheckResult:
    inside = data.regions.get(pr.place_id) or data.regions.get(name_key(pr.name))
    members = set(inside or ()) | ({pr.admin1} if pr.admin1 and pr.admin1 != "00" else set())
    span = _span(text, x.span.doc_id, x.span.start, r.span.end)
    km = _km(px, pr) if _located_place(pr) else None
    nums = (("km_to_region_point", round(km, 1)),) if km is not None else ()
    if members and px.admin1:
        ok = px.admin1 in members
        verdict = "consistent" if ok else ("questionable" if km is not None and km < 150 else "false")
        note = (f"{px.name} is in {px.admin1}; {r.span.text} read as {pr.name} "
                f"({', '.join(sorted(members))})")
        return CheckResult("region", x.span.doc_id, span, f"{x.span.text} in {r.span.text}", verdict,
                           pr.name, px.admin1, note, nums)
    verdict = "questionable" if km is None or km > 200 else "consistent"
    return CheckResult("region", x.span.doc_id, span, f"{x.span.text} in {r.span.text}", verdict, pr.name,
                       f"{km:.0f} km from its centre" if km is not None else "unknown",
                       "no first-level unit to compare; judged by distance to the region's point", nums)


# -- confusable names ------------------------------------------------------------------
def confusable_checks(mentions: Iterable[PlaceMention], data: CheckData,
                      gazetteer: Gazetteer | None = None) -> Iterator[CheckResult]:
    seen: set[tuple[str, str]] = set()
    for m in mentions:
        p = _located(m)
        key = name_key(m.span.text)
        if p is None or p.kind != "settlement" or (key, p.place_id) in seen:
            continue
        seen.add((key, p.place_id))
        if key == name_key(p.name) or _known_name(gazetteer, key, p):
            continue  # the text uses a recorded name of the place: nothing confusable in that
        rivals = [(c.place, "gazetteer alternative") for c in m.alternatives
                  if c.place.place_id != p.place_id and c.place.kind == "settlement"
                  and _located_place(c.place)]
        rivals += [(c, "known place outside Ukraine") for c in data.confusables]
        hits = []
        for q, why in rivals:
            if name_key(q.name) != key:
                continue  # only a rival the text names exactly, while the resolved place is spelt otherwise
            hits.append((q, why, _km(p, q)))
        hits = [h for h in hits if h[2] > 50]
        if hits:
            yield _confusable(m, p, hits)


def _known_name(gazetteer: Gazetteer | None, key: str, p: Place) -> bool:
    if gazetteer is None:
        return False
    return any(q.place_id == p.place_id for q in gazetteer.lookup(key))


def _confusable(m: PlaceMention, p: Place, hits: list[tuple[Place, str, float]]) -> CheckResult:
    q, why, km = min(hits, key=lambda h: h[2])
    where = ", ".join(x for x in (q.admin1, q.country) if x)
    note = (f"“{m.span.text}” is exactly the name of {q.name} ({where}; {why}), {km:.0f} km from "
            f"{p.name}, which the context chose (resolution confidence {m.confidence:.2f})")
    return CheckResult("confusable", m.span.doc_id, m.span, m.span.text, "questionable",
                       f"{m.span.text} = {p.name}", f"also {q.name} ({where})", note,
                       (("km_between_readings", round(km, 1)),))


# -- context ---------------------------------------------------------------------------
def context_checks(text: str, a: Analysis, data: CheckData) -> Iterator[CheckResult]:
    """A settlement used as a location far from everything else the report is about."""
    pts = [m for m in a.mentions if _located(m) and m.place.kind == "settlement"]  # type: ignore[union-attr]
    if len({m.place.place_id for m in pts}) < 2:  # type: ignore[union-attr]
        return
    # the focus: median of settlements and first-level regions named (each mention counts)
    anchors = pts + [m for m in a.mentions if _located(m) and m.place.kind == "region"  # type: ignore[union-attr]
                     and m.place.feature_code == "ADM1"]  # type: ignore[union-attr]
    lat = statistics.median(m.place.lat for m in anchors)  # type: ignore[union-attr,misc]
    lon = statistics.median(m.place.lon for m in anchors)  # type: ignore[union-attr,misc]
    focus = Place("focus", "the report's focus", "other", lat, lon)
    dists = [_km(m.place, focus) for m in pts]  # type: ignore[arg-type]
    typical = statistics.median(dists)
    event_spans = {(e.location.mention.span.start) for e in a.events
                   if e.location and e.location.mention}
    flagged: set[str] = set()
    for m, km in zip(pts, dists):
        if km <= max(CONTEXT_KM, 3 * typical) or m.place.place_id in flagged:  # type: ignore[union-attr]
            continue
        before = text[max(0, m.span.start - 40):m.span.start]
        if not (_SPATIAL_CUE.search(before) or m.span.start in event_spans):
            continue
        flagged.add(m.place.place_id)  # type: ignore[union-attr]
        yield _context(m, km, typical, pts)


def _context(m: PlaceMention, km: float, typical: float, pts: list[PlaceMention]) -> CheckResult:
    p = m.place
    stem = name_key(m.span.text)[:3]
    similar = sorted({o.span.text for o in pts if o.place.place_id != p.place_id  # type: ignore[union-attr]
                      and name_key(o.span.text)[:3] == stem})
    hint = f"; possibly confused with {', '.join(similar)} (same report)" if similar else ""
    note = (f"{p.name} ({p.admin1 or '?'}) lies {km:.0f} km from the centre of the other places in "  # type: ignore[union-attr]
            f"the report (typical {typical:.0f} km){hint}")
    return CheckResult("context", m.span.doc_id, m.span, m.span.text, "questionable",
                       "a location in this story", f"{km:.0f} km from the story's focus", note,
                       (("km_from_focus", round(km, 1)), ("typical_km", round(typical, 1))))
