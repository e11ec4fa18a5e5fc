/* The site's search index, window.ATLAS_SEARCH (generator/render/search.py): a small site's holds
   every document ("chunk"); a large site's holds only a table of contents, and each query loads
   the gram lists of its words ("g/<n>"), the tagged lists ("t/<n>") and the chunks of documents
   it shows ("c/<n>"), as <script> files (generator/render/search_shards.py) so that it also works
   from file://. The only module that reads the page's data. */
import { loadScript } from "../load-script.js";
import { normalise } from "../text/normalise.js";
import { hash } from "./text.js";

var INDEX = window.ATLAS_SEARCH;

var KINDS = ["事例", "地区", "資源"];
var DEMO = "サンプル（架空のデータ）";

/* ---- documents: records of a chunk → {d: {k, u, t, p, g, x}, and those normalised} ---- */

function join(parts) {
  return parts.filter(function (p) { return p; }).join(" ");
}

function expand(r, heads) {
  var d;
  if (r[0] === 0) {
    d = { k: KINDS[0], u: "cases/" + r[1] + "/", t: r[2], p: r[3], g: r[4], x: r[5] };
  } else {
    var h = heads[r[1]], demo = h[3] ? DEMO : "";
    if (r[0] === 1) {
      d = { k: KINDS[1], u: "districts/" + h[0] + "/", t: h[1], p: h[2], g: join([INDEX.tags[r[3]], demo]), x: r[2] };
    } else {
      d = { k: KINDS[2], u: "districts/" + h[0] + "/#r-" + r[2], t: r[3], p: h[2] + " " + h[1],
            g: r[4].map(function (i) { return INDEX.tags[i]; }).join(" "), x: join([r[5], demo]) };
      // a place of several resources (a facility listed once per service): each service and its link
      if (r[6]) { d.s = r[6].map(function (s) { return [s[1], "districts/" + h[0] + "/#r-" + s[0]]; }); }
    }
  }
  return { d: d, t: normalise(d.t), p: normalise(d.p), g: normalise(d.g), x: normalise(d.x) };
}

var docs = {};  // document number → expanded document (every one on a small site)

function addChunk(chunk) {
  for (var i = 0; i < chunk.r.length; i++) { docs[chunk.f + i] = expand(chunk.r[i], chunk.h); }
}

/* ---- the sharded index's files ---- */

var loaded = {}, failed = {};
// a file of the index (window.AtlasSearchLoad, called by the file itself)
function addFile(key, data) { loaded[key] = data; }

function load(keys, done) {
  var pending = 0;
  function finish() { if (--pending === 0) { done(); } }
  keys.forEach(function (key) {
    if (loaded.hasOwnProperty(key) || failed[key]) { return; }
    pending++;
    // a file that ran without calling AtlasSearchLoad counts as failed too
    loadScript(key + ".js", function (ok) { if (!ok || !loaded.hasOwnProperty(key)) { failed[key] = true; } finish(); });
  });
  if (pending === 0) { done(); }
}

function shardNumber(g) { return hash(g) % INDEX.s; }
function shardOf(g) { return "g/" + shardNumber(g); }

// a gram's entry: its list (string), its count when too common to keep (number),
// 0 when no document has it, undefined when its shard is not loaded
function entry(g) {
  var shard = loaded[shardOf(g)];
  if (!shard) { return undefined; }
  return shard.hasOwnProperty(g) ? shard[g] : 0;
}

function chunkOf(id) {
  var lo = 0, hi = INDEX.c.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (INDEX.c[mid] <= id) { lo = mid; } else { hi = mid - 1; }
  }
  return lo;
}

export { INDEX, addChunk, addFile, chunkOf, docs, entry, load, loaded, shardNumber, shardOf };
