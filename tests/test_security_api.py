"""Hostile input through every API filter, path and write route, over a real server on
loopback, against each store backend (SQLite; PostgreSQL with and without PostGIS).

Each filter gets SQL-looking payloads: the answer must be a clear 4xx or a page that matches
nothing, and afterwards the store must hold exactly what it held before (no table dropped,
no row added or removed). Paths get traversal attempts, raw on the wire (HTTP clients
normalise '..' away). Writes get tokens in every wrong place.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from urllib.parse import quote

import httpx
import pytest

from pg_server import BACKENDS, backend_store
from sitrep.api import create_app
from sitrep.ingest.common import make_document
from sitrep.model import (Actor, Analysis, Event, EventLocation, Place, PlaceMention, Source,
                          Span, TimeExpr)
from sitrep.settings import Settings

from test_api_seedstore import raw_get, running_server

pytestmark = pytest.mark.integration
TOKEN = "s3curity-test-token-0123456789"
SIVERSK = Place("geonames:694403", "Siversk", "settlement", 48.86476, 38.09683, 694403, "05", "UA")
BAKHMUT = Place("geonames:713174", "Bakhmut", "settlement", 48.59419, 37.99886, 713174, "05", "UA")

SQL = ["' OR '1'='1", "x'; DROP TABLE events; --", "' UNION SELECT * FROM documents --",
       "\" OR \"\"=\"", "1) OR (1=1", "%' OR 1=1 --", "'; UPDATE documents SET text='x'; --",
       "Siversk' --", "\\'; SELECT pg_sleep(5); --", "siversk\x00' OR 1=1"]


def _analysis(i: int, place: Place, day: date, source: str) -> Analysis:
    text = f"Report {i}. Russian forces advanced near {place.name}, {source} said."
    doc = make_document(f"sec-{i}", f"Report {i}", text, published=day, source=source)
    start = text.index("Russian")
    span = Span(doc.doc_id, start, len(text), text[start:])
    at = text.index(place.name)
    mention = PlaceMention(Span(doc.doc_id, at, at + len(place.name), place.name), place, 0.9, 1)
    event = Event(f"sec{i:04d}", doc.doc_id, "advance", "Strategic developments",
                  "Non-violent transfer of territory", EventLocation(place, 1), TimeExpr(day, "day"),
                  (Actor("Russian forces", "RU"),), (Source(source, "outlet"),), "claimed", span)
    return Analysis(doc, mentions=(mention,), events=(event,))


def fill(store) -> int:
    """Six events over two places, three sources, two months."""
    for i in range(6):
        a = _analysis(i, (SIVERSK, BAKHMUT)[i % 2], date(2025, 10 + i % 2, 1 + i),
                      ("TASS", "DeepState", "ISW")[i % 3])
        store.add_document(a.document)
        store.save_analysis(a)
    return 6


@pytest.fixture(scope="module", params=BACKENDS)
def served(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sec")
    store = backend_store(request, request.param, tmp / "s.db")
    fill(store)
    settings = Settings(store=str(tmp / "s.db"), cache_dir=str(tmp), api_token=TOKEN)
    with running_server(create_app(store, settings)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client, store
    store.close()


def _unchanged(store, before) -> None:
    assert store.counts() == before
    assert store.integrity_problems() == []
    assert len(store.events()) == before.events  # the events table is still there and whole


def _cursor(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


TEXT_FILTERS = ["place", "source", "place_id", "doc_id", "acled_event_type"]
CHECKED_FILTERS = ["type", "modality", "side", "bbox", "date_from", "date_to", "cursor"]


@pytest.mark.parametrize("payload", SQL)
@pytest.mark.parametrize("name", TEXT_FILTERS)
def test_security_text_filters_match_nothing(served, name: str, payload: str) -> None:
    client, store = served
    before = store.counts()
    r = client.get("/api/events", params={name: payload})
    if "\x00" in payload:  # PostgreSQL cannot hold NUL: refused at the edge for every store
        assert r.status_code == 400 and "NUL" in r.json()["error"]
    else:
        assert r.status_code == 200, r.text
        assert r.json()["items"] == []
        r = client.get("/api/export", params={"format": "jsonl", name: payload})
        assert r.status_code == 200 and r.text == ""
    _unchanged(store, before)


@pytest.mark.parametrize("payload", SQL)
@pytest.mark.parametrize("name", CHECKED_FILTERS)
def test_security_checked_filters_refuse(served, name: str, payload: str) -> None:
    client, store = served
    before = store.counts()
    value = payload
    if name == "bbox":
        value = f"37,48,39,{payload}"
    for path, extra in (("/api/events", {}), ("/api/export", {"format": "geojson"})):
        if name == "cursor" and path == "/api/export":
            continue
        r = client.get(path, params={name: value, **extra})
        if "\x00" in payload:
            assert r.status_code == 400 and "NUL" in r.json()["error"]
            continue
        assert r.status_code == 422, r.text
        # a message may quote the value, but only ever as JSON (never HTML the browser runs)
        assert name in r.json()["error"] and r.headers["content-type"] == "application/json"
    _unchanged(store, before)


@pytest.mark.parametrize("key", [
    ["2025-10-01'; DROP TABLE events; --", "x", 0], ["2025-10-01", "x", "0 OR 1=1"],
    ["2025-10-01", ["x"], 0], ["infinity", "x", 0], ["2025-10-01", "x", 2**40], [1, 2],
    ["2025-10-01", "x" * 500, 0], ["2025-02-30", "x", 0], ["2025-10-1", "x", 0],
])
def test_security_forged_cursors_are_refused(served, key: list) -> None:
    client, store = served
    before = store.counts()
    r = client.get("/api/events", params={"cursor": _cursor(key)})
    assert r.status_code == 422 and "cursor" in r.json()["error"], r.text
    _unchanged(store, before)


@pytest.mark.parametrize("payload", SQL)
def test_security_sql_in_a_wellformed_cursor_is_only_a_key(served, payload: str) -> None:
    """The doc id in a cursor is a bound value: it positions the page, nothing else."""
    client, store = served
    before = store.counts()
    everything = client.get("/api/events", params={"limit": 1000}).json()["items"]
    r = client.get("/api/events", params={"cursor": _cursor(["2025-10-03", payload, 0])})
    if "\x00" in payload:
        assert r.status_code == 422 and "cursor" in r.json()["error"]
        return
    assert r.status_code == 200, r.text
    got = [e["event_id"] for e in r.json()["items"]]
    want = [e["event_id"] for e in everything
            if (e["date"]["value"], e["doc_id"], 0) > ("2025-10-03", payload, 0)]
    assert got == want[:100]
    _unchanged(store, before)


@pytest.mark.parametrize("payload", SQL)
def test_security_place_search_and_paths(served, payload: str) -> None:
    client, store = served
    before = store.counts()
    nul = "\x00" in payload
    r = client.get("/api/places", params={"q": payload})
    assert r.status_code == 400 if nul else (r.status_code == 200 and r.json()["items"] == [])
    for route in ("events", "places", "documents"):
        r = client.get(f"/api/{route}/{quote(payload, safe='')}")
        assert r.status_code in ((400,) if nul else (404, 422)) and r.json()["error"]
    assert client.get("/api/checks", params={"subject": payload}).status_code == (
        400 if nul else 200)
    _unchanged(store, before)


def test_security_pages_still_work_after_the_attacks(served) -> None:
    client, store = served
    assert len(client.get("/api/events", params={"place": "siversk"}).json()["items"]) == 3
    assert len(client.get("/api/events", params={"source": "tass"}).json()["items"]) == 2
    assert store.counts().events == 6


SECRETS = [b"root:", b"create_app", b"[build-system]", b"SQLite format", b"PRIVATE KEY"]
TRAVERSALS = [
    "/static/../../../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/..%252f..%252f..%252fetc%252fpasswd", "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/static/vendor/../../api/app.py", "/static/%2e%2e/api/app.py", "/static/..%5c..%5capi%5capp.py",
    "/static/..\\..\\api\\app.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/etc/passwd%00.js", "/static/app.js%00/../../api/app.py",
    "/static/../../../../../../work/main/pyproject.toml", "/static/.%2e/.%2e/.%2e/pyproject.toml",
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
    "/api/export?format=../../../../etc/passwd", "/api/export?format=%2Fetc%2Fpasswd",
    "/api/documents/..%2f..%2f..%2fetc%2fpasswd", "/api/documents/%2Fetc%2Fpasswd",
    "/api/frontline/..%2f..%2f..%2fetc%2fpasswd", "/api/places/..%2f..%2fs.db",
    "/test-artifacts/map-initial.png", "/static/../../../test-artifacts/map-initial.png",
    "/static/..%2f..%2f..%2f..%2ftest-artifacts%2fmap-initial.png", "/s.db", "/static/s.db",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_security_file_routes_refuse_traversal(served, target: str) -> None:
    status, data = raw_get(str(served[0].base_url), target)
    assert status in (400, 404, 422), data[:300]
    assert not any(s in data for s in SECRETS), data[:300]


def test_security_export_names_its_own_file(served) -> None:
    r = served[0].get("/api/export", params={"format": "geojson", "place": "../../etc/passwd"})
    assert r.headers["content-disposition"] == 'attachment; filename="sitrep-events.geojson"'


DOC = {"title": "Report", "text": "Russian forces advanced toward Siversk on 2 May."}


@pytest.mark.parametrize("how", [
    {}, {"headers": {"Authorization": "Bearer wrong-token"}},
    {"headers": {"Authorization": "Bearer " + TOKEN[:-1]}},
    {"headers": {"Authorization": TOKEN}}, {"headers": {"Authorization": "Token " + TOKEN}},
    {"headers": {"Authorization": "Basic " + base64.b64encode(f"x:{TOKEN}".encode()).decode()}},
    {"headers": {"X-API-Token": TOKEN}}, {"headers": {"X-Sitrep-Token": TOKEN}},
    {"headers": {"Cookie": f"token={TOKEN}; sitrep_token={TOKEN}"}},
    {"params": {"token": TOKEN}}, {"params": {"access_token": TOKEN}},
    {"params": {"api_token": TOKEN}}, {"body": {"token": TOKEN}},
    {"headers": {"Authorization": f"Bearer {TOKEN} {TOKEN}"}},
    {"headers": {"Authorization": "Bearer " + TOKEN.upper()}},
])
def test_security_writes_need_the_token_in_the_header(served, how: dict) -> None:
    client, store = served
    before = store.counts()
    body = {**DOC, **how.get("body", {})}
    r = client.post("/api/documents", json=body, headers=how.get("headers", {}),
                    params=how.get("params", {}))
    assert r.status_code in (401, 403), r.text
    assert r.json()["error"] and TOKEN not in r.text
    _unchanged(store, before)


@pytest.mark.parametrize("field", ["text", "title", "source", "url", "input_id"])
def test_security_nul_in_a_posted_document_is_refused(served, field: str) -> None:
    client, store = served
    before = store.counts()
    r = client.post("/api/documents", json={**DOC, field: f"a\x00b {field}"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and "NUL" in r.json()["error"], r.text
    _unchanged(store, before)


@pytest.mark.parametrize("method, path", [
    ("PUT", "/api/documents"), ("DELETE", "/api/documents"), ("PATCH", "/api/documents"),
    ("POST", "/api/events"), ("DELETE", "/api/events/sec0000"), ("POST", "/api/export"),
    ("PUT", "/static/app.js"), ("POST", "/static/x.js"), ("DELETE", "/api/places/geonames:694403"),
])
def test_security_no_other_write_routes(served, method: str, path: str) -> None:
    client, store = served
    before = store.counts()
    r = client.request(method, path, json=DOC, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code in (404, 405), r.text
    _unchanged(store, before)
    assert client.get("/static/app.js").status_code == 200
