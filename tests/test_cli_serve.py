"""`sitrep run` with the ledger, `sitrep serve` as a real subprocess, and `run --engine dask`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_seeds(store: Path, seeds_dir, geonames_zip, katotth_csv, shared_dir, cache_dir,
               *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SITREP_CACHE_DIR": str(cache_dir), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "sitrep", "run", str(seeds_dir), "--gazetteer", str(geonames_zip),
         "--katotth", str(katotth_csv), "--frontline", str(shared_dir / "data" / "deepstate"),
         "--store", str(store), *extra], capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, seeds_dir, geonames_zip, katotth_csv, shared_dir, cache_dir):
    store = tmp_path_factory.mktemp("serve") / "s.db"
    result = _run_seeds(store, seeds_dir, geonames_zip, katotth_csv, shared_dir, cache_dir)
    assert result.returncode == 0, result.stderr
    return store, result.stdout


def test_cli_run_prints_ledger_and_failed_checks(seed_store):
    _store, output = seed_store
    assert "Claims ledger" in output and "deepstate" in output
    ledger = output.split("Claims ledger", 1)[1]
    assert any(line.split("│")[1:3] == [" capture    ", " Siversk    "] or
               ("capture" in line and "Siversk" in line) for line in ledger.splitlines())
    flagged = output.split("Checks:", 1)[1]
    assert "false" in flagged and "Azov" in flagged


def test_cli_serve_answers_with_the_ledger(seed_store, shared_dir, cache_dir):
    store, _ = seed_store
    port = _free_port()
    env = {**os.environ, "SITREP_CACHE_DIR": str(cache_dir)}
    env.pop("SITREP_API_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "serve", "--store", str(store), "--port", str(port),
         "--frontline", str(shared_dir / "data" / "deepstate")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                if httpx.get(base + "/api/meta", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
        checks = httpx.get(base + "/api/checks", timeout=10).json()
        assert checks["ledger"] is True
        assert any(c["verdict"] == "false" and "Azov" in c["why"] for c in checks["items"]), checks
        page = httpx.get(base + "/", timeout=10)
        assert page.status_code == 200 and "<html" in page.text.lower()
        refused = httpx.post(base + "/api/documents", json={"text": "x"}, timeout=10)
        assert refused.status_code == 403  # no token configured: writes disabled
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_cli_run_dask_engine_stores_what_local_stores(tmp_path, seed_store, seeds_dir,
                                                      geonames_zip, katotth_csv, shared_dir,
                                                      cache_dir):
    import sqlite3

    pytest.importorskip("distributed", reason="pip install 'sitrep[scale]'")
    local, _ = seed_store
    dask_store = tmp_path / "dask.db"
    result = _run_seeds(dask_store, seeds_dir, geonames_zip, katotth_csv, shared_dir, cache_dir,
                        "--engine", "dask")
    assert result.returncode == 0, result.stderr

    def events(path: Path) -> list[tuple]:
        with sqlite3.connect(path) as conn:
            return sorted(conn.execute("SELECT event_id, doc_id, record FROM events"))

    assert events(dask_store) == events(local) and events(local)
