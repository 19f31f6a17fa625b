"""Extracted events seen as claims: who says what happened where and when."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from sitrep.ledger.records import Claim
from sitrep.model import Analysis, Event


def claim_from_event(event: Event, published: date | None, doc_source: str | None = None) -> Claim:
    loc = event.location
    actor_side = next((a.side for a in event.actors if a.role == "actor" and a.side), None)
    return Claim(
        claim_id=event.event_id, doc_id=event.doc_id, type=event.type,
        place=loc.place if loc else None, relation=loc.relation if loc else "in",
        date=event.date, published=published, attribution=event.attribution,
        modality=event.modality, actor_side=actor_side, evidence=event.evidence,
        background=event.background, doc_source=doc_source)


def claims_from_analysis(analysis: Analysis) -> list[Claim]:
    doc = analysis.document
    return [claim_from_event(e, doc.published, doc.source) for e in analysis.events]


def claims_from_analyses(analyses: Iterable[Analysis]) -> list[Claim]:
    return [c for a in analyses for c in claims_from_analysis(a)]
