"""Exports: ACLED-schema CSV, GeoJSON, JSONL from the library and from `sitrep export`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sitrep.errors import ConfigError
from sitrep.export import EventFilter, export_events
from sitrep.export.acled import ACLED_COLUMNS, cell
from sitrep.store.base import EventQuery

from test_api_seedstore import SIVERSK, XSS_SOURCE, build_seed_store


@pytest.fixture(scope="module")
def store(tmp_path_factory, seeds_dir: Path, gold_path: Path):
    tmp = tmp_path_factory.mktemp("export")
    st = build_seed_store(tmp / "s.db", seeds_dir, gold_path)
    yield st
    st.close()


def _export(store, fmt: str, query=None) -> str:
    buf = io.StringIO()
    export_events(store, fmt, buf, query, timestamp=1_700_000_000)
    return buf.getvalue()


def test_acled_csv_has_acleds_columns_and_one_row_per_event(store) -> None:
    text = _export(store, "acled")
    reader = csv.reader(io.StringIO(text))
    assert tuple(next(reader)) == ACLED_COLUMNS
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == store.counts().events
    siversk = [r for r in rows if r["location"] == "Siversk"]
    assert siversk and all(r["country"] == "Ukraine" and r["admin1"] == "Donetsk" for r in siversk)
    assert all(float(r["latitude"]) == pytest.approx(48.86476, abs=2e-2) for r in siversk)
    dated = [r for r in rows if r["event_date"]]
    assert dated and all(r["year"] == r["event_date"][:4] and r["time_precision"] in "123"
                         for r in dated)
    assert {r["timestamp"] for r in rows} == {"1700000000"}
    assert any(r["actor1"] == "Military Forces of Russia (2000-)" and r["inter1"] == "8"
               for r in rows)
    assert all("sitrep_type=" in r["tags"] for r in rows)


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("Siversk", "Siversk"), ("", ""),
])
def test_acled_cells_cannot_run_as_formulas(value: str, expected: str) -> None:
    assert cell(value) == expected


def test_geojson_is_a_feature_collection_of_the_events(store) -> None:
    gj = json.loads(_export(store, "geojson"))
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == store.counts().events
    located = [f for f in gj["features"] if f["geometry"]]
    assert located and all(f["geometry"]["type"] == "Point" for f in located)
    lon, lat = next(f for f in located if f["properties"]["place_name"] == "Siversk")["geometry"]["coordinates"]
    assert (round(lat, 3), round(lon, 3)) == (48.865, 38.097)
    assert any(f["geometry"] is None for f in gj["features"])  # unlocated events stay, no point


@pytest.mark.parametrize("query, check", [
    (EventQuery(place_name="Siversk"), lambda r: r["place_name"] == "Siversk"),
    (EventFilter(side="UA"), lambda r: any(a["side"] == "UA" for a in r["actors"])),
    (EventQuery(modality="claimed", limit=3), lambda r: r["modality"] == "claimed"),
])
def test_jsonl_respects_the_selection(store, query, check) -> None:
    lines = _export(store, "jsonl", query).splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all(check(r) for r in records)
    if isinstance(query, EventQuery) and query.limit == 3:
        assert len(records) == 3


def test_unknown_format_is_a_clear_error(store) -> None:
    with pytest.raises(ConfigError, match="unknown export format"):
        export_events(store, "xlsx", io.StringIO())


def _cli() -> typer.Typer:
    from sitrep.cli_serve import export, serve

    app = typer.Typer()
    app.command("export")(export)
    app.command("serve")(serve)
    return app


@pytest.mark.parametrize("fmt, first", [("acled", "event_id_cnty,"), ("geojson", '{"type"'),
                                        ("jsonl", '{"event_id"')])
def test_cli_export_writes_each_format(store, tmp_path: Path, fmt: str, first: str) -> None:
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(_cli(), ["export", "--format", fmt, "--store", store.url,
                                         "--place", "Siversk", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith(first)
    assert XSS_SOURCE.split(">")[1].split("<")[0] in text  # the hostile report is at Siversk


@pytest.mark.parametrize("args, message", [(["--format", "xml"], "unknown export format"),
                                           (["--format", "jsonl", "--since", "May"], "--since")])
def test_cli_export_errors_are_one_line(store, args, message) -> None:
    result = CliRunner().invoke(_cli(), ["export", "--store", store.url, *args])
    assert result.exit_code == 2 and message in result.output


def test_place_ids_in_exports_are_the_stores(store) -> None:
    records = [json.loads(x) for x in _export(store, "jsonl").splitlines()]
    assert f"geonames:{SIVERSK}" in {r["place_id"] for r in records}
