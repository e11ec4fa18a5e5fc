/* 「…ではありませんか」: difflib.get_close_matches and generator/check/suggest.py (ids
   for labels, a misspelt key), and schema_check.enum_labels. */
import { WS, cmpStr, codePoints, cpLength, nfkc, pyStrip, shown, sortedStrings } from "./pytext.js";
import { hasOwn, keys } from "./values.js";

// ------------------------------------------------------------ difflib.get_close_matches
function matchingBlocksSize(a, b) {
  // SequenceMatcher(None, a, b): b2j without junk (autojunk only when len(b) >= 200)
  var b2j = {}, j;
  var popular = {};
  for (j = 0; j < b.length; j++) { (b2j[b[j]] = b2j[b[j]] || []).push(j); }
  if (b.length >= 200) {
    var ntest = Math.floor(b.length / 100) + 1;
    for (var elt in b2j) { if (hasOwn.call(b2j, elt) && b2j[elt].length > ntest) { popular[elt] = true; } }
    for (var p in popular) { if (hasOwn.call(popular, p)) { delete b2j[p]; } }
  }
  function longest(alo, ahi, blo, bhi) {
    var besti = alo, bestj = blo, bestsize = 0, j2len = {}, k;
    for (var ii = alo; ii < ahi; ii++) {
      var newj2len = {}, list = b2j[a[ii]] || [];
      for (var n = 0; n < list.length; n++) {
        var jj = list[n];
        if (jj < blo) { continue; }
        if (jj >= bhi) { break; }
        k = newj2len[jj] = (j2len[jj - 1] || 0) + 1;
        if (k > bestsize) { besti = ii - k + 1; bestj = jj - k + 1; bestsize = k; }
      }
      j2len = newj2len;
    }
    // b has no junk (isjunk=None): extend the match on both sides; popular elements count too
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) { bestsize++; }
    return [besti, bestj, bestsize];
  }
  var queue = [[0, a.length, 0, b.length]], total = 0;
  while (queue.length) {
    var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]);
    if (m[2]) {
      total += m[2];
      if (q[0] < m[0] && q[2] < m[1]) { queue.push([q[0], m[0], q[2], m[1]]); }
      if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) { queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]); }
    }
  }
  return total;
}
function ratio(matches, length) { return length ? 2.0 * matches / length : 1.0; }
function counts(list) { var c = {}; for (var i = 0; i < list.length; i++) { c[list[i]] = (c[list[i]] || 0) + 1; } return c; }
/** difflib.get_close_matches(word, possibilities, n=1, cutoff=0.6)[0] or "" */
function closeMatch(word, possibilities) {
  var b = codePoints(word), bcount = counts(b), best = null, bestScore = -1;
  for (var i = 0; i < possibilities.length; i++) {
    var a = codePoints(possibilities[i]), len = a.length + b.length;
    if (ratio(Math.min(a.length, b.length), len) < 0.6) { continue; }  // real_quick_ratio
    var avail = {}, matches = 0;
    for (var k = 0; k < a.length; k++) {
      var have = hasOwn.call(avail, a[k]) ? avail[a[k]] : (bcount[a[k]] || 0);
      avail[a[k]] = have - 1;
      if (have > 0) { matches++; }
    }
    if (ratio(matches, len) < 0.6) { continue; }  // quick_ratio
    var score = ratio(matchingBlocksSize(a, b), len);
    if (score < 0.6) { continue; }
    // heapq.nlargest(1, [(score, x)]): the highest score, then the largest string
    if (score > bestScore || (score === bestScore && cmpStr(possibilities[i], best) > 0)) {
      best = possibilities[i]; bestScore = score;
    }
  }
  return best === null ? "" : best;
}

// ------------------------------------------------------------ suggest.py
var WS_ALL = new RegExp(WS, "g");
/** suggest._norm */
function norm(text) { return nfkc(String(text)).toLowerCase().replace(WS_ALL, ""); }
/** suggest.ids_for (`labels`: [[id, label], …] in order) */
function idsFor(value, labels) {
  var v = norm(value), i, out = [];
  if (!v) { return []; }
  for (i = 0; i < labels.length; i++) {
    if (norm(labels[i][1]) === v || norm(labels[i][0]) === v) { out.push(labels[i][0]); }
  }
  if (out.length) { return out.slice(0, 3); }
  var best = null, bestLen = -1;
  for (i = 0; i < labels.length; i++) {
    var l = norm(labels[i][1]), n = cpLength(l);
    if (l && v.indexOf(l) === 0 && (n > bestLen || (n === bestLen && cmpStr(labels[i][0], best) > 0))) {
      best = labels[i][0]; bestLen = n;
    }
  }
  if (best !== null) { return [best]; }
  for (i = 0; i < labels.length; i++) { if (norm(labels[i][1]).indexOf(v) >= 0) { out.push(labels[i][0]); } }
  return out.slice(0, 3);
}
/** suggest.hint */
function labelHint(value, labels) {
  var found = idsFor(value, labels), ids = [], i;
  if (found.length === 1) { return shown(value) + "は id「" + found[0] + "」のことではありませんか"; }
  if (found.length) {
    for (i = 0; i < found.length; i++) { ids.push("「" + found[i] + "」"); }
    return shown(value) + "は id" + ids.join("") + "のどれかのことではありませんか";
  }
  for (i = 0; i < labels.length; i++) { ids.push(labels[i][0]); }
  var near = closeMatch(value, sortedStrings(ids));
  return near ? "「" + near + "」ではありませんか" : "";
}
/** suggest.key_for (`described`: field → description) */
function keyFor(key, described) {
  var fields = sortedStrings(keys(described)), near = closeMatch(key, fields), i, fits = [];
  if (near) { return near; }
  var k = norm(key);
  if (cpLength(k) < 2) { return ""; }
  var word = /^[a-z0-9_-]+$/.test(k);
  for (i = 0; i < fields.length; i++) {
    if (word && cpLength(fields[i]) >= 3 && (k.indexOf(fields[i]) === 0 || fields[i].indexOf(k) === 0)) { fits.push(fields[i]); }
  }
  if (fits.length === 1) { return fits[0]; }
  fits = [];
  var names = keys(described);
  for (i = 0; i < names.length; i++) { if (norm(described[names[i]]).indexOf(k) === 0) { fits.push(names[i]); } }
  return fits.length === 1 ? fits[0] : "";
}
/** schema_check.enum_labels: [[id, label], …] from a description "id: label / id: label" */
function enumLabels(description, allowed) {
  var out = [], index = {}, i;
  for (i = 0; i < allowed.length; i++) { index[allowed[i]] = out.length; out.push([allowed[i], ""]); }
  var parts = String(description || "").split(" / ");
  for (i = 0; i < parts.length; i++) {
    var at = parts[i].indexOf(": ");
    if (at < 0) { continue; }
    var key = pyStrip(parts[i].slice(0, at));
    if (hasOwn.call(index, key)) { out[index[key]][1] = pyStrip(parts[i].slice(at + 2)); }
  }
  return out;
}

export { closeMatch, enumLabels, keyFor, labelHint };
