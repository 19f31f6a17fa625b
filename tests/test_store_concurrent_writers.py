"""Several processes or threads writing the same and different documents lose and duplicate nothing.

Each writer opens its own store (as engine workers do), adds every shared document and its
own documents, and saves analyses of all of them, in its own shuffled order, twice.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from sitrep.store import EventQuery, open_store
from test_store_behaviour import BAKHMUT, SIVERSK, make_analysis, make_doc

WRITERS = 4
SHARED_DOCS = 12
OWN_DOCS = 8


def _docs(names: list[str]):
    return [make_doc(f"Report {n}\nRussian forces captured Seversk, TASS said on day {n}.")
            for n in names]


def _work(writer: int) -> list:
    docs = _docs([f"s{i}" for i in range(SHARED_DOCS)] + [f"w{writer}-{i}" for i in range(OWN_DOCS)])
    random.Random(writer).shuffle(docs)
    return docs


def writer(url: str, index: int) -> list[str]:
    """Adds and analyses its documents; returns the ids it was first to add."""
    docs = _work(index)
    store = open_store(url)
    try:
        added = [d.doc_id for d in docs if store.add_document(d)]
        for round_ in range(2):
            for d in docs:  # alternating places: a later save must replace, not add
                store.save_analysis(make_analysis(d, SIVERSK if (round_ + index) % 2 else BAKHMUT))
        return added
    finally:
        store.close()


def _url(kind: str, request, tmp_path) -> str:
    if kind == "sqlite":
        return str(tmp_path / "c.db")
    server = request.getfixturevalue("pg_server")
    return server.new_database(postgis=server.postgis)


def _run_processes(url: str) -> list[list[str]]:
    with multiprocessing.get_context("fork").Pool(WRITERS) as pool:
        return pool.starmap(writer, [(url, i) for i in range(WRITERS)])


def _run_threads(url: str) -> list[list[str]]:
    barrier = threading.Barrier(WRITERS)

    def go(i: int) -> list[str]:
        barrier.wait()  # start together so the writes really interleave
        return writer(url, i)

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(go, range(WRITERS)))


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
@pytest.mark.parametrize("run", [_run_processes, _run_threads], ids=["processes", "threads"])
def test_store_concurrent_writers_lose_and_duplicate_nothing(backend, run, request, tmp_path):
    url = _url(backend, request, tmp_path)
    open_store(url).close()  # schema first: the race under test is data, not migrations
    added = [i for ids in run(url) for i in ids]
    expected = SHARED_DOCS + WRITERS * OWN_DOCS
    assert len(added) == len(set(added)) == expected  # every document added exactly once
    store = open_store(url)
    try:
        c = store.counts()
        assert (c.documents, c.analysed, c.events, c.mentions, c.errors) == (
            expected, expected, expected, expected, 0)
        events = store.events(EventQuery(limit=10 * expected))
        assert len({e.doc_id for e in events}) == expected
        assert all(len(e.sources) == 1 and len(e.actors) == 1 for e in events)
        assert store.integrity_problems() == []
    finally:
        store.close()
