"""Recognising who is cited inside a phrase: outlets, channels, named and anonymous people.

``parse_source`` turns a phrase such as "Vitaliy Kiselyov, a military expert quoted by
Tass" into attribution links, outlet first. A :class:`Link` also records whether the
source is a party to the conflict (its statements are claims) -- the contract's
``Source`` has no room for that, so it stays internal to the extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.events import lexicon as lx
from sitrep.events.prefilter import Gated
from sitrep.model import Source, Span


@dataclass(frozen=True)
class Link:
    source: Source
    party: bool
    descriptor: str = ""  # "the acting head of the DPR" for a named person

    @property
    def is_person(self) -> bool:
        return self.source.role not in ("outlet", "channel")


@lru_cache(maxsize=1)
def _outlet_rx() -> Gated:
    alts = "|".join(f"(?P<o{i}>{p})" for i, (p, _) in enumerate(lx.OUTLETS.values()))
    # every outlet name starts with a capital: testing that first skips most positions cheaply
    # and most sentences contain none of the outlets' literal names: the gate skips those
    return Gated(re.compile(rf"(?=[A-Z])(?<![\w.])(?:{alts})(?![\w])"))


_CHANNEL = Gated(re.compile(
    r"\b(?:the\s+)?(?:Telegram\s+channel|portal|newspaper|news\s+agency|agency|TV\s+channel|"
    r"publication|website|outlet|broadcaster|magazine)\s+(?P<name>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})"))
_TELEGRAM_BEFORE = re.compile(r"Telegram\s+channel\s+$")
_NAME_TOKEN = re.compile(r"[A-Z][a-zA-Z’'\-]+\.?")
_CALL_SIGN = re.compile(r"call\s*sign\s*[‘'\"“]?(?P<cs>[A-Z][\w-]+)")
_LEAD = re.compile(r"^(?:\W|\b(?:a|an|one|the|by|from|reports?|according|to|citing|of)\b\s*)+",
                   re.IGNORECASE)
_TAIL = re.compile(r"\s*(?:,|\bwho\b|\bwhich\b|\bduring\b|\bwith\s+the\s+call\b|\bon\s+the\s+condition\b).*$",
                   re.IGNORECASE | re.DOTALL)
PRONOUN = re.compile(r"^\W*(?:he|she|him|her|his)\W*$", re.IGNORECASE)


def find_outlets(text: str, base: int, doc_id: str) -> list[tuple[Link, int, int]]:
    """Known outlets and "the Telegram channel X"-style names, with document offsets."""
    out: list[tuple[Link, int, int]] = []
    names = list(lx.OUTLETS)
    for m in _outlet_rx().finditer(text):
        name = names[int(m.lastgroup[1:])]  # type: ignore[index]
        role = "channel" if _TELEGRAM_BEFORE.search(text, max(0, m.start() - 40), m.start()) else "outlet"
        src = Source(name, role, Span(doc_id, base + m.start(), base + m.end(), m.group(0)))
        out.append((Link(src, lx.OUTLETS[name][1]), m.start(), m.end()))
    for m in _CHANNEL.finditer(text):
        s, e = m.span("name")
        if any(s < oe and e > os for _, os, oe in out):
            continue
        role = "channel" if "channel" in m.group(0).lower() else "outlet"
        src = Source(m.group("name"), role, Span(doc_id, base + s, base + e, m.group("name")))
        out.append((Link(src, False), s, e))
    return sorted(out, key=lambda x: x[1])


def person_name(text: str) -> tuple[str, int, int] | None:
    """The last run of capitalised name tokens (not titles, sides or places) in ``text``."""
    best: tuple[str, int, int] | None = None
    run: list[re.Match[str]] = []
    for m in _NAME_TOKEN.finditer(text):
        word = m.group(0).rstrip(".")
        contiguous = run and text[run[-1].end():m.start()] == " "
        if word in lx.NOT_NAME or word.upper() == word:
            run = []
            continue
        run = run + [m] if contiguous else [m]
        name = re.sub(r"(?:['’]s|['’])$", "", text[run[0].start():run[-1].end()])
        best = (name, run[0].start(), run[0].start() + len(name))
    return best


def _role(phrase: str, named: bool) -> str:
    if lx.ANONYMOUS.search(phrase):
        return "anonymous"
    if lx.OFFICIAL.search(phrase):
        return "official"
    if lx.EXPERT.search(phrase):
        return "analyst" if re.search(r"\banalysts?\b", phrase, re.I) else "expert"
    return "speaker" if named else "anonymous"


def parse_source(phrase: str, base: int, doc_id: str) -> list[Link]:
    """Links named in an attribution phrase, outlet(s) first."""
    outlets = find_outlets(phrase, base, doc_id)
    rest = phrase
    for _, s, e in reversed(outlets):
        rest = rest[:s] + " " * (e - s) + rest[e:]
    links = [lk for lk, _, _ in outlets]
    person = _person(rest, phrase, base, doc_id)
    if person is not None:
        links.append(person)
    return links


_PERSON_NOUN = re.compile(
    r"\b(?:officials?|spokes(?:person|man|woman)|experts?|analysts?|soldiers?|commanders?|officers?|"
    r"sources?|operators?|residents?|ministers?|head|chief|governor|mayor|president|leader|"
    r"correspondent|blogger|journalists?|servicem[ae]n|fighters?)\b", re.IGNORECASE)


def _person(rest: str, phrase: str, base: int, doc_id: str, with_outlet: bool = False) -> Link | None:
    neutral = bool(lx.NEUTRAL_PERSON.search(phrase))
    pron = re.search(r"\b(?:he|she|him|her)\b", rest, re.IGNORECASE)
    if pron and not rest[:pron.start()].strip(" ,"):
        span = Span(doc_id, base + pron.start(), base + pron.end(), pron.group(0))
        return Link(Source(pron.group(0), "speaker", span), True, "")
    cs = _CALL_SIGN.search(rest)
    if cs:
        head = _TAIL.sub("", _LEAD.sub("", rest)).strip()
        name = f"{head} '{cs.group('cs')}'"
        span = Span(doc_id, base + cs.start("cs"), base + cs.end("cs"), cs.group("cs"))
        return Link(Source(name, _role(phrase, True), span), not neutral, head)
    found = person_name(rest)
    if found is not None and " " not in found[0] and rest.strip(" ,.’'‘”“") != found[0]:
        found = None  # a lone capitalised word is a name only when it is the whole subject
    if found is not None:
        name, s, e = found
        descriptor = rest[:s].strip(" ,")
        src = Source(name, _role(phrase, True), Span(doc_id, base + s, base + e, name))
        return Link(src, not neutral, descriptor)
    cleaned = _TAIL.sub("", _LEAD.sub("", rest)).strip(" ,.’'‘”“")
    if not cleaned or len(cleaned) > 80 or not _PERSON_NOUN.search(cleaned):
        return None
    start = phrase.find(cleaned)
    span = Span(doc_id, base + start, base + start + len(cleaned), cleaned) if start >= 0 else None
    return Link(Source(cleaned, _role(phrase, False), span), not neutral, cleaned)


def canonical(name: str) -> str:
    """Loose key for comparing source names ("Tass" == "TASS", "the Kremlin website")."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return " ".join(w for w in words if w not in ("the", "a", "an", "one"))
