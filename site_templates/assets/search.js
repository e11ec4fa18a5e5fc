/* Chiiki Atlas site search: substring matching over window.ATLAS_SEARCH.
   ES5 only (older phones); text is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  // a folder link opened from file:// shows a directory listing: point it at index.html
  // (as generator/render/offline.py does for the links in pages)
  function pageUrl(u) {
    return window.location.protocol === "file:" ? u.replace(/\/(?=[?#]|$)/, "/index.html") : u;
  }
  var form = document.getElementById("atlas-search-form");
  var input = document.getElementById("atlas-search-q");
  var list = document.getElementById("atlas-search-results");
  var status = document.getElementById("atlas-search-status");
  if (!form || !input || !list || !window.ATLAS_SEARCH) { return; }
  var base = form.getAttribute("data-base") || "";

  function normalise(s) {
    s = String(s || "");
    if (s.normalize) { s = s.normalize("NFKC"); }
    s = s.toLowerCase();
    // katakana → hiragana, so カフェ and かふぇ match each other
    return s.replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
  }

  var docs = [];
  for (var i = 0; i < window.ATLAS_SEARCH.length; i++) {
    var d = window.ATLAS_SEARCH[i];
    docs.push({ d: d, t: normalise(d.t), p: normalise(d.p), g: normalise(d.g), x: normalise(d.x) });
  }
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
    return coverage >= 0.6 ? sum * coverage / 10 : 0;
  }

  function search(query) {
    var terms = normalise(query).split(/\s+/).filter(function (t) { return t.length > 0; });
    if (!terms.length) { return []; }
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i], total = 0, exact = true, all = true;
      for (var j = 0; j < terms.length; j++) {
        var s = score(doc, terms[j]);
        if (!s) { exact = false; s = partial(doc, terms[j]); }
        if (!s) { all = false; break; }
        total += s;
      }
      if (all) { hits.push({ doc: doc, score: total, exact: exact }); }
    }
    hits.sort(function (a, b) {
      return (b.exact - a.exact) || (b.score - a.score) ||
        (KIND_ORDER[a.doc.d.k] - KIND_ORDER[b.doc.d.k]) ||
        (a.doc.d.t < b.doc.d.t ? -1 : a.doc.d.t > b.doc.d.t ? 1 : 0);
    });
    return hits;
  }

  function snippet(text, query) {
    var terms = normalise(query).split(/\s+/);
    var hay = normalise(text), at = -1;
    for (var i = 0; i < terms.length && at === -1; i++) { if (terms[i]) { at = hay.indexOf(terms[i]); } }
    if (at === -1) { return text.slice(0, 80); }
    var start = Math.max(0, at - 30);
    return (start > 0 ? "…" : "") + text.slice(start, start + 100) + (start + 100 < text.length ? "…" : "");
  }

  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var hits = search(query);
    status.textContent = query ? "「" + query + "」の検索結果：" + hits.length + " 件" : "キーワードを入れてください";
    for (var i = 0; i < hits.length && i < 100; i++) {
      var d = hits[i].doc.d;
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "atlas-tag";
      kind.textContent = d.k;
      var a = document.createElement("a");
      a.href = pageUrl(base + d.u);
      a.textContent = d.t;
      var place = document.createElement("div");
      place.className = "atlas-result-place";
      place.textContent = d.p;
      var text = document.createElement("div");
      text.className = "atlas-result-text";
      text.textContent = snippet(d.x || d.g, query);
      li.appendChild(kind); li.appendChild(a); li.appendChild(place); li.appendChild(text);
      list.appendChild(li);
    }
  }

  function queryFromUrl() {
    var m = /[?&]q=([^&]*)/.exec(window.location.search);
    return m ? decodeURIComponent(m[1].replace(/\+/g, " ")) : "";
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value;
    try {  // file:// pages may not rewrite their URL (SecurityError): the search still runs
      if (window.history && history.replaceState) { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); }
    } catch (e) {}
    show(q);
  });
  input.addEventListener("input", function () { show(input.value); });
  input.value = queryFromUrl();
  show(input.value);
})();
