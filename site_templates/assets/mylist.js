/* マイリスト: pick resources on district pages (buttons added to each row), keep them with a
   note in localStorage, show and print them on the マイリスト page. ES5, textContent only.
   The stored list is untrusted (another site of the same origin shares the storage): an
   entry is used only when its id is "<district id>/<resource id>" and its municipality six
   digits; the others are counted on the list page, kept in storage and never linked or loaded. */
(function () {
  "use strict";
  var KEY = "chiiki-atlas:mylist";
  var store;
  try { store = window.localStorage; store.getItem(KEY); } catch (e) { store = null; }
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
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // an entry is {id: "<district>/<resource>", note, m: municipality code}; the code says
  // which rows script (resources/m-<code>.js) holds its details
  function toggle(id, municipality) {
    var list = load(), at = has(list, id);
    if (at === -1) { list.push({ id: id, note: "", m: municipality }); } else { list.splice(at, 1); }
    save(list);
    return at === -1;
  }
  // the site's root seen from this page: this script is <root>assets/mylist.js
  var ROOT = (function () {
    var scripts = document.getElementsByTagName("script");
    for (var i = scripts.length - 1; i >= 0; i--) {
      var m = /^((?:\.\.\/)*)assets\/mylist\.js(?:\?[^/]*)?$/.exec(scripts[i].getAttribute("src") || "");
      if (m) { return m[1]; }
    }
    return null;
  })();
  var links = [];
  function count() { return load().filter(usable).length; }
  function refresh() {
    var n = count();
    for (var i = 0; i < links.length; i++) {
      links[i].lastChild.textContent = "マイリストを見る（" + n + " 件）";
      links[i].hidden = n === 0;
    }
  }
  // 「マイリストを見る（N 件）」 beside a button once it has put something in the list: a
  // status, so a screen reader says the new count
  function listLink(after) {
    var target = ROOT === null ? null : window.AtlasUrl.href("mylist/", ROOT);
    if (!target || (after.nextSibling && after.nextSibling.className === "atlas-mylist-link")) { return; }
    var box = el("span", "atlas-mylist-link"), a = el("a");
    box.setAttribute("role", "status");
    a.href = target;
    a.target = "_top"; // out of a map's frame
    box.appendChild(a);
    after.parentNode.insertBefore(box, after.nextSibling);
    links.push(box);
  }
  // a 「マイリストに入れる」/「マイリストから外す」 button for one resource (maps' popups use it too)
  function button(id, municipality) {
    var b = el("button", "atlas-mylist-toggle atlas-screen-only");
    b.type = "button";
    function label() {
      var inList = has(load(), id) !== -1;
      b.textContent = inList ? "マイリストから外す" : "マイリストに入れる";
      b.setAttribute("aria-pressed", inList ? "true" : "false");
    }
    b.addEventListener("click", function () {
      if (toggle(id, municipality) && b.parentNode) { listLink(b); }
      label();
      refresh();
    });
    label();
    return b;
  }
  window.AtlasMyList = { available: !!store, has: function (id) { return has(load(), id) !== -1; },
                         toggle: toggle, button: button, listLink: listLink, refresh: refresh, bring: bring };

  // --- district pages: a toggle button on every resource row -----------------
  var page = document.querySelector(".atlas-district");
  if (page && store) {
    var district = page.getAttribute("data-district"), code = page.getAttribute("data-municipality");
    var rows = document.querySelectorAll("tr.atlas-resource");
    for (var r = 0; r < rows.length; r++) {
      var th = rows[r].querySelector("th");
      th.appendChild(el("br"));
      th.appendChild(button(district + "/" + rows[r].id.replace(/^r-/, ""), code));
    }
  }

  // --- the マイリスト page ------------------------------------------------------
  var listEl = document.getElementById("atlas-mylist");
  if (!listEl) { return; }
  var base = "../";
  // the details come from the rows scripts of the municipalities in the list (atlas-rows.js);
  // entries saved before entries carried their municipality find it in resources/districts.js
  function withDetails(done) {
    var list = load().filter(usable), codes = [], old = false;
    list.forEach(function (item) {
      if (!item.m) { old = true; } else if (codes.indexOf(item.m) === -1) { codes.push(item.m); }
    });
    if (!old) { AtlasRows.load(codes, base, done); return; }
    var script = document.createElement("script");
    script.src = window.AtlasUrl.href("resources/districts.js", base);
    script.onload = script.onerror = function () {
      var index = window.ATLAS_DISTRICT_MUNICIPALITY || {}, l = load();
      l.forEach(function (item) {
        if (!usable(item)) { return; }
        var district = item.id.split("/")[0];
        var m = Object.prototype.hasOwnProperty.call(index, district) ? index[district] : null;
        if (!item.m && typeof m === "string" && /^\d{6}$/.test(m)) { item.m = m; }
        if (item.m && codes.indexOf(item.m) === -1) { codes.push(item.m); }
      });
      save(l);
      AtlasRows.load(codes, base, done);
    };
    document.body.appendChild(script);
  }
  // 「持ち物」 when the resource's source list said it: lines "label: value" of 「元の一覧の
  // 項目」 whose label names it (render/pages.py BRING_LABEL)
  function bring(fields) {
    return String(fields || "").split("\n").filter(function (line) {
      var at = line.indexOf(": ");
      return at > 0 && /持ち物|持参/.test(line.slice(0, at)) && line.slice(at + 2);
    }).map(function (line) { return line.slice(line.indexOf(": ") + 2); }).join("／");
  }
  // what the list shows of a resource, from its CSV row
  function details(row) {
    var id = row.ID, rid = id.slice(id.indexOf("/") + 1);
    return { n: row["名称"], c: row["資源の種類"], a: row["住所"], s: row["開催日時"],
             b: bring(row["元の一覧の項目"]), v: row["最終確認日"] || "不明",
             t: [row["連絡先の組織"], row["電話番号"], row["メールアドレス"]].filter(function (v) { return v; }).join(" "),
             p: "districts/" + row["地区ID"] + "/#r-" + rid, d: row["地方公共団体名"] + " " + row["地区名"],
             x: row["サンプル（架空のデータ）"] ? 1 : 0, o: row["出典"] || "" };
  }
  var known = {};
  function learn(codes) {
    codes.forEach(function (code) {
      AtlasRows.rows(code).forEach(function (row) { known[row.ID] = details(row); });
    });
  }
  var skipped = el("p", "atlas-mylist-skipped atlas-screen-only");
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
      if (!r) { return; }
      var li = el("li", "atlas-mylist-item");
      var title = el("a", "atlas-mylist-name", r.n), target = window.AtlasUrl.href(r.p, base);
      if (target) { title.href = target; }
      li.appendChild(title);
      if (r.x) { li.appendChild(el("span", "atlas-demo-tag", "サンプル（架空のデータ）")); }
      var dl = el("dl");
      [["種類", r.c], ["地区", r.d], ["日時", r.s], ["場所", r.a], ["連絡先", r.t], ["持ち物", r.b], ["確認日", r.v],
       ["出典", r.o]].forEach(function (kv) {
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
      var remove = el("button", "atlas-screen-only atlas-mylist-remove", "外す");
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
      listEl.appendChild(li);
    });
  }
  document.querySelector("button[data-action=print]").addEventListener("click", function () { window.print(); });
  document.querySelector("button[data-action=clear]").addEventListener("click", function () {
    if (window.confirm("マイリストを空にしますか？")) { save([]); render(); }
  });
  withDetails(render);
})();
