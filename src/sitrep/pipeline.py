"""The pipeline: an ordered list of small stages over one :class:`Analysis`.

Each stage declares which fields of the analysis it needs and which it adds;
:func:`check_order` refuses a list in which a stage would run before what it
needs exists. Stages are plain callables ``Analysis -> Analysis``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from sitrep.errors import ConfigError
from sitrep.model import Analysis, Document


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, analysis: Analysis) -> Analysis: ...


@dataclass(frozen=True)
class StageTiming:
    name: str
    seconds: float


def check_order(stages: Sequence[Stage]) -> None:
    have = {"document"}
    for stage in stages:
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise ConfigError(f"stage {stage.name!r} needs {', '.join(missing)} "
                              "which no earlier stage provides")
        have.update(stage.provides)


class Pipeline:
    """Runs stages in order; optionally records the time spent in each."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        check_order(stages)
        self.stages = tuple(stages)
        self.timings: dict[str, float] = {s.name: 0.0 for s in self.stages}

    def __call__(self, document: Document) -> Analysis:
        return self.run(document)

    def run(self, document: Document, clock: Callable[[], float] | None = None) -> Analysis:
        analysis = Analysis(document=document)
        for stage in self.stages:
            t0 = clock() if clock else 0.0
            analysis = stage(analysis)
            if clock:
                self.timings[stage.name] += clock() - t0
        return analysis

    def run_many(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        for doc in documents:
            yield self.run(doc)
