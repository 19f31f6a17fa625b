"""Front-line archive cost: cold parse, cached reload, one day, first-inside for many settlements.

    python3 -m bench.bench_frontline [--dir ../shared/data/deepstate] [--points 1803]

Points: the populated places of Donetsk oblast from the GeoNames dump (read by path).
Each phase runs in this one process; peak RSS is the process high-water mark.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from sitrep.ledger.frontline import FrontlineArchive

ROOT = Path(__file__).resolve().parents[1]


def donetsk_points(dump: Path, limit: int) -> list[tuple[float, float]]:
    with zipfile.ZipFile(dump) as z:
        rows = csv.reader(io.TextIOWrapper(z.open("UA.txt"), encoding="utf-8"), delimiter="\t")
        pts = [(float(r[4]), float(r[5])) for r in rows if r[6] == "P" and r[10] == "05"]
    return pts[:limit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "data" / "deepstate")
    ap.add_argument("--geonames", type=Path, default=ROOT.parent / "shared" / "data" / "geonames" / "UA.zip")
    ap.add_argument("--points", type=int, default=5000)
    args = ap.parse_args()
    pts = donetsk_points(args.geonames, args.points)
    with tempfile.TemporaryDirectory() as cache:
        t = time.perf_counter()
        a = FrontlineArchive.from_path(args.dir, cache_dir=cache)
        a.geojson_on(date(2025, 12, 9))
        print(f"open + one simplified day: {time.perf_counter() - t:.3f} s ({len(a.dates())} snapshots)")
        t = time.perf_counter()
        hist = a.histories(pts)
        print(f"cold: parse every snapshot + first_inside for {len(pts)} settlements: "
              f"{time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        b = FrontlineArchive.from_path(args.dir, cache_dir=cache)
        b.histories(pts)
        print(f"warm (binary cache): reload + the same {len(pts)} points: {time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        for lat, lon in pts[:200]:
            b.first_inside(lat + 1e-4, lon)
        print(f"200 single first_inside calls on a loaded archive: {time.perf_counter() - t:.2f} s")
    inside = sum(1 for h in hist if h.intervals)
    regained = sum(1 for h in hist if len(h.intervals) > 1 or (h.intervals and h.intervals[-1][1]))
    print(f"{inside} of {len(pts)} inside at some date; {regained} left occupied territory again")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
