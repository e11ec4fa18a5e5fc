/* A district page: its map (Leaflet in the page, markers by atlas-map.js from compact point
   data made here from the record, #atlas-record, as generator/render/mapdata.py makes it),
   its worksheet grid built from the record (the same rows, lanes and gaps as
   generator/render/worksheet.py and _district_grid.j2), and each row's 「この情報を直す」.
   Text only through textContent. ES5 for older phones. */
(function () {
  "use strict";
  var page = document.querySelector(".atlas-district");
  if (!page) { return; }
  var district = page.getAttribute("data-district");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function json(id) {
    var node = document.getElementById(id);
    try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
  }
  var record = json("atlas-record") || { resources: [] };
  var mapData = json("atlas-map-data");  // {center, options, c: categories, s: states, g: places}
  // sheets.gap_links_data: {cases: [[title, place suffix, path]], rows: {category: [[case, [states],
  // source]]}, topics: [[label, [[section, text, path, sheet title]]]]} (content/gap_links.yaml)
  var gapLinks = json("atlas-gap-links") || {};
  var gapCases = gapLinks.cases || [], gapRows = gapLinks.rows || {}, gapTopics = gapLinks.topics || [];

  // mapdata.points_data(atlas, [district], detail=True): every public point (the record
  // holds only what may be shown: approximate points rounded, hidden ones without lat/lon)
  function round(x) {  // Python's round(): a tie goes to the even number
    var r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
  // a rule list's key, whatever the order of each rule's fields (as json.dumps(sort_keys=True))
  function rulesKey(rules) {
    return JSON.stringify(rules.map(function (r) {
      var out = {};
      Object.keys(r).sort().forEach(function (k) { out[k] = r[k]; });
      return out;
    }));
  }
  function points() {
    var cat = {}, bit = {}, list = [], h = [[]], hIndex = { "[]": 0 }, at = {};
    mapData.c.forEach(function (c, i) { cat[c[0]] = i; });
    mapData.s.forEach(function (s, i) { bit[s[0]] = 1 << i; });
    (record.resources || []).forEach(function (r) {
      var loc = r.location;
      if (!loc || typeof loc.lat !== "number" || typeof loc.lon !== "number") { return; }
      var bits = 0;
      (r.target_states || []).forEach(function (s) { bits += bit[s] || 0; });
      var rules = (r.schedule && r.schedule.rules) || [], key = rulesKey(rules);
      if (!hIndex.hasOwnProperty(key)) { hIndex[key] = h.length; h.push(rules); }
      at[r.id] = list.length;
      list.push([round(loc.lat * 100000), round(loc.lon * 100000), cat[r.category], bits, 0, r.name, r.id,
                 loc.precision === "approximate" ? 1 : 0, hIndex[key], r.schedule ? r.schedule.text : "",
                 r.address || ""]);
    });
    // places of several resources (mapData.g, by resource id) as points data's "g", by point
    var g = [];
    (mapData.g || []).forEach(function (group) {
      var members = group.filter(function (m) { return at.hasOwnProperty(m[0]); });
      if (members.length > 1) { g.push(members.map(function (m) { return [at[m[0]], m[1]]; })); }
    });
    // 「くわしく見る」 leads to "#r-<id>" of this page; マイリスト keeps <district>/<resource>
    return { c: mapData.c, s: mapData.s, h: h, p: list, g: g,
             d: [[record.name, "", record.demo ? 1 : 0, district, page.getAttribute("data-municipality")]] };
  }

  // ---- the map: the base layers and controls of generator/render/maps.py's maps ----
  // (GSI tiles; tests/test_maps.py checks these names and URLs against maps.GSI_LAYERS)
  var GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank" rel="noopener">地理院タイル</a>';
  var GSI_LAYERS = [["地理院地図（標準）", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"],
                    ["地理院地図（淡色）", "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"]];
  var mapBox = document.getElementById("atlas-map");
  if (mapBox && mapData && window.L && window.AtlasMap) {
    var map = L.map(mapBox, { center: mapData.center, zoom: 15, zoomControl: true, preferCanvas: false });
    L.control.scale().addTo(map);
    var bases = {};
    for (var i = 0; i < GSI_LAYERS.length; i++) {
      var layer = L.tileLayer(GSI_LAYERS[i][1], { minZoom: 0, maxZoom: 18, maxNativeZoom: 18,
                                                 attribution: GSI_ATTRIBUTION });
      if (i === 0) { layer.addTo(map); }
      bases[GSI_LAYERS[i][0]] = layer;
    }
    L.control.layers(bases, {}, { position: "bottomright", collapsed: true }).addTo(map);
    // Leaflet names its button "Layers": in Japanese, as the zoom buttons (atlas-map.js)
    var layersButton = map.getContainer().querySelector(".leaflet-control-layers-toggle");
    if (layersButton) { layersButton.title = "背景の地図"; layersButton.setAttribute("aria-label", "背景の地図を選ぶ"); }
    AtlasMap.points(map, points(), mapData.options);
    // 「地図を大きくする」: the map fills the window (instead of a separate map file)
    var size = page.querySelector("button.atlas-map-size");
    if (size) {
      size.hidden = false;
      var resize = function (big) {
        mapBox.className = mapBox.className.replace(/ ?atlas-map-large/, "") + (big ? " atlas-map-large" : "");
        size.textContent = big ? "地図を元に戻す" : "地図を大きくする"; // short: beside the filter box on a phone
        size.setAttribute("aria-pressed", big ? "true" : "false");
        map.invalidateSize();
        if (!big) { mapBox.scrollIntoView(); }
      };
      size.setAttribute("aria-pressed", "false");
      size.addEventListener("click", function () {
        resize(!/ atlas-map-large/.test(" " + mapBox.className));
      });
      // Escape leaves the full-screen map, as it closes any full-screen view
      document.addEventListener("keydown", function (event) {
        if ((event.key === "Escape" || event.keyCode === 27) && / atlas-map-large/.test(" " + mapBox.className)) {
          resize(false);
          size.focus();
        }
      });
    }
  }

  // ---- 「この情報を直す」 on each row (the editor needs scripts anyway; editor-link.js
  // hands it the record) ----
  var rows = page.querySelectorAll("tr.atlas-resource");
  for (var r = 0; r < rows.length; r++) {
    var cell = rows[r].cells[rows[r].cells.length - 1];
    var edit = el("a", "atlas-report-link", "この情報を直す");
    edit.href = "../../editor/index.html?edit=" + encodeURIComponent(district) + "&resource=" +
      encodeURIComponent(rows[r].id.replace(/^r-/, ""));
    edit.setAttribute("data-atlas-edit", "district");
    var report = cell.querySelector("a.atlas-report-link");
    var at = report ? report.nextSibling : null;
    cell.insertBefore(el("br"), at);
    cell.insertBefore(edit, at);
  }

  // ---- the worksheet: rows = categories, columns = target states ----
  var target = document.getElementById("atlas-district-grid");
  if (!target || !mapData) { return; }
  var categories = mapData.c, states = mapData.s;  // [[id, label, …]] in vocabulary order

  // Python sorts strings by code point; JavaScript by UTF-16 unit: the same order once
  // surrogates (U+D800–DFFF) are moved above U+E000–FFFF
  function unit(s, i) {
    var c = s.charCodeAt(i);
    return c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
  }
  function byCodePoint(a, b) {
    for (var i = 0; i < a.length && i < b.length; i++) {
      var d = unit(a, i) - unit(b, i);
      if (d) { return d; }
    }
    return a.length - b.length;
  }

  var resources = (record.resources || []).map(function (res, index) { return { r: res, i: index }; });
  resources.sort(function (a, b) { return byCodePoint(a.r.name, b.r.name) || a.i - b.i; });

  var position = {}, rowsById = {};
  var grid = categories.map(function (c) { var row = { term: c, spans: {}, order: [], covered: {} }; rowsById[c[0]] = row; return row; });
  states.forEach(function (s, i) { position[s[0]] = i; });
  resources.forEach(function (item) {
    var res = item.r, row = rowsById[res.category];
    if (!row) { return; }
    var cols = [];
    (res.target_states || []).forEach(function (s) { if (position[s] !== undefined && cols.indexOf(position[s]) === -1) { cols.push(position[s]); } });
    cols.sort(function (a, b) { return a - b; });
    var runs = [];  // contiguous column runs, end exclusive (worksheet._runs)
    cols.forEach(function (c) {
      if (runs.length && runs[runs.length - 1][1] === c) { runs[runs.length - 1][1] = c + 1; } else { runs.push([c, c + 1]); }
    });
    var byId = {};
    states.forEach(function (s) { byId[s[0]] = s; });
    var ordered = (res.target_states || []).filter(function (s) { return byId[s]; }).map(function (s) { return byId[s]; });
    runs.forEach(function (run) {
      var key = run[0] + 1 + "/" + (run[1] + 1);
      if (!row.spans[key]) { row.spans[key] = { start: run[0] + 1, end: run[1] + 1, entries: [] }; row.order.push(key); }
      row.spans[key].entries.push({ res: res, states: ordered });
      for (var c = run[0]; c < run[1]; c++) { row.covered[c] = true; }
    });
  });

  function span(a, b) { return "grid-column: " + a + " / " + b; }
  // the cases tied to a cell: to its row with no states, or with this state (GapLinks.cases_for)
  function casesFor(category, state) {
    var out = [];
    (Object.prototype.hasOwnProperty.call(gapRows, category) ? gapRows[category] : []).forEach(function (tie) {
      var c = gapCases[tie[0]];
      if (c && (!tie[1].length || tie[1].indexOf(state) !== -1) && out.indexOf(c) === -1) { out.push(c); }
    });
    return out;
  }
  // the same, each case with the source of the fact its first tie to the cell rests on
  function tiesFor(category, state) {
    var out = [], seen = [];
    (Object.prototype.hasOwnProperty.call(gapRows, category) ? gapRows[category] : []).forEach(function (tie) {
      var c = gapCases[tie[0]];
      if (c && (!tie[1].length || tie[1].indexOf(state) !== -1) && seen.indexOf(c) === -1) {
        seen.push(c);
        out.push([c, typeof tie[2] === "string" ? tie[2] : ""]);
      }
    });
    return out;
  }
  // a link to a page of the site (file:// gets index.html), or the text alone if refused
  function siteLink(path, text) {
    var url = window.AtlasUrl ? AtlasUrl.href(path, "../../") : null;
    if (url === null) { return document.createTextNode(text); }
    var a = el("a", "", text);
    a.href = url;
    return a;
  }
  function hidden(text) { return el("span", "atlas-visually-hidden", text); }
  var gaps = [];
  var body = el("tbody");
  grid.forEach(function (row) {
    var tr = el("tr");
    var th = el("th", "atlas-ws-rowhead", row.term[1]);
    th.scope = "row";
    th.id = "ws-" + row.term[0];
    tr.appendChild(th);
    var td = el("td", "atlas-ws-cell"), box = el("div", "atlas-ws-row");
    // lanes: narrowest span first, then by position (GridRow.lanes)
    var lanes = row.order.map(function (k) { return row.spans[k]; });
    lanes.sort(function (a, b) { return (a.end - a.start) - (b.end - b.start) || a.start - b.start || a.end - b.end; });
    lanes.forEach(function (lane) {
      var div = el("div", "atlas-ws-lane");
      div.setAttribute("style", span(lane.start, lane.end));
      div.appendChild(hidden(states.slice(lane.start - 1, lane.end - 1).map(function (s) { return s[1]; }).join("・") + "："));
      lane.entries.forEach(function (entry) {
        var item = el("span", "atlas-ws-item");
        item.setAttribute("data-category", row.term[0]);
        item.setAttribute("data-states", entry.states.map(function (s) { return s[0]; }).join(" "));
        var a = el("a", "", entry.res.name);
        a.href = "#r-" + entry.res.id;
        item.appendChild(a);
        div.appendChild(item);
      });
      box.appendChild(div);
    });
    states.forEach(function (s, i) {
      if (row.covered[i]) { return; }
      var cases = casesFor(row.term[0], s[0]);
      gaps.push([row.term, s, cases]);
      var gap = el("span", "atlas-ws-gap");
      gap.setAttribute("style", span(i + 1, i + 2) + "; --col: " + i);  // --col: printed over its column (sheets.css)
      gap.setAttribute("data-state", s[0]);
      gap.appendChild(hidden(s[1] + "："));
      gap.appendChild(document.createTextNode("この欄に当てはまる資源はまだ登録されていません"));
      var more = el("a", "atlas-ws-gap-cases atlas-screen-only", "参考になる事例（" + cases.length + " 件）");
      more.href = "#gap-" + row.term[0] + "-" + s[0];
      gap.appendChild(more);
      box.appendChild(gap);
    });
    td.appendChild(box);
    tr.appendChild(td);
    body.appendChild(tr);
  });

  var summary = el("div", "atlas-gap-summary");
  var heading = el("h3", "", "まだ資源が登録されていない欄（" + gaps.length + " か所）");
  heading.id = "gaps";
  summary.appendChild(heading);
  if (gaps.length) {
    summary.appendChild(el("p", "atlas-screen-only", "各欄の下は、その種類の資源をつくった・運営した他の地域の事例です（事例に書かれた出典つきの記述にもとづきます）。"));
    var ul = el("ul");
    gaps.forEach(function (g) {
      var li = el("li", "", g[0][1] + " × " + g[1][1]);
      li.id = "gap-" + g[0][0] + "-" + g[1][0];
      if (g[2].length) {
        var list = el("ul", "atlas-gap-cases atlas-screen-only");
        g[2].forEach(function (c) {
          var item = el("li");
          item.appendChild(siteLink(c[2], c[0]));
          if (c[1]) { item.appendChild(document.createTextNode(c[1])); }
          list.appendChild(item);
        });
        li.appendChild(list);
      } else {
        li.appendChild(el("p", "atlas-gap-none atlas-screen-only", "この欄に当てはまる事例はまだ登録されていません"));
      }
      ul.appendChild(li);
    });
    summary.appendChild(ul);
    summary.appendChild(el("p", "", "この一覧は、STEP 2-4（資源の充実に向けた方針の検討）の話し合いの出発点になります。"));
    if (gapTopics.length) {
      var topics = el("div", "atlas-gap-topics atlas-screen-only");
      topics.appendChild(el("h4", "", "空いている欄について話し合うときのチェックシートの項目"));
      gapTopics.forEach(function (t) {
        topics.appendChild(el("h5", "", t[0]));
        var points = el("ul");
        t[1].forEach(function (p) {
          var item = el("li");
          item.appendChild(siteLink(p[2], p[0]));
          item.appendChild(document.createTextNode("：" + p[1]));
          points.appendChild(item);
        });
        topics.appendChild(points);
      });
      summary.appendChild(topics);
    }
  } else {
    summary.appendChild(el("p", "", "すべての欄に1つ以上の資源が登録されています。"));
  }

  var scroll = el("div", "atlas-ws-scroll"), table = el("table", "atlas-ws");
  // a named region that takes focus, so a keyboard can scroll it on a phone (as _worksheet.j2)
  scroll.tabIndex = 0;
  scroll.setAttribute("role", "region");
  scroll.setAttribute("aria-label", "ワークシートの表（画面が狭いときは横に動かせます）");
  table.appendChild(el("caption", "atlas-visually-hidden", "資源の種類（行）と高齢者の心身の状態像（" +
    states.map(function (s) { return s[1]; }).join("・") + "）の表"));
  var head = el("thead"), headRow = el("tr");
  var corner = el("th", "atlas-ws-corner", "資源の種類");
  // the page's QR code (made by the build, render/qr.py), printed in the corner as _worksheet.j2 does
  var qr = page.querySelector(".atlas-district-head > .atlas-qr");
  if (qr) { corner.insertBefore(qr.cloneNode(true), corner.firstChild); }
  corner.scope = "col";
  var top = el("th", "atlas-ws-head");
  top.scope = "col";
  var stateBox = el("div", "atlas-ws-states");
  var gradient = el("span", "atlas-ws-gradient");
  gradient.setAttribute("aria-hidden", "true");
  stateBox.appendChild(gradient);
  states.forEach(function (s, i) {
    var label = el("span", "atlas-ws-state", s[1]);
    label.setAttribute("style", span(i + 1, i + 2));
    stateBox.appendChild(label);
  });
  stateBox.appendChild(el("span", "atlas-ws-caption", "← 高齢者の心身の状態像 →"));
  top.appendChild(stateBox);
  headRow.appendChild(corner);
  headRow.appendChild(top);
  head.appendChild(headRow);
  table.appendChild(head);
  table.appendChild(body);
  scroll.appendChild(table);
  while (target.firstChild) { target.removeChild(target.firstChild); }
  target.appendChild(summary);
  target.appendChild(scroll);
  // a printed sheet of sample data says so, as the page does
  var banner = page.querySelector(".atlas-district-head .atlas-demo");
  var title = document.getElementById("worksheet");
  var sheetHead = title ? title.parentNode : null;  // the sheet's head: its title and 地区名・記入日・記入者
  if (banner && sheetHead) { sheetHead.parentNode.insertBefore(banner.cloneNode(true), sheetHead.nextSibling); }

  // ---- the workshop pack's other two parts, printed after the sheet (sheet.js, sheets.css) ----
  // 「空いている欄と参考になる事例」: each gap with up to 3 cases tied to it, one line each with
  // the source of the fact the tie rests on; then the check-sheet items to discuss the gaps
  var pack = document.getElementById("atlas-pack");
  if (!pack) { return; }
  var place = page.querySelector(".atlas-ws-fill-name");
  var placeName = place ? place.textContent : "";
  function packPart(cls, heading) {
    var part = el("section", "atlas-pack-part " + cls), top = el("div", "atlas-pack-head");
    top.appendChild(el("h2", "", heading));
    var fill = el("p", "atlas-pack-fill");
    fill.appendChild(el("span", "", "地区名：" + placeName));
    fill.appendChild(el("span", "", "記入日：＿＿＿＿年＿＿月＿＿日"));
    fill.appendChild(el("span", "", "記入者：＿＿＿＿＿＿＿＿"));
    top.appendChild(fill);
    if (qr) { part.appendChild(qr.cloneNode(true)); }
    part.appendChild(top);
    if (banner) { part.appendChild(banner.cloneNode(true)); }
    pack.appendChild(part);
    return part;
  }
  var gapPart = packPart("atlas-pack-gaps", "空いている欄と参考になる事例");
  if (gaps.length) {
    gapPart.appendChild(el("p", "atlas-pack-lead", "ワークシートで、まだ資源が登録されていない欄（" + gaps.length +
      " か所）と、その種類の資源をつくった・運営した他の地域の事例です（事例に書かれた出典つきの記述にもとづきます。1 つの欄に 3 件まで）。"));
    var gapList = el("ul", "atlas-pack-gap-list");
    // the gaps of a row that have the same cases (a tie to the whole row) share one entry:
    // 「高齢者サロン系 × 元気・虚弱」
    var entries = [];
    gaps.forEach(function (g) {
      var ties = tiesFor(g[0][0], g[1][0]).slice(0, 3), last = entries[entries.length - 1];
      var key = ties.map(function (t) { return gapCases.indexOf(t[0]) + ":" + t[1]; }).join("|");
      if (last && last.row === g[0] && last.key === key) { last.states.push(g[1][1]); return; }
      entries.push({ row: g[0], states: [g[1][1]], ties: ties, key: key });
    });
    entries.forEach(function (g) {
      var li = el("li");
      li.appendChild(el("strong", "", g.row[1] + " × " + g.states.join("・")));
      var ties = g.ties;
      if (ties.length) {
        var cases = el("ul");
        ties.forEach(function (t) {
          cases.appendChild(el("li", "", t[0][0] + (t[0][1] || "") + (t[1] ? "（出典：" + t[1] + "）" : "")));
        });
        li.appendChild(cases);
      } else {
        li.appendChild(el("p", "atlas-gap-none", "この欄に当てはまる事例はまだ登録されていません"));
      }
      gapList.appendChild(li);
    });
    gapPart.appendChild(gapList);
  } else {
    gapPart.appendChild(el("p", "", "すべての欄に1つ以上の資源が登録されています。"));
  }
  var checkPart = packPart("atlas-pack-check", "空いている欄について話し合うチェックシート");
  if (!gapTopics.length) {
    checkPart.appendChild(el("p", "", "話し合いに使うチェックシートの項目は、まだ登録されていません。"));
  }
  gapTopics.forEach(function (t) {
    var box = el("div", "atlas-pack-topic");
    box.appendChild(el("h3", "", t[0]));
    var items = el("ul", "atlas-pack-checks");
    t[1].forEach(function (p) {
      var li = el("li");
      var tick = el("span", "atlas-pack-box");
      tick.setAttribute("aria-hidden", "true");
      li.appendChild(tick);
      li.appendChild(el("span", "atlas-check-text", p[1]));
      var sheetTitle = typeof p[3] === "string" ? p[3] : "";
      if (sheetTitle.length > 16) { sheetTitle = sheetTitle.slice(0, 15) + "…"; }  // one line; the sheet's page has it all
      li.appendChild(el("span", "atlas-item-source", "（" + (sheetTitle ? sheetTitle + "：" : "") + p[0] + "）"));
      li.appendChild(el("span", "atlas-pack-note"));
      items.appendChild(li);
    });
    box.appendChild(items);
    checkPart.appendChild(box);
  });
})();
