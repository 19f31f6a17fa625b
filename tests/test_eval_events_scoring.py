"""The event scorer itself, on hand-built gold and analyses; CIR weak labels."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.eval.events import cir_label, date_ok, event_scores, sources_ok
from sitrep.eval.gold import Gold, GoldDocument, GoldEvent
from sitrep.model import Analysis, Document, Event, EventLocation, Place, Source, Span, TimeExpr

DOC = Document("d1", "f.txt", "", "Russian forces advanced toward Siversk.", published=date(2023, 2, 7))
SIVERSK = Place("geonames:694403", "Siversk", "settlement", 48.8, 38.1, geonameid=694403)


def _event(etype="advance", place=SIVERSK, sources=("TASS",), modality="claimed",
           when=TimeExpr(date(2023, 2, 7), "day"), background=False) -> Event:
    ev = Span("d1", 0, len(DOC.text), DOC.text)
    return Event("e1", "d1", etype, None, None, EventLocation(place, 1) if place else None, when, (),
                 tuple(Source(s, "outlet") for s in sources), modality, ev, background=background)  # type: ignore[arg-type]


def _gold(**kw) -> Gold:
    base = dict(id="g1", type="advance", where=694403, also=(), actor="RU", sources=("Tass",),
                modality="claimed", date=None, date_before=None, text="advanced toward Siversk")
    base.update(kw)
    return Gold("x", (), (GoldDocument("f.txt", "2023-02-07", (), (GoldEvent(**base),), ()),))


def _scores(gold, *events):
    return {s.name: s.value for s in event_scores(gold, {"f.txt": Analysis(DOC, events=events)})}


@pytest.mark.parametrize("event,gold_kw,found,src,mod", [
    (_event(), {}, 1, 1, 1),
    (_event(etype="capture"), {}, 0, 0, 0),
    (_event(sources=("TASS", "Vitaliy Kiselyov")), {}, 1, 0, 1),
    (_event(modality="asserted"), {"modality": "reported", "sources": ("TASS",)}, 1, 1, 1),
    (_event(place=None), {"where": None}, 1, 1, 1),
])
def test_eval_events_matching(event, gold_kw, found, src, mod):
    s = _scores(_gold(**gold_kw), event)
    assert (s["events.found"], s["events.sources"], s["events.modality"]) == (found, src, mod)


@pytest.mark.parametrize("when,gold_kw,ok", [
    (TimeExpr(None, "day", note="07-20"), {"date": "07-20"}, True),
    (TimeExpr(None, "day", note="07-19"), {"date": "07-20"}, False),
    (TimeExpr(date(2023, 1, 1), "month", note="mid"), {"date": "2023-01"}, True),
    (TimeExpr(date(2023, 1, 1), "month", relation="before"), {"date_before": "2023-01-31"}, True),
    (TimeExpr(date(2023, 2, 7), "day", relation="on"), {"date_before": "2023-02-07"}, False),
    (TimeExpr(date(2023, 2, 6), "day"), {"date": "2023-02-06"}, True),
    (TimeExpr(date(2023, 2, 6), "day"), {}, None),
])
def test_eval_events_date_rules(when, gold_kw, ok):
    g = _gold(**gold_kw).documents[0].events[0]
    assert date_ok(_event(when=when), g) is ok


def test_eval_events_background_on_publication_day_is_counted():
    s = _scores(_gold(), _event(background=True))
    assert s["events.background_on_publication_day"] == 1


def test_eval_events_sources_loose_both_directions():
    g = _gold(sources=("drone operator 'Rostov'", "RIA Novosti")).documents[0].events[0]
    assert sources_ok(_event(sources=("RIA Novosti", "Russian drone operator 'Rostov'")), g)
    assert not sources_ok(_event(sources=("RIA Novosti",)), g)


@pytest.mark.parametrize("group,level,label", [
    ("Bombing or Explosion Feb - June", "2", "strike"),
    ("Civilian Infrastructure Damage March 2022", "1", None),
    ("Civilian Infrastructure Damage March 2022", "3", "strike"),
    ("Ground Battle", "2", "clash"),
    ("Russian Military Presence March 2022", "1", "none"),
    ("Russian Military Presence March 2022", "2", None),
    ("Munitions ", "1", None),
])
def test_eval_events_cir_labels(group, level, label):
    got = cir_label({"event_group": group, "violence level": level})
    assert (got[0] if got else None) == label
