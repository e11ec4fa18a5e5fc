/* tests/data/search_text.json through search.js (the site search's normalisation, words,
   lookup pieces and shard hash); tests/test_shared_tables.py runs search_shards.py on it. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { load, table } = require("./browser.js");

const { AtlasSearchText: S } = load(["atlas-text.js", "search.js"]);
const TABLE = table("search_text.json");

for (const c of TABLE.texts) {
  test(`search text: ${c.why}`, () => {
    assert.equal(S.normalise(c.text), c.normalised);
    assert.deepEqual(S.terms(c.text), c.words);
  });
}

for (const c of TABLE.pieces) {
  test(`search pieces: ${c.why}`, () => {
    assert.deepEqual(S.gramsOf(S.normalise(c.word)), c.pieces);
  });
}

test("search: gram hashes (the shard a piece is in)", () => {
  assert.deepEqual(TABLE.hashes.map((h) => S.hash(h.gram)), TABLE.hashes.map((h) => h.hash));
});

test("search: white space splits words as the table says", () => {
  const ws = TABLE.whitespace;
  const words = (cp) => S.terms(`a${String.fromCharCode(cp)}b`).length;
  assert.deepEqual(ws.both.concat(ws["javascript only"]).filter((cp) => words(cp) !== 2), []);
  assert.deepEqual(ws["python only"].filter((cp) => words(cp) !== 1), []);
  // terms() splits at \s: these and no other characters (after normalising)
  const space = [];
  for (let cp = 0; cp < 0x10000; cp++) { if (/\s/.test(String.fromCharCode(cp))) { space.push(cp); } }
  assert.deepEqual(space, ws.both.concat(ws["javascript only"]).sort((x, y) => x - y));
});
