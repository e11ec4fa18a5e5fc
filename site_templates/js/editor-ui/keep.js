/* Saving a record opened from its page keeps the file as it was written (comments, order,
   quoting) where it can: only the lines of the values that changed are rewritten, each as the
   editor writes it; otherwise the editor says exactly which comment lines are not kept. */
import { has, isArray, isDict, keys } from "../editor/values.js";
import { C } from "./core.js";

// The scalar values that differ between two records, as [path, old, new]; null when anything
// else differs (a key or an item added or removed, a list or an object changed for a value).
function changedValues(a, b, where, out) {
  var i, ks;
  if (isArray(a) && isArray(b)) {
    if (a.length !== b.length) { return null; }
    for (i = 0; i < a.length; i++) { if (changedValues(a[i], b[i], where.concat([i]), out) === null) { return null; } }
    return out;
  }
  if (isDict(a) && isDict(b)) {
    ks = keys(a);
    if (ks.length !== keys(b).length) { return null; }
    for (i = 0; i < ks.length; i++) {
      if (!has(b, ks[i]) || changedValues(a[ks[i]], b[ks[i]], where.concat([ks[i]]), out) === null) { return null; }
    }
    return out;
  }
  if (isArray(a) || isArray(b) || isDict(a) || isDict(b)) { return null; }
  if (a !== b) { out.push([where, a, b]); }
  return out;
}
/** The file as it was with only the changed values rewritten, each on its own line as the editor
    writes it; null when a change is not of one value written on one line the way the editor
    would write it (then the whole file is written anew, and showKeep says what is lost). */
function patch(f, record, kind) {
  var changes = changedValues(f.record, record, [], []), lines = f.text.split("\n"), at = {}, i;
  if (changes === null || !changes.length) { return null; }
  for (i = 0; i < f.lines.length; i++) { if (isArray(f.lines[i]) && isArray(f.lines[i][0])) { at[f.lines[i][0].join("\u0000")] = f.lines[i][1]; } }
  for (i = 0; i < changes.length; i++) {
    var where = changes[i][0], old = changes[i][1], now = changes[i][2], key = where[where.length - 1];
    var n = at[where.join("\u0000")], line = typeof n === "number" ? lines[n - 1] : undefined;
    if (typeof line !== "string" || typeof old !== "string" || typeof now !== "string" || !now) { return null; }
    var head = typeof key === "number" ? /^(\s*-\s+)(.*)$/.exec(line) : new RegExp("^(\\s*(?:-\\s+)?" +
      C.scalar(key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ":\\s+)(.*)$").exec(line);
    var quote = C.data.yaml.alwaysQuoted[kind].indexOf(key) >= 0;
    if (!head || (head[2] !== C.scalar(old, key) && head[2] !== C.quoted(old))) { return null; }
    var next = lines[n];  // a value that goes on (a plain scalar folded over lines) is not one line
    if (typeof next === "string" && /^\s+\S/.test(next) && !/^\s*(?:#|-\s|[^\s:#][^:#]*:(?:\s|$))/.test(next)) { return null; }
    lines[n - 1] = head[1] + (quote || head[2].charAt(0) === "\"" ? C.quoted(now) : C.scalar(now, key));
  }
  return lines.join("\n");
}
// the same data, whatever the order of keys (a field emptied and filled again comes last)
function equal(a, b) {
  if (isArray(a) || isArray(b)) {
    if (!isArray(a) || !isArray(b) || a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (!equal(a[i], b[i])) { return false; } }
    return true;
  }
  if (isDict(a) || isDict(b)) {
    if (!isDict(a) || !isDict(b)) { return false; }
    var ka = keys(a), kb = keys(b);
    if (ka.length !== kb.length) { return false; }
    for (var k = 0; k < ka.length; k++) { if (!has(b, ka[k]) || !equal(a[ka[k]], b[ka[k]])) { return false; } }
    return true;
  }
  return a === b;
}
function commentLines(text, kind) {
  var lines = text.split("\n"), out = [];
  for (var i = 0; i < lines.length; i++) {
    if (/^\s*#/.test(lines[i]) && !(i === 0 && lines[i] === C.data.yaml.schemaLines[kind])) { out.push(i + 1); }
  }
  return out;
}
function spans(numbers) {  // [1, 2, 3, 7] → 1〜3・7
  var out = [], i = 0;
  while (i < numbers.length) {
    var j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) { j++; }
    out.push(j > i ? numbers[i] + "〜" + numbers[j] : String(numbers[i]));
    i = j + 1;
  }
  return out.join("・");
}

/** The file saved for `record`: the file as it was (`f`: what the page said of it, with its
    text), when nothing changed since it was opened (comments and all, byte for byte); else that
    file with the changed values' lines rewritten; else `yaml`, the editor's writing of the
    record (importers' style). */
function savedText(f, record, yaml, kind) {
  if (!f || typeof f.text !== "string") { return yaml; }
  if (equal(record, f.record)) { return f.text; }
  var patched = patch(f, record, kind);
  return patched === null ? yaml : patched;
}

/** What of the original file saving `text` (the editor's own writing: `yaml`) will not keep, in
    words; `f` as in savedText, or {comments, differs} when the page could not give the file's
    text; `opened`: the record came from its page. "" when there is nothing to say. */
function keptWords(f, text, yaml, opened, kind) {
  if (f && typeof f.text === "string") {
    if (text === f.text) { return "開いたときのファイルのまま保存します（コメントも含めて、同じ内容です）。"; }
    if (text !== yaml) { return "直した値の行だけを書き換えて保存します（ほかの行・コメント・書き方は元のファイルのままです）。"; }
    var lost = commentLines(f.text, kind);
    return "直した内容はエディターの書き方で保存します。" + (lost.length ? "元のファイルのコメント " + lost.length + " 行（" + spans(lost) +
      " 行目）は保存されません。" : "") + "キーの順・引用符・改行などの書き方もエディターのものになります。";
  }
  if (f) {
    return (f.comments ? "元のファイルのコメント " + f.comments + " 行は保存されません。" : "") +
      (f.differs.length ? "次の項目は、元のファイルの値ではなくページに公開している値で保存されます：" + f.differs.join("、") + "。" : "");
  }
  return opened ? "元のファイルにコメント（# で始まる行）があれば、それは保存されません。" : "";
}

export { commentLines, equal, keptWords, patch, savedText, spans };
