"""Ledger records as JSON-ready dicts (for ``--json`` and the API): the one place that shapes them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sitrep.ledger.records import (AttributedClaim, CheckResult, LedgerEntry, Timeline,
                                   TimelineEntry)
from sitrep.ledger.service import FrontlineImport, SourceRow, UpdateReport
from sitrep.model import Place


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def place_json(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"place_id": p.place_id, "name": p.name, "lat": p.lat, "lon": p.lon,
            "admin1": p.admin1, "geonameid": p.geonameid}


def claim_json(ac: AttributedClaim) -> dict[str, Any]:
    c = ac.claim
    return {"claim_id": c.claim_id, "doc_id": c.doc_id, "type": c.type, "modality": c.modality,
            "date": _d(c.date.value), "date_precision": c.date.precision, "published": _d(c.published),
            "when": _d(c.when), "actor_side": c.actor_side,
            "sources": [{"name": s.name, "role": s.role} for s in c.attribution],
            "outlet": ac.outlet.source_id if ac.outlet else None,
            "origin": ac.origin.source_id if ac.origin else None, "side": ac.side, "line": ac.line,
            "evidence": {"start": c.evidence.start, "end": c.evidence.end, "text": c.evidence.text}}


def entry_json(e: LedgerEntry) -> dict[str, Any]:
    lo, hi = e.event.window
    return {
        "event_key": e.event.event_key, "type": e.event.type, "place": place_json(e.event.place),
        "window": [_d(lo), _d(hi)], "grade": e.grade.code,
        "reliability": e.grade.reliability, "credibility": e.grade.credibility,
        "reliability_inputs": list(e.grade.reliability_inputs),
        "credibility_inputs": list(e.grade.credibility_inputs),
        "lines": list(e.lines), "sides": list(e.sides), "conceded": e.conceded,
        "claims": [claim_json(ac) for ac in e.claims],
        "fusion": [asdict(link) for link in e.event.links],
        "contradictions": [asdict(c) for c in e.contradictions],
        "map_checks": [{**asdict(m), "claimed": _d(m.claimed), "map_date": _d(m.map_date)}
                       for m in e.map_checks],
    }


def update_json(u: UpdateReport) -> dict[str, Any]:
    return asdict(u)


def check_json(c: CheckResult) -> dict[str, Any]:
    return {"kind": c.kind, "doc_id": c.doc_id, "verdict": c.verdict, "subject": c.subject,
            "claimed": c.claimed, "measured": c.measured, "note": c.note,
            "numbers": dict(c.numbers), "span": {"start": c.span.start, "end": c.span.end,
                                                 "text": c.span.text}}


def timeline_entry_json(t: TimelineEntry) -> dict[str, Any]:
    return {"day": _d(t.day), "state": t.state, "change": t.change, "evidence": t.evidence,
            "claim_id": t.claim_id, "doc_id": t.doc_id}


def timeline_json(t: Timeline) -> dict[str, Any]:
    return {"place": place_json(t.place), "first_inside": _d(t.first_inside),
            "map_range": [_d(t.map_range[0]), _d(t.map_range[1])] if t.map_range else None,
            "entries": [timeline_entry_json(e) for e in t.entries],
            "undated": [timeline_entry_json(e) for e in t.undated]}


def source_json(r: SourceRow) -> dict[str, Any]:
    s = r.source
    out: dict[str, Any] = {"id": s.source_id, "name": s.name, "kind": s.kind, "country": s.country,
                           "side": s.side, "alignment": s.alignment, "group": s.group,
                           "prior": s.prior, "record": None}
    if r.record is not None:
        out["record"] = asdict(r.record)
    return out


def frontline_json(f: FrontlineImport) -> dict[str, Any]:
    return {**asdict(f), "first": _d(f.first), "last": _d(f.last)}
