/* Chiiki Atlas site search: substring matching over the documents of window.ATLAS_SEARCH
   (generator/render/search.py). A small site's index holds every document; a large site's
   holds only a table of contents, and each query loads the gram lists of its words and the
   chunks of documents it shows (generator/render/search_shards.py), as <script> files so
   that it also works from file://.
   ES5 only (older phones); text is inserted with textContent, never as HTML. The ?q= of the
   address is text (at most QUERY_FROM_URL characters); result links go through atlas-url.js. */
(function () {
  "use strict";
  var form = document.getElementById("atlas-search-form");
  var input = document.getElementById("atlas-search-q");
  var list = document.getElementById("atlas-search-results");
  var status = document.getElementById("atlas-search-status");
  var INDEX = window.ATLAS_SEARCH;
  var normalise = window.AtlasText.normalise;  // atlas-text.js, loaded first
  // the text rules, on every page that loads this script (tests/js/search.test.js runs them
  // on the table that generator/render/search_shards.py is tested on too)
  window.AtlasSearchText = { normalise: normalise, terms: terms, gramsOf: gramsOf, hash: hash };
  if (!form || !input || !list || !INDEX) { return; }
  var base = form.getAttribute("data-base") || "";

  var KINDS = ["事例", "地区", "資源"];
  var DEMO = "サンプル（架空のデータ）";
  var SHOWN = 100;             // results listed
  var QUERY_FROM_URL = 200;    // characters of ?q= searched for (a link may carry any length)
  var BUDGET = 270 * 1024;     // bytes of index files one query may load (plus this table of contents)
  var PARTIAL = 0.6;           // share of a word's two-character pieces a partial match must have
  var FEW = 5;                 // a large site looks for partial matches when fewer exact ones are found,
  var PARTIAL_BUDGET = 100 * 1024;  // loading at most this much more for them

  function terms(query) {
    return normalise(query).split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  /* ---- documents: records of a chunk → {k, u, t, p, g, x} ---- */

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

  /* ---- matching and ranking (the same on small and large sites) ---- */

  var KIND_ORDER = { "事例": 0, "地区": 1, "資源": 2 };

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

  /* ---- the sharded index: loading, gram lists, candidates ---- */

  var loaded = {}, failed = {};
  window.AtlasSearchLoad = function (key, data) { loaded[key] = data; };

  function load(keys, done) {
    var pending = 0;
    function finish() { if (--pending === 0) { done(); } }
    keys.forEach(function (key) {
      if (loaded.hasOwnProperty(key) || failed[key]) { return; }
      pending++;
      var s = document.createElement("script");
      s.src = key + ".js";
      s.onload = function () { if (!loaded.hasOwnProperty(key)) { failed[key] = true; } finish(); };
      s.onerror = function () { failed[key] = true; finish(); };
      document.head.appendChild(s);
    });
    if (pending === 0) { done(); }
  }

  var DIGIT = {};
  (function () {
    var a = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    for (var i = 0; i < a.length; i++) { DIGIT[a.charCodeAt(i)] = i; }
  })();

  // sorted document numbers from their delta varints (search_shards.encode)
  function decode(text) {
    var ids = [], prev = -1, value = 0, run = false;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) { value = value * 32 + d - 32; continue; }
      value = value * 32 + d;
      if (run) {
        for (var k = 0; k < value; k++) { ids.push(++prev); }
        run = false;
      } else if (value === 0) {
        run = true;
      } else {
        prev += value;
        ids.push(prev);
      }
      value = 0;
    }
    return ids;
  }

  // sets of document numbers: sorted arrays, or ALL (a word too common to narrow anything)
  var ALL = null;

  function intersect(a, b) {
    if (a === ALL) { return b; }
    if (b === ALL) { return a; }
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) { i++; } else if (a[i] > b[j]) { j++; } else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  function union(a, b) {
    if (a === ALL || b === ALL) { return ALL; }
    var out = [], i = 0, j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) { out.push(a[i++]); }
      else if (i >= a.length || b[j] < a[i]) { out.push(b[j++]); }
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  function minus(a, b) {
    var out = [], j = 0;
    for (var i = 0; i < a.length; i++) {
      while (j < b.length && b[j] < a[i]) { j++; }
      if (j >= b.length || b[j] !== a[i]) { out.push(a[i]); }
    }
    return out;
  }

  function hash(g) {
    var h = 0;
    for (var i = 0; i < g.length; i++) { h = (h * 31 + g.charCodeAt(i)) % 4294967296; }
    return h;
  }

  function shardNumber(g) { return hash(g) % INDEX.s; }
  function shardOf(g) { return "g/" + shardNumber(g); }

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

  // a gram's entry: its list (string), its count when too common to keep (number),
  // 0 when no document has it, undefined when its shard is not loaded
  function entry(g) {
    var shard = loaded[shardOf(g)];
    if (!shard) { return undefined; }
    return shard.hasOwnProperty(g) ? shard[g] : 0;
  }

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

  function chunkOf(id) {
    var lo = 0, hi = INDEX.c.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (INDEX.c[mid] <= id) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function exactCount(hits) {
    return hits.filter(function (h) { return h.exact; }).length;
  }

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

  /* ---- the page ---- */

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

  function snippet(text, query) {
    var ts = normalise(query).split(/\s+/);
    var hay = normalise(text), at = -1;
    for (var i = 0; i < ts.length && at === -1; i++) { if (ts[i]) { at = hay.indexOf(ts[i]); } }
    if (at === -1) { return text.slice(0, 80); }
    var start = Math.max(0, at - 30);
    return (start > 0 ? "…" : "") + text.slice(start, start + 100) + (start + 100 < text.length ? "…" : "");
  }

  function item(d, query) {
    var li = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "atlas-tag";
    kind.textContent = d.k;
    var a = document.createElement("a"), target = window.AtlasUrl.href(d.u, base);
    if (target) { a.href = target; }
    a.textContent = d.t;
    var place = document.createElement("div");
    place.className = "atlas-result-place";
    place.textContent = d.p;
    var text = document.createElement("div");
    text.className = "atlas-result-text";
    text.textContent = snippet(d.x || d.g, query);
    li.appendChild(kind); li.appendChild(a); li.appendChild(place);
    if (d.s) {
      var services = document.createElement("ul");
      services.className = "atlas-result-services";
      services.setAttribute("aria-label", "この場所のサービス（" + d.s.length + "）");
      for (var i = 0; i < d.s.length; i++) {
        var service = document.createElement("li"), to = document.createElement("a");
        var href = window.AtlasUrl.href(d.s[i][1], base);
        if (href) { to.href = href; }
        to.textContent = d.s[i][0];
        service.appendChild(to);
        services.appendChild(service);
      }
      li.appendChild(services);
    }
    li.appendChild(text);
    return li;
  }

  // place names (都道府県・市区町村・町名・地区: nearby.js) that hold the query, those that begin
  // with it first: each with a link to the places near it on the home page's front door, and
  // to its page when it has one; then done(how many)
  var places = document.getElementById("atlas-search-places");
  function showPlaces(query, done) {
    if (!places || !window.AtlasNear) { done(0); return; }
    window.AtlasNear.names(query, 10, base, function (found) {
      var ul = places.querySelector("ul");
      while (ul.firstChild) { ul.removeChild(ul.firstChild); }
      found.forEach(function (p) {
        var li = document.createElement("li"), near = document.createElement("a");
        near.href = window.AtlasUrl.pageUrl(base) + "?near=" + encodeURIComponent(p.n) + "#atlas-near";
        near.textContent = p.n + "の近くの場所を見る";
        li.appendChild(near);
        li.appendChild(document.createTextNode("（" + window.AtlasNear.described(p) + "）"));
        var page = p.u ? window.AtlasUrl.href(p.u, base) : null;
        if (page) {
          var to = document.createElement("a");
          to.href = page;
          to.textContent = "ページ";
          li.appendChild(document.createTextNode(" "));
          li.appendChild(to);
        }
        ul.appendChild(li);
      });
      places.hidden = found.length === 0;
      done(found.length);
    });
  }

  var latest = 0;

  function show(query) {
    var mine = ++latest;
    if (!terms(query).length) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      showPlaces("", function () {});
      status.textContent = "キーワードを入れてください";
      return;
    }
    if (!INDEX.chunk) { status.textContent = "「" + query + "」をさがしています…"; }
    searchAll(query, function (hits, unchecked, incomplete) {
      if (mine !== latest) { return; }  // a newer query is on its way
      while (list.firstChild) { list.removeChild(list.firstChild); }
      var text = "「" + query + "」の検索結果：" + hits.length + " 件";
      if (unchecked > 0 || incomplete) {
        text += "（" + (hits.length >= SHOWN ? "最初の " + SHOWN + " 件" : "見つかった分") +
          "を表示しています。ことばを足すと絞り込めます）";
      }
      status.textContent = text;
      for (var i = 0; i < hits.length && i < SHOWN; i++) { list.appendChild(item(hits[i].doc.d, query)); }
      showPlaces(query, function (named) {
        if (mine !== latest) { return; }
        if (named) { status.textContent = text + "・場所の名前 " + named + " 件"; }
        form.setAttribute("data-searched", query);
      });
    });
  }

  function queryFromUrl() {
    var q = window.AtlasUrl.params().q;
    return typeof q === "string" ? q.slice(0, QUERY_FROM_URL) : "";
  }

  if (INDEX.chunk) { addChunk(INDEX.chunk); }
  // for tests and the benchmark (benchmarks/bench_search.py): the same search, results as data
  window.AtlasSearch = {
    run: function (query, done, cold) {
      searchAll(query, function (hits, unchecked, incomplete) {
        done({ hits: hits.map(function (h) { return { k: h.doc.d.k, u: h.doc.d.u, t: h.doc.d.t }; }),
               more: unchecked || incomplete });
      }, cold);
    }
  };

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value;
    try {  // file:// pages may not rewrite their URL (SecurityError): the search still runs
      if (window.history && history.replaceState) { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); }
    } catch (e) {}
    show(q);
  });
  // a large site waits until typing pauses (and the input method has finished a word)
  var timer = null;
  input.addEventListener("input", function (e) {
    if (e.isComposing) { return; }
    clearTimeout(timer);
    if (INDEX.chunk) { show(input.value); } else { timer = setTimeout(function () { show(input.value); }, 300); }
  });
  input.addEventListener("compositionend", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, INDEX.chunk ? 0 : 300);
  });
  input.value = queryFromUrl();
  show(input.value);
})();
