/* generator/model/privacy.py: the address an `approximate` place may publish (cut to
   町丁目) and its rounded point. Tables from the build (editor.py: the kinds of characters,
   the place names). */
import { D } from "./data.js";
import { pyRound } from "./pynum.js";
import { WS, codePoints, cpLength, cpValue, pyRstrip, pyStrip } from "./pytext.js";
import { contains, has, hasOwn, keys } from "./values.js";

var PRIV = D.privacy;
var KINDS = PRIV.kinds;  // [first, last, kind] for every code point whose kind is not "s"
/** privacy.char_kind, from privacy.kind_ranges */
function charKind(ch) {
  var cp = cpValue(ch), lo = 0, hi = KINDS.length - 1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1, r = KINDS[mid];
    if (cp < r[0]) { hi = mid - 1; } else if (cp > r[1]) { lo = mid + 1; } else { return r[2]; }
  }
  return "s";
}
var SPACE_CHAR = new RegExp("^" + WS + "$"), TRAILING_WS = new RegExp(WS + "+$");
function byLengthDown(a, b) { return cpLength(b) - cpLength(a); }
/** privacy.place_names and _name_index: names by prefecture ("" = all) and first character */
var PLACES = (function () {
  var prefectures = keys(D.municipalities).sort(byLengthDown), index = { "": {} };
  function put(pref, name) {
    var first = codePoints(name)[0], at = index[pref];
    if (!has(at, first)) { at[first] = []; }
    if (!contains(at[first], name)) { at[first].push(name); }
  }
  for (var p = 0; p < prefectures.length; p++) {
    var list = D.municipalities[prefectures[p]];
    index[prefectures[p]] = {};
    for (var i = 0; i < list.length; i++) { put(prefectures[p], list[i][1]); put("", list[i][1]); }
  }
  for (var pref in index) {
    if (hasOwn.call(index, pref)) { for (var f in index[pref]) { if (hasOwn.call(index[pref], f)) { index[pref][f].sort(byLengthDown); } } }
  }
  return { prefectures: prefectures, index: index };
})();
function startsAt(t, i, word) {
  var w = codePoints(word);
  if (i + w.length > t.length) { return false; }
  for (var k = 0; k < w.length; k++) { if (t[i + k] !== w[k]) { return false; } }
  return true;
}
function spacesEnd(t, i) { while (i < t.length && SPACE_CHAR.test(t[i])) { i++; } return i; }
function runEnd(t, i, kinds) { while (i < t.length && kinds.indexOf(charKind(t[i])) >= 0) { i++; } return i; }
/** privacy._postcode_end */
function postcodeEnd(t, i) {
  if (t[i] === "〒") { i = spacesEnd(t, i + 1); }
  var first = runEnd(t, i, "n");
  if (first - i === 7) { return spacesEnd(t, first); }
  if (first - i !== 3) { return i; }
  var j = spacesEnd(t, first);
  if (j < t.length && (charKind(t[j]) === "d" || PRIV.longMarks.indexOf(t[j]) >= 0)) { j = spacesEnd(t, j + 1); }
  var second = runEnd(t, j, "n");
  return second - j === 4 ? spacesEnd(t, second) : i;
}
/** privacy._longest */
function longestName(t, i, pref) {
  var list = i < t.length && has(PLACES.index[pref] || {}, t[i]) ? PLACES.index[pref][t[i]] : [];
  for (var k = 0; k < list.length; k++) { if (startsAt(t, i, list[k])) { return list[k]; } }
  return "";
}
function isNamed(t, i, j) {
  if (j <= i) { return false; }
  for (var k = i; k < j; k++) { if ("lk".indexOf(charKind(t[k])) < 0) { return false; } }
  return true;
}
/** privacy._municipality_end */
function municipalityEnd(t, i) {
  var k;
  if (i < t.length && charKind(t[i]) === "o") {
    for (k = i + 1; k < t.length; k++) {
      if (charKind(t[k]) === "c") {
        if (!mayNameAHome(t.slice(i + 1, k).join(""))) { i = spacesEnd(t, k + 1); }
        break;
      }
    }
  }
  var pref = "";
  for (k = 0; k < PLACES.prefectures.length; k++) { if (startsAt(t, i, PLACES.prefectures[k])) { pref = PLACES.prefectures[k]; break; } }
  i = spacesEnd(t, i + codePoints(pref).length);
  var city = longestName(t, i, pref);
  if (!city) {
    var gun = -1;
    for (k = i + 1; k < Math.min(i + 7, t.length); k++) { if (t[k] === "郡") { gun = k; break; } }
    if (gun >= 0 && isNamed(t, i, gun)) {
      var after = spacesEnd(t, gun + 1);
      city = longestName(t, after, pref);
      if (city) { i = after; }
    }
  }
  if (!city) { return i; }
  i = spacesEnd(t, i + codePoints(city).length);
  if (contains(PRIV.designated, city)) {
    for (k = 1; k < 5; k++) {
      if (i + k < t.length && t[i + k] === "区" && isNamed(t, i, i + k) && !contains(t.slice(i, i + k), "区")) {
        return spacesEnd(t, i + k + 1);
      }
    }
  }
  return i;
}
/** privacy._town_end: [end, why] */
function townEnd(t, i) {
  var n = t.length;
  while (i < n) {
    var kind = charKind(t[i]);
    if (kind === "l") { i++; continue; }
    if (kind !== "n" && kind !== "k") { return [i, "stop"]; }
    var j = runEnd(t, i, "nk"), kanji = true;
    for (var m = i; m < j; m++) { if (charKind(t[m]) !== "k") { kanji = false; } }
    var nxt = j < n ? t[j] : "", after = j + 1 < n ? t[j + 1] : "";
    if (startsAt(t, j, "丁目") || startsAt(t, j, "地割")) { return [j + 2, "chome"]; }
    if (nxt === "丁" && (!after || charKind(after) !== "l")) { return [j + 1, "chome"]; }
    if (startsAt(t, j, "番町") || startsAt(t, j, "番丁")) { i = j + 2; continue; }
    if (kanji && nxt === "番") {
      var k = runEnd(t, j + 1, "nk");
      if (k > j + 1 && startsAt(t, k, "丁目")) { i = j + 1; continue; }
      return [i, "number"];
    }
    if (!kanji && (nxt === "条" || nxt === "線")) { i = j + 1; continue; }
    if (kanji && nxt && "のノ之".indexOf(nxt) >= 0) {
      if (after && charKind(after) === "l") { i = j + 2; continue; }
      return [i, "number"];
    }
    if (kanji && nxt && charKind(nxt) === "l" && ("号" + PRIV.longMarks).indexOf(nxt) < 0) { i = j; continue; }
    return [i, "number"];
  }
  return [n, "end"];
}
var LATIN = new RegExp(PRIV.latin);
/** privacy._may_name_a_home */
function mayNameAHome(town) {
  for (var i = 0; i < PRIV.words.length; i++) { if (town.indexOf(PRIV.words[i]) >= 0) { return true; } }
  for (i = 0; i < PRIV.endings.length; i++) {
    var e = PRIV.endings[i];
    if (town.length >= e.length && town.slice(town.length - e.length) === e) { return true; }
  }
  return LATIN.test(town);
}
/** privacy.approximate_address */
function approximateAddress(address) {
  var t = codePoints(pyStrip(address || ""));
  var start = postcodeEnd(t, 0), town = municipalityEnd(t, start), found = townEnd(t, town);
  var end = found[0], why = found[1];
  if (mayNameAHome(t.slice(town, end).join(""))) { end = town; why = "home"; }
  var out = t.slice(start, end).join("").replace(TRAILING_WS, "");
  if (why === "number") { out = pyRstrip(out, PRIV.afterNumber).replace(TRAILING_WS, ""); }
  return out;
}
/** The point an `approximate` place is stored and shown at (privacy.public_location). */
function roundApproximate(x) { return pyRound(x, PRIV.decimals); }

export { approximateAddress, charKind, roundApproximate };
