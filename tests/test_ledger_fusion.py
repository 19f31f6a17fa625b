"""Fusion of reports into events: what merges, what does not, why, incrementally, stably."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sitrep.ledger.fusion import (FusionConfig, Fuser, WordWeights, claim_window, content_words,
                                  text_similarity)
from sitrep.ledger.records import Claim
from sitrep.model import Place, Source, Span, TimeExpr

SIVERSK = Place("geonames:694403", "Siversk", "settlement", 48.86476, 38.09683, population=11000)
SIVERSK_KATOTTH = Place("katotth:UA1", "Siversk", "settlement", 48.868, 38.100)  # 0.4 km away
SOLEDAR = Place("geonames:706757", "Soledar", "settlement", 48.6921, 38.07098)
KHARKIV = Place("geonames:706483", "Kharkiv", "settlement", 49.98081, 36.25272)


def claim(n: int, text: str, type_: str = "capture", place: Place | None = SIVERSK,
          day: date | None = None, published: date | None = None, side: str | None = "RU",
          outlet: str = "TASS", modality: str = "claimed") -> Claim:
    doc = f"d{n}"
    return Claim(f"e{n}", doc, type_, place, "in", TimeExpr(day, "day" if day else None), published,
                 (Source(outlet, "outlet"),), modality, side, Span(doc, 0, len(text), text))


SIVERSK_REPORTS = [
    claim(1, "Russian forces captured Seversk", published=date(2025, 12, 8), outlet="TASS"),
    claim(2, "The liberation of Seversk was announced by the Ministry", published=date(2025, 12, 9),
          outlet="RIA Novosti"),
    claim(3, "Ukrainian troops withdrew from Siversk", type_="withdrawal", side="UA",
          published=date(2025, 12, 11), outlet="Deep State", modality="asserted"),
    claim(4, "Siversk has fallen", place=SIVERSK_KATOTTH, day=date(2025, 12, 10), outlet="Reuters",
          modality="asserted", side=None),
    claim(5, "Putin congratulated the troops on taking Seversk", outlet="Izvestia"),  # undated
]


def test_capture_reported_by_five_outlets_over_days_is_one_event() -> None:
    f = Fuser()
    links = f.add_many(SIVERSK_REPORTS)
    events = f.events()
    assert len(events) == 1 and len(events[0].claims) == 5 and events[0].type == "capture"
    founded = [l for l in links if l.matched_claim_id is None]
    assert len(founded) == 1
    joined = {l.claim_id: l.reasons for l in links if l.matched_claim_id}
    assert any("one change of control" in r for r in joined["e3"])
    assert any("0.4 km" in r for r in joined["e4"])
    assert any("undated" in r for r in joined["e5"])


@pytest.mark.parametrize("other, why", [
    (claim(9, "Russian forces captured Soledar", place=SOLEDAR, published=date(2025, 12, 8)), "place"),
    (claim(9, "Russian forces captured Seversk", published=date(2026, 3, 1)), "date"),
    (claim(9, "Ukrainian forces recaptured Seversk", side="UA", published=date(2025, 12, 9)), "side"),
    (claim(9, "Russian forces advance on Seversk", type_="advance", published=date(2025, 12, 8)), "type"),
    (claim(9, "Russian forces captured Seversk", place=None, published=date(2025, 12, 8)), "no place"),
])
def test_incompatible_reports_found_their_own_event(other: Claim, why: str) -> None:
    f = Fuser()
    f.add_many(SIVERSK_REPORTS[:2] + [other])
    assert f.event_of("e9") != f.event_of("e1"), why


def test_distinct_strikes_at_one_place_and_day_stay_apart_rewordings_merge() -> None:
    d = date(2022, 3, 2)
    reports = [claim(1, "Missile strike on the regional administration building", "strike", KHARKIV, d),
               claim(2, "A missile hit the regional administration building, Reuters reported", "strike",
                     KHARKIV, d, outlet="Reuters"),
               claim(3, "Cluster munitions damaged a residential block and cars", "strike", KHARKIV, d)]
    f = Fuser()
    f.add_many(reports)
    assert f.event_of("e1") == f.event_of("e2") != f.event_of("e3")


def test_incremental_additions_keep_event_keys_and_batch_equals_incremental() -> None:
    batch = Fuser()
    batch.add_many(SIVERSK_REPORTS)
    step = Fuser()
    step.add_many(SIVERSK_REPORTS[:2])
    key = step.event_of("e1")
    for c in SIVERSK_REPORTS[2:]:
        step.add(c)
    assert step.event_of("e1") == key == batch.event_of("e1")
    assert {c.claim_id: step.event_of(c.claim_id) for c in SIVERSK_REPORTS} == \
        {c.claim_id: batch.event_of(c.claim_id) for c in SIVERSK_REPORTS}


def test_keys_do_not_depend_on_input_order() -> None:
    a, b = Fuser(), Fuser()
    a.add_many(SIVERSK_REPORTS)
    b.add_many(list(reversed(SIVERSK_REPORTS)))
    assert [e.event_key for e in a.events()] == [e.event_key for e in b.events()]


def test_adding_a_claim_twice_is_a_no_op() -> None:
    f = Fuser()
    first = f.add(SIVERSK_REPORTS[0])
    assert f.add(SIVERSK_REPORTS[0]) == first and len(f.events()[0].claims) == 1


def test_restored_events_accept_new_claims_under_their_stored_key() -> None:
    f = Fuser()
    f.restore("Fstored", SIVERSK_REPORTS[:2])
    link = f.add(SIVERSK_REPORTS[2])
    assert link.event_key == "Fstored" and len(f.events()) == 1


def test_no_chaining_of_dates_beyond_the_tolerance() -> None:
    start = date(2025, 1, 1)
    chain = [claim(i, "Russian forces captured Seversk", day=start + timedelta(days=7 * i)) for i in range(4)]
    f = Fuser(FusionConfig(control_day_tolerance=10))
    f.add_many(chain)
    assert f.event_of("e0") == f.event_of("e1") and f.event_of("e0") != f.event_of("e2")


@pytest.mark.parametrize("t, published, window", [
    (TimeExpr(date(2025, 3, 1), "month"), None, (date(2025, 3, 1), date(2025, 3, 31))),
    (TimeExpr(date(2025, 3, 3), "week"), None, (date(2025, 3, 3), date(2025, 3, 9))),
    (TimeExpr(date(2025, 3, 3), "day", relation="before"), None, (date(1900, 1, 1), date(2025, 3, 3))),
    (TimeExpr(None, None), date(2025, 3, 5), (date(2025, 3, 2), date(2025, 3, 5))),
])
def test_claim_windows(t: TimeExpr, published, window) -> None:
    c = Claim("e", "d", "strike", None, "in", t, published, (), "asserted", None, Span("d", 0, 1, "x"))
    assert claim_window(c, news_lag_days=3) == window


@pytest.mark.parametrize("a, b, low, high", [
    ("Tanks transported by train", "A train transporting tanks", 0.99, 1.0),
    ("Damage to a school", "Destroyed bridge over the river", 0.0, 0.01),
])
def test_text_similarity_tolerates_inflection(a: str, b: str, low: float, high: float) -> None:
    assert low <= text_similarity(content_words(a), content_words(b)) <= high


def test_fusion_common_words_weigh_less_once_seen_often() -> None:
    """Two strikes at one town sharing only "destroyed ... building" are told apart once many
    claims have shown those words to be common; a shared rare words ("railway bridge") still join."""
    w = WordWeights()
    a, b = content_words("Destroyed apartment building"), content_words("Destroyed office building")
    plain = text_similarity(a, b, w, w.floor)
    for n in range(300):
        w.add(content_words(f"Destroyed building {'apartment' if n % 3 else 'office'} number"))
    common = text_similarity(a, b, w, w.floor)
    rare = text_similarity(content_words("Destroyed railway bridge"), content_words("Railway bridge destroyed"),
                           w, w.floor)
    assert plain == pytest.approx(2 / 3, abs=0.01) and common < 0.5 and rare > 0.9


def test_fusion_distinct_strikes_same_day_stay_apart_after_history() -> None:
    f = Fuser()
    day = date(2025, 3, 1)
    history = [claim(100 + n, f"Residential building destroyed by shelling, block {n}", type_="strike",
                     place=KHARKIV, day=day - timedelta(days=10 * n + 20)) for n in range(40)]
    f.add_many(history)
    one = claim(1, "Shelling destroyed a residential building and the central market", type_="strike",
                place=KHARKIV, day=day)
    two = claim(2, "Residential building destroyed, school hit by shelling", type_="strike",
                place=KHARKIV, day=day, outlet="Reuters")
    again = claim(3, "The central market destroyed by shelling", type_="strike", place=KHARKIV, day=day,
                  outlet="Suspilne")
    f.add_many([one, two, again])
    assert f.event_of("e1") == f.event_of("e3") != f.event_of("e2")
