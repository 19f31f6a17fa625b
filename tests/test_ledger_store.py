"""The ledger over each store backend (SQLite, PostgreSQL): incremental fusion, stable keys,
re-analysis, checks, front-line import, CLI and API view."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sitrep.cli_ledger import register
from sitrep.ids import event_id_for
from sitrep.errors import StoreError
from sitrep.ledger.service import UpdateReport, fused_events, update_ledger
from sitrep.model import (Actor, Analysis, Document, Event, EventLocation, Place, PlaceMention, Source,
                          Span, TimeExpr)
from sitrep.store import ledger_store as ls
from sitrep.store import open_store
from sitrep.store.sqlite import SQLiteStore

SIVERSK = Place("geonames:694403", "Siversk", "settlement", 48.86476, 38.09683, admin1="Donetsk Oblast")
AZOV = Place("builtin:sea-of-azov", "Sea of Azov", "water", 46.1, 36.7)


def analysis(n: int, text: str, trigger: str, type_: str = "capture", outlet: str = "TASS",
             published: date | None = None, side: str = "RU") -> Analysis:
    doc = Document(f"d{n}", f"in{n}", f"t{n}", text, published)
    mentions = tuple(PlaceMention(Span(doc.doc_id, m.start(), m.end(), m.group()), place, 0.9, 1)
                     for word, place in (("Seversk", SIVERSK), ("Azov Sea", AZOV))
                     for m in re.finditer(word, text))
    i = text.index(trigger)
    ev = Span(doc.doc_id, i, i + len(trigger), trigger)
    event = Event(event_id_for(doc.doc_id, type_, ev.start, ev.end, SIVERSK.place_id), doc.doc_id, type_,
                  None, None, EventLocation(SIVERSK, 1), TimeExpr(None, None), (Actor("the army", side),),
                  (Source(outlet, "outlet"),), "claimed", ev)
    return Analysis(doc, mentions=tuple(sorted(mentions, key=lambda m: m.span.start)), events=(event,))


FIRST = analysis(1, "Seversk has been captured by the Russian army.", "Seversk has been captured")
SECOND = analysis(2, "The liberation of Seversk near the Azov Sea was announced.", "liberation of Seversk",
                  outlet="RIA Novosti")
THIRD = analysis(3, "Ukrainian troops left Seversk, Deep State said.", "troops left Seversk", "withdrawal",
                 "Deep State", date(2025, 12, 10), side="UA")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path: Path):
    """Every backend that keeps the ledger (the ledger uses no geometry: one PostgreSQL suffices)."""
    if request.param == "sqlite":
        st = SQLiteStore(tmp_path / "s.db")
    else:
        server = request.getfixturevalue("pg_server")  # skips, saying why, without psycopg
        from sitrep.store.postgres import PostgresStore

        st = PostgresStore(server.new_database(postgis=server.postgis))
    yield st
    st.close()


def save(st, a: Analysis) -> None:
    st.add_document(a.document)
    st.save_analysis(a)


def test_ledger_store_new_documents_join_existing_events_under_the_same_key(store) -> None:
    save(store, FIRST)
    save(store, SECOND)
    first = update_ledger(store)
    assert (first.new_claims, first.new_events, first.joined) == (2, 1, 1)
    [event] = fused_events(store)
    save(store, THIRD)
    second = update_ledger(store)
    assert (second.new_claims, second.new_events, second.joined) == (1, 0, 1)
    [again] = fused_events(store)
    assert again.event_key == event.event_key and len(again.claims) == 3
    assert [c.claim_id for c in again.claims] == [a.events[0].event_id for a in (FIRST, SECOND, THIRD)]
    membership = ls.ledger_membership(store)
    assert update_ledger(store) == UpdateReport(0, 0, 0, 0)  # nothing new: nothing done
    assert ls.ledger_membership(store) == membership and fused_events(store) == [again]


def test_ledger_store_survives_reopening(store) -> None:
    """What one connection recorded, another (a new process, say) reads back alike."""
    save(store, FIRST)
    save(store, SECOND)
    update_ledger(store)
    reopened = open_store(store.url)
    try:
        assert fused_events(reopened) == fused_events(store)
        assert ls.load_checks(reopened) == ls.load_checks(store) != []
        assert update_ledger(reopened) == UpdateReport(0, 0, 0, 0)
    finally:
        reopened.close()


def test_ledger_store_reanalysis_replaces_the_claims_and_prunes_empty_events(store) -> None:
    save(store, FIRST)
    update_ledger(store)
    store.save_analysis(Analysis(FIRST.document, mentions=FIRST.mentions))  # no events any more
    assert update_ledger(store).new_claims == 0
    assert fused_events(store) == [] and store.integrity_problems() == []


def test_ledger_store_checks_are_stored_and_recomputed_only_for_changed_documents(store) -> None:
    save(store, FIRST)
    save(store, SECOND)
    assert update_ledger(store).checked_documents == 2
    [near] = [c for c in ls.load_checks(store) if c.kind == "near"]
    assert near.verdict == "false" and near.span.text == "Seversk near the Azov Sea"
    assert dict(near.numbers)["km"] > 150 and near.doc_id == SECOND.document.doc_id
    assert ls.load_checks(store, verdict="false", doc_id=SECOND.document.doc_id) == [near]
    first = ls.load_checks(store, doc_id=FIRST.document.doc_id)
    assert first and {c.doc_id for c in first} == {FIRST.document.doc_id} and "near" not in {c.kind for c in first}
    assert update_ledger(store).checked_documents == 0
    store.save_analysis(Analysis(SECOND.document, events=SECOND.events))  # mentions gone
    assert update_ledger(store).checked_documents == 1 and ls.load_checks(store, verdict="false") == []


class NoNames:
    """An in-memory gazetteer that knows no names (the checks then use what the store holds)."""

    source = "empty"

    def lookup(self, key):
        return []

    def get(self, place_id):
        return None

    def keys(self):
        return []

    def near(self, lat, lon, km):
        return []


@pytest.fixture()
def cli(store, tmp_path: Path, monkeypatch):
    # loading a real gazetteer takes seconds; the ledger commands take whatever gazetteer is given
    monkeypatch.setattr("sitrep.ledger.service._gazetteer_loader", lambda settings: NoNames)
    for a in (FIRST, SECOND, THIRD):
        save(store, a)
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SITREP_FRONTLINE", raising=False)
    monkeypatch.delenv("SITREP_GEONAMES", raising=False)
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [*args, "--store", store.url])


def test_ledger_store_cli_ledger_json_and_table(cli) -> None:
    res = cli("ledger", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    [event] = data["events"]
    assert event["type"] == "capture" and len(event["claims"]) == 3 and event["conceded"] is True
    assert event["grade"] == event["reliability"] + str(event["credibility"])
    table = cli("ledger", "--claims")
    assert table.exit_code == 0 and "Siversk" in table.output and "grade input" in table.output


def test_ledger_store_cli_timeline_checks_sources_and_errors(cli, tmp_path: Path) -> None:
    tl = json.loads(cli("timeline", "Siversk", "--json").output)
    assert tl["place"]["place_id"] == SIVERSK.place_id and tl["entries"][0]["day"] == "2025-12-10"
    assert len(tl["undated"]) == 2
    checks = json.loads(cli("checks", "--json", "--verdict", "false").output)
    assert [c["kind"] for c in checks] == ["near"]
    sources = json.loads(cli("sources", "--json").output)
    assert {s["id"] for s in sources} >= {"tass", "ria", "deepstate"}
    missing = cli("timeline", "Kyiv")
    assert missing.exit_code == 2 and "Kyiv" in missing.output


def test_ledger_store_cli_frontline_import_records_the_archive(cli, store, tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    square = {"type": "Polygon", "coordinates": [[[38, 48.5], [39, 48.5], [39, 49.2], [38, 49.2], [38, 48.5]]]}
    (folder / "deepstatemap_data_20251209.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": square}]}))
    res = cli("frontline", "import", str(folder), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["inside"] == 1
    assert ls.frontline_path(store) == str(folder.resolve())
    recorded = _frontline_rows(store)
    assert recorded == [(SIVERSK.place_id, "2025-12-09", True)]
    assert cli("frontline", "import", str(folder), "--json").exit_code == 0  # again: same rows
    assert _frontline_rows(store) == recorded and _count(store, "frontline_archives") == 1
    tl = json.loads(cli("timeline", "Siversk", "--json").output)
    assert tl["first_inside"] == "2025-12-09"
    assert cli("frontline", "import", str(tmp_path / "nothing")).exit_code == 2


def _frontline_rows(store) -> list[tuple]:
    rows = store.conn.execute("SELECT place_id, first_inside, inside_at_start FROM frontline_points "
                              "ORDER BY place_id").fetchall()
    return [(pid, str(first), bool(inside)) for pid, first, inside in rows]


def _count(store, table: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_ledger_store_keeps_ledger_on_both_backends_only(store) -> None:
    assert ls.keeps_ledger(store)
    assert not ls.keeps_ledger(object())
    with pytest.raises(StoreError, match="SQLite or PostgreSQL"):
        ls.ledger_db(object())


def test_ledger_store_api_view_serves_claims_credibility_checks_and_periods(store, tmp_path: Path, monkeypatch) -> None:
    from sitrep.ledger.apiview import StoreLedgerView
    from sitrep.settings import Settings

    for a in (FIRST, SECOND, THIRD):
        save(store, a)
    monkeypatch.setattr("sitrep.ledger.service._gazetteer_loader", lambda settings: NoNames)
    view = StoreLedgerView(Settings(store=store.url, cache_dir=str(tmp_path / "cache")))
    event_id = FIRST.events[0].event_id
    assert len(view.claims(event_id)) == 3 and view.credibility(event_id) == 1.0  # conceded by Deep State
    assert "near" in [c.kind for c in view.checks(SECOND.document.doc_id)]
    periods = view.control_timeline(SIVERSK)
    assert [(p.start, p.status) for p in periods] == [(date(2025, 12, 10), "claimed captured by RU")]
    assert "Deep State" in view.source_grades()
