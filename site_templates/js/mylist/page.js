/* The マイリスト page: the entries of the list with their details (from the rows scripts of
   their municipalities, atlas-rows.js), a note each (kept in the list, printed), 「外す」,
   print and 「リストを空にする」. Entries not in the site's form are counted, not shown. */
import { el } from "../dom.js";
import { loadScript } from "../load-script.js";
import { details } from "./details.js";
import { has, load, save, usable } from "./store.js";

var base = "../";
var known = {};

// the details come from the rows scripts of the municipalities in the list (atlas-rows.js);
// entries saved before entries carried their municipality find it in resources/districts.js
function withDetails(done) {
  var list = load().filter(usable), codes = [], old = false;
  list.forEach(function (item) {
    if (!item.m) { old = true; } else if (codes.indexOf(item.m) === -1) { codes.push(item.m); }
  });
  if (!old) { window.AtlasRows.load(codes, base, done); return; }
  loadScript(window.AtlasUrl.href("resources/districts.js", base), function () {
    var index = window.ATLAS_DISTRICT_MUNICIPALITY || {}, l = load();
    l.forEach(function (item) {
      if (!usable(item)) { return; }
      var district = item.id.split("/")[0];
      var m = Object.prototype.hasOwnProperty.call(index, district) ? index[district] : null;
      if (!item.m && typeof m === "string" && /^\d{6}$/.test(m)) { item.m = m; }
      if (item.m && codes.indexOf(item.m) === -1) { codes.push(item.m); }
    });
    save(l);
    window.AtlasRows.load(codes, base, done);
  }, document.body);
}

function learn(codes) {
  codes.forEach(function (code) {
    window.AtlasRows.rows(code).forEach(function (row) { known[row.ID] = details(row); });
  });
}

function entry(item, r, listEl, render) {
  var li = el("li", { "class": "atlas-mylist-item" });
  var title = el("a", { "class": "atlas-mylist-name", text: r.n }), target = window.AtlasUrl.href(r.p, base);
  if (target) { title.href = target; }
  li.appendChild(title);
  if (r.x) { li.appendChild(el("span", { "class": "atlas-demo-tag", text: "サンプル（架空のデータ）" })); }
  var dl = el("dl");
  [["種類", r.c], ["地区", r.d], ["日時", r.s], ["場所", r.a], ["連絡先", r.t], ["持ち物", r.b], ["確認日", r.v],
   ["出典", r.o]].forEach(function (kv) {
    if (!kv[1]) { return; }
    dl.appendChild(el("dt", { text: kv[0] }));
    dl.appendChild(el("dd", { text: kv[1] }));
  });
  li.appendChild(dl);
  var note = el("textarea", { "class": "atlas-screen-only" });
  note.rows = 2;
  note.placeholder = "メモ（例：火曜の午前に見学）";
  note.setAttribute("aria-label", "メモ：" + r.n);
  note.value = item.note || "";
  var printed = el("p", { "class": "atlas-mylist-note atlas-print-only", text: item.note ? "メモ：" + item.note : "" });
  note.addEventListener("input", function () {
    var l = load(), at = has(l, item.id);
    if (at !== -1) { l[at].note = note.value; save(l); }
    printed.textContent = note.value ? "メモ：" + note.value : "";
  });
  var remove = el("button", { "class": "atlas-screen-only atlas-mylist-remove", text: "外す" });
  remove.type = "button";
  remove.setAttribute("aria-label", "外す：" + r.n);
  remove.addEventListener("click", function () {
    var l = load(), at = has(l, item.id), next = listEl.querySelectorAll(".atlas-mylist-remove"), k;
    for (k = 0; k < next.length && next[k] !== remove; k++) { /* its place in the list */ }
    if (at !== -1) { l.splice(at, 1); save(l); }
    render();
    // the keyboard stays in the list: on the next entry's 「外す」 (or the one before), else the
    // words that say the list is empty (the button pressed is gone with its entry)
    next = listEl.querySelectorAll(".atlas-mylist-remove");
    var to = next[Math.min(k, next.length - 1)] || document.getElementById("atlas-mylist-empty");
    if (to) { to.focus(); }
  });
  li.appendChild(note);
  li.appendChild(printed);
  li.appendChild(remove);
  return li;
}

function start() {
  var listEl = document.getElementById("atlas-mylist");
  if (!listEl) { return; }
  var skipped = el("p", { "class": "atlas-mylist-skipped atlas-screen-only" });
  skipped.hidden = true;
  listEl.parentNode.insertBefore(skipped, listEl);
  function render() {
    var stored = load(), list = stored.filter(usable);
    while (listEl.firstChild) { listEl.removeChild(listEl.firstChild); }
    document.getElementById("atlas-mylist-empty").hidden = list.length > 0;
    skipped.hidden = stored.length === list.length;
    skipped.textContent = "このブラウザーのマイリストに、このサイトの形でない項目が " + (stored.length - list.length) +
      " 件あります（表示していません。「リストを空にする」で消せます）。";
    learn(list.map(function (item) { return item.m; }).filter(function (m) { return m; }));
    list.forEach(function (item) {
      var r = known[item.id];
      if (r) { listEl.appendChild(entry(item, r, listEl, render)); }
    });
  }
  document.querySelector("button[data-action=print]").addEventListener("click", function () { window.print(); });
  document.querySelector("button[data-action=clear]").addEventListener("click", function () {
    if (window.confirm("マイリストを空にしますか？")) { save([]); render(); }
  });
  withDetails(render);
}

export { start };
