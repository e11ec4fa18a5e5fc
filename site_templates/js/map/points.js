/* A district's or a municipality's map: every point of one points file. */
import { api } from "./api.js";
import { allPass, approxNote, filterLegend, pointTest } from "./legend.js";
import { clusterLayer, placeMarkers, shownOf } from "./markers.js";
import { latLng, source } from "./nodes.js";
import { closeTooltipOnPopup, fit, japaneseZoom, offlineNote } from "./view.js";

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

export { points };
