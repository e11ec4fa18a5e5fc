/* Which problems the editor shows, and its summary (site_templates/js/editor-ui/problem-list.js):
   a blank form opens with none shown, a touched field shows its own, those of what it holds and
   of what holds it, and a save tried shows all. */
import "./editor-data.mjs";
import "../../site_templates/js/pages/editor-core.js";
import assert from "node:assert/strict";
import test from "node:test";
import { summaryText, touchedField } from "../../site_templates/js/editor-ui/problem-list.js";

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
