/* Loads the site's browser scripts (site_templates/assets/*.js: ES5, plain <script>s that
   put their API on `window`) into a sandbox with Node's vm, as a page would load them, and
   reads the shared case tables of tests/data/. No DOM: only scripts whose API is pure logic
   are loaded here; pages are tested in the browser tests (tests/test_*_browser.py). */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const ASSETS = path.join(ROOT, "site_templates", "assets");

/** A window with the given scripts run in it, in order; `globals` are set first
    (window.ATLAS_EDITOR_DATA and the like). Each script runs as the body of a function of
    `window` and `document` in this realm, so what it returns is compared as plain values.
    A script that stops early when its page is missing (no form, no map) still leaves what
    it put on window before that. */
function load(scripts, globals) {
  const window = Object.assign({}, globals || {});
  const document = { getElementById: () => null, querySelector: () => null, querySelectorAll: () => [] };
  window.window = window;
  window.document = document;
  for (const name of scripts) {
    const file = path.join(ASSETS, name);
    vm.compileFunction(fs.readFileSync(file, "utf8"), ["window", "document"], { filename: file })(window, document);
  }
  return window;
}

/** A table of tests/data/ (JSON). */
function table(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "tests", "data", name), "utf8"));
}

/** The editor's data script (generator/render/editor.py editor_script), as the site built
    from it: $ATLAS_EDITOR_DATA (tests/test_js.py gives the fixture site's), else the
    repository's own built site (./setup.sh builds it). Its `window.ATLAS_EDITOR_DATA`. */
function editorData() {
  const file = process.env.ATLAS_EDITOR_DATA || path.join(ROOT, "site", "editor", "data.js");
  if (!fs.existsSync(file)) {
    throw new Error(`${file} がありません: python -m generator build でサイトを作ってから実行してください`);
  }
  const text = fs.readFileSync(file, "utf8").trim();
  const prefix = "window.ATLAS_EDITOR_DATA=";
  if (!text.startsWith(prefix) || !text.endsWith(";")) { throw new Error(`${file}: not the editor's data script`); }
  return JSON.parse(text.slice(prefix.length, -1));
}

/** A table's ISO date (YYYY-MM-DD) as the browser's local Date of that day. */
function localDate(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d, 12);
}

module.exports = { load, table, editorData, localDate, ROOT, ASSETS };
