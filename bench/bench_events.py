"""Extract-pipeline throughput on the seed reports, repeated.

    python bench/bench_events.py [--repeat 40] [--shared ../shared]

Prints reports/s (single process, one core), time per stage and a cProfile top-10.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from pathlib import Path

from sitrep.analyze import default_pipeline
from sitrep.gazetteer import load_gazetteer
from sitrep.model import Document
from sitrep.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--cache-dir", default=None)
    args = ap.parse_args()
    shared = Path(args.shared)
    katotth = sorted((shared / "data" / "katotth").glob("kodifikator-*.csv"))
    settings = Settings.from_env(geonames=str(shared / "data" / "geonames" / "UA.zip"),
                                 katotth=str(katotth[-1]) if katotth else None, cache_dir=args.cache_dir)
    t0 = time.perf_counter()
    pipeline = default_pipeline(load_gazetteer(settings))
    print(f"gazetteer + pipeline ready in {time.perf_counter() - t0:.2f} s")
    docs = [Document(p.name, p.name, "", p.read_text(encoding="utf-8"))
            for p in sorted((shared / "seeds").glob("*.txt"))]
    for d in docs:  # warm-up (lazy regex compilation, caches)
        pipeline.run(d)
    pipeline.timings = {k: 0.0 for k in pipeline.timings}
    batch = docs * args.repeat
    t0 = time.perf_counter()
    for d in batch:
        pipeline.run(d, clock=time.perf_counter)
    elapsed = time.perf_counter() - t0
    print(f"{len(batch)} reports in {elapsed:.2f} s: {len(batch) / elapsed:.1f} reports/s")
    for name, secs in pipeline.timings.items():
        print(f"  {name:10s} {1000 * secs / len(batch):7.2f} ms/report  {100 * secs / elapsed:5.1f} %")
    prof = cProfile.Profile()
    prof.enable()
    for d in docs * max(1, args.repeat // 4):
        pipeline.run(d)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(10)
    print(out.getvalue())


if __name__ == "__main__":
    main()
