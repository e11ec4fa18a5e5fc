/* What the node tests of tests/js/ share: the shared case tables of tests/data/ and the
   editor's data as the built site holds it. The scripts themselves are ES modules
   (site_templates/js/) that the tests import directly; pages are tested in the browser
   tests (tests/test_*_browser.py). */
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

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

module.exports = { table, editorData, localDate, ROOT };
