/* The shared DOM helper of the bundled scripts (site_templates/js/dom.js), on a minimal fake
   document: text goes in only as text, and the attributes el() refuses, by their shapes. */
import assert from "node:assert/strict";
import test from "node:test";

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
const { el, clear, safeUrl } = await import("../../site_templates/js/dom.js");

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

const REFUSED = [
  ["onclick", "alert(1)"], ["ONERROR", "x"], ["onfocus", ""], ["srcdoc", "<p>"], ["a b", "x"], ["x=\"y\"", "z"], ["", "x"],
  ["href", "javascript:alert(1)"], ["href", "JavaScript:alert(1)"], ["href", " javascript:alert(1)"],
  ["href", "\tjava\nscript:alert(1)"], ["href", "data:text/html,<script>"], ["src", "vbscript:x"],
  ["action", "javascript:x"], ["formaction", "data:x"], ["href", "file:///etc/passwd"],
];
for (const [name, value] of REFUSED) {
  test(`dom: refuses ${JSON.stringify(name)}=${JSON.stringify(value)}`, () => {
    assert.deepEqual(el("a", { [name]: value }).attributes, {});
  });
}

const KEPT = [
  ["href", "../districts/sample/"], ["href", "#atlas-res-3"], ["href", "index.html?edit=a:b"], ["href", "https://example.org/x"],
  ["href", "http://example.org/"], ["href", "mailto:info@example.org"], ["href", "tel:03-1234-5678"],
  ["href", "blob:null/1234"], ["download", "sample.yaml"], ["data-path", "resources.0.name"], ["aria-label", "地図"],
  ["style", "grid-column: 1 / 2"],
];
for (const [name, value] of KEPT) {
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
