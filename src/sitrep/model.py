"""The typed records that flow between pipeline stages.

Every record is a frozen dataclass. Every extracted fact carries a :class:`Span`
(document id + character offsets into ``Document.text``), so any result can be
traced back to the exact characters that support it and re-derived from the
stored raw text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

PlaceKind = Literal["settlement", "region", "country", "water", "other"]
Modality = Literal["asserted", "claimed", "denied", "unconfirmed", "speculative"]
DatePrecision = Literal["day", "week", "month", "year"]
Side = Literal["RU", "UA", "other"]

EVENT_TYPES: tuple[str, ...] = (
    "advance",
    "capture",
    "withdrawal",
    "positions",
    "clash",
    "strike",
    "surrender",
    "evacuation",
    "encirclement",
)
MODALITIES: tuple[str, ...] = ("asserted", "claimed", "denied", "unconfirmed", "speculative")
PLACE_KINDS: tuple[str, ...] = ("settlement", "region", "country", "water", "other")


@dataclass(frozen=True)
class Span:
    """A stretch of a document's text: ``Document.text[start:end] == text``."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """One report as ingested. ``text`` is what every offset refers to."""

    doc_id: str
    input_id: str
    title: str
    text: str
    published: date | None = None
    source: str | None = None
    url: str | None = None
    media_type: str = "text/plain"


@dataclass(frozen=True)
class Sentence:
    span: Span
    index: int


@dataclass(frozen=True)
class Place:
    """A gazetteer feature.

    ``place_id`` is stable across gazetteers: ``geonames:<id>``, ``katotth:<code>``
    or ``builtin:<slug>`` for the few features (seas, rivers, unrecognised
    republics) that the country dumps lack.
    """

    place_id: str
    name: str
    kind: PlaceKind
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    admin1: str | None = None
    country: str | None = None
    feature_code: str | None = None
    population: int = 0
    katotth: str | None = None


@dataclass(frozen=True)
class Candidate:
    """One reading of a mention, with the score and the reasons behind it."""

    place: Place
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceMention:
    """A toponym in the text and what it was resolved to (``place`` may be None)."""

    span: Span
    place: Place | None
    confidence: float
    precision: int  # ACLED-style: 1 town, 2 near a town / part of a region, 3 larger region
    alternatives: tuple[Candidate, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeExpr:
    """A resolved date. ``value`` is the first day of the period for coarse precisions."""

    value: date | None
    precision: DatePrecision | None
    span: Span | None = None
    relation: Literal["on", "before", "after"] = "on"
    #: ``"MM-DD"`` (or ``"MM"``) when the year is unknown and ``value`` is None; else a short tag
    note: str = ""
    #: for relative expressions: the span of the expression or event they were resolved against
    anchor: Span | None = None


@dataclass(frozen=True)
class Actor:
    name: str
    side: Side | None
    span: Span | None = None
    role: Literal["actor", "target"] = "actor"


@dataclass(frozen=True)
class Source:
    """One link of an attribution chain (outlet first, then whom it cites)."""

    name: str
    role: str  # outlet | channel | speaker | official | expert | analyst | anonymous
    span: Span | None = None


@dataclass(frozen=True)
class EventLocation:
    place: Place | None
    precision: int
    mention: PlaceMention | None = None
    relation: str = "in"  # in | near | toward | from | along | <bearing> of
    distance_km: float | None = None


@dataclass(frozen=True)
class Event:
    event_id: str
    doc_id: str
    type: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    location: EventLocation | None
    date: TimeExpr
    actors: tuple[Actor, ...]
    attribution: tuple[Source, ...]
    modality: Modality
    evidence: Span
    trigger: Span | None = None
    also: tuple[EventLocation, ...] = ()
    origin: EventLocation | None = None
    quantity: str | None = None
    background: bool = False


@dataclass(frozen=True)
class Analysis:
    """One document as it flows through the pipeline; stages add to it."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[PlaceMention, ...] = ()
    timexes: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = field(default=())
