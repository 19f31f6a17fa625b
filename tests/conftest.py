"""Shared fixtures: where ../shared is, and the real data files in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from pg_server import pg_server  # noqa: F401  (throwaway PostgreSQL for the store tests)

ROOT = Path(__file__).resolve().parents[1]

# The test command is a gate: the property tests replay the same examples on every run, so a
# red CI always means a change broke something. Exploring new random examples is a separate,
# explicit job: HYPOTHESIS_PROFILE=explore pytest tests/test_fuzz_*.py (and bench/fuzz.py).
hypothesis_settings.register_profile("gate", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))


def _shared_dir() -> Path:
    return Path(os.environ.get("SITREP_SHARED", ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = _shared_dir()
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path} (set SITREP_SHARED)")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def gold_path(shared_dir: Path) -> Path:
    return shared_dir / "gold" / "seeds.json"


@pytest.fixture(scope="session")
def geonames_zip(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "geonames" / "UA.zip"
    if not path.exists():
        pytest.skip(f"GeoNames dump not found at {path}")
    return path


@pytest.fixture(scope="session")
def katotth_csv(shared_dir: Path) -> Path:
    found = sorted((shared_dir / "data" / "katotth").glob("kodifikator-*.csv"))
    if not found:
        pytest.skip("KATOTTH codifier not found")
    return found[-1]


@pytest.fixture(scope="session")
def hostilities_docx(shared_dir: Path) -> Path:
    from sitrep.gazetteer.hostilities import newest_edition

    found = newest_edition((shared_dir / "data" / "katotth").glob("perelik_*.docx"))
    if found is None:
        pytest.skip("list of territories with hostilities/occupation not found")
    return found


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One gazetteer index cache for the whole test session (built once)."""
    return tmp_path_factory.mktemp("sitrep-cache")


CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
# what this machine's closed network needs: no background connections, no component updates
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
