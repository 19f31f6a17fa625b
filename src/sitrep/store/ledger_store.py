"""Persistence of the claims ledger, one definition of each query for SQLite and PostgreSQL.

Tables: SQLite ``migrations/0002_ledger.sql``, PostgreSQL ``pg_migrations/0004_ledger.sql``
(same tables, columns and keys; PostgreSQL types). Functions take the store; a
:class:`LedgerDB` adapts it. Queries are written once in the dialect both backends share:
``?`` placeholders (rewritten to ``%s`` for psycopg), ``INSERT ... ON CONFLICT`` instead of
SQLite's ``OR IGNORE``/``OR REPLACE``, ``"end"`` quoted (reserved in PostgreSQL), JSON columns
read as ``CAST(... AS TEXT)`` and dates accepted as ``date`` (PostgreSQL) or ISO text (SQLite).
The functions also read analyses back (documents, mentions with their alternatives, events
with attribution offsets and actor roles) so the ledger can be rebuilt from the store alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from sitrep.errors import StoreError
from sitrep.ids import content_hash
from sitrep.ledger.frontline import PointHistory
from sitrep.ledger.records import CheckResult, FusionLink
from sitrep.model import (Actor, Analysis, Candidate, Document, Event, EventLocation, Place,
                          PlaceMention, Source, Span, TimeExpr)

T = TypeVar("T")
_CHUNK = 500  # ids per IN (...): under SQLite's bound-parameter limit


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- the backend adapter --------------------------------------------------------------------
@dataclass(frozen=True)
class Dialect:
    """What the ledger's one set of queries needs to know about a backend."""

    name: str
    pyformat: bool  # psycopg: ``%s`` placeholders (and a literal % doubled)


class _Cursor:
    """A transaction's cursor that takes the shared dialect."""

    def __init__(self, cur: Any, dialect: Dialect) -> None:
        self._cur, self._dialect = cur, dialect

    def execute(self, sql: str, params: Sequence = ()) -> int:
        self._cur.execute(_sql(sql, self._dialect.pyformat), params)
        return self._cur.rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> None:
        if rows:
            self._cur.executemany(_sql(sql, self._dialect.pyformat), rows)


@dataclass(frozen=True)
class LedgerDB:
    """The ledger's view of a store: reads on its connection, writes in its transactions."""

    store: Any
    dialect: Dialect

    def rows(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return list(self.store.conn.execute(_sql(sql, self.dialect.pyformat), params).fetchall())

    def write(self, what: str, body: Callable[[_Cursor], T]) -> T:
        """Run ``body`` in one write transaction of the store: PostgreSQL's own (retried after
        a deadlock or a serialisation failure), SQLite's (its errors as one-line StoreErrors)."""
        if self.dialect.name == "postgresql":
            return self.store.write(what, lambda cur: body(_Cursor(cur, self.dialect)))
        import sqlite3

        try:
            with self.store._tx() as cur:
                return body(_Cursor(cur, self.dialect))
        except sqlite3.Error as exc:
            raise StoreError(f"{what}: {exc}") from exc


@lru_cache(maxsize=256)
def _sql(sql: str, pyformat: bool) -> str:
    return sql.replace("%", "%%").replace("?", "%s") if pyformat else sql


def _dialect_of(store: Any) -> Dialect | None:
    from sitrep.store.sqlite import SQLiteStore

    if isinstance(store, SQLiteStore):
        return Dialect("sqlite", False)
    try:  # psycopg is an optional extra: without it no store can be a PostgresStore
        from sitrep.store.postgres import PostgresStore
    except ImportError:
        return None
    return Dialect("postgresql", True) if isinstance(store, PostgresStore) else None


def keeps_ledger(store: Any) -> bool:
    """Whether ``store`` has the ledger tables (SQLite and PostgreSQL stores do)."""
    return _dialect_of(store) is not None


def ledger_db(store: Any) -> LedgerDB:
    """The ledger adapter of ``store``; StoreError for a store without ledger tables."""
    dialect = _dialect_of(store)
    if dialect is None:
        raise StoreError("the claims ledger needs a SQLite or PostgreSQL store; "
                         f"{getattr(store, 'url', store)} is neither")
    return LedgerDB(store, dialect)


def _upsert(table: str, cols: str, key: str, replace: bool = True) -> str:
    """INSERT of one row; on a key conflict the row is replaced (or, ``replace=False``, kept)."""
    names = [c.strip() for c in cols.split(",")]
    keys = {k.strip() for k in key.split(",")}
    sets = ", ".join(f"{c} = excluded.{c}" for c in names if c not in keys)
    action = f"DO UPDATE SET {sets}" if replace else "DO NOTHING"
    return (f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(names))}) "
            f"ON CONFLICT ({key}) {action}")


def _day(value: date | str | None) -> date | None:
    """A DATE column's value: ``date`` from PostgreSQL, ISO text from SQLite."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i:i + _CHUNK])


def _marks(n: int) -> str:
    return ",".join("?" * n)


# -- reading analyses back ------------------------------------------------------------
def load_places(store: Any, place_ids: Iterable[str]) -> dict[str, Place]:
    ids = list(dict.fromkeys(place_ids))
    return {p.place_id: p for p in store.places(ids)} if ids else {}


def load_document(store: Any, doc_id: str) -> Document | None:
    return store.get_document(doc_id)


def load_mentions(store: Any, doc_id: str, resolve: Callable[[str], Place | None] | None = None
                  ) -> tuple[PlaceMention, ...]:
    """Mentions with alternatives; alternative places come from ``resolve`` (a gazetteer's
    ``get``) or the places table; unknown ones are dropped."""
    rows = ledger_db(store).rows(
        'SELECT start, "end", surface, place_id, confidence, precision, CAST(reasons AS TEXT), '
        'CAST(alternatives AS TEXT) FROM place_mentions WHERE doc_id = ? ORDER BY start, "end"',
        (doc_id,))
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


def _load_events(db: LedgerDB, where: str, params: Sequence) -> list[Event]:
    rows = db.rows(f"{_EVENT_SQL} {where} ORDER BY doc_id, position", params)
    places = load_places(db.store, [r[5] for r in rows if r[5]])
    ids = [r[0] for r in rows]
    # sources and actors of all the events in two queries per chunk, not two per event (a
    # round trip each on PostgreSQL; the ledger reads every claim back on each update)
    sources = _by_event(db, 'SELECT event_id, name, role, start, "end" FROM attributions', ids)
    actors = _by_event(db, "SELECT event_id, name, side, role FROM actors", ids)
    return [_event(r, places, sources.get(r[0], []), actors.get(r[0], [])) for r in rows]


def _by_event(db: LedgerDB, select: str, ids: list[str]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for chunk in _chunks(ids):
        for event_id, *rest in db.rows(f"{select} WHERE event_id IN ({_marks(len(chunk))}) "
                                       "ORDER BY event_id, position", chunk):
            out.setdefault(event_id, []).append(tuple(rest))
    return out


def load_events_by_id(store: Any, event_ids: Sequence[str]) -> list[Event]:
    """The stored events with these ids (unknown ids are skipped)."""
    db = ledger_db(store)
    out: list[Event] = []
    for chunk in _chunks(list(dict.fromkeys(event_ids))):
        out += _load_events(db, f"WHERE event_id IN ({_marks(len(chunk))})", chunk)
    return out


def _event(r: Sequence, places: dict[str, Place], sources: list[tuple], actor_rows: list[tuple]
           ) -> Event:
    (eid, doc_id, etype, acled, acled_sub, pid, prec, relation, dval, dprec, modality, background,
     quantity, es, ee, etext) = r
    attribution = tuple(Source(name, role, Span(doc_id, s, e, "") if s is not None else None)
                        for name, role, s, e in sources)
    actors = tuple(Actor(name, side, None, role) for name, side, role in actor_rows)
    loc = (EventLocation(places.get(pid), prec or 1, None, relation or "in")
           if pid or prec is not None else None)
    return Event(eid, doc_id, etype, acled, acled_sub, loc, TimeExpr(_day(dval), dprec), actors,
                 attribution, modality, Span(doc_id, es, ee, etext), quantity=quantity,
                 background=bool(background))


def load_analysis(store: Any, doc_id: str, resolve: Callable[[str], Place | None] | None = None
                  ) -> Analysis | None:
    """A document's stored results as an Analysis (sentences re-split: the splitter is exact)."""
    from sitrep.nlp.sentences import SentenceSplitter

    doc = store.get_document(doc_id)
    if doc is None:
        return None
    analysis = SentenceSplitter()(Analysis(doc))
    events = tuple(_load_events(ledger_db(store), "WHERE doc_id = ?", (doc_id,)))
    return Analysis(doc, analysis.sentences, load_mentions(store, doc_id, resolve), (), events)


def analysed_doc_ids(store: Any) -> list[str]:
    return [r[0] for r in ledger_db(store).rows(
        "SELECT doc_id FROM documents WHERE analysed_at IS NOT NULL ORDER BY doc_id")]


def document_meta(store: Any, doc_ids: Iterable[str]) -> dict[str, tuple[date | None, str | None]]:
    """doc_id -> (publication date, source outlet) of stored documents."""
    db = ledger_db(store)
    out: dict[str, tuple[date | None, str | None]] = {}
    for chunk in _chunks(list(dict.fromkeys(doc_ids))):
        for doc_id, pub, source in db.rows("SELECT doc_id, published, source FROM documents "
                                           f"WHERE doc_id IN ({_marks(len(chunk))})", chunk):
            out[doc_id] = (_day(pub), source)
    return out


# -- ledger membership ------------------------------------------------------------------
def prune_empty_events(store: Any) -> int:
    return ledger_db(store).write("cannot prune the claims ledger", lambda cur: cur.execute(
        "DELETE FROM ledger_events WHERE NOT EXISTS "
        "(SELECT 1 FROM ledger_claims c WHERE c.event_key = ledger_events.event_key)"))


def ledger_membership(store: Any) -> dict[str, list[tuple[str, FusionLink]]]:
    """event_key -> [(claim_id, link)] in join order (rowid: insertion order, on both backends)."""
    out: dict[str, list[tuple[str, FusionLink]]] = {}
    for claim_id, key, matched, score, reasons in ledger_db(store).rows(
            "SELECT c.claim_id, c.event_key, c.matched_claim_id, c.score, CAST(c.reasons AS TEXT) "
            "FROM ledger_claims c JOIN ledger_events e ON e.event_key = c.event_key "
            "ORDER BY e.created_at, c.event_key, c.joined_at, c.rowid"):
        link = FusionLink(claim_id, key, matched, score, tuple(json.loads(reasons)))
        out.setdefault(key, []).append((claim_id, link))
    return out


def unledgered_event_ids(store: Any) -> list[str]:
    return [r[0] for r in ledger_db(store).rows(
        "SELECT event_id FROM events e WHERE NOT EXISTS "
        "(SELECT 1 FROM ledger_claims c WHERE c.claim_id = e.event_id) ORDER BY doc_id, position")]


_SAVE_EVENT = _upsert("ledger_events", "event_key, type, place_id, founded_by, created_at",
                      "event_key", replace=False)
_SAVE_CLAIM = _upsert("ledger_claims", "claim_id, event_key, matched_claim_id, score, reasons, "
                      "joined_at", "claim_id")


def save_links(store: Any, links: Sequence[FusionLink],
               founders: dict[str, tuple[str, str | None, str]]) -> None:
    """Persist new memberships; ``founders``: event_key -> (type, place_id, founding claim).

    Events are written in key order (two writers then take their row locks in one order and
    cannot deadlock); claims keep fusion order, which ``ledger_membership`` reads back."""
    now = _now()
    events = [(key, etype, pid, claim_id, now)
              for key, (etype, pid, claim_id) in sorted(founders.items())]
    claims = [(link.claim_id, link.event_key, link.matched_claim_id, link.score,
               json.dumps(list(link.reasons), ensure_ascii=False), now) for link in links]

    def body(cur: _Cursor) -> None:
        cur.executemany(_SAVE_EVENT, events)
        cur.executemany(_SAVE_CLAIM, claims)
    ledger_db(store).write("cannot record the claims ledger", body)


# -- geography checks -------------------------------------------------------------------
def analysis_signature(analysis: Analysis) -> str:
    parts = [f"{m.span.start}:{m.span.end}:{m.place.place_id if m.place else '-'}" for m in analysis.mentions]
    parts += sorted(e.event_id for e in analysis.events)
    return content_hash(analysis.document.doc_id, *parts)


def checked_signatures(store: Any) -> dict[str, str]:
    return dict(ledger_db(store).rows("SELECT doc_id, signature FROM geo_checked"))


_SAVE_CHECK = ('INSERT INTO geo_checks (doc_id, position, kind, verdict, subject, claimed, '
               'measured, note, start, "end", numbers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
_SAVE_CHECKED = _upsert("geo_checked", "doc_id, signature", "doc_id")


def save_checks(store: Any, doc_id: str, signature: str, checks: Sequence[CheckResult]) -> None:
    rows = [(doc_id, i, c.kind, c.verdict, c.subject, c.claimed, c.measured, c.note, c.span.start,
             c.span.end, json.dumps(dict(c.numbers))) for i, c in enumerate(checks)]

    def body(cur: _Cursor) -> None:
        # the signature row first: its row lock makes a concurrent save of the same document's
        # checks wait for this one (PostgreSQL; SQLite has one writer), so the second one's
        # DELETE sees, and replaces, these rows instead of colliding with them
        cur.execute(_SAVE_CHECKED, (doc_id, signature))
        cur.execute("DELETE FROM geo_checks WHERE doc_id = ?", (doc_id,))
        cur.executemany(_SAVE_CHECK, rows)
    ledger_db(store).write(f"cannot record the checks of {doc_id}", body)


def load_checks(store: Any, verdict: str | None = None, doc_id: str | None = None
                ) -> list[CheckResult]:
    clauses, params = [], []
    for col, value in (("g.verdict", verdict), ("g.doc_id", doc_id)):
        if value is not None:
            clauses.append(f"{col} = ?")
            params.append(value)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = ledger_db(store).rows(
        'SELECT g.doc_id, g.kind, g.verdict, g.subject, g.claimed, g.measured, g.note, g.start, '
        'g."end", CAST(g.numbers AS TEXT), substr(d.text, g.start + 1, g."end" - g.start) '
        f"FROM geo_checks g JOIN documents d ON d.doc_id = g.doc_id{where} "
        "ORDER BY g.doc_id, g.position", params)
    return [CheckResult(kind, doc, Span(doc, s, e, text), subject, v, claimed, measured, note,
                        tuple(json.loads(numbers).items()))
            for doc, kind, v, subject, claimed, measured, note, s, e, numbers, text in rows]


# -- front line -------------------------------------------------------------------------
_SAVE_ARCHIVE = _upsert("frontline_archives", "path, first_date, last_date, snapshots, imported_at",
                        "path")
_SAVE_POINT = _upsert("frontline_points", "place_id, lat, lon, first_inside, last_change, "
                      "inside_at_start, intervals, archive", "place_id")


def save_frontline(store: Any, path: str, dates: Sequence[date],
                   points: Sequence[tuple[str, PointHistory]]) -> None:
    archive = (path, dates[0].isoformat(), dates[-1].isoformat(), len(dates), _now())
    rows = sorted((pid, h.lat, h.lon, _iso(h.first_inside), _iso(h.last_change),
                   bool(h.inside_at_start),
                   json.dumps([[s.isoformat(), _iso(e)] for s, e in h.intervals]), path)
                  for pid, h in points)  # sorted: one lock order for concurrent importers

    def body(cur: _Cursor) -> None:
        cur.execute(_SAVE_ARCHIVE, archive)
        cur.executemany(_SAVE_POINT, rows)
    ledger_db(store).write(f"cannot record the front-line archive {path}", body)


def frontline_path(store: Any) -> str | None:
    rows = ledger_db(store).rows(
        "SELECT path FROM frontline_archives ORDER BY imported_at DESC, path LIMIT 1")
    return rows[0][0] if rows else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
