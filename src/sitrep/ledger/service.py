"""Library functions behind the ledger commands: each opens what it needs and returns records.

``update_ledger`` is incremental: only stored events not yet in the ledger are fused (into
existing events or new ones) and only documents whose results changed are re-checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from sitrep.errors import ConfigError, InputError
from sitrep.gazetteer.base import Gazetteer
from sitrep.gazetteer.hostilities import HostilityRegister
from sitrep.gazetteer.load import load_hostilities
from sitrep.gazetteer.normalize import name_key
from sitrep.ledger.checks import check_analysis
from sitrep.ledger.claims import claim_from_event
from sitrep.ledger.frontline import FrontlineArchive
from sitrep.ledger.fusion import FusionConfig, Fuser
from sitrep.ledger.ledger import Ledger, build_ledger
from sitrep.ledger.records import CheckResult, Claim, FusedEvent, SourceInfo, Timeline, TrackRecord
from sitrep.ledger.sources import SourceRegistry
from sitrep.ledger.timeline import control_timeline
from sitrep.model import Place
from sitrep.settings import Settings
from sitrep.store import ledger_store as ls


@dataclass(frozen=True)
class UpdateReport:
    new_claims: int
    new_events: int
    joined: int
    checked_documents: int


@dataclass(frozen=True)
class LedgerReport:
    ledger: Ledger
    update: UpdateReport
    frontline: str | None  # the archive used (None: no map evidence)


@dataclass(frozen=True)
class FrontlineImport:
    path: str
    first: date
    last: date
    snapshots: int
    settlements: int  # stored settlements whose history was recorded
    inside: int  # ... of which ever inside occupied territory


@dataclass(frozen=True)
class SourceRow:
    source: SourceInfo
    record: TrackRecord | None


# -- incremental update -------------------------------------------------------------------
def update_ledger(store, gazetteer: Callable[[], Gazetteer | None] | None = None,
                  config: FusionConfig = FusionConfig()) -> UpdateReport:
    ls.ledger_db(store)  # a store without ledger tables fails here, before any work
    ls.prune_empty_events(store)
    fuser = Fuser(config)
    _restore(store, fuser)
    new_ids = ls.unledgered_event_ids(store)
    claims = _claims(store, new_ids)
    before = {e.event_key for e in fuser.events()}
    links = fuser.add_many(claims)
    events = {e.event_key: e for e in fuser.events()}
    founders = {k: (e.type, e.place.place_id if e.place else None, e.claims[0].claim_id)
                for k, e in events.items() if k not in before}
    ls.save_links(store, links, founders)
    checked = recheck_documents(store, gazetteer)
    return UpdateReport(len(links), len(founders), len(links) - len(founders), checked)


def _restore(store, fuser: Fuser) -> None:
    membership = ls.ledger_membership(store)
    ids = [cid for members in membership.values() for cid, _ in members]
    by_id = {c.claim_id: c for c in _claims(store, ids)}
    for key, members in membership.items():
        claims = [by_id[cid] for cid, _ in members if cid in by_id]
        fuser.restore(key, claims, [link for _, link in members])


def _claims(store, event_ids: list[str]) -> list[Claim]:
    if not event_ids:
        return []
    events = ls.load_events_by_id(store, event_ids)
    meta = ls.document_meta(store, {e.doc_id for e in events})
    return [claim_from_event(e, *meta.get(e.doc_id, (None, None))) for e in events]


def recheck_documents(store, gazetteer: Callable[[], Gazetteer | None] | None) -> int:
    """Re-run the geography checks of documents whose stored results changed."""
    done = ls.checked_signatures(store)
    doc_ids = ls.analysed_doc_ids(store)
    gaz: Gazetteer | None = None
    loaded = False
    n = 0
    for doc_id in doc_ids:
        analysis = ls.load_analysis(store, doc_id)
        if analysis is None:
            continue
        sig = ls.analysis_signature(analysis)
        if done.get(doc_id) == sig:
            continue
        if not loaded:  # the gazetteer is loaded only when something needs checking
            gaz, loaded = (gazetteer() if gazetteer else None), True
        if gaz is not None:
            analysis = ls.load_analysis(store, doc_id, gaz.get) or analysis
        ls.save_checks(store, doc_id, sig, check_analysis(analysis, gazetteer=gaz))
        n += 1
    return n


def fused_events(store) -> list[FusedEvent]:
    fuser = Fuser()
    _restore(store, fuser)
    return fuser.events()


# -- reports for the CLI and API ------------------------------------------------------------
def open_frontline(settings: Settings, store=None) -> FrontlineArchive | None:
    """The archive named by the settings, else the one last imported into the store."""
    path = settings.frontline or (ls.frontline_path(store) if store is not None else None)
    if not path:
        return None
    if not Path(path).exists():
        raise ConfigError(f"front-line archive {path} not found (set SITREP_FRONTLINE or re-import)")
    return FrontlineArchive.from_path(path, cache_dir=settings.cache_dir)


def _gazetteer_loader(settings: Settings) -> Callable[[], Gazetteer | None]:
    def load() -> Gazetteer | None:
        from sitrep.gazetteer import load_gazetteer

        return load_gazetteer(settings)
    return load


@dataclass(frozen=True)
class LedgerState:
    """A ledger brought up to date, with the independent evidence it was judged against."""

    ledger: Ledger
    update: UpdateReport
    archive: FrontlineArchive | None
    register: HostilityRegister | None
    stored: list[Place]  # the store's places (only when asked for)


def ledger_state(settings: Settings, registry: str | Path | None = None, places: bool = False
                 ) -> LedgerState:
    """The ledger brought up to date with the store (incremental), graded against the map
    and the official list the settings name."""
    from sitrep.store import open_store

    store = open_store(settings.store)
    try:
        update = update_ledger(store, _gazetteer_loader(settings))
        archive = open_frontline(settings, store)
        register = load_hostilities(settings)
        ledger = build_ledger(fused_events(store), SourceRegistry.load(registry), archive, register)
        return LedgerState(ledger, update, archive, register, list(store.places()) if places else [])
    finally:
        store.close()


def ledger_report(settings: Settings, registry: str | Path | None = None) -> LedgerReport:
    """Bring the ledger up to date with the store and grade every fused event."""
    b = ledger_state(settings, registry)
    return LedgerReport(b.ledger, b.update, b.archive.origin if b.archive else None)


def timeline_report(settings: Settings, place: str, registry: str | Path | None = None) -> Timeline:
    """The control timeline of the settlement called ``place`` (name, id or report spelling)."""
    b = ledger_state(settings, registry, places=True)
    return control_timeline(find_place(b.ledger, place, b.stored), b.ledger, b.archive, b.register)


def find_place(ledger: Ledger, query: str, stored: list[Place] | None = None) -> Place:
    """A place of the ledger by id, name or a surface used in the reports; else a stored
    settlement of that name or id (its timeline then holds the map alone)."""
    key = name_key(query)
    for entry in ledger.entries:
        for ac in entry.claims:
            p = ac.claim.place
            if p is None:
                continue
            if query in (p.place_id, str(p.geonameid)) or key == name_key(p.name):
                return p
    for entry in ledger.entries:  # "Seversk": a surface form of a claim's place mention
        for ac in entry.claims:
            p = ac.claim.place
            if p is not None and key and key in name_key(ac.claim.evidence.text):
                return p
    for p in stored or ():
        if p.kind == "settlement" and (query in (p.place_id, str(p.geonameid)) or key == name_key(p.name)):
            return p
    raise InputError(query, "no claim in the ledger and no stored place has this name")


def checks_report(settings: Settings, verdict: str | None = None) -> list[CheckResult]:
    from sitrep.store import open_store

    store = open_store(settings.store)
    try:
        update_ledger(store, _gazetteer_loader(settings))
        return ls.load_checks(store, verdict=verdict)
    finally:
        store.close()


def flagged_checks(store) -> list[CheckResult]:
    """The stored checks that did not come out consistent, from an open store; no ledger update
    (call after :func:`ledger_report`, which brings the checks up to date)."""
    return [c for c in ls.load_checks(store) if c.verdict != "consistent"]


def sources_report(settings: Settings, registry: str | Path | None = None) -> list[SourceRow]:
    """Every registered source, with its track record when the store has claims by it."""
    reg = SourceRegistry.load(registry)
    report = ledger_report(settings, registry)
    records = {t.source_id: t for t in report.ledger.track_records}
    rows = [SourceRow(s, records.pop(s.source_id, None)) for s in reg.entries.values()]
    for t in records.values():  # unregistered sources seen in the store
        rows.append(SourceRow(SourceInfo(t.source_id, t.name, "unregistered", None, None, "unknown",
                                         t.source_id, "F"), t))
    return sorted(rows, key=lambda r: (r.record is None, -(r.record.checked if r.record else 0),
                                       r.source.name.lower()))


def frontline_import(settings: Settings, path: str) -> FrontlineImport:
    """Check an archive, record it in the store, and record every stored settlement's history."""
    from sitrep.store import open_store

    archive = FrontlineArchive.from_path(path, cache_dir=settings.cache_dir)
    store = open_store(settings.store)
    try:
        places = [p for p in store.places() if p.kind == "settlement" and p.lat is not None
                  and p.lon is not None]
        histories = archive.histories([(p.lat, p.lon) for p in places])  # type: ignore[misc]
        dates = archive.dates()
        ls.save_frontline(store, str(Path(path).resolve()), dates,
                          [(p.place_id, h) for p, h in zip(places, histories)])
        return FrontlineImport(str(Path(path).resolve()), dates[0], dates[-1], len(dates),
                               len(places), sum(1 for h in histories if h.intervals))
    finally:
        store.close()
