/* Fitting a map's view so that no marker starts under a control, popups clear of the
   controls, the note that the background needs the internet, and Leaflet's own words in
   Japanese. */
import { el } from "./nodes.js";

var MARGIN = 24; // px kept free around markers when fitting (a cluster icon's radius + a little)

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

// Leaflet's zoom buttons say "Zoom in"/"Zoom out": in Japanese, on every map of the site
function japaneseZoom(map) {
  var box = map.getContainer(), names = [["in", "拡大"], ["out", "縮小"]];
  for (var i = 0; i < names.length; i++) {
    var b = box.querySelector(".leaflet-control-zoom-" + names[i][0]);
    if (b) { b.setAttribute("title", names[i][1]); b.setAttribute("aria-label", names[i][1]); }
  }
}

export { clearOfControls, closeTooltipOnPopup, fit, japaneseZoom, offlineNote, padding };
