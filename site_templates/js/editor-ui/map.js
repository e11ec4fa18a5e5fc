/* The editor's location picker: a Leaflet map (served from the site, GSI tiles) where a click
   sets latitude and longitude. It never chooses how the place is published: the precision
   stays whatever the contributor selected (nothing, at first). */
var open = null;  // { box, map }

function close() {
  if (!open) { return; }
  open.map.remove();
  while (open.box.firstChild) { open.box.removeChild(open.box.firstChild); }
  open.box.hidden = true;
  open = null;
}

/** Opens the map in `box` (or closes it when it is already open there). */
function toggle(box, where, onPick) {
  if (open && open.box === box) { close(); return; }
  close();
  if (!window.L) { return; }
  var L = window.L;
  box.hidden = false;
  var help = document.createElement("p");
  help.className = "atlas-editor-help";
  help.textContent = "地図をクリック（タップ）すると、その位置の緯度・経度が入ります。位置の公開のしかたは別に選んでください。";
  var canvas = document.createElement("div");
  canvas.className = "atlas-editor-map";
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-label", "位置を選ぶ地図（緯度・経度の欄にも直接入力できます）");
  box.appendChild(help);
  box.appendChild(canvas);
  var has = typeof where.lat === "number" && typeof where.lon === "number";
  var center = has ? [where.lat, where.lon] : (where.center || [36.5, 137.0]);
  var map = L.map(canvas, { center: center, zoom: has ? 16 : (where.center ? 13 : 5) });
  L.tileLayer("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png",
              { maxZoom: 18, attribution: "地理院タイル" }).addTo(map);
  var marker = has ? L.circleMarker(center, { radius: 8 }).addTo(map) : null;
  map.on("click", function (e) {
    var lat = Math.round(e.latlng.lat * 1e6) / 1e6, lon = Math.round(e.latlng.lng * 1e6) / 1e6;
    if (marker) { marker.setLatLng([lat, lon]); } else { marker = L.circleMarker([lat, lon], { radius: 8 }).addTo(map); }
    onPick(lat, lon);
  });
  open = { box: box, map: map };
}

export { close, toggle };
