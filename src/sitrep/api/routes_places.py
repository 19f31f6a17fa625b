"""GET /api/places (with control status on a day) and GET /api/places/{place_id} (timeline)."""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from sitrep.api import models as m
from sitrep.api.params import page_params
from sitrep.api.state import AppState, state
from sitrep.api.views import event_out, period_out, place_out
from sitrep.model import PLACE_KINDS
from sitrep.store.base import EventQuery

router = APIRouter(prefix="/api/places", tags=["places"])


@router.get("", response_model=m.PlacePage, summary="Stored places, with event counts and, for "
            "`day`, whether each lay inside the occupied territory")
async def list_places(day: Optional[date] = Query(None, description="YYYY-MM-DD"),
                      kind: Optional[str] = Query(None, max_length=40),
                      q: Optional[str] = Query(None, max_length=200,
                                               description="Name contains (case-insensitive)"),
                      with_events: bool = Query(False, description="Only places with events"),
                      page: tuple[int, int] = Depends(page_params),
                      st: AppState = Depends(state)) -> m.PlacePage:
    if kind is not None and kind not in PLACE_KINDS:
        raise HTTPException(422, f"kind: unknown value {kind[:40]!r}; expected one of "
                            f"{', '.join(PLACE_KINDS)}")
    counts = st.aggregates().place_events
    places = [p for p in st.store.places()
              if (kind is None or p.kind == kind) and (q is None or q.lower() in p.name.lower())
              and (not with_events or counts[p.place_id])]
    offset, limit = page
    chosen = places[offset:offset + limit]
    flags, snap = _occupied(st, day, chosen)
    items = [place_out(p, counts[p.place_id], f) for p, f in zip(chosen, flags)]
    more = offset + limit < len(places)
    return m.PlacePage(items=items, offset=offset, limit=limit, day=day, snapshot=snap,
                       next_offset=offset + limit if more else None)


def _occupied(st: AppState, day: date | None, places: list) -> tuple[list, date | None]:
    none = [None] * len(places)
    if day is None or st.frontline is None:
        return none, None
    located = [(i, (p.lat, p.lon)) for i, p in enumerate(places)
               if p.lat is not None and p.lon is not None]
    flags = st.frontline.occupied(day, [pt for _i, pt in located])
    if flags is None:
        return none, None
    out = list(none)
    for (i, _pt), flag in zip(located, flags):
        out[i] = flag
    return out, st.frontline.snapshot(day)


@router.get("/{place_id}", response_model=m.PlaceDetail, responses={404: {"model": m.ErrorOut}},
            summary="One place, its events and its control timeline")
async def get_place(place_id: str = Path(..., max_length=200),
                    st: AppState = Depends(state)) -> m.PlaceDetail:
    found = st.store.places([place_id])
    if not found:
        raise HTTPException(404, f"no place {place_id!r}")
    place = found[0]
    events = st.store.events(EventQuery(place_id=place_id, limit=1000))
    periods, note = [], ""
    if st.ledger is not None:
        periods = list(st.ledger.control_timeline(place))
    if not periods and st.frontline is not None:
        periods = st.frontline.timeline(place)
        note = "from the front-line archive only"
    elif not periods:
        note = "no front-line data loaded (set SITREP_FRONTLINE)"
    return m.PlaceDetail(place=place_out(place, st.aggregates().place_events[place_id]),
                         events=[event_out(e, st) for e in events],
                         control=[period_out(p) for p in periods], control_note=note)
