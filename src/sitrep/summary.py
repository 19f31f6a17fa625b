"""A readable situation summary of what a store holds: places, what happened, who says so."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sitrep.store.base import EventQuery, Store, StoredEvent


@dataclass(frozen=True)
class PlaceSummary:
    place_id: str | None
    name: str
    lat: float | None
    lon: float | None
    events: tuple[StoredEvent, ...]


@dataclass(frozen=True)
class Situation:
    documents: int
    events: int
    places: tuple[PlaceSummary, ...]  # most-reported first; unlocated events last


def situation(store: Store, limit: int = 100_000) -> Situation:
    events = store.events(EventQuery(limit=limit, include_background=False))
    by_place: dict[str | None, list[StoredEvent]] = defaultdict(list)
    for e in events:
        by_place[e.place_id].append(e)
    places = [
        PlaceSummary(pid, evs[0].place_name or "(no place)", evs[0].lat, evs[0].lon, tuple(evs))
        for pid, evs in by_place.items()
    ]
    places.sort(key=lambda p: (p.place_id is None, -len(p.events), p.name))
    return Situation(store.counts().documents, len(events), tuple(places))


def source_chain(e: StoredEvent) -> str:
    return " ← ".join(name for name, _role in e.sources) or "(unattributed)"


def when(e: StoredEvent) -> str:
    if e.date_value is None:
        return "undated"
    if e.date_precision == "month":
        return e.date_value[:7]
    if e.date_precision == "year":
        return e.date_value[:4]
    return e.date_value
