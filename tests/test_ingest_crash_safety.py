"""Crash safety: ``sitrep ingest`` (and ``sitrep run``) killed with SIGKILL at random moments,
re-run after each kill, leave a store that passes its integrity check and holds exactly what
one clean run holds: every document once, every event once, nothing lost.

The corpus is bench/corpus.py's realistic reports (built from the shared seeds and GeoNames);
the processes are real ``python3 -m sitrep`` subprocesses writing real SQLite files.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench_modules import load_bench
from sitrep.store import open_store

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture(scope="module")
def corpus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash-corpus")
    corpus = load_bench("corpus")
    corpus.write_dir(corpus.generate(300, shared_dir), folder)
    return folder


def _command(verb: str, corpus: Path, store: Path, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "sitrep", verb, str(corpus), "--store", str(store), *extra]


def _env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ, SITREP_CACHE_DIR=str(cache_dir))
    env.pop("SITREP_STORE", None)
    return env


def _clean_run(cmd: list[str], env: dict[str, str]) -> float:
    """Run to completion; its duration (the window the kills are drawn from)."""
    began = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return time.monotonic() - began


def _kill_at(cmd: list[str], env: dict[str, str], after: float) -> bool:
    """Start ``cmd`` and SIGKILL it ``after`` seconds in; True if it was still running."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=after)
        return False  # finished before the kill: a clean run, also fine
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        # it may have finished between the timeout and the kill: then it was a clean run
        assert proc.returncode in (0, -signal.SIGKILL), proc.returncode
        return proc.returncode == -signal.SIGKILL


def _snapshot(path: Path) -> dict[str, object]:
    """Everything a run is meant to leave: documents, per-document events, analysed flags."""
    store = open_store(str(path))
    try:
        assert store.integrity_problems() == []
        docs = sorted(store.documents(), key=lambda d: d.doc_id)
        events = _all_events(store)
        counts = store.counts()
    finally:
        store.close()
    return {"documents": docs, "events": events, "n_documents": counts.documents,
            "n_events": counts.events, "n_mentions": counts.mentions,
            "analysed": counts.analysed}


def _all_events(store) -> list[tuple]:
    from sitrep.store.base import EventQuery

    found, offset = [], 0
    while True:
        page = store.events(EventQuery(limit=1000, offset=offset))
        found += [(e.doc_id, e.position, e.event_id, e.record) for e in page]
        if len(page) < 1000:
            return sorted(found)
        offset += 1000


def _build_index(geonames: Path, katotth: Path, cache_dir: Path) -> None:
    from sitrep.gazetteer import load_gazetteer
    from sitrep.settings import Settings

    load_gazetteer(Settings(geonames=str(geonames), katotth=str(katotth),
                            cache_dir=str(cache_dir)))


def _kill_and_rerun(cmd: list[str], env: dict[str, str], window: float, kills: int,
                    store: Path) -> int:
    """Runs killed at random moments of ``window`` until ``kills`` of them were killed mid-way
    (a run that ends first counts as a clean re-run), the store checked after each; then one
    run to completion. Returns how many kills landed."""
    rng = random.Random(20240720)
    killed = 0
    for _ in range(3 * kills):
        killed += _kill_at(cmd, env, rng.uniform(0.0, window))
        if store.exists():
            probe = open_store(str(store))
            try:
                assert probe.integrity_problems() == [], f"after {killed} kills"
            finally:
                probe.close()
        if killed == kills:
            break
    _clean_run(cmd, env)
    return killed


def test_ingest_crash_safety_sigkill_twenty_times(corpus: Path, tmp_path: Path,
                                                 cache_dir: Path) -> None:
    env = _env(cache_dir)
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    window = _clean_run(_command("ingest", corpus, clean, []), env)
    killed = _kill_and_rerun(_command("ingest", corpus, crashed, []), env, window, 20, crashed)
    assert killed == 20, f"only {killed} runs were killed mid-way (window {window:.1f} s)"
    want, got = _snapshot(clean), _snapshot(crashed)
    assert got["n_documents"] == want["n_documents"] == 300
    assert got["documents"] == want["documents"]
    # the re-run after the last kill is then a no-op: nothing added, nothing duplicated
    again = subprocess.run(_command("ingest", corpus, crashed, []), env=env, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0 and "0 added, 300 already stored" in again.stdout, again.stdout
    assert _snapshot(crashed) == got


@pytest.fixture(scope="module")
def small_corpus(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 of the reports: `sitrep run` analyses each, ~0.05-0.2 s apiece."""
    folder = tmp_path_factory.mktemp("crash-corpus-run")
    for path in sorted(corpus.iterdir())[:30]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_ingest_crash_safety_run_sigkill_keeps_events_single(
        small_corpus: Path, tmp_path: Path, cache_dir: Path, geonames_zip: Path,
        katotth_csv: Path) -> None:
    env = _env(cache_dir)
    extra = ["--gazetteer", str(geonames_zip), "--katotth", str(katotth_csv)]
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    _build_index(geonames_zip, katotth_csv, cache_dir)  # not inside the timed window
    window = _clean_run(_command("run", small_corpus, clean, extra), env)
    killed = _kill_and_rerun(_command("run", small_corpus, crashed, extra), env, window, 8,
                             crashed)
    assert killed == 8, f"only {killed} runs were killed mid-way (window {window:.1f} s)"
    want, got = _snapshot(clean), _snapshot(crashed)
    assert want["n_events"] > 0 and want["analysed"] == 30
    assert got == want
