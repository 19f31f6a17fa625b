"""Scoring place mentions against the gold places of ../shared/gold/seeds.json.

A gold place is matched to the mentions whose surface has the same name key
(the most confident one speaks for them); a spotted mention counts as correct
for precision when its surface or its resolved GeoNames id is a gold place of
that document.
"""

from __future__ import annotations

from typing import Mapping

from sitrep.eval.gold import Gold, GoldDocument, GoldPlace, Score
from sitrep.gazetteer.katotth import km
from sitrep.gazetteer.normalize import name_key
from sitrep.model import Analysis, PlaceMention

UNRESOLVED_MAX_CONFIDENCE = 0.5


def _same_surface(spotted: str, gold_key: str) -> bool:
    """Equal name keys, or the gold name as whole words of a longer spot ("Donbas region")."""
    key = name_key(spotted)
    return key == gold_key or f" {gold_key} " in f" {key} "


def _best(mentions: tuple[PlaceMention, ...], surface: str) -> PlaceMention | None:
    key = name_key(surface)
    found = [m for m in mentions if _same_surface(m.span.text, key)]
    return max(found, key=lambda m: m.confidence) if found else None


def _pairs(gold: Gold, analyses: Mapping[str, Analysis]):
    """(gold document, gold place, best matching mention or None) for every gold place."""
    for doc in gold.documents:
        analysis = analyses.get(doc.file)
        mentions = analysis.mentions if analysis else ()
        for gp in doc.places:
            yield doc, gp, _best(mentions, gp.surface)


def _rate(name: str, hits: list[bool], note: str) -> Score:
    return Score(name, sum(hits) / len(hits) if hits else 0.0, len(hits), "", note)


def _within(gp: GoldPlace, m: PlaceMention | None) -> bool:
    if m is None or m.place is None or m.place.lat is None or gp.lat is None:
        return False
    return km(gp.lat, gp.lon, m.place.lat, m.place.lon) <= (gp.tolerance_km or 0.0)


def _precision_hits(doc: GoldDocument, analysis: Analysis | None) -> list[bool]:
    if analysis is None:
        return []
    surfaces = {name_key(p.surface) for p in doc.places}
    ids = {p.geonameid for p in doc.places if p.geonameid}
    seen: dict[str, bool] = {}
    for m in analysis.mentions:
        key = name_key(m.span.text)
        ok = any(_same_surface(m.span.text, g) for g in surfaces) or (
            m.place is not None and m.place.geonameid in ids)
        seen[key] = seen.get(key, False) or ok
    return list(seen.values())


def place_scores(gold: Gold, analyses: Mapping[str, Analysis]) -> list[Score]:
    pairs = list(_pairs(gold, analyses))
    with_id = [(gp, m) for _, gp, m in pairs if gp.geonameid]
    settlements = [(gp, m) for _, gp, m in pairs if gp.kind == "settlement" and gp.tolerance_km]
    kinds = [(gp, m) for _, gp, m in pairs if gp.kind in ("region", "water")]
    unknown = [(gp, m) for _, gp, m in pairs if gp.kind == "unknown"]
    precision = [h for doc in gold.documents for h in _precision_hits(doc, analyses.get(doc.file))]
    return [
        _rate("places.exact_id", [m is not None and m.place is not None and m.place.geonameid == gp.geonameid
                                  for gp, m in with_id], "gold places with a GeoNames id resolved to it"),
        _rate("places.within_tolerance", [_within(gp, m) for gp, m in settlements],
              "gold settlements resolved within their tolerance_km"),
        _rate("places.kind", [m is not None and m.place is not None and m.place.kind == gp.kind
                              for gp, m in kinds], "gold regions/water bodies resolved to that kind"),
        _rate("places.unresolved_ok", [m is None or m.place is None or m.confidence <= UNRESOLVED_MAX_CONFIDENCE
                                       for gp, m in unknown],
              f"garbled/unknown gold names left unresolved or at confidence <= {UNRESOLVED_MAX_CONFIDENCE}"),
        _rate("places.recall", [m is not None for _, _, m in pairs], "gold surfaces spotted"),
        _rate("places.precision", precision,
              "distinct spotted surfaces per document that are gold places (by surface or id); "
              "countries the gold leaves out count against"),
    ]
