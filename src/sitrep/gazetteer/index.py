"""The gazetteer over a built index: lookups by name key, skeleton and location."""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

from sitrep.gazetteer.build import GRID, KINDS, IndexData
from sitrep.gazetteer.hostilities import HostilityRegister
from sitrep.gazetteer.spatial import km_to_many
from sitrep.model import Place


class IndexedGazetteer:
    """:class:`~sitrep.gazetteer.base.Gazetteer` over an :class:`IndexData`.

    Beyond the protocol it offers what ranking needs: ``by_skeleton`` (romanisation-
    tolerant candidates), ``is_preferred`` (alias-table names) and ``all_in_admin1``.
    """

    def __init__(self, data: IndexData) -> None:
        self.data = data
        # the official list of territories with hostilities/occupation (load_gazetteer sets it
        # from the settings): the geoparser's war-zone prior
        self.hostilities: HostilityRegister | None = None
        self.source = data.source
        self._places: dict[int, Place] = {}
        self._row_of_id: dict[str, int] | None = None
        self.built_now = False  # set by load_gazetteer: True when this load built the index
        self._keys: tuple[list[str], np.ndarray, np.ndarray] | None = None
        self._key_arr: np.ndarray | None = None  # the keys as an object array, for fancy indexing
        self._by_admin1: dict[tuple[str, str], list[int]] | None = None
        self._cells: dict[tuple[int, int], np.ndarray] = {}
        self._admin1_keys: dict[tuple[str, str], list[str]] = {}
        self._lat_arr: np.ndarray | None = None
        self._lon_arr: np.ndarray | None = None

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
        """Every name key of one row."""
        keys, ptr, ids = self._key_table()
        return tuple(keys[i] for i in ids[ptr[row]:ptr[row + 1]].tolist())

    def keys_of_rows(self, rows: Iterable[int]) -> list[str]:
        """The distinct name keys of many rows (in key order), without a Python loop per row."""
        keys, ptr, ids = self._key_table()
        rows = np.fromiter(rows, dtype=np.int64)
        starts, lens = ptr[rows], ptr[rows + 1] - ptr[rows]
        ends = np.cumsum(lens)
        at = np.repeat(starts - ends + lens, lens) + np.arange(int(ends[-1]) if len(ends) else 0)
        # a mask over all key ids is ~4x faster than np.unique (a hash and a sort) for the
        # thousands of ids of an oblast or a 30 km radius; same ascending order
        seen = np.zeros(len(keys), dtype=bool)
        seen[ids[at]] = True
        if self._key_arr is None:
            self._key_arr = np.array(keys, dtype=object)
        return self._key_arr[np.flatnonzero(seen)].tolist()

    def _key_table(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Keys as ids, and per row the ids of its keys (CSR: ids[ptr[r]:ptr[r + 1]]), built
        on first use (fuzzy matching needs every name of a few thousand rows per document)."""
        if self._keys is None:
            keys = list(self.data.keys)
            sizes = np.fromiter((len(v) for v in self.data.keys.values()), dtype=np.int64, count=len(keys))
            rows = np.fromiter((r for v in self.data.keys.values() for r in v), dtype=np.int64,
                               count=int(sizes.sum()))
            key_ids = np.repeat(np.arange(len(keys), dtype=np.int64), sizes)
            order = np.argsort(rows, kind="stable")
            ptr = np.zeros(len(self.data.ids) + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=len(self.data.ids)), out=ptr[1:])
            self._keys = (keys, ptr, key_ids[order])
        return self._keys

    def rows_near(self, lat: float, lon: float, km_: float) -> list[int]:
        """Rows within ``km_`` of a point: the grid cells of its bounding box, one numpy test."""
        dlat = km_ / 111.0
        dlon = km_ / max(1.0, 111.0 * math.cos(math.radians(lat)))
        cells = [self._cell(gy, gx)
                 for gy in range(int((lat - dlat) // GRID), int((lat + dlat) // GRID) + 1)
                 for gx in range(int((lon - dlon) // GRID), int((lon + dlon) // GRID) + 1)]
        cells = [c for c in cells if len(c)]
        if not cells:
            return []
        rows = np.concatenate(cells) if len(cells) > 1 else cells[0]
        lats, lons = self._coords()
        near = km_to_many(lat, lon, lats[rows], lons[rows]) <= km_
        return rows[near].tolist()

    def _cell(self, gy: int, gx: int) -> np.ndarray:
        # cells become arrays on first use: the pickled index stays plain tuples
        cell = self._cells.get((gy, gx))
        if cell is None:
            cell = np.array(self.data.grid.get((gy, gx), ()), dtype=np.int64)
            self._cells[(gy, gx)] = cell
        return cell

    def _coords(self) -> tuple[np.ndarray, np.ndarray]:
        if self._lat_arr is None:
            self._lat_arr = np.array(self.data.lats, dtype=np.float64)
            self._lon_arr = np.array(self.data.lons, dtype=np.float64)
        return self._lat_arr, self._lon_arr

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

    def keys_in_admin1(self, country: str, admin1_name: str) -> list[str]:
        """The distinct name keys of one first-level unit's rows (cached: fuzzy matching
        searches an oblast's names once per document that names the oblast)."""
        cached = self._admin1_keys.get((country, admin1_name))
        if cached is None:
            rows = self.rows_in_admin1(country, admin1_name)
            cached = self.keys_of_rows(rows)
            self._admin1_keys[(country, admin1_name)] = cached
        return cached

    def keys(self) -> Iterable[str]:
        return self.data.keys.keys()

    def skeleton_keys(self) -> Iterable[str]:
        return self.data.skeletons.keys()

    def near(self, lat: float, lon: float, km: float) -> Sequence[Place]:
        return [self.place(r) for r in self.rows_near(lat, lon, km)]
