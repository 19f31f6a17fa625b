"""GET /api/events (filters, pages) and GET /api/events/{event_id} (claims, evidence, checks)."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from sitrep.api import models as m
from sitrep.api.pages import page_body
from sitrep.api.params import decode_cursor, event_filter, page_params
from sitrep.api.state import AppState, state
from sitrep.api.views import check_out, claim_out, document_brief, event_out, own_claim, place_out
from sitrep.export.select import EventFilter
from sitrep.store.base import EventQuery

router = APIRouter(prefix="/api/events", tags=["events"])
CONTEXT_CHARS = 400
_ID = Path(..., max_length=200, description="The event's id")


@router.get("", response_model=m.EventPage, summary="Events matching the filters, one page")
async def list_events(request: Request, flt: EventFilter = Depends(event_filter),
                      page: tuple[int, int] = Depends(page_params),
                      cursor: Optional[str] = Query(
                          None, max_length=600, description="`next_cursor` of the previous "
                          "page: pages by key, as fast deep in the list as at its start"),
                      st: AppState = Depends(state)) -> Response:
    offset, limit = page
    after = decode_cursor(cursor)
    if after is not None and offset:
        raise HTTPException(422, "cursor: give either offset or cursor, not both")

    # the map asks the same questions over and over; answers are cached per store version
    key = "events?" + str(sorted(request.query_params.multi_items()))
    body = st.cached(key, lambda: page_body(st, flt, offset, limit, after))
    return Response(body, media_type="application/json")


@router.get("/{event_id}", response_model=m.EventDetail,
            responses={404: {"model": m.ErrorOut}},
            summary="One event with its document, evidence in context, claims and checks")
async def get_event(event_id: str = _ID, st: AppState = Depends(state)) -> m.EventDetail:
    found = st.store.events(EventQuery(event_id=event_id, limit=1))
    if not found:
        raise HTTPException(404, f"no event {event_id!r}")
    e = found[0]
    doc = st.store.get_document(e.doc_id)
    if doc is None:  # the schema forbids it; say so rather than crash
        raise HTTPException(404, f"event {event_id!r} refers to a missing document")
    lo = max(0, e.evidence_start - CONTEXT_CHARS)
    hi = min(len(doc.text), e.evidence_end + CONTEXT_CHARS)
    places = st.store.places([e.place_id]) if e.place_id else []
    ledger = st.ledger
    claims = ([claim_out(c, "ledger") for c in ledger.claims(e.event_id)] if ledger else
              [claim_out(own_claim(e), "report")])
    checks = [check_out(c) for c in ledger.checks(e.event_id)] if ledger else []
    return m.EventDetail(event=event_out(e, st), document=document_brief(doc),
                         context=m.SpanOut(start=lo, end=hi, text=doc.text[lo:hi]),
                         place=place_out(places[0]) if places else None,
                         claims=claims, checks=checks, ledger=ledger is not None)
