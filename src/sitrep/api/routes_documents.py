"""Documents: list, one with its text and highlighted spans, and POST for ingest (token)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from sitrep.api import models as m
from sitrep.api.params import page_params
from sitrep.api.state import AppState, require_token, state
from sitrep.api.views import document_brief, event_out
from sitrep.model import Document
from sitrep.store.base import EventQuery, StoredEvent

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("", response_model=m.DocumentPage, summary="Stored documents, one page")
async def list_documents(page: tuple[int, int] = Depends(page_params),
                         st: AppState = Depends(state)) -> m.DocumentPage:
    offset, limit = page
    docs = list(st.store.documents())
    chosen = docs[offset:offset + limit]
    more = offset + limit < len(docs)
    return m.DocumentPage(items=[document_brief(d) for d in chosen], offset=offset, limit=limit,
                          next_offset=offset + limit if more else None)


@router.get("/{doc_id}", response_model=m.DocumentOut, responses={404: {"model": m.ErrorOut}},
            summary="One document: its text, its events and the spans to highlight")
async def get_document(doc_id: str = Path(..., max_length=200),
                       st: AppState = Depends(state)) -> m.DocumentOut:
    doc = st.store.get_document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    events = st.store.events(EventQuery(doc_id=doc_id, limit=10_000))
    return m.DocumentOut(**document_brief(doc).model_dump(), text=doc.text,
                         media_type=doc.media_type, highlights=_highlights(st, doc, events),
                         events=[event_out(e, st) for e in events])


def _highlights(st: AppState, doc: Document, events: list[StoredEvent]) -> list[m.HighlightOut]:
    out = [m.HighlightOut(start=e.evidence_start, end=e.evidence_end, kind="evidence",
                          ref=e.event_id, label=f"{e.type} ({e.modality})") for e in events]
    for mention in st.store.mentions(doc.doc_id):
        place = mention.place
        out.append(m.HighlightOut(start=mention.span.start, end=mention.span.end, kind="place",
                                  ref=place.place_id if place else None,
                                  label=place.name if place else "unresolved place"))
    n = len(doc.text)
    return sorted((h for h in out if 0 <= h.start < h.end <= n), key=lambda h: (h.start, -h.end))


@router.post("", response_model=m.IngestOut, status_code=201,
             dependencies=[Depends(require_token)],
             responses={200: {"model": m.IngestOut, "description": "Already stored"},
                        401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut},
                        413: {"model": m.ErrorOut}},
             summary="Ingest a new document (needs the bearer token)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": m.IngestIn.model_json_schema()}}}})
async def post_document(request: Request, response: Response,
                        st: AppState = Depends(state)) -> m.IngestOut:
    from sitrep.ingest.common import make_document, title_from_text

    # The body is parsed here, after the token dependency has run: a caller without the
    # token learns nothing about what a valid body looks like.
    try:
        body = m.IngestIn.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()])
    if any("\x00" in (v or "") for v in (body.text, body.title, body.source, body.url,
                                          body.input_id)):
        raise HTTPException(422, "body: NUL characters are not allowed in a document")
    if len(body.text.encode("utf-8")) > st.settings.max_doc_bytes:
        raise HTTPException(413, f"text is larger than {st.settings.max_doc_bytes} bytes")
    title = (body.title or "").strip() or title_from_text(body.text)
    doc = make_document(body.input_id or "api", title, body.text, published=body.published,
                        source=body.source, url=body.url)
    added = st.store.add_document(doc)
    analysed = False
    if added and st.pipeline is not None:
        st.store.save_analysis(st.pipeline.run(doc))
        analysed = True
    if not added:
        response.status_code = 200
    return m.IngestOut(doc_id=doc.doc_id, added=added, analysed=analysed)
