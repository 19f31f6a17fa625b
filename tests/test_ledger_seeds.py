"""The ledger on the five sample reports with the GeoNames dump and real DeepState snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.ledger.checks import check_analysis
from sitrep.ledger.claims import claims_from_analyses
from sitrep.ledger.frontline import FrontlineArchive
from sitrep.ledger.fusion import Fuser
from sitrep.ledger.ledger import build_ledger
from sitrep.ledger.sources import SourceRegistry
from sitrep.ledger.timeline import control_timeline

pytestmark = pytest.mark.slow
SIVERSK = "geonames:694403"


@pytest.fixture(scope="module")
def gazetteer(geonames_zip: Path, katotth_csv: Path, cache_dir: Path):
    from sitrep.gazetteer import load_gazetteer
    from sitrep.settings import Settings

    return load_gazetteer(Settings.from_env(geonames=str(geonames_zip), katotth=str(katotth_csv),
                                            cache_dir=str(cache_dir)))


@pytest.fixture(scope="module")
def analyses(gazetteer, seeds_dir: Path):
    from sitrep.analyze import default_pipeline
    from sitrep.ingest import read_inputs
    from sitrep.settings import Settings

    pipeline = default_pipeline(gazetteer)
    docs = [d for d in read_inputs([str(seeds_dir)], Settings.from_env()) if not isinstance(d, Exception)]
    return {d.input_id.rsplit("/", 1)[-1][:3]: pipeline.run(d) for d in sorted(docs, key=lambda d: d.input_id)}


@pytest.fixture(scope="module")
def archive(shared_dir: Path, tmp_path_factory) -> FrontlineArchive:
    real = shared_dir / "data" / "deepstate"
    files = [real / f"deepstatemap_data_202512{d:02d}.geojson" for d in range(1, 13)]
    if not all(f.exists() for f in files):
        pytest.skip("DeepState snapshots of December 2025 not found")
    folder = tmp_path_factory.mktemp("deepstate")
    for f in files:
        (folder / f.name).symlink_to(f)  # a few real files, linked, not copied
    return FrontlineArchive.from_path(folder, cache_dir=folder / "cache")


@pytest.fixture(scope="module")
def ledger(analyses, archive):
    fuser = Fuser()
    fuser.add_many(claims_from_analyses(analyses.values()))
    return build_ledger(fuser.events(), SourceRegistry.load(), archive)


def checks(analyses, gazetteer, doc: str, kind: str):
    return [c for c in check_analysis(analyses[doc], gazetteer=gazetteer) if c.kind == kind]


def test_one_fused_capture_of_siversk(ledger, analyses) -> None:
    captures = [e for e in ledger.entries if e.event.type == "capture" and e.event.place
                and e.event.place.place_id == SIVERSK]
    assert len(captures) == 1
    docs = {ac.claim.doc_id for ac in captures[0].claims}
    assert analyses["002"].document.doc_id in docs
    assert all(m.verdict == "undated" and m.map_date == date(2025, 12, 9) for m in captures[0].map_checks)


def test_azov_sea_statement_is_false_with_the_distance(analyses, gazetteer) -> None:
    [c] = checks(analyses, gazetteer, "000", "near")
    assert c.verdict == "false" and 150 < dict(c.numbers)["km"] < 220


def test_nikolaevka_ten_km_is_consistent(analyses, gazetteer) -> None:
    [c] = checks(analyses, gazetteer, "003", "distance")
    assert c.verdict == "consistent" and c.claimed == "10 km"


def test_sevsk_confusable_is_noted(analyses, gazetteer) -> None:
    [c] = checks(analyses, gazetteer, "004", "confusable")
    assert c.span.text == "SevSk" and "Sevsk" in c.measured


def test_sevastopol_buffer_zone_is_flagged(analyses, gazetteer) -> None:
    sevsk = next(m for m in analyses["004"].mentions if m.span.text == "SevSk")
    if sevsk.place is None or sevsk.place.place_id != SIVERSK:
        pytest.skip(f"the geoparser reads SevSk as {sevsk.place.name if sevsk.place else None}, "
                    "so the report's focus is not the Donbas")
    assert [c.span.text for c in checks(analyses, gazetteer, "004", "context")] == ["Sevastopol"]


def test_siversk_timeline_has_the_claim_and_the_map_date(ledger, archive) -> None:
    place = next(e.event.place for e in ledger.entries if e.event.place and e.event.place.place_id == SIVERSK)
    tl = control_timeline(place, ledger, archive)
    assert tl.first_inside == date(2025, 12, 9)
    assert (date(2025, 12, 9), "confirmed occupied") in [(e.day, e.state) for e in tl.entries if e.change]
    assert "claimed captured by RU" in {e.state for e in tl.undated}


def test_siversk_timeline_with_the_official_list(ledger, archive, shared_dir: Path) -> None:
    from sitrep.gazetteer.hostilities import load_register

    path = shared_dir / "data" / "katotth" / "perelik_07052025.docx"
    if not path.exists():
        pytest.skip(f"{path} not found")
    place = next(e.event.place for e in ledger.entries if e.event.place and e.event.place.place_id == SIVERSK)
    assert place.katotth, "Siversk should carry its KATOTTH code from the codifier"
    tl = control_timeline(place, ledger, archive, load_register(path))
    changes = [(e.day, e.state) for e in tl.entries if e.change]
    # active hostilities from the first day of the invasion (official), occupied on the map
    assert changes[0] == (date(2022, 2, 24), "contested")
    assert changes[-1] == (date(2025, 12, 9), "confirmed occupied")
