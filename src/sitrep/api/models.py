"""Pydantic models at the API edge: what each endpoint returns (and documents in OpenAPI)."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from pydantic import BaseModel, Field


class DateOut(BaseModel):
    value: Optional[str] = Field(None, description="ISO date; first day of the period if coarse")
    precision: Optional[str] = Field(None, description="day | week | month | year")


class ActorOut(BaseModel):
    name: str
    side: Optional[str] = None


class SourceLinkOut(BaseModel):
    name: str
    role: str


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class EventOut(BaseModel):
    event_id: str
    doc_id: str
    type: str
    acled_event_type: Optional[str] = None
    acled_sub_event_type: Optional[str] = None
    place_id: Optional[str] = None
    place_name: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    location_precision: Optional[int] = None
    date: DateOut
    modality: str
    background: bool
    actors: list[ActorOut]
    attribution: list[SourceLinkOut] = Field(description="Source chain, outlet first")
    evidence: SpanOut
    credibility: Optional[float] = Field(None, description="From the ledger, when loaded")


class EventPage(BaseModel):
    items: list[EventOut]
    offset: int
    limit: int
    next_offset: Optional[int] = Field(None, description="Offset of the next page; null at the end"
                                       " (and when paging by cursor)")
    next_cursor: Optional[str] = Field(None, description="Pass as `cursor` for the next page; "
                                       "null at the end")


class DocumentBrief(BaseModel):
    doc_id: str
    input_id: str
    title: str
    published: Optional[date] = None
    source: Optional[str] = None
    url: Optional[str] = None
    chars: int


class HighlightOut(BaseModel):
    start: int
    end: int
    kind: str = Field(description="evidence | place | source")
    ref: Optional[str] = Field(None, description="event_id or place_id the span belongs to")
    label: str = ""


class DocumentOut(DocumentBrief):
    text: str
    media_type: str
    highlights: list[HighlightOut] = Field(description="Spans to highlight; offsets index text")
    events: list[EventOut]


class DocumentPage(BaseModel):
    items: list[DocumentBrief]
    offset: int
    limit: int
    next_offset: Optional[int] = None


class ClaimOut(BaseModel):
    claim_id: str
    statement: str
    by: list[SourceLinkOut]
    modality: str
    status: Optional[str] = None
    basis: str = Field(description="'report' (this event's own attribution) or 'ledger'")


class CheckOut(BaseModel):
    check_id: str
    kind: str
    subject: str
    verdict: str
    why: str
    refs: list[str] = []


class PlaceOut(BaseModel):
    place_id: str
    name: str
    kind: str
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    admin1: Optional[str] = None
    country: Optional[str] = None
    population: int = 0
    events: int = 0
    occupied: Optional[bool] = Field(
        None, description="Inside the occupied territory on `day` (null: unknown / no data)")


class PlacePage(BaseModel):
    items: list[PlaceOut]
    offset: int
    limit: int
    next_offset: Optional[int] = None
    day: Optional[date] = None
    snapshot: Optional[date] = Field(None, description="Front-line snapshot used for `occupied`")


class ControlPeriodOut(BaseModel):
    start: Optional[date] = None
    end: Optional[date] = Field(None, description="Exclusive; null while the period lasts")
    status: str = Field(description="occupied | not occupied")
    basis: str
    start_uncertain: bool = Field(False, description="Began on or before `start` (archive edge)")


class PlaceDetail(BaseModel):
    place: PlaceOut
    events: list[EventOut]
    control: list[ControlPeriodOut]
    control_note: str = ""


class EventDetail(BaseModel):
    event: EventOut
    document: DocumentBrief
    context: SpanOut = Field(description="The evidence with surrounding text")
    place: Optional[PlaceOut] = None
    claims: list[ClaimOut]
    checks: list[CheckOut]
    ledger: bool = Field(description="Whether claims/checks come from a loaded ledger")


class SourceOut(BaseModel):
    name: str
    roles: list[str]
    events: int
    documents: int
    modalities: dict[str, int]
    places: int
    first_date: Optional[str] = None
    last_date: Optional[str] = None
    grade: Optional[str] = Field(None, description="From the ledger, when loaded")
    track_record: dict[str, Any] = Field(default_factory=dict)


class CheckPage(BaseModel):
    items: list[CheckOut]
    ledger: bool


class IngestIn(BaseModel):
    text: str = Field(min_length=1, description="The report's text")
    title: Optional[str] = Field(None, max_length=1000)
    published: Optional[date] = None
    source: Optional[str] = Field(None, max_length=500)
    url: Optional[str] = Field(None, max_length=2000)
    input_id: Optional[str] = Field(None, max_length=500)


class IngestOut(BaseModel):
    doc_id: str
    added: bool = Field(description="False when the same document was already stored")
    analysed: bool


class FrontlineInfo(BaseModel):
    available: bool
    dates: list[date] = []


class MetaOut(BaseModel):
    version: str
    counts: dict[str, int]
    frontline: bool
    frontline_first: Optional[date] = None
    frontline_last: Optional[date] = None
    ledger: bool
    event_types: list[str]
    modalities: list[str]
    sides: list[str]
    event_date_min: Optional[str] = None
    event_date_max: Optional[str] = None
    writable: bool = Field(description="Whether a write token is configured")


class ErrorOut(BaseModel):
    error: str
    detail: Any = None
