"""The store the API, export and browser tests read: the five seeds plus one hostile document.

With the real pipeline available (``sitrep.analyze.default_pipeline`` and its stages) the
seeds are analysed by it. Until the geoparser and event stages exist, the seeds' analyses
are built by hand from the gold file (places with their GeoNames coordinates, events with
their sources, modality and dates), with evidence spans located in the real text.
The hostile document (markup in title, text and source name) is always built by hand.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from sitrep import jobs
from sitrep.eval.gold import GoldDocument, GoldEvent, GoldPlace, load_gold
from sitrep.ids import event_id_for
from sitrep.ingest.common import make_document
from sitrep.model import (Actor, Analysis, Document, Event, EventLocation, Place, PlaceMention,
                          Source, Span, TimeExpr)
from sitrep.nlp.sentences import split_sentences
from sitrep.settings import Settings
from sitrep.store.base import EventQuery
from sitrep.store.sqlite import SQLiteStore

XSS_MARKUP = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2</script>"
XSS_SOURCE = "<b onmouseover=window.__xss=3>Rybar</b>"
XSS_DAY = date(2025, 11, 20)
SIVERSK = 694403

_ACLED = {
    "advance": ("Strategic developments", "Non-violent transfer of territory"),
    "capture": ("Battles", "Non-state actor overtakes territory"),
    "withdrawal": ("Strategic developments", "Non-violent transfer of territory"),
    "positions": ("Strategic developments", "Headquarters or base established"),
    "clash": ("Battles", "Armed clash"), "encirclement": ("Battles", "Armed clash"),
    "strike": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "surrender": ("Strategic developments", "Other"),
    "evacuation": ("Strategic developments", "Other"),
}


def _place(gp: GoldPlace) -> Place:
    return Place(place_id=f"geonames:{gp.geonameid}", name=gp.name or gp.surface,
                 kind=gp.kind, lat=gp.lat, lon=gp.lon, geonameid=gp.geonameid, admin1="05",
                 country="UA")


def _best_sentence(doc: Document, text: str) -> Span:
    words = set(re.findall(r"\w{4,}", text.lower()))
    best = max(split_sentences(doc.doc_id, doc.text),
               key=lambda s: len(words & set(re.findall(r"\w{4,}", s.span.text.lower()))))
    return best.span


def _date(ge: GoldEvent) -> TimeExpr:
    if ge.date and re.fullmatch(r"\d{4}-\d\d-\d\d", ge.date):
        return TimeExpr(date.fromisoformat(ge.date), "day")
    if ge.date and re.fullmatch(r"\d{4}-\d\d", ge.date):
        return TimeExpr(date.fromisoformat(ge.date + "-01"), "month")
    return TimeExpr(None, None)


def _event(doc: Document, ge: GoldEvent, places: dict[int, Place]) -> Event:
    place = places.get(ge.where) if ge.where else None
    evidence = _best_sentence(doc, ge.text)
    side = ge.actor if ge.actor in ("RU", "UA") else "other"
    actor = Actor({"RU": "Russian forces", "UA": "Ukrainian forces"}.get(side, ge.actor or "?"),
                  side)  # type: ignore[arg-type]
    sources = tuple(Source(n, "outlet" if i == 0 else "speaker") for i, n in enumerate(ge.sources))
    return Event(event_id=event_id_for(doc.doc_id, ge.type, evidence.start, evidence.end,
                                       place.place_id if place else None) + ge.id[-1],
                 doc_id=doc.doc_id, type=ge.type, acled_event_type=_ACLED[ge.type][0],
                 acled_sub_event_type=_ACLED[ge.type][1],
                 location=EventLocation(place, 1) if place else None, date=_date(ge),
                 actors=(actor,), attribution=sources,
                 modality="asserted" if ge.modality == "reported" else ge.modality,  # type: ignore
                 evidence=evidence)


def _mentions(doc: Document, gold: GoldDocument, places: dict[int, Place]) -> list[PlaceMention]:
    out = []
    for gp in gold.places:
        at = doc.text.find(gp.surface)
        if at >= 0:
            out.append(PlaceMention(Span(doc.doc_id, at, at + len(gp.surface), gp.surface),
                                    places.get(gp.geonameid or -1), 0.9, 1))
    return out


def _hand_built(doc: Document, gold: GoldDocument) -> Analysis:
    places = {gp.geonameid: _place(gp) for gp in gold.places
              if gp.geonameid and gp.lat is not None}
    events = tuple(_event(doc, ge, places) for ge in gold.events)
    return Analysis(document=doc, mentions=tuple(_mentions(doc, gold, places)), events=events)


def hostile_analysis(siversk: Place) -> Analysis:
    """A report whose title, text and source carry markup that must render as text."""
    body = (f"Channel {XSS_SOURCE} says Russian units took positions near Siversk "
            f"{XSS_MARKUP} on November 20. {XSS_SCRIPT} Nothing else was confirmed.")
    doc = make_document("hostile", f"{XSS_MARKUP} Siversk report", body, published=XSS_DAY)
    first = split_sentences(doc.doc_id, doc.text)[0].span
    at = body.index("Siversk")
    event = Event(event_id_for(doc.doc_id, "positions", first.start, first.end, siversk.place_id),
                  doc.doc_id, "positions", *_ACLED["positions"], EventLocation(siversk, 1),
                  TimeExpr(XSS_DAY, "day"), (Actor("Russian units", "RU"),),
                  (Source(XSS_SOURCE, "channel"),), "claimed", first)
    mention = PlaceMention(Span(doc.doc_id, at, at + 7, "Siversk"), siversk, 0.9, 1)
    return Analysis(document=doc, mentions=(mention,), events=(event,))


@lru_cache(maxsize=2)  # one gazetteer load per test process, however many stores are built
def _real_pipeline(settings: Settings):
    try:  # the stages first: loading a gazetteer is slow, pointless if they are missing
        from sitrep.analyze import default_pipeline
        from sitrep.events import EventExtractor  # noqa: F401
        from sitrep.gazetteer import load_gazetteer
        from sitrep.geoparse import GeoParser  # noqa: F401
        from sitrep.timex import TimexTagger  # noqa: F401
    except ImportError:
        return None  # the geoparser / event stages have not landed yet
    return default_pipeline(load_gazetteer(settings))


def build_seed_store(path: Path, seeds_dir: Path, gold_path: Path,
                     settings: Settings | None = None) -> SQLiteStore:
    settings = settings or Settings.from_env(store=str(path))
    store = SQLiteStore(path)
    report = jobs.ingest(jobs.read([str(seeds_dir)], settings), store)
    assert not report.errors, report.errors
    # the gazetteer comes from the environment's settings (and its index cache), not from
    # the server's: a per-test cache_dir would rebuild the index for every store
    pipeline = _real_pipeline(Settings.from_env())
    if pipeline is not None:
        jobs.analyse(store, pipeline)
    else:
        by_file = {g.file: g for g in load_gold(gold_path).documents}
        for doc in store.documents():
            gold = by_file.get(Path(doc.input_id).name)
            if gold is not None:
                store.save_analysis(_hand_built(doc, gold))
    siversk = [p for p in store.places() if p.geonameid == SIVERSK]
    assert siversk, "no stored place for Siversk"
    hostile = hostile_analysis(siversk[0])
    store.add_document(hostile.document)
    store.save_analysis(hostile)
    return store


FRONTLINE_DAYS = ("20250701", "20250715", "20250901", "20251101", "20251208", "20251209",
                  "20251231")


def frontline_subset(shared_dir: Path, dest: Path) -> Path | None:
    """A few real DeepState snapshots (symlinked, not copied) around Siversk's fall."""
    src = shared_dir / "data" / "deepstate"
    files = [src / f"deepstatemap_data_{d}.geojson" for d in FRONTLINE_DAYS]
    if not all(f.exists() for f in files):
        return None
    dest.mkdir(parents=True, exist_ok=True)
    for f in files:
        (dest / f.name).symlink_to(f)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(app) -> Iterator[str]:
    """Real uvicorn on a free loopback port, in a thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.parametrize("place_name", ["Siversk"])
def test_seed_store_holds_the_seeds_events_at(tmp_path: Path, seeds_dir: Path, gold_path: Path,
                                              place_name: str) -> None:
    store = build_seed_store(tmp_path / "s.db", seeds_dir, gold_path)
    events = store.events(EventQuery(place_name=place_name))
    assert len({e.doc_id for e in events}) >= 4
    for e in events:
        assert store.get_document(e.doc_id).text[e.evidence_start:e.evidence_end] == \
            e.evidence_text
    assert store.integrity_problems() == []


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """Send the request line byte for byte: HTTP clients normalise '..' away."""
    u = urlsplit(base)
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data
