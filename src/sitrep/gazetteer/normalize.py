"""Name normalisation: one key for every spelling of a place name.

``name_key`` folds case, accents, apostrophes and script (Cyrillic is written
in a fixed Latin scheme) so "Сіверськ", "Sivers'k" and "SIVERSK" all become
``siversk``. ``fold_with_offsets`` does the same to running text and keeps a map
from every folded character back to the original offset, so a match in folded
text is a :class:`~sitrep.model.Span` of the document.

``skeleton`` is a deliberately lossy key that absorbs the regular differences
between Russian and Ukrainian romanisations and inflections: vowels (and y/j)
are dropped, kh/g/h merge, ts/c, zh/z, sh/shch/s, ch/c merge, doubled letters
collapse; a word-initial vowel stays as "a". "Poddubnoe" and "Piddubne" share ``pdbn``; "Mirnogorod" (garbled
Mirnograd) and "Myrnohrad" share ``mrnhrd``; "Kotlyarovki" (genitive) and
"Kotliarivka" share ``ktlrvk``. It generates candidates; ranking then compares
the real strings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# One Latin rendering per Cyrillic letter. Ukrainian values where the two
# languages differ (г -> h, и -> y): the skeleton merges the Russian ones.
_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye",
    "ё": "yo", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "u",
}
# Apostrophes (and the letters that stand in for them) vanish: Kam'ianske = Kamianske.
_DROP = set("'’ʼ`´‘ʹʻ\u02bc\u0301")
_SPECIAL = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "þ": "th"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if unicodedata.combining(ch):
        return ""  # e.g. the tie bar of ALA-LC "i͡a"
    low = ch.casefold()
    if low in _CYR:
        return _CYR[low]
    if ch in _DROP:
        return ""
    if low in _SPECIAL:
        return _SPECIAL[low]
    if low.isalnum():
        base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
        return base if base.isascii() else low
    return " "


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` character by character; ``offsets[i]`` is the source index of folded char i.

    Spaces are not collapsed here, so a folded match maps back exactly.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets


_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The lookup key of a name: folded, single-spaced, trimmed."""
    folded, _ = fold_with_offsets(name)
    return _SPACES.sub(" ", folded).strip()


# Order matters: longer clusters first.
_SKELETON_RULES = (
    (re.compile(r"(.)\1+"), r"\1"),  # real doubled letters only (Poddubnoe = Podubnoe), not b-a-b
    (re.compile(r"ck"), "k"), (re.compile(r"shch|sch"), "s"), (re.compile(r"kh|gh|g"), "h"), (re.compile(r"zh"), "z"),
    (re.compile(r"ch|tz|ts"), "c"), (re.compile(r"sh"), "s"), (re.compile(r"w"), "v"),
    (re.compile(r"ph"), "f"), (re.compile(r"x"), "ks"),
    (re.compile(r"\bmyk|\bmik"), "nik"),  # Mykola-/Nikola-: Ukrainian vs Russian first letters
    (re.compile(r"\b[aiou][aeiou]*"), "a"),  # an initial vowel stays (Opytne is not Putin); e/ye/ya vary
    (re.compile(r"\B[aeiouyj]|\b[eyj]"), ""),
)


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """The consonant skeleton of a name key (see module doc)."""
    s = key
    for pattern, repl in _SKELETON_RULES:
        s = pattern.sub(repl, s)
    return _SPACES.sub(" ", s).strip()


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
