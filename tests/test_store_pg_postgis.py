"""PostgreSQL-only behaviour: named migrations, PostGIS geometry and indexes, the lat/lon
fallback, distance queries, clear errors, the integrity check."""

from __future__ import annotations

import multiprocessing

import pytest

from sitrep.errors import StoreError
from sitrep.store import EventQuery

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'sitrep[scale]'")
from sitrep.store.postgres import PostgresStore, redact  # noqa: E402  (needs psycopg)
from sitrep.store.sqlite import migrations
from test_store_behaviour import BAKHMUT, SIVERSK, make_analysis, make_doc

PG_MIGRATIONS = [n for n, _ in migrations("sitrep.store.pg_migrations")]


@pytest.fixture(params=["postgis", "latlon"])
def pg_store(request, pg_server):
    if request.param == "postgis" and not pg_server.postgis:
        pytest.skip("PostGIS is not installed (apt-get install postgresql-15-postgis-3)")
    store = PostgresStore(pg_server.new_database(postgis=request.param == "postgis"))
    yield store
    store.close()


def _two_events(store: PostgresStore) -> None:
    for text, place in [("Siversk\nRussian forces captured Seversk, TASS said.", SIVERSK),
                        ("Bakhmut\nRussian forces captured Seversk near Bakhmut, TASS said.", BAKHMUT)]:
        doc = make_doc(text)
        store.add_document(doc)
        store.save_analysis(make_analysis(doc, place))


def test_store_pg_migrations_named_recorded_and_not_repeated(pg_store):
    names = [r[0] for r in pg_store.conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    expected = PG_MIGRATIONS if pg_store.postgis else [n for n in PG_MIGRATIONS if "postgis" not in n]
    assert names == expected
    assert pg_store.migrate() == []
    assert bool(pg_store.notes) == (not pg_store.postgis)  # the fallback is never silent


def test_store_pg_postgis_geometry_and_gist_indexes(pg_store):
    if not pg_store.postgis:
        pytest.skip("geometry columns exist only with PostGIS")
    _two_events(pg_store)
    indexes = {r[0] for r in pg_store.conn.execute(
        "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")}
    assert {"places_geom", "events_geom", "events_geog", "places_geog"} <= indexes
    row = pg_store.conn.execute("SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom) FROM events "
                                "WHERE place_id = %s", (SIVERSK.place_id,)).fetchone()
    assert row == (SIVERSK.lon, SIVERSK.lat, 4326)


def test_store_pg_bbox_query_can_use_the_gist_index(pg_store):
    if not pg_store.postgis:
        pytest.skip("geometry columns exist only with PostGIS")
    with pg_store.conn.transaction():
        pg_store.conn.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in pg_store.conn.execute(
            "EXPLAIN SELECT event_id FROM events e WHERE "
            "ST_Intersects(e.geom, ST_MakeEnvelope(37, 48, 39, 49.5, 4326))"))
    assert "events_geom" in plan


@pytest.mark.parametrize("lat,lon,km,expected", [
    (BAKHMUT.lat, BAKHMUT.lon, 5.0, {"Bakhmut"}),
    (BAKHMUT.lat, BAKHMUT.lon, 25.0, {"Bakhmut"}),  # Siversk lies ~30 km north of Bakhmut
    (BAKHMUT.lat, BAKHMUT.lon, 35.0, {"Bakhmut", "Siversk"}),
    (50.45, 30.52, 100.0, set()),  # Kyiv
])
def test_store_pg_events_near(pg_store, lat, lon, km, expected):
    _two_events(pg_store)
    assert {e.place_name for e in pg_store.events_near(lat, lon, km)} == expected
    assert {e.place_name for e in pg_store.events_near(lat, lon, km, EventQuery(type="strike"))} \
        == set()


def test_store_pg_integrity_check_finds_offsets_that_do_not_match(pg_store):
    _two_events(pg_store)
    assert pg_store.integrity_problems() == []
    pg_store.conn.execute("UPDATE events SET evidence_start = evidence_start + 1 "
                          "WHERE place_id = %s", (SIVERSK.place_id,))
    [problem] = pg_store.integrity_problems()
    assert "evidence does not match" in problem


def test_store_pg_unreachable_server_is_clear_error_without_password():
    with pytest.raises(StoreError, match="cannot open store") as info:
        PostgresStore("postgresql://me:secret@127.0.0.1:1/nowhere", connect_timeout=2)
    assert "secret" not in str(info.value)
    assert redact("postgresql://me:secret@h/db") == "postgresql://me:***@h/db"


def test_store_pg_text_it_cannot_hold_is_a_store_error(pg_store):
    doc = make_doc("Title\nRussian forces captured Seversk,\x00 TASS said.")
    with pytest.raises(StoreError, match="cannot store document"):
        pg_store.add_document(doc)
    assert pg_store.counts().documents == 0


def _open(url: str) -> list[str]:
    return PostgresStore(url).migrate()


def test_store_pg_concurrent_first_opens_migrate_once(pg_server):
    url = pg_server.new_database(postgis=pg_server.postgis)
    with multiprocessing.get_context("fork").Pool(6) as pool:
        assert pool.map(_open, [url] * 6) == [[]] * 6  # each opener found the schema complete
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == \
            (len(PG_MIGRATIONS) if pg_server.postgis else len(PG_MIGRATIONS) - 1)
