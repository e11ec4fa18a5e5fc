/* Saving a case opened from its page keeps its file (site_templates/js/editor-ui/keep.js): only
   the lines of changed values are rewritten, and any other kind of change gives null (the
   editor then writes the file anew and says which comment lines are lost). The editor's
   checks come from the editor-core bundle's entry, as on the page (window.AtlasEditorCore). */
import "./editor-data.mjs";
import "../../site_templates/js/pages/editor-core.js";
import assert from "node:assert/strict";
import test from "node:test";
import { commentLines, equal, keptWords, patch, savedText, spans } from "../../site_templates/js/editor-ui/keep.js";

const C = globalThis.window.AtlasEditorCore;
const RECORD = { id: "sample-case", title: "サンプル事例", summary: "plain text", tags: ["a", "b"],
  municipalities: [{ code: "131016", prefecture: "東京都", name: "千代田区" }] };

/** The file as the editor writes it, with a comment line put after its first line; the lines as
    the page gives them (editor_record.case_file): [[path], line]. */
function file(record) {
  const written = C.writeYaml("case", record);
  const text = written.text.split("\n");
  text.splice(1, 0, "# a contributor's comment");
  const lines = Object.entries(written.lines).filter(([k]) => k)
    .map(([k, n]) => [k.split("\u0000").map((p) => (/^\d+$/.test(p) ? Number(p) : p)), n > 1 ? n + 1 : n]);
  return { record: JSON.parse(JSON.stringify(record)), text: text.join("\n"), lines };
}
const changed = (edit) => { const r = JSON.parse(JSON.stringify(RECORD)); edit(r); return r; };

test("keep: one changed text value rewrites its line only; the comment stays", () => {
  const f = file(RECORD);
  const out = patch(f, changed((r) => { r.title = "新しい題: 「引用」"; }), "case");
  const before = f.text.split("\n"), after = out.split("\n");
  const diff = before.map((line, i) => (line === after[i] ? null : i)).filter((i) => i !== null);
  assert.equal(diff.length, 1);
  assert.equal(after[diff[0]], `title: ${C.scalar("新しい題: 「引用」", "title")}`);
  assert.ok(after.includes("# a contributor's comment"));
});

test("keep: a value in a list and one in a nested object are rewritten in place", () => {
  const out = patch(file(RECORD), changed((r) => { r.municipalities[0].name = "千代田"; }), "case");
  assert.match(out, /^ {4}name: 千代田$/m);
});

const NOT_ONE_LINE = [
  ["a key added", (r) => { r.url = "https://example.org/"; }],
  ["a key removed", (r) => { delete r.summary; }],
  ["an item added to a list", (r) => { r.municipalities.push({ code: "402028" }); }],
  ["a text value emptied", (r) => { r.summary = ""; }],
  ["a text value turned into a number", (r) => { r.summary = 5; }],
  ["nothing changed", () => {}],
];
for (const [shape, edit] of NOT_ONE_LINE) {
  test(`keep: ${shape} → null (written anew)`, () => {
    assert.equal(patch(file(RECORD), changed(edit), "case"), null);
  });
}

test("keep: the same data whatever the order of keys; the comment lines and their spans", () => {
  assert.equal(equal({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), true);
  assert.equal(equal({ a: 1 }, { a: 1, b: undefined }), false);
  assert.equal(equal([1, 2], [2, 1]), false);
  const text = file(RECORD).text;
  assert.deepEqual(commentLines(text, "case"), [2]);
  assert.equal(spans([1, 2, 3, 7, 9, 10]), "1〜3・7・9〜10");
  assert.equal(spans([]), "");
});

test("keep: the file saved and what is said of it, by the shape of what the page gave", () => {
  const f = file(RECORD), yaml = C.writeYaml("case", changed((r) => { r.url = "https://example.org/"; })).text;
  // nothing changed: the file as it was
  assert.equal(savedText(f, changed(() => {}), "unused", "case"), f.text);
  assert.match(keptWords(f, f.text, "unused", true, "case"), /開いたときのファイルのまま/);
  // one value changed: its line only
  const one = savedText(f, changed((r) => { r.summary = "new"; }), "unused", "case");
  assert.match(one, /^summary: new$/m);
  assert.match(keptWords(f, one, "unused", true, "case"), /直した値の行だけ/);
  // a key added: the editor's writing, and the comment line lost is named
  assert.equal(savedText(f, changed((r) => { r.url = "https://example.org/"; }), yaml, "case"), yaml);
  assert.match(keptWords(f, yaml, yaml, true, "case"), /コメント 1 行（2 行目）は保存されません/);
  // no file text (a district page): its comments and the differing fields; no file at all
  assert.equal(savedText(null, RECORD, yaml, "district"), yaml);
  assert.equal(keptWords({ comments: 3, differs: ["location"] }, yaml, yaml, true, "district"),
    "元のファイルのコメント 3 行は保存されません。次の項目は、元のファイルの値ではなくページに公開している値で保存されます：location。");
  assert.match(keptWords(null, yaml, yaml, true, "case"), /# で始まる行/);
  assert.equal(keptWords(null, yaml, yaml, false, "case"), "");
});
