"""The Store interface and the records it returns.

Backends: :mod:`sitrep.store.sqlite` (default, one file, WAL) and, for scale,
PostgreSQL/PostGIS. Writes are idempotent: a document is keyed by its content
hash and analysing it again replaces its results in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterator, Protocol, Sequence

from sitrep.model import Analysis, Document, Place, PlaceMention


@dataclass(frozen=True)
class EventQuery:
    """Filters for :meth:`Store.events`; ``None`` means no filter."""

    doc_id: str | None = None
    event_id: str | None = None
    type: str | None = None
    place_id: str | None = None
    place_name: str | None = None
    modality: str | None = None
    source: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    include_background: bool = True
    limit: int = 1000
    offset: int = 0


@dataclass(frozen=True)
class StoredEvent:
    """An event as read back from the store (flat, for tables, APIs and exports)."""

    event_id: str
    doc_id: str
    position: int
    type: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    place_id: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    location_precision: int | None
    date_value: str | None
    date_precision: str | None
    modality: str
    background: bool
    evidence_start: int
    evidence_end: int
    evidence_text: str
    sources: tuple[tuple[str, str], ...]  # (name, role), outlet first
    actors: tuple[tuple[str, str | None], ...]  # (name, side)
    record: str  # the event as contract JSON


@dataclass(frozen=True)
class StoreCounts:
    documents: int
    analysed: int
    places: int
    mentions: int
    events: int
    errors: int


class Store(Protocol):
    url: str

    def add_document(self, doc: Document) -> bool:
        """Store a document; False (and nothing written) if its id is already there."""
        ...

    def get_document(self, doc_id: str) -> Document | None: ...

    def documents(self, only_unanalysed: bool = False) -> Iterator[Document]: ...

    def save_analysis(self, analysis: Analysis) -> None:
        """Replace the stored results of ``analysis.document`` atomically."""
        ...

    def events(self, query: EventQuery = EventQuery()) -> Sequence[StoredEvent]: ...

    def places(self, place_ids: Sequence[str] | None = None) -> Sequence[Place]:
        """Stored gazetteer features (all of them, or those named), by name."""
        ...

    def mentions(self, doc_id: str) -> Sequence[PlaceMention]:
        """The place mentions stored for one document, in text order (no alternatives)."""
        ...

    def record_error(self, input_id: str, reason: str) -> None: ...

    def counts(self) -> StoreCounts: ...

    def integrity_problems(self) -> list[str]:
        """Empty when the store is consistent (used by crash-safety tests)."""
        ...

    def close(self) -> None: ...
