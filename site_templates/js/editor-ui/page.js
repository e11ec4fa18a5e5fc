/* The editor page (editor/, editor/case/): the draft kept in localStorage, the record opened
   from a page's 「この情報を直す」, the checks after every change, and the YAML download or
   pull-request link, offered only while there is no error. Nothing is sent anywhere.
   A record that arrives (?edit=<id> with the page's record in storage, or in &data= when the
   browser keeps no storage) never replaces stored work: with a different draft open, the
   editor asks first, and the draft it puts aside goes to a short list of earlier drafts
   (「前の下書きに戻す」), which nothing that arrives changes. One in the address itself is
   always asked about (any link can carry one, of any size). The link back to the record's page
   is made from its kind and id (atlas-url.js), never taken from the address.
   Contributor text reaches the page as text nodes only. */
import { el } from "../dom.js";
import { draft, fileOf, isEmpty, same, Storage } from "./drafts.js";
import { keptWords, savedText } from "./keep.js";
import { showDraftList, showIncoming, showOpened } from "./choices.js";
import { showProblemList, touchedField } from "./problem-list.js";
import { copyText, pullRequestLink, saveFile } from "./saving.js";

function start() {
  var root = document.getElementById("atlas-editor");
  if (!root || !window.AtlasEditorCore || !window.AtlasUrl) { return; }
  var C = window.AtlasEditorCore, D = C.data, F = window.AtlasEditorForm, U = window.AtlasUrl;
  var kind = root.getAttribute("data-kind"), toRoot = root.getAttribute("data-root") || "";
  var KEY = "chiiki-atlas:editor:" + kind, DRAFTS = KEY + ":drafts", IMPORT = "chiiki-atlas:editor:import";
  var LEGACY = KEY + ":previous";  // the one earlier draft older editors kept
  var KEEP = 10;                   // earlier drafts kept (newest first)
  var storage = Storage(KEY), read = storage.read, write = storage.write, forget = storage.forget;

  function blank() { return kind === "district" ? { resources: [] } : {}; }
  // the earlier drafts, newest first (an older editor's single one last)
  function drafts() {
    var stored = read(DRAFTS), out = [], i, d;
    for (i = 0; C.isArray(stored) && i < stored.length; i++) { d = draft(stored[i]); if (d) { out.push(d); } }
    d = draft(read(LEGACY));
    if (d && !out.some(function (o) { return same(o.record, d.record); })) { out.push(d); }
    return out;
  }
  function keepDrafts(list) {
    if (write(DRAFTS, list.slice(0, KEEP))) { forget(LEGACY); }
  }
  // the open draft onto the list of earlier drafts (once: not again when it is there already)
  function putAside(list) {
    if (isEmpty(state.record)) { return list; }
    var mine = state.record;
    list = list.filter(function (d) { return !same(d.record, mine); });
    list.unshift({ record: mine, origin: state.origin, file: state.file, documents: state.documents, at: new Date().getTime() });
    return list;
  }

  var state = { record: blank(), origin: null, file: null, documents: [], focus: null, focusGrid: null, pending: null };
  var saved = draft(read(KEY));
  if (saved) { state.record = saved.record; state.origin = saved.origin; state.file = saved.file; state.documents = saved.documents; }

  // --- a record opened from its page (「この情報を直す」): ?edit=<id>[&resource=<id>] ---------
  var wanted = U.params(), openedResource = null;
  // what arrived for ?edit=<id>: the page's hand-over in storage, else the address's data=
  function received() {
    var message = read(IMPORT), record = null, byUrl = false, file = null;
    if (C.isDict(message) && message.kind === kind && C.isDict(message.record) && message.record.id === wanted.edit) {
      record = message.record;
      if (C.isDict(message.file)) { file = message.file; }
    } else if (typeof wanted.data === "string") {
      byUrl = true;
      try { record = JSON.parse(wanted.data); } catch (err) { record = null; }
    }
    return C.isDict(record) && record.id === wanted.edit ? { record: record, byUrl: byUrl, file: file } : null;
  }
  // the address without what it carried: a reload neither asks again nor takes the data again
  function settleUrl(ident) {
    try {
      if (window.history && history.replaceState) {
        history.replaceState(null, "", window.location.href.split(/[?#]/)[0] + (ident ? "?edit=" + encodeURIComponent(ident) : ""));
      }
    } catch (err) { /* file:// may refuse: the next load asks again */ }
  }
  function take(incoming) {
    if (!isEmpty(state.record) && !same(state.record, incoming.record)) { keepDrafts(putAside(drafts())); }
    state.record = incoming.record;
    state.origin = { id: incoming.record.id };
    state.file = null;
    if (incoming.file) {
      incoming.file.record = JSON.parse(JSON.stringify(incoming.record));  // the record as opened
      state.file = fileOf(incoming.file);
    }
    state.pending = null;
    state.notice = null;
    forget(IMPORT);
    openedResource = typeof wanted.resource === "string" ? wanted.resource : null;
    settleUrl(incoming.record.id);
  }
  if (wanted.edit !== undefined) {
    var incoming = U.id(wanted.edit) ? received() : null;
    if (incoming && !incoming.byUrl && (isEmpty(state.record) || same(state.record, incoming.record))) {
      take(incoming);
      state.imported = true;
    } else if (incoming) {
      state.pending = incoming;  // asked below; nothing stored changes until the answer
    } else if (!(state.origin && state.origin.id === wanted.edit)) {
      state.notice = "直す情報を受け取れませんでした。もとのページの「この情報を直す」から開き直してください。";
    }
  }

  // --- the page ---------------------------------------------------------------------
  var form = F.Form(kind, state, changed);
  state.nextResourceId = form.nextResourceId;
  var documentBox = root.querySelector('[data-form="documents"]');
  var recordBox = root.querySelector('[data-form="record"]'), resourceBox = root.querySelector('[data-form="resources"]');
  var problemBox = root.querySelector(".atlas-editor-problems"), downloadButton = root.querySelector("[data-action=download]");
  var prLink = root.querySelector(".atlas-editor-pr"), copyButton = root.querySelector("[data-action=copy]");
  var after = root.querySelector(".atlas-editor-after"), preview = root.querySelector(".atlas-editor-preview code");
  var savedNote = root.querySelector(".atlas-editor-saved"), origin = root.querySelector(".atlas-editor-origin");
  var toolbar = root.querySelector(".atlas-editor-toolbar"), restoreButton = root.querySelector("[data-action=restore]");
  var sheet = root.querySelector(".atlas-worksheet");
  var grid = sheet && window.AtlasEditorGrid ? window.AtlasEditorGrid.Grid(sheet, state, changed, openResource) : null;
  var result = null, timer = null;
  var keepNote = el("p", { "class": "atlas-editor-keep", hidden: true });
  var documentsCode = el("code"), documentsOut = el("div", { "class": "atlas-editor-documents-out", hidden: true }, [
    el("p", { text: "新しい資料は、リポジトリの content/documents.yaml の最後（documents: の一覧の続き）に次の行を足してください（同じプルリクエストで）。" }),
    el("pre", null, [documentsCode])]);
  downloadButton.parentNode.parentNode.insertBefore(keepNote, downloadButton.parentNode);
  after.parentNode.insertBefore(documentsOut, after.nextSibling);
  // Problems are shown for the fields the user has touched (changed or left), and all of them
  // once a save is tried or a record with content is opened: a blank form opens with none.
  var touched = {}, revealAll = !isEmpty(state.record);
  function reveal(all) { touched = {}; revealAll = all; }

  function render() {
    form.reset();
    var focused = document.activeElement && document.activeElement.getAttribute ? document.activeElement.getAttribute("name") : null;
    form.render(recordBox, "record");
    if (documentBox) { form.render(documentBox, "documents"); }
    if (resourceBox) { form.render(resourceBox, "resources"); }
    if (grid) { grid.render(); }
    var target = state.focus ? root.querySelector('[data-path="' + state.focus + '"] input, [data-path="' + state.focus + '"] select')
      : (focused ? root.querySelector('[name="' + focused.replace(/"/g, "") + '"]') : null);
    state.focus = null;
    if (target && !state.focusGrid) { target.focus(); }
    showOrigin();
  }
  // the record's page on this site, from its kind and id (never from the address)
  function pageOf(ident) {
    return U.id(ident) ? U.href((kind === "case" ? "cases/" : "districts/") + ident + "/", toRoot) : null;
  }
  function showOrigin() {
    showOpened(origin, state.notice, state.origin ? state.record : null, state.origin ? pageOf(state.origin.id) : null, kind);
  }
  function changed(what) {
    if (what === "structure") { render(); } else if (grid) { grid.render(); }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, 150);
    persist();
  }
  function persist() {
    var ok = write(KEY, { record: state.record, origin: state.origin, file: state.file, documents: state.documents });
    savedNote.textContent = ok ? "このブラウザーに保存しました。" : "このブラウザーには保存できません（保存を許可していない設定です）。";
  }

  function isShown(field) { return touchedField(field, touched, revealAll); }
  function check() {
    timer = null;
    var ids = [];
    for (var i = 0; i < state.documents.length; i++) { if (typeof state.documents[i].id === "string") { ids.push(state.documents[i].id); } }
    result = C.check(kind, state.record, { documents: ids });
    result.problems = result.problems.concat(C.checkDocuments(state.documents));
    show();
  }
  function show() {
    form.showProblems(result.problems.filter(function (p) { return isShown(p.field); }));
    var counts = showProblemList(problemBox, result.problems, isShown, form.describe, goTo);
    var errors = counts.errors, hidden = counts.hidden;
    result.text = savedText(state.file, state.record, result.yaml, kind);
    preview.textContent = result.text;
    showKeep();
    result.documents = C.documentsYaml(state.documents);
    documentsOut.hidden = !result.documents;
    documentsCode.textContent = result.documents;
    var ok = !(errors + hidden);
    // never `disabled`: pressing 「保存」 with errors shows every one of them (and saves nothing)
    downloadButton.setAttribute("data-ready", ok ? "true" : "false");
    copyButton.hidden = !ok;
    prLink.hidden = !ok || !D.repository.url;
    if (ok && D.repository.url) { setPullRequestLink(); }
    after.textContent = ok ? "保存したファイル（" + fileName() + "）を、リポジトリの " + D.yaml.folders[kind] + "/ に入れてプルリクエストを送ってください。" +
      (state.origin ? "同じ名前のファイルを置き換えます。" : "") : "";
  }
  /** Says before saving what of the original file will not be kept, exactly. */
  function showKeep() {
    var words = keptWords(state.file, result.text, result.yaml, !!state.origin, kind);
    keepNote.textContent = words;
    keepNote.hidden = !words;
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
    var link = pullRequestLink(D.repository, D.yaml.folders[kind], fileName(), result.text,
                               !!(state.origin && state.origin.id === state.record.id));
    if (!link) { prLink.hidden = true; return; }
    prLink.href = link.href;
    prLink.textContent = link.text;
  }
  function download() {
    if (timer) { clearTimeout(timer); check(); }
    if (!result) { return; }
    if (downloadButton.getAttribute("data-ready") !== "true") {
      revealAll = true;
      show();
      problemBox.querySelector(".atlas-editor-summary").focus();
      return;
    }
    saveFile(result.text, fileName());
  }
  function openResource(index) {
    var box = document.getElementById("atlas-res-" + index);
    if (!box) { return; }
    box.scrollIntoView();
    var first = box.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  downloadButton.disabled = false;  // the page has it disabled until this script runs
  downloadButton.addEventListener("click", download);
  // a field counts as touched once it is changed or left
  function touch(e) {
    var t = e.target, path = t && t.getAttribute ? t.getAttribute("name") : null;
    for (var up = t; !path && up && up !== root && up.getAttribute; up = up.parentNode) { path = up.getAttribute("data-path"); }
    if (!path || revealAll || touched[path]) { return; }
    touched[path] = true;
    if (result && !timer) { show(); }
  }
  root.addEventListener("change", touch);
  root.addEventListener("focusout", touch);
  copyButton.addEventListener("click", function () {
    if (!result) { return; }
    after.textContent = copyText(result.text) ? "YAML をコピーしました。" : "コピーできませんでした。「保存されるファイルの中身」から選んでコピーしてください。";
  });
  // --- earlier drafts: 「前の下書きに戻す」 lists them; the one chosen is opened and the open
  //     draft takes its place on the list, so going back and forth loses nothing ------------
  var draftBox = el("div", { "class": "atlas-editor-drafts", hidden: true });
  toolbar.parentNode.insertBefore(draftBox, toolbar.nextSibling);
  function showDrafts() { showDraftList(draftBox, drafts(), KEEP, restore); }
  function restore(i) {
    var list = drafts(), chosen = list[i];
    if (!chosen) { return; }
    list.splice(i, 1);
    keepDrafts(putAside(list));
    state.record = chosen.record;
    state.origin = chosen.origin;
    state.file = chosen.file;
    state.documents = chosen.documents;
    reveal(!isEmpty(chosen.record));
    state.notice = null;
    draftBox.hidden = true;
    restoreButton.setAttribute("aria-expanded", "false");
    restoreButton.hidden = !drafts().length;
    changed("structure");
  }
  restoreButton.setAttribute("aria-expanded", "false");
  restoreButton.addEventListener("click", function () {
    draftBox.hidden = !draftBox.hidden;
    restoreButton.setAttribute("aria-expanded", draftBox.hidden ? "false" : "true");
    if (!draftBox.hidden) { showDrafts(); }
  });
  root.querySelector("[data-action=new]").addEventListener("click", function () {
    keepDrafts(putAside(drafts()));
    state.record = blank();
    state.origin = null;
    state.file = null;
    state.documents = [];
    state.notice = null;
    reveal(false);
    draftBox.hidden = true;
    restoreButton.hidden = !drafts().length;
    changed("structure");
  });
  restoreButton.hidden = !drafts().length;
  toolbar.hidden = false;

  // --- a record that arrived while another draft is open: asked, nothing changed until then --
  var ask = el("div", { "class": "atlas-editor-incoming", role: "group", "aria-label": "受け取った情報", tabindex: "-1",
                        hidden: true });
  toolbar.parentNode.insertBefore(ask, origin);
  function showAsk() {
    showIncoming(ask, state.pending, state.record, function () {
      take(state.pending);
      reveal(true);
      showAsk();
      restoreButton.hidden = !drafts().length;
      changed("structure");
      focusResource();
    }, function () {
      state.pending = null;
      forget(IMPORT);
      settleUrl(state.origin ? state.origin.id : "");
      showAsk();
    });
  }
  function focusResource() {
    var list = C.isArray(state.record.resources) ? state.record.resources : [];
    for (var i = 0; openedResource && i < list.length; i++) { if (list[i] && list[i].id === openedResource) { openResource(i); } }
    openedResource = null;
  }

  render();
  showAsk();
  check();
  if (state.imported) { persist(); }
  focusResource();
  // the question comes first: on a phone it is below the page's introduction, out of sight
  if (state.pending) { ask.focus(); }
  /** For tests and users' own scripts: the current record, its check and its YAML. */
  window.AtlasEditor = {
    record: function () { return state.record; },
    load: function (record) { state.record = record; state.origin = null; state.file = null; reveal(!isEmpty(record)); changed("structure"); check(); },
    check: function () { if (timer) { clearTimeout(timer); } check(); return result; },
    /** Opens a record as its page's 「この情報を直す」 does, with what the page says of its file. */
    open: function (record, file) {
      take({ record: record, file: file || null, byUrl: false });
      reveal(true);
      changed("structure");
      check();
    }
  };
}

export { start };
