"""GET /api/frontline (snapshot dates) and GET /api/frontline/{day} (the polygon held that day)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Query

from sitrep.api import models as m
from sitrep.api.state import AppState, state

router = APIRouter(prefix="/api/frontline", tags=["front line"])


@router.get("", response_model=m.FrontlineInfo, summary="Dates of the front-line snapshots")
async def frontline_dates(st: AppState = Depends(state)) -> m.FrontlineInfo:
    if st.frontline is None:
        return m.FrontlineInfo(available=False)
    return m.FrontlineInfo(available=True, dates=st.frontline.dates)


@router.get("/{day}", responses={404: {"model": m.ErrorOut}},
            summary="GeoJSON Feature of the occupied territory on `day` (latest snapshot on or "
            "before it)")
async def frontline_on(day: date, simplify: float = Query(0.005, ge=0, le=0.5),
                       st: AppState = Depends(state)) -> dict:
    if st.frontline is None:
        raise HTTPException(404, "no front-line data loaded (set SITREP_FRONTLINE)")
    feature = st.frontline.archive.geojson_on(day, simplify_tolerance=simplify)
    if feature is None:
        raise HTTPException(404, f"no front-line snapshot on or before {day.isoformat()}")
    return feature
