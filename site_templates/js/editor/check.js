/* validate.load_atlas for one record: the file's size, the schema, then the rules, then
   the placeholder filter, sorted; and the file name of a record. */
import { D } from "./data.js";
import { today } from "./dates.js";
import { Doc, Problem, sortProblems } from "./problems.js";
import { Rules } from "./rules.js";
import { schemaCheck } from "./schema.js";
import { isDict, isStr } from "./values.js";
import { writeYaml } from "./yaml.js";

/** The file's size in bytes as UTF-8 (the writer escapes lone surrogates: a surrogate is half of a pair). */
function utf8Length(text) {
  var n = 0;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) ? 2 : 3;
  }
  return n;
}
function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }  // f"{n:,}"
/** validate.load_atlas for one record: the file's size, the schema, then the rules, then the placeholder
    filter, sorted. */
function check(kind, record, options) {
  options = options || {};
  var written = writeYaml(kind, record), size = utf8Length(written.text);
  if (size > D.yaml.maxBytes) {  // load.read_file: not read at all, so this is its one problem
    return { problems: [Problem(fileName(kind, record), 1, "", "file-too-large",
      "ファイルが大きすぎます（" + grouped(size) + " バイト以上、上限 " + grouped(D.yaml.maxBytes) + " バイト）",
      "地区を分けて複数のファイルにしてください")], yaml: written.text, path: fileName(kind, record) };
  }
  var doc = Doc(fileName(kind, record), record, written.lines);
  var problems = schemaCheck(doc, kind);
  var rules = Rules(doc, options.today || today(), options.documents || []);
  rules[kind]();
  problems = problems.concat(rules.problems);
  var unfinishedAt = {}, out = [], i;
  for (i = 0; i < problems.length; i++) { if (problems[i].code === "unfinished") { unfinishedAt[problems[i].field] = true; } }
  for (i = 0; i < problems.length; i++) {
    if (problems[i].code === "unfinished" || !unfinishedAt[problems[i].field]) { out.push(problems[i]); }
  }
  return { problems: sortProblems(out), yaml: written.text, path: doc.path };
}
function fileName(kind, record) {
  var ident = isDict(record) && isStr(record.id) && record.id ? record.id : (kind === "case" ? "new-case" : "new-district");
  return D.yaml.folders[kind] + "/" + ident + ".yaml";
}

export { check, fileName };
