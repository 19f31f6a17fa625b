"""ACLED-schema CSV: ACLED's column names, one row per event.

What sitrep does not know is left empty (``source_scale``) or given ACLED's own default
(``fatalities`` 0: ACLED codes "no fatalities reported" as 0). sitrep's finer facts that
ACLED has no column for (event type, modality, source chain) go into ``tags``.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, TextIO

from sitrep.model import Place
from sitrep.store.base import StoredEvent

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "inter1", "actor2", "country", "admin1", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp",
)

# ACLED's actor names for the two state forces; other actors keep the name found in the text.
_SIDE_ACTOR = {"RU": "Military Forces of Russia (2000-)", "UA": "Military Forces of Ukraine (2019-)"}
# ACLED interaction codes: 1 state forces, 8 external/other forces (how ACLED codes Russia's
# forces in Ukraine); 0 unknown.
_SIDE_INTER = {"UA": "1", "RU": "8"}
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence",
             "Strategic developments": "Strategic developments", "Protests": "Demonstrations",
             "Riots": "Demonstrations"}
_TIME_PRECISION = {"day": "1", "week": "2", "month": "3", "year": "3"}
_FORMULA_START = frozenset("=+-@\t\r")
_COUNTRIES = {"UA": "Ukraine", "RU": "Russia", "BY": "Belarus", "MD": "Moldova"}


@lru_cache(maxsize=1)
def _admin1_names() -> Mapping[str, str]:
    """GeoNames admin1 code -> oblast name as ACLED writes it ("Donetsk", not "Donetsk Oblast")."""
    try:
        text = resources.files("sitrep.data").joinpath("ua_admin1.csv").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    rows = csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#"))
    return {r["admin1"]: r["name"].removesuffix(" Oblast").removesuffix(" City")
            for r in rows if r.get("admin1") and r.get("name")}


def cell(text: str) -> str:
    """Text from articles must not run as a spreadsheet formula when the CSV is opened.

    A leading ``= + - @`` (or tab / CR) makes Excel and LibreOffice evaluate the cell; a
    leading apostrophe is the conventional neutraliser (OWASP "CSV injection").
    """
    return "'" + text if text[:1] in _FORMULA_START else text


def admin1_name(code: str | None) -> str:
    if not code:
        return ""
    # the gazetteer may store the GeoNames code ("05") or the name ("Donetsk Oblast")
    return _admin1_names().get(code, code).removesuffix(" Oblast").removesuffix(" City")


def _actor(actor: tuple[str, str | None] | None) -> tuple[str, str]:
    if actor is None:
        return "", ""
    name, side = actor
    return _SIDE_ACTOR.get(side or "", name), _SIDE_INTER.get(side or "", "0")


def _tags(e: StoredEvent) -> str:
    chain = " <- ".join(name for name, _role in e.sources)
    tags = [f"sitrep_type={e.type}", f"modality={e.modality}"]
    if chain:
        tags.append(f"source_chain={chain}")
    if e.background:
        tags.append("background")
    return "; ".join(tags)


def acled_row(e: StoredEvent, place: Place | None, timestamp: int) -> dict[str, str]:
    day = date.fromisoformat(e.date_value) if e.date_value else None
    actor1, inter1 = _actor(e.actors[0] if e.actors else None)
    actor2, _ = _actor(e.actors[1] if len(e.actors) > 1 else None)
    country = (place.country if place else None) or ("UA" if e.place_id else "")
    return {
        "event_id_cnty": f"UKR{e.event_id}", "event_date": day.isoformat() if day else "",
        "year": str(day.year) if day else "",
        "time_precision": _TIME_PRECISION.get(e.date_precision or "", ""),
        "disorder_type": _DISORDER.get(e.acled_event_type or "", ""),
        "event_type": e.acled_event_type or "", "sub_event_type": e.acled_sub_event_type or "",
        "actor1": cell(actor1), "inter1": inter1, "actor2": cell(actor2),
        "country": _COUNTRIES.get(country, country),
        "admin1": admin1_name(place.admin1 if place else None),
        "location": cell(e.place_name or ""),
        "latitude": f"{e.lat:.5f}" if e.lat is not None else "",
        "longitude": f"{e.lon:.5f}" if e.lon is not None else "",
        "geo_precision": str(e.location_precision or ""),
        "source": cell("; ".join(name for name, _role in e.sources)), "source_scale": "",
        "notes": cell(e.evidence_text), "fatalities": "0", "tags": cell(_tags(e)),
        "timestamp": str(timestamp),
    }


def write_acled(events: Iterable[StoredEvent], places: Mapping[str, Place], out: TextIO,
                timestamp: int) -> int:
    """Write the header and one row per event; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for e in events:
        writer.writerow(acled_row(e, places.get(e.place_id or ""), timestamp))
        n += 1
    return n
