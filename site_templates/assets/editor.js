/* The editor page (editor/, editor/case/): the draft kept in localStorage, the record opened
   from a page's 「この情報を直す」, the checks after every change, and the YAML download or
   pull-request link, offered only while there is no error. Nothing is sent anywhere.
   ES5 only; contributor text reaches the page as text nodes only. */
(function () {
  "use strict";
  var root = document.getElementById("atlas-editor");
  if (!root || !window.AtlasEditorCore) { return; }
  var C = window.AtlasEditorCore, D = C.data, F = window.AtlasEditorForm, el = F.el;
  var kind = root.getAttribute("data-kind");
  var KEY = "chiiki-atlas:editor:" + kind, PREVIOUS = KEY + ":previous", IMPORT = "chiiki-atlas:editor:import";
  var store = null;
  try { store = window.localStorage; store.getItem(KEY); } catch (err) { store = null; }

  function read(key) {
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(key) || "null"); } catch (err) { return null; }
  }
  function write(key, value) {
    if (!store) { return false; }
    try { store.setItem(key, JSON.stringify(value)); return true; } catch (err) { return false; }
  }
  function blank() { return kind === "district" ? { resources: [] } : {}; }
  function isEmpty(record) {
    var ks = C.keys(record || {});
    return !ks.length || (ks.length === 1 && ks[0] === "resources" && !record.resources.length);
  }

  var state = { record: blank(), origin: null, focus: null, focusGrid: null };
  var saved = read(KEY);
  if (saved && C.isDict(saved.record)) { state.record = saved.record; state.origin = saved.origin || null; }

  // --- a record opened from its page (「この情報を直す」): ?edit=<id>[&resource=<id>] ---------
  function params() {
    var out = {}, parts = window.location.search.replace(/^\?/, "").split("&");
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (eq > 0) {
        try { out[parts[i].slice(0, eq)] = decodeURIComponent(parts[i].slice(eq + 1)); } catch (err) { /* not ours */ }
      }
    }
    return out;
  }
  var wanted = params(), openedResource = null;
  if (wanted.edit) {
    var incoming = read(IMPORT);
    if (!incoming && wanted.data) {
      try { incoming = { kind: kind, record: JSON.parse(wanted.data), page: wanted.page || "" }; } catch (err) { incoming = null; }
    }
    if (incoming && incoming.kind === kind && C.isDict(incoming.record) && incoming.record.id === wanted.edit) {
      if (!isEmpty(state.record) && JSON.stringify(state.record) !== JSON.stringify(incoming.record)) {
        write(PREVIOUS, { record: state.record, origin: state.origin });
      }
      state.record = incoming.record;
      state.origin = { id: incoming.record.id, page: incoming.page || "" };
      if (store) { try { store.removeItem(IMPORT); } catch (err) { /* ignore */ } }
      openedResource = wanted.resource || null;
      state.imported = true;
    } else if (!(state.origin && state.origin.id === wanted.edit)) {
      state.notice = "直す情報を受け取れませんでした。もとのページの「この情報を直す」から開き直してください。";
    }
  }

  // --- the page ---------------------------------------------------------------------
  var form = F.Form(kind, state, changed);
  state.nextResourceId = form.nextResourceId;
  var recordBox = root.querySelector('[data-form="record"]'), resourceBox = root.querySelector('[data-form="resources"]');
  var problemBox = root.querySelector(".atlas-editor-problems"), downloadButton = root.querySelector("[data-action=download]");
  var prLink = root.querySelector(".atlas-editor-pr"), copyButton = root.querySelector("[data-action=copy]");
  var after = root.querySelector(".atlas-editor-after"), preview = root.querySelector(".atlas-editor-preview code");
  var savedNote = root.querySelector(".atlas-editor-saved"), origin = root.querySelector(".atlas-editor-origin");
  var toolbar = root.querySelector(".atlas-editor-toolbar"), restoreButton = root.querySelector("[data-action=restore]");
  var sheet = root.querySelector(".atlas-worksheet");
  var grid = sheet && window.AtlasEditorGrid ? window.AtlasEditorGrid.Grid(sheet, state, changed, openResource) : null;
  var result = null, timer = null;

  function render() {
    form.reset();
    var focused = document.activeElement && document.activeElement.getAttribute ? document.activeElement.getAttribute("name") : null;
    form.render(recordBox, "record");
    if (resourceBox) { form.render(resourceBox, "resources"); }
    if (grid) { grid.render(); }
    var target = state.focus ? root.querySelector('[data-path="' + state.focus + '"] input, [data-path="' + state.focus + '"] select')
      : (focused ? root.querySelector('[name="' + focused.replace(/"/g, "") + '"]') : null);
    state.focus = null;
    if (target && !state.focusGrid) { target.focus(); }
    showOrigin();
  }
  function showOrigin() {
    while (origin.firstChild) { origin.removeChild(origin.firstChild); }
    origin.hidden = !(state.origin || state.notice);
    if (state.notice) { origin.appendChild(document.createTextNode(state.notice)); return; }
    if (state.origin) {
      origin.appendChild(document.createTextNode("サイトの「" + (state.record.name || state.record.title || state.origin.id) + "」を直しています。"));
      if (state.origin.page && /^(https?|file):\/\//.test(state.origin.page)) {
        origin.appendChild(document.createTextNode(" "));
        origin.appendChild(el("a", { href: state.origin.page, text: "もとのページ" }));
      }
      if (kind === "district") {
        origin.appendChild(document.createTextNode("（「おおよその位置」の資源の位置は、公開している約1km単位の位置のまま保存されます）"));
      }
    }
  }
  function changed(what) {
    if (what === "structure") { render(); } else if (grid) { grid.render(); }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, 150);
    persist();
  }
  function persist() {
    var ok = write(KEY, { record: state.record, origin: state.origin });
    savedNote.textContent = ok ? "このブラウザーに保存しました。" : "このブラウザーには保存できません（保存を許可していない設定です）。";
  }

  function check() {
    timer = null;
    result = C.check(kind, state.record);
    form.showProblems(result.problems);
    var errors = 0, warnings = 0, i;
    for (i = 0; i < result.problems.length; i++) { if (result.problems[i].severity === "warning") { warnings++; } else { errors++; } }
    while (problemBox.firstChild) { problemBox.removeChild(problemBox.firstChild); }
    var summary = el("p", { "class": "atlas-editor-summary" + (errors ? " has-errors" : ""),
      text: errors ? "直すところが " + errors + " 件あります（" + (warnings ? "注意 " + warnings + " 件、" : "") + "下の一覧と、各項目の赤い説明）。直すと保存できます。"
        : "誤りはありません" + (warnings ? "（注意 " + warnings + " 件）" : "") + "。ファイルを保存できます。" });
    problemBox.appendChild(summary);
    if (result.problems.length) {
      var list = el("ul", { "class": "atlas-editor-problem-list" });
      for (i = 0; i < result.problems.length; i++) {
        var p = result.problems[i], go = el("button", { type: "button", "class": "atlas-editor-small", text: "この項目へ" });
        go.addEventListener("click", goTo(p.field));
        list.appendChild(el("li", { "class": p.severity === "warning" ? "is-warning" : "is-error", "data-field": p.field },
          [el("span", { "class": "atlas-editor-problem", text: C.format(p) }), " ", go]));
      }
      problemBox.appendChild(list);
    }
    preview.textContent = result.yaml;
    var ok = !errors;
    downloadButton.disabled = !ok;
    copyButton.hidden = !ok;
    prLink.hidden = !ok || !D.repository.url;
    if (ok && D.repository.url) { setPullRequestLink(); }
    after.textContent = ok ? "保存したファイル（" + fileName() + "）を、リポジトリの " + D.yaml.folders[kind] + "/ に入れてプルリクエストを送ってください。" +
      (state.origin ? "同じ名前のファイルを置き換えます。" : "") : "";
  }
  function goTo(field) {
    return function () {
      var box = form.fieldFor(field);
      if (!box) { return; }
      box.scrollIntoView();
      var control = box.querySelector("input:not([disabled]), select, textarea, button");
      if (control) { control.focus(); }
    };
  }
  function fileName() { return C.fileName(kind, state.record).split("/").pop(); }
  function setPullRequestLink() {
    var base = D.repository.url.replace(/\/+$/, ""), branch = encodeURIComponent(D.repository.branch || "main");
    var folder = D.yaml.folders[kind];
    if (!/^https:\/\//.test(base)) { prLink.hidden = true; return; }
    if (state.origin && state.origin.id === state.record.id) {
      prLink.href = base + "/edit/" + branch + "/" + folder + "/" + encodeURIComponent(fileName());
      prLink.textContent = "GitHub でファイルを開く（「YAML をコピー」した内容に置き換えて、プルリクエストを作ります）";
    } else {
      var url = base + "/new/" + branch + "/" + folder + "?filename=" + encodeURIComponent(fileName()) +
        "&value=" + encodeURIComponent(result.yaml);
      prLink.href = url.length <= 8000 ? url : base + "/new/" + branch + "/" + folder + "?filename=" + encodeURIComponent(fileName());
      prLink.textContent = url.length <= 8000 ? "GitHub で新しいファイルとして開く（内容は入力済み。プルリクエストを作ります）"
        : "GitHub で新しいファイルを開く（「YAML をコピー」した内容を貼り付けて、プルリクエストを作ります）";
    }
  }
  function download() {
    if (timer) { clearTimeout(timer); check(); }
    if (!result || downloadButton.disabled) { return; }
    var name = fileName();
    if (window.Blob && window.URL && URL.createObjectURL) {
      var blob = new Blob([result.yaml], { type: "application/x-yaml;charset=utf-8" });
      if (window.navigator.msSaveBlob) { window.navigator.msSaveBlob(blob, name); return; }
      var a = el("a", { href: URL.createObjectURL(blob), download: name });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); document.body.removeChild(a); }, 1000);
    } else {
      window.location.href = "data:application/x-yaml;charset=utf-8," + encodeURIComponent(result.yaml);
    }
  }
  function copy() {
    if (!result) { return; }
    var area = el("textarea", { "class": "atlas-visually-hidden", "aria-hidden": "true" });
    area.value = result.yaml;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    document.body.removeChild(area);
    after.textContent = ok ? "YAML をコピーしました。" : "コピーできませんでした。「保存されるファイルの中身」から選んでコピーしてください。";
  }
  function openResource(index) {
    var box = document.getElementById("atlas-res-" + index);
    if (!box) { return; }
    box.scrollIntoView();
    var first = box.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  downloadButton.addEventListener("click", download);
  copyButton.addEventListener("click", copy);
  root.querySelector("[data-action=new]").addEventListener("click", function () {
    if (!isEmpty(state.record)) { write(PREVIOUS, { record: state.record, origin: state.origin }); }
    state.record = blank();
    state.origin = null;
    state.notice = null;
    restoreButton.hidden = !read(PREVIOUS);
    changed("structure");
  });
  restoreButton.addEventListener("click", function () {
    var previous = read(PREVIOUS);
    if (!previous || !C.isDict(previous.record)) { return; }
    write(PREVIOUS, { record: state.record, origin: state.origin });
    state.record = previous.record;
    state.origin = previous.origin || null;
    state.notice = null;
    changed("structure");
  });
  restoreButton.hidden = !read(PREVIOUS);
  toolbar.hidden = false;

  render();
  check();
  if (state.imported) { persist(); }
  if (openedResource) {
    var list = state.record.resources || [];
    for (var i = 0; i < list.length; i++) { if (list[i] && list[i].id === openedResource) { openResource(i); } }
  }
  /** For tests and users' own scripts: the current record, its check and its YAML. */
  window.AtlasEditor = {
    record: function () { return state.record; },
    load: function (record) { state.record = record; state.origin = null; changed("structure"); check(); },
    check: function () { if (timer) { clearTimeout(timer); } check(); return result; }
  };
})();
