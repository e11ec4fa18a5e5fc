/* The place box's names (都道府県・市区町村・町名・地区, as typed in kana or kanji): files
   search/near/<k>.js by piece (generator/render/nearby.py name_files; their count and the split
   pieces in search/near-names.js). A query reads the one file of its piece (its first characters,
   as many as make a short list) and finds the names holding it, in kanji or in the reading of a
   都道府県・市区町村 (kana: さっぽろ finds 札幌市), those that begin with it first.
   pieceOf, hash and matchClass are pure (tests/data/place_names.json, with nearby.py). */
import { loadOnce } from "./load.js";
import { hash } from "../text/hash.js";
import { normalise } from "../text/normalise.js";

var KINDS = ["都道府県", "市区町村", "町名", "地区"];  // nearby.KINDS
var SCALE = 100000;              // mapdata.SCALE: coordinates are 1e-5 degrees
var SUGGESTED = 8;               // suggestions shown

var files = {}, built = {};
// a names file (window.AtlasNearNames, called by the file itself)
function addFile(k, data) { if (!files[k]) { files[k] = data; } }

// nearby.piece_of: the query's first character, grown while the piece is split (in `split`)
// and the query goes on; a surrogate pair is one character
function pieceOf(q, split) {
  var k = 0;
  do {
    var c = q.charCodeAt(k);
    k += c >= 0xd800 && c <= 0xdbff && k + 1 < q.length ? 2 : 1;
  } while (k < q.length && split.hasOwnProperty(q.slice(0, k)));
  return q.slice(0, k);
}
// nearby.match_class: 0 the name or its reading is the query, 1 begins with it, 2 holds it, -1 not
function matchClass(p, q) {
  if (p.s === q || p.r === q) { return 0; }
  if (p.s.indexOf(q) === 0 || (p.r && p.r.indexOf(q) === 0)) { return 1; }
  return p.s.indexOf(q) > 0 || (p.r && p.r.indexOf(q) > 0) ? 2 : -1;
}
// [{n: name, k: kind, lat, lon, w: where, u: link, s: normalised name, r: its reading}] of a piece
function entries(k, piece) {
  var data = files[k], key = k + " " + piece;
  if (!data || !data.g || !data.g.hasOwnProperty(piece)) { return []; }
  if (built[key]) { return built[key]; }
  var out = [], rows = data.g[piece];
  for (var i = 0; i < rows.length; i++) {
    var r = rows[i], link = r[1] === 3 ? "districts/" + r[5] + "/" : r[1] === 1 ? "districts/m-" + r[5] + "/" : "";
    out.push({ n: r[0], k: r[1], lat: r[2] / SCALE, lon: r[3] / SCALE, w: r[4] >= 0 ? data.w[r[4]] : "",
               u: link, s: normalise(r[0]).replace(/\s+/g, ""), r: r[6] || "" });
  }
  built[key] = out;
  return out;
}
var splitOf = null;
function splitSet(toc) {
  if (!splitOf) {
    splitOf = {};
    (toc.x || []).forEach(function (piece) { splitOf[piece] = true; });
  }
  return splitOf;
}

// done(place names holding the query: those that are it or begin with it first, then 地区・町名・
// 市区町村・都道府県, shorter first, as the file lists them; at most `limit`), from the one file
// of the query's piece; the table of files (search/near-names.js) is loaded before asking
function lookup(query, limit, root, done) {
  var q = normalise(query).replace(/\s+/g, ""), toc = window.ATLAS_NEAR_NAMES;
  if (!q || !toc || !toc.s) { done([]); return; }
  var piece = pieceOf(q, splitSet(toc)), k = hash(piece) % toc.s;
  function answer() {
    var names = entries(k, piece), hits = [];
    for (var i = 0; i < names.length; i++) {
      var c = matchClass(names[i], q);
      if (c >= 0) { hits.push({ p: names[i], c: c, i: i }); }
    }
    hits.sort(function (a, b) { return a.c - b.c || a.i - b.i; });
    done(hits.slice(0, limit || SUGGESTED).map(function (h) { return h.p; }), q);
  }
  if (files[k]) { answer(); return; }
  loadOnce("search/near/" + k + ".js", root, answer);
}

// the table of the names' files (search/near-names.js), loaded once, then done()
function withNames(root, done) {
  if (window.ATLAS_NEAR_NAMES) { done(); return; }
  loadOnce("search/near-names.js", root, done);
}

// lookup, the table of files loaded first
function names(query, limit, root, done) {
  withNames(root, function () { lookup(query, limit, root, done); });
}

function described(p) { return KINDS[p.k] + (p.w ? "・" + p.w : ""); }

export { KINDS, SUGGESTED, addFile, described, hash, lookup, matchClass, names, pieceOf, withNames };
