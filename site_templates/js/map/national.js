/* The national map: counts per municipality, points where the view comes close (each
   municipality's points file loaded then, and let go again out of view). */
import { loadScript } from "../load-script.js";
import { api } from "./api.js";
import { allPass, approxNote, filterLegend, pointTest } from "./legend.js";
import { clusterLayer, countIcon, placeMarkers, shownOf } from "./markers.js";
import { SCALE, el, line, link, source } from "./nodes.js";
import { clearOfControls, fit, japaneseZoom, offlineNote, padding, closeTooltipOnPopup } from "./view.js";

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

export { national };
