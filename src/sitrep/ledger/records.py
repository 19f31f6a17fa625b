"""Typed records of the claims ledger (frozen, like every record crossing a module boundary)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sitrep.model import Place, Side, Source, Span, TimeExpr

Verdict = str  # consistent | questionable | false (checks); confirmed | not yet | ... (front line)


@dataclass(frozen=True)
class SourceInfo:
    """One registry entry: an outlet, channel, agency, official or analyst."""

    source_id: str
    name: str
    kind: str  # outlet | agency | channel | official | analyst | expert | military | anonymous
    country: str | None
    side: Side | None  # whose side the source speaks for (RU, UA, other)
    alignment: str  # state | pro-government | independent | official | military-blogger | ...
    group: str  # sources of one group are not independent of each other
    prior: str  # prior reliability A-F, used until the track record is long enough
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """One report of an event in one document: an extracted Event seen as a claim."""

    claim_id: str  # the Event's event_id
    doc_id: str
    type: str
    place: Place | None
    relation: str
    date: TimeExpr
    published: date | None
    attribution: tuple[Source, ...]
    modality: str
    actor_side: Side | None  # the side that acts (captures, advances, withdraws)
    evidence: Span
    background: bool = False
    doc_source: str | None = None  # the document's outlet (Document.source), when known

    @property
    def when(self) -> date | None:
        """The day the claim speaks of: the event's day-precise date, else the publication date."""
        if self.date.value is not None and self.date.precision in ("day", "week"):
            return self.date.value
        return self.published


@dataclass(frozen=True)
class AttributedClaim:
    """A claim with its sources looked up in the registry."""

    claim: Claim
    outlet: SourceInfo | None
    origin: SourceInfo | None  # the last identified link of the chain: who originally said it
    side: Side | None  # side of the source (origin first, outlet otherwise)
    line: str  # line-of-evidence key: claims sharing it are one line, not independent

    @property
    def source_label(self) -> str:
        chain = [s.name for s in self.claim.attribution]
        return " ← ".join(chain) if chain else "(unattributed)"


@dataclass(frozen=True)
class FusionLink:
    """Why a claim joined (or founded) a fused event."""

    claim_id: str
    event_key: str
    matched_claim_id: str | None  # None: the claim founded the event
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class FusedEvent:
    """Many reports of one happening."""

    event_key: str  # stable: derived from the founding claim
    type: str
    place: Place | None
    claims: tuple[Claim, ...]
    links: tuple[FusionLink, ...]

    @property
    def window(self) -> tuple[date | None, date | None]:
        days = [c.when for c in self.claims if c.when is not None]
        return (min(days), max(days)) if days else (None, None)


@dataclass(frozen=True)
class Contradiction:
    kind: str  # denial | advance-after-capture | map
    claim_ids: tuple[str, ...]
    severity: str  # contradiction | possible
    note: str


@dataclass(frozen=True)
class MapCheck:
    """A capture/withdrawal claim against the dated occupied-territory polygons."""

    claim_id: str
    place_id: str | None
    verdict: str  # confirmed | not yet | contradicted | undated | no map | before map
    claimed: date | None
    map_date: date | None  # the date the map shows the change
    lead_days: int | None  # map_date - claimed: > 0 the claim came before the map
    note: str


@dataclass(frozen=True)
class Grade:
    """Admiralty-style grade with every input that produced it."""

    reliability: str  # A-F
    credibility: int  # 1-6
    reliability_inputs: tuple[str, ...]
    credibility_inputs: tuple[str, ...]

    @property
    def code(self) -> str:
        return f"{self.reliability}{self.credibility}"


@dataclass(frozen=True)
class TrackRecord:
    source_id: str
    name: str
    checked: int
    confirmed: int
    contradicted: int
    pending: int
    mean_lead_days: float | None  # > 0: the source tends to claim before the map shows it
    grade: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class LedgerEntry:
    """A fused event with its claims, lines of evidence, conflicts and grade."""

    event: FusedEvent
    claims: tuple[AttributedClaim, ...]
    lines: tuple[str, ...]
    sides: tuple[str, ...]
    conceded: bool  # the side that loses by it reports it too
    contradictions: tuple[Contradiction, ...]
    map_checks: tuple[MapCheck, ...]
    grade: Grade


@dataclass(frozen=True)
class CheckResult:
    """A verdict on what a report says about geography, with the numbers behind it."""

    kind: str  # near | distance | bearing | region | confusable | context
    doc_id: str
    span: Span
    subject: str
    verdict: str  # consistent | questionable | false
    claimed: str
    measured: str
    note: str
    numbers: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """A change of state of one settlement, with the evidence for it."""

    day: date | None  # None: an undated claim (listed apart, never placed on a day)
    state: str  # held | contested | claimed captured by RU | confirmed occupied | ...
    evidence: str
    claim_id: str | None = None
    doc_id: str | None = None
    change: bool = True  # False: evidence that does not change the state (repeated claims)


@dataclass(frozen=True)
class Timeline:
    """Control of one settlement over time: state changes in order, undated claims apart."""

    place: Place
    entries: tuple[TimelineEntry, ...]
    undated: tuple[TimelineEntry, ...]
    first_inside: date | None
    map_range: tuple[date, date] | None

    def state_on(self, day: date) -> str:
        state = "unknown"
        for e in self.entries:
            if e.day is not None and e.day <= day and e.change:
                state = e.state
        return state
