"""Dated occupied-territory polygons (DeepStateMap snapshots): independent front-line evidence.

An archive is either a directory of daily files named ``..._YYYYMMDD.geojson`` (one
snapshot per file, all features unioned) or one GeoJSON file whose features carry a
date property (``date``, ``day``, ``datetime`` or ``timestamp``; features sharing a date
are unioned into one snapshot).

Terms used throughout (see docs/ledger.md):

* **snapshot**: the occupied territory as drawn on one date. Between snapshots the
  territory is assumed unchanged, so ``geometry_on(day)`` is the latest snapshot on or
  before ``day``.
* **inside interval**: a maximal run of consecutive snapshots whose polygon contains a
  point, as ``(first snapshot inside, first snapshot outside again or None)``. A point can
  have several intervals: territory lost and regained is handled by scanning every
  snapshot, never by binary search (which assumes a single change).
* **first inside**: the date of the earliest snapshot containing the point. If that is
  the archive's first snapshot the true date is unknown (on or before it):
  :meth:`FrontlineArchive.history` says so with ``inside_at_start``.
* **last change**: the date of the latest snapshot whose membership differs from the
  snapshot before it (None if it never changed within the archive).

Cost (measured on the 769 DeepState files, 60 MB, see bench/RESULTS.md): parsing every
file takes ~8 s; parsed geometries are therefore kept in memory (~36 MB of WKB) and in a
binary cache file in the cache directory (reloaded in ~0.3 s), keyed by the names, sizes
and modification times of the input files. Single-day lookups (``geometry_on`` /
``geojson_on``) parse only the one file they need.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from sitrep.errors import InputError

_FILE_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})\D*\.geojson$", re.IGNORECASE)
_DATE_KEYS = ("date", "day", "datetime", "timestamp", "Date", "DATE")
_CACHE_MAGIC = b"SITREPFL1\n"


@dataclass(frozen=True)
class PointHistory:
    """Everything the archive says about one point."""

    lat: float
    lon: float
    intervals: tuple[tuple[date, date | None], ...]  # (first inside, first outside again | None)
    first_snapshot: date
    last_snapshot: date

    @property
    def first_inside(self) -> date | None:
        return self.intervals[0][0] if self.intervals else None

    @property
    def inside_at_start(self) -> bool:
        """Inside already in the first snapshot: the real entry date is unknown (earlier)."""
        return bool(self.intervals) and self.intervals[0][0] == self.first_snapshot

    @property
    def inside_at_end(self) -> bool:
        return bool(self.intervals) and self.intervals[-1][1] is None

    @property
    def last_change(self) -> date | None:
        if not self.intervals:
            return None
        start, end = self.intervals[-1]
        if end is not None:
            return end
        return None if start == self.first_snapshot else start

    def inside_on(self, day: date) -> bool | None:
        """Membership on ``day`` (None before the archive starts)."""
        if day < self.first_snapshot:
            return None
        return any(s <= day and (e is None or day < e) for s, e in self.intervals)


class FrontlineArchive:
    """Lazy, cached access to a series of dated occupied-territory snapshots."""

    def __init__(self, sources: dict[date, Any], origin: str,
                 cache_dir: str | Path | None = None) -> None:
        # sources: date -> Path (one file per day) or an already built geometry
        if not sources:
            raise InputError(origin, "no dated occupied-territory snapshots found")
        self.origin = origin
        self._sources = dict(sorted(sources.items()))
        self._dates = list(self._sources)
        self._ordinals = np.array([d.toordinal() for d in self._dates])
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._all: list[BaseGeometry] | None = None
        self._points: dict[tuple[float, float], PointHistory] = {}
        self._one = lru_cache(maxsize=8)(self._load_one)
        self._simplified = lru_cache(maxsize=64)(self._simplify)

    # -- construction -------------------------------------------------------------
    @classmethod
    def from_path(cls, path: str | Path, cache_dir: str | Path | None = None) -> "FrontlineArchive":
        """A directory of dated GeoJSON files, or one GeoJSON file with dated features.

        ``cache_dir``: where the parsed-geometry cache is written (None: the ``cache_dir``
        setting, i.e. SITREP_CACHE_DIR or the user cache directory).
        """
        p = Path(path)
        if cache_dir is None:
            from sitrep.settings import Settings

            cache_dir = Settings.from_env().cache_dir
        if p.is_dir():
            return cls(_dated_files(p), str(p), cache_dir)
        if p.is_file():
            return cls(_dated_features(p), str(p), None)
        raise InputError(str(p), "no such front-line file or directory")

    # -- queries --------------------------------------------------------------------
    def dates(self) -> list[date]:
        return list(self._dates)

    def snapshot_date(self, day: date) -> date | None:
        """The date of the latest snapshot on or before ``day``."""
        i = int(np.searchsorted(self._ordinals, day.toordinal(), side="right")) - 1
        return self._dates[i] if i >= 0 else None

    def geometry_on(self, day: date) -> BaseGeometry | None:
        snap = self.snapshot_date(day)
        if snap is None:
            return None
        if self._all is not None:
            return self._all[self._dates.index(snap)]
        return self._one(snap)

    def geojson_on(self, day: date, simplify_tolerance: float = 0.005) -> dict | None:
        """A GeoJSON Feature (simplified for display) of the territory held on ``day``."""
        snap = self.snapshot_date(day)
        if snap is None:
            return None
        geom = self._simplified(snap, float(simplify_tolerance))
        return {"type": "Feature", "geometry": mapping(geom),
                "properties": {"date": snap.isoformat(), "requested": day.isoformat(),
                               "simplify_tolerance": simplify_tolerance, "source": self.origin}}

    def first_inside(self, lat: float, lon: float) -> date | None:
        """Date of the earliest snapshot whose polygon contains the point (see module doc)."""
        return self.history(lat, lon).first_inside

    def history(self, lat: float, lon: float) -> PointHistory:
        return self.histories([(lat, lon)])[0]

    def histories(self, points: Sequence[tuple[float, float]]) -> list[PointHistory]:
        """Inside intervals of many points: one vectorised pass over every snapshot."""
        keys = [(round(lat, 6), round(lon, 6)) for lat, lon in points]
        todo = sorted({k for k in keys if k not in self._points})
        if todo:
            lats = np.array([k[0] for k in todo])
            lons = np.array([k[1] for k in todo])
            inside = np.stack([shapely.contains_xy(g, lons, lats) for g in self._geometries()])
            for j, key in enumerate(todo):
                self._points[key] = PointHistory(
                    key[0], key[1], _intervals(self._dates, inside[:, j]),
                    self._dates[0], self._dates[-1])
        return [self._points[k] for k in keys]

    # -- loading --------------------------------------------------------------------
    def _load_one(self, snap: date) -> BaseGeometry:
        src = self._sources[snap]
        return src if isinstance(src, BaseGeometry) else _read_geometry(src)

    def _simplify(self, snap: date, tolerance: float) -> BaseGeometry:
        geom = self.geometry_on(snap)
        assert geom is not None
        return geom.simplify(tolerance, preserve_topology=True) if tolerance > 0 else geom

    def _geometries(self) -> list[BaseGeometry]:
        if self._all is None:
            geoms = self._read_cache()
            if geoms is None:
                geoms = [self._load_one(d) for d in self._dates]
                self._write_cache(geoms)
            for g in geoms:
                shapely.prepare(g)
            self._all = geoms
        return self._all

    def _cache_path(self) -> Path | None:
        if self._cache_dir is None:
            return None
        h = hashlib.sha256()
        for d, src in self._sources.items():
            st = Path(src).stat()
            h.update(f"{d}|{Path(src).name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
        return self._cache_dir / f"frontline-{h.hexdigest()[:20]}.bin"

    def _read_cache(self) -> list[BaseGeometry] | None:
        path = self._cache_path()
        if path is None or not path.exists():
            return None
        try:
            return _unpack(path.read_bytes(), len(self._dates))
        except (ValueError, struct.error, shapely.errors.GEOSException):
            return None  # a damaged cache is rebuilt, never trusted

    def _write_cache(self, geoms: list[BaseGeometry]) -> None:
        path = self._cache_path()
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(_pack(geoms))
            tmp.replace(path)  # atomic: a concurrent reader never sees half a file
        except OSError:
            pass  # the cache is an optimisation; a read-only cache dir must not fail queries


def _intervals(dates: list[date], inside: np.ndarray) -> tuple[tuple[date, date | None], ...]:
    out: list[tuple[date, date | None]] = []
    start: date | None = None
    for d, flag in zip(dates, inside):
        if flag and start is None:
            start = d
        elif not flag and start is not None:
            out.append((start, d))
            start = None
    if start is not None:
        out.append((start, None))
    return tuple(out)


def _pack(geoms: list[BaseGeometry]) -> bytes:
    blobs = shapely.to_wkb(geoms)
    head = struct.pack(f"<I{len(blobs)}I", len(blobs), *(len(b) for b in blobs))
    return _CACHE_MAGIC + head + b"".join(blobs)


def _unpack(data: bytes, expected: int) -> list[BaseGeometry]:
    if not data.startswith(_CACHE_MAGIC):
        raise ValueError("not a front-line cache")
    pos = len(_CACHE_MAGIC)
    (n,) = struct.unpack_from("<I", data, pos)
    if n != expected:
        raise ValueError("cache size mismatch")
    sizes = struct.unpack_from(f"<{n}I", data, pos + 4)
    pos += 4 + 4 * n
    blobs = []
    for size in sizes:
        blobs.append(data[pos:pos + size])
        pos += size
    return list(shapely.from_wkb(blobs))


def _dated_files(folder: Path) -> dict[date, Path]:
    found: dict[date, Path] = {}
    for p in sorted(folder.iterdir()):
        m = _FILE_DATE.search(p.name)
        if m and p.is_file():
            try:
                found[date(int(m[1]), int(m[2]), int(m[3]))] = p
            except ValueError:
                continue  # e.g. ..._20241399.geojson: not a date, not a snapshot
    return found


def _load_json(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return json.loads(fh.read())
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read GeoJSON: {exc}") from exc


def _read_geometry(path: Path) -> BaseGeometry:
    return _union(f.get("geometry") for f in _features(_load_json(path), path))


def _features(doc: dict, path: Path) -> list[dict]:
    if doc.get("type") == "FeatureCollection":
        return list(doc.get("features") or [])
    if doc.get("type") == "Feature":
        return [doc]
    raise InputError(str(path), "expected a GeoJSON Feature or FeatureCollection")


def _union(geometries: Iterable[dict | None]) -> BaseGeometry:
    shapes = [shape(g) for g in geometries if g]
    shapes = [s if s.is_valid else shapely.make_valid(s) for s in shapes]
    return shapely.union_all(shapes) if shapes else shapely.Polygon()


def _dated_features(path: Path) -> dict[date, BaseGeometry]:
    by_day: dict[date, list[dict]] = {}
    for f in _features(_load_json(path), path):
        day = _feature_date(f.get("properties") or {})
        if day is not None:
            by_day.setdefault(day, []).append(f.get("geometry"))
    if not by_day:
        m = _FILE_DATE.search(path.name)  # a single daily file: its name carries the date
        if m:
            return {date(int(m[1]), int(m[2]), int(m[3])): _read_geometry(path)}
    return {d: _union(gs) for d, gs in by_day.items()}


def _feature_date(props: dict) -> date | None:
    for key in _DATE_KEYS:
        value = props.get(key)
        if isinstance(value, (int, float)) and key == "timestamp":
            return datetime.fromtimestamp(value / (1000 if value > 1e11 else 1), timezone.utc).date()
        if isinstance(value, str) and len(value) >= 8:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                try:
                    return datetime.strptime(value[:8], "%Y%m%d").date()
                except ValueError:
                    continue
    return None
