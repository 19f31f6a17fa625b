"""Seeds gold acceptance with the UA GeoNames dump + KATOTTH codifier."""

import pytest

from sitrep.eval.gold import load_gold
from sitrep.eval.places import _pairs, place_scores
from sitrep.gazetteer import load_gazetteer
from sitrep.gazetteer.katotth import km
from sitrep.geoparse import GeoParser
from sitrep.model import Analysis, Document
from sitrep.nlp.sentences import SentenceSplitter
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def analyses(geonames_zip, katotth_csv, cache_dir, seeds_dir, gold_path):
    gaz = load_gazetteer(Settings(geonames=str(geonames_zip), katotth=str(katotth_csv),
                                  cache_dir=str(cache_dir)))
    parser, splitter = GeoParser(gaz), SentenceSplitter()
    gold = load_gold(gold_path)
    out = {}
    for doc in gold.documents:
        text = (seeds_dir / doc.file).read_text(encoding="utf-8")
        out[doc.file] = parser(splitter(Analysis(Document(doc.file, doc.file, "", text))))
    return gold, out


def test_every_gold_geonameid_resolved(analyses):
    gold, an = analyses
    wrong = [(d.file, gp.surface, m and m.place and m.place.place_id)
             for d, gp, m in _pairs(gold, an) if gp.geonameid
             and (m is None or m.place is None or m.place.geonameid != gp.geonameid)]
    assert wrong == []


def test_every_settlement_within_tolerance(analyses):
    gold, an = analyses
    far = [(d.file, gp.surface) for d, gp, m in _pairs(gold, an)
           if gp.kind == "settlement" and gp.tolerance_km
           and (m is None or m.place is None or km(gp.lat, gp.lon, m.place.lat, m.place.lon) > gp.tolerance_km)]
    assert far == []


@pytest.mark.parametrize("kind", ["region", "water"])
def test_regions_and_water_have_their_kind(analyses, kind):
    gold, an = analyses
    bad = [(d.file, gp.surface) for d, gp, m in _pairs(gold, an)
           if gp.kind == kind and (m is None or m.place is None or m.place.kind != kind)]
    assert bad == []


def test_garbled_name_is_not_confidently_resolved(analyses):
    gold, an = analyses
    drask = [m for d, gp, m in _pairs(gold, an) if gp.surface == "Draskivka"]
    assert drask and all(m is None or m.place is None or m.confidence <= 0.5 for m in drask)


def test_mentions_sorted_with_exact_offsets(analyses):
    _, an = analyses
    for a in an.values():
        starts = [m.span.start for m in a.mentions]
        assert starts == sorted(starts)
        assert all(a.document.text[m.span.start:m.span.end] == m.span.text for m in a.mentions)
        assert all(0.0 <= m.confidence <= 1.0 and m.precision in (1, 2, 3) for m in a.mentions)


@pytest.mark.parametrize("surface", ["Putin", "Pushilin", "Marochko", "Tass", "Mash", "Izvestia", "Rostov"])
def test_people_and_outlets_are_not_places(analyses, surface):
    _, an = analyses
    assert not [m for a in an.values() for m in a.mentions if m.span.text == surface]


def test_place_scores_report_all_figures(analyses):
    gold, an = analyses
    scores = {s.name: s for s in place_scores(gold, an)}
    assert scores["places.exact_id"].value == 1.0
    assert scores["places.within_tolerance"].value == 1.0
    assert scores["places.recall"].n == sum(len(d.places) for d in gold.documents)
    assert 0.0 < scores["places.precision"].value <= 1.0
