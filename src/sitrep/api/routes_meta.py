"""GET /api/meta: what this server holds and offers (the page configures itself from it)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from sitrep.api import models as m
from sitrep.api.params import SIDES
from sitrep.api.state import AppState, state
from sitrep.model import EVENT_TYPES, MODALITIES

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/meta", response_model=m.MetaOut, summary="Counts, capabilities and vocabularies")
async def meta(st: AppState = Depends(state)) -> m.MetaOut:
    agg = st.aggregates()
    fl = st.frontline
    return m.MetaOut(version=_version(), counts=vars(st.store.counts()), frontline=fl is not None,
                     frontline_first=fl.dates[0] if fl else None,
                     frontline_last=fl.dates[-1] if fl else None, ledger=st.ledger is not None,
                     event_types=list(EVENT_TYPES), modalities=list(MODALITIES),
                     sides=list(SIDES), event_date_min=agg.date_min, event_date_max=agg.date_max,
                     writable=bool(st.settings.api_token))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sitrep")
    except PackageNotFoundError:
        return "unknown"
