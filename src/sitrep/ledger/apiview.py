"""The ledger as the API's :class:`sitrep.api.ledger.LedgerView` (``create_app(ledger=...)``).

Built once from a store (and refreshed on demand with :meth:`StoreLedgerView.refresh`).
Credibility for the API is a number in [0, 1]: Admiralty 1 → 1.0, 2 → 0.8, 3 → 0.6,
4 → 0.4, 5 → 0.2; 6 ("cannot be judged") → None.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Mapping, Sequence

from sitrep.api.ledger import Check, Claim, ControlPeriod, SourceGrade
from sitrep.ledger.ledger import Ledger
from sitrep.ledger.records import CheckResult, LedgerEntry, Timeline
from sitrep.ledger.timeline import control_timeline
from sitrep.model import Place
from sitrep.settings import Settings

CREDIBILITY = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2}
STATUS = {"confirmed occupied": "occupied", "held": "not occupied"}


class StoreLedgerView:
    def __init__(self, settings: Settings, registry: str | Path | None = None) -> None:
        self.settings = settings
        self.registry = registry
        self.refresh()

    def refresh(self) -> None:
        """Bring the ledger up to date with the store (incremental) and rebuild the view."""
        from sitrep.ledger import service
        from sitrep.store import open_store
        from sitrep.store import ledger_store as ls

        built = service.ledger_state(self.settings, self.registry)
        self.ledger: Ledger = built.ledger
        self.archive, self.register = built.archive, built.register
        store = open_store(self.settings.store)
        try:
            self._checks = ls.load_checks(store)
        finally:
            store.close()
        self._by_claim: dict[str, LedgerEntry] = {
            ac.claim.claim_id: e for e in self.ledger.entries for ac in e.claims}

    def claims(self, event_id: str) -> Sequence[Claim]:
        entry = self._by_claim.get(event_id)
        if entry is None:
            return []
        verdicts = {m.claim_id: m.verdict for m in entry.map_checks}
        return [Claim(ac.claim.claim_id, ac.claim.evidence.text,
                      tuple((s.name, s.role) for s in ac.claim.attribution), ac.claim.modality,
                      verdicts.get(ac.claim.claim_id)) for ac in entry.claims]

    def checks(self, subject: str | None = None) -> Sequence[Check]:
        """Checks of one event (those inside its evidence) or one document, or all."""
        if subject is None:
            return [_check(c, i) for i, c in enumerate(self._checks)]
        entry = self._by_claim.get(subject)
        claim = next((ac.claim for ac in entry.claims if ac.claim.claim_id == subject), None) if entry else None
        out = []
        for i, c in enumerate(self._checks):
            if c.doc_id == subject or (claim is not None and c.doc_id == claim.doc_id
                                       and claim.evidence.start <= c.span.start < claim.evidence.end):
                out.append(_check(c, i))
        return out

    def source_grades(self) -> Mapping[str, SourceGrade]:
        return {t.name: SourceGrade(t.grade, asdict(t)) for t in self.ledger.track_records}

    def control_timeline(self, place: Place) -> Sequence[ControlPeriod]:
        return periods(control_timeline(place, self.ledger, self.archive, self.register))

    def credibility(self, event_id: str) -> float | None:
        entry = self._by_claim.get(event_id)
        return CREDIBILITY.get(entry.grade.credibility) if entry else None


def _check(c: CheckResult, i: int) -> Check:
    why = f"{c.note} (claimed: {c.claimed}; measured: {c.measured})"
    return Check(f"{c.doc_id}:{i}", c.kind, c.doc_id, c.verdict, why, (c.span.text,))


def periods(tl: Timeline) -> list[ControlPeriod]:
    """State changes as periods: each lasts until the next change."""
    changes = [e for e in tl.entries if e.change and e.day is not None]
    out = []
    for i, e in enumerate(changes):
        end = changes[i + 1].day if i + 1 < len(changes) else None
        uncertain = (e.claim_id is None and tl.map_range is not None and e.day == tl.map_range[0]
                     and e.state == "confirmed occupied")
        out.append(ControlPeriod(e.day, end, STATUS.get(e.state, e.state), e.evidence, uncertain))
    return out
