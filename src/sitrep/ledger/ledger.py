"""The claims ledger: fused events with attributed claims, evidence lines, conflicts, grades.

Build it with :func:`build_ledger` from fused events (see :mod:`sitrep.ledger.fusion`), a
:class:`~sitrep.ledger.sources.SourceRegistry` and, optionally, a front-line archive.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from sitrep.ledger.frontline import FrontlineArchive
from sitrep.ledger.fusion import is_dated
from sitrep.ledger.geo import haversine_km
from sitrep.ledger.grades import SUPPORTING, event_grade, reliability_from_record
from sitrep.ledger.records import (AttributedClaim, Claim, Contradiction, FusedEvent, LedgerEntry,
                                   MapCheck, SourceInfo, TrackRecord)
from sitrep.ledger.sources import SourceRegistry
from sitrep.gazetteer.hostilities import HostilityRegister
from sitrep.ledger.verify import check_claim, direction

ADVANCING = ("advance", "positions")  # "advancing toward X" / "positions near X": X not yet taken
SAME_TIME_DAYS = 14  # still "advancing toward X" up to this long after "X captured": conflict
NEAR_KM = 5.0
OPPOSITE = {"RU": "UA", "UA": "RU"}


@dataclass(frozen=True)
class Ledger:
    entries: tuple[LedgerEntry, ...]
    track_records: tuple[TrackRecord, ...]

    def entry(self, event_key: str) -> LedgerEntry | None:
        return next((e for e in self.entries if e.event.event_key == event_key), None)


def build_ledger(events: Sequence[FusedEvent], registry: SourceRegistry,
                 archive: FrontlineArchive | None = None,
                 hostilities: HostilityRegister | None = None) -> Ledger:
    """The ledger of ``events``: capture/withdrawal claims are checked against the map, and
    against the official list of occupied territories where the map cannot judge them."""
    attributed = {c.claim_id: registry.attribute(c) for e in events for c in e.claims}
    checks = _map_checks(events, archive, hostilities)
    records = track_records(attributed.values(), checks)
    reliability = {t.source_id: (t.grade, t.inputs) for t in records}
    cross = advance_contradictions(events)
    entries = []
    for ev in events:
        acs = tuple(attributed[c.claim_id] for c in ev.claims)
        support = [ac for ac in acs if ac.claim.modality in SUPPORTING]
        lines = tuple(sorted({ac.line for ac in support}))
        sides = tuple(sorted({ac.side for ac in support if ac.side}))
        mchecks = tuple(checks[c.claim_id] for c in ev.claims if c.claim_id in checks)
        conflicts = (*denials(acs), *cross.get(ev.event_key, ()), *_map_conflicts(mchecks))
        conceded = is_conceded(ev, support)
        grade = event_grade(acs, lines, conceded, tuple(conflicts), mchecks, reliability)
        entries.append(LedgerEntry(ev, acs, lines, sides, conceded, tuple(conflicts), mchecks, grade))
    return Ledger(tuple(entries), tuple(records))


def _map_checks(events: Sequence[FusedEvent], archive: FrontlineArchive | None,
                hostilities: HostilityRegister | None = None) -> dict[str, MapCheck]:
    claims = [c for e in events for c in e.claims if direction(c) is not None]
    if archive is not None:  # one vectorised pass over the snapshots for every point
        pts = [(c.place.lat, c.place.lon) for c in claims
               if c.place and c.place.lat is not None and c.place.lon is not None]
        archive.histories(pts)  # type: ignore[arg-type]
    out = {}
    for c in claims:
        m = check_claim(c, archive, hostilities)
        if m is not None:
            out[c.claim_id] = m
    return out


def beneficiary(ev: FusedEvent) -> str | None:
    """The side that gains if the event is true (RU or UA), when the claims say."""
    votes: Counter[str] = Counter()
    for c in ev.claims:
        way = direction(c)
        if way is not None:
            votes["RU" if way == "enter" else "UA"] += 1
        elif c.actor_side in OPPOSITE:
            gains = c.type not in ("withdrawal", "surrender", "evacuation")
            votes[c.actor_side if gains else OPPOSITE[c.actor_side]] += 1
    return votes.most_common(1)[0][0] if votes else None


def is_conceded(ev: FusedEvent, support: Iterable[AttributedClaim]) -> bool:
    """The losing side's own sources report it."""
    gains = beneficiary(ev)
    return gains is not None and any(ac.side == OPPOSITE[gains] for ac in support)


def denials(acs: Sequence[AttributedClaim]) -> list[Contradiction]:
    denied = [ac for ac in acs if ac.claim.modality == "denied"]
    support = [ac for ac in acs if ac.claim.modality in SUPPORTING]
    if not denied or not support:
        return []
    who = ", ".join(sorted({ac.source_label for ac in denied}))
    return [Contradiction("denial", tuple(ac.claim.claim_id for ac in (*denied, *support)),
                          "contradiction", f"denied by {who}")]


def _map_conflicts(mchecks: Sequence[MapCheck]) -> list[Contradiction]:
    return [Contradiction("map", (m.claim_id,), "contradiction", m.note)
            for m in mchecks if m.verdict == "contradicted"]


def advance_contradictions(events: Sequence[FusedEvent]) -> dict[str, list[Contradiction]]:
    """"Advancing toward X" at the time "X captured" is claimed, by the same side.

    Dated pairs are reported one by one; pairs with an undated claim only as one
    "possible" conflict per pair of events (timing unknown).
    """
    captures = [e for e in events if any(direction(c) == "enter" for c in e.claims)]
    out: dict[str, list[Contradiction]] = defaultdict(list)
    for cap in captures:
        for ev in events:
            if ev is cap or ev.type not in ADVANCING or not _same_place(cap, ev):
                continue
            found = [f for a in ev.claims if a.actor_side != "UA" and a.modality in SUPPORTING
                     for c in cap.claims if (f := _pair_conflict(c, a)) is not None]
            hard = [f for f in found if f.severity == "contradiction"]
            possible = [f for f in found if f.severity == "possible"]
            if possible:
                ids = tuple(dict.fromkeys(i for f in possible for i in f.claim_ids))
                hard.append(Contradiction("advance-vs-capture", ids, "possible",
                                          f"{ev.type} near {_name(ev.claims[0])} and its capture "
                                          f"({len(possible)} pair(s) with an undated claim): cannot "
                                          "tell whether at the same time"))
            for f in hard:
                out[cap.event_key].append(f)
                out[ev.event_key].append(f)
    return out


def _pair_conflict(capture: Claim, advance: Claim) -> Contradiction | None:
    if direction(capture) != "enter" or capture.modality not in SUPPORTING:
        return None
    ids = (capture.claim_id, advance.claim_id)
    if not (is_dated(capture) and is_dated(advance)) or capture.when is None or advance.when is None:
        return Contradiction("advance-vs-capture", ids, "possible",
                             f"{advance.type} near {_name(advance)} and its capture: "
                             "at least one undated, cannot tell whether at the same time")
    gap = (advance.when - capture.when).days
    if 0 <= gap <= SAME_TIME_DAYS:
        return Contradiction("advance-vs-capture", ids, "contradiction",
                             f"{advance.type} toward {_name(advance)} reported for {advance.when}, "
                             f"{gap} day(s) after it was claimed captured ({capture.when})")
    return None


def _same_place(a: FusedEvent, b: FusedEvent) -> bool:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return False
    if pa.place_id == pb.place_id:
        return True
    if None in (pa.lat, pa.lon, pb.lat, pb.lon):
        return False
    return haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) <= NEAR_KM  # type: ignore[arg-type]


def _name(c: Claim) -> str:
    return c.place.name if c.place else "?"


def track_records(claims: Iterable[AttributedClaim], checks: dict[str, MapCheck]) -> list[TrackRecord]:
    """Per source (every link of the chain): capture/withdrawal claims judged by the map."""
    by_source: dict[str, list[MapCheck]] = defaultdict(list)
    info: dict[str, SourceInfo] = {}
    for ac in claims:
        for src in {s.source_id: s for s in (ac.outlet, ac.origin) if s is not None}.values():
            info[src.source_id] = src
            if ac.claim.claim_id in checks:
                by_source[src.source_id].append(checks[ac.claim.claim_id])
    out = []
    for sid, src in sorted(info.items()):
        ms = by_source.get(sid, [])
        confirmed = sum(m.verdict == "confirmed" for m in ms)
        contradicted = sum(m.verdict == "contradicted" for m in ms)
        pending = sum(m.verdict in ("not yet", "undated", "before map") for m in ms)
        leads = [m.lead_days for m in ms if m.lead_days is not None]
        grade, inputs = reliability_from_record(src.prior, confirmed, contradicted)
        out.append(TrackRecord(sid, src.name, len(ms), confirmed, contradicted, pending,
                               sum(leads) / len(leads) if leads else None, grade, inputs))
    return out
