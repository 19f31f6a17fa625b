"""Selecting events: the store's own filters plus the few it does not index (side, ACLED type).

The API and the exports page through the same selection, so a filter means the same
thing in ``GET /api/events``, ``GET /api/export`` and ``sitrep export``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator

from sitrep.store.base import EventQuery, Store, StoredEvent

Predicate = Callable[[StoredEvent], bool]
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


def as_filter(query: EventQuery | EventFilter | None) -> EventFilter:
    if query is None:
        return EventFilter()
    return query if isinstance(query, EventFilter) else EventFilter(query=query)


def iter_events(store: Store, flt: EventFilter) -> Iterator[StoredEvent]:
    """Every matching event, in the store's order, at most ``flt.query.limit`` of them."""
    remaining = flt.query.limit
    offset = 0
    while remaining > 0:
        page = store.events(replace(flt.query, limit=_CHUNK, offset=offset))
        for e in page:
            if flt.accepts(e):
                yield e
                remaining -= 1
                if remaining == 0:
                    return
        if len(page) < _CHUNK:
            return
        offset += _CHUNK


def select_events(store: Store, flt: EventFilter, offset: int,
                  limit: int) -> tuple[list[StoredEvent], bool]:
    """One page of matching events and whether more follow."""
    if flt.store_only:  # the common case: one query, no scan
        rows = list(store.events(replace(flt.query, limit=limit + 1, offset=offset)))
        return rows[:limit], len(rows) > limit
    page: list[StoredEvent] = []
    for i, e in enumerate(iter_events(store, flt)):
        if i < offset:
            continue
        if len(page) == limit:
            return page, True
        page.append(e)
    return page, False
