"""Markup in stored text must stay text on the map page: real headless Chromium (Debian's)
over a real server on loopback.

Payloads sit in every string the page shows: document titles and text, source names (events
table, source chain, sources tab, marker tooltips), place names (map labels, details), actor
names, the document's source and URL, the evidence. After clicking through every view the
page must have raised no dialog, run none of the payloads' code, and hold no element or
event-handler attribute that a payload would have created. test_web_map.py covers the seed
store's one hostile document; this covers every field.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.api import create_app
from sitrep.ingest.common import make_document
from sitrep.model import (Actor, Analysis, Event, EventLocation, Place, PlaceMention, Source,
                          Span, TimeExpr)
from sitrep.settings import Settings
from sitrep.store.sqlite import SQLiteStore

from test_api_seedstore import running_server

pytestmark = pytest.mark.integration

PAYLOADS = {
    "title": '<img src=x onerror="alert(1);window.__xss=\'title\'">',
    "text": "<script>alert(2);window.__xss='text'</script>",
    "source": "<svg onload=\"alert(3);window.__xss='source'\"><b>Rybar</b></svg>",
    "place": "<iframe srcdoc=\"<script>parent.__xss='place'</script>\"></iframe>Kupiansk",
    "actor": "<a href=\"javascript:alert(4)\" onmouseover=\"window.__xss='actor'\">units</a>",
    "doc_source": "<details open ontoggle=\"alert(5);window.__xss='doc_source'\">",
    "url": "javascript:alert(6)//<img src=x onerror=alert(6)>",
    "evidence": "'\"><img src=x onerror=alert(7)>{{constructor.constructor('alert(8)')()}}",
}
PLACE = Place("geonames:704508", PAYLOADS["place"], "settlement", 49.71055, 37.61517, 704508,
              "05", "UA")


def hostile_analysis(i: int) -> Analysis:
    text = (f"{PAYLOADS['text']} Report {i}: {PAYLOADS['actor']} advanced near Kupiansk "
            f"{PAYLOADS['evidence']} on October {i + 1}. Nothing else.")
    doc = make_document(f"xss-{i}", f"{PAYLOADS['title']} #{i}", text,
                        published=date(2025, 10, i + 1), source=PAYLOADS["doc_source"],
                        url=PAYLOADS["url"])
    start = text.index("Report")
    end = text.index("Nothing")
    evidence = Span(doc.doc_id, start, end, text[start:end])
    at = text.index("Kupiansk")
    mention = PlaceMention(Span(doc.doc_id, at, at + 8, "Kupiansk"), PLACE, 0.9, 1)
    event = Event(f"xss{i:04d}", doc.doc_id, ("advance", "strike")[i % 2], "Battles",
                  "Armed clash", EventLocation(PLACE, 1), TimeExpr(date(2025, 10, i + 1), "day"),
                  (Actor(PAYLOADS["actor"], "RU"),),
                  (Source(PAYLOADS["source"], "outlet"), Source(PAYLOADS["title"], "speaker")),
                  "claimed", evidence)
    return Analysis(doc, mentions=(mention,), events=(event,))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xss")
    store = SQLiteStore(tmp / "x.db")
    for i in range(3):
        a = hostile_analysis(i)
        store.add_document(a.document)
        store.save_analysis(a)
    settings = Settings(store=str(tmp / "x.db"), cache_dir=str(tmp))
    with running_server(create_app(store, settings)) as base:
        yield base
    store.close()


@pytest.fixture()
def page(browser, site):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith((site, "data:")) else outside.append(r.url))
    pg.goto(site + "/")
    pg.wait_for_selector("body[data-ready]", timeout=20_000)
    assert pg.get_attribute("body", "data-ready") == "true", pg.text_content("#status")
    yield pg
    pg.wait_for_timeout(300)  # let any delayed handler (onerror of a broken image) fire
    assert dialogs == [] and outside == []
    context.close()


INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) if (a.name.startsWith('on')) found.push(el.tagName + '@' + a.name);
    const href = el.getAttribute('href') || el.getAttribute('src') || '';
    if (/^\\s*javascript:/i.test(href)) found.push(el.tagName + ' ' + href);
  }
  for (const sel of ['img[src="x"]', 'iframe', 'svg[onload]', 'details[ontoggle]', 'script:not([src])',
                     '#panel b', '.leaflet-tooltip b', 'a[href^="javascript"]'])
    for (const el of document.querySelectorAll(sel)) found.push(sel);
  return found;
}"""


def _inert(pg) -> None:
    assert pg.evaluate("() => window.__xss") is None
    assert pg.evaluate(INJECTED) == []


def test_security_xss_every_view_stays_inert(page) -> None:
    table = page.text_content("#events-table")
    assert PAYLOADS["source"] in table and "Kupiansk" in table
    _inert(page)
    for i in range(page.locator("#events-table tbody tr").count()):
        page.locator("#events-table tbody tr").nth(i).click()
        page.wait_for_selector("#details .evidence-view .hl-evidence")
        details = page.text_content("#details")
        assert PAYLOADS["title"] in details and PAYLOADS["actor"] in details
        _inert(page)
    page.click("#details a.button:has-text('whole document')")
    page.wait_for_selector("#details .doc-text .hl-place")
    doc_view = page.text_content("#details")
    for key in ("text", "evidence", "doc_source", "url"):
        assert PAYLOADS[key] in doc_view, key
    _inert(page)
    page.locator("path.settlement-marker").first.dispatch_event("click")
    page.wait_for_selector("#details .control, #details p.muted")
    page.wait_for_function("t => document.getElementById('details-title').textContent === t",
                           arg=PAYLOADS["place"])
    _inert(page)
    page.click(".tabs button[data-tab=sources]")
    assert PAYLOADS["source"] in page.text_content("#sources-table")
    _inert(page)


def test_security_xss_tooltips_and_labels_stay_text(page) -> None:
    labels = page.locator(".place-label").all_text_contents()
    assert any(PAYLOADS["place"] in t for t in labels)
    for marker in page.locator("path.event-marker").all():
        marker.hover(force=True)
        page.wait_for_selector(".leaflet-tooltip:not(.place-label)")
        assert PAYLOADS["source"] in page.text_content(".leaflet-tooltip:not(.place-label)")
        _inert(page)


def test_security_xss_filter_inputs_are_not_markup(page) -> None:
    """A payload typed into a filter goes to the API as a parameter and matches nothing;
    a stored name that is markup is matched as the text it is."""
    page.fill("#f-source", PAYLOADS["title"])  # the title is also a speaker's name
    page.dispatch_event("#f-source", "change")
    page.wait_for_function("() => document.getElementById('events-count').textContent === '(3)'")
    page.fill("#f-source", "<img src=x onerror=\"alert(9);window.__xss='filter'\">")
    page.dispatch_event("#f-source", "change")
    page.wait_for_function("() => document.getElementById('events-count').textContent === '(0)'")
    href = page.get_attribute("#x-jsonl", "href")
    assert href.startswith("/api/export?") and "<" not in href
    _inert(page)
