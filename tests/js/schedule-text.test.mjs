/* A schedule typed as one line → rules (the suggestion under the editor's schedule text):
   site_templates/js/editor/schedule-text.js, imported as the module itself, on
   tests/data/schedule_text.json; tests/test_import_hours.py runs importers/hours.py's
   suggested_rules on the same table. And each suggested rule said back in Japanese. */
import "./editor-data.mjs";
import assert from "node:assert/strict";
import test from "node:test";
import { ruleJa, suggestRules } from "../../site_templates/js/editor/schedule-text.js";
import browser from "./browser.js";

const CASES = browser.table("schedule_text.json");

test("schedule text: the table has cases that give rules and cases that give none", () => {
  assert.ok(CASES.some((c) => c.rules.length) && CASES.some((c) => !c.rules.length));
});

for (const c of CASES) {
  test(`schedule text: ${JSON.stringify(c.text)}`, () => {
    const rules = suggestRules(c.text);
    assert.deepEqual(rules, c.rules);
    for (const rule of rules) { assert.match(ruleJa(rule), /^毎(週|月) /); }
  });
}
