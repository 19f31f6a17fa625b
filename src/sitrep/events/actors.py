"""Actors and sides of an event, and counted quantities ("a pick-up truck and 15 other units").

The first side named in the sentence (outside attribution phrases) is the actor: the
party that advances, strikes, withdraws, surrenders or is surrounded, which is how news
sentences put it ("Ukrainian military officials have denied any significant retreat",
"the Ukrainian military ... could be surrounded"). A side named afterwards that is the
other side is the target.
"""

from __future__ import annotations

import re

from sitrep.events import lexicon as lx
from sitrep.events.prefilter import Gated
from sitrep.model import Actor, Span

_COUNT = re.compile(
    r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens\s+of)\s+"
    r"(?:other\s+|more\s+|further\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>units?|pieces?|vehicles?|tanks?|trucks?|pick-ups?|guns?|howitzers?|drones?|UAVs?|"
    r"soldiers|servicem[ae]n|troops|fighters|people|civilians|APCs?|IFVs?|BMPs?|helicopters?|"
    r"aircraft|launchers?|systems?|boats?|depots?|positions)\b", re.IGNORECASE)
_NUMS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


# Ukrainian sides are named by a few literal words ("Ukrainian", "AFU"...): the gate skips the
# many sentences without one (Russian sides' nouns are too common for a gate to pay)
_SIDES = (("RU", lx.SIDE_RU), ("UA", Gated(lx.SIDE_UA)))


def _inside(start: int, end: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def find_actors(text: str, base: int, doc_id: str, exclude: tuple[tuple[int, int], ...]
                ) -> tuple[Actor, ...]:
    """Side mentions in text order: the first side is the actor, the other side the target."""
    found: list[tuple[int, int, str]] = []
    for side, rx in _SIDES:
        for m in rx.finditer(text):
            if not _inside(base + m.start(), base + m.end(), exclude):
                found.append((m.start(), m.end(), side))
    found.sort()
    actors: list[Actor] = []
    first_side: str | None = None
    for s, e, side in found:
        if any(s < a.span.end - base and e > a.span.start - base for a in actors if a.span):
            continue
        first_side = first_side or side
        role = "actor" if side == first_side else "target"
        actors.append(Actor(text[s:e], side, Span(doc_id, base + s, base + e, text[s:e]), role))  # type: ignore[arg-type]
    return tuple(actors)


def quantity(text: str) -> str | None:
    """Sum of counted items after the trigger ("a pick-up truck and 15 other units" -> "16")."""
    total = 0
    for m in _COUNT.finditer(text):
        raw = m.group("n").lower()
        if raw.startswith("dozens"):
            return "dozens"
        total += int(raw) if raw.isdigit() else _NUMS.get(raw, 0)
    return str(total) if total else None
