/* The editor's drafts in this browser: localStorage read and written without ever throwing
   (no storage, a full one, a value that is no JSON), and a stored draft or a page's file read
   back only in the shapes the editor writes. */
import { isArray, isDict, keys } from "../editor/values.js";

/** localStorage, when this browser keeps it (`probe`: a key to read once to see): read, write
    (false when it could not) and forget, each a no-op without storage. */
function Storage(probe) {
  var store = null;
  try { store = window.localStorage; store.getItem(probe); } catch (err) { store = null; }
  function read(key) {
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(key) || "null"); } catch (err) { return null; }
  }
  function write(key, value) {
    if (!store) { return false; }
    try { store.setItem(key, JSON.stringify(value)); return true; } catch (err) { return false; }
  }
  function forget(key) {
    if (store) { try { store.removeItem(key); } catch (err) { /* ignore */ } }
  }
  return { read: read, write: write, forget: forget };
}

function isEmpty(record) {
  var ks = keys(record || {});
  return !ks.length || (ks.length === 1 && ks[0] === "resources" && isArray(record.resources) && !record.resources.length);
}
function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
function title(record) {
  var name = record.name || record.title || record.id;
  return typeof name === "string" && name ? (name.length > 60 ? name.slice(0, 60) + "…" : name) : "名前のない下書き";
}

// a stored draft, as {record, origin: {id} | null, file, at}; null when the value is not one
function draft(value) {
  if (!isDict(value) || !isDict(value.record)) { return null; }
  var origin = isDict(value.origin) && window.AtlasUrl.id(value.origin.id) ? { id: value.origin.id } : null;
  return { record: value.record, origin: origin, file: origin ? fileOf(value.file) : null, at: typeof value.at === "number" ? value.at : 0,
           documents: isArray(value.documents) ? value.documents.filter(isDict) : [] };
}
// what the page said of the record's file (editor_record.case_file): {record (as opened), text}
// or {record, comments, differs}; anything else is no file
function fileOf(value) {
  if (!isDict(value) || !isDict(value.record)) { return null; }
  if (typeof value.text === "string") {
    return { record: value.record, text: value.text, lines: isArray(value.lines) ? value.lines : [] };
  }
  var differs = isArray(value.differs) ? value.differs.filter(function (d) { return typeof d === "string"; }) : [];
  return { record: value.record, comments: typeof value.comments === "number" ? value.comments : 0, differs: differs };
}

export { draft, fileOf, isEmpty, same, Storage, title };
