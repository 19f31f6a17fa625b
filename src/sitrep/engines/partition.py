"""What every engine shares: the pipeline factory, the unit of work and report merging.

A unit of work is a partition of document ids. It opens its own store connection and
uses a pipeline built once per worker thread (building one loads the gazetteer, which
is far too slow to repeat per partition, and stages are not promised to be thread-safe).
"""

from __future__ import annotations

import threading
from typing import Callable, Iterable, Sequence

from sitrep.jobs import AnalyseReport, Progress, analyse
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store import open_store

#: builds the pipeline a worker runs; must be picklable (a module-level function)
PipelineFactory = Callable[[Settings], Pipeline]

_local = threading.local()


def default_pipeline_factory(settings: Settings) -> Pipeline:
    """The default pipeline over the gazetteer the settings describe."""
    from sitrep.analyze import default_pipeline
    from sitrep.gazetteer import load_gazetteer

    return default_pipeline(load_gazetteer(settings))


def worker_pipeline(factory: PipelineFactory, settings: Settings) -> Pipeline:
    """The pipeline for (factory, settings), built on first use in this thread."""
    cache: dict = getattr(_local, "pipelines", None) or {}
    _local.pipelines = cache
    key = (factory.__module__, factory.__qualname__, settings)
    if key not in cache:
        cache[key] = factory(settings)
    return cache[key]


def analyse_partition(store_url: str, settings: Settings, doc_ids: Sequence[str],
                      factory: PipelineFactory = default_pipeline_factory,
                      progress: Progress | None = None) -> AnalyseReport:
    """Analyse ``doc_ids`` with this worker's pipeline and store the results."""
    pipeline = worker_pipeline(factory, settings)
    store = open_store(store_url)
    try:
        return analyse(store, pipeline, list(doc_ids), progress=progress)
    finally:
        store.close()


def unanalysed_ids(store_url: str) -> list[str]:
    store = open_store(store_url)
    try:
        return [d.doc_id for d in store.documents(only_unanalysed=True)]
    finally:
        store.close()


def partitions(ids: Sequence[str], size: int) -> list[tuple[str, ...]]:
    """Consecutive chunks of ``size`` ids (the last may be shorter)."""
    if size < 1:
        raise ValueError(f"partition size must be at least 1, got {size}")
    return [tuple(ids[i:i + size]) for i in range(0, len(ids), size)]


def merge_reports(reports: Iterable[AnalyseReport]) -> AnalyseReport:
    reports = list(reports)
    return AnalyseReport(documents=sum(r.documents for r in reports),
                         events=sum(r.events for r in reports),
                         mentions=sum(r.mentions for r in reports),
                         failures=tuple(f for r in reports for f in r.failures))
