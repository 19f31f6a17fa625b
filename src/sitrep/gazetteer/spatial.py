"""Vectorised great-circle distances (numpy) for ranking and radius queries.

The same haversine as :func:`sitrep.gazetteer.katotth.km`, over arrays: ranking
compares every reading of a document with every other mention's choice, and a
radius query tests every place of a few grid cells, so one numpy call replaces
thousands of Python-level ``km`` calls.
"""

from __future__ import annotations

import numpy as np

EARTH_KM = 6371.0


def km_matrix(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Distances (km) between every point 1 (rows) and every point 2 (columns); degrees in."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dl = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    return _haversine(p1, p2, dl)


def km_to_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Distances (km) from one point to each of ``lats``/``lons`` (degrees)."""
    p1, p2 = np.radians(lat), np.radians(lats)
    return _haversine(p1, p2, np.radians(lons) - np.radians(lon))


def _haversine(p1, p2, dl) -> np.ndarray:
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
