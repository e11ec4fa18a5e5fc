/* A district page's map: Leaflet in the page with the base layers and controls of
   generator/render/maps.py's maps, its markers by atlas-map.js (window.AtlasMap) from the
   points data of ./points.js, and 「地図を大きくする」. */
import { points } from "./points.js";

// GSI tiles; tests/test_maps.py checks these names and URLs against maps.GSI_LAYERS
var GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank" rel="noopener">地理院タイル</a>';
var GSI_LAYERS = [["地理院地図（標準）", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"],
                  ["地理院地図（淡色）", "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"]];

// 「地図を大きくする」: the map fills the window (instead of a separate map file)
function sizeButton(page, mapBox, map) {
  var size = page.querySelector("button.atlas-map-size");
  if (!size) { return; }
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

/** Draws the map of the page `d` (./data.js districtPage()) into #atlas-map, if Leaflet and
    atlas-map.js are there. */
function districtMap(d) {
  var mapBox = document.getElementById("atlas-map"), mapData = d.mapData;
  if (!mapBox || !mapData || !window.L || !window.AtlasMap) { return; }
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
  window.AtlasMap.points(map, points(d.record, mapData, d.district, d.municipality), mapData.options);
  sizeButton(d.page, mapBox, map);
}

export { districtMap };
