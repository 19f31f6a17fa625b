"""Event scores: against the hand-checked seeds gold, and typing on the CIR incident list.

Seeds (:func:`event_scores`), analyses keyed by gold file name, background events ignored
except for the last figure:

* ``events.found``: gold events with an event of ours of the same type at the same place
  (GeoNames id); where gold has no place, same type and an evidence sentence sharing at
  least half of the gold text's content words.
* ``events.sources`` / ``events.modality`` / ``events.date``: among found gold events, the
  best-agreeing of our matching events (several sentences may report one event) has the
  same source set (names compared loosely: token-set similarity >= 80, order ignored,
  both directions), the same modality (gold "reported" = our "asserted"), the same date
  ("MM-DD" gold: our month-day; "YYYY-MM": our month; ``date_before``: our relation
  "before" with the period ending on or up to 31 days before the gold bound).
  ``events.date`` counts dated gold events we did not find as wrong; ``events.date_found``
  is the share among found ones.
* ``events.precision``: share of our (non-background) events that match some gold event.
* ``events.background_on_publication_day``: events that are background (flagged, or whose
  sentence carries an explicit date > 60 days before publication) yet dated to the
  publication day. Must be 0.

CIR (:func:`cir_typing_scores`): see its docstring.
"""

from __future__ import annotations

import calendar
import csv
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Mapping

from rapidfuzz import fuzz

from sitrep.eval.gold import Gold, GoldEvent, Score
from sitrep.model import Analysis, Event

_STOP = frozenset("the a an of in on at to and by from with near along is was were has have had "
                  "that this for".split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 2}


def _place_ok(e: Event, g: GoldEvent) -> bool:
    if g.where is None:
        gw = _words(g.text)
        return bool(gw) and len(gw & _words(e.evidence.text)) >= len(gw) / 2
    p = e.location.place if e.location else None
    return p is not None and p.geonameid == g.where


def _name_ok(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a.lower(), b.lower()) >= 80


def sources_ok(e: Event, g: GoldEvent) -> bool:
    ours = [s.name for s in e.attribution]
    return all(any(_name_ok(x, y) for y in ours) for x in g.sources) and \
        all(any(_name_ok(y, x) for x in g.sources) for y in ours)


def modality_ok(e: Event, g: GoldEvent) -> bool:
    return e.modality == ("asserted" if g.modality == "reported" else g.modality)


def _period_end(e: Event) -> date | None:
    v = e.date.value
    if v is None:
        return None
    if e.date.precision == "month":
        return v.replace(day=calendar.monthrange(v.year, v.month)[1])
    if e.date.precision == "year":
        return v.replace(month=12, day=31)
    return v + timedelta(days=6) if e.date.precision == "week" else v


def date_ok(e: Event, g: GoldEvent) -> bool | None:
    """None where gold gives no date."""
    t = e.date
    if g.date_before:
        end, bound = _period_end(e), date.fromisoformat(g.date_before)
        return t.relation == "before" and end is not None and 0 <= (bound - end).days <= 31
    if not g.date:
        return None
    if len(g.date) == 5:  # MM-DD, year unknown
        md = t.value.strftime("%m-%d") if t.value else t.note
        return md == g.date and t.relation == "on"
    if len(g.date) == 7:
        return t.value is not None and t.value.isoformat()[:7] == g.date and t.precision == "month"
    return t.value is not None and t.value.isoformat() == g.date and t.precision == "day"


def _agreement(e: Event, g: GoldEvent) -> tuple[bool, bool, bool]:
    return sources_ok(e, g), modality_ok(e, g), bool(date_ok(e, g))


def _background_on_pub(a: Analysis) -> int:
    pub = a.document.published
    if pub is None:
        return 0
    count = 0
    for e in a.events:
        old = any(t.span and e.evidence.start <= t.span.start < e.evidence.end and t.value
                  and (pub - t.value).days > 60 for t in a.timexes)
        if (e.background or old) and e.date.value == pub:
            count += 1
    return count


def event_scores(gold: Gold, analyses: Mapping[str, Analysis]) -> list[Score]:
    found = src = moda = dated = dated_n = dated_found = matched = ours_n = bg = 0
    total = 0
    misses: list[str] = []
    for gd in gold.documents:
        a = analyses.get(gd.file)
        events = [e for e in a.events if not e.background] if a else []
        bg += _background_on_pub(a) if a else 0
        for g in gd.events:
            total += 1
            cands = [e for e in events if e.type == g.type and _place_ok(e, g)]
            has_date = bool(g.date or g.date_before)
            dated_n += has_date
            if not cands:
                misses.append(g.id)
                continue
            found += 1
            best = max(cands, key=lambda e: _agreement(e, g))
            s_ok, m_ok, d_ok = _agreement(best, g)
            src += s_ok
            moda += m_ok
            dated += has_date and d_ok
            dated_found += has_date
        ours_n += len(events)
        matched += sum(1 for e in events if any(e.type == g.type and _place_ok(e, g) for g in gd.events))
    rate = lambda x, n: x / n if n else 0.0  # noqa: E731
    return [
        Score("events.found", rate(found, total), total, note="missed: " + ", ".join(misses)),
        Score("events.sources", rate(src, found), found),
        Score("events.modality", rate(moda, found), found),
        Score("events.date", rate(dated, dated_n), dated_n, note="gold events with a date; not found = wrong"),
        Score("events.date_found", rate(dated, dated_found), dated_found, note="among found gold events"),
        Score("events.precision", rate(matched, ours_n), ours_n,
              note=f"{ours_n - matched} of our events match no gold event"),
        Score("events.background_on_publication_day", float(bg), bg, unit="count"),
    ]


# Weak labels come from the CIR's own categorisation, made by its volunteers, never from our
# trigger lexicon: the incident's ``event_group`` (and, for two groups, its ``violence level``).
#   group starts with ...                      -> accepted sitrep types
#   "Bombing or Explosion"                     -> strike
#   "Military Infrastructure Damage"           -> strike
#   "Civilian Infrastructure Damage", level>=2 -> strike
#   "Ground Battle"                            -> clash
#   "Russian Firing Positions"                 -> positions or strike
#   "Russian Military Presence", level 1       -> none (movement/presence: no event, or
#                                                 advance/positions are acceptable)
# Other groups (losses, munitions, casualties, graves, detentions, "Other") are ambiguous
# between types and are left out.
_CIR_LABELS: tuple[tuple[str, str | None, str, frozenset[str | None]], ...] = (
    ("Bombing or Explosion", None, "strike", frozenset({"strike"})),
    ("Military Infrastructure Damage", None, "strike", frozenset({"strike"})),
    ("Civilian Infrastructure Damage", "violent", "strike", frozenset({"strike"})),
    ("Ground Battle", None, "clash", frozenset({"clash"})),
    ("Russian Firing Positions", None, "positions", frozenset({"positions", "strike"})),
    ("Russian Military Presence", "1", "none", frozenset({None, "advance", "positions"})),
)


def cir_label(row: Mapping[str, str]) -> tuple[str, frozenset[str | None]] | None:
    group, level = row.get("event_group", ""), (row.get("violence level") or "").strip()
    for prefix, need, name, accepted in _CIR_LABELS:
        if not group.startswith(prefix):
            continue
        if need == "violent" and level in ("", "1"):
            return None
        if need not in (None, "violent") and level != need:
            return None
        return name, accepted
    return None


def _cir_text(row: Mapping[str, str]) -> str:
    title = re.sub(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*", "", row.get("title", "")).strip()
    desc = (row.get("brief description") or "").strip()
    return title if not desc or desc in title else f"{title}. {desc}"


def cir_typing_scores(csv_path: str | Path) -> list[Score]:
    """Typing accuracy of :func:`sitrep.events.triggers.event_type_of` on CIR incidents
    (title + brief description), per weak label class, plus overall accuracy."""
    from sitrep.events.triggers import event_type_of

    hits: dict[str, list[int]] = {}
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lab = cir_label(row)
            if lab is None:
                continue
            name, accepted = lab
            got = event_type_of(_cir_text(row))
            hits.setdefault(name, []).append(int(got in accepted))
    scores = [Score(f"cir.{name}.accuracy", sum(v) / len(v), len(v),
                    note="typed into an accepted type" if name != "none" else "no conflict event typed")
              for name, v in sorted(hits.items())]
    allv = [x for v in hits.values() for x in v]
    scores.append(Score("cir.accuracy", sum(allv) / len(allv) if allv else 0.0, len(allv)))
    return scores
