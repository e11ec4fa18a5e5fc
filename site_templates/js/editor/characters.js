/* Characters a schema cannot rule out (generator/check/characters.py and
   schema_check.text_problems): forbidden characters, one-line fields, numbers out of range. */
import { D } from "./data.js";
import { Problem, dotted } from "./problems.js";
import { charsOf, cpLength, hex } from "./pytext.js";
import { contains, isArray, isDict, isNum, isStr, keys } from "./values.js";

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

export { forbiddenAt, textProblems };
