"""Reads through the real server while another process ingests and analyses documents.

The server (uvicorn on loopback, in this process) reads the store; a separate Python
process runs the real pipeline over new reports and writes each document and its analysis,
as `sitrep run` would. Meanwhile reader threads walk every events page by cursor, open
events and their documents, and read the counts. Every read must succeed, every event
returned must have its document with its evidence at its offsets, a cursor walk must
never repeat an event, and counts must never go down. Run over a SQLite WAL file and
over PostgreSQL (tests/pg_server.py) when it is available.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from sitrep.api import create_app
from sitrep.settings import Settings

from test_api_seedstore import running_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]
DOCS = 24

# The writer: the real pipeline over variants of the seed reports (each a new document).
WRITER = r"""
import sys
from pathlib import Path
from sitrep.analyze import default_pipeline
from sitrep.gazetteer import load_gazetteer
from sitrep.ingest.common import make_document
from sitrep.settings import Settings
from sitrep.store import open_store

store_url, seeds, n = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
pipeline = default_pipeline(load_gazetteer(Settings.from_env()))
store = open_store(store_url)
texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
print("ready", flush=True)
for i in range(n):
    doc = make_document(f"concurrent-{i}", f"Report {i}", f"Update {i}.\n" + texts[i % len(texts)])
    store.add_document(doc)
    store.save_analysis(pipeline.run(doc))
store.close()
print("done", flush=True)
"""


class Reader:
    """One reader thread's checks; failures are collected, not raised in the thread."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=30)
        self.problems: list[str] = []
        self.docs: dict[str, str] = {}
        self.rounds = 0

    def _get(self, path: str, **params) -> dict | None:
        r = self.client.get(path, params=params)
        if r.status_code != 200:
            self.problems.append(f"{path} {params}: HTTP {r.status_code} {r.text[:200]}")
            return None
        return r.json()

    def walk(self) -> list[dict]:
        """Every event, by cursor; a repeat or a step backwards is a problem."""
        events, cursor, seen = [], None, set()
        while True:
            page = self._get("/api/events", limit=7, **({"cursor": cursor} if cursor else {}))
            if page is None:
                return events
            for e in page["items"]:
                if e["event_id"] in seen:
                    self.problems.append(f"cursor walk repeated {e['event_id']}")
                seen.add(e["event_id"])
            events += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return events

    def check_event(self, e: dict) -> None:
        text = self.docs.get(e["doc_id"])
        if text is None:
            doc = self._get(f"/api/documents/{e['doc_id']}")
            if doc is None:
                return
            text = self.docs[e["doc_id"]] = doc["text"]
        ev = e["evidence"]
        if text[ev["start"]:ev["end"]] != ev["text"]:
            self.problems.append(f"{e['event_id']}: evidence not at its offsets")

    def run(self, stop: threading.Event, counts: list) -> None:
        while not stop.is_set() or self.rounds == 0:
            began = time.monotonic()
            meta = self._get("/api/meta")
            events = self.walk()
            whole = self._get("/api/events", limit=1000)
            if meta is None or whole is None:
                continue
            counts.append((began, time.monotonic(), meta["counts"]["documents"],
                           meta["counts"]["events"], len(whole["items"])))
            for e in events[-5:] + whole["items"][:3]:
                self.check_event(e)
                if self._get(f"/api/events/{e['event_id']}") is None:
                    self.problems.append(f"listed event {e['event_id']} cannot be opened")
            self.rounds += 1


def _never_down(counts: list) -> list[str]:
    """A round that began after another ended must not see fewer documents or events (rounds
    of different readers that overlap in time may finish in either order)."""
    out = []
    for (_, end0, d0, e0, l0) in counts:
        for (start1, _, d1, e1, l1) in counts:
            if start1 > end0 and (d1 < d0 or e1 < e0 or l1 < l0):
                out.append(f"counts went down: {(d0, e0, l0)} -> {(d1, e1, l1)}")
    return out


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "live.db")
    server = request.getfixturevalue("pg_server")
    return server.new_database(postgis=server.postgis)


def test_api_concurrent_reads_while_another_process_ingests(store_url: str, seeds_dir: Path,
                                                            tmp_path: Path) -> None:
    from sitrep.store import open_store

    store = open_store(store_url)  # migrated before either side starts
    settings = Settings(store=store_url, cache_dir=str(tmp_path))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, store_url, str(seeds_dir),
                               str(DOCS)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        with running_server(create_app(store, settings)) as base:
            readers = [Reader(base) for _ in range(3)]
            counts: list = []
            stop = threading.Event()
            threads = [threading.Thread(target=r.run, args=(stop, counts)) for r in readers]
            for t in threads:
                t.start()
            out, err = writer.communicate(timeout=300)
            stop.set()
            for t in threads:
                t.join(timeout=120)
            final = readers[0]._get("/api/meta")
    finally:
        if writer.poll() is None:
            writer.kill()
        store.close()
    assert writer.returncode == 0 and "done" in out, err[-2000:]
    problems = [p for r in readers for p in r.problems] + _never_down(counts)
    assert problems == [], problems[:10]
    assert sum(r.rounds for r in readers) >= 6  # the readers really overlapped the writer
    assert final["counts"]["documents"] == DOCS and final["counts"]["events"] > DOCS
    during = {c[2] for c in counts}
    assert len(during) > 2, f"reads saw only {sorted(during)} documents: no overlap"
