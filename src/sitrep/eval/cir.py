"""Geocoding short war reports: the CIR / Russia-Ukraine Monitor incidents (events.csv).

Each row's title + brief description is geoparsed; the row's lat/lon/town is
the truth. sitrep's answer is its most confident settlement mention (else its
most confident mention of anything with a point); the baseline takes the same
spots and answers with the most populous of all readings of the first one
(exact and romanisation-tolerant), i.e. a gazetteer lookup without context.

Subsets, reported separately because many descriptions name no place at all
("Damage after strike"):
* ``all``: every row; a row without an answer counts as a miss
* ``named``: rows whose truth town is a settlement the gazetteer knows within
  10 km of the truth point AND whose text contains that town's name
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass
from pathlib import Path

from sitrep.eval.gold import Score
from sitrep.gazetteer.katotth import km
from sitrep.gazetteer.normalize import fold_with_offsets, name_key, skeleton
from sitrep.geoparse import GeoParser
from sitrep.geoparse.candidates import readings
from sitrep.geoparse.spot import is_cued
from sitrep.model import Analysis, Document, Place
from sitrep.nlp.sentences import split_sentences

NAMED_KM = 10.0


@dataclass(frozen=True)
class Row:
    entry: str
    text: str
    lat: float
    lon: float
    town: str


def read_rows(csv_path: str | Path, limit: int | None = None) -> list[Row]:
    out = []
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            try:
                lat, lon = float(rec["lat"]), float(rec["lon"])
            except (TypeError, ValueError):
                continue
            title, brief = (rec.get("title") or "").strip(), (rec.get("brief description") or "").strip()
            text = title if brief == title or brief in title else f"{title}. {brief}"
            out.append(Row(rec.get("entry", ""), text, lat, lon, (rec.get("town/city") or "").strip()))
            if limit is not None and len(out) >= limit:
                break
    return out


def _sitrep_answer(analysis: Analysis) -> Place | None:
    """The event's place: a settlement introduced by "in/near/at", else the most confident one.

    A settlement right after "X, " is X's oblast named by its seat ("Bakhmut, Donetsk").
    """
    text = analysis.document.text
    placed = [m for m in analysis.mentions if m.place is not None and m.place.lat is not None]
    towns = [m for m in placed if m.place.kind == "settlement"]

    def rank(m) -> tuple:
        qualifier = any(o is not m and 0 <= m.span.start - o.span.end <= 2
                        and text[o.span.end:m.span.start].strip() == "," for o in placed)
        return (not qualifier, is_cued(text, m.span.start), m.confidence)

    pick = max(towns or placed, key=rank, default=None)
    return pick.place if pick else None


def _baseline_answer(analysis: Analysis, gazetteer) -> Place | None:
    """The most populous of all readings (exact and romanisation) of the first spot with any."""
    for m in analysis.mentions:
        key = name_key(m.span.text)
        places = [r.place for r in readings(gazetteer, key, bool(gazetteer.rows(key)))
                  if r.place.lat is not None]
        if places:
            return max(places, key=lambda p: (p.population, p.kind == "settlement"))
    return None


def _named(row: Row, gazetteer) -> bool:
    """The truth is a settlement the gazetteer knows, and the text names it."""
    key = name_key(row.town)
    if not key or key not in name_key(fold_with_offsets(row.text)[0]):
        return False
    return any(p.kind == "settlement" and p.lat is not None and km(p.lat, p.lon, row.lat, row.lon) <= NAMED_KM
               for p in gazetteer.lookup(key))


def _same_town(place: Place, row: Row) -> bool:
    return bool(row.town) and skeleton(name_key(place.name)) == skeleton(name_key(row.town))


def _scores(system: str, subset: str, answers: list[tuple[Row, Place | None]], note: str) -> list[Score]:
    n = len(answers)
    errors = [km(r.lat, r.lon, p.lat, p.lon) for r, p in answers if p is not None]
    hit = lambda limit: sum(e <= limit for e in errors) / n if n else 0.0  # noqa: E731
    town = sum(p is not None and _same_town(p, r) for r, p in answers) / n if n else 0.0
    pre = f"cir.{system}.{subset}"
    return [Score(f"{pre}.exact_town", town, n, "", note), Score(f"{pre}.acc@10km", hit(10), n, "", note),
            Score(f"{pre}.acc@25km", hit(25), n, "", note),
            Score(f"{pre}.median_error", statistics.median(errors) if errors else 0.0, len(errors), "km",
                  note + "; over rows with an answer"),
            Score(f"{pre}.coverage", len(errors) / n if n else 0.0, n, "", note)]


def cir_scores(csv_path: str | Path, gazetteer, limit: int | None = None) -> list[Score]:
    parser = GeoParser(gazetteer)
    rows = read_rows(csv_path, limit)
    results = []
    for row in rows:
        sents = split_sentences(row.entry, row.text)
        mentions = parser.parse(row.entry, row.text, [s.span.start for s in sents])
        analysis = Analysis(Document(row.entry, row.entry, "", row.text), tuple(sents), tuple(mentions))
        results.append((row, _sitrep_answer(analysis), _baseline_answer(analysis, gazetteer), _named(row, gazetteer)))
    out: list[Score] = []
    for system, pick in (("sitrep", 1), ("baseline", 2)):
        every = [(r[0], r[pick]) for r in results]
        named = [(r[0], r[pick]) for r in results if r[3]]
        out += _scores(system, "all", every, "all rows; no answer = miss")
        out += _scores(system, "named", named,
                       "rows whose truth is a gazetteer settlement (<=10 km) named in the text")
    return out
