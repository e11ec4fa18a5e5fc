/* Text as search compares it, shared by the site search (search/) and the front door's place
   box (near/): NFKC, lower case, katakana as hiragana (so カフェ and かふぇ match each other);
   generator/render/search_shards.normalise does the same at build time (tests/data/search_text.json). */

function normalise(s) {
  s = String(s || "");
  if (s.normalize) { s = s.normalize("NFKC"); }
  s = s.toLowerCase();
  return s.replace(/[\u30a1-\u30f6]/g, function (c) {
    return String.fromCharCode(c.charCodeAt(0) - 0x60);
  });
}

export { normalise };
