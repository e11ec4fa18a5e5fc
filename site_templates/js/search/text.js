/* The site search's text rules: a query's words, the pieces a word is looked up by and the
   shard a piece is in. Pure; generator/render/search_shards.py does the same at build time
   (tests/data/search_text.json runs both). */
import { hash } from "../text/hash.js";
import { normalise } from "../text/normalise.js";

function terms(query) {
  return normalise(query).split(/\s+/).filter(function (t) { return t.length > 0; });
}

// the grams a term is looked up by: itself when one character, else its two-character
// pieces, the first, last and middle ones first (they narrow fastest)
function gramsOf(t) {
  if (t.length === 1) { return [t]; }
  var seen = {}, all = [], out = [];
  for (var i = 0; i + 2 <= t.length; i++) {
    var g = t.slice(i, i + 2);
    if (!seen[g]) { seen[g] = true; all.push(g); }
  }
  var order = [0, all.length - 1, all.length >> 1];
  for (var k = 0; k < all.length; k++) { order.push(k); }
  seen = {};
  order.forEach(function (k) { if (!seen[k]) { seen[k] = true; out.push(all[k]); } });
  return out;
}

export { gramsOf, hash, normalise, terms };
