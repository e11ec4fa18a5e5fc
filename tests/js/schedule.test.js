/* tests/data/schedule_rules.json through atlas-filter.js (the district list's and the maps'
   曜日・時間帯・「今日開いている」); tests/test_shared_tables.py runs generator/model/schedule.py on it. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, table, localDate } = require("./browser.js");

const { AtlasFilter } = load(["atlas-filter.js"]);
const TABLE = table("schedule_rules.json");

for (const c of TABLE.cases) {
  test(`schedule: ${c.why}`, () => {
    const rules = c.rules.map((name) => TABLE.rules[name]);
    const date = c.date ? localDate(c.date) : undefined;
    const filter = { day: c.day, time: c.time, today: Boolean(c.date) };
    assert.equal(AtlasFilter.scheduleMatches(rules, filter, date), c.match);
    if (date && !c.day && !c.time) {
      assert.equal(rules.some((r) => AtlasFilter.ruleOpenOn(r, date)), c.match);
    }
  });
}

test("schedule: a filter is active when one of its conditions is set", () => {
  assert.equal(AtlasFilter.active({ day: "", time: "", today: false }), false);
  for (const f of [{ day: "MO" }, { time: "pm" }, { today: true }]) {
    assert.equal(AtlasFilter.active(Object.assign({ day: "", time: "", today: false }, f)), true);
  }
});
