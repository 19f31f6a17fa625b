"""Selecting events: the store's own filters plus the few it does not index (side, ACLED type).

The API and the exports page through the same selection, so a filter means the same
thing in ``GET /api/events``, ``GET /api/export`` and ``sitrep export``.

Paging is by key where the store offers it (``events_after``): the next page starts
after the last event seen, found by an index range, so page 100 costs what page 1 costs
and a walk over every event is linear (an OFFSET makes the store step over every
earlier row again: quadratic over a whole export).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator

from sitrep.store.base import EventQuery, Store, StoredEvent

Predicate = Callable[[StoredEvent], bool]
EventKey = tuple  # (date_value or None, doc_id, position)
_CHUNK = 500


@dataclass(frozen=True)
class EventFilter:
    """``query`` goes to the store; the other fields are applied to what it returns.

    ``query.limit`` caps how many events a whole export yields; ``query.offset`` is ignored
    here (paging is :func:`select_events`' job).
    """

    query: EventQuery = EventQuery(limit=1_000_000)
    acled_event_type: str | None = None
    side: str | None = None
    extra: Predicate | None = None  # e.g. a credibility floor supplied by the ledger

    def accepts(self, e: StoredEvent) -> bool:
        if self.acled_event_type is not None and \
                (e.acled_event_type or "").lower() != self.acled_event_type.lower():
            return False
        if self.side is not None and all(side != self.side for _name, side in e.actors):
            return False
        return self.extra is None or self.extra(e)

    @property
    def store_only(self) -> bool:
        return self.acled_event_type is None and self.side is None and self.extra is None


def event_key(e: StoredEvent) -> EventKey:
    """Where ``e`` sits in the stores' one order (undated last, then document, position)."""
    return (e.date_value, e.doc_id, e.position)


def as_filter(query: EventQuery | EventFilter | None) -> EventFilter:
    if query is None:
        return EventFilter()
    return query if isinstance(query, EventFilter) else EventFilter(query=query)


def _chunk(store: Store, query: EventQuery, after: EventKey | None,
           offset: int) -> list[StoredEvent]:
    """One chunk after ``after`` (by key when the store can, else by ``offset``)."""
    by_key = getattr(store, "events_after", None)
    if by_key is not None:
        return list(by_key(replace(query, offset=0), after))
    return list(store.events(replace(query, offset=offset)))


def iter_events(store: Store, flt: EventFilter,
                after: EventKey | None = None) -> Iterator[StoredEvent]:
    """Every matching event after ``after``, in the store's order, at most
    ``flt.query.limit`` of them. (Without ``events_after``, ``after`` must be None.)"""
    remaining = flt.query.limit
    offset = 0
    while remaining > 0:
        page = _chunk(store, replace(flt.query, limit=_CHUNK), after, offset)
        for e in page:
            if flt.accepts(e):
                yield e
                remaining -= 1
                if remaining == 0:
                    return
        if len(page) < _CHUNK:
            return
        offset += _CHUNK
        after = event_key(page[-1])


def select_events(store: Store, flt: EventFilter, offset: int, limit: int,
                  after: EventKey | None = None) -> tuple[list[StoredEvent], bool]:
    """One page of matching events and whether more follow: the ``limit`` events after
    ``after`` when given, else after skipping ``offset`` matching events."""
    if flt.store_only:  # the common case: one query, no scan
        query = replace(flt.query, limit=limit + 1, offset=offset)
        rows = _chunk(store, query, after, offset) if after is not None else \
            list(store.events(query))
        return rows[:limit], len(rows) > limit
    page: list[StoredEvent] = []
    for i, e in enumerate(iter_events(store, flt, after)):
        if after is None and i < offset:
            continue
        if len(page) == limit:
            return page, True
        page.append(e)
    return page, False
