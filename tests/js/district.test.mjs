/* The pure modules of the district page and マイリスト, imported as themselves: the map's
   points from the record (site_templates/js/district/points.js: Python's round(), the
   schedule table shared by identical rule lists), the worksheet's order and lanes
   (district/grid.js: code-point order as Python's sorted(), runs of adjacent states) and
   マイリスト's 「持ち物」 (mylist/details.js, render/pages.py what_to_bring). The pages
   themselves are tested in the browser (test_sheets.py, test_browser.py, test_a11y.py). */
import assert from "node:assert/strict";
import test from "node:test";
import { byCodePoint, gridRows, lanes } from "../../site_templates/js/district/grid.js";
import { points, round } from "../../site_templates/js/district/points.js";
import { bring } from "../../site_templates/js/mylist/details.js";

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
