/* Which control the form gives a schema property, and its Japanese label (editor/data.js). */
import { has } from "../editor/values.js";
import { C } from "./core.js";

var D = C.data;

function vocabularyOf(kind, where) {
  var key = where[where.length - 1];
  if (where.length === 1) { return D.terms[kind][""][key] || null; }
  if (kind === "district" && where.length === 3 && where[0] === "resources") { return D.terms.district.resources[key] || null; }
  return null;
}
function widget(kind, node, where) {
  var key = where[where.length - 1], vocab = vocabularyOf(kind, where);
  if (vocab) { return node.type === "array" ? "terms" : "term"; }
  if (node.ref === "municipality") { return "municipality"; }
  if (node.ref === "location") { return "location"; }
  if (node.type === "object") { return "object"; }
  if (node.type === "array") {
    if (node.items && (node.items.type === "object")) { return "list"; }
    if (node.items && node.items["enum"]) { return "choices"; }
    return "text";
  }
  if (node["enum"]) { return "choice"; }
  if (node.type === "boolean") { return "bool"; }
  if (node.type === "number" || node.type === "integer") { return "number"; }
  if (node.ref === "date") { return "date"; }
  if (key === "opens" || key === "closes") { return "time"; }
  if (key === "source" && node.ref === "source_ref") { return "sourceRef"; }
  if (key === "document" && where[0] === "sources") { return "document"; }
  if (node.ref === "text" || (node.maxLength > 200 && !node.pattern)) { return "textarea"; }
  return "text";
}
function labelOf(kind, where) {
  var key = where[where.length - 1], parent = null;
  for (var i = where.length - 2; i >= 0 && parent === null; i--) { if (typeof where[i] === "string") { parent = where[i]; } }
  if (where.length === 1 && D.recordLabels[kind] && D.recordLabels[kind][key]) { return D.recordLabels[kind][key]; }
  if (parent && D.contextLabels[parent] && D.contextLabels[parent][key]) { return D.contextLabels[parent][key]; }
  return D.labels[key] || key;
}
function enumLabel(key, value) {
  var table = D.enumLabels[key];
  return table && has(table, String(value)) ? table[String(value)] : String(value);
}

// the labels of a new document's fields (content/documents.yaml)
var DOC_LABELS = { id: "資料の id（半角英小文字・数字・ハイフン）", title: "資料の題名", publisher: "発行者",
                   date: "発行日（分からなければ空欄）", url: "資料が公開されているページの URL（なければ空欄）" };

export { DOC_LABELS, enumLabel, labelOf, vocabularyOf, widget };
