"""The ``geoparse`` pipeline stage: sentences -> place mentions."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, replace

from sitrep.gazetteer.katotth import is_approximate, km
from sitrep.geoparse import rank
from sitrep.geoparse.candidates import CONFIDENCE_CAP, Reading, fuzzy_readings, readings
from sitrep.geoparse.relations import anaphoric_relations, border_sentence, pair_relations
from sitrep.geoparse.spot import Spot, spot, tokenize, vetoed
from sitrep.model import Analysis, Candidate, PlaceMention, Span

ANCHOR_KM = 30.0
MAX_ALTERNATIVES = 5


@dataclass
class _Doc:
    text: str
    spots: list[Spot]
    mentions: list[rank.Mention]
    sent_of: list[int]


class GeoParser:
    """Pipeline stage adding ``mentions`` (sorted by offset) to an analysis.

    ``gazetteer`` is an :class:`~sitrep.gazetteer.index.IndexedGazetteer` (or
    anything with its lookup methods: rows/place/keys_by_skeleton/keys_of/...).
    """

    name = "geoparse"
    requires = ("sentences",)
    provides = ("mentions",)

    def __init__(self, gazetteer) -> None:
        self.gaz = gazetteer

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.document
        starts = [s.span.start for s in analysis.sentences]
        mentions = self.parse(doc.doc_id, doc.text, starts)
        return replace(analysis, mentions=tuple(mentions))

    # -- stages -------------------------------------------------------------------
    def _spots(self, text: str) -> list[Spot]:
        toks = tokenize(text)
        known = lambda k: bool(self.gaz.rows(k))  # noqa: E731
        first = spot(text, known, toks)
        why = [vetoed(text, s.start, s.end) for s in first]
        # one sense per discourse: a name used for a person once is a person throughout
        people = {s.key for s, w in zip(first, why) if w and w.startswith("person")}
        kept = [s for s, w in zip(first, why) if w is None and s.key not in people]
        loose = frozenset(s.key for s in kept if not s.exact and s.cued)
        if not loose:
            return kept
        return [s for s in spot(text, known, toks, loose)
                if s.key not in people and vetoed(text, s.start, s.end) is None]

    def parse(self, doc_id: str, text: str, sentence_starts: list[int]) -> list[PlaceMention]:
        spots = self._spots(text)
        starts = sentence_starts or [0]
        sent_of = [max(0, bisect_right(starts, s.start) - 1) for s in spots]
        mentions = [rank.Mention(i, sent_of[i], readings(self.gaz, s.key, s.exact))
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
        top = max(counts.values(), default=1)
        return per_sent, {a: n / top for a, n in counts.items()}

    def _resolve(self, doc: _Doc) -> None:
        per_sent, doc_regions = self._regions(doc)
        for m in doc.mentions:
            scored = [rank.static_score(r, per_sent.get(m.sentence, set()), doc_regions)
                      for r in m.readings]
            m.static = [s for s, _ in scored]
            m.why = [w for _, w in scored]
            m.dynamic, m.dyn_why = [], []
        rels = pair_relations(doc.text, doc.spots) + anaphoric_relations(doc.text, doc.spots)
        by_spot = {m.index: m for m in doc.mentions}
        for m in doc.mentions:
            rank.choose(m)
        for _ in range(rank.ROUNDS):
            for m in doc.mentions:
                m.dynamic = [0.0] * len(m.readings)
                m.dyn_why = [[] for _ in m.readings]
            rank.relation_terms(doc.mentions, rels, by_spot)
            rank.proximity_terms(doc.mentions)
            self._border_terms(doc, per_sent)
            for m in doc.mentions:
                rank.choose(m)

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
        pool: set[int] = set()
        for m in doc.mentions:
            p = m.chosen()
            if p is not None and p.kind == "settlement" and m not in weak:
                pool.update(self.gaz.rows_near(p.lat, p.lon, ANCHOR_KM))
        _, doc_regions = self._regions(doc)
        for region in sorted(doc_regions, key=doc_regions.get, reverse=True)[:2]:
            pool.update(self.gaz.rows_in_admin1("UA", region))
        added = False
        for m in weak:
            have = {r.place.place_id for r in m.readings}
            new = [r for r in fuzzy_readings(self.gaz, doc.spots[m.index].key, pool) if r.place.place_id not in have]
            m.readings.extend(new)
            added |= bool(new)
        return added

    # -- output -------------------------------------------------------------------
    def _emit(self, doc_id: str, doc: _Doc) -> list[PlaceMention]:
        out = []
        for m in doc.mentions:
            s = doc.spots[m.index]
            span = Span(doc_id, s.start, s.end, doc.text[s.start:s.end])
            if m.choice is None:
                out.append(PlaceMention(span, None, 0.0, 3, (), ("no gazetteer name matches",)))
                continue
            r = m.readings[m.choice]
            if s.possessive and (r.place.kind == "country" or r.place.feature_code == "PPLC"):
                continue  # "Ukraine's sovereignty", "Kyiv's leverage": the state, not the place
            conf = rank.confidence(m, CONFIDENCE_CAP, s.key, _support(doc, m))
            out.append(PlaceMention(span, r.place, conf,
                                    _precision(r), _alternatives(m), tuple(m.why[m.choice] + m.dyn_why[m.choice])))
        return sorted(out, key=lambda pm: pm.span.start)


def _support(doc: _Doc, m: rank.Mention) -> float:
    """How close the chosen reading lies to the document's other places (0..1)."""
    p = m.chosen()
    if p is None or p.lat is None:
        return 0.0
    key = doc.spots[m.index].key
    others = [o.chosen() for o in doc.mentions if doc.spots[o.index].key != key]
    return max((math.exp(-km(p.lat, p.lon, q.lat, q.lon) / 30.0) for q in others
                if q is not None and q.kind == "settlement"), default=0.0)


def _precision(r: Reading) -> int:
    if r.place.kind != "settlement":
        return 3
    return 2 if is_approximate(r.place.place_id) or r.how == "fuzzy" else 1


def _alternatives(m: rank.Mention) -> tuple[Candidate, ...]:
    order = sorted(range(len(m.readings)), key=m.total, reverse=True)[:MAX_ALTERNATIVES]
    return tuple(Candidate(m.readings[i].place, round(m.total(i), 3), tuple(m.why[i] + m.dyn_why[i]))
                 for i in order)
