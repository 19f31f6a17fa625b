"""Gazetteer: the interface (``base``), index building/caching and the indexed implementation."""

from sitrep.gazetteer.base import Gazetteer
from sitrep.gazetteer.index import IndexedGazetteer
from sitrep.gazetteer.load import load_gazetteer

__all__ = ["Gazetteer", "IndexedGazetteer", "load_gazetteer"]
