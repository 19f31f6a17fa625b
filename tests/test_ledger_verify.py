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


def _lyman_register():
    from sitrep.gazetteer.hostilities import HostilityRegister, ListEntry, Period

    # Lyman: occupied 2022-05-25 .. 2022-09-30 (two adjoining rows), Crimea since 2014
    return HostilityRegister([
        ListEntry("UA14120110010088407", "м. Лиман", (Period("occupied", date(2022, 5, 25), date(2022, 7, 1)),
                                                     Period("occupied", date(2022, 7, 2), date(2022, 9, 30)))),
        ListEntry("UA14120110000031497", "громада", (Period("active", date(2023, 1, 1), None),)),
        ListEntry("UA01000000000013043", "Крим", (Period("occupied", date(2014, 2, 20), None),))],
        "perelik_test.docx")


LYMAN = Place("l", "Lyman", "settlement", 48.98, 37.81, katotth="UA14120110010088407")


@pytest.mark.parametrize("day, type_, side, place, verdict, official_day", [
    (date(2022, 5, 26), "capture", "RU", LYMAN, "confirmed", date(2022, 5, 25)),
    (date(2022, 4, 1), "capture", "RU", LYMAN, "contradicted", date(2022, 5, 25)),  # 54 days early
    (date(2022, 10, 1), "capture", "UA", LYMAN, "confirmed", date(2022, 10, 1)),    # liberated
    (date(2022, 10, 1), "withdrawal", "UA", LYMAN, "contradicted", None),  # "UA left" after it was freed
    # a settlement the list never names as occupied: a capture claim is contradicted
    (date(2022, 6, 1), "capture", "RU",
     Place("k", "Kramatorsk", "settlement", 48.72, 37.56, katotth="UA14120090010078832"), "contradicted", None),
])
def test_verify_official_list_judges_claims_the_map_cannot(day, type_, side, place, verdict,
                                                           official_day) -> None:
    c = Claim("e1", "d1", type_, place, "in", TimeExpr(day, "day"), None,
              (Source("TASS", "outlet"),), "claimed", side, Span("d1", 0, 1, "x"))
    m = check_claim(c, None, _lyman_register())
    assert (m.verdict, m.map_date) == (verdict, official_day), m.note
    assert "official list" in m.note


def test_verify_map_verdicts_win_over_the_official_list() -> None:
    m = check_claim(claim(date(2025, 12, 7)), None, None)
    assert m.verdict == "no map"  # no list either: nothing to judge with
    no_code = check_claim(claim(date(2022, 5, 26)), None, _lyman_register())
    assert no_code.verdict == "no map"  # the place has no KATOTTH code


def test_verify_official_history_merges_adjoining_periods() -> None:
    from sitrep.ledger.verify import official_history

    h = official_history(LYMAN.katotth, "Lyman", _lyman_register())
    assert h.intervals == ((date(2022, 5, 25), date(2022, 10, 1)),)
    assert (h.first_snapshot, h.last_snapshot) == (date(2014, 2, 20), date(2023, 1, 1))


def test_verify_claim_before_the_map_goes_to_the_official_list() -> None:
    from shapely.geometry import box

    from sitrep.ledger.frontline import FrontlineArchive

    archive = FrontlineArchive({date(2024, 7, 8): box(37.9, 48.9, 38.0, 49.0)}, "synthetic")
    c = Claim("e1", "d1", "capture", LYMAN, "in", TimeExpr(date(2022, 5, 27), "day"), None,
              (Source("TASS", "outlet"),), "claimed", "RU", Span("d1", 0, 1, "x"))
    assert check_claim(c, archive).verdict == "before map"
    m = check_claim(c, archive, _lyman_register())
    assert (m.verdict, m.lead_days) == ("confirmed", -2) and m.note.startswith("official list")
