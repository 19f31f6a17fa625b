"""Find and resolve time expressions, sentence by sentence, in text order.

Anchors: the publication date (``Document.published``, may be None) for deictic
expressions ("yesterday", "last week") and for the year of year-less dates, which are
placed in the past of it; the *reference time* (the last date resolved so far) for
discourse-relative ones ("the day before", "a week later"); and, for "one day prior to
the drone strike", the last dated sentence that mentions the strike. With no
publication date a year-less date keeps its month and day in ``TimeExpr.note`` ("07-20")
and ``value`` stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import date, timedelta
from typing import Callable, Iterator

from sitrep.model import Analysis, Span, TimeExpr
from sitrep.timex import lexicon as lx
from sitrep.timex.resolve import (PartialDate, from_date, from_timex, place_in_past, shift,
                                  shift_months, week_start)


@dataclass
class _Context:
    doc_id: str
    published: date | None
    history: list[tuple[TimeExpr, str]] = field(default_factory=list)  # (timex, its sentence)

    def reference(self) -> tuple[PartialDate | None, Span | None]:
        """The reference time: the last resolved date, else the publication date."""
        for t, _ in reversed(self.history):
            p = from_timex(t)
            if p is not None:
                return p, t.span
        return (from_date(self.published), None) if self.published else (None, None)

    def antecedent(self, phrase: str) -> tuple[PartialDate | None, Span | None]:
        """The last dated sentence sharing a content word with ``phrase`` ("the drone strike")."""
        words = [w[:5] for w in re.findall(r"[a-z]{4,}", phrase.lower()) if w not in lx.STOP]
        for t, sent in reversed(self.history):
            low = sent.lower()
            p = from_timex(t)
            if p is not None and any(w in low for w in words):
                return p, t.span
        return self.reference()


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: str
    m: re.Match[str]


def _relation_before(text: str, start: int) -> str:
    head = text[max(0, start - 8):start].lower()
    if re.search(r"\b(?:before|until|by)\s+$", head):
        return "before"
    if re.search(r"\b(?:after|since|from)\s+$", head):
        return "after"
    return "on"


def _explicit(m: re.Match[str], text: str, ctx: _Context) -> TimeExpr | None:
    day = int(m.group("day"))
    mon = m.group("mon")
    month = int(mon) if mon.isdigit() else lx.MONTHS.get(mon.rstrip(".").lower())
    if month is None or not 1 <= day <= 31 or not 1 <= month <= 12:
        return None
    year = int(m.group("year")) if m.group("year") else None
    p = place_in_past(PartialDate(year, month, day, "day"), ctx.published)
    return p.to_timex(None, _relation_before(text, m.start()))


_PART_DAY = {"early": 1, "mid": 15, "late": 25, "the beginning of": 1, "the middle of": 15,
             "the end of": 25}


def _month_only(m: re.Match[str], text: str, ctx: _Context) -> TimeExpr | None:
    mon = m.group("mon") or m.group("mon2")
    year_s = m.group("year") or m.group("year2")
    part = re.sub(r"\s+", " ", (m.group("part") or "").lower())
    prep = (m.group("prep") or "").lower()
    p = PartialDate(int(year_s) if year_s else None, lx.MONTHS[mon.lower()], None, "month")
    p = place_in_past(p, ctx.published, _PART_DAY.get(part, 1))
    relation = {"since": "after", "by": "before", "until": "before"}.get(prep, "on")
    return p.to_timex(None, relation, tag=part.split()[-1] if part else "")


def _year_only(m: re.Match[str], text: str, ctx: _Context) -> TimeExpr | None:
    prep = m.group("prep").lower()
    relation = {"since": "after", "from": "after", "by": "before", "until": "before"}.get(prep, "on")
    return PartialDate(int(m.group("year")), None, None, "year").to_timex(None, relation)


def _counted(m: re.Match[str], text: str, ctx: _Context) -> TimeExpr | None:
    raw_n = m.group("n").lower()
    n = int(raw_n) if raw_n.isdigit() else lx.NUMBER_WORDS.get(raw_n, 1)
    unit, direction = m.group("unit").lower(), re.sub(r"\s+", " ", m.group("dir").lower())
    ref = m.group("ref")
    if direction == "ago":
        base, anchor = (from_date(ctx.published), None) if ctx.published else (None, None)
    elif ref:
        base, anchor = ctx.antecedent(ref)
    else:
        base, anchor = ctx.reference()
    if base is None:
        return TimeExpr(None, None, None, "before" if direction != "later" else "after")
    sign = 1 if direction in ("later", "after") else -1
    if unit in ("day", "week"):
        p = shift(base, sign * n * (7 if unit == "week" else 1))
        p = replace(p, precision=unit) if base.precision == "day" else base
    elif unit == "month":
        p = shift_months(base, sign * n)
    else:
        p = PartialDate(base.year and base.year + sign * n, None, None, "year")
    return p.to_timex(None, "on", anchor)


def _deictic(m: re.Match[str], text: str, ctx: _Context) -> TimeExpr | None:
    expr = re.sub(r"\s+", " ", m.group("expr").lower())
    relation = "before" if expr.startswith("earlier") else "on"
    if expr.startswith("the"):  # discourse-relative: against the reference time
        base, anchor = ctx.reference()
        if base is None:
            return TimeExpr(None, None, None, "before" if "before" in expr or "previous" in expr else "after")
        days = 1 if ("after" in expr or "next" in expr or "following" in expr) else -1
        days *= 7 if "week" in expr else 1
        return shift(base, days).to_timex(None, "on", anchor)
    pub = ctx.published
    if pub is None:
        return TimeExpr(None, None, None, "before" if expr != "today" else "on")
    if expr in ("yesterday", "last night"):
        return from_date(pub - timedelta(days=1)).to_timex(None)
    if expr in ("today", "tonight", "this morning"):
        return from_date(pub).to_timex(None)
    unit = expr.split()[-1]
    back = 0 if expr.startswith(("this", "earlier")) else 1
    if unit == "week":
        return from_date(week_start(pub - timedelta(days=7 * back)), "week").to_timex(None, relation)
    if unit == "month":
        return shift_months(from_date(pub, "month"), -back).to_timex(None, relation)
    return PartialDate(pub.year - back, None, None, "year").to_timex(None, relation)


def _vague(m: re.Match[str], text: str, ctx: _Context) -> TimeExpr | None:
    expr = m.group("expr").lower()
    relation = "after" if expr in ("later", "since then") else "before"
    if expr in ("previously", "recently"):
        base, anchor = (from_date(ctx.published), None) if ctx.published else (None, None)
    else:
        base, anchor = ctx.reference()
    if base is None:
        return TimeExpr(None, None, None, relation)  # type: ignore[arg-type]
    return base.to_timex(None, relation, anchor, tag=expr)


def _weekday(m: re.Match[str], text: str, ctx: _Context) -> TimeExpr | None:
    wd = lx.WEEKDAYS[m.group("wd")]
    mod = (m.group("mod") or "").lower()
    pub = ctx.published
    if pub is None:
        return TimeExpr(None, "day", None, note=m.group("wd"))
    if mod == "next":
        return from_date(pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)).to_timex(None)
    back = (pub.weekday() - wd) % 7
    if mod == "last" and back == 0:
        back = 7
    return from_date(pub - timedelta(days=back)).to_timex(None)


@lru_cache(maxsize=4096)
def _slavic_day_month(day: str, month_word: str) -> tuple[int, int] | None:
    """(month, day) of "24 лютого": dateparser is slow (tens of ms a call), and a feed
    repeats the same few dates, so each (day, month word) is parsed once."""
    import dateparser  # only for Slavic month names, where it is reliable; slow to import

    parsed = dateparser.parse(f"{day} {month_word} 2000", languages=["uk", "ru"])
    return None if parsed is None else (parsed.month, parsed.day)


def _cyrillic(m: re.Match[str], text: str, ctx: _Context) -> TimeExpr | None:
    parsed = _slavic_day_month(m.group("day"), m.group("mon").lower())
    if parsed is None:
        return None
    year = int(m.group("year")) if m.group("year") else None
    p = place_in_past(PartialDate(year, parsed[0], parsed[1], "day"), ctx.published)
    return p.to_timex(None, _relation_before(text, m.start()))


_Handler = Callable[[re.Match[str], str, _Context], "TimeExpr | None"]
# order = priority when two patterns claim the same characters
_PATTERNS: tuple[tuple[str, re.Pattern[str], _Handler], ...] = (
    ("iso", lx.ISO, _explicit),
    ("mdy", lx.MONTH_DAY, _explicit),
    ("dmy", lx.DAY_MONTH, _explicit),
    ("counted", lx.COUNTED, _counted),
    ("month", lx.MONTH_ONLY, _month_only),
    ("year", lx.YEAR_ONLY, _year_only),
    ("deictic", lx.DEICTIC, _deictic),
    ("weekday", lx.WEEKDAY, _weekday),
    ("cyrillic", lx.CYRILLIC, _cyrillic),
    ("vague", lx.VAGUE, _vague),
)
_HANDLERS = {kind: handler for kind, _, handler in _PATTERNS}


#: patterns that cannot match a sentence without a digit (most sentences have none)
_NEEDS_DIGIT = frozenset({"iso", "mdy", "dmy", "year", "cyrillic"})
_DIGIT = re.compile(r"\d")
_CYRILLIC_LETTER = re.compile("[а-яіїєґ]", re.IGNORECASE)


#: words one of which each pattern needs (lower-case substrings): a substring test is far
#: cheaper than letting ``re`` try an alternation at every position of every sentence
_NEEDS_WORD: dict[str, tuple[str, ...]] = {
    "counted": ("day", "week", "month", "year"),
    "deictic": ("day", "night", "week", "month", "year", "morning"),
    "weekday": ("day",),
    "month": ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"),
    "vague": ("earlier", "previously", "recently", "prior", "before", "later", "since"),
}


def _possible(kind: str, low: str, digits: bool, cyrillic: bool) -> bool:
    if kind in _NEEDS_DIGIT and not digits:
        return False
    if kind == "cyrillic":
        return cyrillic
    return kind not in _NEEDS_WORD or any(w in low for w in _NEEDS_WORD[kind])


def _matches(text: str) -> list[_Match]:
    found: list[tuple[int, _Match]] = []
    low = text.lower()
    digits = _DIGIT.search(text) is not None
    cyrillic = digits and _CYRILLIC_LETTER.search(text) is not None
    for prio, (kind, rx, _) in enumerate(_PATTERNS):
        if not _possible(kind, low, digits, cyrillic):
            continue
        for m in rx.finditer(text):
            if kind == "cyrillic" and not _CYRILLIC_LETTER.search(m.group("mon")):
                continue
            found.append((prio, _Match(m.start(), m.end(), kind, m)))
    found.sort(key=lambda pm: (pm[0], -(pm[1].end - pm[1].start)))
    taken: list[_Match] = []
    for _, cand in found:
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    taken.sort(key=lambda t: t.start)
    return [t for i, t in enumerate(taken) if not _subsumed(t, taken[i + 1:], text)]


def _subsumed(t: _Match, later: list[_Match], text: str) -> bool:
    """"Earlier, on February 7": the explicit date that follows carries the meaning."""
    if t.kind != "vague" or not later:
        return False
    gap = text[t.end:later[0].start]
    return len(gap) <= 8 and re.fullmatch(r"[,\s]*(?:on|in)?\s*", gap) is not None


def tag_text(doc_id: str, text: str, start: int, ctx: _Context) -> Iterator[TimeExpr]:
    """Resolve the expressions of one sentence (``text`` starts at document offset ``start``)."""
    for mt in _matches(text):
        t = _HANDLERS[mt.kind](mt.m, text, ctx)
        if t is None:
            continue
        span = Span(doc_id, start + mt.start, start + mt.end, text[mt.start:mt.end])
        t = replace(t, span=span)
        ctx.history.append((t, text))
        yield t


def tag_document(doc_id: str, text: str, sentences: list[tuple[int, int]],
                 published: date | None) -> list[TimeExpr]:
    ctx = _Context(doc_id, published)
    out: list[TimeExpr] = []
    for s, e in sentences:
        out.extend(tag_text(doc_id, text[s:e], s, ctx))
    return out


@dataclass(frozen=True)
class TimexTagger:
    """Pipeline stage: adds ``timexes`` (resolved time expressions, in text order)."""

    name: str = "timex"
    requires: tuple[str, ...] = ("sentences",)
    provides: tuple[str, ...] = ("timexes",)

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.document
        spans = [(s.span.start, s.span.end) for s in analysis.sentences]
        return replace(analysis, timexes=tuple(tag_document(doc.doc_id, doc.text, spans,
                                                             doc.published)))
