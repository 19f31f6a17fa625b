"""The gazetteer interface that geoparsing and verification depend on.

Implementations: :class:`sitrep.gazetteer.index.IndexedGazetteer` over an index
built from a GeoNames dump (+ KATOTTH) or from the embedded packages, and small
in-memory ones in tests.
"""

from __future__ import annotations

from typing import Iterable, Protocol, Sequence

from sitrep.model import Place


class Gazetteer(Protocol):
    #: a short description of where the data came from (shown in summaries, stored with runs)
    source: str

    def lookup(self, key: str) -> Sequence[Place]:
        """Places whose some name normalises (``gazetteer.normalize.name_key``) to ``key``."""
        ...

    def get(self, place_id: str) -> Place | None: ...

    def keys(self) -> Iterable[str]:
        """Every normalised name key (used to build spotters)."""
        ...

    def near(self, lat: float, lon: float, km: float) -> Sequence[Place]:
        """Places within ``km`` of a point."""
        ...
