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
"""

from __future__ import annotations

from datetime import date

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


def check_claim(claim: Claim, archive: FrontlineArchive | None) -> MapCheck | None:
    way = direction(claim)
    p = claim.place
    if way is None or claim.modality == "denied":
        return None
    if archive is None or p is None or p.lat is None or p.lon is None or p.kind != "settlement":
        return MapCheck(claim.claim_id, p.place_id if p else None, "no map", claim.when, None, None,
                        "no front-line map" if archive is None else "no settlement point")
    return judge(claim, archive.history(p.lat, p.lon), way)


def judge(claim: Claim, h: PointHistory, way: str) -> MapCheck:
    pid = claim.place.place_id if claim.place else None
    moves = changes(h, way)
    want_inside = way == "enter"
    day = claim.when
    if day is None:
        shown = moves[0] if moves else None
        start_note = " (already at the first snapshot)" if h.inside_at_start and want_inside else ""
        note = (f"map shows it {'occupied' if want_inside else 'freed'} from {shown}"
                if shown else f"map shows no such change{start_note}")
        return MapCheck(claim.claim_id, pid, "undated", None, shown, None,
                        note + "; the claim has no date, so no lead or lag")
    if day < h.first_snapshot:
        state = "occupied" if h.inside_on(h.first_snapshot) else "not occupied"
        return MapCheck(claim.claim_id, pid, "before map", day, None, None,
                        f"claimed before the map starts ({h.first_snapshot}); first snapshot: {state}")
    if h.inside_on(day) == want_inside:
        past = [m for m in moves if m <= day]
        shown = past[-1] if past else None
        note = (f"map already showed it on {shown}" if shown
                else f"map showed it from its first snapshot ({h.first_snapshot})")
        return MapCheck(claim.claim_id, pid, "confirmed", day, shown,
                        (shown - day).days if shown else None, note)
    later = [m for m in moves if m > day]
    if later:
        lead = (later[0] - day).days
        verdict = "confirmed" if lead <= CONFIRM_DAYS else "contradicted"
        note = (f"map shows it {lead} day(s) after the claim" if verdict == "confirmed"
                else f"premature: map shows it only {lead} days later")
        return MapCheck(claim.claim_id, pid, verdict, day, later[0], lead, note)
    covered = (h.last_snapshot - day).days
    if covered < CONFIRM_DAYS:
        return MapCheck(claim.claim_id, pid, "not yet", day, None, None,
                        f"not shown by the map, which ends {covered} day(s) after the claim")
    return MapCheck(claim.claim_id, pid, "contradicted", day, None, None,
                    f"map does not show it in the {covered} days after the claim")
