"""GET /api/export: the CLI's exports (ACLED CSV, GeoJSON, JSONL) over HTTP, same filters."""

from __future__ import annotations

import io
from typing import Literal

from fastapi import APIRouter, Depends, Query, Response

from sitrep.api.params import event_filter
from sitrep.api.state import AppState, state
from sitrep.export import FORMATS, export_events
from sitrep.export.select import EventFilter

router = APIRouter(prefix="/api", tags=["exports"])


@router.get("/export", summary="Export the matching events",
            responses={200: {"content": {"text/csv": {}, "application/geo+json": {},
                                         "application/x-ndjson": {}}}})
async def export(format: Literal["acled", "geojson", "jsonl"] = Query(
                     ..., description="acled (ACLED-schema CSV) | geojson | jsonl"),
                 flt: EventFilter = Depends(event_filter),
                 st: AppState = Depends(state)) -> Response:
    buf = io.StringIO()
    n = export_events(st.store, format, buf, flt)
    media, ext = FORMATS[format]
    return Response(buf.getvalue(), media_type=media, headers={
        "Content-Disposition": f'attachment; filename="sitrep-events.{ext}"',
        "X-Sitrep-Count": str(n)})
