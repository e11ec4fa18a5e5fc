/* atlas-url.js (site_templates/js/url.js, imported as the module itself) keeps its own copy of
   the schema's id pattern (common.schema.json#/$defs/id), for ids that arrive in a URL or from
   storage: the two must accept the same strings. The rest of it needs a page's location;
   tests/test_url.py runs its table in the browser. */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import * as AtlasUrl from "../../site_templates/js/url.js";
import browser from "./browser.js";

const { ROOT } = browser;
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "generator", "schemas", "common.schema.json"), "utf8"));
const ID = new RegExp(schema.$defs.id.pattern);

const SAMPLES = ["a", "0", "sample-district", "a-", "a".repeat(64), "a".repeat(65), "-a", "", "A", "aB", "a_b",
  "a.b", "a b", "a\n", "\na", "ａ", "١", "a/b", "..", "a%2f", "kayoinoba-131016-0001", null, 1, undefined];

test("url: atlas-url.js accepts an id exactly when the schema's pattern does", () => {
  assert.deepEqual(SAMPLES.map((s) => AtlasUrl.id(s)), SAMPLES.map((s) => typeof s === "string" && ID.test(s)));
  assert.ok(SAMPLES.some((s) => AtlasUrl.id(s)) && SAMPLES.some((s) => typeof s === "string" && !AtlasUrl.id(s)));
});
