/* The YAML of generator/importers/district_yaml.py: scalars quoted as PyYAML needs, and
   the file of a record with the line of every value, as load.py counts them. */
import { D } from "./data.js";
import { numRepr } from "./pynum.js";
import { WS, hex } from "./pytext.js";
import { contains, has, isArray, isDict, isNum, isStr, keys } from "./values.js";

// ------------------------------------------------------------ YAML (importers/district_yaml.py)
var PLAIN_START = "-?:,[]{}#&*!|>'\"%@` \t";
var UNSAFE = new RegExp("[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\ufeff\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?:^|[^\\ud800-\\udbff])[\\udc00-\\udfff]|: | #|:$|" + WS + "$");
var TO_ESCAPE = /[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|[\ud800-\udbff][\udc00-\udfff]|[\udc00-\udfff]/g;
var ESCAPES = { "\\": "\\\\", "\"": "\\\"", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\u0000": "\\0", "\u0085": "\\N",
                "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF" };
var RESOLVERS = [];
for (var ri = 0; ri < D.yaml.resolvers.length; ri++) {
  RESOLVERS.push({ first: D.yaml.resolvers[ri].f, empty: D.yaml.resolvers[ri].e, re: new RegExp(D.yaml.resolvers[ri].p) });
}
function quoted(text) {
  return "\"" + text.replace(TO_ESCAPE, function (c) {
    if (c.length === 2) { return c; }  // a surrogate pair: one character above U+FFFF, written as is
    if (has(ESCAPES, c)) { return ESCAPES[c]; }
    var code = c.charCodeAt(0);
    return code < 0x100 ? "\\x" + hex(code, 2, true) : "\\u" + hex(code, 4, true);
  }) + "\"";
}
/** True when PyYAML would read `value`, written plain, as something other than a string. */
function resolvesToOther(value) {
  for (var i = 0; i < RESOLVERS.length; i++) {
    var r = RESOLVERS[i];
    if ((value === "" ? r.empty : r.first.indexOf(value.charAt(0)) >= 0) && r.re.test(value)) { return true; }
  }
  return false;
}
/** district_yaml.scalar */
function scalar(value, key) {
  if (value === true || value === false) { return value ? "true" : "false"; }
  if (isNum(value)) { return numRepr(value, key); }
  if (!value || PLAIN_START.indexOf(value.charAt(0)) >= 0 || UNSAFE.test(value) || resolvesToOther(value)) {
    return quoted(value);
  }
  return value;
}
/** In a flow list ([a, b]) a plain scalar also may not hold , [ ] { } */
function flowScalar(value, key) {
  return isStr(value) && /[,[\]{}]/.test(value) ? quoted(value) : scalar(value, key);
}
function isScalar(v) { return !isArray(v) && !isDict(v); }

/** The file `generator/importers/district_yaml.py` would write for this record (its style for
    any kind: keys in the schema's order), and the line of every value, as load.py counts them. */
function writeYaml(kind, record) {
  var out = [D.yaml.schemaLines[kind]], lines = {}, quotedKeys = D.yaml.alwaysQuoted[kind];
  function at(where) { return where.join("\u0000"); }
  function ordered(data, node) {
    var props = node && node.properties ? keys(node.properties) : [], result = [], i;
    for (i = 0; i < props.length; i++) { if (has(data, props[i])) { result.push(props[i]); } }
    var rest = keys(data);
    for (i = 0; i < rest.length; i++) { if (!contains(props, rest[i])) { result.push(rest[i]); } }
    return result;
  }
  function mapping(data, node, indent, firstPrefix, where) {
    var ks = ordered(data, node);
    for (var i = 0; i < ks.length; i++) {
      // the key as scalar() writes any string: a stray key of a draft ("a: b", "x\ny") reads back as itself
      var key = ks[i], value = data[key], head = ((i === 0 && firstPrefix !== null) ? firstPrefix : indent) + scalar(key);
      var child = node && node.properties && has(node.properties, key) ? node.properties[key] : null;
      var here = where.concat([key]);
      lines[at(here)] = out.length + 1;
      if (isArray(value) && !value.length) {
        out.push(head + ": []");
      } else if (isDict(value)) {
        out.push(head + ":");
        mapping(value, child, indent + "  ", null, here);
      } else if (isArray(value) && allScalars(value, child)) {
        var items = [];
        for (var j = 0; j < value.length; j++) { lines[at(here.concat([j]))] = out.length + 1; items.push(flowScalar(value[j], key)); }
        out.push(head + ": [" + items.join(", ") + "]");
      } else if (isArray(value)) {
        out.push(head + ":");
        for (var k = 0; k < value.length; k++) {
          lines[at(here.concat([k]))] = out.length + 1;
          if (isDict(value[k]) && keys(value[k]).length) {
            mapping(value[k], child ? child.items : null, indent + "    ", indent + "  - ", here.concat([k]));
          } else {
            out.push(indent + "  - " + (isDict(value[k]) ? "{}" : isArray(value[k]) ? "[]" : scalar(value[k], key)));
          }
        }
      } else if (contains(quotedKeys, key) && isStr(value)) {
        out.push(head + ": " + quoted(value));
      } else {
        out.push(head + ": " + scalar(value, key));
      }
    }
  }
  function allScalars(list, node) {
    if (node && node.items && node.items.type === "object") { return false; }
    for (var i = 0; i < list.length; i++) { if (!isScalar(list[i])) { return false; } }
    return true;
  }
  lines[""] = out.length + 1;
  if (isDict(record)) { mapping(record, D.schemas[kind], "", null, []); }
  return { text: out.join("\n") + "\n", lines: lines };
}

export { quoted, scalar, writeYaml };
