"""Where an event happened: which of the sentence's place mentions, and how.

For a trigger, the place governed by it is the first settlement after it in its clause
("advancing near the settlement of Kotlyarovki"), else the nearest before it
("street battles ... in Seversk" is after, "Seversk was captured" before). "from X" is
the origin; a place inside an apposition that describes another ("Fedorivka, a village
located to the north of the city of Mirnogorod") is a landmark, not the location; the
other settlements of the clause are ``also``. Regions are a fallback (precision 3).
"the city", "this city", "there", "its" refer back to the last settlement mentioned;
a sentence that names no place at all may inherit the previous sentence's settlement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.events.prefilter import Gated
from sitrep.model import EventLocation, PlaceMention

_CLAUSE_END = re.compile(
    r";|,\s+(?:and|but|while|which|who|where|as|when|although|according|claiming|emphasi[sz]ing|"
    r"portraying|his|her|their)\b|\s(?:but|while|whereas)\s|[“”]|\.\s|—")
_ORIGIN = Gated(re.compile(r"\bfrom\s+(?:the\s+)?(?:(?:village|city|town|settlement|populated\s+points?|"
                     r"direction)\s+of\s+)?$", re.IGNORECASE))
_LANDMARK = re.compile(r"(?:\b(?:located|situated|lying|lies|outside)\b[^,.;]{0,45}|"
                       r",\s+(?:a|an|the)\s+(?:village|town|city|settlement|location|hamlet)\b[^,.;]{0,45})$",
                       re.IGNORECASE)
_NEAR = re.compile(r"\b(?:near|around|outside|close\s+to|vicinity\s+of|area\s+of|outskirts\s+of|"
                   r"approaches\s+to|not\s+far\s+from|direction\s+of|environs\s+of|along)\s+"
                   r"(?:the\s+)?(?:(?:village|city|town|settlement|populated\s+points?)\s+of\s+)?$",
                   re.IGNORECASE)
_BEARING = re.compile(r"\b(?P<b>north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+"
                      r"(?:of|from)\s+(?:the\s+)?(?:(?:village|city|town|settlement|populated\s+points?)\s+of\s+)?"
                      r"(?:[A-Z][\w’'-]+\s+and\s+)?$", re.IGNORECASE)
_TOWARD = re.compile(r"\b(?:toward|towards|to|on|into)\s+(?:the\s+)?(?:(?:village|city|town|settlement)\s+of\s+)?$",
                     re.IGNORECASE)
ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:city|town|village|settlement)\b(?!\s+of\b)|"
                     r"\bthere\b(?!\s+(?:is|are|was|were|has|have)\b)|\b(?:[Ii]ts|the\s+city['’]s|the\s+town['’]s)\b")
# gated (see prefilter): the leading number alternation is tried at every position
_KM = Gated(re.compile(
    r"(?P<a>\d+(?:[.,]\d+)?|(?:one|two|three|four|five|six|seven|eight|nine|ten|a)(?:\s+and\s+a\s+half)?)"
    r"(?:\s*(?:-|–|to)\s*(?P<b>\d+(?:[.,]\d+)?|(?:one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s+and\s+a\s+half)?))?\s*(?:km|kilomet(?:er|re)s?)\b(?P<rest>[^.;]{0,60})", re.IGNORECASE))
#: a place before its trigger is the event's only as subject ("Seversk was captured",
#: "Seversk's capture"), not in an earlier adjunct ("after the success near Soledar, ...")
_SUBJECT_GAP = re.compile(r"^(?:['’]s\s+(?:[\w-]+\s+)?|\s+(?:\w+\s+){0,3}?(?:was|were|has\s+been|have\s+been|"
                          r"is\s+being|are\s+being|had\s+been)\s+(?:\w+\s+)?)$")
_WORDNUM = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class Placed:
    """A mention seen from one trigger: how it relates to the event."""

    mention: PlaceMention
    role: str  # location | origin | landmark
    relation: str
    precision: int


def _settlement(m: PlaceMention) -> bool:
    return m.place is not None and m.place.kind == "settlement"


def classify(m: PlaceMention, text: str, base: int) -> Placed:
    """Role and relation of a mention from the 60 characters before it."""
    before = text[max(0, m.span.start - base - 60):m.span.start - base]
    region = m.place is not None and m.place.kind != "settlement"
    if _ORIGIN.search(before) and not re.search(r"\b(?:km|kilomet\w+)\s+from\s+", before[-25:]):
        return Placed(m, "origin", "from", 3 if region else 1)
    if _LANDMARK.search(before):
        return Placed(m, "landmark", "in", 3 if region else 1)
    bearing = _BEARING.search(before)
    if bearing:
        return Placed(m, "location", f"{bearing.group('b').lower()} of", 3 if region else 2)
    if _NEAR.search(before):
        rel = "along" if re.search(r"\balong\s+(?:the\s+)?$", before) else "near"
        return Placed(m, "location", rel, 3 if region else 2)
    if _TOWARD.search(before):
        rel = "in" if re.search(r"\binto\s+(?:the\s+)?$", before) else "toward"
        return Placed(m, "location", rel, 3 if region else (1 if rel == "in" else 2))
    return Placed(m, "location", "in", 3 if region else max(1, m.precision))


def possessor(m: PlaceMention, text: str, base: int) -> bool:
    """"the DPR's commitment", "Kyiv's leverage": a place as possessor names its authorities
    or people, not where something happened (unless its clause's trigger follows it)."""
    return text[m.span.end - base:m.span.end - base + 2] in ("'s", "’s")


def locatable(mentions: list[PlaceMention], text: str, base: int) -> list[PlaceMention]:
    """The sentence's mentions that could place an event at all."""
    return [m for m in mentions if m.place is not None and not possessor(m, text, base)]


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end) of a sentence text (sentence-relative offsets)."""
    left = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        left = m.end()
    right = _CLAUSE_END.search(text, end)
    return left, right.start() if right else len(text)


def _to_location(p: Placed) -> EventLocation:
    return EventLocation(p.mention.place, p.precision, p.mention, p.relation)


@dataclass(frozen=True)
class Located:
    location: EventLocation | None
    origin: EventLocation | None
    also: tuple[EventLocation, ...]
    own: bool  # the place is named in the trigger's own clause / sentence (not inherited)


def locate(text: str, base: int, t_start: int, t_end: int, mentions: list[PlaceMention],
           sentence_fallback: bool) -> Located:
    """Location for a trigger at sentence offsets [t_start, t_end) among the sentence's mentions."""
    # countries are too coarse to place an event; a sentence naming only a country has no place
    placed = [classify(m, text, base) for m in mentions if m.place is not None and m.place.kind != "country"]
    c0, c1 = clause_bounds(text, t_start, t_end)
    in_clause = [p for p in placed if c0 <= p.mention.span.start - base < c1]
    origin = next((_to_location(p) for p in placed if p.role == "origin"), None)
    # mentions inside a long trigger ("supply ... between Seversk and Artemovsk was cut") count as after
    after = [p for p in in_clause if p.role == "location" and p.mention.span.start - base >= t_start]
    before = [p for p in in_clause if p.role == "location" and p.mention.span.end - base <= t_start
              and _SUBJECT_GAP.match(text[p.mention.span.end - base:t_start])]
    pool = [p for p in placed if p.role == "location" and not possessor(p.mention, text, base)
            ] if sentence_fallback else []
    for group in (after, before[::-1], pool):
        main = next((p for p in group if _settlement(p.mention)), None)
        if main is not None:
            also = tuple(_to_location(p) for p in after + before
                         if _settlement(p.mention) and p.mention.place != main.mention.place)
            return Located(_to_location(main), origin, also, True)
    for group in (after, before[::-1], pool):
        if group:
            return Located(_to_location(group[0]), origin, (), True)
    return Located(None, origin, (), False)


def distance(text: str, base: int) -> tuple[float | None, str | None]:
    """"2-2.5 km from the northern outskirts" -> (2.25, "north of")."""
    m = _KM.search(text)
    if not m:
        return None, None
    a = _num(m.group("a"))
    b = _num(m.group("b")) if m.group("b") else a
    bearing = re.search(r"\b(north|south|east|west)(?:ern)?\b", m.group("rest"), re.IGNORECASE)
    return (a + b) / 2, (f"{bearing.group(1).lower()} of" if bearing else "near")


def _num(s: str) -> float:
    s = s.lower().replace(",", ".")
    half = 0.5 if "half" in s else 0.0
    head = s.split()[0]
    return (float(head) if head[0].isdigit() else _WORDNUM.get(head, 1)) + half
