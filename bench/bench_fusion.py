"""Fusion accuracy and speed on a corpus with known duplicates.

Each CIR incident (../shared/data/cir-events/events.csv, read by path) is reported by 1-4
outlets; each report rewords the incident's description (a framing template, some words
swapped for synonyms or dropped), carries the incident's town as a geoparser resolves it (one
feature per town; sometimes a different feature a few km away; ``--point-level``: the
footage's own geolocation instead), a date (the incident day,
or only a publication date 0-2 days later, or nothing) and the type a keyword typer gives
the description. CIR rows with the same day, town and description are one incident.
Distinct incidents at one town on one day are the hard negatives.

Pairwise precision/recall: over all pairs of reports, "same fused event" against "same
incident". Also measured: claims per second, and that fusing the corpus in two halves
(incremental) gives the same events with the same keys as fusing it at once.

    python3 -m bench.bench_fusion                 # 2,000 incidents
    python3 -m bench.bench_fusion --incidents 6000 --seed 2
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sitrep.ids import content_hash
from sitrep.ledger.fusion import FusionConfig, Fuser, content_words
from sitrep.ledger.records import Claim
from sitrep.model import Place, Source, Span, TimeExpr

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ("TASS", "RIA Novosti", "Izvestia", "Interfax", "Ukrainska Pravda", "Kyiv Independent",
           "Suspilne", "Reuters", "Associated Press", "BBC News", "Meduza", "Deep State")
FRAMES = ("{d}.", "According to {o}, {l}.", "{d}, {o} reported.", "{o}: {l} in {t}.",
          "{o} says {l} near {t}.", "Footage published by {o} shows {l}.",
          "{d} in {t}, according to local officials cited by {o}.")
SYNONYMS = {"damage": "destruction", "damaged": "hit", "strike": "attack", "strikes": "attacks",
            "building": "structure", "buildings": "structures", "shelling": "bombardment",
            "residential": "apartment", "destroyed": "wrecked", "russian": "Russian-made",
            "aftermath": "consequences", "explosion": "blast", "vehicle": "truck",
            "vehicles": "trucks", "footage": "video", "missile": "rocket", "fire": "blaze"}
TYPES = (("capture", r"\b(captur|liberat|took control|taken)"), ("withdrawal", r"\b(withdr|retreat)"),
         ("clash", r"\b(clash|battle|fight|firefight|combat|assault)"),
         ("advance", r"\b(advanc|moving|convoy|column|movement)"),
         ("positions", r"\b(trench|position|fortif|checkpoint|dug)"),
         ("evacuation", r"\b(evacuat|refugee)"), ("surrender", r"\b(surrender|captive|prisoner)"))


def incident_type(text: str) -> str:
    low = text.lower()
    return next((t for t, rx in TYPES if re.search(rx, low)), "strike")


_CODES = re.compile(r"\b\d+:\d+(?:\s*-\s*\d+:\d+)?\b|\b(?:video|footage|clip|showing|shows|of|the|a)\b")


def _gist(desc: str) -> str:
    return " ".join(_CODES.sub(" ", desc.lower()).replace(",", " ").replace(".", " ").split())


def load_incidents(path: Path, merge_near_duplicates: bool = True) -> list[dict]:
    """One dict per incident. CIR rows are pieces of footage: rows of one day and town whose
    descriptions are near-duplicates (rapidfuzz token-set ratio >= 70 of the gists, a measure
    independent of the fusion's own) are taken as clips of one incident unless ``strict``."""
    from rapidfuzz import fuzz

    by_place: dict[tuple, list[dict]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            desc = (r.get("brief description") or "").strip()
            if not (desc and r["lat"] and r["lon"] and r["date"]):
                continue
            if len(content_words(_gist(desc))) < 3:
                continue  # "Image 2", "0:00-1:31": a clip label, not a report of an incident
            town = r.get("town/city") or r.get("district") or "the area"
            rows = by_place.setdefault((r["date"], town.lower()), [])
            gist = _gist(desc)
            same = [x for x in rows if x["gist"] == gist or
                    (merge_near_duplicates and fuzz.token_set_ratio(x["gist"], gist) >= 70)]
            if same:
                continue  # another clip of an incident already listed
            rows.append({"date": date.fromisoformat(r["date"]), "desc": desc, "town": town,
                         "lat": float(r["lat"]), "lon": float(r["lon"]), "gist": gist,
                         "town_key": (town.lower(), (r.get("province") or "").lower())})
    incidents = [x for rows in by_place.values() for x in rows]
    _add_town_points(incidents)
    return incidents


def _add_town_points(incidents: list[dict]) -> None:
    """A report says "in Mariupol", and a geoparser resolves that to the one Mariupol feature:
    every incident of a town gets the town's point (the median of its incidents' points), not
    the footage's own geolocation, which would set distinct incidents in one town apart for free."""
    from statistics import median

    points: dict[tuple, list[tuple[float, float]]] = {}
    for x in incidents:
        points.setdefault(x["town_key"], []).append((x["lat"], x["lon"]))
    centre = {k: (median(p[0] for p in v), median(p[1] for p in v)) for k, v in points.items()}
    for x in incidents:
        lat, lon = centre[x["town_key"]]
        # a name shared by places far apart (or "the area") is not one town: keep the point
        far = abs(lat - x["lat"]) > 0.15 or abs(lon - x["lon"]) > 0.15
        x["town_lat"], x["town_lon"] = (x["lat"], x["lon"]) if far else (lat, lon)


def reword(desc: str, outlet: str, town: str, rng: random.Random) -> str:
    words = []
    for i, w in enumerate(desc.split()):
        low = w.lower().strip(".,")
        if i and rng.random() < 0.08:
            continue  # an outlet shortens
        words.append(SYNONYMS[low] if low in SYNONYMS and rng.random() < 0.5 else w)
    d = " ".join(words).rstrip(".")
    return rng.choice(FRAMES).format(d=d, l=d[:1].lower() + d[1:], o=outlet, t=town)


def place_for(inc: dict, rng: random.Random, town_level: bool = True) -> Place:
    lat, lon = (round(inc["town_lat"], 3), round(inc["town_lon"], 3)) if town_level else \
        (round(inc["lat"], 3), round(inc["lon"], 3))
    if rng.random() < 0.1:  # another gazetteer feature nearby (a district, a village next door)
        lat, lon = lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.02, 0.02)
        return Place(f"alt:{lat:.4f},{lon:.4f}", inc["town"], "settlement", lat, lon)
    return Place(f"cir:{lat},{lon}", inc["town"], "settlement", lat, lon)


def make_claims(incidents: list[dict], rng: random.Random, town_level: bool = True
                ) -> tuple[list[Claim], list[int]]:
    claims, truth = [], []
    for n, inc in enumerate(incidents):
        etype = incident_type(inc["desc"])
        for outlet in rng.sample(OUTLETS, rng.choice((1, 1, 2, 2, 3, 4))):
            text = reword(inc["desc"], outlet, inc["town"], rng)
            doc_id = "d" + content_hash(str(n), outlet, text)
            published = inc["date"] + timedelta(days=rng.choice((0, 0, 1, 1, 2)))
            roll = rng.random()
            when = (TimeExpr(inc["date"], "day") if roll < 0.6 else TimeExpr(None, None))
            pub = None if roll > 0.9 else published
            claims.append(Claim("e" + content_hash(doc_id, "0"), doc_id, etype, place_for(inc, rng, town_level), "in",
                                when, pub, (Source(outlet, "outlet"),), "asserted", None,
                                Span(doc_id, 0, len(text), text)))
            truth.append(n)
    return claims, truth


def pairs(labels: list) -> int:
    return sum(c * (c - 1) // 2 for c in Counter(labels).values())


def pairwise(pred: list[str], truth: list[int]) -> tuple[float, float]:
    tp = pairs(list(zip(pred, truth)))
    p_pairs, t_pairs = pairs(pred), pairs(truth)
    return (tp / p_pairs if p_pairs else 1.0), (tp / t_pairs if t_pairs else 1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cir", type=Path, default=ROOT.parent / "shared" / "data" / "cir-events" / "events.csv")
    ap.add_argument("--incidents", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--strict", action="store_true", help="every CIR row with its own description "
                    "is its own incident (near-duplicate clips of one incident count as distinct)")
    ap.add_argument("--point-level", action="store_true", help="place each report at the footage's "
                    "own geolocation (the bench before 2026-12-01) instead of its town's feature")
    ap.add_argument("--text-threshold", type=float, default=FusionConfig().text_threshold)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    incidents = load_incidents(args.cir, merge_near_duplicates=not args.strict)
    incidents = rng.sample(incidents, min(args.incidents, len(incidents)))
    claims, truth = make_claims(incidents, rng, town_level=not args.point_level)
    t0 = time.perf_counter()
    config = FusionConfig(text_threshold=args.text_threshold)
    fuser = Fuser(config)
    fuser.add_many(claims)
    secs = time.perf_counter() - t0
    pred = [fuser.event_of(c.claim_id) or "" for c in claims]
    precision, recall = pairwise(pred, truth)
    half = len(claims) // 2
    inc = Fuser(config)
    inc.add_many(claims[:half])
    inc.add_many(claims[half:])
    same = sum(inc.event_of(c.claim_id) == p for c, p in zip(claims, pred)) / len(claims)
    p2, r2 = pairwise([inc.event_of(c.claim_id) or "" for c in claims], truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"incidents {len(incidents)}, reports {len(claims)}, true duplicate pairs {pairs(truth)}, "
          f"fused events {len(set(pred))}")
    print(f"pairwise precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    print(f"incremental (two halves): precision {p2:.4f} recall {r2:.4f}; "
          f"{same:.1%} of reports in an event with the same key as in one batch")
    print(f"speed: {len(claims) / secs:,.0f} claims/s ({secs:.2f} s)")


if __name__ == "__main__":
    main()
