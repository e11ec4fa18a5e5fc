/* Getting the file out of the browser: downloaded, copied, or handed to the repository's web
   editor as a pull request. Nothing is sent anywhere by the page itself. */
import { el } from "../dom.js";

var MAX_URL = 8000;  // a longer address opens an empty new file (paste from 「YAML をコピー」)

/** The link that opens the file in the repository's web editor (GitHub): the file itself when
    the record was opened from its page (`opened`), else a new file with `text` in it (or empty
    when the address would be too long). `repository`: {url, branch} (mkdocs.yml extra.atlas);
    only an https:// repository gets a link (null otherwise). {href, text} */
function pullRequestLink(repository, folder, fileName, text, opened) {
  var base = String(repository.url || "").replace(/\/+$/, ""), branch = encodeURIComponent(repository.branch || "main");
  if (!/^https:\/\//.test(base)) { return null; }
  if (opened) {
    return { href: base + "/edit/" + branch + "/" + folder + "/" + encodeURIComponent(fileName),
             text: "GitHub でファイルを開く（「YAML をコピー」した内容に置き換えて、プルリクエストを作ります）" };
  }
  var empty = base + "/new/" + branch + "/" + folder + "?filename=" + encodeURIComponent(fileName);
  var url = empty + "&value=" + encodeURIComponent(text);
  return url.length <= MAX_URL
    ? { href: url, text: "GitHub で新しいファイルとして開く（内容は入力済み。プルリクエストを作ります）" }
    : { href: empty, text: "GitHub で新しいファイルを開く（「YAML をコピー」した内容を貼り付けて、プルリクエストを作ります）" };
}

/** Saves `text` as the file `name` (a download; a data: address on browsers without Blob). */
function saveFile(text, name) {
  if (window.Blob && window.URL && URL.createObjectURL) {
    var blob = new Blob([text], { type: "application/x-yaml;charset=utf-8" });
    if (window.navigator.msSaveBlob) { window.navigator.msSaveBlob(blob, name); return; }
    var a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); document.body.removeChild(a); }, 1000);
  } else {
    window.location.href = "data:application/x-yaml;charset=utf-8," + encodeURIComponent(text);
  }
}

/** Copies `text` to the clipboard; false when the browser would not. */
function copyText(text) {
  var area = el("textarea", { "class": "atlas-visually-hidden", "aria-hidden": "true" });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  var ok = false;
  try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
  document.body.removeChild(area);
  return ok;
}

/** When an earlier draft was put aside, in words (「（5月3日 9:05に残した下書き）」). */
function when(at) {
  if (!at) { return ""; }
  var d = new Date(at), mm = d.getMinutes();
  return "（" + (d.getMonth() + 1) + "月" + d.getDate() + "日 " + d.getHours() + ":" + (mm < 10 ? "0" : "") + mm + "に残した下書き）";
}

export { copyText, pullRequestLink, saveFile, when };
