"""Calendar arithmetic on dates whose year may be unknown.

A :class:`PartialDate` is what the text gives: "July 20" without a publication date is
(None, 7, 20). Arithmetic on a year-less date uses a non-leap stand-in year, so "one day
prior to July 20" is (None, 7, 19) without inventing a year.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.model import Span, TimeExpr

_STAND_IN_YEAR = 2001  # non-leap: year-less arithmetic never lands on Feb 29 by accident
_LEAP_STAND_IN = 2000


@dataclass(frozen=True)
class PartialDate:
    year: int | None
    month: int | None
    day: int | None
    precision: str  # day | week | month | year

    def first_day(self, year: int | None = None) -> date | None:
        y = self.year if self.year is not None else year
        if y is None or (self.month is None and self.precision != "year"):
            return None
        return _safe_date(y, self.month or 1, self.day or 1)

    def to_timex(self, span: Span | None, relation: str = "on", anchor: Span | None = None,
                 tag: str = "") -> TimeExpr:
        value = self.first_day()
        if value is not None:
            return TimeExpr(value, self.precision, span, relation, tag, anchor)  # type: ignore[arg-type]
        if self.month is None:
            return TimeExpr(None, None, span, relation, tag, anchor)  # type: ignore[arg-type]
        note = f"{self.month:02d}-{self.day:02d}" if self.day else f"{self.month:02d}"
        return TimeExpr(None, self.precision, span, relation, note, anchor)  # type: ignore[arg-type]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, min(d, calendar.monthrange(y, m)[1]))
    except ValueError:
        return None


def place_in_past(p: PartialDate, anchor: date | None, probe_day: int | None = None) -> PartialDate:
    """Give a year-less date the anchor's year, or the year before if it would lie after it."""
    if p.year is not None or anchor is None or p.month is None:
        return p
    probe = _safe_date(anchor.year, p.month, p.day or probe_day or 1)
    year = anchor.year - 1 if probe is not None and probe > anchor else anchor.year
    return PartialDate(year, p.month, p.day, p.precision)


def from_date(d: date, precision: str = "day") -> PartialDate:
    return PartialDate(d.year, d.month, d.day if precision in ("day", "week") else None, precision)


def from_timex(t: TimeExpr) -> PartialDate | None:
    """The partial date behind a resolved expression (reads the "MM-DD" note for year-less ones)."""
    if t.value is not None and t.precision is not None:
        return from_date(t.value, t.precision)
    parts = t.note.split("-") if t.note[:2].isdigit() else []
    if len(parts) == 2:
        return PartialDate(None, int(parts[0]), int(parts[1]), "day")
    if len(parts) == 1:
        return PartialDate(None, int(parts[0]), None, "month")
    return None


def shift(p: PartialDate, days: int) -> PartialDate:
    """Move a day-precision date; a year-less one keeps no year."""
    if p.month is None or p.day is None:
        return p
    leap_day = p.month == 2 and p.day == 29
    y = p.year if p.year is not None else (_LEAP_STAND_IN if leap_day else _STAND_IN_YEAR)
    d = date(y, p.month, p.day) + timedelta(days=days)
    return PartialDate(p.year and d.year, d.month, d.day, p.precision)


def shift_months(p: PartialDate, months: int) -> PartialDate:
    if p.month is None:
        return p
    total = (p.year or _STAND_IN_YEAR) * 12 + p.month - 1 + months
    year = total // 12 if p.year is not None else None
    return PartialDate(year, total % 12 + 1, None, "month")


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())
