/* A district map's points data, made from the page's record as generator/render/mapdata.py
   points_data(atlas, [district], detail=True) makes it for the other maps: every public
   point (the record holds only what may be shown: approximate points rounded, hidden ones
   without lat/lon). Pure. */

function round(x) {  // Python's round(): a tie goes to the even number
  var r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
// a rule list's key, whatever the order of each rule's fields (as json.dumps(sort_keys=True))
function rulesKey(rules) {
  return JSON.stringify(rules.map(function (r) {
    var out = {};
    Object.keys(r).sort().forEach(function (k) { out[k] = r[k]; });
    return out;
  }));
}

/** The points data of `record` (`mapData`: the page's map data; `district`, `municipality`:
    the page's ids). */
function points(record, mapData, district, municipality) {
  var cat = {}, bit = {}, list = [], h = [[]], hIndex = { "[]": 0 }, at = {};
  mapData.c.forEach(function (c, i) { cat[c[0]] = i; });
  mapData.s.forEach(function (s, i) { bit[s[0]] = 1 << i; });
  (record.resources || []).forEach(function (r) {
    var loc = r.location;
    if (!loc || typeof loc.lat !== "number" || typeof loc.lon !== "number") { return; }
    var bits = 0;
    (r.target_states || []).forEach(function (s) { bits += bit[s] || 0; });
    var rules = (r.schedule && r.schedule.rules) || [], key = rulesKey(rules);
    if (!hIndex.hasOwnProperty(key)) { hIndex[key] = h.length; h.push(rules); }
    at[r.id] = list.length;
    list.push([round(loc.lat * 100000), round(loc.lon * 100000), cat[r.category], bits, 0, r.name, r.id,
               loc.precision === "approximate" ? 1 : 0, hIndex[key], r.schedule ? r.schedule.text : "",
               r.address || ""]);
  });
  // places of several resources (mapData.g, by resource id) as points data's "g", by point
  var g = [];
  (mapData.g || []).forEach(function (group) {
    var members = group.filter(function (m) { return at.hasOwnProperty(m[0]); });
    if (members.length > 1) { g.push(members.map(function (m) { return [at[m[0]], m[1]]; })); }
  });
  // 「くわしく見る」 leads to "#r-<id>" of this page; マイリスト keeps <district>/<resource>
  return { c: mapData.c, s: mapData.s, h: h, p: list, g: g,
           d: [[record.name, "", record.demo ? 1 : 0, district, municipality]] };
}

export { points, round, rulesKey };
