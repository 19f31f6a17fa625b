"""Fusion: reports of one happening from many documents become one event with many claims.

A claim joins an existing event when all of these hold (otherwise it founds a new one):

* **type**: the same type, or capture/withdrawal of the same settlement by opposite sides
  (one change of control told from either side);
* **place**: the same gazetteer feature, or both points within ``radius_km``; claims without
  a place never fuse (nothing says two unlocated reports are the same);
* **date**: the claim's date window is compatible with the window of *every* dated claim
  already in the event (complete linkage: no chaining of day 1, 8, 15 into one event);
  an undated claim is compatible with any date, and the explanation says so;
* **text**: for incident types (strikes, clashes, ...) several distinct incidents happen at
  one place on one day, so the evidence texts must also be similar; a change of control
  (capture, withdrawal) happens once per settlement and window, so no text test applies.

Among compatible events the highest score wins (ties: the older event). Each decision is
kept as a :class:`FusionLink` with the reasons. Event keys derive from the founding claim,
so adding documents never renames existing events (incremental and stable); a batch is
processed in canonical order (claim date, document, offset) so the result is deterministic.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from collections import Counter
from typing import Callable, Iterable

from sitrep.ids import content_hash
from sitrep.ledger.geo import haversine_km
from sitrep.ledger.records import Claim, FusedEvent, FusionLink

CONTROL = ("capture", "withdrawal")
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset("""the and for with from that this were was has have had been are its their
their they them into onto over under near after before about also than then there which who whom
what when where while said says according reported reports report citing cited told news says
city town village settlement area region forces troops military army per our units
footage video videos shows showing shown published local officials official sources source
russian russians russia ukrainian ukrainians ukraine enemy made""".split())
MIN_WORDS = 3
_FAR_PAST = date(1900, 1, 1)
_FAR_FUTURE = date(2999, 12, 31)


@dataclass(frozen=True)
class FusionConfig:
    radius_km: float = 5.0
    day_tolerance: int = 1  # incidents: explicit days this far apart (night events straddle two)
    control_day_tolerance: int = 10  # captures are reported over several days
    mean_text_threshold: float = 0.5  # ... and mean overlap with all the event's reports
    news_lag_days: int = 3  # an incident reported with only a publication date: that many days before
    control_news_lag_days: int = 14  # ... a capture: reported up to two weeks later
    text_threshold: float = 0.6  # incidents: content-word overlap needed (bench/bench_fusion.py)

    def __post_init__(self) -> None:
        if not 0 < self.radius_km <= 7.0:
            # the candidate grid uses 0.1-degree cells (>= 7 km wide up to 50 N)
            raise ValueError("radius_km must be in (0, 7]")


@dataclass
class _Cluster:
    key: str
    seq: int
    founder: Claim
    claims: list[Claim] = field(default_factory=list)
    links: list[FusionLink] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)


def claim_window(c: Claim, news_lag_days: int | None = None) -> tuple[date, date]:
    """The days the claim can refer to (documented in docs/ledger.md).

    A claim with only a publication date happened no later than it was published and, as
    news, at most ``news_lag_days`` earlier (None: any time before).
    """
    t = c.date
    if t.value is None:
        if c.published is None:
            return _FAR_PAST, _FAR_FUTURE
        lo = c.published - timedelta(days=news_lag_days) if news_lag_days is not None else _FAR_PAST
        return lo, c.published
    lo = t.value
    if t.precision == "week":
        hi = lo + timedelta(days=6)
    elif t.precision == "month":
        hi = lo.replace(day=calendar.monthrange(lo.year, lo.month)[1])
    elif t.precision == "year":
        hi = lo.replace(month=12, day=31)
    else:
        hi = lo
    if t.relation == "before":
        return _FAR_PAST, hi
    if t.relation == "after":
        return lo, _FAR_FUTURE
    return lo, hi


def is_dated(c: Claim) -> bool:
    return c.date.value is not None or c.published is not None


_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


def stem(word: str) -> str:
    """A crude stem: inflection off, first 5 letters (tanks/tank, destroyed/destroy)."""
    return (_SUFFIX.sub("", word) if len(word) > 4 else word)[:5]


def content_words(text: str) -> frozenset[str]:
    """Lower-cased word stems without function words: rewording-tolerant."""
    return frozenset(stem(w) for w in (m.group().lower() for m in _WORD.finditer(text))
                     if w not in _STOP)


def claim_words(c: Claim) -> frozenset[str]:
    """Content words of the evidence that say *what* happened: the place's and the sources'
    names are left out (every report of anything at Kharkiv says "Kharkiv")."""
    names = " ".join([c.place.name if c.place else "", *(s.name for s in c.attribution)])
    return content_words(c.evidence.text) - content_words(names)


def text_similarity(a: frozenset[str], b: frozenset[str], weight: Callable[[str], float] | None = None,
                    floor: float = MIN_WORDS) -> float:
    """Overlap coefficient: a short report fully contained in a longer one scores 1; the
    denominator is at least ``floor`` (``MIN_WORDS`` words) so one shared word of two tiny
    texts is not enough. With ``weight``, words count by weight (see :class:`WordWeights`)."""
    if not a or not b:
        return 0.0
    if weight is None:
        return len(a & b) / max(min(len(a), len(b)), floor)
    wa, wb = sum(map(weight, a)), sum(map(weight, b))
    return sum(map(weight, a & b)) / max(min(wa, wb), floor)


class WordWeights:
    """Inverse document frequency over the claims fused so far: "destroyed", "building",
    "damage" are said of most strikes and tell two incidents at one town apart far less than
    "Coca-Cola", "bridge" or "school". No lexicon: the weights come from the claims seen, so
    with few claims every word weighs about the same (plain overlap)."""

    SMOOTH = 10  # pseudo-claims: an unseen word weighs log(n + 10)

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0

    def add(self, words: frozenset[str]) -> None:
        self.n += 1
        self.df.update(words)

    def __call__(self, word: str) -> float:
        return math.log((self.n + self.SMOOTH) / (self.df[word] + 1))

    @property
    def floor(self) -> float:
        """``MIN_WORDS`` words of the weight a word seen in a tenth of the first claims has."""
        return MIN_WORDS * math.log(self.SMOOTH)


def family(event_type: str) -> str:
    return "control" if event_type in CONTROL else event_type


class Fuser:
    """Incremental fusion state: feed claims with :meth:`add`, read :meth:`events`."""

    def __init__(self, config: FusionConfig = FusionConfig()) -> None:
        self.config = config
        self._clusters: list[_Cluster] = []
        self._by_claim: dict[str, _Cluster] = {}
        self._grid: dict[tuple[str, int, int], list[_Cluster]] = {}
        self._by_place: dict[tuple[str, str], list[_Cluster]] = {}
        self._weights = WordWeights()

    def add_many(self, claims: Iterable[Claim]) -> list[FusionLink]:
        return [self.add(c) for c in sorted(claims, key=canonical_order)]

    def restore(self, event_key: str, claims: Iterable[Claim],
                links: Iterable[FusionLink] = ()) -> None:
        """Re-create an event read back from the store: ``claims`` in join order, founder first."""
        ordered = list(claims)
        if not ordered:
            return
        cluster = self._new_cluster(ordered[0], key=event_key)
        cluster.links = list(links)
        for c in ordered[1:]:
            self._attach(cluster, c)

    def add(self, claim: Claim) -> FusionLink:
        if claim.claim_id in self._by_claim:
            cl = self._by_claim[claim.claim_id]
            return next(l for l in cl.links if l.claim_id == claim.claim_id)
        best: tuple[float, int, _Cluster, str, tuple[str, ...]] | None = None
        for cluster in self._candidates(claim):
            verdict = self._match(cluster, claim)
            if verdict is not None:
                score, matched, reasons = verdict
                if best is None or (score, -cluster.seq) > (best[0], -best[1]):
                    best = (score, cluster.seq, cluster, matched, reasons)
        if best is None:
            cluster = self._new_cluster(claim)
            link = FusionLink(claim.claim_id, cluster.key, None, 1.0, ("founded the event",))
        else:
            score, _, cluster, matched, reasons = best
            self._attach(cluster, claim)
            link = FusionLink(claim.claim_id, cluster.key, matched, round(score, 3), reasons)
        cluster.links.append(link)
        return link

    def events(self) -> list[FusedEvent]:
        return [self._fused(c) for c in sorted(self._clusters, key=lambda c: c.seq)]

    def event_of(self, claim_id: str) -> str | None:
        cl = self._by_claim.get(claim_id)
        return cl.key if cl else None

    # -- internals ------------------------------------------------------------------
    def _new_cluster(self, claim: Claim, key: str | None = None) -> _Cluster:
        cl = _Cluster(key or "F" + content_hash(claim.claim_id), len(self._clusters), claim)
        self._clusters.append(cl)
        self._attach(cl, claim)
        if claim.place is not None:
            self._by_place.setdefault((family(claim.type), claim.place.place_id), []).append(cl)
            cell = _cell_of(claim)
            if cell is not None:
                self._grid.setdefault(self._cell(claim, *cell), []).append(cl)
        return cl

    def _attach(self, cluster: _Cluster, claim: Claim) -> None:
        cluster.claims.append(claim)
        words = claim_words(claim)
        cluster.words.append(words)
        self._weights.add(words)
        self._by_claim[claim.claim_id] = cluster

    @staticmethod
    def _cell(claim: Claim, i: int, j: int) -> tuple[str, int, int]:
        return (family(claim.type), i, j)

    def _candidates(self, claim: Claim) -> list[_Cluster]:
        if claim.place is None:
            return []
        found = {c.seq: c for c in self._by_place.get((family(claim.type), claim.place.place_id), ())}
        cell = _cell_of(claim)
        if cell is not None:
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for c in self._grid.get(self._cell(claim, cell[0] + di, cell[1] + dj), ()):
                        found[c.seq] = c
        return [found[k] for k in sorted(found)]

    def _match(self, cl: _Cluster, c: Claim) -> tuple[float, str, tuple[str, ...]] | None:
        f = cl.founder
        type_ok, type_reason = _types_compatible(f, c)
        if not type_ok:
            return None
        place_ok, place_score, place_reason = _places_compatible(f, c, self.config.radius_km)
        if not place_ok:
            return None
        date_ok, date_score, date_reason = self._dates_compatible(cl, c)
        if not date_ok:
            return None
        words = claim_words(c)
        w = self._weights
        sims = [text_similarity(words, other, w, w.floor) for other in cl.words]
        best_i = max(range(len(sims)), key=lambda i: (sims[i], -i))
        sim = sims[best_i]
        mean = sum(sims) / len(sims)
        if family(c.type) != "control" and (sim < self.config.text_threshold
                                            or mean < self.config.mean_text_threshold):
            return None  # like one report, and not unlike the rest (no chaining through one)
        score = 1.0 + 0.3 * place_score + 0.2 * date_score + 0.5 * sim
        reasons = (type_reason, place_reason, date_reason,
                   f"evidence word overlap {sim:.2f} with {cl.claims[best_i].claim_id}")
        return score, cl.claims[best_i].claim_id, reasons

    def _dates_compatible(self, cl: _Cluster, c: Claim) -> tuple[bool, float, str]:
        control = family(c.type) == "control"
        tol = self.config.control_day_tolerance if control else self.config.day_tolerance
        lag = self.config.control_news_lag_days if control else self.config.news_lag_days
        if not is_dated(c):
            return True, 0.0, "claim undated: compatible with any date"
        lo, hi = claim_window(c, lag)
        gaps = []
        for other in cl.claims:
            if not is_dated(other):
                continue
            olo, ohi = claim_window(other, lag)
            gap = max((olo - hi).days, (lo - ohi).days, 0)
            if gap > tol:
                return False, 0.0, ""
            gaps.append(gap)
        if not gaps:
            return True, 0.0, "event undated so far: compatible"
        worst = max(gaps)
        return True, 1.0 - worst / (tol + 1), f"date windows within {worst} day(s) (tolerance {tol})"

    def _fused(self, cl: _Cluster) -> FusedEvent:
        types = [c.type for c in cl.claims]
        etype = "capture" if "capture" in types else cl.founder.type
        return FusedEvent(cl.key, etype, cl.founder.place, tuple(cl.claims), tuple(cl.links))


def canonical_order(c: Claim) -> tuple:
    when = c.when or _FAR_FUTURE
    return (when, c.doc_id, c.evidence.start, c.claim_id)


def _cell_of(c: Claim) -> tuple[int, int] | None:
    p = c.place
    if p is None or p.lat is None or p.lon is None:
        return None
    # cells of 0.1 deg (~11 km N-S, ~7 km E-W at 48N) >= radius: neighbours suffice
    return (math.floor(p.lat * 10), math.floor(p.lon * 10))


def _types_compatible(a: Claim, b: Claim) -> tuple[bool, str]:
    if a.type == b.type:
        if a.type in CONTROL and a.actor_side and b.actor_side and a.actor_side != b.actor_side:
            return False, ""  # RU capturing X and UA capturing X back: two changes of control
        return True, f"same type {a.type}"
    if {a.type, b.type} == set(CONTROL):
        sa, sb = a.actor_side, b.actor_side
        if sa and sb and sa == sb:
            return False, ""  # one side both capturing and withdrawing: different happenings
        return True, "capture and withdrawal of one place by opposite sides: one change of control"
    return False, ""


def _places_compatible(a: Claim, b: Claim, radius: float) -> tuple[bool, float, str]:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return False, 0.0, ""
    if pa.place_id == pb.place_id:
        return True, 1.0, f"same place {pa.name} ({pa.place_id})"
    if None in (pa.lat, pa.lon, pb.lat, pb.lon):
        return False, 0.0, ""
    km = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)  # type: ignore[arg-type]
    if km > radius:
        return False, 0.0, ""
    return True, 1.0 - km / (2 * radius), f"{pb.name} is {km:.1f} km from {pa.name} (≤ {radius:g} km)"
