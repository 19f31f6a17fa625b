// The map page: events and settlements over the occupied territory of the chosen day.
"use strict";

const DAY_MS = 86400000;
const state = { meta: null, days: [], events: [], places: [], map: null, layers: {}, selected: null };

const $ = (id) => document.getElementById(id);
const iso = (d) => d.toISOString().slice(0, 10);
const dayAt = (i) => state.days[Math.max(0, Math.min(state.days.length - 1, i))];

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}

function setStatus(text) { $("status").textContent = text; }

// ---- time axis -------------------------------------------------------------
function buildDays(meta) {
  const ends = [meta.frontline_first, meta.frontline_last, meta.event_date_min, meta.event_date_max]
    .filter(Boolean).sort();
  const first = new Date((ends[0] || iso(new Date())) + "T00:00:00Z");
  const last = new Date((ends[ends.length - 1] || iso(new Date())) + "T00:00:00Z");
  const days = [];
  for (let t = first.getTime(); t <= last.getTime(); t += DAY_MS) days.push(iso(new Date(t)));
  return days;
}

function currentDay() { return dayAt(Number($("day-slider").value)); }

function setDay(day) {
  let i = state.days.indexOf(day);
  if (i < 0) i = day < state.days[0] ? 0 : state.days.length - 1;
  $("day-slider").value = String(i);
  onDayChanged();
}

let dayTimer = null;
function onDayChanged() {
  $("day-input").value = currentDay();
  clearTimeout(dayTimer);
  dayTimer = setTimeout(refreshDay, 120);  // a dragged slider fires many events
}

// ---- map ------------------------------------------------------------------------
function initMap() {
  const map = L.map("map", { zoomSnap: 0.5, preferCanvas: false }).setView([48.5, 37.5], 7);
  state.map = map;
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    { maxZoom: 17, attribution: "© OpenStreetMap contributors" });  // online: off by default
  const grid = L.layerGroup();
  for (let lat = 44; lat <= 53; lat++) grid.addLayer(L.polyline([[lat, 21], [lat, 41]], { color: "#b8c4cc", weight: 1, interactive: false }));
  for (let lon = 22; lon <= 41; lon++) grid.addLayer(L.polyline([[43.5, lon], [53, lon]], { color: "#b8c4cc", weight: 1, interactive: false }));
  state.layers = { grid: grid.addTo(map), front: L.layerGroup().addTo(map),
    places: L.layerGroup().addTo(map), events: L.layerGroup().addTo(map) };
  L.control.layers(null, { "OpenStreetMap tiles (online)": osm, "Graticule": state.layers.grid,
    "Occupied territory": state.layers.front, "Settlements": state.layers.places,
    "Events": state.layers.events }, { collapsed: false }).addTo(map);
  L.control.scale().addTo(map);
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => el("div", { class: "legend" },
    el("div", {}, el("span", { class: "swatch occupied" }), "settlement inside the occupied territory"),
    el("div", {}, el("span", { class: "swatch free" }), "settlement outside it"),
    el("div", {}, el("span", { class: "swatch area" }), "occupied territory (DeepStateMap)"),
    el("div", { class: "muted" }, "small dots: events, coloured by type; click for evidence"));
  legend.addTo(map);
}

async function refreshDay() {
  const day = currentDay();
  setStatus("loading " + day + " …");
  const [front, places] = await Promise.all([
    state.meta.frontline ? fetch("/api/frontline/" + day).then((r) => (r.ok ? r.json() : null)) : null,
    api("/api/places?limit=1000&with_events=true&day=" + day),
  ]);
  drawFront(front);
  state.places = places.items;
  drawPlaces();
  drawEvents();
  document.body.dataset.day = day;
  setStatus("");
}

function drawFront(feature) {
  state.layers.front.clearLayers();
  const label = feature ? "front line of " + feature.properties.date : (state.meta.frontline ? "no front-line snapshot yet" : "no front-line data loaded");
  $("snapshot-label").textContent = label;
  $("map").dataset.snapshot = feature ? feature.properties.date : "";
  if (!feature) return;
  L.geoJSON(feature, { interactive: false, style: { color: "#b02a2a", weight: 1.5, fillColor: "#d9534f", fillOpacity: 0.25, className: "front-polygon" } })
    .addTo(state.layers.front);
}

function tooltip(...lines) { return el("div", {}, lines.map((l, i) => (i ? el("div", { class: "muted" }, l) : el("strong", {}, l)))); }

function drawPlaces() {
  state.layers.places.clearLayers();
  for (const p of state.places) {
    if (p.lat === null || p.lon === null) continue;
    const status = p.occupied === null ? "unknown" : p.occupied ? "occupied" : "free";
    const color = { occupied: "#b02a2a", free: "#1f6fb2", unknown: "#666" }[status];
    L.circleMarker([p.lat, p.lon], { radius: 7, color, weight: 2, fillColor: "#fff", fillOpacity: 1,
      className: "settlement-marker settlement-" + status + " place-" + p.place_id.replace(/[^A-Za-z0-9_-]/g, "_") })
      .bindTooltip(el("span", { title: status === "unknown" ? "control unknown" : status + " on " + currentDay() }, p.name),
        { permanent: true, direction: "right", offset: [8, 0], className: "place-label" })
      .on("click", () => showPlace(p.place_id))
      .addTo(state.layers.places);
  }
}

function visibleEvents() {
  const day = currentDay();
  const undated = $("f-undated").checked;
  return state.events.filter((e) => (e.date.value ? e.date.value <= day : undated));
}

const TYPE_COLORS = { advance: "#e67e22", capture: "#c0392b", withdrawal: "#2980b9", positions: "#8e44ad",
  clash: "#d35400", strike: "#7f0000", surrender: "#16a085", evacuation: "#27ae60", encirclement: "#f1c40f" };

function drawEvents() {
  state.layers.events.clearLayers();
  const shown = visibleEvents();
  const byPlace = new Map();
  for (const e of shown) {
    if (e.lat === null || e.lon === null) continue;
    const key = e.lat + "," + e.lon;
    byPlace.set(key, [...(byPlace.get(key) || []), e]);
  }
  for (const group of byPlace.values()) {
    group.forEach((e, i) => {
      // events at one place sit on a small ring around it, so each stays clickable
      const angle = (2 * Math.PI * i) / group.length;
      const r = group.length > 1 ? 0.02 + 0.002 * group.length : 0;
      const latlng = [e.lat + r * Math.sin(angle), e.lon + 1.5 * r * Math.cos(angle)];
      L.circleMarker(latlng, { radius: 5, weight: 1, color: "#222", fillColor: TYPE_COLORS[e.type] || "#555", fillOpacity: 0.9,
        className: "event-marker event-" + e.event_id })
        .bindTooltip(tooltip(e.type + " — " + (e.place_name || "?"), (e.date.value || "undated") + " · " + e.modality,
          "per " + (e.attribution.map((s) => s.name).join(" ← ") || "(unattributed)")))
        .on("click", () => showEvent(e.event_id))
        .addTo(state.layers.events);
    });
  }
  $("map").dataset.events = String(state.layers.events.getLayers().length);
  renderEventTable(shown);
}

// ---- filters and ledger ----------------------------------------------------------
function filterParams() {
  const p = new URLSearchParams();
  for (const [id, name] of [["f-type", "type"], ["f-modality", "modality"], ["f-side", "side"], ["f-source", "source"], ["f-place", "place"], ["f-cred", "min_credibility"]]) {
    const v = $(id).value.trim();
    if (v && !$(id).disabled) p.set(name, v);
  }
  if (!$("f-background").checked) p.set("include_background", "false");
  return p;
}

async function loadEvents() {
  const params = filterParams();
  const all = [];
  params.set("limit", "1000");
  // pages by key (next_cursor): each page is an index range, however deep
  for (let cursor = ""; cursor !== null && all.length < 20000;) {
    if (cursor) params.set("cursor", cursor);
    const page = await api("/api/events?" + params);
    all.push(...page.items);
    cursor = page.next_cursor;
  }
  state.events = all;
  for (const fmt of ["acled", "geojson", "jsonl"]) {
    const x = new URLSearchParams(filterParams()); x.set("format", fmt);
    $("x-" + fmt).setAttribute("href", "/api/export?" + x);
  }
  drawEvents();
}

function renderEventTable(shown) {
  const body = clear($("events-table").tBodies[0]);
  $("events-count").textContent = "(" + shown.length + ")";
  for (const e of shown) {
    body.appendChild(el("tr", { "data-event": e.event_id, class: e.event_id === state.selected ? "selected" : null, onclick: () => showEvent(e.event_id) },
      el("td", {}, e.date.value ? e.date.value.slice(0, e.date.precision === "month" ? 7 : 10) : "—"),
      el("td", {}, e.type), el("td", {}, e.place_name || "—"), el("td", {}, badge(e.modality)),
      el("td", {}, e.attribution.map((s) => s.name).join(" ← ") || "—")));
  }
}

async function loadLedger() {
  const [sources, checks] = await Promise.all([api("/api/sources"), api("/api/checks")]);
  const body = clear($("sources-table").tBodies[0]);
  for (const s of sources) {
    body.appendChild(el("tr", { onclick: () => { $("f-source").value = s.name; loadEvents(); } },
      el("td", {}, s.name), el("td", {}, s.roles.join(", ")), el("td", {}, s.events), el("td", {}, s.documents), el("td", {}, s.grade || "—")));
  }
  const list = clear($("checks-list"));
  if (!checks.ledger) list.appendChild(el("li", { class: "muted" }, "No ledger loaded: checks appear once the ledger has run."));
  for (const c of checks.items) list.appendChild(el("li", {}, badge(c.verdict), c.kind + ": ", c.why));
}

// ---- detail views ------------------------------------------------------------------
function showDetails(title, ...content) {
  $("details").hidden = false;
  $("details-title").textContent = title;
  clear($("details-body")).append(...content);
  $("details").scrollIntoView({ block: "nearest" });
}

async function showEvent(eventId) {
  state.selected = eventId;
  const d = await api("/api/events/" + encodeURIComponent(eventId));
  const e = d.event;
  const rel = (h) => ({ ...h, start: h.start - d.context.start, end: h.end - d.context.start });
  const evidence = rel({ start: e.evidence.start, end: e.evidence.end, kind: "evidence", ref: e.event_id, label: "evidence" });
  const docLink = el("a", { class: "button", onclick: () => showDocument(e.doc_id, e.event_id) }, "open the whole document");
  showDetails(e.type + (e.place_name ? " — " + e.place_name : ""),
    el("p", {}, badge(e.modality), e.date.value ? "dated " + e.date.value + " (" + e.date.precision + ")" : "undated",
      e.actors.length ? " · actors: " + e.actors.map((a) => a.name + (a.side ? " [" + a.side + "]" : "")).join(", ") : ""),
    el("h3", {}, "Source chain (outlet first)"), chainList(e.attribution),
    el("h3", {}, "Evidence in ", el("em", {}, d.document.title)),
    el("div", { class: "evidence-view" }, highlighted(d.context.text, [evidence], e.event_id)), docLink,
    el("h3", {}, "Claims"), el("ul", {}, d.claims.map((c) => el("li", {}, badge(c.modality), c.statement, " — per ", c.by.map((s) => s.name).join(" ← ") || "unattributed", c.status ? " (" + c.status + ")" : ""))),
    el("h3", {}, "Checks"), d.checks.length ? el("ul", {}, d.checks.map((c) => el("li", {}, badge(c.verdict), c.kind + ": " + c.why))) : el("p", { class: "muted" }, d.ledger ? "no checks" : "no ledger loaded"));
  document.querySelectorAll("#events-table tr.selected").forEach((r) => r.classList.remove("selected"));
  const row = document.querySelector('#events-table tr[data-event="' + CSS.escape(eventId) + '"]');
  if (row) row.classList.add("selected");
}

async function showDocument(docId, currentRef) {
  const d = await api("/api/documents/" + encodeURIComponent(docId));
  showDetails(d.title || d.input_id,
    el("p", { class: "muted" }, [d.source, d.published, d.url].filter(Boolean).join(" · ") || d.input_id),
    highlighted(d.text, d.highlights, currentRef),
    el("p", { class: "muted" }, "Yellow: event evidence; underlined: places."));
}

async function showPlace(placeId) {
  const d = await api("/api/places/" + encodeURIComponent(placeId));
  const p = d.place;
  showDetails(p.name, el("p", { class: "muted" }, [p.kind, p.admin1, p.country, p.lat !== null ? p.lat.toFixed(4) + ", " + p.lon.toFixed(4) : null].filter(Boolean).join(" · ")),
    el("h3", {}, "Control timeline"), controlTimeline(d.control), el("p", { class: "muted" }, d.control_note),
    el("h3", {}, "Events here"), el("ul", {}, d.events.map((e) => el("li", {}, el("a", { class: "button", onclick: () => showEvent(e.event_id) }, e.type), " ", badge(e.modality), (e.date.value || "undated"), " — per ", e.attribution.map((s) => s.name).join(" ← ") || "unattributed"))));
}

function controlTimeline(periods) {
  if (!periods.length) return el("p", { class: "muted" }, "no control data");
  const end = state.meta.frontline_last || iso(new Date());
  const t = (s) => new Date((s || end) + "T00:00:00Z").getTime();
  const total = Math.max(1, t(end) - t(periods[0].start));
  const bar = el("div", { class: "timeline", role: "img", "aria-label": "control timeline" });
  for (const p of periods) {
    const seg = el("div", { class: p.status === "occupied" ? "occupied" : "free", title: p.status + " from " + p.start });
    seg.style.width = (100 * (t(p.end) - t(p.start)) / total) + "%";
    bar.appendChild(seg);
  }
  const list = el("ul", { class: "periods" }, periods.map((p) => el("li", { "data-status": p.status },
    (p.start_uncertain ? "≤ " : "") + p.start + " → " + (p.end || "now") + ": " + p.status)));
  return el("div", { class: "control" }, bar, list, el("p", { class: "muted" }, "basis: " + (periods[0].basis || "")));
}

// ---- start -----------------------------------------------------------------------------
function fillSelect(id, values) { for (const v of values) $(id).appendChild(el("option", { value: v }, v)); }

async function start() {
  initMap();
  state.meta = await api("/api/meta");
  fillSelect("f-type", state.meta.event_types);
  fillSelect("f-modality", state.meta.modalities);
  fillSelect("f-side", state.meta.sides);
  $("f-cred").disabled = !state.meta.ledger;
  state.days = buildDays(state.meta);
  const slider = $("day-slider");
  slider.max = String(state.days.length - 1);
  slider.value = slider.max;
  $("day-input").min = state.days[0]; $("day-input").max = state.days[state.days.length - 1];
  slider.addEventListener("input", onDayChanged);
  $("day-input").addEventListener("change", () => setDay($("day-input").value));
  for (const id of ["f-type", "f-modality", "f-side", "f-source", "f-place", "f-cred", "f-background"]) $(id).addEventListener("change", loadEvents);
  $("f-undated").addEventListener("change", drawEvents);
  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll(".tabs button").forEach((x) => x.classList.toggle("active", x === b));
    document.querySelectorAll(".tab").forEach((t) => { t.hidden = t.id !== "tab-" + b.dataset.tab; });
  }));
  $("day-input").value = currentDay();
  await Promise.all([loadEvents(), loadLedger(), refreshDay()]);
  const located = state.places.filter((p) => p.lat !== null);
  if (located.length) state.map.fitBounds(L.latLngBounds(located.map((p) => [p.lat, p.lon])).pad(0.6), { maxZoom: 10 });
  document.body.dataset.ready = "true";
}

start().catch((err) => { setStatus("error: " + err.message); document.body.dataset.ready = "error"; });
