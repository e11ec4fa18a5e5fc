/* tests/data/place_names.json through the place box's module (site_templates/js/near/names.js:
   the piece of a query, the hash of its file, and how a name or its reading matches);
   tests/test_nearby.py runs nearby.py on it. And the front door's distance words, by shape. */
import assert from "node:assert/strict";
import test from "node:test";
import { byDistance, distanceText, metres } from "../../site_templates/js/near/distance.js";
import { hash, matchClass, pieceOf } from "../../site_templates/js/near/names.js";
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
