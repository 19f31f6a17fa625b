"""PostgreSQL/PostGIS store: the SQLite store's tables and behaviour, for many concurrent writers.

Same schema (``pg_migrations/`` mirrors ``migrations/``), same idempotent writes, same
query results. What PostgreSQL adds: many processes can write at once (a document's
results are replaced under a row lock on that document, places are upserted in a fixed
order so concurrent writers cannot deadlock), and, when PostGIS is installed, point
geometries with GiST indexes answer bounding-box and distance queries. Without PostGIS
the ``requires: postgis`` migration is skipped, :attr:`PostgresStore.notes` says so, and
the same queries run on plain lat/lon.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Callable, Iterator, Sequence, TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg import pq

from sitrep.contract import event_json
from sitrep.errors import StoreError
from sitrep.model import Analysis, Document, Event, Place, PlaceMention, Span
from sitrep.store.base import EventQuery, StoreCounts, StoredEvent
from sitrep.store.rows import DOC_SELECT, PLACE_COLS_P, PLACE_SELECT, place_from_row
from sitrep.store.sqlite import migrations

_MIGRATION_LOCK = 0x51_7E_60  # advisory lock id: one migrator at a time per database
T = TypeVar("T")
_RETRIES = 5  # deadlocks/serialisation failures are retried, never surfaced on first sight
_REQUIRES = re.compile(r"^--\s*requires:\s*([\w, ]+)$", re.MULTILINE)
EARTH_KM = 6371.0088  # mean Earth radius, for the lat/lon fallback of distance queries


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresStore:
    def __init__(self, url: str, connect_timeout: int = 10) -> None:
        self.url = url
        self.notes: list[str] = []
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout,
                                        application_name="sitrep")
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {redact(url)}: {_first_line(exc)}") from exc
        try:
            self.migrate()
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"cannot migrate store {redact(url)}: {_first_line(exc)}") from exc
        self.postgis = "0002_postgis" in self._applied()

    # -- schema -------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply missing migrations (all in one transaction, under an advisory lock)."""
        applied: list[str] = []
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY,"
                        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            done = self._applied()
            available = {r[0] for r in cur.execute("SELECT name FROM pg_available_extensions")}
            for name, sql in migrations("sitrep.store.pg_migrations"):
                if name in done:
                    continue
                missing = _required(sql) - available
                if missing:
                    self.notes.append(f"migration {name} skipped: PostgreSQL extension "
                                      f"{', '.join(sorted(missing))} is not installed; "
                                      "spatial queries use plain lat/lon")
                    continue
                if self._apply(cur, name, sql):
                    applied.append(name)
        return applied

    def _apply(self, cur: psycopg.Cursor, name: str, sql: str) -> bool:
        try:
            with self.conn.transaction():  # a savepoint: a refused extension skips only this
                cur.execute(sql)
                cur.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
            return True
        except pg_errors.InsufficientPrivilege as exc:
            self.notes.append(f"migration {name} skipped: {_first_line(exc)} (ask an "
                              "administrator to run CREATE EXTENSION postgis)")
            return False

    def _applied(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT name FROM schema_migrations")}

    @contextmanager
    def _tx(self, what: str) -> Iterator[psycopg.Cursor]:
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                yield cur
        except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
            raise
        except psycopg.Error as exc:
            raise StoreError(f"{what}: {_first_line(exc)}") from exc

    # -- documents ----------------------------------------------------------
    def add_document(self, doc: Document) -> bool:
        with self._tx(f"cannot store document {doc.input_id}") as cur:
            cur.execute(
                "INSERT INTO documents (doc_id, input_id, title, text, published, source, url,"
                " media_type) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (doc_id) DO NOTHING",
                (doc.doc_id, doc.input_id, doc.title, doc.text, doc.published, doc.source,
                 doc.url, doc.media_type))
            return cur.rowcount == 1

    def get_document(self, doc_id: str) -> Document | None:
        row = self.conn.execute(DOC_SELECT + " WHERE doc_id = %s", (doc_id,)).fetchone()
        return _doc(row) if row else None

    def documents(self, only_unanalysed: bool = False) -> Iterator[Document]:
        where = " WHERE analysed_at IS NULL" if only_unanalysed else ""
        rows = self.conn.execute(DOC_SELECT + where + " ORDER BY ingested_at, doc_id").fetchall()
        return (_doc(r) for r in rows)

    # -- results ------------------------------------------------------------
    def save_analysis(self, analysis: Analysis) -> None:
        self.write(f"cannot save the analysis of {analysis.document.input_id}",
                   lambda cur: _replace_results(cur, analysis))

    def write(self, what: str, body: Callable[[psycopg.Cursor], T]) -> T:
        """Run ``body`` in one transaction, retried when PostgreSQL aborts it for a deadlock
        or a serialisation failure (nothing of it is then kept); other errors: StoreError."""
        for attempt in range(_RETRIES):
            try:
                with self._tx(what) as cur:
                    return body(cur)
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure) as exc:
                if attempt == _RETRIES - 1:
                    raise StoreError(f"{what}: {_first_line(exc)}") from exc
        raise AssertionError("unreachable")

    def events(self, query: EventQuery = EventQuery()) -> Sequence[StoredEvent]:
        return self._select_events(*_event_filters(query, self.postgis), query)

    def events_after(self, query: EventQuery, after: tuple | None) -> list[StoredEvent]:
        """Up to ``query.limit`` events in the store's order, after the event whose
        ``sitrep.store.sqlite.event_key`` is ``after`` (keyset paging; offset ignored)."""
        where, params = _event_filters(query, self.postgis)
        if after is None:
            return self._select_events(where, params, query)
        clause = f"({_ORDER}) > (%s::date, %s, %s)"
        where = f"{where} AND {clause}" if where else f" WHERE {clause}"
        extra = [after[0] if after[0] is not None else "infinity", after[1], int(after[2])]
        return self._select_events(where, params + extra, replace(query, offset=0))

    def data_version(self) -> str:
        """Changes whenever a write transaction commits (or starts) anywhere in the cluster:
        the current snapshot (xmin:xmax:in-progress ids). One cheap call, no table scanned
        (counting rows to notice changes would scan every table on every request)."""
        return self.conn.execute("SELECT pg_current_snapshot()::text").fetchone()[0]

    def events_near(self, lat: float, lon: float, km: float,
                    query: EventQuery = EventQuery()) -> Sequence[StoredEvent]:
        """Events located within ``km`` of a point (PostGIS geography, else haversine)."""
        where, params = _event_filters(query, self.postgis)
        if self.postgis:
            clause = ("ST_DWithin(e.geom::geography, "
                      "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)")
            extra = [lon, lat, km * 1000.0]
        else:
            clause = (f"{EARTH_KM} * 2 * asin(sqrt(power(sin(radians(e.lat - %s) / 2), 2) + "
                      "cos(radians(%s)) * cos(radians(e.lat)) * "
                      "power(sin(radians(e.lon - %s) / 2), 2))) <= %s")
            extra = [lat, lat, lon, km]
        where = f"{where} AND {clause}" if where else f" WHERE {clause}"
        return self._select_events(where, params + extra, query)

    def _select_events(self, where: str, params: list, query: EventQuery) -> list[StoredEvent]:
        sql = (f"SELECT {_EVENT_COLS} FROM events e{where} ORDER BY {_ORDER} "
               "LIMIT %s OFFSET %s")
        # one snapshot for the page and its links: a concurrent save cannot show an event
        # without its source chain
        outer = self.conn.info.transaction_status != pq.TransactionStatus.IDLE
        with self.conn.transaction():
            if not outer:  # inside a caller's transaction its snapshot rules already
                self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            rows = self.conn.execute(sql, (*params, query.limit, query.offset)).fetchall()
            ids = [r[0] for r in rows]
            sources = self._grouped("SELECT event_id, name, role FROM attributions", ids)
            actors = self._grouped("SELECT event_id, name, side FROM actors", ids)
        return [StoredEvent(*r[:18], sources.get(r[0], ()), actors.get(r[0], ()), r[18])
                for r in rows]

    def _grouped(self, select: str, ids: list[str]) -> dict[str, tuple]:
        out: dict[str, list] = {}
        if ids:
            rows = self.conn.execute(select + " WHERE event_id = ANY(%s) ORDER BY event_id,"
                                     " position", (ids,))
            for event_id, a, b in rows:
                out.setdefault(event_id, []).append((a, b))
        return {k: tuple(v) for k, v in out.items()}

    def places(self, place_ids: Sequence[str] | None = None) -> Sequence[Place]:
        if place_ids is None:
            rows = self.conn.execute(PLACE_SELECT + " ORDER BY name, place_id").fetchall()
        else:
            rows = self.conn.execute(PLACE_SELECT + " WHERE place_id = ANY(%s) ORDER BY name,"
                                     " place_id", (list(dict.fromkeys(place_ids)),)).fetchall()
        return [place_from_row(r) for r in rows]

    def mentions(self, doc_id: str) -> Sequence[PlaceMention]:
        rows = self.conn.execute(
            "SELECT m.doc_id, m.start, m.\"end\", m.surface, m.confidence, m.precision, "
            f"m.reasons::text, {PLACE_COLS_P} FROM place_mentions m LEFT JOIN places p "
            "ON p.place_id = m.place_id WHERE m.doc_id = %s ORDER BY m.start, m.\"end\"",
            (doc_id,)).fetchall()
        return [PlaceMention(span=Span(r[0], r[1], r[2], r[3]),
                             place=place_from_row(r[7:]) if r[7] is not None else None,
                             confidence=r[4], precision=r[5], reasons=tuple(json.loads(r[6])))
                for r in rows]

    def record_error(self, input_id: str, reason: str) -> None:
        with self._tx(f"cannot record the error of {input_id}") as cur:
            cur.execute("INSERT INTO ingest_errors (input_id, reason) VALUES (%s, %s)",
                        (input_id, reason))

    def counts(self) -> StoreCounts:
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM documents),"
            " (SELECT count(*) FROM documents WHERE analysed_at IS NOT NULL),"
            " (SELECT count(*) FROM places), (SELECT count(*) FROM place_mentions),"
            " (SELECT count(*) FROM events), (SELECT count(*) FROM ingest_errors)").fetchone()
        return StoreCounts(*row)

    def integrity_problems(self) -> list[str]:
        """Offsets that do not index the stored text, results of unanalysed documents, ..."""
        problems: list[str] = []
        for label, sql in _INTEGRITY_CHECKS:
            problems += [f"{label}: {', '.join(map(str, r))}" for r in self.conn.execute(sql)]
        return problems

    def close(self) -> None:
        self.conn.close()


_EVENT_COLS = ("e.event_id, e.doc_id, e.position, e.type, e.acled_event_type, "
               "e.acled_sub_event_type, e.place_id, e.place_name, e.lat, e.lon, "
               "e.location_precision, to_char(e.date_value, 'YYYY-MM-DD'), e.date_precision, "
               "e.modality, e.background, e.evidence_start, e.evidence_end, e.evidence_text, "
               "e.record::text")
# the store's one order of events, undated last (index events_order, pg_migrations/0003)
_ORDER = "coalesce(e.date_value, 'infinity'::date), e.doc_id, e.position"
# substr() counts characters like Python's str indexing (the database encoding is UTF-8)
_INTEGRITY_CHECKS = [
    ("event evidence does not match the document text",
     "SELECT e.event_id FROM events e JOIN documents d USING (doc_id) WHERE substr(d.text, "
     "e.evidence_start + 1, e.evidence_end - e.evidence_start) <> e.evidence_text LIMIT 20"),
    ("place mention does not match the document text",
     "SELECT m.doc_id, m.start FROM place_mentions m JOIN documents d USING (doc_id) WHERE "
     "substr(d.text, m.start + 1, m.\"end\" - m.start) <> m.surface LIMIT 20"),
    ("results stored for a document not marked analysed",
     "SELECT DISTINCT e.doc_id FROM events e JOIN documents d USING (doc_id) "
     "WHERE d.analysed_at IS NULL LIMIT 20"),
    ("two events at one position",
     "SELECT doc_id, position FROM events GROUP BY doc_id, position HAVING count(*) > 1 LIMIT 20"),
]


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _required(sql: str) -> set[str]:
    return {n.strip() for m in _REQUIRES.findall(sql) for n in m.split(",") if n.strip()}


def _doc(row: tuple) -> Document:
    return Document(doc_id=row[0], input_id=row[1], title=row[2], text=row[3], published=row[4],
                    source=row[5], url=row[6], media_type=row[7])



def _replace_results(cur: psycopg.Cursor, analysis: Analysis) -> None:
    doc_id = analysis.document.doc_id
    # the row lock serialises concurrent saves of one document: last writer wins, whole
    cur.execute("SELECT 1 FROM documents WHERE doc_id = %s FOR UPDATE", (doc_id,))
    if cur.fetchone() is None:
        raise StoreError(f"document {doc_id} is not in the store; add it first")
    cur.execute("DELETE FROM events WHERE doc_id = %s", (doc_id,))
    cur.execute("DELETE FROM place_mentions WHERE doc_id = %s", (doc_id,))
    _upsert_places(cur, analysis)
    # like SQLite's INSERT OR REPLACE: a repeated key keeps the last row written
    mentions = {(m.span.start, m.span.end): m for m in analysis.mentions}
    if mentions:
        cur.executemany(_INSERT_MENTION, [_mention_row(m) for m in mentions.values()])
    ordered = sorted(analysis.events, key=lambda e: e.evidence.start)
    events = {e.event_id: (i, e) for i, e in enumerate(ordered)}
    if events:
        cur.executemany(_INSERT_EVENT, [_event_row(i, e) for i, e in events.values()])
        _insert_links(cur, [e for _, e in events.values()])
    cur.execute("UPDATE documents SET analysed_at = now() WHERE doc_id = %s", (doc_id,))


def _upsert_places(cur: psycopg.Cursor, analysis: Analysis) -> None:
    places: dict[str, Place] = {}
    for m in analysis.mentions:
        if m.place is not None:
            places[m.place.place_id] = m.place
    for e in analysis.events:
        if e.location and e.location.place:
            places[e.location.place.place_id] = e.location.place
    if places:  # sorted: every writer locks places in one global order, so none can deadlock
        cur.executemany(_UPSERT_PLACE, [_place_row(places[k]) for k in sorted(places)])


def _insert_links(cur: psycopg.Cursor, events: list[Event]) -> None:
    sources = [(e.event_id, i, s.name, s.role, s.span.start if s.span else None,
                s.span.end if s.span else None) for e in events for i, s in enumerate(e.attribution)]
    actors = [(e.event_id, i, a.name, a.side, a.role) for e in events for i, a in enumerate(e.actors)]
    if sources:
        cur.executemany("INSERT INTO attributions (event_id, position, name, role, start, \"end\")"
                        " VALUES (%s, %s, %s, %s, %s, %s)", sources)
    if actors:
        cur.executemany("INSERT INTO actors (event_id, position, name, side, role)"
                        " VALUES (%s, %s, %s, %s, %s)", actors)


_PLACE_WRITE_COLS = ("place_id, geonameid, katotth, name, kind, lat, lon, admin1, country, "
                     "feature_code, population")
_PLACE_DATA = _PLACE_WRITE_COLS.split(", ")[1:]
# only rewrite a place whose data changed: identical upserts would take row locks for nothing
_UPSERT_PLACE = (
    f"INSERT INTO places ({_PLACE_WRITE_COLS}) VALUES ({', '.join(['%s'] * 11)}) "
    f"ON CONFLICT (place_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _PLACE_DATA)
    + f" WHERE ({', '.join('places.' + c for c in _PLACE_DATA)}) IS DISTINCT FROM "
    f"({', '.join('EXCLUDED.' + c for c in _PLACE_DATA)})")
_INSERT_MENTION = ("INSERT INTO place_mentions (doc_id, start, \"end\", surface, place_id, "
                   "confidence, precision, reasons, alternatives) "
                   "VALUES (%s, %s, %s, %s, %s, %s, %s, %s::json, %s::json)")
_INSERT_EVENT = ("INSERT INTO events (event_id, doc_id, position, type, acled_event_type, "
                 "acled_sub_event_type, place_id, place_name, lat, lon, location_precision, "
                 "relation, date_value, date_precision, modality, background, quantity, "
                 "evidence_start, evidence_end, evidence_text, record) VALUES ("
                 + ", ".join(["%s"] * 20) + ", %s::json)")


def _place_row(p: Place) -> tuple:
    return (p.place_id, p.geonameid, p.katotth, p.name, p.kind, p.lat, p.lon, p.admin1,
            p.country, p.feature_code, p.population)


def _mention_row(m: PlaceMention) -> tuple:
    alternatives = [{"place_id": c.place.place_id, "name": c.place.name, "score": round(c.score, 4),
                     "reasons": list(c.reasons)} for c in m.alternatives]
    return (m.span.doc_id, m.span.start, m.span.end, m.span.text,
            m.place.place_id if m.place else None, m.confidence, m.precision,
            json.dumps(list(m.reasons), ensure_ascii=False),
            json.dumps(alternatives, ensure_ascii=False))


def _event_row(position: int, e: Event) -> tuple:
    loc = e.location
    place = loc.place if loc else None
    return (e.event_id, e.doc_id, position, e.type, e.acled_event_type, e.acled_sub_event_type,
            place.place_id if place else None, place.name if place else None,
            place.lat if place else None, place.lon if place else None,
            loc.precision if loc else None, loc.relation if loc else None,
            e.date.value, e.date.precision, e.modality, e.background, e.quantity,
            e.evidence.start, e.evidence.end, e.evidence.text,
            json.dumps(event_json(e), ensure_ascii=False))


def _event_filters(q: EventQuery, postgis: bool) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    simple = [("e.doc_id = %s", q.doc_id), ("e.event_id = %s", q.event_id),
              ("e.type = %s", q.type),
              ("e.place_id = %s", q.place_id), ("e.modality = %s", q.modality),
              ("lower(e.place_name) = lower(%s)", q.place_name),
              ("e.date_value >= %s", q.date_from), ("e.date_value <= %s", q.date_to)]
    for clause, value in simple:
        if value is not None:
            clauses.append(clause)
            params.append(value)
    if q.source is not None:
        clauses.append("EXISTS (SELECT 1 FROM attributions a WHERE a.event_id = e.event_id "
                       "AND lower(a.name) = lower(%s))")
        params.append(q.source)
    if q.bbox is not None:
        if postgis:  # ST_Intersects: GiST on geom, exact test, boundary included like BETWEEN
            clauses.append("ST_Intersects(e.geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))")
            params += list(q.bbox)
        else:
            clauses.append("e.lon BETWEEN %s AND %s AND e.lat BETWEEN %s AND %s")
            params += [q.bbox[0], q.bbox[2], q.bbox[1], q.bbox[3]]
    if not q.include_background:
        clauses.append("NOT e.background")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
