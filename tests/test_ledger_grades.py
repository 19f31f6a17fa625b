"""Ledger entries: evidence lines, concession, contradictions, map checks, grades and their inputs."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import box

from sitrep.ledger.frontline import FrontlineArchive
from sitrep.ledger.fusion import Fuser
from sitrep.ledger.grades import reliability_from_record
from sitrep.ledger.ledger import build_ledger
from sitrep.ledger.records import Claim
from sitrep.ledger.sources import SourceRegistry
from sitrep.model import Place, Source, Span, TimeExpr

SIVERSK = Place("geonames:694403", "Siversk", "settlement", 48.86476, 38.09683)
TAKEN = date(2025, 12, 9)
# occupied territory that reaches Siversk on 2025-12-09
ARCHIVE = FrontlineArchive({date(2025, 1, 1): box(38.2, 48.5, 39.0, 49.2),
                            TAKEN: box(38.0, 48.5, 39.0, 49.2),
                            date(2026, 3, 1): box(38.0, 48.5, 39.0, 49.2)}, "synthetic")


@pytest.fixture(scope="module")
def reg() -> SourceRegistry:
    return SourceRegistry.load()


def claim(n: int, chain: tuple[str, ...], day: date | None = date(2025, 12, 10), type_: str = "capture",
          side: str | None = "RU", modality: str = "claimed", text: str = "Seversk captured") -> Claim:
    return Claim(f"e{n}", f"d{n}", type_, SIVERSK, "in", TimeExpr(day, "day" if day else None), None,
                 tuple(Source(s, "outlet") for s in chain), modality, side, Span(f"d{n}", 0, len(text), text))


def entry(reg: SourceRegistry, claims: list[Claim], archive=ARCHIVE):
    f = Fuser()
    f.add_many(claims)
    ledger = build_ledger(f.events(), reg, archive)
    return ledger, next(e for e in ledger.entries if e.event.type == claims[0].type)


@pytest.mark.parametrize("prior, confirmed, contradicted, grade", [
    ("C", 1, 0, "C"), ("C", 10, 0, "A"), ("C", 9, 1, "B"), ("B", 3, 1, "C"), ("B", 2, 2, "D"), ("A", 1, 4, "E")])
def test_reliability_from_track_record(prior, confirmed, contradicted, grade) -> None:
    letter, inputs = reliability_from_record(prior, confirmed, contradicted)
    assert letter == grade and inputs


def test_map_confirmed_capture_is_credibility_1_with_lead_lag(reg) -> None:
    ledger, e = entry(reg, [claim(1, ("TASS",), date(2025, 12, 7)), claim(2, ("Reuters",), date(2025, 12, 11))])
    assert e.grade.credibility == 1 and {m.verdict for m in e.map_checks} == {"confirmed"}
    assert sorted(m.lead_days for m in e.map_checks) == [-2, 2]
    assert any("map confirms" in i for i in e.grade.credibility_inputs)


def test_state_outlets_relaying_one_line_vs_opponent_concession(reg) -> None:
    _, e = entry(reg, [claim(1, ("TASS",)), claim(2, ("RIA Novosti",)), claim(3, ("Izvestia",))], None)
    assert e.lines == ("ru-state-media",) and e.grade.credibility == 3 and not e.conceded
    _, e = entry(reg, [claim(1, ("TASS",)), claim(2, ("Deep State",), type_="withdrawal", side="UA",
                                                  modality="asserted", text="withdrew from Siversk")], None)
    assert e.conceded and e.grade.credibility == 1 and set(e.sides) == {"RU", "UA"}


def test_denial_makes_it_doubtful(reg) -> None:
    _, e = entry(reg, [claim(1, ("TASS",)), claim(2, ("Ukrainian General Staff",), side="RU",
                                                  modality="denied", text="denied that Seversk fell")], None)
    assert e.grade.credibility == 4 and e.contradictions[0].kind == "denial"


def test_premature_claim_is_improbable_and_hurts_the_track_record(reg) -> None:
    ledger, e = entry(reg, [claim(1, ("Mash",), date(2025, 6, 1))])
    assert e.grade.credibility == 5 and e.map_checks[0].verdict == "contradicted"
    mash = next(t for t in ledger.track_records if t.source_id == "mash")
    assert (mash.checked, mash.contradicted) == (1, 1)


def test_speculation_only_cannot_be_judged(reg) -> None:
    _, e = entry(reg, [claim(1, ("TASS",), type_="encirclement", modality="speculative")], None)
    assert e.grade.credibility == 6


def test_undated_capture_shown_by_the_map_is_probably_true_without_lead(reg) -> None:
    _, e = entry(reg, [claim(1, ("TASS",), None)])
    assert e.grade.credibility == 2 and e.map_checks[0].lead_days is None
    assert e.map_checks[0].map_date == TAKEN


def test_advance_toward_a_place_after_its_claimed_capture_is_a_contradiction(reg) -> None:
    claims = [claim(1, ("TASS",), date(2025, 12, 7)),
              claim(2, ("RIA Novosti",), date(2025, 12, 12), type_="advance", text="advancing toward Seversk")]
    f = Fuser()
    f.add_many(claims)
    ledger = build_ledger(f.events(), reg, None)
    kinds = {(c.kind, c.severity) for e in ledger.entries for c in e.contradictions}
    assert ("advance-vs-capture", "contradiction") in kinds


def test_track_record_from_many_confirmed_claims(reg) -> None:
    places = [Place(f"p{i}", f"P{i}", "settlement", 48.86476, 38.09683 + 0.0001 * i) for i in range(4)]
    claims = [Claim(f"e{i}", f"d{i}", "capture", p, "in", TimeExpr(date(2025, 12, 8), "day"), None,
                    (Source("Deep State", "outlet"),), "asserted", "RU", Span(f"d{i}", 0, 1, "x"))
              for i, p in enumerate(places)]
    f = Fuser()
    f.add_many(claims)
    rec = next(t for t in build_ledger(f.events(), reg, ARCHIVE).track_records if t.source_id == "deepstate")
    assert (rec.checked, rec.confirmed, rec.grade) == (4, 4, "B") and rec.mean_lead_days == 1.0
