/* Every map of the site: markers, popups, tooltips, legend and filters from plain JSON
   data (generator/render/mapdata.py). Text reaches the page through DOM nodes and
   textContent only: Leaflet is given elements, or functions returning elements (named
   ...Node), never an HTML string. ES5 for older phones. */
(function () {
  "use strict";
  var SCALE = 100000;
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

  // a folder link opened from file:// (the offline copy) shows a directory listing: point it
  // at index.html, as generator/render/offline.py does for the links in pages
  function pageUrl(u) {
    return window.location.protocol === "file:" ? u.replace(/\/(?=[?#]|$)/, "/index.html") : u;
  }

  function link(text, href) {
    var a = el("a", "", text);
    a.href = pageUrl(href);
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

  function fit(map, latlngs, maxZoom) {
    if (!latlngs.length) { return; }
    var options = padding(map);
    options.maxZoom = maxZoom;
    options.animate = false;
    map.fitBounds(L.latLngBounds(latlngs), options);
  }

  // ---- resource points: district, municipality and national maps ----

  function clusterIconNode(cluster) {
    var n = cluster.getChildCount();
    var inner = el("div");
    inner.appendChild(el("span", "", String(n)));
    return inner;
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? "small" : (n < 100 ? "medium" : "large");
    return L.divIcon({ html: clusterIconNode(cluster), className: "marker-cluster marker-cluster-" + size,
                       iconSize: L.point(40, 40) });
  }

  function points(map, src, opts) {
    var data = source(src);
    if (!data) { return; }
    var approxLabel = opts.approxLabel;

    function states(p) {
      var out = [];
      for (var i = 0; i < data.s.length; i++) { if (p[3] & (1 << i)) { out.push(data.s[i][1]); } }
      return out.join("・");
    }

    function popupNode(layer) {
      clearOfControls(map, layer.getPopup());
      var p = layer.atlasPoint, district = data.d[p[4]];
      var box = el("div", "atlas-popup");
      box.appendChild(el("strong", "atlas-popup-title", p[5]));
      line(box, "", data.c[p[2]][1]);
      line(box, "", "対象：" + states(p));
      if (p[8]) { line(box, "", "日時：" + p[8]); }
      if (p[9]) { line(box, "", "場所：" + p[9]); }
      if (opts.district) { line(box, "", "地区：" + district[0]); }
      if (p[7]) { line(box, "atlas-popup-note", approxLabel); }
      if (district[2]) { line(box, "atlas-demo-line", "サンプル（架空のデータ）"); }
      box.appendChild(link("くわしく見る", district[1] + "#r-" + p[6]));
      return box;
    }

    function tooltipNode(layer) { return el("span", "", layer.atlasPoint[5]); }

    var layer = opts.cluster
      ? L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45, showCoverageOnHover: false,
                               iconCreateFunction: clusterIcon })
      : L.featureGroup();
    var markers = [], latlngs = [], counts = {}, anyApprox = false;
    for (var i = 0; i < data.p.length; i++) {
      var p = data.p[i];
      var ll = latLng(p);
      var m = L.circleMarker(ll, { radius: opts.cluster ? 9 : 10, color: "#000", weight: 2,
                                   dashArray: p[7] ? "4 3" : null, fillColor: data.c[p[2]][2],
                                   fillOpacity: 0.9 });
      m.atlasPoint = p;
      m.bindTooltip(tooltipNode);
      m.bindPopup(popupNode, { maxWidth: 280 });
      markers.push(m);
      latlngs.push(ll);
      counts[p[2]] = (counts[p[2]] || 0) + 1;
      if (p[7]) { anyApprox = true; }
    }

    var status;
    function show(list) {
      if (opts.cluster) { layer.clearLayers(); layer.addLayers(list); }
      else { layer.clearLayers(); for (var j = 0; j < list.length; j++) { layer.addLayer(list[j]); } }
      status.textContent = "表示中 " + list.length + " / " + markers.length + " 件";
    }

    // a resource shows when its category is on and at least one of its target states is on
    function apply(box) {
      var cat = {}, stateMask = 0;
      var inputs = box.getElementsByTagName("input");
      for (var i = 0; i < inputs.length; i++) {
        if (!inputs[i].checked) { continue; }
        if (inputs[i].name === "cat") { cat[inputs[i].value] = true; }
        else { stateMask |= 1 << Number(inputs[i].value); }
      }
      var shown = [];
      for (var j = 0; j < markers.length; j++) {
        var p = markers[j].atlasPoint;
        if (cat[p[2]] && (p[3] & stateMask)) { shown.push(markers[j]); }
      }
      show(shown);
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

    legendControl(map, "凡例・絞り込み", function (box, body) {
      var cats = el("fieldset");
      cats.appendChild(el("legend", "", "資源の種類"));
      for (var c = 0; c < data.c.length; c++) {
        if (counts[c]) { cats.appendChild(checkbox("cat", c, data.c[c][1] + "（" + counts[c] + "）", data.c[c][2])); }
      }
      var sts = el("fieldset");
      sts.appendChild(el("legend", "", "対象の状態"));
      for (var s = 0; s < data.s.length; s++) { sts.appendChild(checkbox("state", s, data.s[s][1])); }
      body.appendChild(cats);
      body.appendChild(sts);
      if (anyApprox) {
        var note = el("p", "atlas-legend-note");
        note.appendChild(swatch("#ffffff", true));
        text(note, "点線の印：" + approxLabel);
        body.appendChild(note);
      }
      status = el("p", "atlas-filter-status");
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      box.appendChild(status);
      box.addEventListener("change", function () { apply(box); });
    });

    show(markers);
    closeTooltipOnPopup(layer);
    map.addLayer(layer);
    fit(map, latlngs, opts.maxZoom);
    map.atlasLayer = layer;
    api.map = map;
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
    map.atlasLayer = layer;
    api.map = map;
  }

  var api = { points: points, cases: cases, fit: fit, map: null };
  window.AtlasMap = api;
})();
