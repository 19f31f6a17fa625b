"""Spotting: which stretches of text may be toponyms.

Gazetteer-driven, not NER-driven (spaCy tags villages as PERSON/ORG): every
run of capitalised tokens is looked up by its normalised key, longest first
("Sea of Azov", "Donetsk People's Republic", "Donetsk region" before
"Donetsk"). A run no name matches is kept as a *loose* spot only when the
context says a place follows ("the village of", "near", "in") — those go to the
romanisation-tolerant and fuzzy matchers. Context cues also veto readings:
a name after a first name or a title is a person, a name before "said" is a
speaker, one before "Times"/"Novosti" is an outlet, one after "call sign" is a
nickname, and a country's or capital's possessive is its government.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, NamedTuple

from sitrep.gazetteer.normalize import name_key
from sitrep.geoparse import lexicon as lx

#: the same capitalised runs recur in every report ("Ukraine", "Russian Defence Ministry")
name_key = lru_cache(maxsize=1 << 16)(name_key)

_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_JOIN = re.compile(r"(?:['’ʼ][sS])?(?:[ \t\-]{1,2}|\s)")  # what may separate the words of one name
_CONNECTORS = frozenset("of on na upon de del der am".split())
_TAIL_WORDS = frozenset(("region", "oblast", "province", "river", "sea", "reservoir"))
MAX_TOKENS = 5


class Token(NamedTuple):
    """A word (a named tuple, not a dataclass: a report has thousands and spotting
    reads them in its inner loop)."""

    start: int
    end: int
    text: str
    cap: bool  # starts with a capital


@dataclass(frozen=True)
class Spot:
    """A candidate toponym: ``text[start:end]``, its name key, and what the context said."""

    start: int
    end: int
    key: str
    exact: bool      # the key is a gazetteer name
    cued: bool       # a place word or preposition introduces it
    possessive: bool  # followed by 's (metonymy check for countries and capitals)


_SPLIT = re.compile(f"({_TOKEN.pattern})")
_new_tuple = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Word tokens; a possessive 's is not part of the word ("DPR’s" -> "DPR")."""
    # re.split yields gap, word, gap, word, ...: offsets come from the lengths, which is
    # much cheaper than a match object per word
    parts = _SPLIT.split(text)
    out: list[Token] = []
    append = out.append
    pos = len(parts[0])
    words = iter(parts)
    next(words)
    for word, gap in zip(words, words):  # (word, gap after it) pairs
        end = pos + len(word)
        # tuple.__new__ directly: the named tuple's own __new__ is a Python-level call per word
        if len(word) > 3 and word[-2] in "'’ʼ" and word[-1] in "sS":
            append(_new_tuple(Token, (pos, end - 2, word[:-2], word[0].isupper())))
        else:
            append(_new_tuple(Token, (pos, end, word, word[0].isupper())))
        pos = end + len(gap)
    return out


def _joined(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end:b.start]
    return gap == " " or _JOIN.fullmatch(gap) is not None  # one space: the common case, no regex


def _run_end(text: str, toks: list[Token], i: int) -> int:
    """Index one past the last token that may belong to a name starting at ``i``."""
    j = i + 1
    while j < len(toks) and j - i < MAX_TOKENS and _joined(text, toks[j - 1], toks[j]):
        word = toks[j].text
        if not (toks[j].cap or word.lower() in _CONNECTORS or word.lower() in _TAIL_WORDS):
            break
        j += 1
    return j


_CLAUSE_END = re.compile(r"[.!?;:\n\"“”‘(]")


def _preceding_words(text: str, start: int, n: int = 4) -> list[str]:
    """The last words before ``start`` within the same clause."""
    return list(_clause_words(text, start)[-n:])


@lru_cache(maxsize=4096)
def _clause_words(text: str, start: int) -> tuple[str, ...]:
    """Every word (lower case) of the clause before ``start``, within 60 characters. Cached:
    both spotting passes and the vetoes ask about the same offsets of one text (the key's
    hash is the text's cached one, so a lookup is cheap)."""
    window = text[max(0, start - 60):start]
    cut = [m.end() for m in _CLAUSE_END.finditer(window)]
    return tuple(w.lower() for w in _TOKEN.findall(window[cut[-1] if cut else 0:]))


def _headline(text: str, pos: int) -> bool:
    """A Title Case line (headline): capitals there say nothing about names."""
    a, b = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    words = [w for w in _TOKEN.findall(text[a:b if b >= 0 else len(text)]) if len(w) >= 4]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


class _HeadlineMemo:
    """:func:`_headline` per line of one text, each line judged once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[int, bool] = {}

    def __call__(self, pos: int) -> bool:
        a = self.text.rfind("\n", 0, pos) + 1
        found = self.lines.get(a)
        if found is None:
            found = self.lines[a] = _headline(self.text, pos)
        return found


def is_cued(text: str, start: int) -> bool:
    """A place noun or preposition right before ``start`` ("the village of X", "near X")."""
    words = [w for w in _preceding_words(text, start) if w != "the"]
    if not words:
        return False
    if words[-1] in lx.PLACE_PREPOSITIONS or words[-1] in lx.PLACE_NOUNS:
        return True
    return len(words) >= 2 and words[-1] == "of" and words[-2] in lx.PLACE_NOUNS


def vetoed(text: str, start: int, end: int) -> str | None:
    """Why the name at ``text[start:end]`` is not a place here, or None."""
    before = _preceding_words(text, start, 3)
    after = [w.lower() for w in _TOKEN.findall(text[end:end + 40])][:2]
    first = _TOKEN.match(text, start)
    if first and first.group().lower() in lx.FIRST_NAMES and end > first.end():
        return "person (a first name and a surname)"
    if before and (before[-1] in lx.FIRST_NAMES or before[-1] in lx.PERSON_TITLES):
        return "person (after a first name or title)"
    if after and after[0] in lx.ADJECTIVE_HEADS and text[end:end + 1] == " ":
        return "adjective (before 'forces'/'troops'/...)"
    if after and after[0] in lx.SPEECH_VERBS and not text[end:end + 1] in ",;":
        # "Peskov said" names a speaker; "in Zaporizhzhia, reported 17 dead" does not
        return "speaker (before a speech verb)"
    if after and after[0] in lx.OUTLET_NOUNS and text[end:end + 1] in " ." and not (
            len(after) > 1 and after[1] in lx.STRUCTURE_NOUNS):
        return "part of an outlet's name"
    if before and before[-1] in lx.OUTLET_CUES or before[-2:] == ["quoted", "by"]:
        return "outlet (after 'told'/'quoted by'/'channel')"
    if "call sign" in text[max(0, start - 25):start].lower():
        return "call sign"
    return None


def _loose_ok(tokens: list[Token]) -> bool:
    head = tokens[-1].text.lower()
    if len(head) < 4 or head in lx.NOT_HEADS or any(t.text.lower() in lx.NOT_HEADS for t in tokens):
        return False
    return not head.endswith(lx.NON_TOPONYM_SUFFIXES)


_COORD = frozenset(("and", ",", "or", ", and", "&"))


def _cue(text: str, start: int, out: list[Spot]) -> bool:
    if is_cued(text, start):
        return True
    return bool(out) and out[-1].cued and text[out[-1].end:start].strip().lower() in _COORD


def _lower_city(text: str, tok: Token, cities: frozenset[str]) -> bool:
    """A major city's name written in lower case ("damage in mariupol"), not in a URL/address."""
    if tok.text not in cities or text[tok.start - 1:tok.start] in ("/", ".", "@", "-", "_"):
        return False
    nxt = text[tok.end:tok.end + 2]
    return not (nxt[:1] in ("/", "@", "-", "_") or (nxt[:1] == "." and nxt[1:].isalnum()))


def _names_facility(toks: list[Token], after: int) -> bool:
    """The next lower-case word or the one after it is a facility noun ("Stirol medical unit")."""
    nxt = [t.text.lower() for t in toks[after:after + 2] if not t.cap]
    return any(w in lx.FACILITY_NOUNS for w in nxt)


def _lower_tail(text: str, toks: list[Token], i: int, end: int, known: Callable[[str], bool]
                ) -> tuple[int, str, bool] | None:
    """"Chasiv yar", "Kryvyi rih": a run plus one lower-case word that together are exactly a
    gazetteer name (longest first, like every spot)."""
    if end >= len(toks) or toks[end].cap or not _joined(text, toks[end - 1], toks[end]):
        return None
    key = name_key(text[toks[i].start:toks[end].end])
    return (end + 1, key, True) if known(key) else None


def spot(text: str, known: Callable[[str], bool], tokens: list[Token] | None = None,
         loose_keys: frozenset[str] = frozenset(), cities: frozenset[str] = frozenset()) -> list[Spot]:
    """Spots in ``text``; ``known(key)`` says whether a key is a gazetteer name.

    ``loose_keys``: unknown names already introduced as places elsewhere in the
    document ("withdrawal from SevSk"), spotted wherever they recur. ``cities``: the
    main names (keys) of major cities, spotted even in lower case.
    """
    toks = tokenize(text) if tokens is None else tokens
    out: list[Spot] = []
    headline = _HeadlineMemo(text)
    # only capitalised words (and lower-case city names) can start a spot: visit just those
    heads = [k for k, t in enumerate(toks) if t.cap or t.text in cities]
    h, i = 0, 0
    while h < len(heads):
        if heads[h] < i:
            h += 1
            continue
        i = heads[h]
        if not toks[i].cap:
            t = toks[i]
            if _lower_city(text, t, cities):
                out.append(Spot(t.start, t.end, t.text, True, _cue(text, t.start, out),
                                text[t.end:t.end + 2] in ("'s", "’s")))
            i += 1
            continue
        end = _run_end(text, toks, i)
        if toks[i].text.lower() in lx.NOT_HEADS and (end == i + 1 or not known(
                name_key(text[toks[i].start:toks[end - 1].end]))):
            i += 1  # "As", "The": function words, unless the whole run is a name ("The Hague")
            continue
        found = _lower_tail(text, toks, i, end, known)
        for j in range(end, i, -1) if found is None else ():
            if not (toks[j - 1].cap or toks[j - 1].text.lower() in _TAIL_WORDS):
                continue
            key = name_key(text[toks[i].start:toks[j - 1].end])
            if known(key):
                found = (j, key, True)
                break
        later_exact = found is None and any(
            known(name_key(text[toks[k].start:toks[k].end])) for k in range(i + 1, end))
        if found is None and not later_exact and not headline(toks[i].start):
            caps = i + 1
            while caps < end and toks[caps].cap and caps - i < 3:
                caps += 1
            run = toks[i:caps]
            key = name_key(text[toks[i].start:toks[caps - 1].end])
            if _loose_ok(run) and not _names_facility(toks, caps) and (
                    key in loose_keys or _cue(text, toks[i].start, out)):
                found = (caps, key, False)
        if found is None:
            i += 1
            continue
        j, key, exact = found
        s, e = toks[i].start, toks[j - 1].end
        out.append(Spot(s, e, key, exact, _cue(text, s, out), text[e:e + 2] in ("'s", "’s")))
        i = j
    return out
