/* New entries of content/documents.yaml the case editor adds: their problems (a subset
   of what validate accepts) and their lines. */
import { D } from "./data.js";
import { Problem } from "./problems.js";
import { describe } from "./pynum.js";
import { regex } from "./schema.js";
import { has, isDict, isStr } from "./values.js";
import { quoted, scalar } from "./yaml.js";

// ------------------------------------------------------------ new entries of content/documents.yaml
var DOC_FIELDS = ["id", "title", "publisher", "date", "url"], DOC_REQUIRED = ["id", "title", "publisher"];
/** Problems of documents the case editor adds (documents.schema.json; the URL only http/https):
    a subset of what validate accepts, so what the editor accepts validates. */
function checkDocuments(list) {
  var out = [], seen = {}, i, k, ids = {}, id = D.schemas["case"].properties.id, date = D.schemas["case"].properties.last_reviewed;
  for (i = 0; i < D.documents.length; i++) { ids[D.documents[i][0]] = true; }
  function add(n, key, code, message, hint) {
    out.push(Problem("content/documents.yaml", 0, "documents[" + n + "]." + key, code, message, hint));
  }
  for (i = 0; i < list.length; i++) {
    var d = isDict(list[i]) ? list[i] : {};
    for (k = 0; k < DOC_REQUIRED.length; k++) {
      if (!isStr(d[DOC_REQUIRED[k]]) || !d[DOC_REQUIRED[k]]) { add(i, DOC_REQUIRED[k], "missing-field", "必須の項目「" + DOC_REQUIRED[k] + "」がありません", ""); }
    }
    if (isStr(d.id) && d.id && !regex(id.pattern).test(d.id)) { add(i, "id", id.pat[0], describe(d.id, "id") + " は" + id.pat[1], id.pat[2]); }
    if (isStr(d.id) && (has(ids, d.id) || has(seen, d.id))) {
      add(i, "id", "duplicate-id", "資料 id「" + d.id + "」は content/documents.yaml に既にあります", "別の id にするか、一覧からその資料を選んでください");
    }
    seen[d.id] = true;
    if (isStr(d.date) && d.date && !regex(date.pattern).test(d.date)) { add(i, "date", date.pat[0], describe(d.date, "date") + " は" + date.pat[1], date.pat[2]); }
    if (isStr(d.url) && d.url && !/^https?:\/\/[^\s<>"']+$/.test(d.url)) {
      add(i, "url", "bad-url", "URL は http:// か https:// で始めてください", "例: https://www.example.jp/report.pdf（なければ空欄）");
    }
  }
  return out;
}
/** The lines to add at the end of content/documents.yaml (its style: two spaces, "- ", dates quoted). */
function documentsYaml(list) {
  var out = [];
  for (var i = 0; i < list.length; i++) {
    var d = list[i];
    for (var k = 0; k < DOC_FIELDS.length; k++) {
      var key = DOC_FIELDS[k], v = d[key];
      if (key === "date") { out.push("    date: " + (isStr(v) && v ? quoted(v) : "null")); continue; }
      if (isStr(v) && v) { out.push((k ? "    " : "  - ") + key + ": " + scalar(v)); }
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}

export { checkDocuments, documentsYaml };
