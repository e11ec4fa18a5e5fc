/* The editor's page parts and the shared DOM helper, each module of site_templates/js/ imported as
   itself (one node process for them all; the editor's checks come from the editor-core entry,
   as on the page, window.AtlasEditorCore). */
import "./editor-data.mjs";
import "../../site_templates/js/pages/editor-core.js";
import assert from "node:assert/strict";
import { clear, el, safeUrl } from "../../site_templates/js/dom.js";
import test from "node:test";
import { commentLines, equal, keptWords, patch, savedText, spans } from "../../site_templates/js/editor-ui/keep.js";
import { pullRequestLink, when } from "../../site_templates/js/editor-ui/saving.js";
import { summaryText, touchedField } from "../../site_templates/js/editor-ui/problem-list.js";

/* The shared DOM helper of the bundled scripts (site_templates/js/dom.js), on a minimal fake
   document: text goes in only as text, and the attributes el() refuses, by their shapes. */
class Node {
  constructor(tag) { this.tag = tag; this.attributes = {}; this.childNodes = []; this.textContent = ""; }
  setAttribute(name, value) { this.attributes[name] = value; }
  appendChild(child) { this.childNodes.push(child); return child; }
  removeChild(child) { this.childNodes.splice(this.childNodes.indexOf(child), 1); return child; }
  get firstChild() { return this.childNodes[0] || null; }
}
globalThis.document = {
  createElement: (tag) => new Node(tag),
  createTextNode: (text) => ({ text }),
};

test("dom: text and string children are text, never markup", () => {
  const markup = "<img src=x onerror=alert(1)>";
  const node = el("p", { text: markup, "class": "a" }, [markup, null, el("b")]);
  assert.equal(node.textContent, markup);
  assert.deepEqual(node.childNodes[0], { text: markup });
  assert.equal(node.childNodes.length, 2);
  assert.deepEqual(node.attributes, { "class": "a" });
});

test("dom: true sets an attribute empty; null, undefined and false leave it out", () => {
  const node = el("input", { hidden: true, disabled: false, value: 0, title: null, name: undefined });
  assert.deepEqual(node.attributes, { hidden: "", value: "0" });
});

const REFUSED_ATTRIBUTES = [
  ["onclick", "alert(1)"], ["ONERROR", "x"], ["onfocus", ""], ["srcdoc", "<p>"], ["a b", "x"], ["x=\"y\"", "z"], ["", "x"],
  ["href", "javascript:alert(1)"], ["href", "JavaScript:alert(1)"], ["href", " javascript:alert(1)"],
  ["href", "\tjava\nscript:alert(1)"], ["href", "data:text/html,<script>"], ["src", "vbscript:x"],
  ["action", "javascript:x"], ["formaction", "data:x"], ["href", "file:///etc/passwd"],
];
for (const [name, value] of REFUSED_ATTRIBUTES) {
  test(`dom: refuses ${JSON.stringify(name)}=${JSON.stringify(value)}`, () => {
    assert.deepEqual(el("a", { [name]: value }).attributes, {});
  });
}

const KEPT_ATTRIBUTES = [
  ["href", "../districts/sample/"], ["href", "#atlas-res-3"], ["href", "index.html?edit=a:b"], ["href", "https://example.org/x"],
  ["href", "http://example.org/"], ["href", "mailto:info@example.org"], ["href", "tel:03-1234-5678"],
  ["href", "blob:null/1234"], ["download", "sample.yaml"], ["data-path", "resources.0.name"], ["aria-label", "地図"],
  ["style", "grid-column: 1 / 2"],
];
for (const [name, value] of KEPT_ATTRIBUTES) {
  test(`dom: keeps ${name}=${JSON.stringify(value)}`, () => {
    assert.deepEqual(el("a", { [name]: value }).attributes, { [name]: value });
  });
}

test("dom: safeUrl and clear", () => {
  assert.equal(safeUrl("https://a/b"), true);
  assert.equal(safeUrl("javascript:x"), false);
  const box = el("div", null, ["a", "b"]);
  clear(box);
  assert.equal(box.childNodes.length, 0);
});

/* The pull-request link of the editor (site_templates/js/editor-ui/saving.js): only an https
   repository gets one, by the shapes of the repository address and of the file. */
const REPO = { url: "https://github.com/example/atlas", branch: "main" };

const REFUSED_REPOSITORIES = ["http://github.com/example/atlas", "javascript:alert(1)//https://", " https://x", "//github.com/x", "", "file:///x"];
for (const url of REFUSED_REPOSITORIES) {
  test(`saving: no link for the repository ${JSON.stringify(url)}`, () => {
    assert.equal(pullRequestLink({ url, branch: "main" }, "content/districts", "a.yaml", "id: a\n", false), null);
  });
}

test("saving: a record opened from its page opens its own file; names and branches are escaped", () => {
  const link = pullRequestLink({ url: "https://github.com/example/atlas///", branch: "feature/x y" }, "cases", "a b&c.yaml", "x", true);
  assert.equal(link.href, "https://github.com/example/atlas/edit/feature%2Fx%20y/cases/a%20b%26c.yaml");
  assert.match(link.text, /ファイルを開く/);
});

test("saving: a new record opens a new file with the text in the address, up to 8,000 characters", () => {
  const short = pullRequestLink({ url: REPO.url }, "content/districts", "new-district.yaml", "id: new & \"x\"\n", false);
  assert.equal(short.href, "https://github.com/example/atlas/new/main/content/districts?filename=new-district.yaml&value=" +
    encodeURIComponent("id: new & \"x\"\n"));
  const long = pullRequestLink(REPO, "content/districts", "new-district.yaml", "あ".repeat(3000), false);
  assert.equal(long.href, "https://github.com/example/atlas/new/main/content/districts?filename=new-district.yaml");
  assert.match(long.text, /貼り付けて/);
});

test("saving: when a draft was put aside", () => {
  assert.equal(when(0), "");
  assert.equal(when(new Date(2026, 4, 3, 9, 5).getTime()), "（5月3日 9:05に残した下書き）");
});

/* Saving a case opened from its page keeps its file (site_templates/js/editor-ui/keep.js): only
   the lines of changed values are rewritten, and any other kind of change gives null (the
   editor then writes the file anew and says which comment lines are lost). The editor's
   checks come from the editor-core bundle's entry, as on the page (window.AtlasEditorCore). */
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

/* Which problems the editor shows, and its summary (site_templates/js/editor-ui/problem-list.js):
   a blank form opens with none shown, a touched field shows its own, those of what it holds and
   of what holds it, and a save tried shows all. */
const TOUCHED = { "resources.0.location": true, name: true };
const CASES = [
  ["", {}, false, true, "the file's own problem"],
  ["name", {}, false, false, "an untouched field"],
  ["name", {}, true, true, "any field once all are revealed"],
  ["name", TOUCHED, false, true, "the touched field"],
  ["resources[0].location.lat", TOUCHED, false, true, "a field inside a touched group"],
  ["resources[0]", TOUCHED, false, true, "the item holding a touched field"],
  ["resources[0].name", TOUCHED, false, false, "a sibling of a touched field"],
  ["resources[1].location", TOUCHED, false, false, "the same field of another item"],
  ["names", TOUCHED, false, false, "a field whose name starts with a touched one"],
];
for (const [field, touched, all, shown, shape] of CASES) {
  test(`problem list: ${shape}`, () => { assert.equal(touchedField(field, touched, all), shown); });
}

test("problem list: the summary counts errors shown and not yet shown, warnings apart", () => {
  assert.match(summaryText(2, 1, 0), /^直すところが 3 件あります（下の一覧/);
  assert.match(summaryText(1, 0, 2), /（注意 2 件、/);
  assert.match(summaryText(0, 4, 1), /^まだ入力していない項目があります/);
  assert.equal(summaryText(0, 0, 0), "誤りはありません。ファイルを保存できます。");
  assert.equal(summaryText(0, 0, 3), "誤りはありません（注意 3 件）。ファイルを保存できます。");
});
