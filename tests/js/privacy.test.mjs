/* What an `approximate` place may publish, through the editor's ports
   (site_templates/js/editor/privacy.js, imported as the module itself): its point rounded
   (tests/data/privacy_rounding.json) and its address cut to 町丁目 (tests/data/addresses.json).
   tests/test_shared_tables.py and tests/test_privacy.py run generator/model/privacy.py on the
   same tables. */
import "./editor-data.mjs";
import assert from "node:assert/strict";
import test from "node:test";
import { D } from "../../site_templates/js/editor/data.js";
import { approximateAddress, roundApproximate } from "../../site_templates/js/editor/privacy.js";
import browser from "./browser.js";

const ROUNDING = browser.table("privacy_rounding.json");
const ADDRESSES = browser.table("addresses.json");

test("privacy: the editor rounds to as many decimals as the table", () => {
  assert.equal(D.privacy.decimals, ROUNDING.decimals);
});

for (const c of ROUNDING.cases) {
  test(`privacy rounding: ${c.why}`, () => {
    // strict equality here is Object.is: -0 and 0 differ
    assert.equal(roundApproximate(c.x), c.rounded);
    assert.equal(roundApproximate(-c.x), -c.rounded);
  });
}

for (const row of ADDRESSES) {
  test(`privacy address: ${row.shape}`, () => {
    assert.equal(approximateAddress(row.address), row.cut);
    assert.equal(approximateAddress(row.cut), row.cut);
  });
}
