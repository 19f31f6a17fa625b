"""Capture/withdrawal claims against the map: verdicts and lead/lag."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.ledger.frontline import PointHistory
from sitrep.ledger.records import Claim
from sitrep.ledger.verify import check_claim, direction, judge
from sitrep.model import Place, Source, Span, TimeExpr

START, END = date(2024, 7, 8), date(2026, 8, 22)
TAKEN = date(2025, 12, 9)
HIST = PointHistory(48.86, 38.10, ((TAKEN, None),), START, END)
PLACE = Place("p", "Siversk", "settlement", 48.86, 38.10)


def claim(day: date | None, type_: str = "capture", side: str | None = "RU",
          modality: str = "claimed") -> Claim:
    return Claim("e1", "d1", type_, PLACE, "in", TimeExpr(day, "day" if day else None), None,
                 (Source("TASS", "outlet"),), modality, side, Span("d1", 0, 1, "x"))


@pytest.mark.parametrize("day, verdict, lead", [
    (date(2025, 12, 7), "confirmed", 2),       # claimed two days before the map
    (date(2025, 12, 12), "confirmed", -3),     # the map showed it three days earlier
    (date(2025, 6, 1), "contradicted", 191),   # premature by half a year
    (None, "undated", None),
    (date(2023, 2, 7), "before map", None),
])
def test_capture_claim_verdicts(day, verdict, lead) -> None:
    m = judge(claim(day), HIST, "enter")
    assert (m.verdict, m.lead_days) == (verdict, lead)
    if verdict == "undated":
        assert m.map_date == TAKEN and "no lead or lag" in m.note


def test_not_yet_when_the_map_ends_soon_after() -> None:
    never = PointHistory(48.0, 38.0, (), START, END)
    assert judge(claim(date(2026, 8, 10)), never, "enter").verdict == "not yet"
    assert judge(claim(date(2026, 1, 10)), never, "enter").verdict == "contradicted"


@pytest.mark.parametrize("type_, side, way", [("capture", "RU", "enter"), ("capture", None, "enter"),
                                              ("capture", "UA", "leave"), ("withdrawal", "UA", "enter"),
                                              ("withdrawal", "RU", "leave"), ("advance", "RU", None)])
def test_direction(type_, side, way) -> None:
    assert direction(claim(None, type_, side)) == way


def test_ukrainian_recapture_is_confirmed_by_leaving_the_polygon() -> None:
    lost = PointHistory(49.0, 37.0, ((START, date(2025, 3, 1)),), START, END)
    assert judge(claim(date(2025, 3, 2), "capture", "UA"), lost, "leave").verdict == "confirmed"


def test_denials_are_not_map_checked_and_no_archive_says_so() -> None:
    assert check_claim(claim(date(2025, 12, 7), modality="denied"), None) is None
    assert check_claim(claim(date(2025, 12, 7)), None).verdict == "no map"
