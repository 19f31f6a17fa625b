"""The claims ledger on PostgreSQL: the same tables as SQLite, and `sitrep run` / `sitrep ledger`
on the five seeds giving what they give on SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'sitrep[scale]'")

LEDGER_TABLES = ["frontline_archives", "frontline_points", "geo_checked", "geo_checks",
                 "ledger_claims", "ledger_events"]


def _sitrep(cache_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SITREP_CACHE_DIR": str(cache_dir), "COLUMNS": "200"}
    env.pop("SITREP_FRONTLINE", None)
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True,
                          timeout=600, env=env)


def test_ledger_pg_tables_mirror_the_sqlite_ones(pg_server, tmp_path):
    from sitrep.store.postgres import PostgresStore
    from sitrep.store.sqlite import SQLiteStore

    lite, pg = SQLiteStore(tmp_path / "s.db"), PostgresStore(pg_server.new_database(postgis=False))
    try:
        for table in LEDGER_TABLES:
            lite_cols = [r[1] for r in lite.conn.execute(f"PRAGMA table_info({table})")]
            pg_cols = [r[0] for r in pg.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "ORDER BY ordinal_position", (table,))]
            # rowid: SQLite's implicit insertion order, an explicit identity column on PostgreSQL
            assert [c for c in pg_cols if c != "rowid"] == lite_cols, table
    finally:
        lite.close()
        pg.close()


def _waiting_on_a_lock(store) -> bool:
    return store.conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                              "'Lock' AND datname = current_database()").fetchone()[0] > 0


def test_ledger_pg_concurrent_check_saves_of_one_document_serialise(pg_server):
    """Two connections saving one document's checks at once: the second waits for the first
    and replaces its rows (no duplicate-key error, no mixture)."""
    from sitrep.ledger.checks import check_analysis
    from sitrep.store import ledger_store as ls
    from sitrep.store.postgres import PostgresStore
    from test_ledger_store import SECOND

    url = pg_server.new_database(postgis=False)
    first, second, watcher = PostgresStore(url), PostgresStore(url), PostgresStore(url)
    try:
        first.add_document(SECOND.document)
        checks = check_analysis(SECOND)
        assert len(checks) >= 2
        doc = SECOND.document.doc_id
        failures: list[BaseException] = []

        def later() -> None:
            try:
                ls.save_checks(second, doc, "sig-2", checks[:1])
            except BaseException as exc:  # reported by the main thread
                failures.append(exc)
        with first.conn.transaction():  # hold the first save open, uncommitted
            ls.save_checks(first, doc, "sig-1", checks)
            thread = threading.Thread(target=later)
            thread.start()
            deadline = time.monotonic() + 30
            while not _waiting_on_a_lock(watcher):
                assert time.monotonic() < deadline and thread.is_alive(), failures
                time.sleep(0.02)
        thread.join(30)
        assert failures == [] and not thread.is_alive()
        assert ls.checked_signatures(first) == {doc: "sig-2"}
        assert ls.load_checks(first) == checks[:1]
    finally:
        for st in (first, second, watcher):
            st.close()


@pytest.fixture(scope="module")
def seed_runs(pg_server, tmp_path_factory, seeds_dir, geonames_zip, katotth_csv, shared_dir,
              cache_dir) -> dict[str, tuple[str, str]]:
    """`sitrep run` on the seeds into a SQLite file and a PostgreSQL database: store -> (url, output)."""
    stores = {"sqlite": str(tmp_path_factory.mktemp("ledger-pg") / "s.db"),
              "postgresql": pg_server.new_database(postgis=pg_server.postgis)}
    runs = {}
    for name, url in stores.items():
        res = _sitrep(cache_dir, "run", str(seeds_dir), "--gazetteer", str(geonames_zip),
                      "--katotth", str(katotth_csv), "--frontline",
                      str(shared_dir / "data" / "deepstate"), "--store", url)
        assert res.returncode == 0, res.stderr
        assert "no claims ledger" not in res.stderr
        runs[name] = (url, res.stdout)
    return runs


@pytest.mark.slow
def test_ledger_pg_run_prints_ledger_and_failed_checks(seed_runs):
    _url, output = seed_runs["postgresql"]
    assert "Claims ledger" in output and "deepstate" in output
    ledger = output.split("Claims ledger", 1)[1].split("Checks:", 1)[0]
    assert any("capture" in line and "Siversk" in line for line in ledger.splitlines())
    flagged = output.split("Checks:", 1)[1]
    assert any("false" in line and "Azov" in line for line in flagged.splitlines())


@pytest.mark.slow
def test_ledger_pg_ledger_and_checks_equal_sqlite(seed_runs, cache_dir, shared_dir):
    """Same fused events (keys, claims, grades, map verdicts) and checks on both backends;
    asked again, neither finds anything new."""
    answers = {}
    for name, (url, _) in seed_runs.items():
        ledger = _sitrep(cache_dir, "ledger", "--json", "--store", url, "--frontline",
                         str(shared_dir / "data" / "deepstate"))
        checks = _sitrep(cache_dir, "checks", "--json", "--store", url)
        assert ledger.returncode == 0 and checks.returncode == 0, ledger.stderr + checks.stderr
        data = json.loads(ledger.stdout)
        assert data["update"]["new_claims"] == 0 and data["update"]["checked_documents"] == 0
        answers[name] = (data["events"], json.loads(checks.stdout))
    assert answers["postgresql"] == answers["sqlite"]
    events, checks = answers["postgresql"]
    assert any(e["type"] == "capture" and len(e["claims"]) > 1 for e in events)
    assert any(c["verdict"] == "false" and "Azov" in c["span"]["text"] for c in checks), checks

