"""SQLite store: one file, WAL journal, named migrations, parameterised SQL only."""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence

from sitrep.contract import event_json
from sitrep.errors import StoreError
from sitrep.model import Analysis, Document, Event, Place, PlaceMention, Span
from sitrep.store.base import EventQuery, StoreCounts, StoredEvent
from sitrep.store.rows import DOC_SELECT, PLACE_COLS_P, PLACE_SELECT, place_from_row


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migrations(package: str = "sitrep.store.migrations") -> list[tuple[str, str]]:
    """(name, sql) of every migration shipped, in name order."""
    files = sorted(p for p in resources.files(package).iterdir() if p.name.endswith(".sql"))
    return [(p.name.removesuffix(".sql"), p.read_text(encoding="utf-8")) for p in files]


class SQLiteStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=60,
                                        check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.migrate()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # -- schema -------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, each in its own write transaction.

        Which migrations are applied is read inside BEGIN IMMEDIATE, so two processes opening a
        new file at once cannot both apply the same one (the loser sees the winner's row)."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                          "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = []
        for name, sql in migrations():
            with self._tx() as cur:
                if cur.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                    continue
                for statement in _statements(sql):
                    cur.execute(statement)
                cur.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, _now()))
            applied.append(name)
        return applied

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Cursor]:
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")

    # -- documents ----------------------------------------------------------
    def add_document(self, doc: Document) -> bool:
        with self._tx() as cur:
            cur.execute(
                "INSERT OR IGNORE INTO documents (doc_id, input_id, title, text, published, source,"
                " url, media_type, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.doc_id, doc.input_id, doc.title, doc.text,
                 doc.published.isoformat() if doc.published else None, doc.source, doc.url,
                 doc.media_type, _now()))
            return cur.rowcount == 1

    def get_document(self, doc_id: str) -> Document | None:
        row = self.conn.execute(DOC_SELECT + " WHERE doc_id = ?", (doc_id,)).fetchone()
        return _doc(row) if row else None

    def documents(self, only_unanalysed: bool = False) -> Iterator[Document]:
        where = " WHERE analysed_at IS NULL" if only_unanalysed else ""
        rows = self.conn.execute(DOC_SELECT + where + " ORDER BY ingested_at, doc_id").fetchall()
        return (_doc(r) for r in rows)

    # -- results ------------------------------------------------------------
    def save_analysis(self, analysis: Analysis) -> None:
        doc_id = analysis.document.doc_id
        with self._tx() as cur:
            if cur.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is None:
                raise StoreError(f"document {doc_id} is not in the store; add it first")
            cur.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
            cur.execute("DELETE FROM place_mentions WHERE doc_id = ?", (doc_id,))
            for m in analysis.mentions:
                _insert_mention(cur, m)
            for i, e in enumerate(sorted(analysis.events, key=lambda e: e.evidence.start)):
                _insert_event(cur, i, e)
            cur.execute("UPDATE documents SET analysed_at = ? WHERE doc_id = ?", (_now(), doc_id))

    def events(self, query: EventQuery = EventQuery()) -> Sequence[StoredEvent]:
        return self.events_after(query, None)

    def events_after(self, query: EventQuery, after: EventKey | None) -> list[StoredEvent]:
        """Up to ``query.limit`` events in the store's order, starting after the event whose
        ``sitrep.export.select.event_key`` is ``after`` (keyset paging; ``query.offset`` is
        then ignored).

        The page and its sources and actors are read in one read transaction, so a writer
        committing in between cannot show an event without its source chain."""
        sql, params = _page_sql(_EVENT_COLS, query, after)
        with self._snapshot():
            return self._stored(self.conn.execute(sql, params).fetchall())

    def event_keys_after(self, query: EventQuery,
                         after: EventKey | None) -> list[tuple[str, str | None, str, int]]:
        """``(event_id, date_value, doc_id, position)`` of the events :meth:`events_after`
        returns, read off the order index without building the events: for callers that
        hold most events already (the API keeps each event's JSON per store version)."""
        sql, params = _page_sql("e.event_id, e.date_value, e.doc_id, e.position", query, after)
        return self.conn.execute(sql, params).fetchall()

    def events_by_id(self, event_ids: Sequence[str]) -> list[StoredEvent]:
        """The stored events among ``event_ids``, in the store's order."""
        ids = list(dict.fromkeys(event_ids))
        rows: list[tuple] = []
        with self._snapshot():
            for i in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
                chunk = ids[i:i + 500]
                rows += self.conn.execute(
                    f"SELECT {_EVENT_COLS} FROM events e WHERE e.event_id IN "
                    f"({','.join('?' * len(chunk))})", chunk).fetchall()
            rows.sort(key=lambda r: (r[11] or _UNDATED, r[1], r[2]))  # _ORDER across chunks
            return self._stored(rows)

    def read_snapshot(self):
        """A read transaction for several reads that must see one committed state (nests:
        inside one already, it just reads). ``data_version`` inside it is the snapshot's."""
        return self._snapshot()

    def _stored(self, rows: list[tuple]) -> list[StoredEvent]:
        # sources and actors of the whole page in two queries, not two per event (the
        # API's events endpoint serves pages of up to 1000)
        ids = [r[0] for r in rows]
        sources = self._by_event("SELECT event_id, name, role FROM attributions", ids)
        actors = self._by_event("SELECT event_id, name, side FROM actors", ids)
        return [StoredEvent(*r[:14], bool(r[14]), *r[15:18], tuple(sources.get(r[0], ())),
                            tuple(actors.get(r[0], ())), r[18]) for r in rows]

    def data_version(self) -> tuple[int, int]:
        """Changes whenever any connection, in any process, commits a change to the file.

        ``PRAGMA data_version`` moves on commits by *other* connections; this connection's
        own writes show in ``total_changes``. Two cheap calls, no table scanned."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction: every SELECT inside sees one committed state (WAL snapshot)."""
        if self.conn.in_transaction:  # already inside one (e.g. a caller's): just read
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def _by_event(self, select: str, ids: list[str]) -> dict[str, list[tuple]]:
        out: dict[str, list[tuple]] = {}
        for i in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[i:i + 500]
            # (event_id, position) is the primary key: rows come off it in order, unsorted
            sql = (f"{select} WHERE event_id IN ({','.join('?' * len(chunk))}) "
                   "ORDER BY event_id, position")
            for event_id, *rest in self.conn.execute(sql, chunk):
                out.setdefault(event_id, []).append(tuple(rest))
        return out

    def places(self, place_ids: Sequence[str] | None = None) -> Sequence[Place]:
        if place_ids is None:
            rows = self.conn.execute(PLACE_SELECT + " ORDER BY name, place_id").fetchall()
        else:
            ids = list(dict.fromkeys(place_ids))
            rows = []
            for i in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
                chunk = ids[i:i + 500]
                rows += self.conn.execute(
                    PLACE_SELECT + f" WHERE place_id IN ({','.join('?' * len(chunk))})",
                    chunk).fetchall()
            rows.sort(key=lambda r: (r[1], r[0]))
        return [place_from_row(r) for r in rows]

    def mentions(self, doc_id: str) -> Sequence[PlaceMention]:
        rows = self.conn.execute(
            "SELECT m.doc_id, m.start, m.end, m.surface, m.confidence, m.precision, m.reasons, "
            f"{PLACE_COLS_P} FROM place_mentions m LEFT JOIN places p ON p.place_id = m.place_id "
            "WHERE m.doc_id = ? ORDER BY m.start, m.end", (doc_id,)).fetchall()
        return [PlaceMention(span=Span(r[0], r[1], r[2], r[3]),
                             place=place_from_row(r[7:]) if r[7] is not None else None,
                             confidence=r[4], precision=r[5], reasons=tuple(json.loads(r[6])))
                for r in rows]

    def record_error(self, input_id: str, reason: str) -> None:
        with self._tx() as cur:
            cur.execute("INSERT INTO ingest_errors VALUES (?, ?, ?)", (input_id, reason, _now()))

    def counts(self) -> StoreCounts:
        q = self.conn.execute
        return StoreCounts(
            documents=q("SELECT count(*) FROM documents").fetchone()[0],
            analysed=q("SELECT count(*) FROM documents WHERE analysed_at IS NOT NULL").fetchone()[0],
            places=q("SELECT count(*) FROM places").fetchone()[0],
            mentions=q("SELECT count(*) FROM place_mentions").fetchone()[0],
            events=q("SELECT count(*) FROM events").fetchone()[0],
            errors=q("SELECT count(*) FROM ingest_errors").fetchone()[0],
        )

    def integrity_problems(self) -> list[str]:
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in self.conn.execute("PRAGMA foreign_key_check")]
        return problems

    def close(self) -> None:
        self.conn.close()


_EVENT_COLS = ("e.event_id, e.doc_id, e.position, e.type, e.acled_event_type, "
               "e.acled_sub_event_type, e.place_id, e.place_name, e.lat, e.lon, "
               "e.location_precision, e.date_value, e.date_precision, e.modality, e.background, "
               "e.evidence_start, e.evidence_end, e.evidence_text, e.record")
# The one order of events (undated last); the index events_order (migration 0003) has
# exactly these expressions, so pages come off it without sorting.
_ORDER = "coalesce(e.date_value, '~'), e.doc_id, e.position"
_UNDATED = "~"
EventKey = tuple  # (date_value or None, doc_id, position): see sitrep.export.select.event_key


def _page_sql(columns: str, query: EventQuery, after: EventKey | None) -> tuple[str, list]:
    """One page in _ORDER: after ``after`` (keyset) when given, else from ``query.offset``."""
    where, params = _event_filters(query)
    offset = query.offset
    if after is not None:
        clause, extra = _after_clause(after)
        where = f"{where} AND {clause}" if where else f" WHERE {clause}"
        params, offset = params + extra, 0
    sql = f"SELECT {columns} FROM events e{where} ORDER BY {_ORDER} LIMIT ? OFFSET ?"
    return sql, [*params, query.limit, offset]


def _after_clause(after: EventKey) -> tuple[str, list]:
    """Rows after ``after`` in _ORDER. The leading ``>=`` on the first key lets SQLite start
    a range scan of events_order (it does not use the index for the row-value comparison
    alone)."""
    day = after[0] if after[0] is not None else _UNDATED
    return ("coalesce(e.date_value, '~') >= ? AND (coalesce(e.date_value, '~'), e.doc_id, "
            "e.position) > (?, ?, ?)", [day, day, after[1], int(after[2])])


def _statements(sql: str) -> list[str]:
    # migrations are plain DDL without semicolons inside literals or triggers
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _doc(row: tuple) -> Document:
    published = date.fromisoformat(row[4]) if row[4] else None
    return Document(doc_id=row[0], input_id=row[1], title=row[2], text=row[3],
                    published=published, source=row[5], url=row[6], media_type=row[7])



def _upsert_place(cur: sqlite3.Cursor, p: Place) -> None:
    cur.execute(
        "INSERT OR REPLACE INTO places (place_id, geonameid, katotth, name, kind, lat, lon, admin1,"
        " country, feature_code, population) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (p.place_id, p.geonameid, p.katotth, p.name, p.kind, p.lat, p.lon, p.admin1, p.country,
         p.feature_code, p.population))


def _insert_mention(cur: sqlite3.Cursor, m: PlaceMention) -> None:
    if m.place is not None:
        _upsert_place(cur, m.place)
    alternatives = [{"place_id": c.place.place_id, "name": c.place.name, "score": round(c.score, 4),
                     "reasons": list(c.reasons)} for c in m.alternatives]
    cur.execute(
        "INSERT OR REPLACE INTO place_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (m.span.doc_id, m.span.start, m.span.end, m.span.text,
         m.place.place_id if m.place else None, m.confidence, m.precision,
         json.dumps(list(m.reasons), ensure_ascii=False),
         json.dumps(alternatives, ensure_ascii=False)))


def _insert_event(cur: sqlite3.Cursor, position: int, e: Event) -> None:
    place = e.location.place if e.location else None
    if place is not None:
        _upsert_place(cur, place)
    cur.execute(
        "INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?)",
        (e.event_id, e.doc_id, position, e.type, e.acled_event_type, e.acled_sub_event_type,
         place.place_id if place else None, place.name if place else None,
         place.lat if place else None, place.lon if place else None,
         e.location.precision if e.location else None, e.location.relation if e.location else None,
         e.date.value.isoformat() if e.date.value else None, e.date.precision, e.modality,
         int(e.background), e.quantity, e.evidence.start, e.evidence.end, e.evidence.text,
         json.dumps(event_json(e), ensure_ascii=False)))
    for i, s in enumerate(e.attribution):
        cur.execute("INSERT INTO attributions VALUES (?, ?, ?, ?, ?, ?)",
                    (e.event_id, i, s.name, s.role, s.span.start if s.span else None,
                     s.span.end if s.span else None))
    for i, a in enumerate(e.actors):
        cur.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?)",
                    (e.event_id, i, a.name, a.side, a.role))


def _event_filters(q: EventQuery) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    day_from = q.date_from.isoformat() if q.date_from else None
    day_to = q.date_to.isoformat() if q.date_to else None
    # type and modality have a handful of values: "+" keeps SQLite (which has no statistics
    # here) off their single-column indexes, so it walks events_order, which carries them,
    # instead of collecting a third of the table and sorting it. Dates are compared on the
    # sort key too, which makes a date range a range of events_order.
    simple = [("e.doc_id = ?", q.doc_id), ("e.event_id = ?", q.event_id),
              ("+e.type = ?", q.type), ("e.place_id = ?", q.place_id),
              ("+e.modality = ?", q.modality),
              ("lower(e.place_name) = lower(?)", q.place_name),
              # "< '~'" (not "date_value IS NOT NULL") keeps the test in events_order,
              # so rows skipped by an OFFSET are never read from the table
              ("coalesce(e.date_value, '~') >= ? AND coalesce(e.date_value, '~') < '~'",
               day_from),
              ("coalesce(e.date_value, '~') <= ?", day_to)]
    for clause, value in simple:
        if value is not None:
            clauses.append(clause)
            params.append(value)
    if q.source is not None:
        clauses.append("EXISTS (SELECT 1 FROM attributions a WHERE a.event_id = e.event_id "
                       "AND lower(a.name) = lower(?))")
        params.append(q.source)
    if q.bbox is not None:
        clauses.append("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?")
        params += [q.bbox[0], q.bbox[2], q.bbox[1], q.bbox[3]]
    if not q.include_background:
        clauses.append("e.background = 0")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
