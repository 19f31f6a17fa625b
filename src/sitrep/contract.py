"""The stable `sitrep extract` contract: one JSON object per document.

Schema: ``sitrep/schema/extract.schema.json`` (documented in docs/extract.md).
This module is the only place that turns model records into contract JSON, so the
CLI, the store's event records and the exports cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from sitrep.model import Analysis, Event, EventLocation, PlaceMention, TimeExpr

CONTRACT_VERSION = 1


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 5)


def mention_json(m: PlaceMention) -> dict[str, Any]:
    p = m.place
    return {
        "surface": m.span.text,
        "start": m.span.start,
        "end": m.span.end,
        "geonameid": p.geonameid if p else None,
        "name": p.name if p else None,
        "lat": _round(p.lat) if p else None,
        "lon": _round(p.lon) if p else None,
        "admin1": p.admin1 if p else None,
        "kind": p.kind if p else "other",
        "confidence": round(m.confidence, 3),
    }


def location_json(loc: EventLocation | None) -> dict[str, Any] | None:
    if loc is None or loc.place is None:
        return None
    p = loc.place
    return {"geonameid": p.geonameid, "name": p.name, "lat": _round(p.lat),
            "lon": _round(p.lon), "precision": loc.precision}


def date_json(t: TimeExpr) -> dict[str, Any]:
    return {"value": t.value.isoformat() if t.value else None, "precision": t.precision}


def event_json(e: Event) -> dict[str, Any]:
    return {
        "type": e.type,
        "acled_event_type": e.acled_event_type,
        "acled_sub_event_type": e.acled_sub_event_type,
        "location": location_json(e.location),
        "date": date_json(e.date),
        "actors": [{"name": a.name, "side": a.side} for a in e.actors],
        "attribution": [{"name": s.name, "role": s.role} for s in e.attribution],
        "modality": e.modality,
        "background": e.background,
        "evidence": {"start": e.evidence.start, "end": e.evidence.end, "text": e.evidence.text},
    }


def analysis_json(a: Analysis) -> dict[str, Any]:
    doc = a.document
    return {
        "id": doc.input_id,
        "doc_id": doc.doc_id,
        "published": doc.published.isoformat() if doc.published else None,
        "places": [mention_json(m) for m in a.mentions],
        "events": [event_json(e) for e in sorted(a.events, key=lambda e: e.evidence.start)],
    }
