"""Issue 4 acceptance on the seeds gold (needs the GeoNames dump, KATOTTH and the gazetteer)."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.eval.gold import load_gold
from sitrep.model import Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scores(gold_path, seeds_dir, geonames_zip, katotth_csv, cache_dir):
    gazetteer_mod = pytest.importorskip("sitrep.gazetteer")
    if not hasattr(gazetteer_mod, "load_gazetteer"):
        pytest.skip("sitrep.gazetteer.load_gazetteer not available yet")
    from sitrep.analyze import default_pipeline
    from sitrep.eval.events import event_scores
    from sitrep.settings import Settings

    gaz = gazetteer_mod.load_gazetteer(Settings.from_env(
        geonames=str(geonames_zip), katotth=str(katotth_csv), cache_dir=str(cache_dir)))
    pipeline = default_pipeline(gaz)
    gold = load_gold(gold_path)
    analyses = {}
    for gd in gold.documents:
        text = (seeds_dir / gd.file).read_text(encoding="utf-8")
        published = date.fromisoformat(gd.published) if gd.published else None  # document metadata
        analyses[gd.file] = pipeline(Document(gd.file, gd.file, "", text, published=published))
    return {s.name: s for s in event_scores(gold, analyses)}


@pytest.mark.parametrize("name,minimum", [
    ("events.sources", 0.9),
    ("events.modality", 0.9),
])
def test_eval_events_seeds_found_events_are_right(scores, name, minimum):
    assert scores[name].value >= minimum, scores[name]


def test_eval_events_seeds_found_with_type_and_place(scores):
    # issue 4 asks >= 0.9; misses so far come from place resolution (see the score's note)
    assert scores["events.found"].value >= 0.9, scores["events.found"]


def test_eval_events_seeds_dates_of_found_events(scores):
    s = scores["events.date_found"]
    assert s.n > 0 and s.value == 1.0, s


def test_eval_events_seeds_no_background_on_publication_day(scores):
    assert scores["events.background_on_publication_day"].value == 0
