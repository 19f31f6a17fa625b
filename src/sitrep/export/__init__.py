"""Exports of the stored events: ACLED-schema CSV, GeoJSON FeatureCollection, JSONL.

:func:`export_events` is the one entry point used by ``sitrep export`` and
``GET /api/export``. GeoJSON and JSONL are written event by event; the ACLED CSV first
collects the events so that their places are looked up in one batched query.
"""

from __future__ import annotations

import json
import time
from typing import Iterable, Literal, TextIO

from sitrep.errors import ConfigError
from sitrep.export.select import EventFilter, as_filter, iter_events, select_events
from sitrep.store.base import EventQuery, Store, StoredEvent

Format = Literal["acled", "geojson", "jsonl"]
FORMATS: dict[str, tuple[str, str]] = {  # format -> (media type, file extension)
    "acled": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}

__all__ = ["EventFilter", "FORMATS", "Format", "export_events", "iter_events", "select_events"]


def export_events(store: Store, fmt: str, out: TextIO,
                  query: EventQuery | EventFilter | None = None,
                  timestamp: int | None = None) -> int:
    """Write the selected events to ``out`` in ``fmt``; returns how many were written."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    events = iter_events(store, as_filter(query))
    if fmt == "acled":
        return _acled(store, events, out, int(time.time()) if timestamp is None else timestamp)
    if fmt == "geojson":
        return _geojson(events, out)
    return _jsonl(events, out)


def _acled(store: Store, events: Iterable[StoredEvent], out: TextIO, timestamp: int) -> int:
    from sitrep.export.acled import write_acled

    rows = list(events)  # the place lookup is one batched query, not one per row
    places = {p.place_id: p for p in store.places([e.place_id for e in rows if e.place_id])}
    return write_acled(rows, places, out, timestamp)


def _geojson(events: Iterable[StoredEvent], out: TextIO) -> int:
    from sitrep.export.records import event_feature

    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for e in events:
        out.write((",\n" if n else "\n") + json.dumps(event_feature(e), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def _jsonl(events: Iterable[StoredEvent], out: TextIO) -> int:
    from sitrep.export.records import event_record

    n = 0
    for e in events:
        out.write(json.dumps(event_record(e), ensure_ascii=False) + "\n")
        n += 1
    return n
