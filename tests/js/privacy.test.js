/* What an `approximate` place may publish, through the editor's ports (editor-core.js):
   its point rounded (tests/data/privacy_rounding.json) and its address cut to 町丁目
   (tests/data/addresses.json). tests/test_shared_tables.py and tests/test_privacy.py run
   generator/model/privacy.py on the same tables. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, table, editorData } = require("./browser.js");

const { AtlasEditorCore: C } = load(["editor-core.js"], { ATLAS_EDITOR_DATA: editorData() });
const ROUNDING = table("privacy_rounding.json");
const ADDRESSES = table("addresses.json");

test("privacy: the editor rounds to as many decimals as the table", () => {
  assert.equal(C.data.privacy.decimals, ROUNDING.decimals);
});

for (const c of ROUNDING.cases) {
  test(`privacy rounding: ${c.why}`, () => {
    // strict equality here is Object.is: -0 and 0 differ
    assert.equal(C.roundApproximate(c.x), c.rounded);
    assert.equal(C.roundApproximate(-c.x), -c.rounded);
  });
}

for (const row of ADDRESSES) {
  test(`privacy address: ${row.shape}`, () => {
    assert.equal(C.approximateAddress(row.address), row.cut);
    assert.equal(C.approximateAddress(row.cut), row.cut);
  });
}
