"""Geography checks on hand-built analyses: each kind, with cases that must come out consistent."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

import pytest

from sitrep.gazetteer.normalize import name_key
from sitrep.ledger.checks import check_analysis
from sitrep.ledger.geo import haversine_km
from sitrep.model import Analysis, Document, Place, PlaceMention, Span
from sitrep.nlp.sentences import SentenceSplitter

P = {
    "Siversk": Place("geonames:694403", "Siversk", "settlement", 48.86476, 38.09683, admin1="Donetsk Oblast",
                     population=11000),
    "Mykolaivka": Place("geonames:700126", "Mykolaivka", "settlement", 48.74518, 38.05457, admin1="Donetsk Oblast"),
    "Mykolaivka-far": Place("geonames:700119", "Mykolaivka", "settlement", 48.86193, 37.76835,
                            admin1="Donetsk Oblast"),
    "Fedorivka": Place("geonames:9112086", "Fedorivka", "settlement", 48.38, 37.28529, admin1="Donetsk Oblast"),
    "Myrnohrad": Place("geonames:710035", "Myrnohrad", "settlement", 48.3099, 37.26513, admin1="Donetsk Oblast"),
    "Kharkiv": Place("geonames:706483", "Kharkiv", "settlement", 49.98081, 36.25272, admin1="Kharkiv Oblast"),
    "Sevastopol": Place("geonames:694423", "Sevastopol", "settlement", 44.60795, 33.52134,
                        admin1="Sevastopol City"),
    "Sievierodonetsk": Place("geonames:691999", "Sievierodonetsk", "settlement", 48.94414, 38.48754,
                             admin1="Luhansk Oblast"),
    "Lviv": Place("geonames:702550", "Lviv", "settlement", 49.83826, 24.02324, admin1="Lviv Oblast"),
    "Odesa": Place("geonames:698740", "Odesa", "settlement", 46.47747, 30.73262, admin1="Odesa Oblast"),
    "Azov": Place("builtin:sea-of-azov", "Sea of Azov", "water", 46.1, 36.7),
    "Donets": Place("builtin:siverskyi-donets", "Siverskyi Donets", "water", 48.9, 38.1),
    "Lake": Place("builtin:some-lake", "Some Lake", "water", 48.0, 30.0),
    "Donetsk Oblast": Place("geonames:709716", "Donetsk Oblast", "region", 48.05, 37.66667,
                            admin1="Donetsk Oblast", feature_code="ADM1"),
    "Crimea": Place("geonames:703884", "Crimea", "region", 45.0, 34.0, admin1="Crimea", feature_code="RGN"),
}
NAMES = {"seversk": ["Siversk"], "siversk": ["Siversk"], "nikolaevka": ["Mykolaivka-far"]}


class TinyGazetteer:
    """In-memory gazetteer over the places above (real coordinates)."""

    source = "test"

    def lookup(self, key: str) -> Sequence[Place]:
        return [P[n] for n in NAMES.get(key, [])] + [p for p in P.values() if name_key(p.name) == key]

    def get(self, place_id: str) -> Place | None:
        return next((p for p in P.values() if p.place_id == place_id), None)

    def keys(self) -> Iterable[str]:
        return NAMES.keys()

    def near(self, lat: float, lon: float, km: float) -> Sequence[Place]:
        return [p for p in P.values() if haversine_km(lat, lon, p.lat, p.lon) <= km]


def analysis(text: str, resolved: dict[str, str]) -> Analysis:
    """Mentions of each surface in ``resolved`` (every occurrence) resolved to that place."""
    doc = Document("d1", "t", "t", text)
    mentions = []
    for surface, key in resolved.items():
        for m in re.finditer(re.escape(surface), text):
            mentions.append(PlaceMention(Span("d1", m.start(), m.end(), surface), P[key], 0.9, 1))
    mentions.sort(key=lambda m: m.span.start)
    return SentenceSplitter()(Analysis(doc, mentions=tuple(mentions)))


def run(text: str, resolved: dict[str, str], kind: str, gazetteer=TinyGazetteer()):
    return [c for c in check_analysis(analysis(text, resolved), gazetteer=gazetteer) if c.kind == kind]


@pytest.mark.parametrize("text, resolved, verdict, lo, hi", [
    ("Seversk’s location near the Azov Sea makes it a target. Fighting goes on in Seversk.",
     {"Seversk": "Siversk", "Azov Sea": "Azov"}, "false", 150, 220),
    ("Siversk near the Siverskyi Donets is under fire.", {"Siversk": "Siversk", "Siverskyi Donets": "Donets"},
     "consistent", 0, 15),
    ("Mykolaivka near Siversk was shelled.", {"Mykolaivka": "Mykolaivka", "Siversk": "Siversk"},
     "consistent", 10, 16),
    ("Siversk near Kharkiv was shelled.", {"Siversk": "Siversk", "Kharkiv": "Kharkiv"}, "false", 150, 250),
    ("Siversk near Some Lake was shelled.", {"Siversk": "Siversk", "Some Lake": "Lake"}, "questionable", 500, 700),
])
def test_near(text, resolved, verdict, lo, hi) -> None:
    [c] = run(text, resolved, "near")
    km = dict(c.numbers)["km"]
    assert c.verdict == verdict and lo <= km <= hi


NIKOLAEVKA = ("Shurygin said the liberation of the settlement of Nikolaevka opens the way to Seversk. "
              "The outskirts of this important city are only 10 km from there.")


@pytest.mark.parametrize("where, gazetteer, verdict, note", [
    ("Mykolaivka", None, "consistent", "resolved places"),
    ("Mykolaivka-far", TinyGazetteer(), "consistent", "alternative reading of Nikolaevka"),
    ("Mykolaivka-far", None, "false", "resolved places"),
])
def test_distance_from_there(where, gazetteer, verdict, note) -> None:
    [c] = run(NIKOLAEVKA, {"Nikolaevka": where, "Seversk": "Siversk"}, "distance", gazetteer)
    assert c.verdict == verdict and note in c.note and c.claimed == "10 km"


@pytest.mark.parametrize("text, verdict", [
    ("Fighting near Mykolaivka, 12 km from Siversk, continued.", "consistent"),
    ("Fighting near Mykolaivka, 60 km from Siversk, continued.", "false"),
    ("Fighting near Mykolaivka, 12 to 14 km from Siversk, continued.", "consistent"),
])
def test_explicit_distance(text, verdict) -> None:
    [c] = run(text, {"Mykolaivka": "Mykolaivka", "Siversk": "Siversk"}, "distance", None)
    assert c.verdict == verdict


@pytest.mark.parametrize("direction, verdict", [("north", "consistent"), ("northeast", "consistent"),
                                                ("east", "questionable"), ("south", "false")])
def test_bearing(direction, verdict) -> None:
    text = f"New positions in Fedorivka, a village located to the {direction} of the city of Mirnogorod."
    [c] = run(text, {"Fedorivka": "Fedorivka", "Mirnogorod": "Myrnohrad"}, "bearing", None)
    assert c.verdict == verdict and 5 < dict(c.numbers)["km"] < 10


@pytest.mark.parametrize("text, resolved, verdict", [
    ("Seversk in the Donetsk People's Republic is contested.",
     {"Seversk": "Siversk", "Donetsk People's Republic": "Donetsk Oblast"}, "consistent"),
    ("Sevastopol, a city in Crimea, is far away.", {"Sevastopol": "Sevastopol", "Crimea": "Crimea"}, "consistent"),
    ("Kharkiv in the Donetsk region was struck.", {"Kharkiv": "Kharkiv", "Donetsk region": "Donetsk Oblast"},
     "false"),
    ("Sievierodonetsk in the Donetsk region was struck.",
     {"Sievierodonetsk": "Sievierodonetsk", "Donetsk region": "Donetsk Oblast"}, "questionable"),
])
def test_region(text, resolved, verdict) -> None:
    [c] = run(text, resolved, "region")
    assert c.verdict == verdict


def test_confusable_name_is_noted_and_known_spellings_are_not() -> None:
    text = "The withdrawal from SevSk was reported. Seversk is in the Donetsk region."
    found = run(text, {"SevSk": "Siversk", "Seversk": "Siversk"}, "confusable")
    assert [c.span.text for c in found] == ["SevSk"]
    assert "Sevsk" in found[0].measured and "Bryansk" in found[0].note and found[0].verdict == "questionable"


BUFFER = ("The withdrawal from SevSk in the Donetsk region was confirmed. SevSk fell. SevSk is lost. "
          "Pushilin spoke of the buffer zone around Severodonnetsk. He also spoke of a buffer zone near "
          "Sevastopol, a city in Crimea.")


def test_a_far_away_place_used_as_a_location_is_flagged() -> None:
    found = run(BUFFER, {"SevSk": "Siversk", "Severodonnetsk": "Sievierodonetsk",
                         "Sevastopol": "Sevastopol", "Donetsk region": "Donetsk Oblast"}, "context")
    assert [c.span.text for c in found] == ["Sevastopol"]
    assert dict(found[0].numbers)["km_from_focus"] > 400 and "SevSk" in found[0].note


@pytest.mark.parametrize("text, resolved", [
    # a story about strikes across the country: nothing is out of context
    ("Missiles struck Lviv, Odesa and Kharkiv. Damage was reported in Lviv, in Odesa and in Kharkiv.",
     {"Lviv": "Lviv", "Odesa": "Odesa", "Kharkiv": "Kharkiv"}),
    # a far place mentioned without being a location of anything
    ("Fighting in Siversk and near Mykolaivka. Sevastopol has been under Russian control since 2014.",
     {"Siversk": "Siversk", "Mykolaivka": "Mykolaivka", "Sevastopol": "Sevastopol"}),
])
def test_context_stays_quiet_when_it_should(text, resolved) -> None:
    assert run(text, resolved, "context") == []
