"""The local engine: one process, documents analysed in store order."""

from __future__ import annotations

from typing import Sequence

from sitrep.engines.partition import (PipelineFactory, analyse_partition,
                                      default_pipeline_factory, unanalysed_ids)
from sitrep.jobs import AnalyseReport, Progress
from sitrep.settings import Settings


def run_local(store_url: str, settings: Settings, doc_ids: Sequence[str] | None = None, *,
              factory: PipelineFactory = default_pipeline_factory,
              progress: Progress | None = None) -> AnalyseReport:
    """Analyse ``doc_ids`` (default: every stored document not analysed yet) in this process."""
    ids = list(doc_ids) if doc_ids is not None else unanalysed_ids(store_url)
    if not ids:
        return AnalyseReport()
    return analyse_partition(store_url, settings, ids, factory, progress)
