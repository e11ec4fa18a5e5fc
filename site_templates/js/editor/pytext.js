/* Text as Python sees it: code points, str ordering, str.strip with Python's \s, and
   problems.visible / problems.shown (how a value is quoted in a message). */
import { D } from "./data.js";

// ------------------------------------------------------------ text as Python sees it
/** The string as code points (a lone surrogate is one, as in Python). */
function codePoints(s) {
  var out = [];
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
      var d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) { out.push(s.charAt(i) + s.charAt(i + 1)); i++; continue; }
    }
    out.push(s.charAt(i));
  }
  return out;
}
function cpValue(ch) {
  if (ch.length === 2) { return (ch.charCodeAt(0) - 0xD800) * 0x400 + (ch.charCodeAt(1) - 0xDC00) + 0x10000; }
  return ch.charCodeAt(0);
}
function cpLength(s) { return codePoints(s).length; }
/** Python's str ordering (by code point). */
function cmpStr(a, b) {
  if (a === b) { return 0; }
  var x = codePoints(a), y = codePoints(b), n = Math.min(x.length, y.length);
  for (var i = 0; i < n; i++) {
    if (x[i] !== y[i]) { return cpValue(x[i]) < cpValue(y[i]) ? -1 : 1; }
  }
  return x.length < y.length ? -1 : (x.length > y.length ? 1 : 0);
}
function sortedStrings(list) { return list.slice().sort(cmpStr); }
function hex(n, width, upper) {
  var s = n.toString(16);
  while (s.length < width) { s = "0" + s; }
  return upper ? s.toUpperCase() : s;
}

/** A RegExp (global) for the characters of `cls` (a BMP class from editor.py: js_class), and
    for a lone surrogate when `surrogates`. A surrogate pair (one character above U+FFFF, never in
    such a class) is matched too, as itself, so that its halves are not taken for lone ones:
    callers skip a match of two units. (ES5 has no lookbehind to find a lone low surrogate.) */
function charsOf(cls, surrogates) {
  return new RegExp("[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|" + cls + (surrogates ? "|[\\uD800-\\uDFFF]" : ""), "g");
}
var INVISIBLE = charsOf(D.invisible, D.invisibleSurrogates);
var WS = D.whitespace;  // Python's \s (and str.isspace)
/** problems.visible */
function visible(text) {
  return String(text).replace(INVISIBLE, function (c) {
    if (c.length === 2) { return c; }  // a character above U+FFFF
    if (c === "\n") { return "\\n"; }
    if (c === "\t") { return "\\t"; }
    if (c === "\r") { return "\\r"; }
    return "\\u" + hex(c.charCodeAt(0), 4, false);
  });
}
/** problems.shown */
function shown(value, limit) {
  limit = limit || 60;
  var cps = codePoints(visible(value));
  var text = cps.length <= limit ? cps.join("") : cps.slice(0, limit - 1).join("") + "…";
  return "「" + text + "」";
}
var STRIP_RE = new RegExp("^" + WS + "+|" + WS + "+$", "g");
function pyStrip(s) { return s.replace(STRIP_RE, ""); }
function pyRstrip(s, chars) {
  var end = s.length;
  while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) { end--; }
  return s.slice(0, end);
}
function nfkc(text) { return String.prototype.normalize ? text.normalize("NFKC") : text.replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); }); }

/** int() of one character str.isdigit accepts (a digit of any script: D.digitZeros are the
    code points of their zeros). */
function digitValue(ch) {
  var cp = cpValue(ch), zero = -1;
  for (var i = 0; i < D.digitZeros.length && D.digitZeros[i] <= cp; i++) { zero = D.digitZeros[i]; }
  return cp - zero;
}

export { WS, charsOf, cmpStr, codePoints, cpLength, cpValue, digitValue, hex, nfkc, pyRstrip, pyStrip, shown, sortedStrings, visible };
