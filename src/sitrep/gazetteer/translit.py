"""Latin spellings of a Cyrillic name, from established transliteration libraries.

Ukrainian names get the official national scheme (translitua's KMU 2010, which
gives "Siversk", "Mykolaivka") plus a few older schemes that English-language
media still use (BGN/PCGN, British, ALA-LC); Russian names get the schemes in
iuliia that news outlets follow (Wikipedia, BGN/PCGN, Mosmetro, Yandex Maps:
"Северск" -> "Seversk", "Николаевка" -> "Nikolaevka"/"Nikolayevka"). Each result
is reduced with :func:`name_key`, so the set is small.
"""

from __future__ import annotations

from functools import lru_cache

from sitrep.gazetteer.normalize import is_cyrillic, name_key

_RU_ONLY = set("ыэъё")
_UA_ONLY = set("іїєґ")


@lru_cache(maxsize=1)
def _schemes() -> tuple[tuple, tuple]:
    import iuliia
    import translitua

    ua = (translitua.UkrainianKMU, translitua.UkrainianBGN, translitua.UkrainianBritish,
          translitua.UkrainianALALC)
    ru = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.MOSMETRO, iuliia.YANDEX_MAPS)
    return ua, ru


def latin_variants(name: str) -> set[str]:
    """Name keys of the Latin transliterations of a Cyrillic ``name`` (empty for Latin names)."""
    if not is_cyrillic(name):
        return set()
    import translitua

    ua_schemes, ru_schemes = _schemes()
    low = name.casefold()
    out: set[str] = set()
    if not (set(low) & _RU_ONLY):
        for table in ua_schemes:
            out.add(name_key(translitua.translit(name, table)))
    if not (set(low) & _UA_ONLY):
        for schema in ru_schemes:
            out.add(name_key(schema.translate(name)))
    out.discard("")
    return out
