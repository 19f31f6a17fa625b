"""The CIR geocoding evaluation on a slice of events.csv, and place_scores on edge cases."""

import pytest

from sitrep.eval.cir import cir_scores, read_rows
from sitrep.eval.gold import Gold, GoldDocument, GoldPlace
from sitrep.eval.places import place_scores
from sitrep.gazetteer import load_gazetteer
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def cir_csv(shared_dir):
    path = shared_dir / "data" / "cir-events" / "events.csv"
    if not path.exists():
        pytest.skip("CIR events not found")
    return path


def test_read_rows_joins_title_and_description(cir_csv):
    rows = read_rows(cir_csv, limit=20)
    assert len(rows) == 20 and all(r.text for r in rows)


def test_cir_scores_beat_the_population_baseline(cir_csv, geonames_zip, katotth_csv, cache_dir):
    gaz = load_gazetteer(Settings(geonames=str(geonames_zip), katotth=str(katotth_csv), cache_dir=str(cache_dir)))
    scores = {s.name: s for s in cir_scores(cir_csv, gaz, limit=1500)}
    assert scores["cir.sitrep.named.acc@10km"].n > 100
    assert scores["cir.sitrep.named.acc@10km"].value > scores["cir.baseline.named.acc@10km"].value
    assert scores["cir.sitrep.named.acc@10km"].value >= 0.85
    assert scores["cir.sitrep.all.coverage"].value == scores["cir.baseline.all.coverage"].value


def test_place_scores_without_analyses_are_zero():
    gold = Gold("x", (), (GoldDocument("a.txt", None, (GoldPlace("Siversk", 694403, "Siversk", 48.86, 38.1,
                                                                 "settlement", 5.0),), (), ()),))
    scores = {s.name: s for s in place_scores(gold, {})}
    assert scores["places.exact_id"].value == 0.0 and scores["places.recall"].value == 0.0
