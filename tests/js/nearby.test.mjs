/* tests/data/place_names.json through the place box's module (site_templates/js/near/names.js:
   the piece of a query, the hash of its file, and how a name or its reading matches);
   tests/test_nearby.py runs nearby.py on it. And by shape: the front door's distance words, its
   places from a points file (one per facility) and the words of their state. */
import assert from "node:assert/strict";
import test from "node:test";
import { byDistance, distanceText, metres } from "../../site_templates/js/near/distance.js";
import { hash, matchClass, pieceOf } from "../../site_templates/js/near/names.js";
import { placesOf } from "../../site_templates/js/near/places.js";
import { stateText } from "../../site_templates/js/near/results.js";
import { normalise } from "../../site_templates/js/text/normalise.js";
import browser from "./browser.js";

const TABLE = browser.table("place_names.json");
const typed = (text) => normalise(text).replace(/\s+/g, "");

for (const c of TABLE.pieces) {
  test(`place box piece: ${c.why}`, () => {
    const split = {};
    for (const piece of c.split) { split[piece] = true; }
    assert.equal(pieceOf(c.text, split), c.piece);
  });
}

test("place box: the hash of a piece chooses its file", () => {
  assert.deepEqual(TABLE.hashes.map((h) => hash(h.piece)), TABLE.hashes.map((h) => h.hash));
});

for (const c of TABLE.matches) {
  test(`place box match: ${c.why}`, () => {
    assert.equal(matchClass({ s: typed(c.name), r: typed(c.reading) }, typed(c.query)), c.class);
  });
}

// [metres, words]: tens of metres under 1 km, one decimal under 10 km, whole km beyond
const DISTANCES = [
  [0, "約 0 m"], [4, "約 0 m"], [5, "約 10 m"], [994, "約 990 m"], [995, "約 1000 m"],
  [1000, "約 1.0 km"], [1049, "約 1.0 km"], [1050, "約 1.1 km"], [9949, "約 9.9 km"],
  [9999, "約 10.0 km"], [10000, "約 10 km"], [12499, "約 12 km"], [123456, "約 123 km"],
];
for (const [m, words] of DISTANCES) {
  test(`front door distance: ${m} m`, () => { assert.equal(distanceText(m), words); });
}

test("front door: metres between points (0 at the same point, 1° of latitude ≈ 111 km, symmetric)", () => {
  assert.equal(metres(35, 139, 35, 139), 0);
  assert.ok(Math.abs(metres(35, 139, 36, 139) - 111195) < 100);
  assert.equal(metres(35, 139, 35.5, 139.5), metres(35.5, 139.5, 35, 139));
});

test("front door: boxes by their distance, a point inside its box at 0, nearest first", () => {
  // [code, south, west, north, east] in 1e-5 degrees
  const boxes = [["far", 3600000, 14000000, 3610000, 14010000], ["in", 3490000, 13890000, 3510000, 13910000],
                 ["near", 3510000, 13890000, 3520000, 13910000]];
  const out = byDistance(boxes, 35.0, 139.0);
  assert.deepEqual(out.map((b) => b.code), ["in", "near", "far"]);
  assert.equal(out[0].d, 0);
  assert.ok(Math.abs(out[1].d - metres(35.0, 139.0, 35.1, 139.0)) < 1);
});

// a points file (mapdata: p = [lat, lon, category, -, district, name, id, approximate, rules],
// g = groups of one place's services, t = [point, phone]) of municipality 131016
const POINTS = {
  c: [["x", "通いの場"], ["y", "相談"]],
  d: [["中町地区", 0, 0, "naka", "131016"]],
  h: [[], [{ freq: "weekly", byday: ["MO"], opens: "10:00", closes: "12:00" }],
      [{ freq: "weekly", byday: ["TU"], opens: "13:00" }]],
  p: [[3500000, 13900000, 0, 0, 0, "ひだまり", "r1", 0, 1],
      [3500000, 13900000, 1, 0, 0, "ひだまり（相談）", "r2", 0, 2],
      [3500100, 13900100, 0, 0, 0, "公園の体操", "r3", 1, 0]],
  g: [[[0], [1]]],
  t: [[1, "03-1234-5678"]],
};

test("front door: one place per facility, with every service's rules and the first phone; an approximate one says so", () => {
  globalThis.window = { ATLAS_POINTS: { "m-131016": POINTS } };
  try {
    const places = placesOf(["131016", "999999"]);  // a municipality without a loaded file adds nothing
    assert.deepEqual(places.map((p) => [p.name, p.services, p.rules.length, p.tel, p.approx, p.cat]),
                     [["ひだまり", 2, 2, "03-1234-5678", false, "通いの場"], ["公園の体操", 1, 0, "", true, "通いの場"]]);
    assert.deepEqual([places[0].lat, places[0].lon, places[0].did, places[0].code, places[0].district],
                     [35, 139, "naka", "131016", "中町地区"]);
  } finally {
    delete globalThis.window;
  }
});

// the words of a place's state (atlas-filter.js openState's {now, today, hours, known})
const STATES = [
  [{ now: true, today: true, hours: ["10:00〜12:00"], known: true }, "いま開いています（今日 10:00〜12:00）"],
  [{ now: false, today: true, hours: ["10:00〜12:00（終わりました）", "13:00〜"], known: true },
   "今日 10:00〜12:00（終わりました）・13:00〜"],
  [{ now: false, today: false, hours: [], known: true }, "今日はお休み"],
  [{ now: false, today: false, hours: [], known: false }, "日時はページで確かめてください"],
];
for (const [state, words] of STATES) {
  test(`front door state: ${words}`, () => { assert.equal(stateText(state), words); });
}
