"""Spotting and joint disambiguation on tiny in-memory gazetteers (no shared data)."""

import pytest

from sitrep.gazetteer.build import _columns
from sitrep.gazetteer.index import IndexedGazetteer
from sitrep.gazetteer.sources import RawPlace
from sitrep.geoparse import GeoParser
from sitrep.model import Analysis, Document
from sitrep.nlp.sentences import SentenceSplitter


def _p(pid, name, lat, lon, pop=0, admin1="05", kind="settlement", fcode="PPL", names=()):
    return RawPlace(f"geonames:{pid}", name, kind, lat, lon, pid, admin1, "UA", fcode, pop,
                    names={name, *names})


@pytest.fixture(scope="module")
def gaz():
    places = [
        _p(1, "Myrnohrad", 48.31, 37.27, 46000),
        _p(2, "Fedorivka", 48.38, 37.285),           # 8 km north of Myrnohrad
        _p(3, "Fedorivka", 48.24, 37.26),            # 8 km south of it
        _p(4, "Fedorivka", 50.0, 30.0, 900, "13"),   # far away, bigger
        _p(5, "Piddubne", 48.011, 36.694),
        _p(6, "Myrne", 47.989, 36.707),              # 2.7 km from Piddubne
        _p(7, "Myrne", 49.5, 32.0, 2000, "18"),
        _p(8, "Donetska Oblast", 48.05, 37.67, kind="region", fcode="ADM1", names=("Donetsk region",)),
        _p(9, "Zelena Dolyna", 49.13, 37.81, 89),
        _p(10, "Zelena Dolyna", 48.0, 34.0, 300, "04"),
    ]
    return IndexedGazetteer(_columns(places, "test"))


def _parse(gaz, text):
    doc = Document("d", "d", "", text)
    a = GeoParser(gaz)(SentenceSplitter()(Analysis(doc)))
    return {m.span.text: m for m in a.mentions}


@pytest.mark.parametrize("bearing,expected", [("north", "geonames:2"), ("south", "geonames:3")])
def test_bearing_relation_picks_the_right_homonym(gaz, bearing, expected):
    got = _parse(gaz, f"Troops entered Fedorivka, a village located to the {bearing} of the city of Mirnogorod.")
    assert got["Fedorivka"].place.place_id == expected
    assert got["Mirnogorod"].place.place_id == "geonames:1"


def test_coordinated_places_lie_together(gaz):
    got = _parse(gaz, "Fighting west of the populated points of Mirnoe and Poddubnoe.")
    assert got["Poddubnoe"].place.place_id == "geonames:5"
    assert got["Mirnoe"].place.place_id == "geonames:6"


@pytest.mark.parametrize("text,expected", [
    ("Advances near the village of Zelenaya Dolina in the Donetsk region.", "geonames:9"),
    ("Advances near the village of Zelenaya Dolina.", "geonames:10"),  # no cue: the bigger one
])
def test_region_cue_in_the_sentence(gaz, text, expected):
    assert _parse(gaz, text)["Zelenaya Dolina"].place.place_id == expected


def test_offsets_and_order(gaz):
    text = "Near Myrnohrad and Piddubne."
    mentions = GeoParser(gaz)(SentenceSplitter()(Analysis(Document("d", "d", "", text)))).mentions
    assert [m.span.text for m in mentions] == ["Myrnohrad", "Piddubne"]
    assert all(text[m.span.start:m.span.end] == m.span.text for m in mentions)


@pytest.mark.parametrize("text", [
    "President Vladimir Myrnohrad said nothing.",       # a person's name
    "Myrnohrad said the shelling continued.",          # a speaker
    "a drone operator with the call sign 'Myrnohrad' claimed",
])
def test_non_place_uses_are_vetoed(gaz, text):
    assert "Myrnohrad" not in _parse(gaz, text)


def test_garbled_unknown_name_is_not_confident(gaz):
    got = _parse(gaz, "Near Myrnohrad. We are currently in Draskivka.")
    m = got.get("Draskivka")
    assert m is None or m.place is None or m.confidence <= 0.5
