"""Query parameters shared by the events and export endpoints, validated with clear messages."""

from __future__ import annotations

import base64
import binascii
import json
import math
from datetime import date
from typing import Optional

from fastapi import Depends, HTTPException, Query

from sitrep.api.state import AppState, state
from sitrep.export.select import EventFilter
from sitrep.model import EVENT_TYPES, MODALITIES
from sitrep.store.base import EventQuery

SIDES = ("RU", "UA", "other")
MAX_PAGE = 1000
_TEXT = {"max_length": 200}


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    parts = value.split(",")
    try:
        nums = tuple(float(p) for p in parts)
    except ValueError:
        nums = ()
    if len(nums) != 4 or not all(math.isfinite(n) for n in nums):
        raise HTTPException(422, f"bbox: expected min_lon,min_lat,max_lon,max_lat numbers, "
                            f"got {value[:80]!r}")
    min_lon, min_lat, max_lon, max_lat = nums
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(422, "bbox: need -180 <= min_lon <= max_lon <= 180 and "
                            "-90 <= min_lat <= max_lat <= 90")
    return min_lon, min_lat, max_lon, max_lat


def _one_of(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is not None and value not in allowed:
        raise HTTPException(422, f"{name}: unknown value {value[:80]!r}; "
                            f"expected one of {', '.join(allowed)}")
    return value


async def event_filter(
    st: AppState = Depends(state),
    bbox: Optional[str] = Query(None, description="min_lon,min_lat,max_lon,max_lat", **_TEXT),
    date_from: Optional[date] = Query(None, description="Events dated on or after (YYYY-MM-DD)"),
    date_to: Optional[date] = Query(None, description="Events dated on or before (YYYY-MM-DD)"),
    type: Optional[str] = Query(None, description="sitrep event type", **_TEXT),
    acled_event_type: Optional[str] = Query(None, description="ACLED event type", **_TEXT),
    source: Optional[str] = Query(None, description="A name in the source chain", **_TEXT),
    side: Optional[str] = Query(None, description="An actor's side: RU, UA or other", **_TEXT),
    modality: Optional[str] = Query(None, description="asserted|claimed|denied|...", **_TEXT),
    min_credibility: Optional[float] = Query(None, ge=0, le=1,
                                             description="Ledger credibility floor (needs ledger)"),
    place: Optional[str] = Query(None, description="Place name (case-insensitive)", **_TEXT),
    place_id: Optional[str] = Query(None, description="Place id, e.g. geonames:694403", **_TEXT),
    doc_id: Optional[str] = Query(None, **_TEXT),
    include_background: bool = Query(True, description="Include background (past) events"),
) -> EventFilter:
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, "date_from is after date_to")
    query = EventQuery(doc_id=doc_id, type=_one_of("type", type, EVENT_TYPES), place_id=place_id,
                       place_name=place, modality=_one_of("modality", modality, MODALITIES),
                       source=source, date_from=date_from, date_to=date_to,
                       bbox=parse_bbox(bbox), include_background=include_background,
                       limit=1_000_000)
    return EventFilter(query=query, acled_event_type=acled_event_type,
                       side=_one_of("side", side, SIDES),
                       extra=_credibility_floor(st, min_credibility))


def _credibility_floor(st: AppState, floor: float | None):
    if floor is None:
        return None
    if st.ledger is None:
        raise HTTPException(400, "min_credibility needs the ledger, which this server has not "
                            "loaded")
    ledger = st.ledger
    return lambda e: (ledger.credibility(e.event_id) or 0.0) >= floor


# Dependencies are coroutines: FastAPI runs a plain `def` dependency in a worker thread,
# and those thread hops were a large part of the cost of a cached events page.
async def page_params(offset: int = Query(0, ge=0, le=10_000_000),
                      limit: int = Query(100, ge=1, le=MAX_PAGE)) -> tuple[int, int]:
    return offset, limit


def encode_cursor(key: tuple) -> str:
    """An opaque page cursor: the sort key (date, doc_id, position) of the last event sent."""
    raw = json.dumps(list(key), ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str | None) -> tuple | None:
    """The key in a cursor from :func:`encode_cursor`; anything else is a 422, never SQL."""
    if value is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        day, doc_id, position = key
        if day is not None:
            date.fromisoformat(day)  # the store casts it to a date: it must be one
            if len(day) != 10:
                raise ValueError(day)
        if not (isinstance(doc_id, str) and len(doc_id) <= 200 and "\x00" not in doc_id
                and type(position) is int
                and 0 <= position < 2**31):
            raise ValueError(key)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise HTTPException(422, "cursor: not a cursor from this API (use next_cursor as "
                            "given)") from None
    return day, doc_id, position
