"""Library functions behind the CLI and API: ingest, analyse, extract, run.

Each takes its collaborators (settings, store, pipeline) as arguments and
returns a typed report; a bad input is recorded and skipped, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Iterator, Sequence, TextIO

from sitrep.errors import InputError
from sitrep.model import Analysis, Document
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store.base import Store

Progress = Callable[[int], None]  # called with the number of items just finished


@dataclass(frozen=True)
class IngestReport:
    added: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    errors: tuple[InputError, ...] = ()


@dataclass(frozen=True)
class AnalyseReport:
    documents: int = 0
    events: int = 0
    mentions: int = 0
    failures: tuple[str, ...] = field(default=())


def read(paths: Sequence[str], settings: Settings, published: date | None = None,
         stdin: TextIO | None = None) -> Iterator[Document | InputError]:
    from sitrep.ingest import read_inputs

    return read_inputs(paths, settings, published=published, stdin=stdin)


def ingest(items: Iterable[Document | InputError], store: Store,
           progress: Progress | None = None) -> IngestReport:
    added: list[str] = []
    dups: list[str] = []
    errors: list[InputError] = []
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
            store.record_error(item.input_id, item.reason)
        elif store.add_document(item):
            added.append(item.doc_id)
        else:
            dups.append(item.doc_id)
        if progress:
            progress(1)
    return IngestReport(tuple(added), tuple(dups), tuple(errors))


def analyse(store: Store, pipeline: Pipeline, doc_ids: Iterable[str] | None = None,
            progress: Progress | None = None) -> AnalyseReport:
    """Analyse the given documents (default: every document not analysed yet)."""
    if doc_ids is None:
        docs: Iterable[Document] = list(store.documents(only_unanalysed=True))
    else:
        docs = [d for d in (store.get_document(i) for i in doc_ids) if d is not None]
    n = events = mentions = 0
    failures: list[str] = []
    for doc in docs:
        try:
            result = pipeline.run(doc)
        except Exception as exc:  # a bug on one document must not abort the batch
            failures.append(f"{doc.input_id}: analysis failed: {type(exc).__name__}: {exc}")
            continue
        store.save_analysis(result)
        n += 1
        events += len(result.events)
        mentions += len(result.mentions)
        if progress:
            progress(1)
    return AnalyseReport(n, events, mentions, tuple(failures))


def extract(items: Iterable[Document | InputError],
            pipeline: Pipeline) -> Iterator[Analysis | InputError]:
    """Analyse without storing, in input order."""
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield pipeline.run(item)
        except Exception as exc:
            yield InputError(item.input_id, f"analysis failed: {type(exc).__name__}: {exc}")


ENGINES = ("local", "dask")


def analyse_stored(settings: Settings, store: Store, engine: str = "local", *,
                   scheduler: str | None = None, workers: int | None = None,
                   pipeline_factory: Callable[[], Pipeline] | None = None,
                   progress: Progress | None = None) -> AnalyseReport:
    """Analyse every stored document not analysed yet, on the chosen engine.

    ``local`` runs here with one pipeline (built by ``pipeline_factory``, loading the gazetteer
    once); ``dask`` partitions the document ids over a cluster's workers (``scheduler`` address,
    or a local cluster of ``workers`` processes), each building its own pipeline and writing to
    the store by URL: the store must be reachable from the workers (PostgreSQL, or a SQLite
    file on a shared filesystem).
    """
    from sitrep.errors import ConfigError

    if engine == "local":
        if pipeline_factory is None:
            from sitrep.analyze import default_pipeline
            from sitrep.gazetteer import load_gazetteer

            pipeline = default_pipeline(load_gazetteer(settings))
        else:
            pipeline = pipeline_factory()
        return analyse(store, pipeline, progress=progress)
    if engine == "dask":
        from sitrep.engines import run_dask

        return run_dask(store.url, settings, scheduler=scheduler, workers=workers,
                        progress=progress)
    raise ConfigError(f"--engine: expected one of {', '.join(ENGINES)}, got {engine!r}")
