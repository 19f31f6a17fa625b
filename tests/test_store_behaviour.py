"""Store behaviour every backend must show (run against each backend in `store_factory`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from pg_server import BACKENDS, backend_store
from sitrep.contract import event_json
from sitrep.errors import StoreError
from sitrep.ids import doc_id_for, event_id_for
from sitrep.model import (Actor, Analysis, Document, Event, EventLocation, Place, PlaceMention,
                          Source, Span, TimeExpr)
from sitrep.store import EventQuery
from sitrep.store.sqlite import SQLiteStore, migrations

SIVERSK = Place("geonames:694403", "Siversk", "settlement", 48.86476, 38.09683, 694403,
                "Donetsk Oblast", "UA", "PPL", 11000)
BAKHMUT = Place("geonames:713174", "Bakhmut", "settlement", 48.59419, 37.99886, 713174,
                "Donetsk Oblast", "UA", "PPLA2", 72000)


def make_doc(text: str = "Title\nRussian forces captured Seversk, TASS said.",
             published: date | None = date(2025, 12, 10)) -> Document:
    title = text.split("\n", 1)[0]
    return Document(doc_id_for(title, text), "mem://1", title, text, published, "TASS")


def make_analysis(doc: Document, place: Place = SIVERSK, etype: str = "capture") -> Analysis:
    start = doc.text.index("Russian")
    span = Span(doc.doc_id, start, len(doc.text), doc.text[start:])
    p0 = doc.text.index("Seversk")
    mention = PlaceMention(Span(doc.doc_id, p0, p0 + 7, "Seversk"), place, 0.93, 1,
                           reasons=("alias Seversk -> Siversk",))
    event = Event(event_id_for(doc.doc_id, etype, span.start, span.end, place.place_id),
                  doc.doc_id, etype, "Battles", "Non-state actor overtakes territory",
                  EventLocation(place, 1, mention), TimeExpr(doc.published, "day"),
                  (Actor("Russian forces", "RU"),), (Source("TASS", "outlet"),), "claimed", span)
    return Analysis(doc, mentions=(mention,), events=(event,))


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """Every backend: SQLite, PostgreSQL with PostGIS, PostgreSQL without it (lat/lon fallback)."""
    s = backend_store(request, request.param, tmp_path / "s.db")
    if request.param != "sqlite":
        assert s.postgis == (request.param == "postgis")
    yield s
    s.close()


def test_store_add_document_twice_is_noop(store):
    doc = make_doc()
    assert store.add_document(doc) is True
    assert store.add_document(doc) is False
    assert store.counts().documents == 1
    assert store.get_document(doc.doc_id) == doc


def test_store_save_analysis_roundtrip(store):
    doc = make_doc()
    store.add_document(doc)
    analysis = make_analysis(doc)
    store.save_analysis(analysis)
    [e] = store.events()
    assert (e.type, e.place_name, e.modality, e.date_value) == ("capture", "Siversk", "claimed",
                                                                "2025-12-10")
    assert e.sources == (("TASS", "outlet"),)
    assert e.actors == (("Russian forces", "RU"),)
    assert json.loads(e.record) == event_json(analysis.events[0])
    assert doc.text[e.evidence_start:e.evidence_end] == e.evidence_text


def test_store_save_analysis_again_replaces_not_duplicates(store):
    doc = make_doc()
    store.add_document(doc)
    store.save_analysis(make_analysis(doc))
    store.save_analysis(make_analysis(doc, BAKHMUT))
    c = store.counts()
    assert (c.events, c.mentions, c.analysed) == (1, 1, 1)
    assert store.events()[0].place_name == "Bakhmut"


def test_store_save_analysis_unknown_document_refused(store):
    with pytest.raises(StoreError):
        store.save_analysis(make_analysis(make_doc()))
    assert store.counts().events == 0


@pytest.mark.parametrize("query,expected", [
    (EventQuery(type="capture"), 1),
    (EventQuery(type="strike"), 0),
    (EventQuery(place_name="siversk"), 1),
    (EventQuery(source="tass"), 1),
    (EventQuery(source="RIA Novosti"), 0),
    (EventQuery(date_from=date(2025, 12, 1), date_to=date(2025, 12, 31)), 1),
    (EventQuery(date_from=date(2026, 1, 1)), 0),
    (EventQuery(bbox=(37.0, 48.0, 39.0, 49.5)), 1),
    (EventQuery(bbox=(30.0, 44.0, 31.0, 45.0)), 0),
    (EventQuery(modality="denied"), 0),
    (EventQuery(place_name="x' OR '1'='1"), 0),
])
def test_store_event_filters(store, query, expected):
    doc = make_doc()
    store.add_document(doc)
    store.save_analysis(make_analysis(doc))
    assert len(store.events(query)) == expected


def test_store_migrations_are_named_and_recorded(tmp_path):
    path = tmp_path / "m.db"
    SQLiteStore(path).close()
    names = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM schema_migrations")]
    assert names == [n for n, _ in migrations()]
    again = SQLiteStore(path)
    assert again.migrate() == []
    again.close()


def test_store_integrity_clean_after_writes(store):
    doc = make_doc()
    store.add_document(doc)
    store.save_analysis(make_analysis(doc))
    assert store.integrity_problems() == []


def test_store_uses_wal_and_readable_tables(tmp_path):
    path = tmp_path / "w.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "places", "place_mentions", "events", "attributions"} <= tables


def test_store_open_unwritable_path_is_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open store"):
        SQLiteStore(blocker / "sub" / "s.db")


def test_store_places_and_mentions_read_back(store):
    doc = make_doc()
    store.add_document(doc)
    analysis = make_analysis(doc)
    store.save_analysis(analysis)
    assert list(store.places()) == [SIVERSK]
    assert list(store.places([SIVERSK.place_id, "geonames:0"])) == [SIVERSK]
    [m] = store.mentions(doc.doc_id)
    assert (m.span, m.place, m.confidence, m.precision, m.reasons) == (
        analysis.mentions[0].span, SIVERSK, 0.93, 1, ("alias Seversk -> Siversk",))
    [e] = store.events(EventQuery(event_id=analysis.events[0].event_id))
    assert e.event_id == analysis.events[0].event_id
    assert store.events(EventQuery(event_id="e-none")) == []


def _open_sqlite(path: str) -> list[str]:
    store = SQLiteStore(path)
    try:
        return store.migrate()  # after __init__ migrated: must find nothing left to apply
    finally:
        store.conn.close()


def test_store_sqlite_concurrent_first_opens_migrate_once(tmp_path):
    import multiprocessing

    path = str(tmp_path / "race.db")
    with multiprocessing.get_context("fork").Pool(6) as pool:
        assert pool.map(_open_sqlite, [path] * 6) == [[]] * 6
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == [name for name, _sql in migrations()]
