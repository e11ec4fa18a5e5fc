/* Resource markers: a circle a place (its tooltip and popup built when they open), count
   icons of clusters and municipalities, and which markers a filter lets through. */
import { keyboardMarker } from "./keyboard.js";
import { el, latLng, line, link } from "./nodes.js";
import { clearOfControls } from "./view.js";

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

export { clusterLayer, countIcon, placeMarkers, shownOf };
