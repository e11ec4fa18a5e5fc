/* The front door (home and municipality pages): 「近くの場所」 and 「いま開いている場所・今日の
   場所」 from a point — the phone's position (navigator.geolocation, when allowed) or a place
   name chosen in the place box (都道府県・市区町村・町名・地区, as typed in kana or kanji).
   The position never leaves the phone: the municipalities near the point come from
   search/near-index.js and search/near/m-<prefecture>.js (generator/render/nearby.py: boxes
   of prefectures and municipalities), and only their points files
   (maps/points-m-<code>.js, the maps' own: public points only, hidden places never,
   approximate ones at their rounded point) are loaded, as <script>s so file:// works too.
   The place names are in files (search/near/<k>.js; their count and the split pieces in
   search/near-names.js), loaded when the place box is first used: a keystroke reads the one
   file of its piece (the typed text's first characters, as many as make a short list), and
   suggests the names holding the text, in kanji or in the reading of a 都道府県・市区町村
   (kana: さっぽろ finds 札幌市), those that begin with it first.
   Open now and today's hours follow the schedule rules through atlas-filter.js.
   Also AtlasNear.names(query, limit, root, done) for the search page (place names answered
   with a link here).
   ES5; text only through textContent; links through atlas-url.js. */
(function () {
  "use strict";
  var NEAR = window.ATLAS_NEAR;
  var normalise = window.AtlasText.normalise;
  var KINDS = ["都道府県", "市区町村", "町名", "地区"];  // nearby.KINDS
  var SCALE = 100000;              // mapdata.SCALE: coordinates are 1e-5 degrees
  var SUGGESTED = 8;               // suggestions shown
  var SHOWN = 20;                  // results shown (more on request)
  var AROUND = 3000;               // m: municipalities whose places lie this close are loaded too,
  var MUNICIPALITIES = 4;          // at most this many (the nearest always)
  var NAME_FROM_URL = 100;         // characters of ?near= looked up

  // Load the site's script at `path` (from the site's root `base`) and call done() once it has
  // loaded or failed; callers asking while it loads wait for the same script. Callers check first
  // whether its data is already there (a script that failed is asked for again next time).
  var loading = {};
  function loadScript(path, base, done) {
    if (loading[path]) { loading[path].push(done); return; }
    loading[path] = [done];
    var s = document.createElement("script"), src = window.AtlasUrl.href(path, base);
    s.onload = s.onerror = function () { var w = loading[path]; delete loading[path]; w.forEach(function (f) { f(); }); };
    if (!src) { s.onload(); return; }
    s.src = src;
    document.body.appendChild(s);
  }
  // each of `paths`, then done() once all have loaded or failed
  function loadScripts(paths, base, done) {
    var waiting = 1;
    function one() { if (--waiting === 0) { done(); } }
    paths.forEach(function (path) { waiting++; loadScript(path, base, one); });
    one();
  }

  /* ---- place names: files search/near/<k>.js by piece (nearby.py name_files) ---- */

  var files = {}, built = {};
  window.AtlasNearNames = function (k, data) { if (!files[k]) { files[k] = data; } };

  // search_shards.gram_hash: the file a piece is in is its hash % the number of files
  function hash(s) {
    var h = 0;
    for (var i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) >>> 0; }
    return h;
  }
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
    loadScript("search/near/" + k + ".js", root, answer);
  }
  function described(p) { return KINDS[p.k] + (p.w ? "・" + p.w : ""); }

  // pieceOf, hash and matchClass for the shared table (tests/data/place_names.json)
  window.AtlasNear = { names: lookup, kinds: KINDS, described: described, pieceOf: pieceOf, hash: hash,
                       matchClass: matchClass };

  var box = document.getElementById("atlas-near");
  if (!box || !NEAR || !window.AtlasFilter || !window.AtlasUrl) { return; }
  var root = box.getAttribute("data-base") || "";
  var status = document.getElementById("atlas-near-status");
  var list = document.getElementById("atlas-near-results");
  var input = document.getElementById("atlas-near-place");
  var suggestions = document.getElementById("atlas-near-suggestions");
  var more = document.getElementById("atlas-near-more");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  /* ---- distance and the municipalities near a point ---- */

  function metres(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    var a = Math.sin(dlat / 2) * Math.sin(dlat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dlon / 2) * Math.sin(dlon / 2);
    return 12742000 * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  function distanceText(m) {
    if (m < 1000) { return "約 " + (Math.round(m / 10) * 10) + " m"; }
    return "約 " + (m < 10000 ? (Math.round(m / 100) / 10).toFixed(1) : Math.round(m / 1000)) + " km";
  }
  // [{code, d: metres from the point to the box}] of boxes [code, south, west, north, east], nearest first
  function byDistance(rows, lat, lon) {
    var out = rows.map(function (b) {
      var la = Math.min(Math.max(lat, b[1] / SCALE), b[3] / SCALE);
      var lo = Math.min(Math.max(lon, b[2] / SCALE), b[4] / SCALE);
      return { code: b[0], d: metres(lat, lon, la, lo) };
    });
    out.sort(function (a, b) { return a.d - b.d; });
    return out;
  }
  // the municipality boxes of these prefectures (search/near/m-<code>.js), then done()
  var boxes = {};
  window.AtlasNearBoxes = function (code, rows) { if (!boxes[code]) { boxes[code] = rows; } };
  function loadBoxes(codes, done) {
    var missing = codes.filter(function (code) { return /^\d{2}$/.test(code) && !boxes[code]; });
    loadScripts(missing.map(function (code) { return "search/near/m-" + code + ".js"; }), root, done);
  }
  function municipalitiesOf(prefectures, lat, lon) {
    var rows = [];
    prefectures.forEach(function (p) { rows = rows.concat(boxes[p.code] || []); });
    return byDistance(rows, lat, lon);
  }
  // done(the municipalities whose places are near the point: the nearest, and others within
  // AROUND, at most MUNICIPALITIES). A prefecture's box holds its municipalities' boxes, so
  // one closer than the nearest prefecture's nearest is in a prefecture at most that far.
  function municipalitiesNear(lat, lon, done) {
    var prefectures = byDistance(NEAR.p || [], lat, lon);
    if (!prefectures.length) { done([]); return; }
    loadBoxes([prefectures[0].code], function () {
      var first = municipalitiesOf([prefectures[0]], lat, lon);
      var reach = Math.max(AROUND, first.length ? first[0].d : 0);
      var near = prefectures.filter(function (p) { return p.d <= reach; });
      loadBoxes(near.map(function (p) { return p.code; }), function () {
        done(municipalitiesOf(near, lat, lon).filter(function (m, i) {
          return i === 0 || (m.d <= AROUND && i < MUNICIPALITIES);
        }).map(function (m) { return m.code; }));
      });
    });
  }
  function loadPoints(codes, done) {
    var missing = codes.filter(function (code) { return /^\d{6}$/.test(code) && !(window.ATLAS_POINTS || {})["m-" + code]; });
    loadScripts(missing.map(function (code) { return "maps/points-m-" + code + ".js"; }), root, done);
  }

  /* ---- open now and today's hours ---- */

  function hhmm(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(date.getHours()) + ":" + two(date.getMinutes());
  }
  // {now: open now, today: open today, hours: "10:00〜12:00", known: has rules}
  function state(rules, now) {
    var out = { now: false, today: false, hours: [], known: rules.length > 0 }, time = hhmm(now);
    for (var i = 0; i < rules.length; i++) {
      if (!window.AtlasFilter.ruleOpenOn(rules[i], now)) { continue; }
      out.today = true;
      var r = rules[i];
      var over = r.closes && r.closes <= time;  // today's hours are over
      out.hours.push(r.opens ? r.opens + "〜" + (r.closes || "") + (over ? "（終わりました）" : "") : "時間は未定");
      if (r.opens && r.opens <= time && (!r.closes || time < r.closes)) { out.now = true; }
    }
    return out;
  }
  function stateText(s) {
    if (s.now) { return "いま開いています（今日 " + s.hours.join("・") + "）"; }
    if (s.today) { return "今日 " + s.hours.join("・"); }
    return s.known ? "今日はお休み" : "日時はページで確かめてください";
  }

  /* ---- the places near a point ---- */

  // every place of the loaded municipalities: one entry per place (a facility listed once per
  // service is one place, mapdata's "g"), with the rules of all its services
  function placesOf(codes) {
    var out = [];
    codes.forEach(function (code) {
      var data = (window.ATLAS_POINTS || {})["m-" + code];
      if (!data) { return; }
      var member = {}, phones = {};
      (data.g || []).forEach(function (group) {
        for (var k = 1; k < group.length; k++) { member[group[k][0]] = group[0][0]; }
      });
      (data.t || []).forEach(function (t) { phones[t[0]] = t[1]; });
      var byLead = {};
      data.p.forEach(function (p, i) {
        var rules = data.h[p[8]] || [];
        if (member.hasOwnProperty(i)) {
          var lead = byLead[member[i]];
          if (lead) { lead.rules = lead.rules.concat(rules); lead.services++; if (!lead.tel && phones[i]) { lead.tel = phones[i]; } }
          return;
        }
        var d = data.d[p[4]];
        byLead[i] = { lat: p[0] / SCALE, lon: p[1] / SCALE, cat: (data.c[p[2]] || [])[1] || "", name: p[5], id: p[6],
                      approx: p[7] === 1, rules: rules, district: d[0], did: d[3], code: d[4], tel: phones[i] || "",
                      services: 1 };
        out.push(byLead[i]);
      });
    });
    return out;
  }

  var filter = "today", current = null, shown = SHOWN, now = null;

  function nowDate() { return new Date(); }

  function item(p) {
    var li = el("li", "atlas-near-item");
    var top = el("p", "atlas-near-name");
    var a = el("a", "", p.name), page = window.AtlasUrl.href("districts/" + p.did + "/#r-" + p.id, root);
    if (page) { a.href = page; }
    top.appendChild(a);
    li.appendChild(top);
    li.appendChild(el("p", "atlas-near-state" + (p.state.now ? " atlas-near-open" : ""), stateText(p.state)));
    var facts = [distanceText(p.d) + (p.approx ? "（おおよその位置）" : ""), p.cat, p.district];
    if (p.services > 1) { facts.push(p.services + " つのサービス"); }
    li.appendChild(el("p", "atlas-near-facts", facts.join("・")));
    var actions = el("p", "atlas-near-actions");
    var map = el("a", "", "地図で見る"), mapHref = window.AtlasUrl.href("districts/" + p.did + "/#map", root);
    if (mapHref) { map.href = mapHref; actions.appendChild(map); }
    if (window.AtlasMyList && window.AtlasMyList.available) {
      actions.appendChild(window.AtlasMyList.button(p.did + "/" + p.id, p.code));
    }
    var digits = String(p.tel || "").replace(/[^0-9+]/g, "");
    if (digits.length >= 3 && /^\+?[0-9]+$/.test(digits)) {
      var tel = el("a", "atlas-near-tel", "電話する " + p.tel);
      tel.href = "tel:" + digits;
      actions.appendChild(tel);
    }
    li.appendChild(actions);
    return li;
  }

  function render() {
    if (!current) { return; }
    clear(list);
    var kept = current.places.filter(function (p) {
      return filter === "all" || (filter === "today" ? p.state.today : p.state.now);
    });
    var head = current.label + "から近い順";
    var which = filter === "now" ? "いま開いている場所" : filter === "today" ? "今日開く場所" : "場所";
    status.textContent = kept.length ? head + "：" + which + " " + kept.length + " 件" :
      current.label + "の近くに、" + which + "は見つかりませんでした。" +
      (filter === "all" ? "" : "「すべて」にすると、ほかの日の場所も出ます。");
    for (var i = 0; i < kept.length && i < shown; i++) { list.appendChild(item(kept[i])); }
    more.hidden = kept.length <= shown;
    box.setAttribute("data-state", "shown");
  }

  // the places near (lat, lon), nearest first; `label` says from where
  function from(lat, lon, label) {
    var mine = {};
    current = null;
    shown = SHOWN;
    box.setAttribute("data-state", "loading");
    status.textContent = label + "の近くの場所をさがしています…";
    from.latest = mine;
    municipalitiesNear(lat, lon, function (codes) {
      loadPoints(codes, function () {
        if (from.latest !== mine) { return; }
        now = nowDate();
        var places = placesOf(codes);
        places.forEach(function (p) {
          p.d = metres(lat, lon, p.lat, p.lon);
          p.state = state(p.rules, now);
        });
        places.sort(function (a, b) { return a.d - b.d; });
        current = { places: places, label: label };
        render();
        // the results in sight without scrolling (a phone's first screen holds the buttons)
        if (status.scrollIntoView) { status.scrollIntoView(true); }
      });
    });
  }

  /* ---- 現在地から探す ---- */

  var here = document.getElementById("atlas-near-here");
  here.hidden = false;
  here.addEventListener("click", function () {
    function refused(why) {
      status.textContent = why + "下の欄に、町名・地区・市区町村の名前を入れてください。";
      input.focus();
    }
    if (!navigator.geolocation) { refused("この画面では現在地を使えません。"); return; }
    status.textContent = "現在地を確かめています…（位置はこの端末の中だけで使います）";
    navigator.geolocation.getCurrentPosition(function (pos) {
      from(pos.coords.latitude, pos.coords.longitude, "現在地");
    }, function () {
      refused("現在地を使えませんでした。");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  });

  // a municipality page: from its representative point (near the town hall)
  var centre = document.getElementById("atlas-near-centre");
  if (centre) {
    centre.hidden = false;
    centre.addEventListener("click", function () {
      from(Number(centre.getAttribute("data-lat")), Number(centre.getAttribute("data-lon")),
           centre.getAttribute("data-label"));
    });
  }

  /* ---- the place box ---- */

  // the table of the names' shards (search/near-names.js), loaded once on first use of the box
  function withNames(done) {
    if (window.ATLAS_NEAR_NAMES) { done(); return; }
    loadScript("search/near-names.js", root, done);
  }
  function names(query, limit, done) {
    withNames(function () { lookup(query, limit, root, done); });
  }

  function choose(p) {
    input.value = p.n;
    clear(suggestions);
    from(p.lat, p.lon, "「" + p.n + "」");
  }
  var asking = 0;
  function suggest() {
    var mine = ++asking, query = input.value;
    names(query, SUGGESTED, function (found) {
      if (mine !== asking) { return; }  // a newer keystroke is on its way
      clear(suggestions);
      found.forEach(function (p) {
        var li = el("li"), b = el("button", "atlas-near-suggestion");
        b.type = "button";
        b.appendChild(el("span", "atlas-near-suggestion-name", p.n));
        b.appendChild(el("span", "atlas-near-suggestion-kind", "（" + described(p) + "）"));
        b.addEventListener("click", function () { choose(p); });
        li.appendChild(b);
        suggestions.appendChild(li);
      });
      var hint = document.getElementById("atlas-near-hint");
      hint.textContent = !normalise(query).replace(/\s+/g, "") ? "" : found.length ?
        "候補 " + found.length + " 件（押すと、その場所から近い順に出します）" : "その名前の場所は見つかりませんでした";
      box.setAttribute("data-suggested", query);
    });
  }
  input.addEventListener("focus", function () { withNames(function () {}); });
  input.addEventListener("input", function (e) { if (!e.isComposing) { suggest(); } });
  input.addEventListener("compositionend", suggest);
  document.getElementById("atlas-near-form").addEventListener("submit", function (e) {
    e.preventDefault();
    names(input.value, 1, function (found) { if (found.length) { choose(found[0]); } else { suggest(); } });
  });

  /* ---- filters and more ---- */

  var radios = box.querySelectorAll("input[name=atlas-near-filter]");
  for (var k = 0; k < radios.length; k++) {
    radios[k].addEventListener("change", function (e) { filter = e.currentTarget.value; shown = SHOWN; render(); });
    if (radios[k].checked) { filter = radios[k].value; }
  }
  more.addEventListener("click", function () { shown += SHOWN; render(); });

  // ?near=<a place name>: the search page's link (text, looked up among the names only)
  var asked = window.AtlasUrl.params().near;
  if (typeof asked === "string" && asked) {
    asked = asked.slice(0, NAME_FROM_URL);
    names(asked, 1, function (found, q) {
      if (found.length && (found[0].s === q || found[0].r === q)) { choose(found[0]); } else { input.value = asked; suggest(); }
    });
  }
})();
