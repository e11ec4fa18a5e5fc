/* JSON Schema (jsonschema, Draft 2020-12) for the keywords editor_schema.py lets through,
   and schema_check's problems from its errors (generator/check/schema_check.py). */
import { textProblems } from "./characters.js";
import { D } from "./data.js";
import { dateReason } from "./dates.js";
import { Doc, Problem, dotted } from "./problems.js";
import { describe, floatRepr, isPyInt, pyStr } from "./pynum.js";
import { cpLength, shown } from "./pytext.js";
import { enumLabels, keyFor, labelHint } from "./suggest.js";
import { contains, has, isArray, isDict, isNum, isStr, keys } from "./values.js";

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
/** schema_check.check */
function schemaCheck(doc, kind) {
  var own = textProblems(doc, kind), renames = [];
  var problems = oneMessagePerMistake(doc, kind, schemaProblems(doc, kind, renames), renames);
  var said = {}, out = own.slice(), i;
  for (i = 0; i < own.length; i++) { said[own[i].field] = true; }
  for (i = 0; i < problems.length; i++) { if (!said[problems[i].field]) { out.push(problems[i]); } }
  return out;
}

export { regex, schemaCheck };
