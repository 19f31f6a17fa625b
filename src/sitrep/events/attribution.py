"""Attribution chains: who says what, sentence by sentence, outlet first.

Frames recognised in a sentence: "according to X", "X said/noted/told/claimed ...",
inverted "..., said one anonymous official", "X, citing Y, claimed", "announced ... by X",
outlets in "told Izvestia", "in a commentary to Solovyov.Live", "via the Kremlin website",
"quoted by Tass". Pronouns and bare descriptors ("he", "The acting head of the DPR",
"Pushilin") resolve to people named earlier. Sentences inside a direct quotation take
the quotation's speaker; sentences without a frame carry the previous sentence's chain
inside a paragraph, fall back to the headline's source ("..., Reports Deep State",
"– Tass Reports"), and name no source when the report is agentless ("were reported",
"the news of").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.events import sources as src
from sitrep.events.prefilter import Gated
from sitrep.events.sources import Link

_SPEECH = re.compile(
    r"\b(?:said|says|noted|notes|stressed|stresses|stated|states|claimed|claims|told|tells|announced|"
    r"emphasi[sz]ed|declared|pointed\s+out|argued|warned|added|wrote|writes|confirmed|denied|den(?:y|ies)|"
    r"highlighted|highlights|explained|reported|reports|speculated?|suggest(?:s|ed)?|believes?|specified)\b")
_BY_AGENT = re.compile(
    r"\b(?:highlighted|announced|reported|stated|noted|said|claimed|confirmed)\b[^,.;]{0,30}?\bby\s+"
    r"(?P<src>[^,.;]+?)(?=\s+(?:during|at|in|on|after|when|while)\b|[,.;]|$)")
_CITING = Gated(re.compile(
    r"(?P<subj>[A-Z][^,;:]{1,60}?),\s+citing\s+(?P<cited>[^;]{1,140}?)[,’'”]*\s+"
    r"(?:claimed|said|reported|stated|wrote|says|claims|reports)\b"))
# gated: both are tried at every position of every sentence and rarely match (see prefilter)
_ACCORDING = Gated(re.compile(r"\b[Aa]ccording\s+to\s+"))
_AGENTLESS = re.compile(r"\b(?:was|were|has\s+been|have\s+been|is|are)\s+reported\b(?!\s+by)|"
                        r"\breportedly\b|\bnews\s+of\b|\breports\s+of\b|\bit\s+is\s+reported\b",
                        re.IGNORECASE)
_OUTLET_CONTEXT = re.compile(r"(?:\bvia|\btold|\bto|\bwith|\bby|\bfrom|\bciting)\s+(?:the\s+)?$")
_BOUNDARY = re.compile(r"[,;:“”‘()]|’(?=\s)|—")
_AUX = re.compile(r"\s*\b(?:has|have|had|also|previously|reportedly|recently|later|then)\b\s*$")
_REMARKS = re.compile(r"^\W*(?:His|Her)\s+(?:remarks|comments|words|statement)\b")
_CLAIM_VERB = re.compile(r"\b(?:claim(?:s|ed)?|allege[sd]?|allegedly)\b", re.IGNORECASE)
_HEADLINE = re.compile(r"(?:[,–—:-]\s*|\b)Reports?\s+(?P<a>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})|"
                       r"[,–—-]\s*(?P<b>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}?)\s+(?:Reports?|Says|Writes)\b")
_PERSONISH = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+|^\s*[A-Z][a-z]+\s*$|\b(?:official|spokes|expert|analyst|soldier|commander|officer|source|"
                        r"media|military|minister|operator|resident|he|she)\w*", re.IGNORECASE)


_INTRODUCED = Gated(re.compile(
    r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2},\s+(?:the|a|an)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:head|president|spokes\w+|expert|commander|minister|governor|leader|official|chief)\b"))


@dataclass(frozen=True)
class SentenceFrame:
    """What one sentence says about its sources."""

    links: tuple[Link, ...] = ()
    kind: str = "none"  # explicit | quote | carried | agentless | headline | none
    ranges: tuple[tuple[int, int], ...] = ()  # document offsets of attribution phrases
    claim_verb: bool = False
    verb_pos: int = -1  # document offset of the speech verb, if any


@dataclass
class _Tracker:
    doc_id: str
    people: list[Link] = field(default_factory=list)
    last_person: Link | None = None
    last_outlet: Link | None = None
    last_explicit: tuple[Link, ...] = ()

    def remember(self, links: list[Link]) -> None:
        for lk in links:
            if lk.is_person:
                self.last_person = lk
                if lk.source.role != "anonymous" and lk.descriptor != lk.source.name and \
                        all(p.source.name != lk.source.name for p in self.people):
                    self.people.append(lk)
            else:
                self.last_outlet = lk

    def resolve(self, link: Link) -> Link:
        """Pronouns, surnames and bare descriptors -> the person named earlier."""
        name = link.source.name
        if src.PRONOUN.match(name) and self.last_person is not None:
            return self.last_person
        key = src.canonical(name)
        for p in reversed(self.people):
            full = src.canonical(p.source.name)
            if full == key or full.endswith(" " + key) or (
                    len(key) > 8 and key in src.canonical(p.descriptor)):
                return p
        return link

    def mention(self, text: str, base: int) -> None:
        """A known person named anywhere becomes the antecedent of the next "he"; a name
        introduced with a title ("Denis Pushilin, the head of ...") becomes known."""
        for m in _INTRODUCED.finditer(text):
            link = src.parse_source(m.group(0), base + m.start(), self.doc_id)
            self.remember([lk for lk in link if lk.is_person and " " in lk.source.name])
        for p in self.people:
            if p.source.name.split()[-1] in text:
                self.last_person = p


def headline_source(title: str, doc_id: str, offset: int = 0) -> Link | None:
    """The outlet a headline names; ``offset``: where ``title`` starts in the document text
    (a report may open with blank lines), so the outlet's span indexes the text."""
    m = _HEADLINE.search(title)
    if not m:
        return None
    name = (m.group("a") or m.group("b")).strip()
    start = offset + (m.start("a") if m.group("a") else m.start("b"))
    found = src.find_outlets(name, start, doc_id)
    if found:
        return found[0][0]
    from sitrep.model import Source, Span
    return Link(Source(name, "outlet", Span(doc_id, start, start + len(name), name)), False)


def _segment_before(text: str, pos: int) -> tuple[str, int]:
    """The clause fragment just before ``pos`` (speech verb), and where it starts."""
    cuts = [m.end() for m in _BOUNDARY.finditer(text, 0, pos)]
    start = cuts[-1] if cuts else 0
    seg = _AUX.sub("", text[start:pos])
    if not seg.strip() and len(cuts) >= 2 and text[cuts[-1] - 1] == ",":
        start = cuts[-2]
        seg = _AUX.sub("", text[start:cuts[-1] - 1])
    return seg, start


def _according(text: str, base: int, doc_id: str) -> list[tuple[list[Link], int, int]]:
    out = []
    for m in _ACCORDING.finditer(text):
        rest = text[m.end():]
        end = _first_cut(rest)
        if rest[end:end + 1] == "," and re.match(r",\s+(?:a|an)\s", rest[end:]):
            end = end + 1 + _first_cut(rest[end + 1:])
        phrase = rest[:end]
        out.append((src.parse_source(phrase, base + m.end(), doc_id), m.start(), m.end() + end))
    return out


def _first_cut(s: str) -> int:
    m = re.search(r"[,;.“”]|$", s)
    return m.start() if m else len(s)


def _speech_frames(text: str, base: int, doc_id: str, skip: list[tuple[int, int]]
                   ) -> list[tuple[list[Link], int, int, int]]:
    """(links, phrase start, phrase end, verb position) for each "X said"-style frame."""
    out = []
    for m in _SPEECH.finditer(text):
        if any(s <= m.start() < e for s, e in skip) or re.match(r"\s+by\b", text[m.end():]):
            continue
        seg, s0 = _segment_before(text, m.start())
        links: list[Link] = []
        if m.group(0).startswith("report") and (
                not src.find_outlets(seg, 0, doc_id) or re.search(r"\b(?:was|were|been|be|is|are)\s*$", seg)):
            continue  # "reports" is a noun and "were reported" agentless unless an outlet reports
        if seg.strip().lower().startswith("citing"):
            prev, p0 = _segment_before(text, max(0, s0 - 1))
            links = src.parse_source(prev, base + p0, doc_id) + src.parse_source(seg, base + s0, doc_id)
        elif seg.strip() and (_PERSONISH.search(seg) or src.find_outlets(seg, 0, doc_id)) and not seg.strip().lower().startswith(("who", "which", "that", "where")):
            links = src.parse_source(seg, base + s0, doc_id)
        else:
            inv = re.match(r"\s+(?P<src>(?:a|an|one|the)\s+[^,.;“”]+)", text[m.end():])
            if inv:
                s0 = m.end() + inv.start("src")
                seg = inv.group("src")
                links = src.parse_source(seg, base + s0, doc_id)
        links += _object_outlets(text, m.end(), base, doc_id)
        if links:
            out.append((links, s0, max(m.end(), s0 + len(seg)), m.start()))
    return out


def _object_outlets(text: str, pos: int, base: int, doc_id: str) -> list[Link]:
    """Outlets right after the verb: "told Izvestia", "in a commentary to Solovyov.Live"."""
    tail = text[pos:pos + 70]
    cut = re.search(r"\bthat\b|[,.;“”]", tail)
    window = tail[:cut.start()] if cut else tail
    return [lk for lk, _, _ in src.find_outlets(window, base + pos, doc_id)]


def _context_outlets(text: str, base: int, doc_id: str) -> list[tuple[Link, int, int]]:
    """Outlets in an attribution context anywhere in the sentence ("via the Kremlin website")."""
    return [(lk, s, e) for lk, s, e in src.find_outlets(text, base, doc_id)
            if _OUTLET_CONTEXT.search(text[max(0, s - 20):s])]


def frame_sentence(text: str, base: int, tracker: _Tracker) -> SentenceFrame:
    """The explicit attribution of one sentence (no carrying yet)."""
    doc_id = tracker.doc_id
    links: list[Link] = []
    ranges: list[tuple[int, int]] = []
    verb_pos = -1
    for lks, s, e in _according(text, base, doc_id):
        links += lks
        ranges.append((s, e))
    for m in _CITING.finditer(text):
        links += src.parse_source(m.group("subj"), base + m.start("subj"), doc_id)
        links += src.parse_source(m.group("cited"), base + m.start("cited"), doc_id)
        ranges.append((m.start(), m.end()))
        verb_pos = base + m.end()
    for m in _BY_AGENT.finditer(text):
        links += src.parse_source(m.group("src"), base + m.start("src"), doc_id)
        ranges.append((m.start(), m.end()))
    for lks, s, e, v in _speech_frames(text, base, doc_id, ranges):
        links += lks
        ranges.append((s, e))
        verb_pos = base + v
    for lk, s, e in _context_outlets(text, base, doc_id):
        links.append(lk)
        ranges.append((s, e))
    if _REMARKS.match(text) and tracker.last_person is not None:
        links.append(tracker.last_person)
    if not links:
        return SentenceFrame()
    links = _order([_publication(tracker, tracker.resolve(lk)) for lk in links])
    return SentenceFrame(tuple(links), "explicit", tuple((base + s, base + e) for s, e in ranges),
                         bool(_CLAIM_VERB.search(text)), verb_pos)


def _publication(tracker: _Tracker, link: Link) -> Link:
    """"told the publication" -> the outlet last named."""
    if src.canonical(link.source.name) in ("publication", "outlet", "newspaper") and tracker.last_outlet:
        return tracker.last_outlet
    return link


def _order(links: list[Link]) -> list[Link]:
    """Outlets first, then people; duplicates (loosely compared) dropped."""
    seen: set[str] = set()
    out: list[Link] = []
    for lk in sorted(links, key=lambda lk: lk.is_person):
        key = src.canonical(lk.source.name)
        if key and key not in seen:
            seen.add(key)
            out.append(lk)
    return out


def with_speaker_outlet(frame: SentenceFrame, previous: tuple[Link, ...]) -> SentenceFrame:
    """A speaker quoted again right after being quoted via an outlet keeps that outlet."""
    people = [lk for lk in frame.links if lk.is_person]
    if not people or any(not lk.is_person for lk in frame.links):
        return frame
    prev_people = {src.canonical(lk.source.name) for lk in previous if lk.is_person}
    if {src.canonical(p.source.name) for p in people} <= prev_people:
        outlets = [lk for lk in previous if not lk.is_person]
        return SentenceFrame(tuple(_order(outlets + list(frame.links))), frame.kind, frame.ranges,
                             frame.claim_verb, frame.verb_pos)
    return frame


def is_agentless(text: str) -> bool:
    return bool(_AGENTLESS.search(text))


_QUOTE_PAIRS = {"“": "”", "‘": "’", "«": "»", '"': '"'}
_MAX_QUOTE = 2000


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Direct quotations (opener to closer, offsets); "’" followed by a letter is an apostrophe."""
    regions: list[tuple[int, int]] = []
    pos = 0
    for m in _OPENER.finditer(text):
        i = m.start()
        if i < pos or (i > 0 and text[i - 1].isalnum()):
            continue
        j = _closer(text, i)
        if j is not None:
            regions.append((i, j + 1))
            pos = j + 1
    return regions


_OPENER = re.compile("[" + re.escape("".join(_QUOTE_PAIRS)) + "]")


def _closer(text: str, i: int) -> int | None:
    """Offset of the quote mark closing the one at ``i`` (within ``_MAX_QUOTE``), if any."""
    close = _QUOTE_PAIRS[text[i]]
    limit = min(len(text), i + _MAX_QUOTE)
    j = text.find(close, i + 1, limit)
    while j != -1:
        if j + 1 >= len(text) or not text[j + 1].isalpha():
            return j
        j = text.find(close, j + 1, limit)
    return None


def _quote_speakers(regions: list[tuple[int, int]], sent_spans: list[tuple[int, int]],
                    frames: list[SentenceFrame]) -> list[tuple[int, int, tuple[Link, ...]]]:
    """Each quotation's speaker: the frame after its closer, else before its opener, else
    the speaker of a quotation that ended in the sentence before (a continued quote)."""
    def sentence_of(pos: int) -> int:
        return next((k for k, (s, e) in enumerate(sent_spans) if s <= pos < e), -1)

    out: list[tuple[int, int, tuple[Link, ...]]] = []
    for qs, qe in regions:
        ks, ke = sentence_of(qs), sentence_of(qe - 1)
        links: tuple[Link, ...] = ()
        if ke >= 0 and frames[ke].kind == "explicit" and frames[ke].verb_pos >= qe - 1:
            links = frames[ke].links
        elif ks >= 0 and frames[ks].kind == "explicit" and 0 <= frames[ks].verb_pos < qs:
            links = frames[ks].links
        elif out and ks >= 0 and sentence_of(out[-1][1] - 1) in (ks, ks - 1):
            links = out[-1][2]
        out.append((qs, qe, links))
    return out


def attribute_document(doc_id: str, text: str, sent_spans: list[tuple[int, int]],
                       headline: Link | None, skip: int = 0) -> list[SentenceFrame]:
    """One :class:`SentenceFrame` per sentence; the first ``skip`` (headline) get none."""
    tracker = _Tracker(doc_id)
    frames: list[SentenceFrame] = []
    for k, (s, e) in enumerate(sent_spans):
        tracker.mention(text[s:e], s)
        f = frame_sentence(text[s:e], s, tracker) if k >= skip else SentenceFrame()
        if f.kind == "explicit":
            f = with_speaker_outlet(f, tracker.last_explicit)
            tracker.remember(list(f.links))
            tracker.last_explicit = f.links
        frames.append(f)
    quotes = _quote_speakers(quote_regions(text), sent_spans, frames)
    return [_carry(k, frames, quotes, sent_spans, text, headline, skip) for k in range(len(frames))]


def _carry(k: int, frames: list[SentenceFrame], quotes: list[tuple[int, int, tuple[Link, ...]]],
           spans: list[tuple[int, int]], text: str, headline: Link | None, skip: int) -> SentenceFrame:
    f = frames[k]
    if f.kind == "explicit" or k < skip:
        return f
    s, e = spans[k]
    for qs, qe, links in quotes:
        if links and qs < e and qe > s:
            return SentenceFrame(links, "quote")
    if is_agentless(text[s:e]):
        return SentenceFrame((), "agentless")
    if k > skip and "\n" not in text[spans[k - 1][1]:s]:
        prev = frames[k - 1]
        if prev.links and prev.kind in ("explicit", "quote", "carried"):
            carried = SentenceFrame(prev.links, "carried")
            frames[k] = carried  # later sentences of the paragraph carry it too
            return carried
    if headline is not None:
        return SentenceFrame((headline,), "headline")
    return SentenceFrame()
