/* A problem as generator/check/problems.py has it (path, line, field, code, message, hint,
   severity), its one-line format, the order validate sorts them in, and load.Document. */
import { cmpStr, visible } from "./pytext.js";
import { hasOwn, isNum } from "./values.js";

// ------------------------------------------------------------ problems
/** load.dotted */
function dotted(where) {
  var out = "";
  for (var i = 0; i < where.length; i++) {
    var part = where[i];
    out += isNum(part) ? "[" + part + "]" : (out ? "." + part : String(part));
  }
  return out;
}
function Problem(path, line, field, code, message, hint, severity) {
  return { path: path, line: line, field: field, code: code, message: message, hint: hint || "",
           severity: severity || "error" };
}
/** Problem.format */
function format(p) {
  var where = p.line ? visible(p.path) + ":" + p.line : visible(p.path);
  var field = p.field ? " " + visible(p.field) + ":" : "";
  var hint = p.hint ? "（ヒント: " + visible(p.hint) + "）" : "";
  return where + ":" + field + " " + (p.severity === "warning" ? "警告" : "エラー") + " [" + p.code + "] " +
    visible(p.message) + hint;
}
var ORDER = ["path", "line", "field", "code", "message", "hint", "severity"];
function compareProblems(a, b) {
  for (var i = 0; i < ORDER.length; i++) {
    var x = a[ORDER[i]], y = b[ORDER[i]];
    if (x === y) { continue; }
    if (isNum(x)) { return x < y ? -1 : 1; }
    return cmpStr(x, y);
  }
  return 0;
}
function sortProblems(list) {
  // a stable merge sort: Array.prototype.sort is not stable on every old engine
  if (list.length < 2) { return list.slice(); }
  var mid = Math.floor(list.length / 2), left = sortProblems(list.slice(0, mid)),
      right = sortProblems(list.slice(mid)), out = [];
  while (left.length && right.length) { out.push(compareProblems(left[0], right[0]) <= 0 ? left.shift() : right.shift()); }
  return out.concat(left, right);
}

/** A document as load.Document: the data, and the line of each value in the file writeYaml writes. */
function Doc(path, data, lines) {
  return {
    path: path, data: data, lines: lines,
    lineOf: function (where) {
      where = where.slice();
      while (where.length) {
        var k = where.join("\u0000");
        if (hasOwn.call(lines, k)) { return lines[k]; }
        where.pop();
      }
      return hasOwn.call(lines, "") ? lines[""] : 1;
    }
  };
}

export { Doc, Problem, dotted, format, sortProblems };
