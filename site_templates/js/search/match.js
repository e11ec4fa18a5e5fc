/* Matching and ranking, the same on small and large sites: a document ({d: the document,
   t, p, g, x: its title, place, tags and text normalised}) against a query's words. Pure. */

var KIND_ORDER = { "事例": 0, "地区": 1, "資源": 2 };
var PARTIAL = 0.6;           // share of a word's two-character pieces a partial match must have

function count(hay, needle) {
  var n = 0, at = hay.indexOf(needle);
  while (at !== -1 && n < 10) { n++; at = hay.indexOf(needle, at + needle.length); }
  return n;
}

function score(doc, t) {
  return 10 * count(doc.t, t) + 5 * count(doc.p, t) + 5 * count(doc.g, t) + count(doc.x, t);
}

// Japanese has no spaces between words: when a term is not found as typed
// (認知症カフェ vs オレンジカフェ), fall back to the share of its two-character
// pieces that are found, and rank such partial matches after exact ones.
function partial(doc, t) {
  if (t.length < 3) { return 0; }
  var found = 0, sum = 0;
  for (var i = 0; i + 2 <= t.length; i++) {
    var s = score(doc, t.slice(i, i + 2));
    if (s) { found++; sum += s; }
  }
  var coverage = found / (t.length - 1);
  return coverage >= PARTIAL ? sum * coverage / 10 : 0;
}

function match(doc, ts) {
  var total = 0, exact = true;
  for (var j = 0; j < ts.length; j++) {
    var s = score(doc, ts[j]);
    if (!s) { exact = false; s = partial(doc, ts[j]); }
    if (!s) { return null; }
    total += s;
  }
  // the name typed in full comes first (among many names that contain it)
  if (exact && doc.t.replace(/\s+/g, "") === ts.join("")) { total += 1000; }
  return { doc: doc, score: total, exact: exact };
}

function rank(hits) {
  hits.sort(function (a, b) {
    return (b.exact - a.exact) || (b.score - a.score) ||
      (KIND_ORDER[a.doc.d.k] - KIND_ORDER[b.doc.d.k]) ||
      (a.doc.d.t < b.doc.d.t ? -1 : a.doc.d.t > b.doc.d.t ? 1 : 0);
  });
  return hits;
}

function exactCount(hits) {
  return hits.filter(function (h) { return h.exact; }).length;
}

export { PARTIAL, exactCount, match, rank };
