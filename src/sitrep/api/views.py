"""Turning store records into API models (one place, so every endpoint agrees)."""

from __future__ import annotations

from sitrep.api import models as m
from sitrep.api.ledger import Check, Claim, ControlPeriod
from sitrep.api.state import AppState
from sitrep.export.records import event_record
from sitrep.model import Document, Place
from sitrep.store.base import StoredEvent


def event_out(e: StoredEvent, st: AppState) -> m.EventOut:
    cred = st.ledger.credibility(e.event_id) if st.ledger is not None else None
    return m.EventOut(**event_record(e), credibility=cred)


def document_brief(d: Document) -> m.DocumentBrief:
    return m.DocumentBrief(doc_id=d.doc_id, input_id=d.input_id, title=d.title,
                           published=d.published, source=d.source, url=d.url, chars=len(d.text))


def place_out(p: Place, events: int = 0, occupied: bool | None = None) -> m.PlaceOut:
    return m.PlaceOut(place_id=p.place_id, name=p.name, kind=p.kind, lat=p.lat, lon=p.lon,
                      geonameid=p.geonameid, admin1=p.admin1, country=p.country,
                      population=p.population, events=events, occupied=occupied)


def claim_out(c: Claim, basis: str) -> m.ClaimOut:
    return m.ClaimOut(claim_id=c.claim_id, statement=c.statement,
                      by=[m.SourceLinkOut(name=n, role=r) for n, r in c.by],
                      modality=c.modality, status=c.status, basis=basis)


def own_claim(e: StoredEvent) -> Claim:
    """Without a ledger an event's one claim is its report: who says it, how surely."""
    where = f" at {e.place_name}" if e.place_name else ""
    return Claim(claim_id=e.event_id, statement=f"{e.type}{where}", by=e.sources,
                 modality=e.modality)


def check_out(c: Check) -> m.CheckOut:
    return m.CheckOut(check_id=c.check_id, kind=c.kind, subject=c.subject, verdict=c.verdict,
                      why=c.why, refs=list(c.refs))


def period_out(p: ControlPeriod) -> m.ControlPeriodOut:
    return m.ControlPeriodOut(start=p.start, end=p.end, status=p.status, basis=p.basis,
                              start_uncertain=p.start_uncertain)
