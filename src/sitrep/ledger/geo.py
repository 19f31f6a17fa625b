"""Small geodesy for checks: great-circle distance, bearing, distance to a line or area."""

from __future__ import annotations

import math

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

EARTH_KM = 6371.0088
COMPASS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
           "southwest": 225.0, "west": 270.0, "northwest": 315.0}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


def angle_diff(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def compass_name(deg: float) -> str:
    names = list(COMPASS)
    return names[int(((deg + 22.5) % 360) // 45)]


def km_to_geometry(lat: float, lon: float, geom: BaseGeometry) -> float:
    """Distance in km from a point to a lon/lat geometry (0 inside an area).

    Uses an equirectangular projection centred on the point: within a few hundred km
    the error is a few percent, far below the tolerances of the checks that use it.
    """
    kx = 111.320 * math.cos(math.radians(lat))
    ky = 110.574
    local = shapely.transform(geom, lambda xy: (xy - (lon, lat)) * (kx, ky))
    return local.distance(Point(0.0, 0.0))
