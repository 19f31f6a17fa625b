"""The Dask engine stores exactly the events the local engine stores (seeds; 1k generated reports).

The cluster has two worker processes, each building its own pipeline and opening its own
store connections; comparisons run across backends too (local on SQLite, Dask on PostgreSQL).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bench_modules import load_bench
from sitrep.engines import run_dask, run_local
from sitrep.jobs import ingest, read
from sitrep.model import Document
from sitrep.settings import Settings
from sitrep.store import EventQuery, open_store


@pytest.fixture(scope="module")
def settings(geonames_zip, katotth_csv, cache_dir) -> Settings:
    return Settings.from_env(environ={}, geonames=str(geonames_zip), katotth=str(katotth_csv),
                             cache_dir=str(cache_dir))


@pytest.fixture(scope="module")
def cluster(settings):
    distributed = pytest.importorskip("distributed", reason="pip install 'sitrep[scale]'")
    from sitrep.gazetteer import load_gazetteer

    load_gazetteer(settings)  # build the cached index once, before two workers race to
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=logging.ERROR) as c:
        yield c


def _url(backend: str, name: str, request, tmp_path) -> str:
    if backend == "sqlite":
        return str(tmp_path / f"{name}.db")
    server = request.getfixturevalue("pg_server")
    return server.new_database(postgis=server.postgis)


def _stored(url: str, docs: list[Document]) -> None:
    store = open_store(url)
    ingest(docs, store)
    store.close()


def _snapshot(url: str) -> tuple:
    store = open_store(url)
    try:
        c = store.counts()
        return (c.documents, c.analysed, c.places, c.mentions, c.events,
                tuple(store.events(EventQuery(limit=1_000_000))))
    finally:
        store.close()


def _seeds(seeds_dir: Path, settings: Settings) -> list[Document]:
    docs = [d for d in read([str(seeds_dir)], settings) if isinstance(d, Document)]
    assert len(docs) == 5
    return docs


@pytest.mark.parametrize("backends", [("sqlite", "sqlite"), ("sqlite", "postgres")],
                         ids=["sqlite-sqlite", "sqlite-postgres"])
def test_engines_dask_stores_same_events_as_local_on_seeds(backends, settings, seeds_dir,
                                                           cluster, request, tmp_path):
    docs = _seeds(seeds_dir, settings)
    local_url, dask_url = (_url(b, n, request, tmp_path) for b, n in zip(backends, "ld"))
    _stored(local_url, docs)
    _stored(dask_url, docs)
    local = run_local(local_url, settings)
    distributed = run_dask(dask_url, settings, scheduler=cluster.scheduler_address,
                           partition_size=2)
    assert local == distributed
    assert local.documents == 5 and local.events > 0 and local.failures == ()
    assert _snapshot(local_url) == _snapshot(dask_url)


def test_engines_dask_own_local_cluster_and_explicit_ids(settings, seeds_dir, tmp_path):
    pytest.importorskip("distributed", reason="pip install 'sitrep[scale]'")
    docs = _seeds(seeds_dir, settings)
    local_url, dask_url = str(tmp_path / "l.db"), str(tmp_path / "d.db")
    _stored(local_url, docs)
    _stored(dask_url, docs)
    ids = [d.doc_id for d in docs[:3]]
    local = run_local(local_url, settings, ids)
    distributed = run_dask(dask_url, settings, ids, workers=2, processes=False, partition_size=1)
    assert local == distributed and local.documents == 3
    assert _snapshot(local_url) == _snapshot(dask_url)
    assert run_dask(dask_url, settings, [], workers=2).documents == 0  # nothing to do: no cluster


@pytest.mark.slow
def test_engines_dask_stores_same_events_as_local_on_1k_generated(settings, shared_dir, cluster,
                                                                  request, tmp_path):
    docs = load_bench("corpus").generate(1000, shared_dir)
    local_url, dask_url = str(tmp_path / "l.db"), _url("postgres", "d", request, tmp_path)
    _stored(local_url, docs)
    _stored(dask_url, docs)
    local = run_local(local_url, settings)
    distributed = run_dask(dask_url, settings, scheduler=cluster.scheduler_address)
    assert local == distributed
    assert local.documents == 1000 and local.events > 1000
    assert _snapshot(local_url) == _snapshot(dask_url)
