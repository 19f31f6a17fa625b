"""Load on the events endpoint: fixed-rate latency (p50/p99) and closed-loop throughput.

    python3 bench/bench_api.py [--store PATH] [--rate 200] [--seconds 15] [--events 2000]

Without --store a synthetic store is built (--events events over ~300 places, 4 per
document, with sources and actors) so the numbers do not depend on the pipeline. The
server runs in its own process (uvicorn, one worker, 127.0.0.1 only); the load comes
from `wrk` (apt-get install wrk): paced at about --rate requests/s, then unpaced (closed
loop, 8 connections), each for --seconds; without wrk, from a bounded asyncio+httpx
open loop (which itself needs much CPU: on 2 cores it cannot offer 200 req/s).
Each "form" of the events request is a list of URLs that wrk cycles through (see FORMS):
the first page, deep offsets, the cursor walk the map page does, and the common filters.
"distinct" adds a throwaway `r=<n>` parameter so every request is a new URL and no answer
comes from the server's response cache (the server still keeps each event's JSON until the
store changes). The "+writes" forms commit a change to the store 200 times a second meanwhile,
so neither cache helps: the cost of pages after every write. Everything stops by itself.

    python3 bench/bench_api.py --forms unfiltered,cursor   # only some forms
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

import httpx

URL_PATH = "/api/events?limit=100"
FILTERED_PATH = "/api/events?limit=100&place=Place%2017&date_from=2025-03-01"
OFFSETS = [f"{URL_PATH}&offset={i % 1900}&date_from=2025-0{1 + i % 9}-01"
           for i in range(0, 1900, 7)]
# form -> (URLs to cycle through, also run closed-loop and with repeated URLs?, store writes/s
# meanwhile: every write is a new store version, so the server's caches start afresh)
FORMS = {
    "unfiltered": (lambda base: [URL_PATH], True, 0),
    "offset+date": (lambda base: OFFSETS, True, 0),
    "cursor": (lambda base: cursor_walk(base, URL_PATH), True, 0),
    "place+date": (lambda base: [FILTERED_PATH], False, 0),
    "type": (lambda base: [f"{URL_PATH}&type=clash"], False, 0),
    "bbox": (lambda base: [f"{URL_PATH}&bbox=37,47.5,38.5,48.5"], False, 0),
    "source": (lambda base: [f"{URL_PATH}&source=tass&date_from=2025-06-01"], False, 0),
    "dates+background": (lambda base: [f"{URL_PATH}&date_from=2025-04-01&date_to=2025-09-30"
                                       "&include_background=false"], False, 0),
    # the worst case for the caches: the store changes between (nearly) every two requests
    "unfiltered+writes": (lambda base: [URL_PATH], False, 200),
    "offset+date+writes": (lambda base: OFFSETS, False, 200),
}


def cursor_walk(base: str, path: str) -> list[str]:
    """Every page of ``path`` as the map page asks for them: by next_cursor."""
    urls, cursor = [path], None
    while True:
        page = httpx.get(base + (f"{path}&cursor={cursor}" if cursor else path), timeout=30).json()
        cursor = page["next_cursor"]
        if cursor is None:
            return urls
        urls.append(f"{path}&cursor={cursor}")


def synthetic_store(path: Path, n_events: int) -> None:
    from sitrep.ingest.common import make_document
    from sitrep.model import (Actor, Analysis, Event, EventLocation, Place, Source, Span,
                              TimeExpr)
    from sitrep.store.sqlite import SQLiteStore

    rng = random.Random(7)
    places = [Place(f"bench:{i}", f"Place {i}", "settlement", 47.5 + rng.random() * 2,
                    36.5 + rng.random() * 3) for i in range(300)]
    store = SQLiteStore(path)
    for d in range(0, n_events, 4):
        sentences = [f"Forces moved near Place {rng.randrange(300)} on day {d + k}." for k in range(4)]
        text = " ".join(sentences)
        doc = make_document(f"bench-{d}", f"Bench report {d}", text)
        store.add_document(doc)
        events, pos = [], 0
        for k, s in enumerate(sentences):
            place = rng.choice(places)
            events.append(Event(
                f"b{d}-{k}", doc.doc_id, rng.choice(["advance", "clash", "strike"]), "Battles",
                "Armed clash", EventLocation(place, 1),
                TimeExpr(date(2025, 1, 1) + timedelta(days=rng.randrange(365)), "day"),
                (Actor("Russian forces", "RU"),), (Source("TASS", "outlet"), Source("X", "speaker")),
                "claimed", Span(doc.doc_id, pos, pos + len(s), s)))
            pos += len(s) + 1
        store.save_analysis(Analysis(document=doc, events=tuple(events)))
    store.close()


def serve(store: str, port: int) -> None:
    import uvicorn

    from sitrep.api import create_app
    from sitrep.settings import Settings
    from sitrep.store import open_store

    settings = Settings.from_env(store=store)
    uvicorn.run(create_app(open_store(store), settings), host="127.0.0.1", port=port,
                log_level="warning", access_log=False)


async def open_loop(base: str, path: str, rate: float, seconds: float,
                    distinct: bool = False) -> dict:
    """Send requests at a fixed rate whatever the responses do (no coordinated omission)."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        async def one(t_sched: float, i: int) -> None:
            nonlocal errors
            try:
                # distinct: every request a new offset, so no answer comes from the cache
                r = await client.get(f"{path}&offset={i}" if distinct else path)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - t_sched)
            else:
                errors += 1
        start = time.perf_counter()
        tasks = []
        n = int(rate * seconds)
        for i in range(n):
            t = start + i / rate
            delay = t - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(t, i)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - start
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000  # noqa: E731
    return {"path": path, "distinct_urls": distinct, "requests": n, "errors": errors, "achieved_rps": round(n / elapsed, 1),
            "p50_ms": round(q(0.50), 2), "p90_ms": round(q(0.90), 2), "p99_ms": round(q(0.99), 2),
            "max_ms": round(latencies[-1] * 1000, 2), "mean_ms": round(statistics.mean(latencies) * 1000, 2)}


_LUA = """
local paths = {%(paths)s}
local i = 0
function delay() return %(delay)d end
function request()
  i = i + 1
  local path = paths[(i %% #paths) + 1]
  if %(distinct)s then path = path .. "&r=" .. i .. "-" .. math.random(1000000000) end
  return wrk.format(nil, path)
end
"""


def wrk(base: str, paths: list[str], rate: float | None, seconds: int,
        distinct: bool) -> dict | None:
    """wrk, closed loop (rate None) or paced: 12 connections each waiting ~12/rate s between
    requests (wrk's latency excludes that wait, so it is the server's response time)."""
    if shutil.which("wrk") is None:
        return None
    conns = 12 if rate else 8
    # each connection: response (~5 ms) + delay, so 12 connections offer ~`rate` per second
    lua = _LUA % {"delay": max(0, int(1000 * conns / rate) - 5) if rate else 0,
                  "paths": ", ".join(json.dumps(p) for p in paths),
                  "distinct": "true" if distinct else "false"}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua)
    out = subprocess.run(["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", "-s", fh.name,
                          base + paths[0]], capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    Path(fh.name).unlink()
    grab = lambda pat: (m[1] if (m := re.search(pat, out)) else None)  # noqa: E731
    return {"path": paths[0], "urls": len(paths), "tool": f"wrk -t2 -c{conns} -d{seconds}s",
            "target_rps": rate, "distinct_urls": distinct,
            "rps": float(grab(r"Requests/sec:\s+([\d.]+)") or 0),
            "p50": grab(r"50%\s+([\d.]+\w+)"), "p90": grab(r"90%\s+([\d.]+\w+)"),
            "p99": grab(r"99%\s+([\d.]+\w+)"), "errors": grab(r"Non-2xx or 3xx responses: (\d+)")}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the server process has used: its cost per request does not
    depend on what else the shared machine is running, unlike latency."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def store_writer(store: str, per_second: float, stop: threading.Event) -> None:
    """Commit a change ``per_second`` times a second (the file's user_version, which sitrep
    does not read): each commit is a new store version for the server."""
    conn = sqlite3.connect(store, isolation_level=None, timeout=30)
    conn.execute("PRAGMA synchronous=NORMAL")  # as the store's own connections (WAL)
    n = 0
    while not stop.wait(1 / per_second):
        n += 1
        conn.execute(f"PRAGMA user_version = {n}")  # an int of ours: PRAGMA takes no "?"
    conn.close()


@contextmanager
def writing(store: str, per_second: float) -> Iterator[None]:
    if not per_second:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=store_writer, args=(store, per_second, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def run_form(base: str, name: str, rate: float, seconds: int, pid: int, store: str) -> None:
    make, full, writes = FORMS[name]
    paths = make(base)
    asyncio.run(open_loop(base, paths[0], 20, 1))  # warm-up
    runs = [(True, rate)] + ([(False, rate), (True, None)] if full else [])
    for distinct, r in runs:
        cpu0 = cpu_seconds(pid)
        with writing(store, writes):
            result = wrk(base, paths, r, seconds, distinct)
        if result is None and r:  # no wrk: the slower Python load generator, one URL
            result = asyncio.run(open_loop(base, paths[0], r, seconds, distinct))
        if result:
            served = result.get("rps", result.get("achieved_rps", 0)) * seconds
            cpu = (cpu_seconds(pid) - cpu0) * 1000 / max(served, 1)
            print(json.dumps({"form": name, **result, "store_writes_per_s": writes,
                              "server_cpu_ms_per_req": round(cpu, 2),
                              "loadavg": os.getloadavg()[0]}), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store")
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--forms", default=",".join(FORMS), help="comma-separated, from FORMS")
    ap.add_argument("--serve", nargs=2, metavar=("STORE", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0
    tmp = tempfile.mkdtemp(prefix="sitrep-bench-")
    store = args.store or str(Path(tmp) / "bench.db")
    if not args.store:
        t0 = time.perf_counter()
        synthetic_store(Path(store), args.events)
        print(f"synthetic store: {args.events} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, __file__, "--serve", store, str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/api/meta", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        for name in args.forms.split(","):
            run_form(base, name, args.rate, int(args.seconds), proc.pid, store)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
