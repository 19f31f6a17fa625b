"""The hand-checked gold file (../shared/gold/seeds.json) as typed records, and score rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GoldPlace:
    surface: str
    geonameid: int | None
    name: str | None
    lat: float | None
    lon: float | None
    kind: str
    tolerance_km: float | None
    note: str = ""


@dataclass(frozen=True)
class GoldEvent:
    id: str
    type: str
    where: int | None
    also: tuple[int, ...]
    actor: str | None
    sources: tuple[str, ...]
    modality: str  # gold uses "reported" for what the contract calls "asserted"
    date: str | None  # "YYYY-MM-DD", "MM-DD" (year unknown) or "YYYY-MM"
    date_before: str | None
    text: str


@dataclass(frozen=True)
class GoldCheck:
    kind: str
    claim: str
    verdict: str
    why: str


@dataclass(frozen=True)
class GoldDocument:
    file: str
    published: str | None
    places: tuple[GoldPlace, ...]
    events: tuple[GoldEvent, ...]
    checks: tuple[GoldCheck, ...]


@dataclass(frozen=True)
class Gold:
    path: str
    event_types: tuple[str, ...]
    documents: tuple[GoldDocument, ...]


@dataclass(frozen=True)
class Score:
    """One printed figure: ``value`` in [0, 1] for rates, km for distances (``unit``)."""

    name: str
    value: float
    n: int
    unit: str = ""
    note: str = ""


def _place(p: dict) -> GoldPlace:
    return GoldPlace(p["surface"], p.get("geonameid"), p.get("name"), p.get("lat"), p.get("lon"),
                     p.get("kind", "other"), p.get("tolerance_km"), p.get("note", ""))


def _event(e: dict) -> GoldEvent:
    return GoldEvent(e["id"], e["type"], e.get("where"), tuple(e.get("also", ())), e.get("actor"),
                     tuple(e.get("sources", ())), e.get("modality", "reported"), e.get("date"),
                     e.get("date_before"), e.get("text", ""))


def load_gold(path: str | Path) -> Gold:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    docs = tuple(
        GoldDocument(
            d["file"], d.get("published"),
            tuple(_place(p) for p in d.get("places", ())),
            tuple(_event(e) for e in d.get("events", ())),
            tuple(GoldCheck(c["kind"], c["claim"], c["verdict"], c.get("why", ""))
                  for c in d.get("checks", ())),
        )
        for d in raw["documents"]
    )
    return Gold(str(path), tuple(raw.get("event_types", {})), docs)
