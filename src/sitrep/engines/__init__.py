"""Engines: run the analysis of stored documents locally or over a Dask cluster.

Both write every result to the store named by a URL and return the same
:class:`sitrep.jobs.AnalyseReport`; for the same documents they store the same events.
"""

from sitrep.engines.dask_engine import run_dask
from sitrep.engines.local import run_local
from sitrep.engines.partition import PipelineFactory, default_pipeline_factory

__all__ = ["PipelineFactory", "default_pipeline_factory", "run_dask", "run_local"]
