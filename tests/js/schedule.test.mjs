/* tests/data/schedule_rules.json through site_templates/js/schedule.js (assets/atlas-filter.js:
   the district list's and the maps' 曜日・時間帯・「今日開いている」), imported as the module
   itself; tests/test_shared_tables.py runs generator/model/schedule.py on it. */
import assert from "node:assert/strict";
import test from "node:test";
import * as AtlasFilter from "../../site_templates/js/schedule.js";
import browser from "./browser.js";

const { table, localDate } = browser;
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

// a map marker's open state in its name (atlas-map.js): the shapes of "now" against the rules
const OPEN_WORDS = [
  // [why, rules, local date and time, words]
  ["no rules (schedule only as text): nothing said", [], [2026, 11, 2, 10, 30], ""],
  ["open now, inside its hours", ["weekly MO・WE 10:00-12:00"], [2026, 11, 2, 10, 30], "いま開いています"],
  ["opens at the minute it opens", ["weekly MO・WE 10:00-12:00"], [2026, 11, 2, 10, 0], "いま開いています"],
  ["later today", ["weekly MO・WE 10:00-12:00"], [2026, 11, 2, 9, 0], "今日 10:00〜12:00"],
  ["over at its closing minute", ["weekly MO・WE 10:00-12:00"], [2026, 11, 2, 12, 0], "今日 10:00〜12:00（終わりました）"],
  ["not one of its days", ["weekly MO・WE 10:00-12:00"], [2026, 11, 3, 10, 30], "今日はお休み"],
  ["today without hours", ["monthly last SU"], [2026, 11, 29, 10, 0], "今日 時間は未定"],
  ["monthly, not this week's occurrence", ["monthly 1st・3rd SU 13:30-15:30"], [2026, 11, 8, 14, 0], "今日はお休み"],
  ["two rules, the second open now", ["monthly last SU", "monthly 1st・3rd SU 13:30-15:30"], [2026, 11, 1, 14, 0],
   "いま開いています"],
];
for (const [why, names, at, words] of OPEN_WORDS) {
  test(`open words: ${why}`, () => {
    const date = new Date(at[0], at[1] - 1, at[2], at[3], at[4]);
    assert.equal(AtlasFilter.openWords(names.map((n) => TABLE.rules[n]), date), words);
  });
}
