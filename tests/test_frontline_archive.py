"""FrontlineArchive on small synthetic archives (tmp_path) and on a few real DeepState files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ledger.frontline import FrontlineArchive

# A square that grows east over time, shrinks back (territory lost), then grows again.
SQUARES = {date(2025, 1, 1): 1.0, date(2025, 1, 2): 2.0, date(2025, 1, 4): 1.0, date(2025, 1, 6): 3.0}


def _square(east: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[0, 0], [east, 0], [east, 1], [0, 1], [0, 0]]]}


def _write_dir(folder: Path) -> Path:
    folder.mkdir()
    for day, east in SQUARES.items():
        fc = {"type": "FeatureCollection",
              "features": [{"type": "Feature", "properties": {}, "geometry": _square(east)}]}
        (folder / f"deepstatemap_data_{day:%Y%m%d}.geojson").write_text(json.dumps(fc))
    (folder / "README.txt").write_text("not a snapshot")
    return folder


def _write_file(path: Path) -> Path:
    feats = [{"type": "Feature", "properties": {"date": d.isoformat()}, "geometry": _square(e)}
             for d, e in SQUARES.items()]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return path


@pytest.fixture(params=["dir", "file"])
def archive(request, tmp_path: Path) -> FrontlineArchive:
    src = _write_dir(tmp_path / "ds") if request.param == "dir" else _write_file(tmp_path / "all.geojson")
    return FrontlineArchive.from_path(src, cache_dir=tmp_path / "cache")


def test_dates_are_the_snapshots_in_order(archive: FrontlineArchive) -> None:
    assert archive.dates() == sorted(SQUARES)


@pytest.mark.parametrize("day, east", [(date(2025, 1, 1), 1.0), (date(2025, 1, 3), 2.0),
                                       (date(2025, 1, 5), 1.0), (date(2026, 1, 1), 3.0)])
def test_geometry_on_is_the_latest_snapshot_on_or_before(archive, day, east) -> None:
    assert archive.geometry_on(day).bounds[2] == pytest.approx(east)


def test_geometry_before_the_archive_is_none(archive) -> None:
    assert archive.geometry_on(date(2024, 12, 31)) is None
    assert archive.geojson_on(date(2024, 12, 31)) is None


def test_geojson_on_is_a_feature_with_its_snapshot_date(archive) -> None:
    f = archive.geojson_on(date(2025, 1, 3), simplify_tolerance=0.01)
    assert f["type"] == "Feature" and f["geometry"]["type"] == "Polygon"
    assert f["properties"]["date"] == "2025-01-02" and f["properties"]["requested"] == "2025-01-03"


@pytest.mark.parametrize("lat, lon, first, intervals", [
    (0.5, 0.5, date(2025, 1, 1), [(date(2025, 1, 1), None)]),
    # lost on the 4th and regained on the 6th: first inside stays the 2nd
    (0.5, 1.5, date(2025, 1, 2), [(date(2025, 1, 2), date(2025, 1, 4)), (date(2025, 1, 6), None)]),
    (0.5, 2.5, date(2025, 1, 6), [(date(2025, 1, 6), None)]),
    (0.5, 5.0, None, []),
])
def test_first_inside_and_intervals_survive_loss_and_recapture(archive, lat, lon, first, intervals) -> None:
    assert archive.first_inside(lat, lon) == first
    assert list(archive.history(lat, lon).intervals) == intervals


def test_last_change_and_start_state(archive) -> None:
    h = archive.history(0.5, 1.5)
    assert h.last_change == date(2025, 1, 6) and not h.inside_at_start and h.inside_at_end
    assert archive.history(0.5, 0.5).inside_at_start and archive.history(0.5, 0.5).last_change is None
    assert h.inside_on(date(2025, 1, 5)) is False and h.inside_on(date(2025, 1, 3)) is True


def test_parsed_geometries_are_cached_on_disk_and_reused(tmp_path: Path) -> None:
    src = _write_dir(tmp_path / "ds")
    first = FrontlineArchive.from_path(src, cache_dir=tmp_path / "cache")
    expected = first.history(0.5, 1.5)
    assert len(list((tmp_path / "cache").glob("frontline-*.bin"))) == 1
    again = FrontlineArchive.from_path(src, cache_dir=tmp_path / "cache")
    assert again._read_cache() is not None and again.history(0.5, 1.5) == expected


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    src = _write_dir(tmp_path / "ds")
    FrontlineArchive.from_path(src, cache_dir=tmp_path / "cache").first_inside(0.5, 0.5)
    next((tmp_path / "cache").glob("frontline-*.bin")).write_bytes(b"garbage")
    assert FrontlineArchive.from_path(src, cache_dir=tmp_path / "cache").first_inside(0.5, 0.5) == date(2025, 1, 1)


@pytest.mark.parametrize("make", ["missing", "empty-dir", "bad-json"])
def test_unusable_inputs_raise_input_error(tmp_path: Path, make: str) -> None:
    path = tmp_path / "x"
    if make == "empty-dir":
        path.mkdir()
    elif make == "bad-json":
        path = tmp_path / "bad.geojson"
        path.write_text("{not json")
    with pytest.raises(InputError):
        FrontlineArchive.from_path(path, cache_dir=tmp_path / "cache")


def test_siversk_first_falls_inside_on_2025_12_09(shared_dir: Path, tmp_path: Path) -> None:
    """Real DeepState snapshots around the date, linked (not copied) into a small archive."""
    real = shared_dir / "data" / "deepstate"
    files = [real / f"deepstatemap_data_202512{d:02d}.geojson" for d in range(5, 13)]
    if not all(f.exists() for f in files):
        pytest.skip("DeepState snapshots of December 2025 not found")
    folder = tmp_path / "ds"
    folder.mkdir()
    for f in files:
        (folder / f.name).symlink_to(f)
    archive = FrontlineArchive.from_path(folder, cache_dir=tmp_path / "cache")
    assert archive.first_inside(48.86476, 38.09683) == date(2025, 12, 9)  # Siversk
    assert archive.history(48.59419, 37.99886).inside_at_start  # Bakhmut: long occupied
    assert archive.first_inside(50.4501, 30.5234) is None  # Kyiv
