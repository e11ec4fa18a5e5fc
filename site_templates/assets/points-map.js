/* Municipality and national maps: markers from a compact data file, clustered
   (Leaflet.markercluster), with category / target-state filters. Text goes into the
   page with textContent only. ES5 for older phones. */
(function () {
  "use strict";
  var SCALE = 100000;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function popup(data, p) {
    var box = el("div", "atlas-popup");
    box.appendChild(el("strong", "", p[5]));
    box.appendChild(el("div", "", data.c[p[2]][1]));
    var states = [];
    for (var i = 0; i < data.s.length; i++) { if (p[3] & (1 << i)) { states.push(data.s[i][1]); } }
    box.appendChild(el("div", "", "対象：" + states.join("・")));
    var district = data.d[p[4]];
    box.appendChild(el("div", "", "地区：" + district[0]));
    if (p[7]) { box.appendChild(el("small", "", "おおよその位置（約1km単位に丸めています）")); }
    if (district[2]) { box.appendChild(el("div", "atlas-demo-line", "サンプル（架空のデータ）")); }
    var a = el("a", "", "くわしく見る");
    a.href = district[1] + "#r-" + p[6];
    a.target = "_parent";
    box.appendChild(a);
    return box;
  }

  function init(map, key) {
    var data = (window.ATLAS_POINTS || {})[key];
    if (!data) { return; }
    var cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45,
                                         showCoverageOnHover: false });
    var markers = [];
    var bounds = [];
    for (var i = 0; i < data.p.length; i++) {
      var p = data.p[i];
      var ll = [p[0] / SCALE, p[1] / SCALE];
      var m = L.circleMarker(ll, { radius: 9, color: "#000", weight: 2, fillColor: data.c[p[2]][2],
                                   fillOpacity: 0.9 });
      m.bindPopup((function (pt) { return function () { return popup(data, pt); }; })(p), { maxWidth: 280 });
      m.bindTooltip(p[5]);
      m.atlasPoint = p;
      markers.push(m);
      bounds.push(ll);
    }
    cluster.addLayers(markers);
    map.addLayer(cluster);
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 15); }

    // filters: categories and target states (a resource shows when its category is on
    // and at least one of its states is on)
    var control = L.control({ position: "topright" });
    var status;
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "atlas-filter-control");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var details = el("details");
      details.appendChild(el("summary", "", "絞り込み"));
      var counts = {};
      for (var i = 0; i < data.p.length; i++) { counts[data.p[i][2]] = (counts[data.p[i][2]] || 0) + 1; }
      function checkbox(name, value, label, color) {
        var row = el("label", "atlas-filter-row");
        var input = el("input");
        input.type = "checkbox"; input.name = name; input.value = value; input.checked = true;
        row.appendChild(input);
        if (color) { var sw = el("span", "swatch"); sw.style.background = color; row.appendChild(sw); }
        row.appendChild(document.createTextNode(label));
        return row;
      }
      var cats = el("fieldset"); cats.appendChild(el("legend", "", "資源の種類"));
      for (var c = 0; c < data.c.length; c++) {
        if (counts[c]) { cats.appendChild(checkbox("cat", c, data.c[c][1] + "（" + counts[c] + "）", data.c[c][2])); }
      }
      var sts = el("fieldset"); sts.appendChild(el("legend", "", "対象の状態"));
      for (var s = 0; s < data.s.length; s++) { sts.appendChild(checkbox("state", s, data.s[s][1])); }
      details.appendChild(cats); details.appendChild(sts);
      status = el("div", "atlas-filter-status");
      box.appendChild(status);
      box.appendChild(details);
      box.addEventListener("change", function () { apply(box); });
      return box;
    };
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
      cluster.clearLayers();
      cluster.addLayers(shown);
      status.textContent = "表示中 " + shown.length + " / " + markers.length + " 件";
    }
    control.addTo(map);
    status.textContent = "表示中 " + markers.length + " / " + markers.length + " 件";
    map.atlasCluster = cluster;
  }

  window.AtlasPoints = { init: init };
})();
