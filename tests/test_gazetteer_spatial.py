"""Vectorised distances and index lookups agree with the plain per-place versions."""

import math
import random

import numpy as np
import pytest

from sitrep.gazetteer.build import _columns
from sitrep.gazetteer.index import IndexedGazetteer
from sitrep.gazetteer.katotth import km
from sitrep.gazetteer.sources import RawPlace
from sitrep.gazetteer.spatial import km_matrix, km_to_many


@pytest.fixture(scope="module")
def gaz():
    rng = random.Random(3)
    places = [RawPlace(f"geonames:{i}", f"Place{i}", "settlement", 47.0 + rng.random() * 3,
                       33.0 + rng.random() * 5, i, "05", "UA", "PPL", 0,
                       names={f"Place{i}", f"Alias{i % 50}"}) for i in range(1, 3000)]
    return IndexedGazetteer(_columns(places, "test"))


@pytest.mark.parametrize("a, b", [((48.0, 37.0), (48.0, 37.0)), ((48.0, 37.0), (48.5, 37.9)),
                                  ((46.5, 30.7), (50.45, 30.52)), ((-33.9, 151.2), (51.5, -0.1))])
def test_gazetteer_spatial_matches_haversine(a, b):
    many = km_to_many(a[0], a[1], np.array([b[0]]), np.array([b[1]]))[0]
    matrix = km_matrix(np.array([a[0]]), np.array([a[1]]), np.array([b[0]]), np.array([b[1]]))[0, 0]
    assert math.isclose(many, km(*a, *b), abs_tol=1e-6)
    assert math.isclose(matrix, km(*a, *b), abs_tol=1e-6)


@pytest.mark.parametrize("lat, lon, radius", [(48.0, 35.0, 30.0), (47.1, 33.2, 5.0), (49.9, 37.9, 80.0),
                                              (10.0, 10.0, 50.0)])
def test_gazetteer_spatial_rows_near_is_a_radius_query(gaz, lat, lon, radius):
    d = gaz.data
    brute = sorted(r for r in range(len(d.ids)) if km(lat, lon, d.lats[r], d.lons[r]) <= radius)
    assert sorted(gaz.rows_near(lat, lon, radius)) == brute


@pytest.mark.parametrize("rows", [[], [0], [5, 1, 5], list(range(0, 3000, 7))])
def test_gazetteer_spatial_keys_of_rows_is_the_union_of_keys_of(gaz, rows):
    expected = {k for r in rows for k in gaz.keys_of(r)}
    got = gaz.keys_of_rows(rows)
    assert set(got) == expected and len(got) == len(expected)
    assert all(gaz.rows(k) for k in got)


@pytest.mark.parametrize("row", [0, 1, 49, 2998])
def test_gazetteer_spatial_keys_of_is_the_reverse_of_the_key_map(gaz, row):
    assert set(gaz.keys_of(row)) == {k for k, rows in gaz.data.keys.items() if row in rows}
