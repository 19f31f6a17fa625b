"""What the API asks of the ledger, and what it shows when no ledger is loaded.

The ledger (fusion, claims, checks, control timelines, source track records) is built
elsewhere (``sitrep.ledger``). The API depends only on :class:`LedgerView`; pass an
adapter to :func:`sitrep.api.create_app` (``ledger=``) to light up claims, checks,
grades and credibility. Without one the API still answers: each event's own report is
its one claim, checks are empty, and control timelines come from the front-line archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping, Protocol, Sequence

from sitrep.model import Place


@dataclass(frozen=True)
class Claim:
    claim_id: str
    statement: str
    by: tuple[tuple[str, str], ...]  # (name, role), outlet first
    modality: str
    status: str | None = None  # e.g. corroborated | contested | confirmed later | refuted


@dataclass(frozen=True)
class Check:
    check_id: str
    kind: str  # geography | distance | independent | toponym | text | ...
    subject: str  # the event_id or place_id checked
    verdict: str
    why: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ControlPeriod:
    start: date | None
    end: date | None  # exclusive; None while it lasts
    status: str  # occupied | not occupied
    basis: str
    start_uncertain: bool = False


@dataclass(frozen=True)
class SourceGrade:
    grade: str
    track_record: Mapping[str, Any] = field(default_factory=dict)


class LedgerView(Protocol):
    def claims(self, event_id: str) -> Sequence[Claim]: ...

    def checks(self, subject: str | None = None) -> Sequence[Check]:
        """Checks about one event or place, or every check when ``subject`` is None."""
        ...

    def source_grades(self) -> Mapping[str, SourceGrade]: ...

    def control_timeline(self, place: Place) -> Sequence[ControlPeriod]:
        """Empty when the ledger has nothing: the API then falls back on the front line."""
        ...

    def credibility(self, event_id: str) -> float | None: ...
