"""Geoparsing: spotting toponyms, ranking their readings, joint disambiguation -> PlaceMention."""

from sitrep.geoparse.parser import GeoParser

__all__ = ["GeoParser"]
