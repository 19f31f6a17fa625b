"""Event triggers in one sentence: which verb or noun phrase reports which event type.

Each trigger carries what the rest of the extractor needs to decide whether it is a
reported event at all: irrealis framing ("to encircle", "the further liberation",
"threat of shelling"), a relative clause ("which is being fought over"), a habitual
frame ("have seen repeated clashes over the past months"), and for event nouns the
determiner ("the capture", "its fall") and number ("advances").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.events import lexicon as lx
from sitrep.events.prefilter import WordPrefilter


@dataclass(frozen=True)
class Trigger:
    type: str
    start: int  # offsets into the sentence text
    end: int
    text: str
    nominal: bool
    determiner: str = ""  # the | a | possessive | "" (bare)
    plural: bool = False
    irrealis: bool = False
    relative: bool = False
    anaphor_only: bool = False


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str], bool], ...]:
    return tuple((t, re.compile(rf"\b(?:{p})\b", re.IGNORECASE), n) for t, p, n in lx.TRIGGERS)


@lru_cache(maxsize=1)
def _compiled_lower() -> tuple[tuple[str, re.Pattern[str], bool], ...]:
    """The same patterns, lower-cased, for lower-cased text: Python's ``re`` runs these
    alternations about 2.5 times faster without IGNORECASE. (The lexicon patterns use no
    upper-case escapes such as \\W or \\S, which lower-casing would change.)"""
    return tuple((t, re.compile(rf"\b(?:{p.lower()})\b"), n) for t, p, n in lx.TRIGGERS)


@lru_cache(maxsize=1)
def _lower_filter() -> WordPrefilter:
    """Which of :func:`_compiled_lower` can match a lower-cased sentence (most match nowhere)."""
    return WordPrefilter.build([rx.pattern for _, rx, _ in _compiled_lower()])


_DET = re.compile(r"(?:\b(?P<det>the|this|that|these|those|its|their|his|her|a|an|any)|"
                  r"(?P<poss>\w+(?:'s|’s|s'|s’)))\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_REL = re.compile(r"(?:\b(?:which|who|where)|\b(?:city|town|village|settlement|area|zone|place|one)\s+that)"
                  r"\s+(?:[\w-]+\s+){0,5}$", re.IGNORECASE)


def _determiner(before: str) -> str:
    m = _DET.search(before[-60:])
    if not m:
        return ""
    if m.group("poss"):
        # only a place as possessor refers back ("the city's capture"); "the Russian army's
        # offensive" introduces a new event
        poss = m.group("poss").lower()
        return "possessive" if re.match(r"(?:city|town|village|settlement)", poss) else "a"
    det = m.group("det").lower()
    if det in ("its", "their", "his", "her"):
        return "possessive"
    return "the" if det in ("the", "this", "that", "these", "those") else "a"


def _make(kind: str, m: re.Match[str], nominal: bool, text: str) -> Trigger:
    before = text[:m.start()]
    word = text[m.start():m.end()]  # m may have matched the lower-cased text
    irrealis = bool(lx.IRREALIS_BEFORE.search(before[-50:]))
    if not nominal and (lx.INFINITIVE_BEFORE.search(before[-8:]) or lx.WAR_SUBJECT.search(before[-40:])):
        irrealis = True
    plural = nominal and word.lower().endswith("s") and not word.lower().endswith("ss")
    det = _determiner(before) if nominal else ""
    if nominal and re.match(r"(?:its|\w+['’]s)\s", word, re.IGNORECASE):
        det = "possessive"  # "its fall", "the city's fall": the possessor is inside the match
    return Trigger(kind, m.start(), m.end(), word, nominal, det, plural, irrealis,
                   bool(_REL.search(before[-60:])), nominal and word.lower() in lx.ANAPHOR_ONLY)


def find_triggers(text: str) -> list[Trigger]:
    """Non-overlapping triggers in text order (longest match wins an overlap)."""
    found: list[Trigger] = []
    low = text.lower()
    # lower-casing keeps offsets unless a character changes length ("İ"): then match as is
    if len(low) == len(text):
        runs = _lower_filter().candidates(low)
        patterns, subject = [p for i, p in enumerate(_compiled_lower()) if i in runs], low
    else:
        patterns, subject = _compiled(), text
    for kind, rx, nominal in patterns:  # in lexicon order: the sort below keeps ties in it
        for m in rx.finditer(subject):
            found.append(_make(kind, m, nominal, text))
    # a noun reading wins a tie when a determiner precedes ("the capture", "its advance")
    found.sort(key=lambda t: (-(t.end - t.start), t.start, not (t.nominal and t.determiner)))
    kept: list[Trigger] = []
    for t in found:
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t.start)


def is_habitual(text: str) -> bool:
    """A habitual or long-past frame outside relative clauses/appositions."""
    for m in lx.HABITUAL.finditer(text):
        if not re.search(r"\b(?:which|that|who|where)\s+(?:\w+\s+){0,3}$|,\s+an?\s+\w+\s+$",
                         text[max(0, m.start() - 40):m.start()]):
            return True
    return False


def event_type_of(text: str) -> str | None:
    """The type of the first reported (not irrealis, not relative-clause) event in ``text``;
    location-free, used to evaluate typing on short incident descriptions."""
    if is_habitual(text):
        return None
    for t in find_triggers(text):
        if not (t.irrealis or t.relative or t.anaphor_only):
            return t.type
    return None
