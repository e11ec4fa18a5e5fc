/* atlas-url.js keeps its own copy of the schema's id pattern (common.schema.json#/$defs/id), for
   ids that arrive in a URL or from storage: the two must accept the same strings. The rest of
   atlas-url.js needs a page's location; tests/test_url.py runs its table in the browser. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { load, ROOT } = require("./browser.js");

const { AtlasUrl } = load(["atlas-url.js"]);
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "generator", "schemas", "common.schema.json"), "utf8"));
const ID = new RegExp(schema.$defs.id.pattern);

const SAMPLES = ["a", "0", "sample-district", "a-", "a".repeat(64), "a".repeat(65), "-a", "", "A", "aB", "a_b",
  "a.b", "a b", "a\n", "\na", "ａ", "١", "a/b", "..", "a%2f", "kayoinoba-131016-0001", null, 1, undefined];

test("url: atlas-url.js accepts an id exactly when the schema's pattern does", () => {
  assert.deepEqual(SAMPLES.map((s) => AtlasUrl.id(s)), SAMPLES.map((s) => typeof s === "string" && ID.test(s)));
  assert.ok(SAMPLES.some((s) => AtlasUrl.id(s)) && SAMPLES.some((s) => typeof s === "string" && !AtlasUrl.id(s)));
});
