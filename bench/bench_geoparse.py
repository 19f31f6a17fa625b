"""Geoparsing speed and memory over the full UA gazetteer.

Usage: python3 -m bench.bench_geoparse [--shared ../shared] [--rows 2000] [--cache DIR]
                                       [--corpus N]
Prints index build/load time, ms per mention over the seeds and a slice of
the CIR events, and peak RSS (resource.getrusage). ``--corpus N`` also runs the
whole default pipeline over the first N reports of bench/corpus.py and prints
reports per CPU-second and CPU seconds per stage: CPU time, unlike bench.run's
wall clock, does not count the time other processes on a shared machine take.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from sitrep.eval.cir import read_rows
from sitrep.gazetteer import load_gazetteer
from sitrep.geoparse import GeoParser
from sitrep.nlp.sentences import split_sentences
from sitrep.settings import Settings


def _texts(shared: Path, rows: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    cir = shared / "data" / "cir-events" / "events.csv"
    if cir.exists():
        texts += [r.text for r in read_rows(cir, rows)]
    return texts


def _corpus_cpu(gaz, shared: Path, n: int) -> None:
    """The default pipeline's CPU time per stage over ``n`` generated reports."""
    from bench.corpus import generate  # needs the repository root: run with python3 -m
    from sitrep.analyze import default_pipeline

    docs = generate(n, shared)
    pipeline = default_pipeline(gaz)
    pipeline.run(docs[0], clock=time.process_time)  # lazy maps and caches of the gazetteer
    pipeline.timings.update({k: 0.0 for k in pipeline.timings})
    t0 = time.process_time()
    for d in docs:
        pipeline.run(d, clock=time.process_time)
    cpu = time.process_time() - t0
    stages = ", ".join(f"{k} {v:.2f}" for k, v in pipeline.timings.items())
    print(f"pipeline over {n} corpus reports: {cpu:.2f} CPU s = {n / cpu:.1f} reports per CPU-second")
    print(f"CPU s per stage: {stages}")
    print(f"peak RSS after the corpus: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--cache", default=None, help="reuse this cache dir (a second run measures load-only RSS)")
    ap.add_argument("--corpus", type=int, default=0, help="also time the whole pipeline over N corpus reports")
    args = ap.parse_args()
    shared = Path(args.shared)
    katotth = sorted((shared / "data" / "katotth").glob("kodifikator-*.csv"))
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or tmp
        settings = Settings(geonames=str(shared / "data" / "geonames" / "UA.zip"),
                            katotth=str(katotth[-1]) if katotth else None, cache_dir=cache)
        t0 = time.perf_counter()
        load_gazetteer(settings)
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        gaz = load_gazetteer(settings)
        load = time.perf_counter() - t0
    parser = GeoParser(gaz)
    texts = _texts(shared, args.rows)
    parser.parse("warm", texts[0], [0])  # lazy reverse maps are built once per gazetteer
    n = 0
    t0 = time.perf_counter()
    for i, text in enumerate(texts):
        n += len(parser.parse(str(i), text, [s.span.start for s in split_sentences(str(i), text)]))
    spent = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gazetteer: {len(gaz)} places ({gaz.source})")
    print(f"index build: {build:.2f} s   index load (cached): {load:.3f} s")
    print(f"documents: {len(texts)}   mentions: {n}   total {spent:.2f} s")
    print(f"ms per mention: {1000 * spent / max(n, 1):.3f}")
    built = "includes the one-off index build" if build > 2 * load + 1 else "index loaded from cache"
    print(f"peak RSS: {rss:.0f} MB ({built})")
    if args.corpus:
        _corpus_cpu(gaz, shared, args.corpus)


if __name__ == "__main__":
    main()
