"""The hand-made package data: Ukraine's oblasts, renamed places, features the dumps lack."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sitrep.gazetteer.sources import RawPlace

REGION_WORDS = ("region", "oblast", "province", "oblast'")


@dataclass(frozen=True)
class Admin1:
    code: str
    name: str
    katotth: str
    seat: str
    geonameid: int
    lat: float
    lon: float


def _data_text(name: str) -> str:
    return resources.files("sitrep.data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def ua_admin1() -> tuple[Admin1, ...]:
    lines = [ln for ln in _data_text("ua_admin1.csv").splitlines() if ln and not ln.startswith("#")]
    return tuple(Admin1(r["admin1"], r["name"], r["katotth"], r["seat"], int(r["geonameid"]),
                        float(r["lat"]), float(r["lon"])) for r in csv.DictReader(lines))


@lru_cache(maxsize=1)
def _features() -> dict:
    return json.loads(_data_text("features.json"))


def aliases() -> list[tuple[int, list[str]]]:
    """(geonameid, preferred names) of renamed places and republic names."""
    return [(int(a["geonameid"]), list(a["names"])) for a in _features()["alias"]]


def builtin_features() -> list[RawPlace]:
    out = []
    for f in _features()["feature"]:
        out.append(RawPlace(f["id"], f["name"], f["kind"], float(f["lat"]), float(f["lon"]),
                            f.get("geonameid"), f.get("admin1"), f.get("country"),
                            f.get("feature_code"), int(f.get("population", 0)),
                            names={f["name"], *f["names"]}))
    return out


def admin1_regions() -> list[RawPlace]:
    """The oblasts as region features (the embedded gazetteer has no ADM1 rows)."""
    return [RawPlace(f"geonames:{a.geonameid}", a.name, "region", a.lat, a.lon, a.geonameid, a.code,
                     "UA", "ADM1", 0, names={a.name}) for a in ua_admin1()]


def region_phrases(admin_name: str, seat_names: set[str]) -> set[str]:
    """"Donetsk region", "Kharkov oblast": how English text names an oblast by its seat."""
    stems = {admin_name.rsplit(" ", 1)[0]} | seat_names
    return {f"{stem} {word}" for stem in stems for word in REGION_WORDS}
