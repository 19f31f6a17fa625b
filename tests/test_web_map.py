"""The map page in real headless Chromium (Debian's), over a real server on loopback.

Skipped with a reason when Chromium or Playwright is absent. Screenshots go to
test-artifacts/ (gitignored); SITREP_SCREENSHOT=path also writes the docs screenshot.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitrep.api import create_app
from sitrep.settings import Settings

from test_api_seedstore import (XSS_MARKUP, XSS_SCRIPT, XSS_SOURCE, build_seed_store,
                                frontline_subset, running_server)

pytestmark = pytest.mark.integration
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeds_dir: Path, gold_path: Path, shared_dir: Path):
    tmp = tmp_path_factory.mktemp("web")
    front = frontline_subset(shared_dir, tmp / "front")
    if front is None:
        pytest.skip("DeepState snapshots not found in the shared folder")
    settings = Settings(store=str(tmp / "s.db"), frontline=str(front), cache_dir=str(tmp / "c"))
    store = build_seed_store(tmp / "s.db", seeds_dir, gold_path, settings)
    with running_server(create_app(store, settings)) as base:
        yield base


@pytest.fixture()
def page(browser, site):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    outside: list[str] = []
    # nothing may leave the machine: every request must go to the test server
    pg.on("request", lambda r: None if r.url.startswith((site, "data:")) else outside.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(site + "/")
    pg.wait_for_selector("body[data-ready]", timeout=20_000)
    assert pg.get_attribute("body", "data-ready") == "true", pg.text_content("#status")
    yield pg
    assert outside == [] and errors == []
    context.close()


def _shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _set_day(pg, day: str) -> None:
    """Move the slider as a user's drag does: set its value, fire `input`."""
    pg.evaluate("""day => { const s = document.getElementById('day-slider');
        const first = new Date(document.getElementById('day-input').min + 'T00:00:00Z');
        s.value = String(Math.round((new Date(day + 'T00:00:00Z') - first) / 86400000));
        s.dispatchEvent(new Event('input', {bubbles: true})); }""", day)
    pg.wait_for_function("d => document.body.dataset.day === d", arg=day, timeout=10_000)


def test_map_shows_siversk_and_its_events(page) -> None:
    rows = page.locator("#events-table tbody tr")
    assert rows.count() >= 10
    assert page.locator("#events-table tbody tr", has_text="Siversk").count() >= 8
    assert page.locator("path.settlement-marker").count() >= 3
    assert int(page.get_attribute("#map", "data-events")) >= 8
    _shot(page, "map-initial")
    if os.environ.get("SITREP_SCREENSHOT"):
        page.screenshot(path=os.environ["SITREP_SCREENSHOT"])


def test_slider_changes_polygon_and_markers(page) -> None:
    _set_day(page, "2025-07-20")
    july = {"snap": page.get_attribute("#map", "data-snapshot"),
            "poly": page.get_attribute("path.front-polygon", "d"),
            "occupied": page.locator("path.settlement-occupied").count(),
            "events": page.get_attribute("#map", "data-events")}
    _shot(page, "slider-2025-07")
    _set_day(page, "2025-12-20")
    dec = {"snap": page.get_attribute("#map", "data-snapshot"),
           "poly": page.get_attribute("path.front-polygon", "d"),
           "occupied": page.locator("path.settlement-occupied").count(),
           "events": page.get_attribute("#map", "data-events")}
    _shot(page, "slider-2025-12")
    assert (july["snap"], dec["snap"]) == ("2025-07-15", "2025-12-09")
    assert july["poly"] != dec["poly"]
    assert dec["occupied"] > july["occupied"]  # Siversk falls inside on 2025-12-09
    assert int(dec["events"]) > int(july["events"])  # the November report appears


def test_clicking_an_event_shows_evidence_and_sources(page) -> None:
    row = page.locator("#events-table tbody tr", has_text="TASS").first
    row.click()
    page.wait_for_selector("#details .evidence-view .hl-evidence")
    evidence = page.text_content("#details .hl-evidence")
    event_id = row.get_attribute("data-event")
    assert evidence == page.evaluate(
        "id => fetch('/api/events/' + id).then(r => r.json()).then(d => d.event.evidence.text)",
        event_id)
    chain = page.locator("#details ol.chain li").all_text_contents()
    assert chain[0].startswith("TASS")
    page.click("#details a.button:has-text('whole document')")
    page.wait_for_selector("#details .doc-text .hl-place")
    _shot(page, "evidence")
    # and the same from the map: clicking an event marker
    page.locator("path.event-marker").first.click(force=True)
    page.wait_for_selector("#details .evidence-view")


def test_clicking_a_settlement_shows_its_control_timeline(page) -> None:
    page.locator("path.place-geonames_694403").dispatch_event("click")
    page.wait_for_selector("#details .periods li[data-status=occupied]")
    text = page.text_content("#details .periods")
    assert "2025-12-09" in text and "not occupied" in text
    _shot(page, "control-timeline")


def test_markup_in_a_document_stays_inert(page) -> None:
    page.locator("#events-table tbody tr", has_text="Rybar").first.click()
    page.wait_for_selector("#details .hl-evidence")
    page.click("#details a.button:has-text('whole document')")
    page.wait_for_selector("#details .doc-text")
    text = page.text_content("#details .doc-text")
    assert XSS_SCRIPT in text and XSS_MARKUP in text
    assert XSS_SOURCE in page.text_content("#events-table")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("#details img, #details script, #details b, #events-table b").count() == 0
    page.locator("#events-table tbody tr", has_text="Rybar").first.hover()
    _shot(page, "xss-inert")


def test_no_asset_comes_from_a_cdn() -> None:
    static = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "web" / "static"
    html = (static / "index.html").read_text()
    assert "http://" not in html and "https://" not in html
    for name in ("app.js", "dom.js"):
        code = (static / name).read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, (name, sink)
    leaflet = (static / "vendor" / "leaflet" / "leaflet.js").read_text()
    assert "Leaflet 1.9.4" in leaflet[:300]
