/* The places near a point: the municipalities whose places are near it (from the boxes of
   prefectures, window.ATLAS_NEAR, and of their municipalities, search/near/m-<prefecture>.js:
   generator/render/nearby.py), and the places of their points files (maps/points-m-<code>.js, the
   maps' own: public points only, hidden places never, approximate ones at their rounded point). */
import { loadAll } from "./load.js";
import { SCALE, byDistance } from "./distance.js";

var AROUND = 3000;               // m: municipalities whose places lie this close are loaded too,
var MUNICIPALITIES = 4;          // at most this many (the nearest always)

// the municipality boxes of these prefectures (search/near/m-<code>.js), then done()
var boxes = {};
// a prefecture's boxes (window.AtlasNearBoxes, called by the file itself)
function addBoxes(code, rows) { if (!boxes[code]) { boxes[code] = rows; } }
function loadBoxes(codes, root, done) {
  var missing = codes.filter(function (code) { return /^\d{2}$/.test(code) && !boxes[code]; });
  loadAll(missing.map(function (code) { return "search/near/m-" + code + ".js"; }), root, done);
}
function municipalitiesOf(prefectures, lat, lon) {
  var rows = [];
  prefectures.forEach(function (p) { rows = rows.concat(boxes[p.code] || []); });
  return byDistance(rows, lat, lon);
}
// done(the municipalities whose places are near the point: the nearest, and others within
// AROUND, at most MUNICIPALITIES). A prefecture's box holds its municipalities' boxes, so
// one closer than the nearest prefecture's nearest is in a prefecture at most that far.
// `near`: window.ATLAS_NEAR (its "p": the prefectures' boxes).
function municipalitiesNear(near, lat, lon, root, done) {
  var prefectures = byDistance(near.p || [], lat, lon);
  if (!prefectures.length) { done([]); return; }
  loadBoxes([prefectures[0].code], root, function () {
    var first = municipalitiesOf([prefectures[0]], lat, lon);
    var reach = Math.max(AROUND, first.length ? first[0].d : 0);
    var inReach = prefectures.filter(function (p) { return p.d <= reach; });
    loadBoxes(inReach.map(function (p) { return p.code; }), root, function () {
      done(municipalitiesOf(inReach, lat, lon).filter(function (m, i) {
        return i === 0 || (m.d <= AROUND && i < MUNICIPALITIES);
      }).map(function (m) { return m.code; }));
    });
  });
}
function loadPoints(codes, root, done) {
  var missing = codes.filter(function (code) { return /^\d{6}$/.test(code) && !(window.ATLAS_POINTS || {})["m-" + code]; });
  loadAll(missing.map(function (code) { return "maps/points-m-" + code + ".js"; }), root, done);
}

// every place of the loaded municipalities: one entry per place (a facility listed once per
// service is one place, mapdata's "g"), with the rules of all its services
function placesOf(codes) {
  var out = [];
  codes.forEach(function (code) {
    var data = (window.ATLAS_POINTS || {})["m-" + code];
    if (!data) { return; }
    var member = {}, phones = {};
    (data.g || []).forEach(function (group) {
      for (var k = 1; k < group.length; k++) { member[group[k][0]] = group[0][0]; }
    });
    (data.t || []).forEach(function (t) { phones[t[0]] = t[1]; });
    var byLead = {};
    data.p.forEach(function (p, i) {
      var rules = data.h[p[8]] || [];
      if (member.hasOwnProperty(i)) {
        var lead = byLead[member[i]];
        if (lead) { lead.rules = lead.rules.concat(rules); lead.services++; if (!lead.tel && phones[i]) { lead.tel = phones[i]; } }
        return;
      }
      var d = data.d[p[4]];
      byLead[i] = { lat: p[0] / SCALE, lon: p[1] / SCALE, cat: (data.c[p[2]] || [])[1] || "", name: p[5], id: p[6],
                    approx: p[7] === 1, rules: rules, district: d[0], did: d[3], code: d[4], tel: phones[i] || "",
                    services: 1 };
      out.push(byLead[i]);
    });
  });
  return out;
}

export { addBoxes, loadPoints, municipalitiesNear, placesOf };
