/* マイリスト's storage: a list of {id: "<district id>/<resource id>", note, m: municipality
   code} in localStorage (the code says which rows script, resources/m-<code>.js, holds the
   entry's details). The stored list is untrusted (another site of the same origin shares
   the storage): an entry is used only when usable(); the others are kept and never linked
   or loaded. */

var KEY = "chiiki-atlas:mylist";
var store;
try { store = window.localStorage; store.getItem(KEY); } catch (e) { store = null; }

function available() { return !!store; }

function load() {
  if (!store) { return []; }
  var list;
  try { list = JSON.parse(store.getItem(KEY) || "[]"); } catch (e) { return []; }
  return Object.prototype.toString.call(list) === "[object Array]" ? list : [];
}
function usable(item) {  // "<district id>/<resource id>" (atlas-url.js: the schema's id pattern)
  var ids = item && typeof item === "object" && typeof item.id === "string" ? item.id.split("/") : [];
  return ids.length === 2 && window.AtlasUrl.id(ids[0]) && window.AtlasUrl.id(ids[1]) &&
    (item.m === undefined || item.m === null || item.m === "" || (typeof item.m === "string" && /^\d{6}$/.test(item.m))) &&
    (item.note === undefined || typeof item.note === "string");
}
function save(list) { if (store) { try { store.setItem(KEY, JSON.stringify(list)); } catch (e) { /* full */ } } }
function has(list, id) { for (var i = 0; i < list.length; i++) { if (list[i] && list[i].id === id) { return i; } } return -1; }

// puts the resource in the list, or takes it out; true when it was put in
function toggle(id, municipality) {
  var list = load(), at = has(list, id);
  if (at === -1) { list.push({ id: id, note: "", m: municipality }); } else { list.splice(at, 1); }
  save(list);
  return at === -1;
}

export { available, has, load, save, toggle, usable };
