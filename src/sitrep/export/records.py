"""One event as a JSON-ready mapping: the shape shared by the API, JSONL and GeoJSON."""

from __future__ import annotations

from typing import Any

from sitrep.store.base import StoredEvent


def event_record(e: StoredEvent) -> dict[str, Any]:
    return {
        "event_id": e.event_id,
        "doc_id": e.doc_id,
        "type": e.type,
        "acled_event_type": e.acled_event_type,
        "acled_sub_event_type": e.acled_sub_event_type,
        "place_id": e.place_id,
        "place_name": e.place_name,
        "lat": e.lat,
        "lon": e.lon,
        "location_precision": e.location_precision,
        "date": {"value": e.date_value, "precision": e.date_precision},
        "modality": e.modality,
        "background": e.background,
        "actors": [{"name": name, "side": side} for name, side in e.actors],
        "attribution": [{"name": name, "role": role} for name, role in e.sources],
        "evidence": {"start": e.evidence_start, "end": e.evidence_end, "text": e.evidence_text},
    }


def event_feature(e: StoredEvent) -> dict[str, Any]:
    """A GeoJSON Feature; unlocated events keep ``geometry: null`` (RFC 7946 §3.2)."""
    props = event_record(e)
    geometry = None
    if e.lat is not None and e.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(e.lon, 6), round(e.lat, 6)]}
    return {"type": "Feature", "id": e.event_id, "geometry": geometry, "properties": props}
