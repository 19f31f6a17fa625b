// DOM helpers. Every string from the server (article text, titles, source names) is
// untrusted: it only ever becomes a Text node (createTextNode / textContent), never
// markup: nothing here parses a string as HTML.
"use strict";

const SAFE_ATTRS = new Set(["class", "title", "type", "value", "colspan", "role", "aria-label"]);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("data-") || SAFE_ATTRS.has(key)) node.setAttribute(key, String(value));
    else if (key === "onclick") node.addEventListener("click", value);
    else throw new Error("attribute not allowed: " + key);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// Split `text` at every highlight boundary; each piece is a Text node, wrapped in a
// <span> whose classes name the highlights covering it. Offsets index `text`.
function highlighted(text, highlights, currentRef) {
  const cuts = new Set([0, text.length]);
  for (const h of highlights) { cuts.add(h.start); cuts.add(h.end); }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = el("div", { class: "doc-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const over = highlights.filter((h) => h.start <= a && h.end >= b);
    const piece = text.slice(a, b);
    if (!over.length) { out.appendChild(document.createTextNode(piece)); continue; }
    const classes = over.map((h) => "hl-" + h.kind);
    if (currentRef && over.some((h) => h.ref === currentRef && h.kind === "evidence")) classes.push("hl-current");
    out.appendChild(el("span", { class: classes.join(" "), title: over.map((h) => h.label).join("; ") }, piece));
  }
  return out;
}

function chainList(links) {
  if (!links.length) return el("p", { class: "muted" }, "no source named");
  return el("ol", { class: "chain" }, links.map((s) => el("li", {}, s.name, el("span", { class: "role" }, s.role))));
}

function badge(text) { return el("span", { class: "badge " + String(text).replace(/[^a-z]/g, "") }, text); }
