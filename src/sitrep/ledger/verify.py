"""Capture and withdrawal claims against the dated occupied-territory map.

Direction: a capture by RU (or by an unnamed side) and a withdrawal by UA (or by an
unnamed side) say the place *entered* occupied territory; a capture by UA and a
withdrawal by RU say it *left*. Verdicts (docs/ledger.md):

* ``confirmed``: the map shows the change on or before the claimed day, or within
  ``CONFIRM_DAYS`` after it; ``lead_days`` = map date - claimed date (> 0: the claim came
  first, < 0: the map showed it earlier);
* ``contradicted``: the map shows the change only more than ``CONFIRM_DAYS`` later
  (premature claim), or never, although it covers at least ``CONFIRM_DAYS`` after the claim;
* ``not yet``: not shown yet, and the map ends less than ``CONFIRM_DAYS`` after the claim;
* ``undated``: the claim has no date: no lead or lag, only what the map shows;
* ``before map``: claimed before the first snapshot; the first snapshot's state is noted.

Where the map cannot judge a claim (no archive, or a claim dated before its first
snapshot), the official list of territories under occupation (``gazetteer/hostilities.py``)
judges it by the same rules when the place has a KATOTTH code: its occupation periods are
the intervals, its earliest and latest dates the range it covers. The note then says
"official list" instead of "map". A place the list never names was never occupied by it.
"""

from __future__ import annotations

from datetime import date, timedelta

from sitrep.gazetteer.hostilities import HostilityRegister
from sitrep.ledger.frontline import FrontlineArchive, PointHistory
from sitrep.ledger.records import Claim, MapCheck

CONFIRM_DAYS = 30
MAP_TYPES = ("capture", "withdrawal")


def direction(claim: Claim) -> str | None:
    """``enter`` or ``leave`` occupied territory; None for other event types."""
    if claim.type == "capture":
        return "leave" if claim.actor_side == "UA" else "enter"
    if claim.type == "withdrawal":
        return "enter" if claim.actor_side != "RU" else "leave"
    return None


def changes(h: PointHistory, way: str) -> list[date]:
    """Dates the map shows the point entering (or leaving) occupied territory."""
    if way == "enter":
        return [s for s, _ in h.intervals if s != h.first_snapshot]
    return [e for _, e in h.intervals if e is not None]


def check_claim(claim: Claim, archive: FrontlineArchive | None,
                register: HostilityRegister | None = None) -> MapCheck | None:
    way = direction(claim)
    p = claim.place
    if way is None or claim.modality == "denied":
        return None
    if archive is None or p is None or p.lat is None or p.lon is None or p.kind != "settlement":
        m = MapCheck(claim.claim_id, p.place_id if p else None, "no map", claim.when, None, None,
                     "no front-line map" if archive is None else "no settlement point")
    else:
        m = judge(claim, archive.history(p.lat, p.lon), way)
    if m.verdict in ("no map", "before map") and register is not None and p is not None \
            and p.kind == "settlement" and p.katotth:
        return judge(claim, official_history(p.katotth, p.name, register), way, "official list")
    return m


def official_history(code: str, name: str, register: HostilityRegister) -> PointHistory:
    """The list's occupation periods of one settlement as a point history (end exclusive)."""
    spans = sorted((p.start, p.end + timedelta(days=1) if p.end else None)
                   for p in register.periods(code, name) if p.status == "occupied")
    merged: list[list] = []
    for start, end in spans:  # adjoining or overlapping periods are one occupation
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            merged[-1][1] = None if end is None or merged[-1][1] is None else max(end, merged[-1][1])
        else:
            merged.append([start, end])
    first, last = register.coverage
    return PointHistory(0.0, 0.0, tuple((s, e) for s, e in merged), first, last)


def judge(claim: Claim, h: PointHistory, way: str, basis: str = "map") -> MapCheck:
    pid = claim.place.place_id if claim.place else None
    moves = changes(h, way)
    want_inside = way == "enter"
    day = claim.when
    if day is None:
        shown = moves[0] if moves else None
        start_note = " (already at the first snapshot)" if h.inside_at_start and want_inside else ""
        note = (f"{basis} shows it {'occupied' if want_inside else 'freed'} from {shown}"
                if shown else f"{basis} shows no such change{start_note}")
        return MapCheck(claim.claim_id, pid, "undated", None, shown, None,
                        note + "; the claim has no date, so no lead or lag")
    if day < h.first_snapshot:
        state = "occupied" if h.inside_on(h.first_snapshot) else "not occupied"
        return MapCheck(claim.claim_id, pid, "before map", day, None, None,
                        f"claimed before the {basis} starts ({h.first_snapshot}); first snapshot: {state}")
    if h.inside_on(day) == want_inside:
        past = [m for m in moves if m <= day]
        shown = past[-1] if past else None
        note = (f"{basis} already showed it on {shown}" if shown
                else f"{basis} showed it from its start ({h.first_snapshot})")
        return MapCheck(claim.claim_id, pid, "confirmed", day, shown,
                        (shown - day).days if shown else None, note)
    later = [m for m in moves if m > day]
    if later:
        lead = (later[0] - day).days
        verdict = "confirmed" if lead <= CONFIRM_DAYS else "contradicted"
        note = (f"{basis} shows it {lead} day(s) after the claim" if verdict == "confirmed"
                else f"premature: {basis} shows it only {lead} days later")
        return MapCheck(claim.claim_id, pid, verdict, day, later[0], lead, note)
    covered = (h.last_snapshot - day).days
    if covered < CONFIRM_DAYS:
        return MapCheck(claim.claim_id, pid, "not yet", day, None, None,
                        f"not shown by the {basis}, which ends {covered} day(s) after the claim")
    return MapCheck(claim.claim_id, pid, "contradicted", day, None, None,
                    f"{basis} does not show it in the {covered} days after the claim")
