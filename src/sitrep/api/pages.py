"""The body of one ``GET /api/events`` page, built from per-event JSON kept per store version.

An uncached page used to cost ~2 ms of CPU: reading 100 events with their sources and
actors, mapping them, serialising ~60 kB. The same events come back page after page
(the map walks them by cursor, filters overlap), so each event's JSON is kept until the
store changes, and a page is the page's keys (read off the order index) plus the stored
fragments; only events not seen since the last change are read in full.

The keys, the store version the fragments are kept under, and any events read in full
come from one read snapshot, so a page never mixes an event's old JSON with the keys of
a newer store. Stores without key reads (or filters the store cannot apply itself: side,
ACLED type, credibility) take the plain path: select the events, serialise each.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sitrep.api.jsonbody import dumps
from sitrep.api.params import encode_cursor
from sitrep.api.state import AppState
from sitrep.export.records import event_record
from sitrep.export.select import EventFilter, EventKey, event_key, select_events
from sitrep.store.base import StoredEvent


_KEYED = ("event_keys_after", "events_by_id", "read_snapshot", "data_version")


@dataclass(frozen=True)
class PageParts:
    items: list[bytes]  # each event's JSON, in page order
    more: bool  # another page follows
    last: EventKey | None  # the key of the last event sent (for next_cursor)


def event_item(st: AppState, e: StoredEvent) -> bytes:
    """One event as a page item: the export's mapping (the fields EventOut documents) plus
    the ledger's credibility, straight to JSON (the store's data is trusted: no second
    validation through the pydantic model)."""
    cred = st.ledger.credibility(e.event_id) if st.ledger is not None else None
    return dumps(event_record(e) | {"credibility": cred})


def page_body(st: AppState, flt: EventFilter, offset: int, limit: int,
              after: EventKey | None) -> bytes:
    parts = _by_keys(st, flt, offset, limit, after) or _plain(st, flt, offset, limit, after)
    tail = dumps({"offset": offset, "limit": limit,
                  "next_offset": offset + len(parts.items) if parts.more and after is None
                  else None,
                  "next_cursor": encode_cursor(parts.last) if parts.more else None})
    return b'{"items":[' + b",".join(parts.items) + b"]," + tail[1:]


def _plain(st: AppState, flt: EventFilter, offset: int, limit: int,
           after: EventKey | None) -> PageParts:
    rows, more = select_events(st.store, flt, offset, limit, after)
    return PageParts([event_item(st, e) for e in rows], more,
                     event_key(rows[-1]) if rows else None)


def _by_keys(st: AppState, flt: EventFilter, offset: int, limit: int,
             after: EventKey | None) -> PageParts | None:
    store = st.store
    # data_version: a version that, read inside the snapshot, is the snapshot's own
    if not flt.store_only or not all(hasattr(store, name) for name in _KEYED):
        return None
    query = replace(flt.query, limit=limit + 1, offset=offset)
    with store.read_snapshot():
        keys = store.event_keys_after(query, after)
        # read inside the snapshot, after its first read: the version of what was read
        known = st.event_fragments(st.version())
        missing = [k[0] for k in keys[:limit] if k[0] not in known]
        for e in store.events_by_id(missing) if missing else ():
            known[e.event_id] = event_item(st, e)
        items = [known[k[0]] for k in keys[:limit]]
    page = keys[:limit]
    return PageParts(items, len(keys) > limit, tuple(page[-1][1:]) if page else None)
