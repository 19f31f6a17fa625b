"""Geoparsing rules on short incident reports, over the full UA gazetteer (shared data)."""

import pytest

from sitrep.gazetteer import load_gazetteer
from sitrep.gazetteer.katotth import km
from sitrep.geoparse import GeoParser
from sitrep.model import Analysis, Document
from sitrep.nlp.sentences import SentenceSplitter
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def parse(geonames_zip, katotth_csv, cache_dir):
    gaz = load_gazetteer(Settings(geonames=str(geonames_zip), katotth=str(katotth_csv),
                                  cache_dir=str(cache_dir)))
    parser, splitter = GeoParser(gaz), SentenceSplitter()

    def run(text: str) -> dict:
        a = parser(splitter(Analysis(Document("d", "d", "", text))))
        return {m.span.text: m for m in a.mentions}
    return run


@pytest.mark.parametrize("text, surface, lat, lon", [
    # a major city in lower case is still that city
    ("Smoke rising in mariupol", "mariupol", 47.10, 37.55),
    ("Damage to school no 11 school in bakhmut", "bakhmut", 48.59, 38.00),
    # a name spelled exactly like a village is that village, not a big city romanised alike
    ("Damage to church in Hrakove, Kharkiv Oblast", "Hrakove", 49.72, 36.82),
    # a comma before a speech verb: the name is not its speaker
    ("Strike on residential buildings in Zaporizhzhia, reported 17 dead", "Zaporizhzhia", 47.84, 35.14),
    # "Kharkiv post office" is in Kharkiv, not an outlet called "Kharkiv Post"
    ("Attack on civilians outside of Kharkiv post office", "Kharkiv", 50.0, 36.25),
    # a name's second word in lower case is still part of the name
    ("Destroyed art school and library in Chasiv yar", "Chasiv yar", 48.59, 37.84),
    ("Missile strike on Kryvyi rih", "Kryvyi rih", 47.91, 33.39),
])
def test_geoparse_rules_resolve_incident_places(parse, text, surface, lat, lon):
    m = parse(text).get(surface)
    assert m is not None and m.place is not None, f"{surface} not resolved in {text!r}"
    assert km(lat, lon, m.place.lat, m.place.lon) <= 10.0, m.place


@pytest.mark.parametrize("text, surface, oblast", [
    ("Damage to residences in Novoselivka, Donetsk", "Novoselivka", "Donetsk Oblast"),
    ("Damaged school in Pavlivka, Sumy", "Pavlivka", "Sumy Oblast"),
])
def test_geoparse_rules_town_comma_seat_is_in_the_seats_oblast(parse, text, surface, oblast):
    """"X, <oblast seat>" names X's oblast by its seat (there are several X there)."""
    m = parse(text)[surface]
    assert m.place is not None and m.place.admin1 == oblast


@pytest.mark.parametrize("text", [
    "Photos at https://mariupol.example.org/news and kharkiv@example.org",
    "the human cost of the war",  # "Human" is an alternate name of Uman: main names only
])
def test_geoparse_rules_lowercase_outside_prose_is_not_a_place(parse, text):
    assert parse(text) == {}


@pytest.fixture(scope="module")
def zoned_parse(geonames_zip, katotth_csv, hostilities_docx, cache_dir):
    settings = Settings(geonames=str(geonames_zip), katotth=str(katotth_csv),
                        hostilities=str(hostilities_docx), cache_dir=str(cache_dir))
    gaz = load_gazetteer(settings)
    parser, splitter = GeoParser(gaz), SentenceSplitter()

    def run(text: str):
        a = parser(splitter(Analysis(Document("d", "d", "", text))))
        return {m.span.text: m for m in a.mentions}
    return gaz, run


@pytest.mark.parametrize("text, surface, admin1, listed", [
    # a lone village name shared by dozens: the one the war reached
    ("Destroyed bridge in Pavlivka", "Pavlivka", None, True),
    ("Russian forces movement in Kamyanka", "Kamyanka", None, True),
    # the oblast named in the sentence outweighs the prior
    ("Destroyed bridge in Pavlivka, Volyn Oblast", "Pavlivka", "Volyn Oblast", False),
])
def test_geoparse_war_zone_prior_decides_only_when_nothing_else_does(zoned_parse, text, surface,
                                                                    admin1, listed):
    gaz, run = zoned_parse
    m = run(text)[surface]
    assert m.place is not None and m.place.kind == "settlement"
    assert bool(gaz.hostilities.entries_for(m.place.katotth, m.place.name)) is listed
    if admin1:
        assert m.place.admin1 == admin1
    reason = "in a territory of hostilities or occupation (official list)"
    assert (reason in m.reasons) is listed


def test_geoparse_without_the_list_has_no_war_zone_prior(parse):
    m = parse("Destroyed bridge in Pavlivka")["Pavlivka"]
    assert all("official list" not in r for r in m.reasons)
    assert all("official list" not in r for c in m.alternatives for r in c.reasons)


@pytest.mark.parametrize("text, facility, place", [
    ("Shelling in the Azovtal plant on Eastern Mariupol", "Azovtal", "Mariupol"),
    ("Strike near Grain facility, Soledar, Donetsk Oblast", "Grain", "Soledar"),
    ("Damage to a fire station at Ilyich plant in Mariupol", "Ilyich", "Mariupol"),
])
def test_geoparse_unknown_word_before_a_facility_noun_is_no_place(parse, text, facility, place):
    # (an exact gazetteer name stays a place: "Kharkiv post office", "Komyshuvakha train station")
    found = parse(text)
    assert facility not in found
    assert found[place].place is not None and found[place].place.name == place
