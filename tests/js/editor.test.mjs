/* The editor's checks, each module of site_templates/js/editor/ imported as itself: the ports of
   Python run on the shared case tables of tests/data/ (one node process for them all). */
import "./editor-data.mjs";
import assert from "node:assert/strict";
import browser from "./browser.js";
import test from "node:test";
import { D } from "../../site_templates/js/editor/data.js";
import { approximateAddress, roundApproximate } from "../../site_templates/js/editor/privacy.js";
import { ruleJa, suggestRules } from "../../site_templates/js/editor/schedule-text.js";

/* What an `approximate` place may publish, through the editor's ports
   (site_templates/js/editor/privacy.js, imported as the module itself): its point rounded
   (tests/data/privacy_rounding.json) and its address cut to 町丁目 (tests/data/addresses.json).
   tests/test_shared_tables.py and tests/test_privacy.py run generator/model/privacy.py on the
   same tables. */
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

/* A schedule typed as one line → rules (the suggestion under the editor's schedule text):
   site_templates/js/editor/schedule-text.js, imported as the module itself, on
   tests/data/schedule_text.json; tests/test_import_hours.py runs importers/hours.py's
   suggested_rules on the same table. And each suggested rule said back in Japanese. */
const SCHEDULE_TEXT = browser.table("schedule_text.json");

test("schedule text: the table has cases that give rules and cases that give none", () => {
  assert.ok(SCHEDULE_TEXT.some((c) => c.rules.length) && SCHEDULE_TEXT.some((c) => !c.rules.length));
});

for (const c of SCHEDULE_TEXT) {
  test(`schedule text: ${JSON.stringify(c.text)}`, () => {
    const rules = suggestRules(c.text);
    assert.deepEqual(rules, c.rules);
    for (const rule of rules) { assert.match(ruleJa(rule), /^毎(週|月) /); }
  });
}
