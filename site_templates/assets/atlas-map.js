/* Every map of the site: markers, popups, tooltips, legend and filters from plain JSON
   data (generator/render/mapdata.py). Text reaches the page through DOM nodes and
   textContent only: Leaflet is given elements, or functions returning elements (named
   ...Node), never an HTML string. ES5 for older phones. */
(function () {
  "use strict";
  var SCALE = 100000;
  // a standalone map's way back to the site (maps.py) is for the map opened alone: inside
  // its page's frame the page has the navigation (map.css hides the bar)
  if (window.self !== window.top) { document.documentElement.className += " atlas-framed"; }
  var MARGIN = 24; // px kept free around markers when fitting (a cluster icon's radius + a little)

  // text as text nodes, a line break in it as <br> (so popups size to their longest line)
  function text(parent, value) {
    var lines = String(value).split(/\r\n|\r|\n/);
    for (var i = 0; i < lines.length; i++) {
      if (i) { parent.appendChild(document.createElement("br")); }
      parent.appendChild(document.createTextNode(lines[i]));
    }
    return parent;
  }

  function el(tag, cls, value) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (value !== undefined) { text(e, value); }
    return e;
  }

  function line(box, cls, text) { box.appendChild(el("div", cls, text)); }

  // a link to a page the map data names (made by the build: its folder links get index.html
  // on file://, atlas-url.js)
  function link(text, href) {
    var a = el("a", "", text);
    a.href = window.AtlasUrl.pageUrl(href);
    a.target = "_parent"; // the page around the map, or the map itself when opened alone
    return a;
  }

  function source(src) { return typeof src === "string" ? (window.ATLAS_POINTS || {})[src] : src; }

  function latLng(p) { return [p[0] / SCALE, p[1] / SCALE]; }

  // ---- legend and filters: a collapsible control, open only where there is room ----

  function roomy(map) { var s = map.getSize(); return s.x >= 600 && s.y >= 420; }

  function legendControl(map, title, fill) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "atlas-legend");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var details = el("details");
      details.open = roomy(map);
      details.appendChild(el("summary", "", title));
      var body = el("div", "atlas-legend-body");
      details.appendChild(body);
      box.appendChild(details);
      fill(box, body);
      return box;
    };
    control.addTo(map);
    return control;
  }

  function swatch(color, dashed) {
    var s = el("span", dashed ? "swatch swatch-dashed" : "swatch");
    if (color) { s.style.backgroundColor = color; }
    return s;
  }

  // ---- fitting the view so that no marker starts under a control ----

  // Padding for fitBounds: for each corner holding controls, keep free either its height
  // (at the top or bottom) or its width (at the left or right), whichever costs less of the
  // map; markers are then all outside every control's box.
  function padding(map) {
    var container = map.getContainer();
    var size = map.getSize();
    var pad = { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN };
    var corners = [["top", "left"], ["top", "right"], ["bottom", "left"], ["bottom", "right"]];
    for (var i = 0; i < corners.length; i++) {
      var v = corners[i][0], h = corners[i][1];
      var corner = container.querySelector(".leaflet-" + v + ".leaflet-" + h);
      if (!corner) { continue; }
      var r = corner.getBoundingClientRect();
      if (!r.width || !r.height) { continue; }
      if (r.height / size.y <= r.width / size.x) { pad[v] = Math.max(pad[v], r.height + MARGIN); }
      else { pad[h] = Math.max(pad[h], r.width + MARGIN); }
    }
    if (size.x - pad.left - pad.right < 2 * MARGIN || size.y - pad.top - pad.bottom < 2 * MARGIN) {
      pad = { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN }; // a map too small for its controls
    }
    return { paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom] };
  }

  // A popup opens clear of the controls too: Leaflet builds its content (the ...Node
  // function) right before it pans the map to show it, with these options.
  // On a narrow map it may cover the left or right controls, never be cut off; a long one scrolls.
  function clearOfControls(map, popup) {
    var pad = padding(map), tl = pad.paddingTopLeft, br = pad.paddingBottomRight;
    var room = map.getSize().x - tl[0] - br[0];
    if (room < 330) { tl = [8, tl[1]]; br = [8, br[1]]; room = map.getSize().x - 16; }
    popup.options.maxWidth = Math.max(150, Math.min(280, room - 50)); // content; the frame adds ~46 px
    popup.options.maxHeight = Math.max(120, map.getSize().y - tl[1] - br[1] - 60); // longer: it scrolls
    popup.options.autoPanPaddingTopLeft = tl;
    popup.options.autoPanPaddingBottomRight = br;
  }

  // Once a marker's popup is open, its tooltip (opened by the same click or tap) goes.
  function closeTooltipOnPopup(layer) {
    layer.on("popupopen", function (e) { if (e.layer && e.layer.closeTooltip) { e.layer.closeTooltip(); } });
  }

  // Without the internet (an offline copy, a phone out of coverage) the background tiles
  // fail and the markers sit on grey: say so once, in a line under the map (outside it, so it
  // covers no marker); a standalone map gives up that line's height, and is fitted again if
  // the note came within the first seconds (before anyone moved it).
  function offlineNote(map, refit) {
    var loaded = false, shown = false, start = new Date().getTime();
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer)) { return; }
      layer.on("tileload", function () { loaded = true; });
      layer.on("tileerror", function () {
        if (loaded || shown) { return; }
        shown = true;
        var box = map.getContainer();
        var note = el("p", "atlas-offline-note",
                      "背景の地図は、インターネットにつながっているときに表示されます（印と一覧はこのまま使えます）。");
        note.setAttribute("role", "status");
        box.parentNode.insertBefore(note, box.nextSibling);
        map.invalidateSize();
        if (new Date().getTime() - start < 3000) { refit(); }
      });
    });
  }

  function fit(map, latlngs, maxZoom) {
    if (!latlngs.length) { return; }
    var options = padding(map);
    options.maxZoom = maxZoom;
    options.animate = false;
    map.fitBounds(L.latLngBounds(latlngs), options);
  }

  // ---- resource points: district, municipality and national maps ----

  // A cluster or a municipality shows how many resources it holds: the sum of its markers'
  // weights (a point weighs 1, a municipality of the national map its count). The icon grows
  // with the number of digits (atlas-size-*, map.css).
  function countIconNode(n) {
    var inner = el("div");
    inner.appendChild(el("span", "", String(n)));
    // the marker (a keyboard button) is named by its content: "資源 12 件", not a bare "12"
    inner.setAttribute("role", "img");
    inner.setAttribute("aria-label", "資源 " + n + " 件");
    return inner;
  }

  function countIcon(n, extra) {
    var size = n < 10 ? "small" : (n < 100 ? "medium" : "large");
    var px = n < 1000 ? 40 : (n < 10000 ? 48 : 56);
    return L.divIcon({ html: countIconNode(n), iconSize: L.point(px, px),
                       className: "marker-cluster marker-cluster-" + size + " atlas-size-" + px + (extra || "") });
  }

  function weight(marker) { return marker.atlasWeight === undefined ? 1 : marker.atlasWeight; }

  function clusterIcon(cluster) {
    var children = cluster.getAllChildMarkers(), n = 0;
    for (var i = 0; i < children.length; i++) { n += weight(children[i]); }
    return countIcon(n);
  }

  function clusterLayer(opts) {
    return opts.cluster
      ? L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: opts.clusterRadius || 45, showCoverageOnHover: false,
                               iconCreateFunction: clusterIcon })
      : L.featureGroup();
  }

  // 「マイリストに入れる」 (mylist.js keeps <district id>/<resource id> in localStorage, and may
  // keep the municipality code with it: which file holds the resource's details)
  function myListButton(id, municipality) {
    var button = el("button", "atlas-mylist-toggle");
    button.type = "button";
    function label() {
      var inList = window.AtlasMyList.has(id);
      button.textContent = inList ? "マイリストから外す" : "マイリストに入れる";
      button.setAttribute("aria-pressed", inList ? "true" : "false");
    }
    button.addEventListener("click", function () {
      // 「マイリストを見る（N 件）」 beside it once it added one (mylist.js)
      if (window.AtlasMyList.toggle(id, municipality) && window.AtlasMyList.listLink) { window.AtlasMyList.listLink(button); }
      label();
      if (window.AtlasMyList.refresh) { window.AtlasMyList.refresh(); }
    });
    label();
    var row = el("div", "atlas-popup-actions");
    row.appendChild(button);
    return row;
  }

  // One place: a circle whose tooltip and popup are built from its rows of `data` (a points
  // file) when they open. `rows`: the place's points, one a resource (a facility listed once
  // per service has several, `labels` naming each service); the first is where it is drawn.
  function pointMarker(map, data, rows, labels, opts) {
    var p = rows[0];

    function states(q) {
      var out = [];
      for (var i = 0; i < data.s.length; i++) { if (q[3] & (1 << i)) { out.push(data.s[i][1]); } }
      return out.join("・");
    }

    // what a resource has of its own: the kind, target states and schedule (one line for
    // the kind and states in a place's list, which is long enough already)
    function resourceLines(box, q, compact) {
      if (compact) { line(box, "", data.c[q[2]][1] + "（対象：" + states(q) + "）"); }
      else { line(box, "", data.c[q[2]][1]); line(box, "", "対象：" + states(q)); }
      if (q[9]) { line(box, "", "日時：" + q[9]); }
    }

    function links(box, q, district) {
      box.appendChild(link("くわしく見る", district[1] + "#r-" + q[6]));
      if (window.AtlasMyList && window.AtlasMyList.available) { box.appendChild(myListButton(district[3] + "/" + q[6], district[4])); }
    }

    function popupNode(layer) {
      clearOfControls(map, layer.getPopup());
      var district = data.d[p[4]];
      var box = el("div", "atlas-popup");
      box.appendChild(el("strong", "atlas-popup-title", p[5]));
      if (rows.length === 1) { resourceLines(box, p); }
      if (p[10]) { line(box, "", "場所：" + p[10]); }
      if (opts.district) { line(box, "", "地区：" + district[0]); }
      if (p[7]) { line(box, "atlas-popup-note", opts.approxLabel); }
      if (district[2]) { line(box, "atlas-demo-line", "サンプル（架空のデータ）"); }
      if (rows.length === 1) { links(box, p, district); return box; }
      line(box, "", "この場所のサービス（" + rows.length + "）");
      var list = el("ul", "atlas-popup-services");
      for (var i = 0; i < rows.length; i++) {
        var item = el("li", "atlas-popup-service");
        item.appendChild(el("strong", "", labels[i]));
        resourceLines(item, rows[i], true);
        links(item, rows[i], district);
        list.appendChild(item);
      }
      box.appendChild(list);
      return box;
    }

    function tooltipNode(layer) {
      var n = layer.atlasRows.length;
      return el("span", "", layer.atlasPoint[5] + (n > 1 ? "（" + n + "つのサービス）" : ""));
    }

    var m = L.circleMarker(latLng(p), { radius: opts.cluster ? 9 : 10, color: "#000", weight: 2,
                                        dashArray: p[7] ? "4 3" : null, fillColor: data.c[p[2]][2],
                                        fillOpacity: 0.9 });
    m.atlasPoint = p;
    m.atlasRows = rows;
    m.atlasWeight = rows.length;
    m.bindTooltip(tooltipNode);
    m.bindPopup(popupNode, { maxWidth: 280 });
    // the place's schedule rules, all its services' (open when one of them is)
    function rules() {
      var out = [];
      for (var i = 0; i < rows.length; i++) { out = out.concat((data.h && data.h[rows[i][8]]) || []); }
      return out;
    }
    keyboardMarker(m, p[5] + (rows.length > 1 ? "（" + rows.length + "つのサービス）" : "、" + data.c[p[2]][1]), rules);
    return m;
  }

  // A marker is a Tab stop of its own (Chromium focuses Leaflet's interactive paths): give it
  // a name and make Enter or Space open its popup with the focus inside; Escape closes it
  // (Leaflet) and the focus returns to the marker. The name says whether the place is open
  // (atlas-filter.js, the front door's words); it changes with the clock, so it is made
  // again whenever the marker takes focus.
  function keyboardMarker(m, name, rules) {
    var byKey = false;
    function label() {
      var words = window.AtlasFilter && rules ? window.AtlasFilter.openWords(rules(), new Date()) : "";
      return name + (words ? "、" + words : "") + "（地図の印。Enter で詳しく）";
    }
    m.on("add", function () {
      var path = m.getElement && m.getElement();
      if (!path || path.getAttribute("data-atlas-key")) { return; }
      path.setAttribute("data-atlas-key", "1");
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", label());
      path.addEventListener("focus", function () { path.setAttribute("aria-label", label()); });
      path.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " " || e.keyCode === 13 || e.keyCode === 32) {
          if (e.preventDefault) { e.preventDefault(); }
          byKey = true;
          m.openPopup();
        }
      });
    });
    m.on("popupopen", function (e) {
      var box = e.popup.getElement(), close = box && box.querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", "閉じる"); close.setAttribute("title", "閉じる"); }
      if (!byKey || !box) { return; }
      byKey = false;
      var first = box.querySelector(".leaflet-popup-content a, .leaflet-popup-content button");
      if (first) { first.focus(); }
      var onKey = function (k) {
        if (k.key === "Escape" || k.keyCode === 27) { m.closePopup(); }
      };
      box.addEventListener("keydown", onKey);
      m.once("popupclose", function () {
        box.removeEventListener("keydown", onKey);
        var path = m.getElement && m.getElement();
        if (path && document.activeElement && (document.activeElement === document.body || box.contains(document.activeElement))) {
          path.focus();
        }
      });
    });
  }

  // Leaflet's zoom buttons say "Zoom in"/"Zoom out": in Japanese, on every map of the site
  function japaneseZoom(map) {
    var box = map.getContainer(), names = [["in", "拡大"], ["out", "縮小"]];
    for (var i = 0; i < names.length; i++) {
      var b = box.querySelector(".leaflet-control-zoom-" + names[i][0]);
      if (b) { b.setAttribute("title", names[i][1]); b.setAttribute("aria-label", names[i][1]); }
    }
  }

  // One marker a place: the points `data.g` lists together are one place (a facility listed
  // once per service); every other point is a place of its own. In the order of `data.p`.
  function placeMarkers(map, data, opts) {
    var groups = data.g || [], placeOf = {}, done = {}, markers = [], i, j;
    for (i = 0; i < groups.length; i++) {
      for (j = 0; j < groups[i].length; j++) { placeOf[groups[i][j][0]] = i; }
    }
    for (i = 0; i < data.p.length; i++) {
      if (!placeOf.hasOwnProperty(i)) { markers.push(pointMarker(map, data, [data.p[i]], [], opts)); continue; }
      var k = placeOf[i];
      if (done[k]) { continue; }
      done[k] = true;
      var rows = [], labels = [];
      for (j = 0; j < groups[k].length; j++) { rows.push(data.p[groups[k][j][0]]); labels.push(groups[k][j][1]); }
      markers.push(pointMarker(map, data, rows, labels, opts));
    }
    return markers;
  }

  // How many of a marker's resources `test` lets through (all of them without a test): the
  // marker shows when any does, and counts that many in its cluster (the counts, as the
  // worksheet, count resources, not places).
  function passing(marker, test) {
    var rows = marker.atlasRows, n = 0;
    for (var i = 0; i < rows.length; i++) { if (!test || test(rows[i])) { n++; } }
    marker.atlasWeight = n;
    return n;
  }

  // the markers `test` shows, and how many resources they hold
  function shownOf(markers, test) {
    var list = [], n = 0;
    for (var i = 0; i < markers.length; i++) {
      var k = passing(markers[i], test);
      if (k) { list.push(markers[i]); n += k; }
    }
    return { list: list, n: n };
  }

  // ---- filters: the district list's (resource-filter.js), schedule logic in atlas-filter.js ----

  // what the legend's inputs select: {cats: {index: true}, mask: state bits, day, time, today, all}
  function readFilter(box) {
    var f = { cats: {}, mask: 0, day: "", time: "", today: false, all: true };
    var inputs = box.querySelectorAll("input, select");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.name === "cat" || input.name === "state") {
        if (!input.checked) { f.all = false; continue; }
        if (input.name === "cat") { f.cats[input.value] = true; } else { f.mask |= 1 << Number(input.value); }
      } else if (input.name === "today") {
        f.today = input.checked;
      } else if (input.name === "day" || input.name === "time") {
        f[input.name] = input.value;
      }
    }
    if (window.AtlasFilter.active(f)) { f.all = false; }
    return f;
  }

  // a test of one point row of `data`'s schedule table against `f` (each rule list once)
  function pointTest(f, data) {
    var date = new Date(), ok = [];
    for (var i = 0; i < data.h.length; i++) { ok.push(window.AtlasFilter.scheduleMatches(data.h[i], f, date)); }
    return function (p) { return !!(f.cats[p[2]] && (p[3] & f.mask) && ok[p[8]]); };
  }

  function checkbox(name, value, label, color) {
    var row = el("label", "atlas-filter-row");
    var input = el("input");
    input.type = "checkbox"; input.name = name; input.value = value; input.checked = true;
    row.appendChild(input);
    if (color) { row.appendChild(swatch(color)); }
    text(row, label);
    return row;
  }

  function select(name, label, choices) {
    var row = el("label", "atlas-filter-row atlas-filter-select");
    text(row, label + " ");
    var input = el("select");
    input.name = name;
    for (var i = 0; i < choices.length; i++) {
      var option = el("option", "", choices[i][1]);
      option.value = choices[i][0];
      input.appendChild(option);
    }
    row.appendChild(input);
    return row;
  }

  // The legend and its filters: categories (with their counts and colours), target states,
  // weekday, time of day and 「今日開いている」, as on the district page. `changed(f)` runs on
  // every change; returns the status line (表示中 n / total 件).
  function filterLegend(map, tables, counts, opts, notes, changed) {
    var status;
    legendControl(map, "凡例・絞り込み", function (box, body) {
      var cats = el("fieldset");
      cats.appendChild(el("legend", "", "資源の種類"));
      for (var c = 0; c < tables.c.length; c++) {
        if (counts[c]) { cats.appendChild(checkbox("cat", c, tables.c[c][1] + "（" + counts[c] + "）", tables.c[c][2])); }
      }
      var sts = el("fieldset");
      sts.appendChild(el("legend", "", "対象"));
      for (var s = 0; s < tables.s.length; s++) { sts.appendChild(checkbox("state", s, tables.s[s][1])); }
      var when = el("fieldset");
      when.appendChild(el("legend", "", "日時"));
      when.appendChild(select("day", "曜日", [["", "すべて"]].concat(opts.days || [])));
      when.appendChild(select("time", "時間帯", [["", "すべて"], ["am", "午前"], ["pm", "午後"]]));
      var today = el("label", "atlas-filter-row");
      var input = el("input");
      input.type = "checkbox"; input.name = "today";
      today.appendChild(input);
      text(today, "今日開いている");
      when.appendChild(today);
      var reset = el("button", "atlas-filter-reset", "条件をはずす");
      reset.type = "button";
      reset.addEventListener("click", function () {
        var inputs = box.querySelectorAll("input, select");
        for (var i = 0; i < inputs.length; i++) {
          if (inputs[i].type === "checkbox") { inputs[i].checked = inputs[i].name !== "today"; }
          else { inputs[i].value = ""; }
        }
        changed(readFilter(box));
      });
      body.appendChild(cats);
      body.appendChild(sts);
      body.appendChild(when);
      body.appendChild(reset);
      for (var n = 0; n < notes.length; n++) { body.appendChild(notes[n]); }
      status = el("p", "atlas-filter-status");
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      box.appendChild(status);
      box.addEventListener("change", function () { changed(readFilter(box)); });
    });
    return status;
  }

  function approxNote(opts) {
    var note = el("p", "atlas-legend-note");
    note.appendChild(swatch("#ffffff", true));
    text(note, "点線の印：" + opts.approxLabel);
    return note;
  }

  function allPass(tables) {
    var f = { cats: {}, mask: (1 << tables.s.length) - 1, day: "", time: "", today: false, all: true };
    for (var c = 0; c < tables.c.length; c++) { f.cats[c] = true; }
    return f;
  }

  // A district's or a municipality's map: every point of one points file.
  function points(map, src, opts) {
    var data = source(src);
    if (!data) { return; }
    var layer = clusterLayer(opts);
    var markers = placeMarkers(map, data, opts), latlngs = [], counts = {}, anyApprox = false;
    for (var i = 0; i < data.p.length; i++) {
      var p = data.p[i];
      latlngs.push(latLng(p));
      counts[p[2]] = (counts[p[2]] || 0) + 1;
      if (p[7]) { anyApprox = true; }
    }

    var status;
    function show(f) {
      var shown = shownOf(markers, f.all ? null : pointTest(f, data)), list = shown.list;
      layer.clearLayers();
      if (opts.cluster) { layer.addLayers(list); }
      else { for (var k = 0; k < list.length; k++) { layer.addLayer(list[k]); } }
      status.textContent = "表示中 " + shown.n + " / " + data.p.length + " 件";
    }

    status = filterLegend(map, data, counts, opts, anyApprox ? [approxNote(opts)] : [], show);
    fit(map, latlngs, opts.maxZoom); // first, so that the markers are drawn once, at this view
    offlineNote(map, function () { fit(map, latlngs, opts.maxZoom); });
    japaneseZoom(map);
    show(allPass(data));
    closeTooltipOnPopup(layer);
    map.addLayer(layer);
    map.atlasLayer = layer;
    api.map = map;
  }

  // ---- the national map: counts per municipality, points where the view comes close ----

  // <script src> (not fetch), so that it works from file:// too
  function loadScript(url, done) {
    var script = document.createElement("script");
    script.src = url;
    script.onload = function () { done(true); };
    script.onerror = function () { done(false); };
    document.head.appendChild(script);
  }

  function national(map, src, opts) {
    var data = source(src);
    if (!data) { return; }
    var files = data.u;
    var layer = clusterLayer(opts);
    var filter = allPass(data), profiles = null, status, pending = 0;

    // one entry per municipality: its count marker until its points are loaded
    var munis = [];
    for (var i = 0; i < data.m.length; i++) {
      munis.push({ row: data.m[i], index: i, shown: data.m[i][4], marker: null, points: null, markers: null,
                   state: "counts" }); // counts → loading → points (or failed)
    }

    function bounds(m) {
      return L.latLngBounds([m.row[5] / SCALE, m.row[6] / SCALE], [m.row[7] / SCALE, m.row[8] / SCALE]);
    }

    function countPopupNode(layer) {
      clearOfControls(map, layer.getPopup());
      var m = layer.atlasMuni, row = m.row;
      var box = el("div", "atlas-popup");
      box.appendChild(el("strong", "atlas-popup-title", row[1]));
      line(box, "", filter.all ? "地図に表示する資源 " + row[4] + " 件"
                               : "条件に合う資源 " + m.shown + " 件（地図に表示する資源 " + row[4] + " 件）");
      if (row[9]) { line(box, "atlas-demo-line", "サンプル（架空のデータ）を含みます"); }
      var zoom = el("button", "atlas-zoom-in", "拡大して1件ずつ見る");
      zoom.type = "button";
      zoom.addEventListener("click", function () {
        map.closePopup();
        var options = padding(map);
        options.maxZoom = opts.maxZoom;
        map.fitBounds(bounds(m), options);
      });
      var actions = el("div", "atlas-popup-actions");
      actions.appendChild(zoom);
      box.appendChild(actions);
      box.appendChild(link("市区町村の資源の一覧", files.page[0] + row[0] + files.page[1]));
      return box;
    }

    function countTooltipNode(layer) {
      var m = layer.atlasMuni;
      return el("span", "", m.row[1] + "（" + m.shown + " 件）");
    }

    function countMarker(m) {
      if (!m.marker) {
        m.marker = L.marker([m.row[2] / SCALE, m.row[3] / SCALE], { icon: countIcon(m.shown, " atlas-aggregate"),
                                                                   keyboard: true });
        m.marker.atlasMuni = m;
        m.marker.bindTooltip(countTooltipNode);
        m.marker.bindPopup(countPopupNode, { maxWidth: 280 });
      } else if (m.marker.atlasWeight !== m.shown) {
        m.marker.setIcon(countIcon(m.shown, " atlas-aggregate"));
      }
      m.marker.atlasWeight = m.shown;
      return m.marker;
    }

    // how many of a municipality's points the filter lets through, from the profiles file
    var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    function profileCounts(f) {
      var date = new Date(), rulesOk = [], ok = [], i, j;
      for (i = 0; i < profiles.h.length; i++) { rulesOk.push(window.AtlasFilter.scheduleMatches(profiles.h[i], f, date)); }
      for (i = 0; i < profiles.k.length; i++) {
        var k = profiles.k[i];
        ok.push(!!(f.cats[k[0]] && (k[1] & f.mask) && rulesOk[k[2]]));
      }
      var w = profiles.w, out = [];
      for (i = 0; i < profiles.m.length; i++) {
        var s = profiles.m[i], n = 0;
        for (j = 0; j < s.length; j += w) {
          var index = 0;
          for (var d = 0; d < w; d++) { index = index * 64 + DIGITS.indexOf(s.charAt(j + d)); }
          if (ok[index]) { n++; }
        }
        out.push(n);
      }
      return out;
    }

    // the markers a municipality shows now, under the filter
    function shownMarkers(m) {
      if (m.state !== "points") { return m.shown ? [countMarker(m)] : []; }
      var shown = shownOf(m.markers, filter.all ? null : pointTest(filter, m.points));
      m.shown = shown.n;
      return shown.list;
    }

    function showStatus() {
      var n = 0;
      for (var i = 0; i < munis.length; i++) { n += munis[i].shown; }
      status.textContent = "表示中 " + n + " / " + data.n + " 件";
    }

    function showAll() {
      var counted = null;
      if (!filter.all && profiles) { counted = profileCounts(filter); }
      var list = [];
      for (var i = 0; i < munis.length; i++) {
        var m = munis[i];
        if (m.state !== "points") { m.shown = filter.all ? m.row[4] : (counted ? counted[i] : m.shown); }
        list = list.concat(shownMarkers(m));
      }
      layer.clearLayers();
      layer.addLayers(list);
      showStatus();
    }

    function busy(delta) {
      pending += delta;
      map.getContainer().setAttribute("aria-busy", pending > 0 ? "true" : "false");
    }

    // the profiles file is loaded the first time a filter is set while some municipality
    // shows a count (with every municipality's points loaded, the points are enough)
    var profilesLoading = false;
    function changed(f) {
      filter = f;
      var counts = 0;
      for (var i = 0; i < munis.length; i++) { if (munis[i].state !== "points") { counts++; } }
      if (f.all || profiles || !counts) { showAll(); return; }
      if (profilesLoading) { return; } // shown once it is here
      profilesLoading = true;
      busy(1);
      loadScript(files.filters, function () {
        busy(-1);
        profilesLoading = false;
        profiles = (window.ATLAS_POINTS || {})[files.filtersKey] || null;
        showAll();
      });
    }

    // a municipality's own points file, loaded into the map in place of its count
    function load(m) {
      m.state = "loading";
      busy(1);
      var key = files.key + m.row[0];
      loadScript(files.points[0] + m.row[0] + files.points[1], function () {
        busy(-1);
        var points = (window.ATLAS_POINTS || {})[key];
        if (!points) { m.state = "failed"; return; }
        var before = m.marker && m.shown ? [m.marker] : [];
        m.points = points;
        m.markers = placeMarkers(map, points, opts);
        m.state = "points";
        if (before.length) { layer.removeLayers(before); }
        layer.addLayers(shownMarkers(m));
        showStatus();
        forget();
      });
    }

    // back to a count: the points of municipalities out of view, beyond opts.keepPoints
    function forget() {
      var view = map.getBounds(), kept = 0, counted = null, i;
      for (i = 0; i < munis.length; i++) { if (munis[i].state === "points") { kept += munis[i].points.p.length; } }
      if (kept <= opts.keepPoints || (!filter.all && !profiles)) { return; }
      for (i = 0; i < munis.length && kept > opts.keepPoints; i++) {
        var m = munis[i];
        if (m.state !== "points" || view.intersects(bounds(m))) { continue; }
        layer.removeLayers(shownMarkers(m));
        kept -= m.points.p.length;
        m.points = m.markers = null;
        m.state = "counts";
        delete window.ATLAS_POINTS[files.key + m.row[0]];
        if (!filter.all) { counted = counted || profileCounts(filter); }
        m.shown = filter.all ? m.row[4] : counted[m.index];
        if (m.shown) { layer.addLayer(countMarker(m)); }
      }
    }

    // load the points of the municipalities in view when they are few enough together
    function detail() {
      var view = map.getBounds(), n = 0, want = [];
      for (var i = 0; i < munis.length; i++) {
        var m = munis[i];
        if (!view.intersects(bounds(m))) { continue; }
        n += m.row[4];
        if (m.state === "counts") { want.push(m); }
      }
      if (n > opts.detailBudget) { return; }
      for (var j = 0; j < want.length; j++) { load(want[j]); }
    }

    var notes = [el("p", "atlas-legend-note", "四角の数：市区町村ごとの資源の数です（押して拡大すると1件ずつ表示します）")];
    status = filterLegend(map, data, data.t, opts, data.a ? notes.concat([approxNote(opts)]) : notes, changed);
    busy(0);
    var corners = [];
    for (var c = 0; c < munis.length; c++) {
      corners.push([munis[c].row[5] / SCALE, munis[c].row[6] / SCALE], [munis[c].row[7] / SCALE, munis[c].row[8] / SCALE]);
    }
    fit(map, corners, opts.maxZoom); // first, so that the counts are drawn once, at this view
    offlineNote(map, function () { fit(map, corners, opts.maxZoom); });
    japaneseZoom(map);
    showAll();
    closeTooltipOnPopup(layer);
    map.addLayer(layer);
    map.on("moveend", detail);
    detail();
    map.atlasLayer = layer;
    api.map = map;
    api.busy = function () { return pending > 0; };
  }

  // ---- case places: the national case map and each case's small map ----

  function cases(map, src, opts) {
    var data = source(src);
    if (!data) { return; }

    function popupNode(layer) {
      clearOfControls(map, layer.getPopup());
      var p = layer.atlasPoint;
      var box = el("div", "atlas-popup");
      box.appendChild(el("strong", "atlas-popup-title", p[2]));
      for (var i = 0; i < p[3].length; i++) {
        var c = data.c[p[3][i]];
        var row = el("div");
        row.appendChild(link(c[0], c[1]));
        box.appendChild(row);
      }
      line(box, "atlas-popup-note", data.n);
      return box;
    }

    function tooltipNode(layer) { return el("span", "", layer.atlasPoint[2]); }

    var layer = L.featureGroup(), latlngs = [];
    for (var i = 0; i < data.p.length; i++) {
      var p = data.p[i];
      var m = L.circleMarker(latLng(p), { radius: 9, color: "#000", weight: 2, fillColor: "#1f5fa8",
                                          fillOpacity: 0.9 });
      m.atlasPoint = p;
      m.bindTooltip(tooltipNode);
      m.bindPopup(popupNode, { maxWidth: 280 });
      keyboardMarker(m, p[2] + "（事例のある市区町村）");
      layer.addLayer(m);
      latlngs.push(latLng(p));
    }
    if (data.t) {
      legendControl(map, "凡例", function (box, body) {
        body.appendChild(el("p", "atlas-legend-title", data.t));
        var row = el("p");
        row.appendChild(swatch("#1f5fa8"));
        text(row, "事例のある市区町村（" + data.p.length + "）");
        body.appendChild(row);
        body.appendChild(el("p", "atlas-legend-note", data.n));
      });
    }
    closeTooltipOnPopup(layer);
    map.addLayer(layer);
    fit(map, latlngs, opts.maxZoom);
    offlineNote(map, function () { fit(map, latlngs, opts.maxZoom); });
    japaneseZoom(map);
    map.atlasLayer = layer;
    api.map = map;
  }

  var api = { points: points, national: national, cases: cases, fit: fit, map: null,
              busy: function () { return false; } };
  window.AtlasMap = api;
})();
