"""The ``geoparse`` pipeline stage: sentences -> place mentions."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from sitrep.gazetteer.katotth import is_approximate, km
from sitrep.gazetteer.build import KINDS
from sitrep.gazetteer.normalize import name_key
from sitrep.gazetteer.spatial import km_matrix
from sitrep.geoparse import rank
from sitrep.geoparse.candidates import CONFIDENCE_CAP, Reading, fuzzy_readings, readings, shortlist
from sitrep.geoparse.relations import anaphoric_relations, border_sentence, pair_relations
from sitrep.geoparse.spot import Spot, spot, tokenize, vetoed
from sitrep.model import Analysis, Candidate, PlaceMention, Span

ANCHOR_KM = 30.0
MAX_ALTERNATIVES = 5
READINGS_CACHE = 20_000  # name keys (and shortlists); bounds memory on long runs
CITY_POPULATION = 50_000  # cities whose names are spotted even in lower case
CITY_CODES = frozenset(("PPL", "PPLA", "PPLA2", "PPLA3", "PPLC"))


@dataclass
class _Doc:
    text: str
    spots: list[Spot]
    mentions: list[rank.Mention]
    sent_of: list[int]


class GeoParser:
    """Pipeline stage adding ``mentions`` (sorted by offset) to an analysis.

    ``gazetteer`` is an :class:`~sitrep.gazetteer.index.IndexedGazetteer` (or
    anything with its lookup methods: rows/place/keys_by_skeleton/keys_of_rows/...).
    """

    name = "geoparse"
    requires = ("sentences",)
    provides = ("mentions",)

    def __init__(self, gazetteer) -> None:
        self.gaz = gazetteer
        # readings depend only on (name key, exact): documents keep naming the same places
        self._readings: dict[tuple[str, bool], tuple[Reading, ...]] = {}
        self._cities: frozenset[str] | None = None
        self._shortlists: dict[tuple[str, str], list[tuple[str, float]]] = {}

    def _zoned(self, found: list[Reading]) -> tuple[Reading, ...]:
        """Mark the settlements the official list of hostilities/occupation covers: war
        reports are about places at war (the prior weighs only when nothing else decides)."""
        zones = getattr(self.gaz, "hostilities", None)
        if zones is None:
            return tuple(found)
        return tuple(replace(r, war_zone=True) if r.place.kind == "settlement" and r.place.katotth
                     and zones.entries_for(r.place.katotth, r.place.name) else r for r in found)

    def _readings_of(self, key: str, exact: bool) -> list[Reading]:
        found = self._readings.get((key, exact))
        if found is None:
            if len(self._readings) >= READINGS_CACHE:
                self._readings.clear()
            found = self._readings[(key, exact)] = self._zoned(readings(self.gaz, key, exact))
        return list(found)

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.document
        starts = [s.span.start for s in analysis.sentences]
        mentions = self.parse(doc.doc_id, doc.text, starts)
        return replace(analysis, mentions=tuple(mentions))

    # -- stages -------------------------------------------------------------------
    def _spots(self, text: str) -> list[Spot]:
        toks = tokenize(text)
        known = lambda k: bool(self.gaz.rows(k))  # noqa: E731
        first = spot(text, known, toks, cities=self._major_cities())
        # the second pass below mostly finds the same spans again: judge each span once
        why = {(s.start, s.end): vetoed(text, s.start, s.end) for s in first}
        # one sense per discourse: a name used for a person once is a person throughout
        people = {s.key for s in first if (w := why[s.start, s.end]) and w.startswith("person")}
        kept = [s for s in first if why[s.start, s.end] is None and s.key not in people]
        loose = frozenset(s.key for s in kept if not s.exact and s.cued)
        if not loose:
            return kept
        return [s for s in spot(text, known, toks, loose, self._major_cities())
                if s.key not in people and _veto(why, text, s) is None]

    def _major_cities(self) -> frozenset[str]:
        """Main-name keys of Ukraine's cities of 50,000+ and oblast seats (built on first use).

        Only main names of whole cities: alternate names include words like "human" (Uman),
        and city districts (PPLX) names like "Desna" or "Shevchenko".
        """
        if self._cities is None:
            d = getattr(self.gaz, "data", None)
            rows = [] if d is None else [
                r for r in range(len(d.ids)) if d.kinds[r] == KINDS.index("settlement")
                and d.countries[r] == "UA" and d.fcodes[r] in CITY_CODES
                and (d.populations[r] >= CITY_POPULATION or d.fcodes[r] in ("PPLA", "PPLC"))]
            keys = {name_key(self.gaz.place(r).name) for r in rows}
            self._cities = frozenset(k for k in keys if len(k) >= 4 and k.isalpha() and k.isascii())
        return self._cities

    def parse(self, doc_id: str, text: str, sentence_starts: list[int]) -> list[PlaceMention]:
        spots = self._spots(text)
        if not spots:
            return []
        starts = sentence_starts or [0]
        sent_of = [max(0, bisect_right(starts, s.start) - 1) for s in spots]
        mentions = [rank.Mention(i, sent_of[i], self._readings_of(s.key, s.exact))
                    for i, s in enumerate(spots)]
        doc = _Doc(text, spots, mentions, sent_of)
        self._resolve(doc)
        if self._add_fuzzy(doc):
            self._resolve(doc)
        return self._emit(doc_id, doc)

    def _regions(self, doc: _Doc) -> tuple[dict[int, set[str]], dict[str, float]]:
        """Oblasts named per sentence, and in the document weighted by how often (max 1)."""
        per_sent: dict[int, set[str]] = {}
        counts: dict[str, int] = {}
        for m in doc.mentions:
            regs = [r for r in m.readings if r.place.kind == "region" and r.place.admin1
                    and r.place.admin1 != "00"
                    and (r.how == "exact" or r.preferred)]
            if regs and all(r.place.kind == "region" or r.match < 1 for r in m.readings[:1]):
                best = max(regs, key=lambda r: (r.preferred, r.match))
                per_sent.setdefault(m.sentence, set()).add(best.place.admin1)
                counts[best.place.admin1] = counts.get(best.place.admin1, 0) + 1
            elif (seat := _seat_qualifier(doc, m)) is not None:
                per_sent.setdefault(m.sentence, set()).add(seat)
                counts[seat] = counts.get(seat, 0) + 1
        top = max(counts.values(), default=1)
        return per_sent, {a: n / top for a, n in counts.items()}

    def _resolve(self, doc: _Doc) -> None:
        per_sent, doc_regions = self._regions(doc)
        for m in doc.mentions:
            sent_regions = per_sent.get(m.sentence, set())
            m.static = rank.static_scores(m.readings, sent_regions, doc_regions)
            m.why = rank.StaticReasons(m.readings, sent_regions, doc_regions)
            m.dynamic, m.dyn_why = [], []
        relations, borders = self._fixed_terms(doc, per_sent)
        rank.joint_choice(doc.mentions, relations, borders)

    def _fixed_terms(self, doc: _Doc, per_sent: dict[int, set[str]]) -> tuple[tuple, tuple]:
        """(relation terms, border terms), each as (values, reasons) over the flat readings.

        Both weigh readings by static scores and places only, never by the current
        choices, so they are computed once per resolution rather than once per round.
        """
        def flat() -> tuple[list[float], dict[int, list[str]]]:
            values: list[float] = []
            whys: dict[int, list[str]] = {}
            for m in doc.mentions:
                whys.update((len(values) + i, w) for i, w in m.dyn_why.items() if w)
                values += m.dynamic
            return values, whys

        def zero() -> None:
            # reasons are sparse (few readings fit a relation): a list per reading only on demand
            for m in doc.mentions:
                m.dynamic, m.dyn_why = [0.0] * len(m.readings), defaultdict(list)

        rels = pair_relations(doc.text, doc.spots) + anaphoric_relations(doc.text, doc.spots)
        # "Pavlivka, Donetsk" places Pavlivka in Donetsk's oblast (see _regions), not next to a
        # village that happens to be called Donetske
        seats = {m.index for m in doc.mentions if _seat_qualifier(doc, m) is not None}
        rels = [r for r in rels if not (r.kind == "together" and r.anchor in seats)]
        zero()
        rank.relation_terms(doc.mentions, rels, {m.index: m for m in doc.mentions})
        relations = flat()
        zero()
        self._border_terms(doc, per_sent)
        return relations, flat()

    def _border_terms(self, doc: _Doc, per_sent: dict[int, set[str]]) -> None:
        """"Near the border between R1 and R2": favour readings close to the other region."""
        for m in doc.mentions:
            regions = per_sent.get(m.sentence, set())
            start = doc.spots[m.index].start
            sent_text = doc.text[max(0, start - 200):start + 50]
            if len(regions) < 2 or not border_sentence(sent_text):
                continue
            for i, r in enumerate(m.readings):
                p = r.place
                if p.kind != "settlement" or p.admin1 not in regions:
                    continue
                d = min((km(p.lat, p.lon, q.lat, q.lon) for q in self.gaz.near(p.lat, p.lon, 25.0)
                         if q.admin1 in regions and q.admin1 != p.admin1), default=None)
                if d is not None:
                    m.dynamic[i] += 0.7 * math.exp(-d / 12.0)
                    m.dyn_why[i].append(f"{d:.0f} km from the {'/'.join(sorted(regions))} border")

    def _add_fuzzy(self, doc: _Doc) -> bool:
        """Garbled names: compare with the names of places the rest of the document points to."""
        weak = [m for m in doc.mentions if not doc.spots[m.index].exact]
        if not weak:
            return False
        anchors = {p.place_id: p for m in doc.mentions if (p := m.chosen()) is not None
                   and p.kind == "settlement" and doc.spots[m.index].exact}  # a report repeats its places
        near: set[int] = set()
        for p in anchors.values():
            near.update(self.gaz.rows_near(p.lat, p.lon, ANCHOR_KM))
        pool = set(near)
        near_names = self.gaz.keys_of_rows(near)
        _, doc_regions = self._regions(doc)
        regions = sorted(doc_regions, key=doc_regions.get, reverse=True)[:2]
        for region in regions:
            pool.update(self.gaz.rows_in_admin1("UA", region))
        added = False
        for m in weak:
            key = doc.spots[m.index].key
            lists = [shortlist(key, near_names)] + [self._region_shortlist(key, r) for r in regions]
            have = {r.place.place_id for r in m.readings}
            new = [r for r in fuzzy_readings(self.gaz, key, pool, lists) if r.place.place_id not in have]
            m.readings.extend(new)
            added |= bool(new)
        return added

    def _region_shortlist(self, key: str, region: str) -> list[tuple[str, float]]:
        """:func:`shortlist` over an oblast's names, cached: the same unknown names
        (outlets, facilities, garbled towns) recur in report after report."""
        found = self._shortlists.get((key, region))
        if found is None:
            if len(self._shortlists) >= READINGS_CACHE:
                self._shortlists.clear()
            found = self._shortlists[(key, region)] = shortlist(key, self.gaz.keys_in_admin1("UA", region))
        return found

    # -- output -------------------------------------------------------------------
    def _emit(self, doc_id: str, doc: _Doc) -> list[PlaceMention]:
        out = []
        supports = _supports(doc)
        for m in doc.mentions:
            s = doc.spots[m.index]
            span = Span(doc_id, s.start, s.end, doc.text[s.start:s.end])
            if m.choice is None:
                out.append(PlaceMention(span, None, 0.0, 3, (), ("no gazetteer name matches",)))
                continue
            r = m.readings[m.choice]
            if s.possessive and (r.place.kind == "country" or r.place.feature_code == "PPLC"):
                continue  # "Ukraine's sovereignty", "Kyiv's leverage": the state, not the place
            totals = [m.total(i) for i in range(len(m.readings))]
            conf = rank.confidence(m, CONFIDENCE_CAP, s.key, supports.get(m.index, 0.0), totals)
            order = _top(totals)
            alternatives = _alternatives(m, totals, order)
            # the chosen reading is almost always among the alternatives: format its reasons once
            why = alternatives[order.index(m.choice)].reasons if m.choice in order else _reasons(m, m.choice)
            out.append(PlaceMention(span, r.place, conf, _precision(r), alternatives, why))
        return sorted(out, key=lambda pm: pm.span.start)


def _veto(memo: dict[tuple[int, int], str | None], text: str, s: Spot) -> str | None:
    """:func:`vetoed` of a spot, from ``memo`` when its span was judged already."""
    span = (s.start, s.end)
    if span not in memo:
        memo[span] = vetoed(text, s.start, s.end)
    return memo[span]


def _seat_qualifier(doc: _Doc, m: rank.Mention) -> str | None:
    """The oblast (admin1) that "X, <oblast seat>" names: "Novoselivka, Donetsk" is
    Novoselivka in Donetsk oblast, as "Novoselivka, Donetsk Oblast" would be."""
    if m.index == 0:
        return None
    prev, here = doc.spots[m.index - 1], doc.spots[m.index]
    if doc.text[prev.end:here.start].strip() != ",":
        return None
    seats = [r.place.admin1 for r in m.readings if r.how == "exact" and r.place.kind == "settlement"
             and r.place.feature_code == "PPLA" and r.place.admin1]
    return seats[0] if seats else None


def _supports(doc: _Doc) -> dict[int, float]:
    """Per mention (index), how close its choice lies to the document's other places (0..1):
    the nearest chosen settlement named differently, as exp(-km / 30)."""
    if len(doc.mentions) < 2:
        return {}
    keys = [doc.spots[m.index].key for m in doc.mentions]
    chosen = [m.chosen() for m in doc.mentions]
    cols = [j for j, p in enumerate(chosen) if p is not None and p.kind == "settlement"]
    rows = [i for i, p in enumerate(chosen) if p is not None and p.lat is not None]
    if not cols or not rows:
        return {}
    d = km_matrix(np.array([chosen[i].lat for i in rows]), np.array([chosen[i].lon for i in rows]),
                  np.array([chosen[j].lat for j in cols]), np.array([chosen[j].lon for j in cols]))
    key_id = {k: n for n, k in enumerate(dict.fromkeys(keys))}
    row_keys = np.array([key_id[keys[i]] for i in rows])
    col_keys = np.array([key_id[keys[j]] for j in cols])
    near = np.where(row_keys[:, None] != col_keys[None, :], np.exp(-d / 30.0), 0.0).max(axis=1)
    return {doc.mentions[i].index: v for i, v in zip(rows, near.tolist())}


def _precision(r: Reading) -> int:
    if r.place.kind != "settlement":
        return 3
    return 2 if is_approximate(r.place.place_id) or r.how == "fuzzy" else 1


def _reasons(m: rank.Mention, i: int) -> tuple[str, ...]:
    return tuple(rank.reason(w) for w in m.why[i] + m.dyn_why[i])


def _top(totals: list[float]) -> list[int]:
    """Indices of the best readings, best first (equal totals in reading order)."""
    return sorted(range(len(totals)), key=totals.__getitem__, reverse=True)[:MAX_ALTERNATIVES]


def _alternatives(m: rank.Mention, totals: list[float], order: list[int]) -> tuple[Candidate, ...]:
    return tuple(Candidate(m.readings[i].place, round(totals[i], 3), _reasons(m, i)) for i in order)
