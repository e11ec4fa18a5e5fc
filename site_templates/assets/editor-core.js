/* The editor's checks and its YAML writer, without any page: the same checks and the same
   Japanese messages as `python -m generator validate` (generator/check/schema_check.py,
   generator/check/rules.py, generator/model/privacy.py, generator/check/problems.py), and the YAML style of
   generator/importers/district_yaml.py. Every function here is a port of the Python one
   named beside it; tests run both on the same inputs and compare the results.
   Data: window.ATLAS_EDITOR_DATA (editor/data.js, written by generator/render/editor.py).
   ES5 only (old phones). */
(function () {
  "use strict";
  var D = window.ATLAS_EDITOR_DATA;
  var hasOwn = Object.prototype.hasOwnProperty;

  function has(obj, key) { return obj !== null && typeof obj === "object" && hasOwn.call(obj, key); }
  function isArray(v) { return Object.prototype.toString.call(v) === "[object Array]"; }
  function isDict(v) { return v !== null && typeof v === "object" && !isArray(v); }
  function isStr(v) { return typeof v === "string"; }
  function isNum(v) { return typeof v === "number"; }
  function keys(obj) { var out = []; for (var k in obj) { if (hasOwn.call(obj, k)) { out.push(k); } } return out; }
  function contains(list, value) { for (var i = 0; i < list.length; i++) { if (list[i] === value) { return true; } } return false; }

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
  /** schema_check.date_reason */
  function dateReason(value, partial) {
    var m = (partial ? /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/ : /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/).exec(value);
    if (!m) { return "日付の書き方ではありません"; }
    var year = parseInt(m[1], 10), month = m[2] ? parseInt(m[2], 10) : null, day = m[3] ? parseInt(m[3], 10) : null;
    if (year === 0) { return "0 年という年はありません（0001 年から）"; }
    if (month !== null && (month < 1 || month > 12)) { return month + " 月という月はありません"; }
    if (day !== null) {
      var leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      var last = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
      if (day < 1 || day > last) { return year + " 年 " + month + " 月は " + last + " 日までです"; }
    }
    return null;
  }
  /** characters.name */
  function charName(c) {
    var n = c.charCodeAt(0), what;
    if (n === 0) { what = "NUL 文字"; }
    else if (c === "\t") { what = "タブ"; }
    else if (c === "\n" || c === "\r") { what = "改行"; }
    else if (n === 0x85) { what = "NEL 改行文字"; }
    else if (n === 0x2028 || n === 0x2029) { what = "行・段落の区切り文字"; }
    else if (n === 0x61C || n === 0x200E || n === 0x200F || (n >= 0x202A && n <= 0x202E) || (n >= 0x2066 && n <= 0x2069)) {
      what = "文字の向きを変える制御文字";
    }
    else if (n === 0x200B || n === 0xFEFF) { what = "幅のない文字"; }
    else if (n < 0x20 || (n >= 0x7F && n <= 0x9F)) { what = "制御文字"; }
    else { what = "文字として使えない符号"; }
    return "U+" + hex(n, 4, true) + "（" + what + "）";
  }

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

  // ------------------------------------------------------------ JSON Schema (jsonschema, Draft 2020-12)
  var patternCache = {};
  function regex(source) { return patternCache[source] || (patternCache[source] = new RegExp(source)); }
  function isType(value, type) {
    switch (type) {
      case "string": return isStr(value);
      case "number": return isNum(value);
      case "integer": return isNum(value) && Math.floor(value) === value;
      case "boolean": return value === true || value === false;
      case "array": return isArray(value);
      case "object": return isDict(value);
      case "null": return value === null;
    }
    return false;
  }
  function equal(a, b) {
    if (isArray(a) && isArray(b)) {
      if (a.length !== b.length) { return false; }
      for (var i = 0; i < a.length; i++) { if (!equal(a[i], b[i])) { return false; } }
      return true;
    }
    if (isDict(a) && isDict(b)) {
      var ka = keys(a), kb = keys(b);
      if (ka.length !== kb.length) { return false; }
      for (var j = 0; j < ka.length; j++) { if (!has(b, ka[j]) || !equal(a[ka[j]], b[ka[j]])) { return false; } }
      return true;
    }
    return a === b;
  }
  /** Draft202012Validator.iter_errors, for the keywords editor_schema.py lets through. */
  function schemaErrors(node, value, where, out) {
    var i, k;
    if (has(node, "type")) {
      var types = isArray(node.type) ? node.type : [node.type], ok = false;
      for (i = 0; i < types.length; i++) { if (isType(value, types[i])) { ok = true; } }
      if (!ok) { out.push({ kind: "type", where: where, value: value, vv: node.type, node: node }); }
    }
    if (has(node, "enum")) {
      var found = false;
      for (i = 0; i < node["enum"].length; i++) { if (equal(value, node["enum"][i])) { found = true; } }
      if (!found) { out.push({ kind: "enum", where: where, value: value, vv: node["enum"], node: node }); }
    }
    if (has(node, "const") && !equal(value, node["const"])) {
      out.push({ kind: "const", where: where, value: value, vv: node["const"], node: node });
    }
    if (isStr(value)) {
      if (has(node, "pattern") && !regex(node.pattern).test(value)) {
        out.push({ kind: "pattern", where: where, value: value, vv: node.pattern, node: node });
      }
      if (has(node, "minLength") && cpLength(value) < node.minLength) {
        out.push({ kind: "minLength", where: where, value: value, vv: node.minLength, node: node });
      }
      if (has(node, "maxLength") && cpLength(value) > node.maxLength) {
        out.push({ kind: "maxLength", where: where, value: value, vv: node.maxLength, node: node });
      }
    }
    if (isArray(value)) {
      if (has(node, "minItems") && value.length < node.minItems) {
        out.push({ kind: "minItems", where: where, value: value, vv: node.minItems, node: node });
      }
      if (has(node, "maxItems") && value.length > node.maxItems) {
        out.push({ kind: "maxItems", where: where, value: value, vv: node.maxItems, node: node });
      }
      if (node.uniqueItems) {
        var dup = false;
        for (i = 0; i < value.length && !dup; i++) {
          for (k = i + 1; k < value.length; k++) { if (equal(value[i], value[k])) { dup = true; break; } }
        }
        if (dup) { out.push({ kind: "uniqueItems", where: where, value: value, vv: true, node: node }); }
      }
      if (has(node, "items")) {
        for (i = 0; i < value.length; i++) { schemaErrors(node.items, value[i], where.concat([i]), out); }
      }
    }
    if (isNum(value)) {
      if (has(node, "minimum") && value < node.minimum) {
        out.push({ kind: "minimum", where: where, value: value, vv: node.minimum, node: node });
      }
      if (has(node, "maximum") && value > node.maximum) {
        out.push({ kind: "maximum", where: where, value: value, vv: node.maximum, node: node });
      }
    }
    if (isDict(value)) {
      if (has(node, "required")) {
        for (i = 0; i < node.required.length; i++) {
          if (!has(value, node.required[i])) {
            out.push({ kind: "required", where: where, value: value, vv: node.required[i], node: node });
          }
        }
      }
      if (has(node, "properties")) {
        var props = keys(node.properties);
        for (i = 0; i < props.length; i++) {
          if (has(value, props[i])) { schemaErrors(node.properties[props[i]], value[props[i]], where.concat([props[i]]), out); }
        }
      }
      if (node.additionalProperties === false) {
        var extra = false, vk = keys(value);
        for (i = 0; i < vk.length; i++) { if (!has(node.properties || {}, vk[i])) { extra = true; } }
        if (extra) { out.push({ kind: "additionalProperties", where: where, value: value, node: node }); }
      }
    }
    if (has(node, "if")) {
      var trial = [];
      schemaErrors(node["if"], value, where, trial);
      if (!trial.length && has(node, "then")) { schemaErrors(node.then, value, where, out); }
    }
    if (has(node, "allOf")) {
      for (i = 0; i < node.allOf.length; i++) { schemaErrors(node.allOf[i], value, where, out); }
    }
    return out;
  }

  var TYPE_JA = { string: "文字列", number: "数値", integer: "整数", boolean: "真偽値（true/false）",
                  array: "一覧（- で始まる行）", object: "項目の集まり（キー: 値）", "null": "空（null）" };
  function typeName(t) {
    if (isArray(t)) { var out = []; for (var i = 0; i < t.length; i++) { out.push(TYPE_JA[t[i]] || t[i]); } return out.join("・"); }
    return TYPE_JA[t] || String(t);
  }
  function valueAt(data, where) {
    for (var i = 0; i < where.length; i++) {
      if (isArray(data) && isNum(where[i]) && where[i] < data.length) { data = data[where[i]]; }
      else if (isDict(data) && has(data, where[i])) { data = data[where[i]]; }
      else { return null; }
    }
    return data;
  }
  function swapped(loc) {
    if (!isDict(loc)) { return false; }
    return isNum(loc.lat) && isNum(loc.lon) && loc.lat >= 122 && loc.lat <= 154 && loc.lon >= 20 && loc.lon <= 46;
  }
  /** schema_check._to_problems */
  function toProblems(doc, e, renames) {
    var where = e.where, field = dotted(where), line = doc.lineOf(where), value = e.value, hint = "";
    var last = where.length ? where[where.length - 1] : null;
    var P = function (f, l, code, message, h) { return Problem(doc.path, l, f, code, message, h); };
    if (e.kind === "additionalProperties") {
      var allowed = e.node.allowed || [], out = [], vk = keys(value), described = {};
      for (var d = 0; d < allowed.length; d++) { described[allowed[d]] = e.node.properties[allowed[d]].rdesc || ""; }
      for (var i = 0; i < vk.length; i++) {
        if (contains(allowed, vk[i])) { continue; }
        var near = keyFor(vk[i], described);
        if (near && renames) { renames.push([where, vk[i], near]); }
        out.push(P(dotted(where.concat([vk[i]])), doc.lineOf(where.concat([vk[i]])), "unknown-field",
          "知らない項目" + shown(vk[i]) + "があります。使える項目: " + allowed.join(", "),
          !near ? "項目名のつづりを確かめてください" : /^[\u0000-\u007f]*$/.test(vk[i])
            ? "「" + near + "」の書き間違いではありませんか"
            : "「" + near + "」のことではありませんか（項目名は半角英字の名前で書きます）"));
      }
      return out;
    }
    if (e.kind === "required") {
      var missing = e.vv, props = e.node.properties || {};
      var desc = has(props, missing) ? (props[missing].rdesc || "") : "";
      if ((missing === "lat" || missing === "lon") && isDict(value) && has(value, "precision")) {
        if (missing === "lon" && !has(value, "lat")) { return []; }
        desc = "precision が exact か approximate のときは lat と lon の両方が必要です。" +
          "位置を出さない資源なら precision: hidden にしてください";
      }
      return [P(dotted(where.concat([missing])), line, "missing-field", "必須の項目「" + missing + "」がありません", desc)];
    }
    if ((e.kind === "minimum" || e.kind === "maximum") && (last === "lat" || last === "lon")) {
      var up = where.slice(0, -1), loc = valueAt(doc.data, up);
      if (swapped(loc)) {
        return [P(dotted(up.concat(["lat"])), doc.lineOf(up.concat(["lat"])), "swapped-coordinates",
          "緯度と経度が入れ替わっているようです（lat=" + floatRepr(loc.lat) + ", lon=" + floatRepr(loc.lon) + "）",
          "lat: " + floatRepr(loc.lon) + "、lon: " + floatRepr(loc.lat) + " と入れ替えてください")];
      }
    }
    if (e.kind === "type") {
      var expected = e.vv;
      var wantsString = expected === "string" || (isArray(expected) && contains(expected, "string"));
      if (wantsString && (value === true || value === false)) {
        hint = "YAML では yes/no/on/off/true/false が真偽値になります。文字として書くなら引用符で囲んでください（例: \"no\"）";
      } else if (wantsString && isPyInt(value, last) && (last === "opens" || last === "closes")) {
        hint = "時刻は引用符で囲んでください（例: \"10:00\"）。YAML では引用符のない 10:00 が 600 という数になります";
      } else if (wantsString && isNum(value) && last === "code") {
        hint = "市区町村コードは引用符で囲み、検査数字を含む6桁で書いてください（例: \"402028\"）";
      } else if (wantsString && isNum(value)) {
        hint = "数字だけの値も、文字として扱うなら引用符で囲んでください";
      } else if ((expected === "number" || expected === "integer") && isStr(value)) {
        hint = "数値は引用符やカンマ・単位を付けずに書いてください（例: 117224）";
      }
      return [P(field, line, "wrong-type", describe(value, last) + " は" + typeName(expected) + "ではありません", hint)];
    }
    if (e.kind === "enum" || e.kind === "const") {
      var names = [], allowedValues = e.kind === "enum" ? e.vv : [e.vv];
      for (var n = 0; n < allowedValues.length; n++) { names.push(pyStr(allowedValues[n])); }
      return [P(field, line, "not-allowed", describe(value, last) + " は使えません。使える値: " + names.join(", "),
        labelHint(pyStr(value, last), enumLabels(e.node.rdesc, names)))];
    }
    if (e.kind === "pattern") {
      var reason = e.node.pat[0] === "bad-date" ? dateReason(value, e.vv.indexOf("|1[0-2]))?|") >= 0) : null;
      return [P(field, line, e.node.pat[0], describe(value, last) + " は" + e.node.pat[1] + (reason ? ": " + reason : ""),
        e.node.pat[2])];
    }
    var vv = e.vv;
    var simple = {
      minItems: ["too-few", "少なくとも " + vv + " 個必要です", ""],
      maxItems: ["too-many", vv + " 個までです", ""],
      minLength: ["empty", vv === 1 ? "空にできません" : vv + " 文字以上必要です", ""],
      maxLength: ["too-long", "長すぎます（" + vv + " 文字まで）", "短くまとめてください"],
      minimum: ["too-small", describe(value, last) + " は小さすぎます（" + vv + " 以上）", "緯度・経度の取り違えや符号を確かめてください"],
      maximum: ["too-large", describe(value, last) + " は大きすぎます（" + vv + " 以下）", "緯度・経度の取り違えや符号を確かめてください"],
      uniqueItems: ["duplicate-item", "同じ値が2回以上あります", "重複を消してください"]
    };
    if (has(simple, e.kind)) { return [P(field, line, simple[e.kind][0], simple[e.kind][1], simple[e.kind][2])]; }
    return [P(field, line, "schema", e.kind, "")];
  }
  /** schema_check._one_message_per_mistake: a "missing" message that a misspelt key explains
      (it is gone once the key is spelt as suggested) is dropped; a swapped lat/lon is said once. */
  function oneMessagePerMistake(doc, kind, problems, renames) {
    var swappedSeen = {}, out = [], i, p, anyMissing = false;
    for (i = 0; i < problems.length; i++) { if (problems[i].code === "missing-field") { anyMissing = true; } }
    if (renames.length && anyMissing) {
      var fixed = JSON.parse(JSON.stringify(doc.data));
      for (i = 0; i < renames.length; i++) {
        var target = valueAt(fixed, renames[i][0]), key = renames[i][1], near = renames[i][2];
        if (isDict(target) && has(target, key) && !has(target, near)) { target[near] = target[key]; delete target[key]; }
      }
      var stillMissing = {}, again = schemaProblems(Doc(doc.path, fixed, doc.lines), kind, []);
      for (i = 0; i < again.length; i++) { if (again[i].code === "missing-field") { stillMissing[again[i].field] = true; } }
      var kept = [];
      for (i = 0; i < problems.length; i++) {
        if (problems[i].code !== "missing-field" || stillMissing[problems[i].field]) { kept.push(problems[i]); }
      }
      problems = kept;
    }
    for (i = 0; i < problems.length; i++) {
      p = problems[i];
      if (p.code === "swapped-coordinates") {
        var location = p.field.slice(0, p.field.lastIndexOf("."));
        if (swappedSeen[location]) { continue; }
        swappedSeen[location] = true;
      }
      out.push(p);
    }
    return out;
  }
  function schemaProblems(doc, kind, renames) {
    var errors = schemaErrors(D.schemas[kind], doc.data, [], []), problems = [];
    for (var i = 0; i < errors.length; i++) { problems = problems.concat(toProblems(doc, errors[i], renames)); }
    return problems;
  }
  /** schema_check.text_problems: characters and numbers a schema cannot rule out */
  var FORBIDDEN = charsOf(D.text.forbidden, D.text.surrogates), FORBIDDEN_IN_LINE = charsOf(D.text.inLine, D.text.surrogates);
  /** The index (in UTF-16 units) of the first character characters.FORBIDDEN (`multiline`) or
      FORBIDDEN_IN_LINE refuses in `value`, or -1. */
  function forbiddenAt(value, multiline) {
    var re = multiline ? FORBIDDEN : FORBIDDEN_IN_LINE, m;
    re.lastIndex = 0;
    while ((m = re.exec(value)) !== null) {
      if (m[0].length === 1) { return m.index; }
    }
    return -1;
  }
  var SURROGATE_HINT = D.text.surrogateHint, BAD_CHARACTER_HINT = D.text.badCharacterHint;
  function textProblems(doc, kind) {
    var out = [];
    function text(value, where, multiline, isKey) {
      var at = forbiddenAt(value, multiline);
      if (at < 0) { return; }
      var c = value.charAt(at), before = value.slice(0, at), i = cpLength(before);
      var row = before.split("\n").length - 1, col = cpLength(before.slice(before.lastIndexOf("\n") + 1)) + 1;
      var place = row ? "値の " + (row + 1) + " 行目 " + col + " 文字目" : (i + 1) + " 文字目";
      var what = isKey ? "項目名" : "この項目";
      if ((c === "\n" || c === "\t") && !multiline) {
        out.push(Problem(doc.path, doc.lineOf(where), dotted(where), "one-line",
          what + "は1行で書きます。" + (c === "\n" ? "改行" : "タブ") + "は使えません（" + place + "）",
          c === "\n" ? "改行・タブを消して1行にしてください" : "タブを半角スペースにしてください"));
      } else {
        var code = c.charCodeAt(0);
        out.push(Problem(doc.path, doc.lineOf(where), dotted(where), "bad-character",
          what + "に使えない文字 " + charName(c) + "があります（" + place + "）",
          code >= 0xD800 && code <= 0xDFFF ? SURROGATE_HINT : BAD_CHARACTER_HINT));
      }
    }
    function walk(value, where, multiline) {
      var i;
      if (isStr(value)) { text(value, where, multiline, false); }
      else if (isDict(value)) {
        var ks = keys(value);
        for (i = 0; i < ks.length; i++) {
          text(ks[i], where.concat([ks[i]]), false, true);
          walk(value[ks[i]], where.concat([ks[i]]),
               contains(D.text.multiline, ks[i]) && !(kind === "district" && contains(where, "schedule")));
        }
      } else if (isArray(value)) {
        for (i = 0; i < value.length; i++) { walk(value[i], where.concat([i]), multiline); }
      } else if (isNum(value) && !isFinite(value)) {
        out.push(Problem(doc.path, doc.lineOf(where), dotted(where), "not-finite",
          (isNaN(value) ? ".nan" : (value > 0 ? ".inf" : "-.inf")) + " は数として使えません（数でない値・無限大）",
          "実際の数値を書いてください。分からないときは項目ごと消してください"));
      } else if (isNum(value) && Math.abs(value) > D.text.maxNumber) {
        out.push(Problem(doc.path, doc.lineOf(where), dotted(where), "too-large-number",
          "数が大きすぎます（±1,000,000,000,000,000 まで）", "桁数を確かめてください"));
      }
    }
    walk(doc.data, [], false);
    return out;
  }
  /** schema_check.check */
  function schemaCheck(doc, kind) {
    var own = textProblems(doc, kind), renames = [];
    var problems = oneMessagePerMistake(doc, kind, schemaProblems(doc, kind, renames), renames);
    var said = {}, out = own.slice(), i;
    for (i = 0; i < own.length; i++) { said[own[i].field] = true; }
    for (i = 0; i < problems.length; i++) { if (!said[problems[i].field]) { out.push(problems[i]); } }
    return out;
  }

  // ------------------------------------------------------------ municipalities
  var MUNI = {}, MUNI_ORDER = [];
  (function () {
    var prefs = keys(D.municipalities);
    for (var i = 0; i < prefs.length; i++) {
      var rows = D.municipalities[prefs[i]];
      for (var j = 0; j < rows.length; j++) {
        var m = { code: rows[j][0], prefecture: prefs[i], name: rows[j][1], lat: rows[j][2], lon: rows[j][3] };
        MUNI[m.code] = m;
        MUNI_ORDER.push(m);
      }
    }
    MUNI_ORDER.sort(function (a, b) { return a.code < b.code ? -1 : 1; });
  })();
  function findByName(text) {
    var out = [];
    for (var i = 0; i < MUNI_ORDER.length; i++) {
      var m = MUNI_ORDER[i];
      if (text === m.name || text === m.prefecture + m.name) { out.push(m); }
    }
    return out;
  }
  var PY_DIGIT = new RegExp("^" + D.digit + "$");  // Python's \d
  function digitValue(ch) {
    var cp = cpValue(ch), zero = -1;
    for (var i = 0; i < D.digitZeros.length && D.digitZeros[i] <= cp; i++) { zero = D.digitZeros[i]; }
    return cp - zero;
  }
  /** municipalities.check_digit_ok (digits of any script, as str.isdigit and int() read them) */
  function checkDigitOk(code) {
    var cps = codePoints(code);
    if (cps.length !== 6) { return false; }
    for (var i = 0; i < 6; i++) { if (!PY_DIGIT.test(cps[i])) { return false; } }
    var total = 0, weights = [6, 5, 4, 3, 2];
    for (var k = 0; k < 5; k++) { total += digitValue(cps[k]) * weights[k]; }
    return digitValue(cps[5]) === (11 - total % 11) % 10;
  }

  // ------------------------------------------------------------ privacy.py, rules.py
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

  function nfkc(text) { return String.prototype.normalize ? text.normalize("NFKC") : text.replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); }); }
  /** rules.phone_digits */
  function phoneDigits(phone) {
    var digits = nfkc(phone).replace(/[^0-9+]/g, "");
    digits = digits.replace(/^(?:\+|00)81/, "0");
    return digits.replace(/^\++/, "");
  }
  function isMobilePhone(phone) { return /^(?:020|060|070|080|090)/.test(phoneDigits(phone)); }
  function mailDomain(email) {
    var d = pyStrip(nfkc(email)).toLowerCase();
    d = d.slice(d.lastIndexOf("@") + 1);
    return pyRstrip(d, ".");
  }
  function isPersonalMail(email) {
    var domain = mailDomain(email), list = D.personalMailDomains;
    for (var i = 0; i < list.length; i++) {
      var d = list[i];
      if (domain === d || (domain.length > d.length && domain.slice(-(d.length + 1)) === "." + d)) { return true; }
    }
    return false;
  }
  function distanceKm(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, p1 = lat1 * rad, p2 = lat2 * rad, dp = p2 - p1, dl = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
    return 6371.0 * 2 * Math.asin(Math.sqrt(a));
  }
  function isoDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) { return null; }
    var y = +m[1], mo = +m[2], d = +m[3], days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) { return null; }
    return { y: y, m: mo, d: d };
  }
  function today() {
    var now = new Date();
    return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
  }
  function isoText(t) {
    return t.y + "-" + (t.m < 10 ? "0" : "") + t.m + "-" + (t.d < 10 ? "0" : "") + t.d;
  }
  function dateAfter(a, b) { return a.y !== b.y ? a.y > b.y : (a.m !== b.m ? a.m > b.m : a.d > b.d); }
  function todayText() { return isoText(today()); }
  /** freshness.months_since */
  function monthsSince(text, now) {
    var d = isoDate(text);
    if (!d) { return null; }
    return (now.y - d.y) * 12 + (now.m - d.m) - (now.d < d.d ? 1 : 0);
  }
  function vocabIds(name) {
    var out = [], terms = D.vocabularies[name] || [];
    for (var i = 0; i < terms.length; i++) { out.push(terms[i][0]); }
    return out;
  }
  function dictItems(list) {
    var out = [];
    if (!isArray(list)) { return out; }
    for (var i = 0; i < list.length; i++) { if (isDict(list[i])) { out.push([i, list[i]]); } }
    return out;
  }

  function Rules(doc, now) {
    var problems = [];
    function add(where, code, message, hint, severity) {
      problems.push(Problem(doc.path, doc.lineOf(where), dotted(where), code, message, hint, severity));
    }
    function unfinished() {
      (function walk(value, where) {
        var i;
        if (isDict(value)) { var ks = keys(value); for (i = 0; i < ks.length; i++) { walk(value[ks[i]], where.concat([ks[i]])); } }
        else if (isArray(value)) { for (i = 0; i < value.length; i++) { walk(value[i], where.concat([i])); } }
        else if (isStr(value) && value.indexOf("要記入") >= 0) {
          add(where, "unfinished", "「要記入」が残っています", "ひな形のこの項目を、出典に基づく内容に書き換えてください");
        }
      })(doc.data, []);
    }
    function generatedPaths(kind) {
      var ident = doc.data.id;
      if (!isStr(ident)) { return; }
      var templates = D.paths.record[kind] || [];
      var former = D.paths.former[kind] || {};
      for (var i = 0; i < templates.length; i++) {
        var path = templates[i].split("{id}").join(ident);
        if (isShared(path)) {
          var address = has(former, templates[i]) ? former[templates[i]].split("{id}").join(ident) : "";
          add(["id"], "reserved-id", "id" + shown(ident) + (address ? "の以前のアドレス " + address + "（404 ページが今のページへ送ります）"
            : "で作るファイル " + path + " ") + "は、サイトの共通のファイルと同じ場所になります",
            "別の id にしてください（ファイル名も合わせて変えます）" + (address ? "。以前のアドレスは、印刷物やブックマークの古いリンクのために残しています" : ""));
          return;
        }
      }
    }
    function term(where, vocab, value) {
      var known = sortedStrings(vocabIds(vocab));
      if (contains(known, value)) { return; }
      var labels = [], terms = D.vocabularies[vocab] || [], byId = {}, i;
      for (i = 0; i < terms.length; i++) { byId[terms[i][0]] = terms[i][1]; }
      for (i = 0; i < known.length; i++) { labels.push([known[i], byId[known[i]]]); }
      add(where, "unknown-term", "「" + value + "」は content/vocabularies/" + vocab + ".yaml にない用語です。使える値: " + known.join(", "),
        labelHint(value, labels) || "新しい用語が必要なら、先に用語集のファイルに追加してください");
    }
    function terms(base, item, table) {
      var fields = keys(table);
      for (var f = 0; f < fields.length; f++) {
        var field = fields[f], vocab = table[field], value = item[field];
        if (isArray(value)) {
          for (var i = 0; i < value.length; i++) { if (isStr(value[i])) { term(base.concat([field, i]), vocab, value[i]); } }
        } else if (isStr(value) && !contains(D.listFields, field)) {
          term(base.concat([field]), vocab, value);
        }
      }
    }
    function municipality(where, m) {
      if (!isDict(m) || !isStr(m.code)) { return null; }
      var code = m.code, known = has(MUNI, code) ? MUNI[code] : null;
      if (!known) {
        var byName = findByName(pyStr(has(m, "name") ? m.name : ""));
        var hint = byName.length === 1 ? byName[0].prefecture + byName[0].name + " のコードは \"" + byName[0].code + "\" です"
          : "総務省の全国地方公共団体コード（6桁、検査数字つき）を確かめてください";
        if (cpLength(code) === 6 && !checkDigitOk(code)) { hint = "6桁目の検査数字が合いません。" + hint; }
        add(where.concat(["code"]), "unknown-municipality", "市区町村コード「" + code + "」は全国地方公共団体コードにありません", hint);
        return null;
      }
      if (m.prefecture !== known.prefecture || m.name !== known.name) {
        add(where.concat(["name"]), "municipality-name-mismatch",
          "コード " + code + " は " + known.prefecture + known.name + " ですが、" + pyStr(m.prefecture) + pyStr(m.name) + " と書かれています",
          "prefecture: " + known.prefecture + "、name: " + known.name + " にしてください（またはコードを直す）");
      }
      return m;
    }
    function location(where, loc, code) {
      if (!isDict(loc)) { return; }
      var lat = loc.lat, lon = loc.lon;
      if (!isNum(lat) || !isNum(lon)) { return; }
      if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) { return; }
      var J = D.japan, inside = lat >= J.lat[0] && lat <= J.lat[1] && lon >= J.lon[0] && lon <= J.lon[1];
      if (!inside) {
        var sw = lon >= J.lat[0] && lon <= J.lat[1] && lat >= J.lon[0] && lat <= J.lon[1];
        add(where.concat(["lat"]), sw ? "swapped-coordinates" : "outside-japan",
          "位置 lat=" + floatRepr(lat) + ", lon=" + floatRepr(lon) + " は日本の範囲外です" + (sw ? "（緯度と経度が入れ替わっているようです）" : ""),
          sw ? "lat: " + floatRepr(lon) + "、lon: " + floatRepr(lat) + " と入れ替えてください"
             : "lat は 20〜46、lon は 122〜154 の範囲です。地理院地図で位置を確かめてください");
        return;
      }
      var m = has(MUNI, code || "") ? MUNI[code] : null, limit = D.settings.max_distance_km;
      if (m && m.lat !== null) {
        var km = distanceKm(lat, lon, m.lat, m.lon);
        if (km > limit) {
          add(where.concat(["lat"]), "far-from-municipality",
            "位置が " + m.prefecture + m.name + " の代表点から " + fixed0(km) + " km 離れています（上限 " + fixed0(limit) + " km）",
            "市区町村コードか緯度・経度の誤りではありませんか");
        }
      }
    }
    function organisationContact(where, contact) {
      if (isStr(contact.email) && isPersonalMail(contact.email)) {
        add(where.concat(["email"]), "personal-contact", shown(contact.email) + "は個人のメールアドレスのようです。連絡先は組織の窓口だけを載せます",
          "団体・施設・行政の窓口のアドレスにするか、email を消してください");
      }
      if (isStr(contact.phone) && isMobilePhone(contact.phone)) {
        add(where.concat(["phone"]), "personal-contact", shown(contact.phone) + "は携帯電話の番号です。個人の番号は載せません",
          "団体・施設・行政の窓口の番号にするか、phone を消してください");
      }
    }
    function addressPrivacy(base, r) {
      var loc = r.location, address = r.address, precision = isDict(loc) ? loc.precision : null;
      if ((precision === "approximate" || precision === "hidden") && isArray(r.source_fields) && r.source_fields.length) {
        add(base.concat(["source_fields"]), "private-source-fields",
          "位置・住所を公開しない資源（precision: " + precision + "）には元の一覧の項目を書きません" +
          "（郵便番号や建物名が住所の手がかりになるため）", "source_fields を消してください");
      }
      if (!isStr(address) || !pyStrip(address)) { return; }
      var cut = approximateAddress(address);
      if (precision === "hidden") {
        add(base.concat(["address"]), "private-address",
          "位置を公開しない資源（precision: hidden）には住所を書きません（個人宅の住所を守るため）",
          "address を消してください。おおよその場所を示すなら precision: approximate にして、" +
          (cut ? "住所を町丁目まで（address: \"" + visible(cut) + "\"）にします" : "住所を町丁目までにします"));
      } else if (precision === "approximate" && cut !== pyStrip(address)) {
        add(base.concat(["address"]), "private-address",
          "おおよその位置（precision: approximate）の資源の住所は町丁目までです: " + shown(address),
          (cut ? "address: \"" + visible(cut) + "\" にしてください" : "address を消してください") +
          "（番地・建物名・「様方」・家や建物の名前は書きません）。公共の施設なら precision: exact にできます");
      }
    }
    function freshness(base, r) {
      var age = monthsSince(r.last_verified, now);
      if (age === null) { return; }
      var limit = D.settings.stale_after_months;
      if (age >= limit) {
        add(base.concat(["last_verified"]), "stale",
          shown(has(r, "name") ? pyStr(r.name) : "") + "の情報は確認から " + age + " か月たっています（" + r.last_verified + " 確認、目安は " + limit + " か月）",
          "情報を確かめて last_verified を確認した日に更新してください", "warning");
      }
    }
    /** rules.Rules.future_dates */
    function futureDates(kind) {
      var fields = D.dates[kind] || [], latest = isoDate(D.latestDate), nowText = isoText(now);
      var tomorrow = new Date(Date.UTC(now.y, now.m - 1, now.d + 1));
      var after = { y: tomorrow.getUTCFullYear(), m: tomorrow.getUTCMonth() + 1, d: tomorrow.getUTCDate() };
      function check(where, value, partial) {
        if (!isStr(value) || dateReason(value, partial) !== null) { return; }  // not a date: the schema said so
        var parts = value.split("-"), first = { y: +parts[0], m: parts.length > 1 ? +parts[1] : 1, d: parts.length > 2 ? +parts[2] : 1 };
        var last = where[where.length - 1];
        if (dateAfter(first, latest)) {
          add(where, "future-date", value + " は " + latest.y + " 年より後の日付です",
            "年の打ち間違いではありませんか（例: 2206 → 2026）", "warning");
        } else if (contains(D.checkedDates, last) && dateAfter(first, after)) {
          add(where, "future-date", value + " は未来の日付です（基準日 " + nowText + " より後）",
            last === "as_of" ? "推計の数値なら、as_of は推計を公表した時点にして「2040年推計」などは as_of_label に書いてください"
              : "実際に確かめた日を書いてください（年・月の打ち間違いはありませんか）", "warning");
        }
      }
      function walk(value, path, where, partial) {  // rules._values_at
        var i;
        if (!path.length) { check(where, value, partial); }
        else if (path[0] === "*") {
          if (isArray(value)) { for (i = 0; i < value.length; i++) { walk(value[i], path.slice(1), where.concat([i]), partial); } }
        } else if (isDict(value) && has(value, path[0])) {
          walk(value[path[0]], path.slice(1), where.concat([path[0]]), partial);
        }
      }
      for (var f = 0; f < fields.length; f++) { walk(doc.data, fields[f][0], [], fields[f][1]); }
    }
    function sourceRef(where, source) {
      var ids = [], i;
      for (i = 0; i < D.documents.length; i++) { ids.push(D.documents[i][0]); }
      for (i = 0; i < extraDocuments.length; i++) { ids.push(extraDocuments[i]); }
      if (isDict(source) && isStr(source.document) && !contains(ids, source.document)) {
        add(where.concat(["document"]), "unknown-document", "資料「" + source.document + "」は content/documents.yaml にありません",
          "使える資料: " + sortedStrings(ids).join(", "));
      }
    }
    var FACT_LISTS = ["context", "challenge", "actions", "outcomes", "figures", "stakeholders", "timeline", "quotes", "places"];
    return {
      problems: problems,
      district: function () {
        var data = doc.data;
        if (!isDict(data)) { return; }
        generatedPaths("district");
        unfinished();
        futureDates("district");
        if (isStr(data.layer)) { term(["layer"], "layers", data.layer); }
        var m = municipality(["municipality"], data.municipality), code = m ? m.code : null;
        if (isDict(data.maintainer_contact)) { organisationContact(["maintainer_contact"], data.maintainer_contact); }
        var firstLine = {}, items = dictItems(data.resources), undated = [];
        for (var n = 0; n < items.length; n++) {
          var i = items[n][0], r = items[n][1], base = ["resources", i], rid = r.id;
          if (!has(r, "last_verified")) { undated.push([base, r]); }
          if (isStr(rid) && has(firstLine, rid)) {
            add(base.concat(["id"]), "duplicate-id", "資源の id「" + rid + "」はこの地区の " + firstLine[rid] + " 行目でも使われています",
              "別の id にしてください");
          } else if (isStr(rid)) {
            firstLine[rid] = doc.lineOf(base.concat(["id"]));
          }
          terms(base, r, D.terms.district.resources);
          if (isDict(r.contact)) { organisationContact(base.concat(["contact"]), r.contact); }
          if (has(r, "location")) { location(base.concat(["location"]), r.location, code); }
          addressPrivacy(base, r);
          freshness(base, r);
        }
        if (undated.length) {  // rules.Rules.undated
          var first = undated[0][1];
          add(undated[0][0], "no-date",
            "最終確認日（last_verified）のない資源が " + undated.length + " 件あります（最初は" +
            shown(has(first, "name") ? pyStr(first.name) : "") + "）。サイトには「確認日不明」と表示します",
            "情報を確かめた日を last_verified に書いてください（取り込んだ一覧なら、一覧の日付を " +
            "--as-of で指定して取り込み直せます）", "warning");
        }
      },
      "case": function () {
        var data = doc.data, i, n;
        if (!isDict(data)) { return; }
        generatedPaths("case");
        unfinished();
        futureDates("case");
        terms([], data, D.terms["case"][""]);
        var munis = isArray(data.municipalities) ? data.municipalities : [];
        for (i = 0; i < munis.length; i++) { municipality(["municipalities", i], munis[i]); }
        var sources = dictItems(data.sources), sourceIds = [], countOf = {};
        for (n = 0; n < sources.length; n++) {
          var sid = pyStr(sources[n][1].id);
          if (!has(countOf, sid)) { sourceIds.push(sid); countOf[sid] = 0; }
          countOf[sid]++;
        }
        for (n = 0; n < sources.length; n++) {
          var s = sources[n][1];
          if (countOf[pyStr(s.id)] > 1) {
            add(["sources", sources[n][0], "id"], "duplicate-source-id", "出典 id「" + pyStr(s.id) + "」が2回以上あります",
              "出典ごとに別の id にしてください");
          }
          sourceRef(["sources", sources[n][0]], s);
        }
        var used = {}, firstMuni = dictItems(data.municipalities), code = firstMuni.length ? firstMuni[0][1].code : undefined;
        for (var f = 0; f < FACT_LISTS.length; f++) {
          var list = dictItems(data[FACT_LISTS[f]]);
          for (n = 0; n < list.length; n++) {
            var item = list[n][1], ref = item.source;
            used[pyStr(ref)] = true;
            if (isStr(ref) && !has(countOf, ref)) {
              add([FACT_LISTS[f], list[n][0], "source"], "unknown-source", "出典「" + ref + "」が sources にありません",
                "sources の id（" + (sourceIds.join(", ") || "なし") + "）から選んでください");
            }
            if (FACT_LISTS[f] === "places" && has(item, "location")) {
              location([FACT_LISTS[f], list[n][0], "location"], item.location, isStr(code) ? code : null);
            }
          }
        }
        for (n = 0; n < sources.length; n++) {
          if (!used[pyStr(sources[n][1].id)]) {
            add(["sources", sources[n][0], "id"], "unused-source", "出典「" + pyStr(sources[n][1].id) + "」はどの記述からも参照されていません",
              "使わない出典は消すか、記述の source に指定してください", "warning");
          }
        }
      }
    };
  }

  var PATTERNS = [];
  for (var pi = 0; pi < D.paths.patterns.length; pi++) { PATTERNS.push(new RegExp(D.paths.patterns[pi])); }
  /** paths.is_shared */
  function isShared(path) {
    if (contains(D.paths.shared, path)) { return true; }
    for (var i = 0; i < PATTERNS.length; i++) { if (PATTERNS[i].test(path)) { return true; } }
    return false;
  }

  /** The file's size in bytes as UTF-8 (the writer escapes lone surrogates: a surrogate is half of a pair). */
  function utf8Length(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      n += c < 0x80 ? 1 : (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) ? 2 : 3;
    }
    return n;
  }
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }  // f"{n:,}"
  /** validate.load_atlas for one record: the file's size, the schema, then the rules, then the placeholder
      filter, sorted. */
  var extraDocuments = [];  // ids of documents the case editor adds to content/documents.yaml
  function check(kind, record, options) {
    options = options || {};
    extraDocuments = options.documents || [];
    var written = writeYaml(kind, record), size = utf8Length(written.text);
    if (size > D.yaml.maxBytes) {  // load.read_file: not read at all, so this is its one problem
      return { problems: [Problem(fileName(kind, record), 1, "", "file-too-large",
        "ファイルが大きすぎます（" + grouped(size) + " バイト以上、上限 " + grouped(D.yaml.maxBytes) + " バイト）",
        "地区を分けて複数のファイルにしてください")], yaml: written.text, path: fileName(kind, record) };
    }
    var doc = Doc(fileName(kind, record), record, written.lines);
    var problems = schemaCheck(doc, kind);
    var rules = Rules(doc, options.today || today());
    rules[kind]();
    problems = problems.concat(rules.problems);
    var unfinishedAt = {}, out = [], i;
    for (i = 0; i < problems.length; i++) { if (problems[i].code === "unfinished") { unfinishedAt[problems[i].field] = true; } }
    for (i = 0; i < problems.length; i++) {
      if (problems[i].code === "unfinished" || !unfinishedAt[problems[i].field]) { out.push(problems[i]); }
    }
    return { problems: sortProblems(out), yaml: written.text, path: doc.path };
  }
  function fileName(kind, record) {
    var ident = isDict(record) && isStr(record.id) && record.id ? record.id : (kind === "case" ? "new-case" : "new-district");
    return D.yaml.folders[kind] + "/" + ident + ".yaml";
  }

  // ------------------------------------------------------------ importers/hours.py suggested_rules
  // A schedule typed as one line → rules, for the suggestion under the schedule's text. The
  // same table (tests/data/schedule_text.json) runs through this port and the Python function.
  var H_DIGIT = "(?:" + D.digit + ")", H_DASH = "~\u301c\\-\u2010\u30fc\u2212\u2015", H_DAYS = "\u6708\u706b\u6c34\u6728\u91d1\u571f\u65e5";
  var H_DAY_OF = { "\u6708": "MO", "\u706b": "TU", "\u6c34": "WE", "\u6728": "TH", "\u91d1": "FR", "\u571f": "SA", "\u65e5": "SU" };
  var WEEK = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  var H_TIME = "(?:\u5348\u524d|\u5348\u5f8c)?" + H_DIGIT + "{1,2}(?:[:\uff1a]" + H_DIGIT + "{2}|\u6642(?:" + H_DIGIT + "{1,2}\u5206?)?)";
  var H_SPAN = new RegExp("^(" + H_TIME + ")" + WS + "*[" + H_DASH + "]" + WS + "*(" + H_TIME + ")$");
  var H_OPEN_END = new RegExp("^(" + H_TIME + ")[" + H_DASH + "]?$");
  var H_FIRST_TIME = new RegExp("(?:\u5348\u524d|\u5348\u5f8c)?" + H_DIGIT + "{1,2}(?:[:\uff1a]|\u6642)|\u7d42\u65e5|24\u6642\u9593");
  var H_TIME_OF = new RegExp("^(\u5348\u524d|\u5348\u5f8c)?(" + H_DIGIT + "{1,2})(?:[:\uff1a\u6642](" + H_DIGIT + "{1,2})?\u5206?(?::" + H_DIGIT + "{2})?)?$");
  var H_NTH = new RegExp("^(?:\u6bce\u6708|\u6708\u306e|\u6bce\u6708\u306e)?\u7b2c([1-5](?:\\|[1-5])*)\u9031?\u306e?([" + H_DAYS + "])\u66dc?$");
  var H_DAY = "[" + H_DAYS + "]\u66dc?(?:[" + H_DASH + "][" + H_DAYS + "]\u66dc?)?";
  var H_COMPACT = new RegExp("^(?:" + H_DAY + ")+$"), H_RANGE = new RegExp("([" + H_DAYS + "])\u66dc?(?:[" + H_DASH + "]([" + H_DAYS + "])\u66dc?)?", "g");
  var H_SEP = new RegExp("(?:[,\u3001\uff0c\u30fb/\uff0f;\uff1b]|" + WS + ")+");
  var H_HOLIDAY = ["\u795d\u65e5", "\u795d\u796d\u65e5", "\u795d\u4f11\u65e5", "\u796d\u65e5", "\u795d"];
  var H_EVERY_DAY = ["\u6bce\u65e5", "\u5168\u65e5", "\u5e74\u4e2d\u7121\u4f11", "\u7121\u4f11", "\u5168\u66dc\u65e5"];
  var H_ALL_DAY = ["\u7d42\u65e5", "24\u6642\u9593", "24\u6642\u9593\u55b6\u696d", "24\u6642\u9593\u5229\u7528\u53ef", "24\u6642\u9593\u5229\u7528\u53ef\u80fd", "24\u6642\u9593\u5bfe\u5fdc"];
  function BadValue() {}
  function digitsValue(text) { var n = 0, cps = codePoints(text); for (var i = 0; i < cps.length; i++) { n = n * 10 + digitValue(cps[i]); } return n; }
  /** hours._norm (cells.nfkc strips; 曜日 → 曜; no spaces around a range mark) */
  function hoursNorm(value) {
    return pyStrip(nfkc(value || "")).split("\u66dc\u65e5").join("\u66dc")
      .replace(new RegExp(WS + "*([" + H_DASH + "])" + WS + "*", "g"), "$1");
  }
  /** cells.time_of */
  function timeOf(value) {
    var t = pyStrip(nfkc(value || "")).split(" ").join("");
    var m = H_TIME_OF.exec(t);
    if (!m) { throw new BadValue(); }
    var hour = digitsValue(m[2]), minute = m[3] ? digitsValue(m[3]) : 0;
    if (m[1] === "\u5348\u5f8c" && hour < 12) { hour += 12; }
    if (hour > 23 || minute > 59) { throw new BadValue(); }
    return (hour < 10 ? "0" : "") + hour + ":" + (minute < 10 ? "0" : "") + minute;
  }
  /** hours.day_list (a day list, not a closed-days cell): {days, nth} or null when empty */
  function dayList(value) {
    var t = hoursNorm(value);
    if (!t) { return null; }
    var out = { days: {}, nth: {} }, tokens, i, k;
    t = t.replace(new RegExp("(" + H_DIGIT + ")" + WS + "*[\u30fb\u3001,\uff0c]" + WS + "*\u7b2c?(?=" + H_DIGIT + ")", "g"), "$1|");
    tokens = t.split(H_SEP);
    for (i = 0; i < tokens.length; i++) {
      var token = tokens[i], nth = token ? H_NTH.exec(token) : null;
      if (!token) { continue; }
      if (nth) {
        var day = H_DAY_OF[nth[2]], ns = nth[1].split("|");
        out.nth[day] = out.nth[day] || {};
        for (k = 0; k < ns.length; k++) { out.nth[day][ns[k]] = true; }
        continue;
      }
      if (contains(H_EVERY_DAY, token)) { for (k = 0; k < 7; k++) { out.days[WEEK[k]] = true; } continue; }
      if (token === "\u5e73\u65e5") { for (k = 0; k < 5; k++) { out.days[WEEK[k]] = true; } continue; }
      if (contains(H_HOLIDAY, token)) { continue; }
      var stem = token;
      for (k = 0; k < H_HOLIDAY.length; k++) {
        var w = H_HOLIDAY[k];
        if (stem.length > w.length && stem.slice(-w.length) === w) { stem = stem.slice(0, -w.length); break; }
      }
      if (!H_COMPACT.test(stem)) { throw new BadValue(); }
      stem.replace(H_RANGE, function (all, a, b) {
        var first = indexOfDay(a), last = b ? indexOfDay(b) : first, d;
        if (last >= first) { for (d = first; d <= last; d++) { out.days[WEEK[d]] = true; } } else {
          for (d = first; d < 7; d++) { out.days[WEEK[d]] = true; }
          for (d = 0; d <= last; d++) { out.days[WEEK[d]] = true; }
        }
        return all;
      });
    }
    return out;
  }
  function indexOfDay(ch) { for (var i = 0; i < 7; i++) { if (WEEK[i] === H_DAY_OF[ch]) { return i; } } return -1; }
  /** hours.suggested_rules */
  function suggestRules(text) {
    var t = hoursNorm(text).split("\u6642\u534a").join("\u6642" + "30\u5206");
    t = t.replace(/(?:\u304b\u3089|\u3088\u308a)/g, "~").replace(/\u66dc\u3068/g, "\u66dc\u30fb").replace(/\u6bce\u9031\u306e?/g, " ");
    t = pyStrip(t);
    var rules = [], clauses, i, j, d;
    var split = new RegExp("(?:[,\u3001\uff0c/\uff0f;\uff1b\\n]|" + WS + ")+(?=[" + H_DAYS + "\u5e73\u6bce\u7b2c])");
    try {
      clauses = t.split(split);
      for (i = 0; i < clauses.length; i++) {
        var clause = pyStrip(clauses[i]);
        if (!clause) { continue; }
        var first = H_FIRST_TIME.exec(clause), cut = first ? first.index : clause.length;
        var days = dayList(pyStrip(clause.slice(0, cut)));
        if (!days) { return []; }
        var parts = clause.slice(cut).split(new RegExp("(?:[,\u3001\uff0c/\uff0f;\uff1b]|" + WS + ")+")), spans = [];
        for (j = 0; j < parts.length; j++) {
          var part = parts[j], whole, start;
          if (!part) { continue; }
          if (contains(H_ALL_DAY, part)) { spans.push(["00:00", "23:59"]); }
          else if ((whole = H_SPAN.exec(part))) { spans.push([timeOf(whole[1]), timeOf(whole[2])]); }
          else if ((start = H_OPEN_END.exec(part))) { spans.push([timeOf(start[1]), null]); }
          else { return []; }
        }
        for (j = 0; j < spans.length; j++) { if (spans[j][1] !== null && spans[j][1] <= spans[j][0]) { return []; } }
        var sets = [["weekly", [], []]], monthly = {}, order = [];
        for (d = 0; d < 7; d++) {
          var day = WEEK[d];
          if (has(days.nth, day)) {
            var pos = keys(days.nth[day]).map(Number).sort(function (a, b) { return a - b; }), key = pos.join(",");
            if (!has(monthly, key)) { monthly[key] = ["monthly", [], pos]; order.push(key); }
            monthly[key][1].push(day);
          } else if (has(days.days, day)) { sets[0][1].push(day); }
        }
        for (j = 0; j < order.length; j++) { sets.push(monthly[order[j]]); }
        for (j = 0; j < sets.length; j++) {
          if (!sets[j][1].length) { continue; }
          var each = spans.length ? spans : [[null, null]];
          for (var s = 0; s < each.length; s++) {
            var rule = { freq: sets[j][0], byday: sets[j][1] };
            if (sets[j][2].length) { rule.bysetpos = sets[j][2]; }
            if (each[s][0]) { rule.opens = each[s][0]; }
            if (each[s][1]) { rule.closes = each[s][1]; }
            rules.push(rule);
          }
        }
      }
    } catch (err) {
      if (err instanceof BadValue) { return []; }
      throw err;
    }
    return rules;
  }
  var DAY_JA = { MO: "\u6708", TU: "\u706b", WE: "\u6c34", TH: "\u6728", FR: "\u91d1", SA: "\u571f", SU: "\u65e5" };
  /** schedule.schedule_ja: one rule in plain Japanese (毎月 第1・第3 日曜 10:00〜12:00) */
  function ruleJa(rule) {
    var days = (isArray(rule.byday) ? rule.byday : []).map(function (d) { return DAY_JA[d] || String(d); }).join("\u30fb") + "\u66dc";
    var text = rule.freq === "monthly" && isArray(rule.bysetpos) && rule.bysetpos.length
      ? "\u6bce\u6708 " + rule.bysetpos.map(function (n) { return n === -1 ? "\u6700\u7d42" : "\u7b2c" + n; }).join("\u30fb") + " " + days
      : "\u6bce\u9031 " + days;
    if (rule.opens) { text += " " + rule.opens + "\u301c" + (rule.closes || ""); }
    return text;
  }

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

  // ------------------------------------------------------------ new entries of content/documents.yaml
  var DOC_FIELDS = ["id", "title", "publisher", "date", "url"], DOC_REQUIRED = ["id", "title", "publisher"];
  /** Problems of documents the case editor adds (documents.schema.json; the URL only http/https):
      a subset of what validate accepts, so what the editor accepts validates. */
  function checkDocuments(list) {
    var out = [], seen = {}, i, k, ids = {}, id = D.schemas["case"].properties.id, date = D.schemas["case"].properties.last_reviewed;
    for (i = 0; i < D.documents.length; i++) { ids[D.documents[i][0]] = true; }
    function add(n, key, code, message, hint) {
      out.push(Problem("content/documents.yaml", 0, "documents[" + n + "]." + key, code, message, hint));
    }
    for (i = 0; i < list.length; i++) {
      var d = isDict(list[i]) ? list[i] : {};
      for (k = 0; k < DOC_REQUIRED.length; k++) {
        if (!isStr(d[DOC_REQUIRED[k]]) || !d[DOC_REQUIRED[k]]) { add(i, DOC_REQUIRED[k], "missing-field", "必須の項目「" + DOC_REQUIRED[k] + "」がありません", ""); }
      }
      if (isStr(d.id) && d.id && !regex(id.pattern).test(d.id)) { add(i, "id", id.pat[0], describe(d.id, "id") + " は" + id.pat[1], id.pat[2]); }
      if (isStr(d.id) && (has(ids, d.id) || has(seen, d.id))) {
        add(i, "id", "duplicate-id", "資料 id「" + d.id + "」は content/documents.yaml に既にあります", "別の id にするか、一覧からその資料を選んでください");
      }
      seen[d.id] = true;
      if (isStr(d.date) && d.date && !regex(date.pattern).test(d.date)) { add(i, "date", date.pat[0], describe(d.date, "date") + " は" + date.pat[1], date.pat[2]); }
      if (isStr(d.url) && d.url && !/^https?:\/\/[^\s<>"']+$/.test(d.url)) {
        add(i, "url", "bad-url", "URL は http:// か https:// で始めてください", "例: https://www.example.jp/report.pdf（なければ空欄）");
      }
    }
    return out;
  }
  /** The lines to add at the end of content/documents.yaml (its style: two spaces, "- ", dates quoted). */
  function documentsYaml(list) {
    var out = [];
    for (var i = 0; i < list.length; i++) {
      var d = list[i];
      for (var k = 0; k < DOC_FIELDS.length; k++) {
        var key = DOC_FIELDS[k], v = d[key];
        if (key === "date") { out.push("    date: " + (isStr(v) && v ? quoted(v) : "null")); continue; }
        if (isStr(v) && v) { out.push((k ? "    " : "  - ") + key + ": " + scalar(v)); }
      }
    }
    return out.length ? out.join("\n") + "\n" : "";
  }

  window.AtlasEditorCore = {
    checkDocuments: checkDocuments, documentsYaml: documentsYaml,
    data: D, check: check, writeYaml: writeYaml, suggestRules: suggestRules, ruleJa: ruleJa, format: format, fileName: fileName,
    approximateAddress: approximateAddress, charKind: charKind, roundApproximate: roundApproximate, pyRound: pyRound,
    floatRepr: floatRepr, closeMatch: closeMatch, visible: visible, shown: shown, describe: describe,
    scalar: scalar, quoted: quoted, forbiddenAt: forbiddenAt, checkDigitOk: checkDigitOk, isMobilePhone: isMobilePhone, isPersonalMail: isPersonalMail,
    municipality: function (code) { return has(MUNI, code) ? MUNI[code] : null; },
    municipalities: MUNI_ORDER, todayText: todayText, dotted: dotted, cpLength: cpLength,
    isArray: isArray, isDict: isDict, keys: keys, has: has
  };
})();
