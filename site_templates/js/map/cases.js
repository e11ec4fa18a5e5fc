/* Case places: the national case map and each case's small map. */
import { api } from "./api.js";
import { keyboardMarker } from "./keyboard.js";
import { legendControl, swatch } from "./legend.js";
import { el, latLng, line, link, source, text } from "./nodes.js";
import { clearOfControls, closeTooltipOnPopup, fit, japaneseZoom, offlineNote } from "./view.js";

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

export { cases };
