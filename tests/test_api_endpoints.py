"""Every read endpoint against a real uvicorn server on loopback over the seed store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pytest

from sitrep.api import create_app
from sitrep.export.acled import ACLED_COLUMNS
from sitrep.settings import Settings

from test_api_seedstore import (SIVERSK, XSS_SCRIPT, XSS_SOURCE, build_seed_store,
                                frontline_subset, raw_get, running_server)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def served(tmp_path_factory, seeds_dir: Path, gold_path: Path, shared_dir: Path):
    tmp = tmp_path_factory.mktemp("api")
    front = frontline_subset(shared_dir, tmp / "front")
    settings = Settings(store=str(tmp / "s.db"), frontline=str(front) if front else None,
                        cache_dir=str(tmp / "cache"), api_token="not-used-here")
    store = build_seed_store(tmp / "s.db", seeds_dir, gold_path, settings)
    with running_server(create_app(store, settings)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client, store, front is not None


@pytest.fixture()
def client(served) -> httpx.Client:
    return served[0]


def _all_events(client: httpx.Client, **params) -> list[dict]:
    r = client.get("/api/events", params={"limit": 1000, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_meta_describes_the_store(client: httpx.Client, served) -> None:
    meta = client.get("/api/meta").json()
    assert meta["counts"]["documents"] == 6
    assert meta["counts"]["events"] == len(_all_events(client))
    assert meta["frontline"] is served[2]
    assert "capture" in meta["event_types"] and meta["ledger"] is False


@pytest.mark.parametrize("params, check", [
    ({"place": "siversk"}, lambda e: e["place_name"] == "Siversk"),
    ({"place_id": f"geonames:{SIVERSK}"}, lambda e: e["place_id"] == f"geonames:{SIVERSK}"),
    ({"type": "advance"}, lambda e: e["type"] == "advance"),
    ({"modality": "claimed"}, lambda e: e["modality"] == "claimed"),
    ({"side": "UA"}, lambda e: any(a["side"] == "UA" for a in e["actors"])),
    ({"acled_event_type": "Battles"}, lambda e: e["acled_event_type"] == "Battles"),
    ({"source": "tass"}, lambda e: any(s["name"].lower() == "tass" for s in e["attribution"])),
    ({"date_from": "2025-01-01"}, lambda e: e["date"]["value"] >= "2025-01-01"),
    ({"date_to": "2023-12-31"}, lambda e: e["date"]["value"] <= "2023-12-31"),
    ({"bbox": "37.9,48.7,38.3,49.0"}, lambda e: 37.9 <= e["lon"] <= 38.3 and 48.7 <= e["lat"] <= 49),
])
def test_events_filter(client: httpx.Client, params: dict, check) -> None:
    everything = _all_events(client)
    got = _all_events(client, **params)
    assert got, f"no events for {params}"
    assert all(check(e) for e in got)
    assert len(got) < len(everything)


def test_events_pages_cover_everything_once(client: httpx.Client) -> None:
    everything = [e["event_id"] for e in _all_events(client)]
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 3, "offset": offset}).json()
        seen += [e["event_id"] for e in page["items"]]
        offset = page["next_offset"]
    assert seen == everything


def test_filtered_pages_cover_everything_once(client: httpx.Client) -> None:
    everything = [e["event_id"] for e in _all_events(client, side="RU")]
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 2, "offset": offset, "side": "RU"})
        seen += [e["event_id"] for e in page.json()["items"]]
        offset = page.json()["next_offset"]
    assert seen == everything and len(seen) > 2


@pytest.mark.parametrize("params, status, words", [
    ({"bbox": "1,2"}, 422, "bbox"),
    ({"bbox": "a,b,c,d"}, 422, "bbox"),
    ({"bbox": "40,48,38,49"}, 422, "bbox"),
    ({"bbox": "nan,1,2,3"}, 422, "bbox"),
    ({"date_from": "2025-13-01"}, 422, "date_from"),
    ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, 422, "date_from"),
    ({"type": "invasion"}, 422, "type"),
    ({"modality": "sure"}, 422, "modality"),
    ({"side": "XX"}, 422, "side"),
    ({"limit": 0}, 422, "limit"),
    ({"limit": 100000}, 422, "limit"),
    ({"offset": -1}, 422, "offset"),
    ({"min_credibility": 2}, 422, "min_credibility"),
    ({"min_credibility": 0.5}, 400, "ledger"),
    ({"include_background": "perhaps"}, 422, "include_background"),
    ({"source": "x" * 5000}, 422, "source"),
])
def test_bad_event_parameters_get_clear_4xx(client: httpx.Client, params, status, words) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == status, r.text
    body = r.json()
    assert words in body["error"] and body["error"].strip()


@pytest.mark.parametrize("name, value", [
    ("place", "Siversk' OR '1'='1"),
    ("source", "x'; DROP TABLE events; --"),
    ("doc_id", "' OR 1=1 --"),
    ("place_id", "geonames:694403' UNION SELECT * FROM documents --"),
    ("acled_event_type", "Battles\" OR \"\"=\""),
])
def test_injection_looking_filters_match_nothing_and_change_nothing(
        client: httpx.Client, served, name: str, value: str) -> None:
    before = served[1].counts()
    r = client.get("/api/events", params={name: value})
    assert r.status_code == 200 and r.json()["items"] == []
    r = client.get("/api/export", params={"format": "jsonl", name: value})
    assert r.status_code == 200 and r.text == ""
    assert served[1].counts() == before and served[1].integrity_problems() == []


def test_event_detail_has_evidence_claims_and_checks(client: httpx.Client) -> None:
    e = _all_events(client, place="Siversk", source="TASS")[0]
    d = client.get(f"/api/events/{e['event_id']}").json()
    ctx = d["context"]
    rel = e["evidence"]["start"] - ctx["start"]
    assert ctx["text"][rel:rel + len(e["evidence"]["text"])] == e["evidence"]["text"]
    assert d["place"]["geonameid"] == SIVERSK
    assert d["claims"][0]["by"][0]["name"] == "TASS" and d["claims"][0]["basis"] == "report"
    assert d["checks"] == [] and d["ledger"] is False
    assert d["document"]["doc_id"] == e["doc_id"]


@pytest.mark.parametrize("path, status", [
    ("/api/events/e0000000000000000", 404), ("/api/events/" + "x" * 300, 422),
    ("/api/places/geonames:1", 404), ("/api/documents/nope", 404),
    ("/api/frontline/2020-01-01", 404), ("/api/frontline/yesterday", 422),
    ("/api/nothing-here", 404), ("/docs", 404),
])
def test_missing_things_are_clear_4xx(client: httpx.Client, served, path: str, status: int) -> None:
    if "frontline/2020" in path and not served[2]:
        pytest.skip("no front-line data")
    r = client.get(path)
    assert r.status_code == status and r.json()["error"]


def test_places_carry_control_status_of_the_day(client: httpx.Client, served) -> None:
    if not served[2]:
        pytest.skip("DeepState data not found in the shared folder")

    def siversk(day: str) -> dict:
        page = client.get("/api/places", params={"day": day, "with_events": "true"}).json()
        return next(p for p in page["items"] if p["geonameid"] == SIVERSK) | {"_snap": page["snapshot"]}

    july, december = siversk("2025-07-20"), siversk("2025-12-20")
    assert (july["occupied"], july["_snap"]) == (False, "2025-07-15")
    assert (december["occupied"], december["_snap"]) == (True, "2025-12-09")
    assert july["events"] >= 5


def test_place_detail_has_control_timeline(client: httpx.Client, served) -> None:
    d = client.get(f"/api/places/geonames:{SIVERSK}").json()
    assert d["place"]["name"] == "Siversk" and d["events"]
    if served[2]:
        occupied = [p for p in d["control"] if p["status"] == "occupied"]
        assert occupied[0]["start"] == "2025-12-09"
        assert d["control"][0] == {**d["control"][0], "status": "not occupied", "start": "2025-07-01"}


def test_documents_list_and_detail_with_highlights(client: httpx.Client) -> None:
    docs = client.get("/api/documents").json()["items"]
    assert len(docs) == 6
    hostile = next(d for d in docs if d["input_id"] == "hostile")
    d = client.get(f"/api/documents/{hostile['doc_id']}").json()
    assert XSS_SCRIPT in d["text"]  # stored and served verbatim; the page renders it as text
    kinds = {h["kind"] for h in d["highlights"]}
    assert kinds == {"evidence", "place"}
    for h in d["highlights"]:
        assert 0 <= h["start"] < h["end"] <= len(d["text"])
    place = next(h for h in d["highlights"] if h["kind"] == "place")
    assert d["text"][place["start"]:place["end"]] == "Siversk"


def test_sources_have_track_records(client: httpx.Client) -> None:
    listed = client.get("/api/sources").json()
    sources = {s["name"]: s for s in listed}
    assert sources["TASS"]["events"] >= 1 and sources["TASS"]["documents"] == 1
    assert sources[XSS_SOURCE]["roles"] == ["channel"]
    events = _all_events(client)
    assert sum(s["events"] for s in listed) == sum(len(e["attribution"]) for e in events)
    for s in listed:
        mine = [e for e in events if s["name"] in {a["name"] for a in e["attribution"]}]
        assert s["documents"] == len({e["doc_id"] for e in mine}) and sum(s["modalities"].values()) == s["events"]


def test_checks_say_when_no_ledger(client: httpx.Client) -> None:
    assert client.get("/api/checks").json() == {"items": [], "ledger": False}


def test_exports_match_the_events(client: httpx.Client) -> None:
    n = len(_all_events(client))
    r = client.get("/api/export", params={"format": "acled"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(csv.reader(io.StringIO(r.text)).__next__()) == ACLED_COLUMNS and len(rows) == n
    gj = client.get("/api/export", params={"format": "geojson"}).json()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == n
    lines = client.get("/api/export", params={"format": "jsonl", "place": "Siversk"}).text
    assert len(lines.splitlines()) == len(_all_events(client, place="Siversk"))
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_frontline_polygons_by_day(client: httpx.Client, served) -> None:
    info = client.get("/api/frontline").json()
    if not served[2]:
        assert info == {"available": False, "dates": []}
        return
    assert len(info["dates"]) == 7
    july = client.get("/api/frontline/2025-07-20").json()
    dec = client.get("/api/frontline/2025-12-20").json()
    assert july["properties"]["date"] == "2025-07-15" and dec["properties"]["date"] == "2025-12-09"
    assert july["geometry"] != dec["geometry"]


def test_openapi_documents_every_endpoint(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ["/api/events", "/api/events/{event_id}", "/api/places", "/api/places/{place_id}",
              "/api/sources", "/api/documents", "/api/documents/{doc_id}", "/api/checks",
              "/api/export", "/api/frontline", "/api/frontline/{day}", "/api/meta"]:
        assert p in paths, p
    assert "post" in paths["/api/documents"]


@pytest.mark.parametrize("target", [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/vendor/../../api/app.py",
    "/static/%2e%2e/api/app.py", "/static//etc/passwd", "/static/..\\..\\api\\app.py",
])
def test_static_routes_refuse_path_traversal(client: httpx.Client, target: str) -> None:
    status, data = raw_get(str(client.base_url), target)
    assert status in (400, 404), data[:200]
    assert b"root:" not in data and b"create_app" not in data


@pytest.mark.parametrize("path, kind", [("/", "text/html"), ("/static/app.js", "javascript"),
                                        ("/static/vendor/leaflet/leaflet.js", "javascript"),
                                        ("/static/vendor/leaflet/leaflet.css", "text/css")])
def test_page_and_assets_are_served_with_a_strict_policy(client: httpx.Client, path, kind) -> None:
    r = client.get(path)
    assert r.status_code == 200 and kind in r.headers["content-type"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_event_json_is_stable(client: httpx.Client) -> None:
    e = _all_events(client, place="Siversk")[0]
    assert set(e) >= {"event_id", "doc_id", "type", "date", "modality", "evidence", "attribution",
                      "actors", "lat", "lon", "credibility"}
    json.dumps(e)


# -- event pages: per-event JSON, the response cache and the JSON encoder -------------------

def _reference(store, query) -> list[dict]:
    """The page as the store itself selects it, mapped as the export maps events."""
    from sitrep.export.records import event_record

    return [event_record(e) | {"credibility": None} for e in store.events(query)]


@pytest.mark.parametrize("params, query", [
    ({"limit": 4}, {"limit": 5}),
    ({"limit": 4, "offset": 7}, {"limit": 5, "offset": 7}),
    ({"limit": 3, "offset": 2, "date_from": "2023-01-01"},
     {"limit": 4, "offset": 2, "date_from": "2023-01-01"}),
    ({"limit": 50, "date_to": "2023-02-06"}, {"limit": 51, "date_to": "2023-02-06"}),
    ({"limit": 2, "offset": 1, "type": "advance"}, {"limit": 3, "offset": 1, "type": "advance"}),
    ({"limit": 1000, "source": "tass"}, {"limit": 1001, "source": "tass"}),
])
def test_events_page_equals_the_stores_selection(client: httpx.Client, served, params,
                                                 query) -> None:
    from datetime import date

    from sitrep.store.base import EventQuery

    query = {k: date.fromisoformat(v) if k.startswith("date_") else v for k, v in query.items()}
    expected = _reference(served[1], EventQuery(**query))
    page = client.get("/api/events", params=params).json()
    assert page["items"] == expected[:params["limit"]] and page["items"]
    more = len(expected) > params["limit"]
    assert (page["next_cursor"] is not None) is more
    assert page["next_offset"] == (params.get("offset", 0) + params["limit"] if more else None)


@pytest.mark.parametrize("params", [{}, {"date_from": "2023-01-01"}, {"side": "RU"}])
def test_events_cursor_walk_equals_one_big_page(client: httpx.Client, params) -> None:
    everything = _all_events(client, **params)
    seen, cursor = [], None
    while True:
        page = client.get("/api/events", params={"limit": 2, **params,
                                                 **({"cursor": cursor} if cursor else {})}).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(seen) > 2


def test_events_date_filters_never_match_undated_events(client: httpx.Client) -> None:
    undated = [e for e in _all_events(client) if e["date"]["value"] is None]
    assert undated, "the seed store should hold undated events"
    for params in ({"date_from": "1900-01-01"}, {"date_to": "2999-12-31"}):
        assert all(e["date"]["value"] for e in _all_events(client, **params))


def _analysis(doc_n: int, kind: str):
    """Document ``doc_n`` (the same id every time) with two events of type ``kind``."""
    from datetime import date

    from sitrep.ingest.common import make_document
    from sitrep.model import (Actor, Analysis, Event, EventLocation, Place, Source, Span,
                              TimeExpr)

    sentences = [f"Forces moved near Place {doc_n} on day {k}." for k in range(2)]
    doc = make_document(f"page-{doc_n}", f"Report {doc_n}", " ".join(sentences))
    place = Place(f"test:{doc_n}", f"Place {doc_n}", "settlement", 48.0 + doc_n / 10, 37.5)
    events, pos = [], 0
    for k, s in enumerate(sentences):
        events.append(Event(
            f"p{doc_n}-{k}", doc.doc_id, kind, "Battles", "Armed clash", EventLocation(place, 1),
            TimeExpr(date(2025, 1, 1 + doc_n), "day") if k == 0 else TimeExpr(None, "none"),
            (Actor("Russian forces", "RU"),), (Source("TASS", "outlet"),), "claimed",
            Span(doc.doc_id, pos, pos + len(s), s)))
        pos += len(s) + 1
    return Analysis(document=doc, events=tuple(events))


@pytest.mark.parametrize("writer", ["server's connection", "another connection"])
def test_events_pages_show_a_changed_event_at_once(tmp_path: Path, writer: str) -> None:
    """Pages are built from each event's JSON kept per store version: re-analysing a
    document (same event ids, new content) must show on every page at once, whoever
    writes, for URLs asked before (response cache) and new ones (per-event JSON)."""
    from sitrep.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "p.db")
    for n in range(6):
        store.add_document(_analysis(n, "advance").document)
        store.save_analysis(_analysis(n, "advance"))
    settings = Settings(store=str(tmp_path / "p.db"), cache_dir=str(tmp_path / "cache"))
    with running_server(create_app(store, settings)) as base, \
            httpx.Client(base_url=base, timeout=30) as client:
        first = client.get("/api/events", params={"limit": 5}).json()
        second = client.get("/api/events", params={"limit": 5, "cursor": first["next_cursor"]})
        assert {e["type"] for e in first["items"] + second.json()["items"]} == {"advance"}
        other = SQLiteStore(tmp_path / "p.db") if writer == "another connection" else store
        for n in range(6):
            other.save_analysis(_analysis(n, "strike"))
        for params in ({"limit": 5}, {"limit": 5, "cursor": first["next_cursor"]},
                       {"limit": 7}, {"limit": 100}):
            items = client.get("/api/events", params=params).json()["items"]
            assert items and {e["type"] for e in items} == {"strike"}, params
        assert [e["event_id"] for e in items] == [e.event_id for e in store.events()]


@pytest.mark.parametrize("value", [
    {"text": "Сіверськ — «Siversk» \u2028 \x00\x1f \\ \" / 🚀", "n": -(2**53), "ok": True},
    [48.531210115608715, 37.5, 0.1, 1.0, 0.0, -0.0, 123456789.25, None, False],
    {"nested": [{"a": [], "b": {}}], "": "empty key"},
])
def test_events_json_encoder_agrees_with_the_standard_library(value) -> None:
    """orjson (when installed) writes what json.dumps writes, as JSON values."""
    from sitrep.api.jsonbody import dumps, dumps_stdlib

    assert json.loads(dumps(value)) == json.loads(dumps_stdlib(value)) == value


def test_events_response_cache_is_bounded_in_bytes_and_follows_the_store(
        tmp_path: Path, monkeypatch) -> None:
    from sitrep.api import state as state_module
    from sitrep.store.sqlite import SQLiteStore

    monkeypatch.setattr(state_module, "RESPONSE_CACHE_BYTES", 100)
    store = SQLiteStore(tmp_path / "c.db")
    st = state_module.AppState(store=store, settings=Settings(store=str(tmp_path / "c.db")))
    built: list[str] = []

    def get(key: str) -> bytes:
        return st.cached(key, lambda: built.append(key) or key.encode() * 40)

    for key in ("a", "b", "a", "c", "a", "b"):  # 40 bytes each: two fit
        assert get(key) == key.encode() * 40
    assert built == ["a", "b", "c", "b"]  # "a" stayed (recently used), "b" was evicted
    store.add_document(_analysis(0, "advance").document)  # a new store version
    get("a")
    assert built[-1] == "a"
