"""The Dask engine: partitions of document ids analysed by the workers of a Dask cluster.

Each task opens its own store connection and uses its worker's own pipeline (see
:mod:`sitrep.engines.partition`); only ids, settings and small reports cross the network,
never documents or analyses. The workers must see the same store (a PostgreSQL URL, or a
SQLite file on a shared filesystem) and the same gazetteer paths as the client.
"""

from __future__ import annotations

import logging
import os
import uuid
from contextlib import contextmanager
from typing import Iterator, Sequence

from sitrep.engines.partition import (PipelineFactory, analyse_partition,
                                      default_pipeline_factory, merge_reports, partitions,
                                      unanalysed_ids)
from sitrep.errors import ConfigError
from sitrep.jobs import AnalyseReport, Progress
from sitrep.settings import Settings


@contextmanager
def dask_client(scheduler: str | None, workers: int | None = None,
                processes: bool = True) -> Iterator:
    """A client of the cluster at ``scheduler``, or of a new local cluster on this machine."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("the dask engine needs Dask: pip install 'sitrep[scale]'") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    # one single-threaded worker per core: the pipeline is pure Python and holds the GIL
    n = workers or os.cpu_count() or 1
    # loopback only: nothing outside this machine may submit work to a private cluster
    where = {"host": "127.0.0.1"} if processes else {}  # threads talk in-process (inproc://)
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=processes,
                      dashboard_address=None, silence_logs=logging.ERROR,
                      **where) as cluster, Client(cluster) as client:
        yield client


def run_dask(store_url: str, settings: Settings, doc_ids: Sequence[str] | None = None, *,
             scheduler: str | None = None, workers: int | None = None, processes: bool = True,
             partition_size: int = 50, factory: PipelineFactory = default_pipeline_factory,
             progress: Progress | None = None) -> AnalyseReport:
    """Analyse ``doc_ids`` (default: every stored document not analysed yet) on Dask.

    ``scheduler``: address of a running scheduler (``tcp://host:8786``); ``None`` starts a
    local cluster of ``workers`` processes (default: one per core) for this call.
    """
    ids = list(doc_ids) if doc_ids is not None else unanalysed_ids(store_url)
    chunks = partitions(ids, partition_size)
    if not chunks:
        return AnalyseReport()
    run = uuid.uuid4().hex[:12]  # task keys unique per call: clients may share a scheduler
    with dask_client(scheduler, workers, processes) as client:
        from distributed import as_completed  # after dask_client: it says clearly if Dask is missing

        futures = [client.submit(analyse_partition, store_url, settings, chunk, factory,
                                 key=f"sitrep-analyse-{run}-{i}", pure=False)
                   for i, chunk in enumerate(chunks)]
        order = {f.key: i for i, f in enumerate(futures)}
        results: dict[int, AnalyseReport] = {}
        for future in as_completed(futures):
            report = future.result()  # a task's exception is re-raised here, as is
            results[order[future.key]] = report
            if progress:
                progress(report.documents + len(report.failures))
    return merge_reports(results[i] for i in range(len(chunks)))
