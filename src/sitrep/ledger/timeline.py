"""Control timeline of one settlement: claims and map observations -> a state per day.

States, weakest to strongest: ``held`` (by Ukraine), ``contested`` (fighting or an advance
claimed at or near it), ``claimed captured by RU``, ``confirmed occupied`` (the map shows it
inside occupied territory, or the official list of territories has it occupied). Map
observations and the official list's periods (occupied -> ``confirmed occupied``, active
hostilities -> ``contested``) set the state outright (they are observations, not claims; on
the same day the map comes first and the list second, so the later evidence wins). A claim raises the state but never overrides the map: "captured"
claimed while the map still shows it held gives ``claimed captured by RU`` until the map
changes; a claim of recapture by UA while occupied gives ``claimed retaken by UA``.
Undated claims are listed apart and never placed on a day.
"""

from __future__ import annotations

from datetime import date, timedelta

from sitrep.gazetteer.hostilities import HostilityRegister
from sitrep.ledger.frontline import FrontlineArchive
from sitrep.ledger.geo import haversine_km
from sitrep.ledger.grades import SUPPORTING
from sitrep.ledger.ledger import ADVANCING, Ledger
from sitrep.ledger.records import AttributedClaim, Timeline, TimelineEntry
from sitrep.ledger.verify import direction
from sitrep.model import Place

RANK = {"unknown": -1, "held": 0, "contested": 1, "claimed retaken by UA": 1,
        "claimed captured by RU": 2, "confirmed occupied": 3}
SAME_PLACE_KM = 2.0


def control_timeline(place: Place, ledger: Ledger, archive: FrontlineArchive | None = None,
                     register: HostilityRegister | None = None) -> Timeline:
    claims = [ac for e in ledger.entries for ac in e.claims if _at(ac, place)]
    items: list[tuple[date, int, TimelineEntry]] = []
    first_inside = None
    map_range = None
    if archive is not None and place.lat is not None and place.lon is not None:
        h = archive.history(place.lat, place.lon)
        first_inside, map_range = h.first_inside, (h.first_snapshot, h.last_snapshot)
        for day, state, why in _map_observations(h):
            items.append((day, 0, TimelineEntry(day, state, why)))
    if register is not None:
        items += [(day, 1, TimelineEntry(day, state, why))
                  for day, state, why in _official_observations(place, register)]
    undated = []
    for ac in sorted(claims, key=lambda a: (a.claim.doc_id, a.claim.evidence.start)):
        state = _claimed_state(ac)
        entry = TimelineEntry(ac.claim.when, state, _evidence(ac), ac.claim.claim_id,
                              ac.claim.doc_id)
        if ac.claim.when is None:
            undated.append(entry)
        else:
            items.append((ac.claim.when, 2, entry))
    items.sort(key=lambda t: (t[0], t[1], t[2].claim_id or ""))
    return Timeline(place, tuple(_run(e for _, kind, e in items)), tuple(undated), first_inside,
                    map_range)


def _at(ac: AttributedClaim, place: Place) -> bool:
    p = ac.claim.place
    if p is None:
        return False
    if p.place_id == place.place_id:
        return True
    if None in (p.lat, p.lon, place.lat, place.lon):
        return False
    return haversine_km(p.lat, p.lon, place.lat, place.lon) <= SAME_PLACE_KM  # type: ignore[arg-type]


def _map_observations(h) -> list[tuple[date, str, str]]:
    out = []
    if not h.inside_on(h.first_snapshot):
        out.append((h.first_snapshot, "held", f"map: outside occupied territory in its first "
                    f"snapshot ({h.first_snapshot})"))
    for start, end in h.intervals:
        note = ("already inside occupied territory in the map's first snapshot"
                if start == h.first_snapshot else "map: first snapshot inside occupied territory")
        out.append((start, "confirmed occupied", note))
        if end is not None:
            out.append((end, "held", "map: outside occupied territory again"))
    return out


OFFICIAL_STATE = {"occupied": "confirmed occupied", "active": "contested"}
OFFICIAL_WORDS = {"occupied": "temporarily occupied", "active": "active hostilities"}


def _official_observations(place: Place, register: HostilityRegister) -> list[tuple[date, str, str]]:
    """The list's periods of ``place`` (by its KATOTTH code): a state at each start, and
    ``held`` the day after an end that no other period of the list covers. "Possible
    hostilities" changes no state: it is a precaution, not an observation of fighting."""
    periods = [p for p in register.periods(place.katotth, place.name) if p.status in OFFICIAL_STATE]
    out = []
    for p in periods:
        until = f" until {p.end}" if p.end else ""
        out.append((p.start, OFFICIAL_STATE[p.status], f"official list ({register.source}): "
                    f"{OFFICIAL_WORDS[p.status]} from {p.start}{until}"))
        after = p.end + timedelta(days=1) if p.end else None
        if after and not any(q.covers(after) for q in periods):
            out.append((after, "held", f"official list ({register.source}): "
                        f"{OFFICIAL_WORDS[p.status]} ended {p.end}"))
    return out


def _claimed_state(ac: AttributedClaim) -> str:
    c = ac.claim
    if c.modality not in SUPPORTING:
        return f"{c.type} {c.modality}"
    way = direction(c)
    if way == "enter":
        return "claimed captured by RU"
    if way == "leave":
        return "claimed retaken by UA"
    if c.type in ADVANCING:
        return "contested"
    return c.type


def _evidence(ac: AttributedClaim) -> str:
    c = ac.claim
    text = " ".join(c.evidence.text.split())
    text = text if len(text) <= 140 else text[:139] + "…"
    return f"{c.type} ({c.modality}) per {ac.source_label} [{c.doc_id}]: “{text}”"


def _run(entries) -> list[TimelineEntry]:
    """Apply the state rules in time order; mark which entries change the state."""
    state = "unknown"
    out = []
    for e in entries:
        new = _next_state(state, e)
        out.append(TimelineEntry(e.day, new if new != state else state, e.evidence, e.claim_id,
                                 e.doc_id, change=new != state))
        state = new
    return out


def _next_state(state: str, e: TimelineEntry) -> str:
    if e.claim_id is None:  # a map observation
        return e.state
    if e.state not in RANK:
        return state  # a strike, a denial, ...: evidence without a change of control
    if e.state == "claimed retaken by UA":
        return e.state if RANK[state] >= RANK["claimed captured by RU"] else state
    if state == "confirmed occupied":
        return state
    return e.state if RANK[e.state] > RANK[state] else state
