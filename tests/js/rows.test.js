/* tests/data/csv_cells.json through atlas-rows.js (the browser's 「CSV で保存」: formula cells
   neutralised, cells quoted); tests/test_shared_tables.py writes the same cells as the site's CSV. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, table } = require("./browser.js");

const { AtlasRows } = load(["atlas-rows.js"]);
const TABLE = table("csv_cells.json");

for (const c of TABLE.cases) {
  test(`csv cell: ${c.why}`, () => {
    assert.equal(AtlasRows.csv([{ a: c.value, b: "x" }], ["a", "b"]), `\ufeffa,b\r\n${c.cell},x\r\n`);
  });
}
