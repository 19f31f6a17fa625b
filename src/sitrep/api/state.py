"""What every request handler shares: the store, settings, front line, ledger and caches."""

from __future__ import annotations

import hmac
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from fastapi import HTTPException, Request

from sitrep.api.frontline import FrontlineView
from sitrep.api.ledger import LedgerView
from sitrep.export.select import EventFilter, iter_events
from sitrep.settings import Settings
from sitrep.store.base import Store, StoredEvent


RESPONSE_CACHE_BYTES = 32 * 2**20  # ~550 pages of 100 events
EVENT_FRAGMENTS = 50_000  # events' JSON kept (~0.6 kB each)


@dataclass
class Aggregates:
    """Per-place event counts and per-source statistics (one scan of the events)."""

    place_events: Counter = field(default_factory=Counter)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    date_min: str | None = None
    date_max: str | None = None


@dataclass
class AppState:
    store: Store
    settings: Settings
    frontline: FrontlineView | None = None
    ledger: LedgerView | None = None
    pipeline: Any = None  # a sitrep.pipeline.Pipeline: POSTed documents are analysed at once
    _aggregates: tuple[tuple, Aggregates] | None = None
    _responses: OrderedDict = field(default_factory=OrderedDict)
    _responses_bytes: int = 0
    _responses_version: tuple | None = None
    _fragments: dict[str, bytes] = field(default_factory=dict)
    _fragments_version: tuple | None = None

    def version(self) -> tuple:
        """Changes whenever the store's content may have changed, from any process.

        The store's own change marker where it has one (SQLite's data_version, PostgreSQL's
        snapshot: one cheap call each). Otherwise, for a SQLite file, the size and mtime of
        the database and its WAL; for other backends, the counts (a scan per request).
        """
        marker = getattr(self.store, "data_version", None)
        if marker is not None:
            return (marker(),)
        path = getattr(self.store, "path", None)
        if isinstance(path, Path):
            stats = []
            for p in (path, path.with_name(path.name + "-wal")):
                try:
                    st = p.stat()
                    stats += [st.st_mtime_ns, st.st_size]
                except OSError:
                    stats += [0, 0]
            return tuple(stats)
        return tuple(vars(self.store.counts()).values())

    def cached(self, key: str, build: Callable[[], bytes]) -> bytes:
        """An LRU of response bodies for the current store version, bounded in bytes (a
        count bound let 256 pages of 1,000 events hold ~150 MB, yet thrashed on a cycle of
        300 small ones). A new version empties it: no older answer can be asked for again."""
        version = self.version()
        if version != self._responses_version:
            self._responses.clear()
            self._responses_bytes, self._responses_version = 0, version
        body = self._responses.get(key)
        if body is not None:
            self._responses.move_to_end(key)
            return body
        body = build()
        self._responses[key] = body
        self._responses_bytes += len(body)
        while self._responses_bytes > RESPONSE_CACHE_BYTES:
            self._responses_bytes -= len(self._responses.popitem(last=False)[1])
        return body

    def event_fragments(self, version: tuple) -> dict[str, bytes]:
        """event_id -> the event's JSON as a page item, valid for store ``version`` (the
        caller passes the version of the snapshot it reads in). A new version, or more
        than EVENT_FRAGMENTS kept, starts afresh."""
        if version != self._fragments_version or len(self._fragments) > EVENT_FRAGMENTS:
            self._fragments, self._fragments_version = {}, version
        return self._fragments

    def aggregates(self) -> Aggregates:
        """Recomputed only when the store changes (a new ingest or analysis)."""
        key = self.version()
        if self._aggregates is None or self._aggregates[0] != key:
            self._aggregates = (key, _aggregate(iter_events(self.store, EventFilter())))
        return self._aggregates[1]


def _aggregate(events: Any) -> Aggregates:
    agg = Aggregates()
    stats: dict[str, dict[str, Any]] = defaultdict(lambda: {
        "roles": Counter(), "events": 0, "docs": set(), "modalities": Counter(),
        "places": set(), "dates": []})
    dates: list[str] = []
    for e in events:
        if e.place_id:
            agg.place_events[e.place_id] += 1
        if e.date_value:
            dates.append(e.date_value)
        for name, role in e.sources:
            _count_source(stats[name], e, role)
    agg.sources = dict(stats)
    agg.date_min, agg.date_max = (min(dates), max(dates)) if dates else (None, None)
    return agg


def _count_source(s: dict[str, Any], e: StoredEvent, role: str) -> None:
    s["roles"][role] += 1
    s["events"] += 1
    s["docs"].add(e.doc_id)
    s["modalities"][e.modality] += 1
    if e.place_id:
        s["places"].add(e.place_id)
    if e.date_value:
        s["dates"].append(e.date_value)


async def state(request: Request) -> AppState:
    return request.app.state.sitrep


async def require_token(request: Request) -> None:
    """Writes need ``Authorization: Bearer <SITREP_API_TOKEN>``; no token configured: no writes."""
    expected = request.app.state.sitrep.settings.api_token
    if not expected:
        raise HTTPException(403, "writes are disabled on this server (no SITREP_API_TOKEN set)")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "missing bearer token (Authorization: Bearer <token>)",
                            headers={"WWW-Authenticate": "Bearer"})
    # constant-time comparison: the token must not leak through response timing
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(403, "wrong token", headers={"WWW-Authenticate": "Bearer"})
