/* Numbers as Python writes them: repr(float), round(), json.dumps and str() of a value
   (schema_check._describe), as the messages of `generator validate` show them. */
import { codePoints, hex } from "./pytext.js";
import { isArray, isNum, isStr, keys } from "./values.js";

// ------------------------------------------------------------ numbers as Python writes them
/** A number's Python type, as YAML written by writeYaml reads back: lat and lon are always
    written as floats; any other integral number as an int. */
var FLOAT_KEYS = { lat: true, lon: true };
function isPyInt(value, key) {
  return isNum(value) && !FLOAT_KEYS[key] && Math.floor(value) === value && Math.abs(value) < 9007199254740992;
}
/** repr(float) */
function floatRepr(x) {
  if (isNaN(x)) { return "nan"; }
  if (x === Infinity) { return "inf"; }
  if (x === -Infinity) { return "-inf"; }
  if (x === 0) { return 1 / x < 0 ? "-0.0" : "0.0"; }
  var m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential());
  var sign = m[1], digits = m[2] + (m[3] || ""), exp = parseInt(m[4], 10);
  if (exp < -4 || exp >= 16) {
    var mant = digits.charAt(0) + (digits.length > 1 ? "." + digits.slice(1) : "");
    var e = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
    return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
  }
  if (exp < 0) { return sign + "0." + new Array(-exp).join("0") + digits; }
  var intPart = digits.slice(0, exp + 1), frac = digits.slice(exp + 1);
  while (intPart.length < exp + 1) { intPart += "0"; }
  return sign + intPart + "." + (frac || "0");
}
/** repr() of the number at `key` */
function numRepr(value, key) {
  return isPyInt(value, key) ? String(value) : floatRepr(value);
}
/** round(x, ndigits) for ndigits 0 or 2: round half to even on the exact binary value. A tie
    is |x| = i + f with f = 1/2 (ndigits 0) or f = k/8, k odd (ndigits 2: x * 100 ends in .5);
    i and f are exact, the digits of a tie are written out and read back as Python does. */
function pyRound(x, nd) {
  if (x === 0 || !isFinite(x)) { return x; }
  var a = Math.abs(x), i = Math.floor(a), f = a - i, sign = x < 0 ? -1 : 1;
  if (nd === 0 && f === 0.5) { return sign * (i % 2 === 0 ? i : i + 1); }
  if (nd === 2 && f * 8 === Math.floor(f * 8) && (f * 8) % 2 === 1) {
    var h = Math.floor(f * 100);  // 12, 37, 62 or 87: to the even one
    return sign * parseFloat(i + "." + (h % 2 === 0 ? h : h + 1));
  }
  return parseFloat(x.toFixed(nd));
}
/** f"{x:.0f}" */
function fixed0(x) { var r = pyRound(x, 0); return (r === 0 && 1 / r < 0) ? "-0" : String(r); }

/** json.dumps(value, ensure_ascii=False) (schema_check._describe) */
function jsonDumps(value, key) {
  if (value === null || value === undefined) { return "null"; }
  if (value === true) { return "true"; }
  if (value === false) { return "false"; }
  if (isNum(value)) { return isNaN(value) ? "NaN" : (value === Infinity ? "Infinity" : (value === -Infinity ? "-Infinity" : numRepr(value, key))); }
  if (isStr(value)) {
    return "\"" + value.replace(/["\\\u0000-\u001f]/g, function (c) {
      var short = { "\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
      return short[c] || "\\u" + hex(c.charCodeAt(0), 4, false);
    }) + "\"";
  }
  if (isArray(value)) {
    var items = [];
    for (var i = 0; i < value.length; i++) { items.push(jsonDumps(value[i], key)); }
    return "[" + items.join(", ") + "]";
  }
  var parts = [], ks = keys(value);
  for (var j = 0; j < ks.length; j++) { parts.push(jsonDumps(ks[j]) + ": " + jsonDumps(value[ks[j]], ks[j])); }
  return "{" + parts.join(", ") + "}";
}
/** str(value) */
function pyStr(value, key) {
  if (value === null || value === undefined) { return "None"; }
  if (value === true) { return "True"; }
  if (value === false) { return "False"; }
  if (isNum(value)) { return numRepr(value, key); }
  if (isStr(value)) { return value; }
  return jsonDumps(value, key).replace(/"/g, "'");
}
function describe(value, key) {
  if (value === true || value === false) { return value ? "true" : "false"; }
  if (value === null || value === undefined) { return "空（null）"; }
  var cps = codePoints(jsonDumps(value, key));
  return cps.length <= 60 ? cps.join("") : cps.slice(0, 57).join("") + "…";
}

export { describe, fixed0, floatRepr, isPyInt, numRepr, pyRound, pyStr };
