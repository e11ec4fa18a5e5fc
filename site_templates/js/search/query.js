/* A query of a large site: the candidates of each word from the gram lists (loaded a few at a
   time), checked against the documents of their chunks, within a budget of bytes loaded; a
   partial tier when few are found. searchAll answers the same on small and large sites. */
import { ALL, decode, intersect, minus, union } from "./sets.js";
import { INDEX, addChunk, chunkOf, docs, entry, load, loaded, shardNumber, shardOf } from "./index.js";
import { PARTIAL, exactCount, match, rank } from "./match.js";
import { gramsOf, normalise, terms } from "./text.js";

var SHOWN = 100;             // results listed
var BUDGET = 270 * 1024;     // bytes of index files one query may load (plus this table of contents)
var FEW = 5;                 // a large site looks for partial matches when fewer exact ones are found,
var PARTIAL_BUDGET = 100 * 1024;  // loading at most this much more for them

function Query(text) {
  this.terms = terms(text);
  this.spent = 0;
  this.paid = {};
  this.cold = false;
  this.cap = BUDGET;
  this.incomplete = false;
}

// may this query use this file? Files already loaded by an earlier query are free, except
// in a `cold` query (the benchmark's), which counts them as a first query would load them
Query.prototype.need = function (key, bytes) {
  if (this.paid[key]) { return true; }
  if (!loaded.hasOwnProperty(key) || this.cold) {
    if (this.spent + bytes > this.cap) { this.incomplete = true; return false; }
    this.spent += bytes;
  }
  this.paid[key] = true;
  return true;
};

// whether this query has this file without spending its budget on it
Query.prototype.free = function (key) {
  return this.paid[key] || (loaded.hasOwnProperty(key) && !this.cold);
};

// load the shards of these grams that the budget allows
Query.prototype.shards = function (gs, done) {
  var self = this, keys = {};
  gs.forEach(function (g) { keys[shardOf(g)] = true; });
  load(Object.keys(keys).filter(function (k) {
    return self.need(k, INDEX.ss[+k.slice(2)]);
  }), done);
};

// resources tagged with a label that has the term; ALL if such a tag is too common to list
Query.prototype.tagged = function (t, done) {
  var self = this, keys = [], common = false;
  INDEX.tags.forEach(function (label, i) {
    if (normalise(label).indexOf(t) === -1) { return; }
    if (!INDEX.ts[i]) { common = true; return; }
    var key = "t/" + i;
    if (self.need(key, INDEX.ts[i])) { keys.push(key); }
  });
  if (common) { done(ALL); return; }
  load(keys, function () {
    var out = [];
    keys.forEach(function (key) { if (loaded.hasOwnProperty(key)) { out = union(out, decode(loaded[key])); } });
    done(out);
  });
};

// bytes not yet loaded of the gram shards of `gs`
Query.prototype.shardCost = function (gs) {
  var seen = {}, bytes = 0;
  for (var i = 0; i < gs.length; i++) {
    var k = shardNumber(gs[i]);
    if (!seen[k] && !this.free("g/" + k)) { seen[k] = true; bytes += INDEX.ss[k]; }
  }
  return bytes;
};

// bytes not yet loaded of the chunks that checking `ids` (sorted) would read, counted
// until they pass `limit`
Query.prototype.chunkCost = function (ids, limit) {
  var bytes = 0, last = -1;
  for (var i = 0; i < ids.length && bytes <= limit; i++) {
    var c = chunkOf(ids[i]);
    if (c !== last) {
      last = c;
      if (!this.free("c/" + c)) { bytes += INDEX.cs[c]; }
    }
  }
  return bytes;
};

// documents that may hold the term as typed: those listed under every kept gram of it, and
// resources tagged with it; ALL when every gram is too common to be kept. Grams are loaded
// a few at a time while checking the candidates left (with `prior`, those of earlier terms)
// would load more than the next grams' shards: the name's district narrows it to one run of
// chunks, a rare piece such as 「50」 to documents spread over many chunks, both together to
// a few documents.
Query.prototype.candidates = function (t, prior, done) {
  var self = this, gs = gramsOf(t), found = ALL, at = 0;
  function enough() {
    if (found === ALL) { return false; }
    var next = self.shardCost(gs.slice(at, at + 2));
    return self.chunkCost(intersect(prior, found), next) <= next;
  }
  function step() {
    if (at >= gs.length || enough()) {
      self.tagged(t, function (tags) { done(union(found, tags)); });
      return;
    }
    var batch = gs.slice(at, at + (at ? 2 : 3));
    at += batch.length;
    self.shards(batch, function () {
      batch.forEach(function (g) {
        var e = entry(g);
        if (e === 0) { found = []; at = gs.length; }
        else if (typeof e === "string") { found = intersect(found, decode(e)); }
      });
      step();
    });
  }
  step();
};

// documents with at least PARTIAL of the term's two-character pieces, by the kept lists
// of the shards loaded: a gram too common to be kept counts as not found, so this tier
// may miss a partial match but never adds one that is not there
Query.prototype.partial = function (t, done) {
  if (t.length < 3) { done([]); return; }
  var times = {};
  for (var i = 0; i + 2 <= t.length; i++) { times[t.slice(i, i + 2)] = (times[t.slice(i, i + 2)] || 0) + 1; }
  var gs = Object.keys(times);
  this.shards(gs, function () {
    var seen = {}, out = [], need = Math.ceil(PARTIAL * (t.length - 1) - 1e-9);
    gs.forEach(function (g) {
      var e = entry(g);
      if (typeof e === "string") { decode(e).forEach(function (id) { seen[id] = (seen[id] || 0) + times[g]; }); }
    });
    for (var id in seen) { if (seen.hasOwnProperty(id) && seen[id] >= need) { out.push(+id); } }
    done(out.sort(function (a, b) { return a - b; }));
  });
};

// check documents against the query (`order`: numbers, or ALL to read every chunk in
// order), loading chunks until SHOWN hits (exact ones, when `exact`); calls back with the
// hits and whether any document was left unchecked
Query.prototype.verify = function (order, hits, exact, done) {
  var self = this, at = 0, n = order === ALL ? INDEX.n : order.length;
  var counted = exact ? exactCount(hits) : hits.length;
  function step() {
    while (at < n && counted < SHOWN) {
      var id = order === ALL ? at : order[at], c = chunkOf(id), key = "c/" + c;
      if (!self.need(key, INDEX.cs[c])) { done(hits, true); return; }
      if (!docs.hasOwnProperty(id)) {
        load([key], function () {
          if (!loaded.hasOwnProperty(key)) { self.incomplete = true; done(hits, true); return; }
          addChunk(loaded[key]);
          step();
        });
        return;
      }
      var hit = match(docs[id], self.terms);
      if (hit) { hits.push(hit); counted += exact && !hit.exact ? 0 : 1; }
      at++;
    }
    done(hits, at < n);
  }
  step();
};

// every term's candidates, intersected; then the partial tier if few were found
Query.prototype.run = function (done) {
  var self = this, ts = this.terms, found = ALL, exacts = [], i = 0;
  function partialTier(hits, unchecked) {
    if (unchecked || exactCount(hits) >= FEW || found === ALL) { done(rank(hits), unchecked); return; }
    var either = ALL, k = 0;
    self.cap = Math.min(BUDGET, self.spent + PARTIAL_BUDGET);
    (function next() {
      if (k < ts.length) {
        var exact = exacts[k];
        self.partial(ts[k++], function (ids) { either = intersect(either, union(exact, ids)); next(); });
        return;
      }
      if (either === ALL) { done(rank(hits), false); return; }
      self.verify(minus(either, found), hits, false, function (all, left) { done(rank(all), left); });
    })();
  }
  (function next() {
    if (i < ts.length) {
      self.candidates(ts[i++], found, function (ids) { exacts.push(ids); found = intersect(found, ids); next(); });
      return;
    }
    self.verify(found, [], true, partialTier);
  })();
};

function searchAll(query, done, cold) {
  var ts = terms(query), hits = [];
  if (!ts.length) { done([], 0, false); return; }
  if (INDEX.chunk) {  // a small site: every document is here
    for (var id in docs) {
      if (docs.hasOwnProperty(id)) {
        var hit = match(docs[id], ts);
        if (hit) { hits.push(hit); }
      }
    }
    done(rank(hits), 0, false);
    return;
  }
  var q = new Query(query);
  q.cold = !!cold;
  q.run(function (found, unchecked) { done(found, unchecked, q.incomplete); });
}

export { SHOWN, searchAll };
