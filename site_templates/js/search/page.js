/* The search page: the query (typed, or the address's ?q=: text, at most QUERY_FROM_URL
   characters), its results (text only as text, links through atlas-url.js), the place names
   that hold it (nearby.js's window.AtlasNear: a link to the places near each on the front door),
   and window.AtlasSearch.run for the tests and the benchmark (benchmarks/bench_search.py). */
import { clear, el } from "../dom.js";
import { INDEX, addChunk, addFile } from "./index.js";
import { SHOWN, searchAll } from "./query.js";
import { normalise, terms } from "./text.js";

var QUERY_FROM_URL = 200;    // characters of ?q= searched for (a link may carry any length)

function snippet(text, query) {
  var ts = normalise(query).split(/\s+/);
  var hay = normalise(text), at = -1;
  for (var i = 0; i < ts.length && at === -1; i++) { if (ts[i]) { at = hay.indexOf(ts[i]); } }
  if (at === -1) { return text.slice(0, 80); }
  var start = Math.max(0, at - 30);
  return (start > 0 ? "…" : "") + text.slice(start, start + 100) + (start + 100 < text.length ? "…" : "");
}

function item(d, query, base) {
  var services = null;
  if (d.s) {
    services = el("ul", { "class": "atlas-result-services", "aria-label": "この場所のサービス（" + d.s.length + "）" },
      d.s.map(function (s) {
        return el("li", {}, [el("a", { href: window.AtlasUrl.href(s[1], base), text: s[0] })]);
      }));
  }
  return el("li", {}, [
    el("span", { "class": "atlas-tag", text: d.k }),
    el("a", { href: window.AtlasUrl.href(d.u, base), text: d.t }),
    el("div", { "class": "atlas-result-place", text: d.p }),
    services,
    el("div", { "class": "atlas-result-text", text: snippet(d.x || d.g, query) }),
  ]);
}

// place names (都道府県・市区町村・町名・地区: nearby.js) that hold the query, those that begin
// with it first: each with a link to the places near it on the home page's front door, and
// to its page when it has one; then done(how many)
function showPlaces(places, query, base, done) {
  if (!places || !window.AtlasNear) { done(0); return; }
  window.AtlasNear.names(query, 10, base, function (found) {
    var ul = places.querySelector("ul");
    clear(ul);
    found.forEach(function (p) {
      var page = p.u ? window.AtlasUrl.href(p.u, base) : null;
      ul.appendChild(el("li", {}, [
        el("a", { href: window.AtlasUrl.pageUrl(base) + "?near=" + encodeURIComponent(p.n) + "#atlas-near",
                  text: p.n + "の近くの場所を見る" }),
        "（" + window.AtlasNear.described(p) + "）",
        page ? " " : null,
        page ? el("a", { href: page, text: "ページ" }) : null,
      ]));
    });
    places.hidden = found.length === 0;
    done(found.length);
  });
}

function start() {
  var form = document.getElementById("atlas-search-form");
  var input = document.getElementById("atlas-search-q");
  var list = document.getElementById("atlas-search-results");
  var status = document.getElementById("atlas-search-status");
  if (!form || !input || !list || !INDEX) { return; }
  var base = form.getAttribute("data-base") || "";
  var places = document.getElementById("atlas-search-places");
  window.AtlasSearchLoad = addFile;

  var latest = 0;
  function show(query) {
    var mine = ++latest;
    if (!terms(query).length) {
      clear(list);
      showPlaces(places, "", base, function () {});
      status.textContent = "キーワードを入れてください";
      return;
    }
    if (!INDEX.chunk) { status.textContent = "「" + query + "」をさがしています…"; }
    searchAll(query, function (hits, unchecked, incomplete) {
      if (mine !== latest) { return; }  // a newer query is on its way
      clear(list);
      var text = "「" + query + "」の検索結果：" + hits.length + " 件";
      if (unchecked > 0 || incomplete) {
        text += "（" + (hits.length >= SHOWN ? "最初の " + SHOWN + " 件" : "見つかった分") +
          "を表示しています。ことばを足すと絞り込めます）";
      }
      status.textContent = text;
      for (var i = 0; i < hits.length && i < SHOWN; i++) { list.appendChild(item(hits[i].doc.d, query, base)); }
      showPlaces(places, query, base, function (named) {
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
}

export { start };
