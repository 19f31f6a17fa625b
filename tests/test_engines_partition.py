"""How engines cut work into partitions and merge the reports workers send back."""

from __future__ import annotations

import threading

import pytest

from sitrep.engines.partition import merge_reports, partitions, worker_pipeline
from sitrep.jobs import AnalyseReport
from sitrep.nlp.sentences import SentenceSplitter
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

IDS = [f"d{i}" for i in range(7)]


@pytest.mark.parametrize("size,expected", [
    (3, [("d0", "d1", "d2"), ("d3", "d4", "d5"), ("d6",)]),
    (7, [tuple(IDS)]),
    (100, [tuple(IDS)]),
    (1, [(i,) for i in IDS]),
])
def test_engines_partitions_cover_every_id_once_in_order(size, expected):
    assert partitions(IDS, size) == expected
    assert partitions([], size) == []


@pytest.mark.parametrize("size", [0, -1])
def test_engines_partitions_refuse_empty_size(size):
    with pytest.raises(ValueError, match="at least 1"):
        partitions(IDS, size)


@pytest.mark.parametrize("reports,expected", [
    ([], AnalyseReport()),
    ([AnalyseReport(2, 5, 7, ("a: x",)), AnalyseReport(1, 0, 3), AnalyseReport(0, 0, 0, ("b: y",))],
     AnalyseReport(3, 5, 10, ("a: x", "b: y"))),
])
def test_engines_merge_reports_sums_and_keeps_failures_in_partition_order(reports, expected):
    assert merge_reports(reports) == expected


BUILT: list[int] = []


def splitter_only(settings: Settings) -> Pipeline:
    BUILT.append(threading.get_ident())
    return Pipeline([SentenceSplitter()])


def test_engines_worker_pipeline_built_once_per_thread():
    BUILT.clear()
    settings = Settings.from_env(environ={})
    first = worker_pipeline(splitter_only, settings)
    assert worker_pipeline(splitter_only, settings) is first
    other: list[Pipeline] = []
    t = threading.Thread(target=lambda: other.append(worker_pipeline(splitter_only, settings)))
    t.start()
    t.join()
    assert other[0] is not first and len(BUILT) == 2
    assert worker_pipeline(splitter_only, settings.with_(max_doc_bytes=10)) is not first


def test_engines_dask_missing_is_a_clear_config_error(monkeypatch, tmp_path):
    """Without the scale extra, --engine dask says what to install (it was an internal error)."""
    import sys

    from sitrep.engines import run_dask
    from sitrep.errors import ConfigError

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ConfigError, match=r"needs Dask: pip install 'sitrep\[scale\]'"):
        run_dask(str(tmp_path / "s.db"), Settings(cache_dir=str(tmp_path)), ["d1"])
