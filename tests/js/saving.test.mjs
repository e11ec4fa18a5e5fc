/* The pull-request link of the editor (site_templates/js/editor-ui/saving.js): only an https
   repository gets one, by the shapes of the repository address and of the file. */
import assert from "node:assert/strict";
import test from "node:test";
import { pullRequestLink, when } from "../../site_templates/js/editor-ui/saving.js";

const REPO = { url: "https://github.com/example/atlas", branch: "main" };

const REFUSED = ["http://github.com/example/atlas", "javascript:alert(1)//https://", " https://x", "//github.com/x", "", "file:///x"];
for (const url of REFUSED) {
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
