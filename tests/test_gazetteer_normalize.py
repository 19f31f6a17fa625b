"""Name keys, skeletons and transliteration variants."""

import pytest

from sitrep.gazetteer.normalize import fold_with_offsets, name_key, skeleton
from sitrep.gazetteer.translit import latin_variants


@pytest.mark.parametrize("a,b", [
    ("Сіверськ", "siversk"), ("Sivers'k", "siversk"), ("SIVERSK", "siversk"),
    ("Верхньокам’янське", "verkhnokamyanske"), ("Donetsk People’s Republic", "donetsk peoples republic"),
    ("Ivano-Frankivsk", "ivano frankivsk"), ("River Seversky Донец", "river seversky donets"),
])
def test_name_key_folds_case_script_apostrophes(a, b):
    assert name_key(a) == b


@pytest.mark.parametrize("russian,ukrainian", [
    ("Poddubnoe", "Piddubne"), ("Mirnogorod", "Myrnohrad"), ("Kotlyarovki", "Kotliarivka"),
    ("Nikolaevka", "Mykolaivka"), ("Zelenaya Dolina", "Zelena Dolyna"), ("Yablunovka", "Yablunivka"),
    ("Severodonnetsk", "Sievierodonetsk"), ("Seversky Донец", "Siverskyi Donets"), ("Mirnoe", "Myrne"),
])
def test_skeleton_joins_russian_and_ukrainian_romanisations(russian, ukrainian):
    assert skeleton(name_key(russian)) == skeleton(name_key(ukrainian))


@pytest.mark.parametrize("a,b", [("Putin", "Opytne"), ("Babyntsi", "Binnicha"), ("Sevsk", "Siversk")])
def test_skeleton_keeps_distinct_names_apart(a, b):
    assert skeleton(name_key(a)) != skeleton(name_key(b))


@pytest.mark.parametrize("cyrillic,latin", [
    ("Сіверськ", "siversk"), ("Северск", "seversk"), ("Миколаївка", "mykolaivka"),
    ("Николаевка", "nikolaevka"), ("Верхньокам'янське", "verkhnokamianske"), ("Зелёная Долина", "zelenaya dolina"),
])
def test_latin_variants_follow_official_schemes(cyrillic, latin):
    assert latin in latin_variants(cyrillic)


def test_latin_name_has_no_variants():
    assert latin_variants("Siversk") == set()


def test_fold_offsets_map_back_to_source():
    text = "near Сіверськ’s"
    folded, offsets = fold_with_offsets(text)
    i = folded.index("siversk")
    assert text[offsets[i]:offsets[i + len("siversk") - 1] + 1] == "Сіверськ"
