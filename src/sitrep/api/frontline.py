"""Front-line data for the API: loading the archive, control status and timelines.

The archive itself is :class:`sitrep.ledger.frontline.FrontlineArchive`; this module
only adapts it to what the map and the place endpoints show.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from functools import lru_cache
from typing import Any, Sequence

from sitrep.api.ledger import ControlPeriod
from sitrep.model import Place
from sitrep.settings import Settings

BASIS = "DeepStateMap occupied-territory snapshots"


def load_frontline(settings: Settings) -> Any | None:
    """The archive named by ``settings.frontline``, or None when unset."""
    if not settings.frontline:
        return None
    from sitrep.ledger.frontline import FrontlineArchive

    return FrontlineArchive.from_path(settings.frontline, cache_dir=settings.cache_dir)


class FrontlineView:
    """Per-day membership of many points, cached per snapshot (the slider asks repeatedly)."""

    def __init__(self, archive: Any) -> None:
        self.archive = archive
        self._dates: list[date] = archive.dates()
        self._inside = lru_cache(maxsize=64)(self._inside_uncached)

    @property
    def dates(self) -> list[date]:
        return self._dates

    def snapshot(self, day: date) -> date | None:
        i = bisect_right(self._dates, day)
        return self._dates[i - 1] if i else None

    def occupied(self, day: date, points: Sequence[tuple[float, float]]) -> list[bool] | None:
        """Whether each (lat, lon) lies inside the territory held on ``day``."""
        snap = self.snapshot(day)
        if snap is None:
            return None
        flags = self._inside(snap, tuple(points))
        return list(flags)

    def _inside_uncached(self, snap: date, points: tuple[tuple[float, float], ...]) -> tuple:
        import numpy as np
        import shapely

        geom = self.archive.geometry_on(snap)
        if geom is None or not points:
            return tuple(False for _ in points)
        lats = np.array([p[0] for p in points])
        lons = np.array([p[1] for p in points])
        return tuple(bool(x) for x in shapely.contains_xy(geom, lons, lats))

    def timeline(self, place: Place) -> list[ControlPeriod]:
        """Occupied / not-occupied periods of a point over the whole archive."""
        if place.lat is None or place.lon is None:
            return []
        h = self.archive.history(place.lat, place.lon)
        periods: list[ControlPeriod] = []
        cursor: date | None = h.first_snapshot
        for start, end in h.intervals:
            if cursor is not None and start > cursor:
                periods.append(ControlPeriod(cursor, start, "not occupied", BASIS))
            periods.append(ControlPeriod(start, end, "occupied", BASIS,
                                         start_uncertain=start == h.first_snapshot))
            cursor = end
        if cursor is not None:
            periods.append(ControlPeriod(cursor, None, "not occupied", BASIS,
                                         start_uncertain=cursor == h.first_snapshot))
        return periods
