"""The gazetteer over a built index: lookups by name key, skeleton and location."""

from __future__ import annotations

import math
from typing import Iterable, Sequence

from sitrep.gazetteer.build import GRID, KINDS, IndexData
from sitrep.gazetteer.katotth import km
from sitrep.model import Place


class IndexedGazetteer:
    """:class:`~sitrep.gazetteer.base.Gazetteer` over an :class:`IndexData`.

    Beyond the protocol it offers what ranking needs: ``by_skeleton`` (romanisation-
    tolerant candidates), ``is_preferred`` (alias-table names) and ``all_in_admin1``.
    """

    def __init__(self, data: IndexData) -> None:
        self.data = data
        self.source = data.source
        self._places: dict[int, Place] = {}
        self._row_of_id: dict[str, int] | None = None
        self.built_now = False  # set by load_gazetteer: True when this load built the index
        self._keys_of: dict[int, tuple[str, ...]] | None = None
        self._by_admin1: dict[tuple[str, str], list[int]] | None = None

    def __len__(self) -> int:
        return len(self.data.ids)

    def place(self, row: int) -> Place:
        cached = self._places.get(row)
        if cached is not None:
            return cached
        d = self.data
        country, code = d.countries[row], d.admin1[row]
        admin1 = d.admin1_names.get(f"{country}.{code}", code) if code else None
        p = Place(d.ids[row], d.names[row], KINDS[d.kinds[row]], d.lats[row], d.lons[row],
                  d.geonameids[row] or None, admin1, country, d.fcodes[row], d.populations[row],
                  d.katotth[row])
        self._places[row] = p
        return p

    def rows(self, key: str) -> tuple[int, ...]:
        return self.data.keys.get(key, ())

    def lookup(self, key: str) -> Sequence[Place]:
        return [self.place(r) for r in self.rows(key)]

    def keys_by_skeleton(self, skel: str) -> tuple[str, ...]:
        """Name keys sharing a romanisation-tolerant skeleton (``normalize.skeleton``)."""
        return self.data.skeletons.get(skel, ())

    def is_preferred(self, key: str, place: Place) -> bool:
        return any(self.data.ids[r] == place.place_id for r in self.data.preferred.get(key, ()))

    def get(self, place_id: str) -> Place | None:
        if self._row_of_id is None:
            self._row_of_id = {pid: i for i, pid in enumerate(self.data.ids)}
        row = self._row_of_id.get(place_id)
        return None if row is None else self.place(row)

    def keys_of(self, row: int) -> tuple[str, ...]:
        """Every name key of one row (the reverse map is built on first use)."""
        if self._keys_of is None:
            rev: dict[int, list[str]] = {}
            for key, rows in self.data.keys.items():
                for r in rows:
                    rev.setdefault(r, []).append(key)
            self._keys_of = {r: tuple(k) for r, k in rev.items()}
        return self._keys_of.get(row, ())

    def rows_near(self, lat: float, lon: float, km_: float) -> list[int]:
        d = self.data
        dlat = km_ / 111.0
        dlon = km_ / max(1.0, 111.0 * math.cos(math.radians(lat)))
        out = []
        for gy in range(int((lat - dlat) // GRID), int((lat + dlat) // GRID) + 1):
            for gx in range(int((lon - dlon) // GRID), int((lon + dlon) // GRID) + 1):
                for r in d.grid.get((gy, gx), ()):
                    if km(lat, lon, d.lats[r], d.lons[r]) <= km_:
                        out.append(r)
        return out

    def rows_in_admin1(self, country: str, admin1_name: str) -> list[int]:
        """Rows of one first-level unit, by its readable name (the map is built on first use)."""
        if self._by_admin1 is None:
            d = self.data
            self._by_admin1 = {}
            for r, (c, a) in enumerate(zip(d.countries, d.admin1)):
                name = d.admin1_names.get(f"{c}.{a}")
                if name:
                    self._by_admin1.setdefault((c, name), []).append(r)
        return self._by_admin1.get((country, admin1_name), [])

    def keys(self) -> Iterable[str]:
        return self.data.keys.keys()

    def skeleton_keys(self) -> Iterable[str]:
        return self.data.skeletons.keys()

    def near(self, lat: float, lon: float, km: float) -> Sequence[Place]:
        return [self.place(r) for r in self.rows_near(lat, lon, km)]
