/* Distances on the phone (the position never leaves it): metres between two points, their
   words, and boxes [code, south, west, north, east] by their distance from a point. Pure. */

var SCALE = 100000;              // mapdata.SCALE: coordinates are 1e-5 degrees

function metres(lat1, lon1, lat2, lon2) {
  var rad = Math.PI / 180, dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  var a = Math.sin(dlat / 2) * Math.sin(dlat / 2) +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dlon / 2) * Math.sin(dlon / 2);
  return 12742000 * Math.asin(Math.min(1, Math.sqrt(a)));
}
function distanceText(m) {
  if (m < 1000) { return "約 " + (Math.round(m / 10) * 10) + " m"; }
  return "約 " + (m < 10000 ? (Math.round(m / 100) / 10).toFixed(1) : Math.round(m / 1000)) + " km";
}
// [{code, d: metres from the point to the box}] of boxes [code, south, west, north, east], nearest first
function byDistance(rows, lat, lon) {
  var out = rows.map(function (b) {
    var la = Math.min(Math.max(lat, b[1] / SCALE), b[3] / SCALE);
    var lo = Math.min(Math.max(lon, b[2] / SCALE), b[4] / SCALE);
    return { code: b[0], d: metres(lat, lon, la, lo) };
  });
  out.sort(function (a, b) { return a.d - b.d; });
  return out;
}

export { SCALE, byDistance, distanceText, metres };
