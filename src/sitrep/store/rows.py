"""Row shapes both SQL stores share: the same columns in the same order map to the model alike."""

from __future__ import annotations

from typing import Sequence

from sitrep.model import Place

DOC_SELECT = ("SELECT doc_id, input_id, title, text, published, source, url, media_type "
              "FROM documents")
PLACE_COLS = ("place_id, name, kind, lat, lon, geonameid, admin1, country, feature_code, "
              "population, katotth")
PLACE_COLS_P = ", ".join("p." + c.strip() for c in PLACE_COLS.split(","))
PLACE_SELECT = f"SELECT {PLACE_COLS} FROM places"


def place_from_row(row: Sequence) -> Place:
    """A Place from PLACE_COLS (or PLACE_COLS_P) in their order."""
    return Place(place_id=row[0], name=row[1], kind=row[2], lat=row[3], lon=row[4],
                 geonameid=row[5], admin1=row[6], country=row[7], feature_code=row[8],
                 population=row[9] or 0, katotth=row[10])
