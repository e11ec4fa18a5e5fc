/* マイリスト: pick resources on district pages (buttons added to each row), keep them with a
   note in localStorage, show and print them on the マイリスト page. ES5, textContent only. */
(function () {
  "use strict";
  // a folder link opened from file:// shows a directory listing: point it at index.html
  // (as generator/render/offline.py does for the links in pages)
  function pageUrl(u) {
    return window.location.protocol === "file:" ? u.replace(/\/(?=[?#]|$)/, "/index.html") : u;
  }
  var KEY = "chiiki-atlas:mylist";
  var store;
  try { store = window.localStorage; store.getItem(KEY); } catch (e) { store = null; }
  function load() {
    if (!store) { return []; }
    try { return JSON.parse(store.getItem(KEY) || "[]") || []; } catch (e) { return []; }
  }
  function save(list) { if (store) { try { store.setItem(KEY, JSON.stringify(list)); } catch (e) { /* full */ } } }
  function has(list, id) { for (var i = 0; i < list.length; i++) { if (list[i].id === id) { return i; } } return -1; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // --- district pages: a toggle button on every resource row -----------------
  var exportEl = document.getElementById("atlas-export");
  if (exportEl && store) {
    var district = exportEl.getAttribute("data-name");
    var rows = document.querySelectorAll("tr.atlas-resource");
    for (var r = 0; r < rows.length; r++) {
      (function (row) {
        var id = district + "/" + row.id.replace(/^r-/, "");
        var button = el("button", "atlas-mylist-toggle atlas-screen-only");
        button.type = "button";
        function label() {
          var inList = has(load(), id) !== -1;
          button.textContent = inList ? "マイリストから外す" : "マイリストに入れる";
          button.setAttribute("aria-pressed", inList ? "true" : "false");
        }
        button.addEventListener("click", function () {
          var list = load(), at = has(list, id);
          if (at === -1) { list.push({ id: id, note: "" }); } else { list.splice(at, 1); }
          save(list);
          label();
        });
        label();
        row.querySelector("th").appendChild(el("br"));
        row.querySelector("th").appendChild(button);
      })(rows[r]);
    }
  }

  // --- the マイリスト page ------------------------------------------------------
  var listEl = document.getElementById("atlas-mylist");
  if (!listEl) { return; }
  var base = "../";
  window.ATLAS_RESOURCES = window.ATLAS_RESOURCES || {};
  // the details come from one small script per district (mylist/<district>.js), loaded
  // for the districts in the list only; then `done` runs (also when a script is missing)
  function withDetails(done) {
    var list = load(), seen = {}, waiting = 0, i;
    for (i = 0; i < list.length; i++) {
      var district = String(list[i].id).split("/")[0];
      if (/^[a-z0-9-]+$/.test(district) && !seen[district]) { seen[district] = true; waiting++; }
    }
    if (!waiting) { done(); return; }
    for (var name in seen) {
      var script = document.createElement("script");
      script.src = name + ".js";
      script.onload = script.onerror = function () { waiting--; if (!waiting) { done(); } };
      document.body.appendChild(script);
    }
  }
  function render() {
    var list = load();
    while (listEl.firstChild) { listEl.removeChild(listEl.firstChild); }
    document.getElementById("atlas-mylist-empty").hidden = list.length > 0;
    list.forEach(function (item) {
      var r = window.ATLAS_RESOURCES[item.id];
      if (!r) { return; }
      var li = el("li", "atlas-mylist-item");
      var title = el("a", "atlas-mylist-name", r.n);
      title.href = pageUrl(base + r.p);
      li.appendChild(title);
      if (r.x) { li.appendChild(el("span", "atlas-demo-tag", "サンプル（架空のデータ）")); }
      var dl = el("dl");
      [["種類", r.c], ["地区", r.d], ["日時", r.s], ["場所", r.a], ["連絡先", r.t]].forEach(function (kv) {
        if (!kv[1]) { return; }
        dl.appendChild(el("dt", "", kv[0]));
        dl.appendChild(el("dd", "", kv[1]));
      });
      li.appendChild(dl);
      var note = el("textarea", "atlas-screen-only");
      note.rows = 2;
      note.placeholder = "メモ（例：火曜の午前に見学）";
      note.setAttribute("aria-label", "メモ：" + r.n);
      note.value = item.note || "";
      var printed = el("p", "atlas-mylist-note atlas-print-only", item.note ? "メモ：" + item.note : "");
      note.addEventListener("input", function () {
        var l = load(), at = has(l, item.id);
        if (at !== -1) { l[at].note = note.value; save(l); }
        printed.textContent = note.value ? "メモ：" + note.value : "";
      });
      var remove = el("button", "atlas-screen-only", "外す");
      remove.type = "button";
      remove.addEventListener("click", function () {
        var l = load(), at = has(l, item.id);
        if (at !== -1) { l.splice(at, 1); save(l); }
        render();
      });
      li.appendChild(note);
      li.appendChild(printed);
      li.appendChild(remove);
      listEl.appendChild(li);
    });
  }
  document.querySelector("button[data-action=print]").addEventListener("click", function () { window.print(); });
  document.querySelector("button[data-action=clear]").addEventListener("click", function () {
    if (window.confirm("マイリストを空にしますか？")) { save([]); render(); }
  });
  withDetails(render);
})();
