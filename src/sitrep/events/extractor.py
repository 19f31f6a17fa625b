"""The events stage: one pass over the sentences, in text order.

Per sentence: find triggers; an *elaborating* sentence ("The destruction reportedly took
place near Yablunovka", "They are about 2-2.5 km from ...", "This was announced on
February 7 by ...", "Its fall ...") refines the event it refers back to (location, distance,
date, sources, unconfirmed/denied) instead of becoming a new one; every other reported
event (not irrealis, not in a relative clause, not habitual) becomes an :class:`Event`
with location, actors, date, attribution chain and modality. Headline sentences supply
only the default source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sitrep.events import lexicon as lx
from sitrep.events import location as loc
from sitrep.events import modality as mod
from sitrep.events.acled import acled_for
from sitrep.events.actors import find_actors, quantity
from sitrep.events.attribution import SentenceFrame, attribute_document, headline_source
from sitrep.events.sources import Link, canonical
from sitrep.events.triggers import Trigger, find_triggers, is_habitual
from sitrep.ids import event_id_for
from sitrep.model import (Actor, Analysis, Event, EventLocation, PlaceMention, Sentence, Span,
                          TimeExpr)

_PRONOUN_START = re.compile(r"^\W*(?:They|It|This|These)\s+(?:\w+\s+)?(?:was|were|is|are|has|have|had|took|remain\w*)\b")
#: an anaphoric event noun opens the sentence (after a connective or a quote mark)
_ANAPHOR_LEAD = re.compile(
    r"^\W*(?:(?:However|Meanwhile|Moreover|Yet|But|And|Also|Indeed|Now|Then|For\s+now|"
    r"At\s+the\s+same\s+time|As\s+a\s+result)\W+)?(?:the|this|that|these|its|their)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE)
_BACKGROUND_DAYS = 60
_FAMILY = {"capture": "territory", "withdrawal": "territory"}


@dataclass
class _Draft:
    type: str
    sent: int
    evidence: Span
    trigger: Span
    located: loc.Located
    inherited: bool
    date: TimeExpr
    date_carried: bool
    actors: tuple[Actor, ...]
    links: list[Link]
    modality: str
    quantity: str | None
    nominal: bool
    distance: tuple[float | None, str | None] = (None, None)


@dataclass
class _Doc:
    analysis: Analysis
    frames: list[SentenceFrame]
    mentions: list[list[PlaceMention]]
    timexes: list[list[TimeExpr]]
    drafts: list[_Draft] = field(default_factory=list)
    settlements: list[PlaceMention] = field(default_factory=list)  # seen so far, text order

    @property
    def doc_id(self) -> str:
        return self.analysis.document.doc_id


def _bucket(items: list, spans: list[tuple[int, int]], start_of) -> list[list]:
    out: list[list] = [[] for _ in spans]
    k = 0
    for it in sorted(items, key=start_of):
        pos = start_of(it)
        while k < len(spans) - 1 and pos >= spans[k][1]:
            k += 1
        if spans[k][0] <= pos < spans[k][1]:
            out[k].append(it)
    return out


def headline_sentences(analysis: Analysis) -> int:
    """How many leading sentences are the headline (the first line, if it reads like one)."""
    doc = analysis.document
    if not analysis.sentences:
        return 0
    first = analysis.sentences[0].span
    line_end = doc.text.find("\n", first.start)
    is_line = line_end == -1 or line_end >= first.end
    title = doc.title.strip()
    if title and doc.text.lstrip().startswith(title) and not _reads_like_lede(title):
        return sum(1 for s in analysis.sentences if s.span.end <= doc.text.find(title) + len(title))
    if is_line and len(first.text) < 250 and not first.text.rstrip().endswith((".", "!", "?", "”", "’")) \
            and "\n" in doc.text[first.end:first.end + 3]:
        return 1
    return 0


def _reads_like_lede(title: str) -> bool:
    """A "title" taken from the first line of a plain-text report may be the lede paragraph:
    headlines do not close with a full stop."""
    return title.endswith((".", ".”", ".’", '."'))


def extract_events(analysis: Analysis) -> list[Event]:
    doc = analysis.document
    spans = [(s.span.start, s.span.end) for s in analysis.sentences]
    skip = headline_sentences(analysis)
    head_text = doc.text[spans[0][0]:spans[skip - 1][1]] if skip else doc.title
    headline = (headline_source(head_text, doc.doc_id, spans[0][0] if skip else 0)
                if head_text else None)
    if headline is not None and not skip and headline.source.span is not None:
        headline = replace(headline, source=replace(headline.source, span=None))  # title, not text
    d = _Doc(analysis, attribute_document(doc.doc_id, doc.text, spans, headline, skip),
             _bucket([m for m in analysis.mentions if m.place is not None], spans, lambda m: m.span.start),
             _bucket([t for t in analysis.timexes if t.span is not None], spans, lambda t: t.span.start))
    for k, sent in enumerate(analysis.sentences):
        if k >= skip:
            _sentence(d, k, sent)
        d.settlements.extend(m for m in d.mentions[k] if m.place is not None and m.place.kind == "settlement")
    return [_finish(d, dr) for dr in d.drafts]


def _usable(t: Trigger, base: int, d: _Doc, k: int) -> bool:
    a, b = base + t.start, base + t.end
    blocked = [(x.span.start, x.span.end) for x in d.timexes[k] if x.span] + list(d.frames[k].ranges)
    return not any(a < e and b > s for s, e in blocked)


def _sentence(d: _Doc, k: int, sent: Sentence) -> None:
    text, base = sent.span.text, sent.span.start
    triggers = [t for t in find_triggers(text) if _usable(t, base, d, k)]
    triggers = _elaborations(d, k, sent, triggers)
    if is_habitual(text):
        return
    fresh = [t for t in triggers if not (t.irrealis or t.relative or t.anaphor_only)]
    heads: dict[str, Trigger] = {}
    for t in fresh:
        heads.setdefault(t.type, t)
    drafts = [_draft(d, k, sent, t, single=len(heads) == 1) for t in heads.values()]
    drafts = [dr for dr in drafts if dr is not None]
    if any(dr.located.location for dr in drafts):
        drafts = [dr for dr in drafts if dr.located.location]
    for dr in drafts:
        earlier = _repeat_of(d, dr)
        if earlier is not None:
            _refine(d, earlier, k, sent, dr.trigger.start - base, add_sources=True)
        elif _keep(dr, text):
            d.drafts.append(dr)


def _repeat_of(d: _Doc, dr: _Draft) -> _Draft | None:
    """A same-type event of the last two sentences whose sentence already named this draft's
    only (coarse, non-settlement) place: the report repeated, often in a quote ("pushing
    along the river Donets toward Seversk ... 'The army is advancing along the Donets.'")."""
    where = dr.located.location
    if where is None or where.place is None or where.place.kind == "settlement" or dr.inherited:
        return None
    for prev in reversed(d.drafts):
        if prev.sent < dr.sent - 2:
            break
        if prev.type == dr.type and any(m.place == where.place for m in d.mentions[prev.sent]):
            return prev
    return None


def _keep(dr: _Draft, text: str) -> bool:
    """Place-less or inherited-place events need a side, a specific (not plural, not hedged,
    not generic) report to count."""
    if dr.located.location is not None and not dr.inherited:
        return True
    if dr.nominal and dr.trigger.text.lower().endswith("s") and not dr.trigger.text.lower().endswith("ss"):
        return False
    if dr.inherited:
        return dr.modality != "speculative"
    has_side = any(a.role == "actor" and a.side for a in dr.actors)
    return has_side and dr.modality != "speculative" and not lx.GENERIC.search(text)


def _elaborations(d: _Doc, k: int, sent: Sentence, triggers: list[Trigger]) -> list[Trigger]:
    """Merge a sentence that refers back to an event into it; return the unconsumed triggers."""
    text = sent.span.text
    if not d.drafts:
        return triggers
    first = triggers[0] if triggers else None
    anaphoric_noun = (first is not None and first.nominal and first.determiner in ("the", "possessive")
                      and (_ANAPHOR_LEAD.match(text[:first.start]) or first.determiner == "possessive"))
    if anaphoric_noun:
        target = _antecedent(d, first)
        if target is not None:
            _refine(d, target, k, sent, first.start, add_sources=target is d.drafts[-1])
            return [t for t in triggers[1:] if _elsewhere(d, k, sent, t, target)]
    elif _PRONOUN_START.match(text) and d.drafts[-1].sent >= k - 2:
        _refine(d, d.drafts[-1], k, sent, 0, add_sources=True)
    return triggers


def _elsewhere(d: _Doc, k: int, sent: Sentence, t: Trigger, target: _Draft) -> bool:
    """After an anaphoric subject, another trigger is a new event only at another settlement."""
    found = loc.locate(sent.span.text, sent.span.start, t.start, t.end, d.mentions[k], False)
    here = found.location.place if found.location else None
    there = target.located.location.place if target.located.location else None
    return here is not None and here.kind == "settlement" and here != there


def _antecedent(d: _Doc, t: Trigger) -> _Draft | None:
    family = _FAMILY.get(t.type, t.type)
    for dr in reversed(d.drafts):
        if dr.type == t.type or (t.determiner == "possessive" and _FAMILY.get(dr.type, dr.type) == family):
            return dr
    return None


def _refine(d: _Doc, target: _Draft, k: int, sent: Sentence, pos: int, add_sources: bool) -> None:
    text, base = sent.span.text, sent.span.start
    found = loc.locate(text, base, pos, pos, d.mentions[k], sentence_fallback=True)
    cur = target.located.location
    new = found.location
    if new is not None and new.place is not None and new.place.kind == "settlement" and (
            cur is None or cur.precision == 3 or target.inherited):
        target.located = replace(target.located, location=new, own=True)
        target.inherited = False
    km, rel = loc.distance(text, base)
    if km is not None:
        target.distance = (km, rel)
    frame = d.frames[k]
    if add_sources and frame.kind in ("explicit", "quote"):
        known = {canonical(lk.source.name) for lk in target.links}
        extra = [lk for lk in frame.links if canonical(lk.source.name) not in known]
        target.links = sorted(target.links + extra, key=lambda lk: lk.is_person)
        if target.modality in ("asserted", "claimed") and any(lk.party for lk in extra):
            target.modality = "claimed"
    if d.timexes[k] and target.date_carried:
        target.date, target.date_carried = d.timexes[k][0], False
    target.modality = mod.merged(target.modality, mod.decide(text, len(text), 0, (), False, False))


def _draft(d: _Doc, k: int, sent: Sentence, t: Trigger, single: bool) -> _Draft | None:
    text, base = sent.span.text, sent.span.start
    frame = d.frames[k]
    located = loc.locate(text, base, t.start, t.end, d.mentions[k], sentence_fallback=single)
    if t.type in ("withdrawal", "evacuation") and located.origin is not None and (
            located.location is None or located.location.precision == 3):
        located = loc.Located(replace(located.origin, relation="in"), None, located.also, True)  # left X
    inherited = False
    if located.location is None or _region_with_anaphor(located, text, t):
        located, inherited = _coreferent(d, k, text, base, t, located)
    c0, _ = loc.clause_bounds(text, t.start, t.end)
    modality = mod.decide(text, t.start, c0, frame.links, frame.claim_verb, t.nominal)
    actors = _actors(text, base, d.doc_id, frame.ranges, t)
    when, carried = _date_for(d, k, base + t.start)
    if t.nominal and t.type in ("capture", "withdrawal", "surrender") and when.relation == "on" and (
            frame.kind in ("explicit", "quote", "carried") and frame.links or
            re.search(r"\bafter\s+(?:the\s+)?$", text[:t.start])):
        when = replace(when, relation="before")  # a completed event named in a later statement
    qty = quantity(text[t.end:loc.clause_bounds(text, t.start, t.end)[1]]) if t.type in (
        "strike", "surrender") else None
    trig = Span(d.doc_id, base + t.start, base + t.end, t.text)
    dr = _Draft(t.type, k, sent.span, trig, located, inherited, when, carried, actors,
                list(frame.links), modality, qty, t.nominal)
    km, rel = loc.distance(text, base)
    if km is not None:
        dr.distance = (km, rel)
    return dr


def _coreferent(d: _Doc, k: int, text: str, base: int, t: Trigger, located: loc.Located
                ) -> tuple[loc.Located, bool]:
    """"the city", "there", "its": the last settlement named before; a sentence naming no
    place at all may inherit the previous sentence's last settlement."""
    earlier = [m for m in d.settlements] + [m for m in d.mentions[k] if m.place and m.place.kind == "settlement"]
    for m in loc.ANAPHOR.finditer(text):
        before = [x for x in earlier if x.span.end <= base + m.start()]
        if before:
            ante = before[-1]
            where = EventLocation(ante.place, 1, ante, "in")
            return loc.Located(where, located.origin, (), False), False
    if located.location is None and not loc.locatable(d.mentions[k], text, base) and k > 0 \
            and d.mentions[k - 1]:
        prev = [m for m in d.mentions[k - 1] if m.place and m.place.kind == "settlement"]
        if prev:
            where = EventLocation(prev[-1].place, 2, prev[-1], "in")
            return loc.Located(where, located.origin, (), False), True
    return located, False


# "after the liberation of Soledar, the supply of Ukrainian troops ... was interrupted": a
# nominal trigger in a fronted phrase has its own clause; sides named after the comma act in
# the main clause, not in the liberation
_FRONTED = re.compile(r"(?:^|[,;:]\s*|\b(?:that|and|but)\s+)(?:after|before|following|since|"
                      r"with|despite|amid)\s+(?:the\s+)?$", re.IGNORECASE)


def _actors(text: str, base: int, doc_id: str, ranges: tuple[tuple[int, int], ...],
            t: Trigger) -> tuple[Actor, ...]:
    lo, hi = 0, len(text)
    fronted = _FRONTED.search(text, 0, t.start) if t.nominal else None
    if fronted is not None:  # the phrase runs from its preposition to the next comma
        comma = text.find(",", t.end)
        lo, hi = fronted.start(), (comma if comma >= 0 else len(text))
    window = text[lo:hi]
    return find_actors(window, base + lo, doc_id, ranges) or find_actors(window, base + lo, doc_id, ())


def _region_with_anaphor(located: loc.Located, text: str, t: Trigger) -> bool:
    """Placed only at region level while its clause says "the city"/"there": the clause is
    about the settlement named before ("secured the city for the people of Donbass")."""
    where = located.location
    if where is None or where.precision < 3:
        return False
    c0, c1 = loc.clause_bounds(text, t.start, t.end)
    return loc.ANAPHOR.search(text, c0, c1) is not None


def _date_for(d: _Doc, k: int, pos: int) -> tuple[TimeExpr, bool]:
    """The sentence's own date nearest the trigger, else the reference time carried from
    earlier sentences, else the publication date."""
    own = d.timexes[k]
    if own:
        before = [t for t in own if t.span and t.span.start <= pos]
        return (before[-1] if before else own[0]), False
    for j in range(k - 1, -1, -1):
        for t in reversed(d.timexes[j]):
            if t.relation == "on" and t.precision in ("day", "week", "month") and (t.value or t.note):
                return t, True
    pub = d.analysis.document.published
    if pub is not None:
        return TimeExpr(pub, "day", None, "on", "published"), True
    return TimeExpr(None, None), True


def _background(when: TimeExpr, published: date | None) -> bool:
    """Dated well before publication ("On February 24, 2022, Russia launched ...")."""
    if when.value is None or published is None:
        return False
    return (published - when.value).days > _BACKGROUND_DAYS


def _finish(d: _Doc, dr: _Draft) -> Event:
    location = dr.located.location
    km, rel = dr.distance
    if location is not None and km is not None:
        location = replace(location, distance_km=km, relation=rel or location.relation,
                           precision=max(location.precision, 2))
    side = next((a.side for a in dr.actors if a.role == "actor"), None)
    ev_type, sub = acled_for(dr.type, side, dr.evidence.text)
    place_id = location.place.place_id if location and location.place else None
    return Event(
        event_id=event_id_for(d.doc_id, dr.type, dr.evidence.start, dr.evidence.end, place_id),
        doc_id=d.doc_id, type=dr.type, acled_event_type=ev_type, acled_sub_event_type=sub,
        location=location, date=dr.date, actors=dr.actors,
        attribution=tuple(lk.source for lk in dr.links), modality=dr.modality,  # type: ignore[arg-type]
        evidence=dr.evidence, trigger=dr.trigger, also=dr.located.also, origin=dr.located.origin,
        quantity=dr.quantity, background=_background(dr.date, d.analysis.document.published))


@dataclass(frozen=True)
class EventExtractor:
    """Pipeline stage: adds ``events`` (in text order)."""

    name: str = "events"
    requires: tuple[str, ...] = ("sentences", "mentions", "timexes")
    provides: tuple[str, ...] = ("events",)

    def __call__(self, analysis: Analysis) -> Analysis:
        return replace(analysis, events=tuple(extract_events(analysis)))
