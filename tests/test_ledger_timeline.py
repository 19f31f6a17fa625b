"""Control timeline of a settlement: claims and map observations in order, undated apart."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import box

from sitrep.ledger.frontline import FrontlineArchive
from sitrep.ledger.fusion import Fuser
from sitrep.ledger.ledger import build_ledger
from sitrep.ledger.records import Claim
from sitrep.ledger.sources import SourceRegistry
from sitrep.ledger.timeline import control_timeline
from sitrep.model import Place, Source, Span, TimeExpr

SIVERSK = Place("geonames:694403", "Siversk", "settlement", 48.86476, 38.09683)
OUTSIDE, INSIDE = box(38.2, 48.5, 39.0, 49.2), box(38.0, 48.5, 39.0, 49.2)
ARCHIVE = FrontlineArchive({date(2025, 1, 1): OUTSIDE, date(2025, 12, 9): INSIDE,
                            date(2026, 2, 1): OUTSIDE, date(2026, 3, 1): INSIDE}, "synthetic")


def claim(n: int, type_: str, day: date | None, side: str = "RU", modality: str = "claimed") -> Claim:
    text = f"{type_} at Seversk"
    return Claim(f"e{n}", f"d{n}", type_, SIVERSK, "in", TimeExpr(day, "day" if day else None), None,
                 (Source("TASS", "outlet"),), modality, side, Span(f"d{n}", 0, len(text), text))


def timeline(claims: list[Claim]):
    f = Fuser()
    f.add_many(claims)
    return control_timeline(SIVERSK, build_ledger(f.events(), SourceRegistry.load(), ARCHIVE), ARCHIVE)


def test_states_follow_claims_and_the_map() -> None:
    tl = timeline([claim(1, "advance", date(2025, 11, 1)), claim(2, "capture", date(2025, 12, 5)),
                   claim(3, "withdrawal", None, side="UA", modality="asserted")])
    changes = [(e.day, e.state) for e in tl.entries if e.change]
    assert changes == [(date(2025, 1, 1), "held"), (date(2025, 11, 1), "contested"),
                       (date(2025, 12, 5), "claimed captured by RU"), (date(2025, 12, 9), "confirmed occupied"),
                       (date(2026, 2, 1), "held"), (date(2026, 3, 1), "confirmed occupied")]
    assert tl.first_inside == date(2025, 12, 9)
    assert [(e.day, e.state, e.claim_id) for e in tl.undated] == [(None, "claimed captured by RU", "e3")]
    assert tl.state_on(date(2025, 12, 6)) == "claimed captured by RU"
    assert tl.state_on(date(2026, 2, 15)) == "held"


def test_claims_do_not_override_map_observations() -> None:
    tl = timeline([claim(1, "advance", date(2025, 12, 20))])
    late = next(e for e in tl.entries if e.claim_id == "e1")
    assert not late.change and late.state == "confirmed occupied"


def test_recapture_claim_while_occupied() -> None:
    tl = timeline([claim(1, "capture", date(2026, 1, 10), side="UA")])
    e = next(e for e in tl.entries if e.claim_id == "e1")
    assert e.change and e.state == "claimed retaken by UA"


def test_no_map_gives_claims_only() -> None:
    f = Fuser()
    f.add_many([claim(1, "capture", date(2025, 12, 5))])
    tl = control_timeline(SIVERSK, build_ledger(f.events(), SourceRegistry.load()), None)
    assert [e.state for e in tl.entries] == ["claimed captured by RU"] and tl.first_inside is None


def _register(*periods: tuple[str, date, date | None], code: str = "UA14020150000011111"):
    from sitrep.gazetteer.hostilities import HostilityRegister, ListEntry, Period

    return HostilityRegister([ListEntry(code, "громада", (Period(s, a, b),)) for s, a, b in periods],
                             "perelik_test.docx")


LYMAN = Place("geonames:1", "Lyman", "settlement", 48.98, 37.81, katotth="UA14020150010012345")


@pytest.mark.parametrize("periods, expected", [
    # occupied, then retaken: the state returns to held the day after the end
    ([("occupied", date(2022, 5, 25), date(2022, 9, 30))],
     [(date(2022, 5, 25), "confirmed occupied"), (date(2022, 10, 1), "held")]),
    # an end followed by another status at once: no held in between
    ([("active", date(2022, 2, 25), date(2022, 5, 24)), ("occupied", date(2022, 5, 25), None)],
     [(date(2022, 2, 25), "contested"), (date(2022, 5, 25), "confirmed occupied")]),
    # possible hostilities are a precaution, not an observation: no state
    ([("possible", date(2023, 1, 1), None)], []),
])
def test_timeline_official_list_periods_set_states(periods, expected) -> None:
    tl = control_timeline(LYMAN, build_ledger([], SourceRegistry.load(), None), None,
                          _register(*periods))
    assert [(e.day, e.state) for e in tl.entries if e.change] == expected
    assert all("official list (perelik_test.docx)" in e.evidence for e in tl.entries)


def test_timeline_official_list_needs_the_settlements_code() -> None:
    elsewhere = Place("geonames:2", "Lviv", "settlement", 49.84, 24.03, katotth="UA46060250010015970")
    reg = _register(("occupied", date(2022, 5, 25), None))
    assert control_timeline(elsewhere, build_ledger([], SourceRegistry.load(), None), None, reg).entries == ()
    assert control_timeline(SIVERSK, build_ledger([], SourceRegistry.load(), None), None, reg).entries == ()
