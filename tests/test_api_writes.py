"""POST /api/documents: token required, sizes limited, clear errors (real uvicorn, loopback)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from sitrep.api import create_app
from sitrep.settings import Settings
from sitrep.store.sqlite import SQLiteStore

from test_api_seedstore import running_server

pytestmark = pytest.mark.integration
TOKEN = "t0ken-with-enough-entropy"
LIMIT = 20_000


@pytest.fixture(scope="module", params=[TOKEN, None], ids=["token-set", "no-token"])
def server(request, tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("writes")
    settings = Settings(store=str(tmp / "w.db"), cache_dir=str(tmp), api_token=request.param,
                        max_request_bytes=LIMIT, max_doc_bytes=LIMIT // 2)
    store = SQLiteStore(tmp / "w.db")
    with running_server(create_app(store, settings)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client, store, request.param


DOC = {"title": "Report", "text": "Russian forces advanced toward Siversk.", "published": "2025-11-01"}


@pytest.mark.parametrize("headers, status", [
    ({}, 401), ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": TOKEN}, 401),
    ({"Authorization": "Basic " + TOKEN}, 401), ({"Authorization": "Bearer"}, 401),
    ({"Authorization": "Bearer " + TOKEN + "x"}, 403),
])
def test_writes_without_the_right_token_are_refused(server, headers, status) -> None:
    client, store, token = server
    r = client.post("/api/documents", json=DOC, headers=headers)
    assert r.status_code == (status if token else 403), r.text
    assert r.json()["error"] and store.counts().documents == 0


def test_the_token_lets_a_document_in_once(server) -> None:
    client, store, token = server
    if token is None:
        pytest.skip("writes are disabled without a token")
    auth = {"Authorization": f"Bearer {token}"}
    first = client.post("/api/documents", json={**DOC, "text": DOC["text"] + " Once."}, headers=auth)
    again = client.post("/api/documents", json={**DOC, "text": DOC["text"] + " Once."}, headers=auth)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["added"] is True and again.json()["added"] is False
    doc = store.get_document(first.json()["doc_id"])
    assert doc.title == "Report" and str(doc.published) == "2025-11-01"


@pytest.mark.parametrize("body, status", [
    ({"title": "no text"}, 422), ({"text": ""}, 422), ({"text": "x", "published": "soon"}, 422),
    ({"text": "x" * (LIMIT // 2 + 10)}, 413), ({"text": "x", "title": "t" * 2000}, 422),
])
def test_bad_bodies_get_clear_errors(server, body, status) -> None:
    client, _store, token = server
    if token is None:
        pytest.skip("writes are disabled without a token")
    r = client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == status and r.json()["error"], r.text


def test_malformed_json_is_a_clear_error(server) -> None:
    client, _store, token = server
    r = client.post("/api/documents", content=b"{not json", headers={
        "Authorization": f"Bearer {token or 'x'}", "Content-Type": "application/json"})
    assert r.status_code in ((422,) if token else (403,)) and r.json()["error"]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_oversized_bodies_are_refused_before_the_handler(server, chunked: bool) -> None:
    client, store, token = server
    payload = b'{"text": "' + b"x" * (LIMIT * 3) + b'"}'

    def chunks():
        for i in range(0, len(payload), 4096):
            yield payload[i:i + 4096]

    before = store.counts().documents
    r = client.post("/api/documents", content=chunks() if chunked else payload,
                    headers={"Authorization": f"Bearer {token or 'x'}",
                             "Content-Type": "application/json"})
    assert r.status_code == 413 and "larger than" in r.json()["error"]
    assert store.counts().documents == before


def test_cached_event_pages_follow_the_store(server) -> None:
    """A write by anyone (here: straight into the store) is visible on the next request."""
    from test_api_seedstore import hostile_analysis

    from sitrep.model import Place

    client, store, _token = server
    before = client.get("/api/events", params={"place": "Siversk"}).json()["items"]
    siversk = Place("geonames:694403", "Siversk", "settlement", 48.86476, 38.09683, 694403)
    analysis = hostile_analysis(siversk)
    store.add_document(analysis.document)
    store.save_analysis(analysis)
    after = client.get("/api/events", params={"place": "Siversk"}).json()["items"]
    assert len(after) == len(before) + 1
