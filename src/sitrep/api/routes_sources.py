"""GET /api/sources (track records, grades) and GET /api/checks."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query

from sitrep.api import models as m
from sitrep.api.state import AppState, state
from sitrep.api.views import check_out

router = APIRouter(prefix="/api", tags=["sources and checks"])


@router.get("/sources", response_model=list[m.SourceOut],
            summary="Every source named in an attribution chain, with its track record")
async def list_sources(st: AppState = Depends(state)) -> list[m.SourceOut]:
    grades = st.ledger.source_grades() if st.ledger is not None else {}
    out = []
    for name, s in st.aggregates().sources.items():
        g = grades.get(name)
        dates = sorted(s["dates"])
        out.append(m.SourceOut(
            name=name, roles=sorted(s["roles"]), events=s["events"], documents=len(s["docs"]),
            modalities=dict(s["modalities"]), places=len(s["places"]),
            first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
            grade=g.grade if g else None, track_record=dict(g.track_record) if g else {}))
    out.sort(key=lambda s: (-s.events, s.name))
    return out


@router.get("/checks", response_model=m.CheckPage, summary="The ledger's checks")
async def list_checks(subject: Optional[str] = Query(None, max_length=200,
                                                     description="An event or place id"),
                      st: AppState = Depends(state)) -> m.CheckPage:
    if st.ledger is None:
        return m.CheckPage(items=[], ledger=False)
    return m.CheckPage(items=[check_out(c) for c in st.ledger.checks(subject)], ledger=True)
