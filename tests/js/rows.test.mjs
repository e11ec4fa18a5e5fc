/* tests/data/csv_cells.json through site_templates/js/rows/text.js (assets/atlas-rows.js: the
   browser's 「CSV で保存」: formula cells neutralised, cells quoted), imported as the module
   itself; tests/test_shared_tables.py writes the same cells as the site's CSV. */
import assert from "node:assert/strict";
import test from "node:test";
import * as AtlasRows from "../../site_templates/js/rows/text.js";
import browser from "./browser.js";

const TABLE = browser.table("csv_cells.json");

for (const c of TABLE.cases) {
  test(`csv cell: ${c.why}`, () => {
    assert.equal(AtlasRows.csv([{ a: c.value, b: "x" }], ["a", "b"]), `\ufeffa,b\r\n${c.cell},x\r\n`);
  });
}
