/* The site's scripts that are ES modules (site_templates/js/), imported as the modules
   themselves (one file: node starts one process for them):
   - schedule.js (assets/atlas-filter.js: the district list's and the maps' 曜日・時間帯・
     「今日開いている」) on tests/data/schedule_rules.json, which tests/test_shared_tables.py runs
     through generator/model/schedule.py, and the markers' open words;
   - rows/text.js (assets/atlas-rows.js: the browser's 「CSV で保存」, formula cells
     neutralised, cells quoted) on tests/data/csv_cells.json, which tests/test_shared_tables.py
     writes as the site's CSV;
   - url.js (assets/atlas-url.js): clean() and params() by shape; it keeps its own copy of the schema's id pattern
     (common.schema.json#/$defs/id) for ids from a URL or storage: the two accept the same
     strings (the rest needs a page's location: tests/test_url.py runs its table in the browser);
   - district/points.js (a district map's points from the record: Python's round(), one schedule
     entry for identical rule lists), district/grid.js (the worksheet: code-point order as
     Python's sorted(), runs of adjacent states, lanes) and mylist/details.js (「持ち物」, as
     render/pages.py what_to_bring); the pages themselves are tested in the browser. */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { byCodePoint, gridRows, lanes } from "../../site_templates/js/district/grid.js";
import { points, round } from "../../site_templates/js/district/points.js";
import { bring } from "../../site_templates/js/mylist/details.js";
import * as AtlasRows from "../../site_templates/js/rows/text.js";
import * as AtlasFilter from "../../site_templates/js/schedule.js";
import * as AtlasUrl from "../../site_templates/js/url.js";
import browser from "./browser.js";

const { table, localDate, ROOT } = browser;

// ---- schedule ----

const SCHEDULES = table("schedule_rules.json");

for (const c of SCHEDULES.cases) {
  test(`schedule: ${c.why}`, () => {
    const rules = c.rules.map((name) => SCHEDULES.rules[name]);
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
    assert.equal(AtlasFilter.openWords(names.map((n) => SCHEDULES.rules[n]), date), words);
  });
}

// ---- rows ----

const CELLS = table("csv_cells.json");

for (const c of CELLS.cases) {
  test(`csv cell: ${c.why}`, () => {
    assert.equal(AtlasRows.csv([{ a: c.value, b: "x" }], ["a", "b"]), `\ufeffa,b\r\n${c.cell},x\r\n`);
  });
}

// ---- url ----

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "generator", "schemas", "common.schema.json"), "utf8"));
const ID = new RegExp(schema.$defs.id.pattern);

const SAMPLES = ["a", "0", "sample-district", "a-", "a".repeat(64), "a".repeat(65), "-a", "", "A", "aB", "a_b",
  "a.b", "a b", "a\n", "\na", "ａ", "١", "a/b", "..", "a%2f", "kayoinoba-131016-0001", null, 1, undefined];

test("url: atlas-url.js accepts an id exactly when the schema's pattern does", () => {
  assert.deepEqual(SAMPLES.map((s) => AtlasUrl.id(s)), SAMPLES.map((s) => typeof s === "string" && ID.test(s)));
  assert.ok(SAMPLES.some((s) => AtlasUrl.id(s)) && SAMPLES.some((s) => typeof s === "string" && !AtlasUrl.id(s)));
});

// url.js's clean() and params() need no page (params is given its query): by shape. [why, value, kept]
const CLEAN = [["a page of the site", "districts/x/", true], ["a page and its fragment", "districts/x/#r-1", true],
  ["a file", "resources/m-131016.js", true], ["empty", "", false], ["a scheme", "javascript:alert(1)", false],
  ["protocol-relative", "//evil.example/", false], ["absolute", "/districts/x/", false], ["a step up", "../x", false],
  ["a dot segment", "a/./b", false], ["a hidden name", ".git/config", false], ["an encoded slash", "a%2fb", false],
  ["a backslash", "a\\b", false], ["a query", "a/?q=1", false], ["an empty segment", "a//b", false],
  ["a space", "a b", false], ["a control character", "a\nb", false], ["a look-alike letter", "ａ/b", false],
  ["a fragment with a slash", "a#b/c", false], ["not a string", 7, false], ["too long", "a".repeat(2049), false]];
for (const [why, value, kept] of CLEAN) {
  test(`url clean: ${why}`, () => { assert.equal(AtlasUrl.clean(value), kept ? value : null); });
}

test("url params: the first of each name, decoded, + as a space; an undecodable pair left out; nothing inherited", () => {
  const p = AtlasUrl.params("?q=%E3%81%82+b&q=2&bad=%E0%A4%A&flag&toString=x&a%20b=c");
  assert.equal(Object.getPrototypeOf(p), null);
  assert.deepEqual(Object.keys(p).sort(), ["a b", "flag", "q", "toString"]);
  assert.deepEqual([p.q, p.flag, p.toString, p["a b"]], ["あ b", "", "x", "c"]);
  assert.deepEqual(Object.keys(AtlasUrl.params("")), []);
});

// ---- district ----

// [why, x, Python's round(x)]
const ROUNDS = [["a tie goes to the even number (up)", 2.5, 2], ["a tie goes to the even number (down)", 3.5, 4],
  ["a negative tie", -2.5, -2], ["not a tie", 2.4, 2], ["not a tie, above", 2.6, 3], ["an integer", 7, 7]];
for (const [why, x, want] of ROUNDS) {
  test(`district points: round: ${why}`, () => { assert.equal(round(x), want); });
}

const MAP = { c: [["salon", "サロン", "#f00"], ["gym", "体操", "#0f0"]], s: [["genki", "元気"], ["kyojaku", "虚弱"]],
  g: [[["r1", "昼"], ["r2", "夜"]], [["r1", "a"], ["r9", "b"]]] };
const RULE = { freq: "weekly", byday: ["MO"], opens: "10:00" };
const RECORD = { name: "地区", demo: true, resources: [
  { id: "r1", name: "A", category: "gym", target_states: ["kyojaku", "genki"], location: { lat: 35.000005, lon: 139.5 },
    schedule: { text: "月曜", rules: [RULE] } },
  { id: "r2", name: "B", category: "salon", target_states: [], address: "1-2", schedule: { text: "", rules: [{ opens: "10:00", byday: ["MO"], freq: "weekly" }] },
    location: { lat: 35.1, lon: 139.6, precision: "approximate" } },
  { id: "r3", name: "C", category: "salon", target_states: ["genki"], location: { precision: "hidden" } },
] };

test("district points: a point each resource with lat and lon, identical rule lists shared, groups by point", () => {
  const data = points(RECORD, MAP, "d-1", "131016");
  assert.deepEqual(data.p.map((p) => [p[0], p[1], p[2], p[3], p[5], p[6], p[7], p[8], p[9], p[10]]), [
    [3500000, 13950000, 1, 3, "A", "r1", 0, 1, "月曜", ""],
    [3510000, 13960000, 0, 0, "B", "r2", 1, 1, "", "1-2"],
  ]);
  assert.deepEqual(data.h, [[], [RULE]]);  // the same rules in another key order: one entry
  assert.deepEqual(data.g, [[[0, "昼"], [1, "夜"]]]);  // a group with one point on the map is none
  assert.deepEqual(data.d, [["地区", "", 1, "d-1", "131016"]]);
});

test("district grid: code-point order (an astral letter after U+FFxx), runs of adjacent states, lanes narrowest first", () => {
  assert.ok(byCodePoint("\uff21", "\ud840\udc0b") < 0 && byCodePoint("a", "ab") < 0 && byCodePoint("b", "a") > 0);
  const states = [["s1", "1"], ["s2", "2"], ["s3", "3"]];
  const record = { resources: [
    { id: "x", name: "\ud840\udc0b", category: "c", target_states: ["s1", "s2", "s3"] },
    { id: "y", name: "\uff21", category: "c", target_states: ["s3", "s1"] },
    { id: "z", name: "z", category: "other", target_states: ["s1"] },
  ] };
  const [row] = gridRows(record, [["c", "C"]], states);
  assert.deepEqual(row.order, ["1/2", "3/4", "1/4"]);  // y (first in code-point order) has two runs
  assert.deepEqual(lanes(row).map((l) => [l.start, l.end, l.entries.map((e) => e.res.id)]),
    [[1, 2, ["y"]], [3, 4, ["y"]], [1, 4, ["x"]]]);
  assert.deepEqual(row.spans["1/2"].entries[0].states.map((s) => s[0]), ["s3", "s1"]);  // the record's order
  assert.deepEqual(row.covered, { 0: true, 1: true, 2: true });
});

// [why, 元の一覧の項目, 持ち物]
const BRING = [["a 持ち物 line", "持ち物: タオル", "タオル"], ["持参 in the label", "持参するもの: 上履き\n定員: 10", "上履き"],
  ["two lines", "持ち物: 水筒\n持参品: 筆記用具", "水筒／筆記用具"], ["an empty value", "持ち物: ", ""],
  ["the word only in the value", "備考: 持ち物なし", ""], ["nothing", "", ""], ["no label", ": 持ち物", ""]];
for (const [why, fields, want] of BRING) {
  test(`mylist bring: ${why}`, () => { assert.equal(bring(fields), want); });
}
