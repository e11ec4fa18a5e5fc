/* tests/data/search_text.json through the site search's text module (site_templates/js/search/
   text.js: normalisation, words, lookup pieces and shard hash); tests/test_shared_tables.py runs
   search_shards.py on it. And by shape: the sets of document numbers the large site's query works
   with, and how a document matches and ranks. */
import assert from "node:assert/strict";
import test from "node:test";
import { match, rank } from "../../site_templates/js/search/match.js";
import { ALL, decode, intersect, minus, union } from "../../site_templates/js/search/sets.js";
import { gramsOf, hash, normalise, terms } from "../../site_templates/js/search/text.js";
import browser from "./browser.js";

const TABLE = browser.table("search_text.json");

for (const c of TABLE.texts) {
  test(`search text: ${c.why}`, () => {
    assert.equal(normalise(c.text), c.normalised);
    assert.deepEqual(terms(c.text), c.words);
  });
}

for (const c of TABLE.pieces) {
  test(`search pieces: ${c.why}`, () => {
    assert.deepEqual(gramsOf(normalise(c.word)), c.pieces);
  });
}

test("search: gram hashes (the shard a piece is in)", () => {
  assert.deepEqual(TABLE.hashes.map((h) => hash(h.gram)), TABLE.hashes.map((h) => h.hash));
});

test("search: white space splits words as the table says", () => {
  const ws = TABLE.whitespace;
  const words = (cp) => terms(`a${String.fromCharCode(cp)}b`).length;
  assert.deepEqual(ws.both.concat(ws["javascript only"]).filter((cp) => words(cp) !== 2), []);
  assert.deepEqual(ws["python only"].filter((cp) => words(cp) !== 1), []);
  // terms() splits at \s: these and no other characters (after normalising)
  const space = [];
  for (let cp = 0; cp < 0x10000; cp++) { if (/\s/.test(String.fromCharCode(cp))) { space.push(cp); } }
  assert.deepEqual(space, ws.both.concat(ws["javascript only"]).sort((x, y) => x - y));
});

// [a, b, a ∩ b, a ∪ b, a − b] of sorted document numbers; ALL (null) is every document
const SETS = [
  [[], [], [], [], []],
  [[1, 3, 5], [], [], [1, 3, 5], [1, 3, 5]],
  [[], [2, 4], [], [2, 4], []],
  [[1, 3, 5], [3, 4, 5, 6], [3, 5], [1, 3, 4, 5, 6], [1]],
  [[1, 2], [3, 4], [], [1, 2, 3, 4], [1, 2]],
  [[7], [7], [7], [7], []],
];
for (const [a, b, both, either, only] of SETS) {
  test(`search sets: ${JSON.stringify(a)} and ${JSON.stringify(b)}`, () => {
    assert.deepEqual(intersect(a, b), both);
    assert.deepEqual(union(a, b), either);
    assert.deepEqual(minus(a, b), only);
  });
}

test("search sets: ALL narrows nothing (∩ gives the other set, ∪ gives ALL)", () => {
  assert.deepEqual(intersect(ALL, [2, 9]), [2, 9]);
  assert.deepEqual(intersect([2, 9], ALL), [2, 9]);
  assert.equal(intersect(ALL, ALL), ALL);
  assert.equal(union(ALL, [1]), ALL);
  assert.equal(union([1], ALL), ALL);
});

// [text, numbers]: what generator/render/search_shards.encode writes for them (deltas as
// base-32 varints, a run as 0 and its length; test_search.py checks its decode(encode) in Python)
const RANGE = Array.from({ length: 100 }, (_, i) => i + 10).concat([200]);
const ENCODED = [
  ["", []], ["1", [0]], ["6", [5]], ["11", [0, 1]], ["103", [0, 1, 2, 3]], ["4024", [3, 4, 5, 9]],
  ["x9", [40]], ["_91xLX7", [1000, 1001, 50000]], ["b0z3yr", RANGE],
];
for (const [text, ids] of ENCODED) {
  test(`search sets: decode ${JSON.stringify(text)}`, () => { assert.deepEqual(decode(text), ids); });
}

// documents as search/index.js expands them (the fields normalised) and how a query's words match
const doc = (k, t, p = "", g = "", x = "") => ({ d: { k, t }, t, p, g, x });
const ORANGE = doc("資源", "おれんじかふぇ", "中町地区", "通いの場", "毎週月曜");
const MATCHES = [
  ["a word in the title", ORANGE, ["かふぇ"], { exact: true, score: 10 }],
  ["the title typed in full comes first", ORANGE, ["おれんじ", "かふぇ"], { exact: true, score: 1020 }],
  ["a word in the place, the tags and the text", ORANGE, ["中町", "通い", "毎週"], { exact: true, score: 11 }],
  ["no word found: no match", ORANGE, ["ちゅうしゃじょう"], null],
  ["one word of two not found: no match", ORANGE, ["かふぇ", "ちゅうしゃじょう"], null],
  ["a word not as typed but 5 of its 6 pieces: partial", ORANGE, ["おれんじかふえ"], { exact: false }],
  ["a word with 2 of its 8 pieces (under 60 %): no match", ORANGE, ["にんちしょうかふぇ"], null],
  ["a two-character word is never partial", ORANGE, ["かぷ"], null],
];
for (const [why, d, words, want] of MATCHES) {
  test(`search match: ${why}`, () => {
    const hit = match(d, words);
    if (want === null) { assert.equal(hit, null); return; }
    assert.equal(hit.exact, want.exact);
    if (want.score !== undefined) { assert.equal(hit.score, want.score); }
  });
}

test("search rank: exact before partial, then score, then 事例・地区・資源, then title", () => {
  const hits = [
    { doc: doc("資源", "い"), score: 5, exact: false }, { doc: doc("資源", "う"), score: 10, exact: true },
    { doc: doc("地区", "え"), score: 10, exact: true }, { doc: doc("事例", "お"), score: 10, exact: true },
    { doc: doc("事例", "あ"), score: 10, exact: true }, { doc: doc("資源", "か"), score: 30, exact: true },
  ];
  assert.deepEqual(rank(hits).map((h) => h.doc.d.t), ["か", "あ", "お", "え", "う", "い"]);
});
