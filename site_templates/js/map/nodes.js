/* What every map shows as text, and its data: text reaches the page through DOM nodes and
   textContent only (Leaflet is given elements, or functions returning elements, never an
   HTML string); the points files (window.ATLAS_POINTS, generator/render/mapdata.py) are
   read here. */
import { el as element } from "../dom.js";

var SCALE = 100000;

// text as text nodes, a line break in it as <br> (so popups size to their longest line)
function text(parent, value) {
  var lines = String(value).split(/\r\n|\r|\n/);
  for (var i = 0; i < lines.length; i++) {
    if (i) { parent.appendChild(document.createElement("br")); }
    parent.appendChild(document.createTextNode(lines[i]));
  }
  return parent;
}

// an element with a class (none for "") and a text (its line breaks kept)
function el(tag, cls, value) {
  var e = element(tag, { "class": cls || null });
  if (value !== undefined) { text(e, value); }
  return e;
}

function line(box, cls, text) { box.appendChild(el("div", cls, text)); }

// a link to a page the map data names (made by the build: its folder links get index.html
// on file://, atlas-url.js)
function link(text, href) {
  var a = el("a", "", text);
  a.href = window.AtlasUrl.pageUrl(href);
  a.target = "_parent"; // the page around the map, or the map itself when opened alone
  return a;
}

function source(src) { return typeof src === "string" ? (window.ATLAS_POINTS || {})[src] : src; }

function latLng(p) { return [p[0] / SCALE, p[1] / SCALE]; }

export { SCALE, el, latLng, line, link, source, text };
