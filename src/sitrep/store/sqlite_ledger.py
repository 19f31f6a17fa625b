"""SQLite persistence of the ledger (tables of migration 0002_ledger).

Functions take the :class:`~sitrep.store.sqlite.SQLiteStore` (its ``conn`` and ``_tx``).
They also read analyses back (documents, mentions with their alternatives, events with
attribution offsets and actor roles) so the ledger can be rebuilt from the store alone.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Callable, Iterable, Sequence

from sitrep.errors import StoreError
from sitrep.ids import content_hash
from sitrep.ledger.frontline import PointHistory
from sitrep.ledger.records import CheckResult, FusionLink
from sitrep.model import (Actor, Analysis, Candidate, Document, Event, EventLocation, Place,
                          PlaceMention, Source, Span, TimeExpr)
from sitrep.store.rows import PLACE_SELECT, place_from_row

def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def keeps_ledger(store) -> bool:
    """Whether ``store`` has the ledger tables (only SQLite stores, for now)."""
    from sitrep.store.sqlite import SQLiteStore

    return isinstance(store, SQLiteStore)


def sqlite_of(store):
    """The SQLite store behind ``store`` (the ledger tables exist only there for now)."""
    if not keeps_ledger(store):
        raise StoreError(f"the ledger needs a SQLite store; {getattr(store, 'url', store)} is not one")
    return store


# -- reading analyses back ------------------------------------------------------------
def load_places(store, place_ids: Iterable[str]) -> dict[str, Place]:
    ids = list(dict.fromkeys(place_ids))
    out: dict[str, Place] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = store.conn.execute(PLACE_SELECT + " WHERE place_id IN "
                                  f"({','.join('?' * len(chunk))})", chunk).fetchall()
        out.update({r[0]: place_from_row(r) for r in rows})
    return out


def load_document(store, doc_id: str) -> Document | None:
    return store.get_document(doc_id)


def load_mentions(store, doc_id: str, resolve: Callable[[str], Place | None] | None = None
                  ) -> tuple[PlaceMention, ...]:
    """Mentions with alternatives; alternative places come from ``resolve`` (a gazetteer's
    ``get``) or the places table; unknown ones are dropped."""
    rows = store.conn.execute(
        "SELECT start, end, surface, place_id, confidence, precision, reasons, alternatives "
        "FROM place_mentions WHERE doc_id = ? ORDER BY start, end", (doc_id,)).fetchall()
    alt_ids = [a["place_id"] for r in rows for a in json.loads(r[7])]
    known = load_places(store, [r[3] for r in rows if r[3]] + alt_ids)
    out = []
    for start, end, surface, pid, conf, prec, reasons, alts in rows:
        cands = []
        for a in json.loads(alts):
            place = known.get(a["place_id"]) or (resolve(a["place_id"]) if resolve else None)
            if place is not None:
                cands.append(Candidate(place, float(a.get("score", 0.0)), tuple(a.get("reasons", ()))))
        out.append(PlaceMention(Span(doc_id, start, end, surface), known.get(pid) if pid else None,
                                conf, prec, tuple(cands), tuple(json.loads(reasons))))
    return tuple(out)


_EVENT_SQL = ("SELECT event_id, doc_id, type, acled_event_type, acled_sub_event_type, place_id, "
              "location_precision, relation, date_value, date_precision, modality, background, "
              "quantity, evidence_start, evidence_end, evidence_text FROM events")


def load_events(store, where: str = "", params: Sequence = ()) -> list[Event]:
    rows = store.conn.execute(f"{_EVENT_SQL} {where} ORDER BY doc_id, position", params).fetchall()
    places = load_places(store, [r[5] for r in rows if r[5]])
    return [_event(store, r, places) for r in rows]


def _event(store, r: Sequence, places: dict[str, Place]) -> Event:
    (eid, doc_id, etype, acled, acled_sub, pid, prec, relation, dval, dprec, modality, background,
     quantity, es, ee, etext) = r
    attribution = tuple(
        Source(name, role, Span(doc_id, s, e, "") if s is not None else None)
        for name, role, s, e in store.conn.execute(
            "SELECT name, role, start, end FROM attributions WHERE event_id = ? ORDER BY position",
            (eid,)))
    actors = tuple(Actor(name, side, None, role) for name, side, role in store.conn.execute(
        "SELECT name, side, role FROM actors WHERE event_id = ? ORDER BY position", (eid,)))
    loc = (EventLocation(places.get(pid), prec or 1, None, relation or "in")
           if pid or prec is not None else None)
    when = TimeExpr(date.fromisoformat(dval) if dval else None, dprec)
    return Event(eid, doc_id, etype, acled, acled_sub, loc, when, actors, attribution, modality,
                 Span(doc_id, es, ee, etext), quantity=quantity, background=bool(background))


def load_analysis(store, doc_id: str, resolve: Callable[[str], Place | None] | None = None
                  ) -> Analysis | None:
    """A document's stored results as an Analysis (sentences re-split: the splitter is exact)."""
    from sitrep.nlp.sentences import SentenceSplitter

    doc = store.get_document(doc_id)
    if doc is None:
        return None
    analysis = SentenceSplitter()(Analysis(doc))
    events = tuple(load_events(store, "WHERE doc_id = ?", (doc_id,)))
    return Analysis(doc, analysis.sentences, load_mentions(store, doc_id, resolve), (), events)


def document_meta(store, doc_ids: Iterable[str]) -> dict[str, tuple[date | None, str | None]]:
    """doc_id -> (publication date, source outlet) of stored documents."""
    ids = list(dict.fromkeys(doc_ids))
    out: dict[str, tuple[date | None, str | None]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for doc_id, pub, source in store.conn.execute(
                "SELECT doc_id, published, source FROM documents WHERE doc_id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            out[doc_id] = (date.fromisoformat(pub) if pub else None, source)
    return out


# -- ledger membership ------------------------------------------------------------------
def prune_empty_events(store) -> int:
    with store._tx() as cur:
        cur.execute("DELETE FROM ledger_events WHERE event_key NOT IN "
                    "(SELECT DISTINCT event_key FROM ledger_claims)")
        return cur.rowcount


def ledger_membership(store) -> dict[str, list[tuple[str, FusionLink]]]:
    """event_key -> [(claim_id, link)] in join order."""
    out: dict[str, list[tuple[str, FusionLink]]] = {}
    for claim_id, key, matched, score, reasons in store.conn.execute(
            "SELECT c.claim_id, c.event_key, c.matched_claim_id, c.score, c.reasons FROM ledger_claims c "
            "JOIN ledger_events e ON e.event_key = c.event_key ORDER BY e.created_at, c.event_key, "
            "c.joined_at, c.rowid"):
        link = FusionLink(claim_id, key, matched, score, tuple(json.loads(reasons)))
        out.setdefault(key, []).append((claim_id, link))
    return out


def unledgered_event_ids(store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT event_id FROM events WHERE event_id NOT IN (SELECT claim_id FROM ledger_claims) "
        "ORDER BY doc_id, position")]


def save_links(store, links: Sequence[FusionLink], founders: dict[str, tuple[str, str | None, str]]) -> None:
    """Persist new memberships; ``founders``: event_key -> (type, place_id, founding claim)."""
    now = _now()
    with store._tx() as cur:
        for key, (etype, pid, claim_id) in founders.items():
            cur.execute("INSERT OR IGNORE INTO ledger_events VALUES (?, ?, ?, ?, ?)",
                        (key, etype, pid, claim_id, now))
        for link in links:
            cur.execute("INSERT OR REPLACE INTO ledger_claims VALUES (?, ?, ?, ?, ?, ?)",
                        (link.claim_id, link.event_key, link.matched_claim_id, link.score,
                         json.dumps(list(link.reasons), ensure_ascii=False), now))


# -- geography checks -------------------------------------------------------------------
def analysis_signature(analysis: Analysis) -> str:
    parts = [f"{m.span.start}:{m.span.end}:{m.place.place_id if m.place else '-'}" for m in analysis.mentions]
    parts += sorted(e.event_id for e in analysis.events)
    return content_hash(analysis.document.doc_id, *parts)


def checked_signatures(store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT doc_id, signature FROM geo_checked"))


def save_checks(store, doc_id: str, signature: str, checks: Sequence[CheckResult]) -> None:
    with store._tx() as cur:
        cur.execute("DELETE FROM geo_checks WHERE doc_id = ?", (doc_id,))
        for i, c in enumerate(checks):
            cur.execute("INSERT INTO geo_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (doc_id, i, c.kind, c.verdict, c.subject, c.claimed, c.measured, c.note,
                         c.span.start, c.span.end, json.dumps(dict(c.numbers))))
        cur.execute("INSERT OR REPLACE INTO geo_checked VALUES (?, ?)", (doc_id, signature))


def load_checks(store, verdict: str | None = None, doc_id: str | None = None) -> list[CheckResult]:
    clauses, params = [], []
    for col, value in (("g.verdict", verdict), ("g.doc_id", doc_id)):
        if value is not None:
            clauses.append(f"{col} = ?")
            params.append(value)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.conn.execute(
        "SELECT g.doc_id, g.kind, g.verdict, g.subject, g.claimed, g.measured, g.note, g.start, g.end, "
        f"g.numbers, substr(d.text, g.start + 1, g.end - g.start) FROM geo_checks g "
        f"JOIN documents d ON d.doc_id = g.doc_id{where} ORDER BY g.doc_id, g.position", params)
    return [CheckResult(kind, doc, Span(doc, s, e, text), subject, v, claimed, measured, note,
                        tuple(json.loads(numbers).items()))
            for doc, kind, v, subject, claimed, measured, note, s, e, numbers, text in rows]


# -- front line -------------------------------------------------------------------------
def save_frontline(store, path: str, dates: Sequence[date],
                   points: Sequence[tuple[str, PointHistory]]) -> None:
    with store._tx() as cur:
        cur.execute("INSERT OR REPLACE INTO frontline_archives VALUES (?, ?, ?, ?, ?)",
                    (path, dates[0].isoformat(), dates[-1].isoformat(), len(dates), _now()))
        for pid, h in points:
            cur.execute("INSERT OR REPLACE INTO frontline_points VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (pid, h.lat, h.lon, _iso(h.first_inside), _iso(h.last_change),
                         int(h.inside_at_start),
                         json.dumps([[s.isoformat(), _iso(e)] for s, e in h.intervals]), path))


def frontline_path(store) -> str | None:
    row = store.conn.execute(
        "SELECT path FROM frontline_archives ORDER BY imported_at DESC LIMIT 1").fetchone()
    return row[0] if row else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
