/* tests/data/place_names.json through nearby.js (the place box's piece of a query, the hash of
   its file, and how a name or its reading matches); tests/test_nearby.py runs nearby.py on it. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, table } = require("./browser.js");

const { AtlasNear: N, AtlasText: T } = load(["atlas-text.js", "nearby.js"]);
const TABLE = table("place_names.json");
const typed = (text) => T.normalise(text).replace(/\s+/g, "");

for (const c of TABLE.pieces) {
  test(`place box piece: ${c.why}`, () => {
    const split = {};
    for (const piece of c.split) { split[piece] = true; }
    assert.equal(N.pieceOf(c.text, split), c.piece);
  });
}

test("place box: the hash of a piece chooses its file", () => {
  assert.deepEqual(TABLE.hashes.map((h) => N.hash(h.piece)), TABLE.hashes.map((h) => h.hash));
});

for (const c of TABLE.matches) {
  test(`place box match: ${c.why}`, () => {
    assert.equal(N.matchClass({ s: typed(c.name), r: typed(c.reading) }, typed(c.query)), c.class);
  });
}
