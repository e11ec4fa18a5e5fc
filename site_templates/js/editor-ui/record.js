/* The record (the YAML file's data) the editor's form writes into: a value at a schema path,
   set or removed, and a number as typed. */
import { has, isDict, keys } from "../editor/values.js";
import { C } from "./core.js";

function name(where) { return where.join("."); }

// ------------------------------------------------------------ the record
function get(record, where) {
  var v = record;
  for (var i = 0; i < where.length; i++) {
    if (v === null || typeof v !== "object" || !has(v, where[i])) { return undefined; }
    v = v[where[i]];
  }
  return v;
}
/** Sets (or with `undefined`, removes) the value at `where`; an object left empty by a removal
    (schedule, contact, location) is removed too, an item of a list never is. */
function put(record, where, value) {
  var parent = record;
  for (var i = 0; i < where.length - 1; i++) {
    if (!has(parent, where[i]) || parent[where[i]] === null || typeof parent[where[i]] !== "object") {
      if (value === undefined) { return; }
      parent[where[i]] = typeof where[i + 1] === "number" ? [] : {};
    }
    parent = parent[where[i]];
  }
  var last = where[where.length - 1];
  if (value === undefined) { delete parent[last]; } else { parent[last] = value; }
  for (var depth = where.length - 1; depth > 0; depth--) {
    var up = where.slice(0, depth), node = get(record, up);
    if (isDict(node) && !keys(node).length && typeof where[depth - 1] !== "number") {
      var holder = get(record, up.slice(0, -1));
      if (isDict(holder)) { delete holder[up[up.length - 1]]; }
    } else { break; }
  }
}

var FULL = /[\uFF10-\uFF19\uFF0E\uFF0B\uFF0D\u2212]/g;
var FULL_MAP = { "\uFF0E": ".", "\uFF0B": "+", "\uFF0D": "-", "\u2212": "-" };
/** A number as typed (full-width digits allowed); what is not a plain decimal number stays
    text, and validation says so (as `generator validate` would for the same file). */
function parseNumber(text) {
  var t = text.replace(FULL, function (c) { return FULL_MAP[c] || String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
    .replace(/^\s+|\s+$/g, "");
  if (t === "") { return undefined; }
  if (/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(t)) {
    var n = parseFloat(t);
    if (isFinite(n) && C.floatRepr(n).indexOf("e") < 0) { return n; }
  }
  return t;
}
function trimmed(text) { return text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""); }

export { get, name, parseNumber, put, trimmed };
