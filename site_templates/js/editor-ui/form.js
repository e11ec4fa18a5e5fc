/* The editor's form, generated from the compiled JSON Schema (editor/data.js): one control
   per schema property, named by its schema path ("resources.0.schedule.rules.0.byday"),
   vocabularies as lists to choose from. The record (the YAML file's data) is the only state:
   every control writes into it; the page (page.js) checks and saves it.
   Contributor text is data: everything goes into the page as DOM nodes and textContent,
   never as HTML. */
import { el } from "../dom.js";
import { DOC_LABELS, labelOf, vocabularyOf, widget } from "./controls.js";
import { Inputs } from "./form-inputs.js";
import { LocationGroup } from "./form-location.js";
import { Messages } from "./form-messages.js";
import { isArray, isDict, keys } from "../editor/values.js";
import { C } from "./core.js";
import { get, name, put, trimmed } from "./record.js";

var D = C.data;

// ------------------------------------------------------------ the form
function Form(kind, state, onChange) {
  var fields = {};  // path → the field's wrapper (for messages; form-inputs.js fills it)

  function changed(structure) { onChange(structure ? "structure" : "value"); }
  var I = Inputs(kind, state, changed, fields), M = Messages(kind, state, fields);
  var fieldBox = I.fieldBox, groupBox = I.groupBox, helpOf = I.helpOf, textControl = I.textControl,
    inputControl = I.inputControl, numberControl = I.numberControl, options = I.options,
    selectControl = I.selectControl, checkboxes = I.checkboxes, vocabularyPairs = I.vocabularyPairs,
    enumPairs = I.enumPairs, toInt = I.toInt;
  var locationGroup = LocationGroup(kind, state, changed, I);

  function sourceRefControl(where) {
    var control = el("select"), value = get(state.record, where);
    function fill() {
      var current = control.value || get(state.record, where), pairs = [], sources = state.record.sources;
      while (control.firstChild) { control.removeChild(control.firstChild); }
      for (var i = 0; isArray(sources) && i < sources.length; i++) {
        if (isDict(sources[i]) && typeof sources[i].id === "string" && sources[i].id) {
          pairs.push([sources[i].id, sources[i].id + (sources[i].locator ? "：" + sources[i].locator : "")]);
        }
      }
      options(control, pairs, current, "（出典を選んでください）");
    }
    control.value = value || "";
    return refilling(control, where, fill);
  }

  /** `control` (a select) takes its choices from `fill` now and again whenever it is about to
      open (the lists it offers change while the form is edited); its choice is written to `where`. */
  function refilling(control, where, fill) {
    fill();
    control.addEventListener("focus", fill);
    control.addEventListener("mousedown", fill);
    control.addEventListener("change", function () {
      put(state.record, where, control.value === "" ? undefined : control.value);
      changed(false);
    });
    return control;
  }

  /** A document of content/documents.yaml, or one added below the form (state.documents). */
  function documentControl(where) {
    var control = el("select");
    function fill() {
      var current = control.value || get(state.record, where), pairs = D.documents.slice(), added = state.documents || [];
      while (control.firstChild) { control.removeChild(control.firstChild); }
      for (var i = 0; i < added.length; i++) {
        if (isDict(added[i]) && typeof added[i].id === "string" && added[i].id) {
          pairs.push([added[i].id, "（新しい資料）" + (added[i].title || added[i].id)]);
        }
      }
      options(control, pairs, current);
    }
    documentSelects.push(fill);
    return refilling(control, where, fill);
  }
  var documentSelects = [];  // each document list's refill, for when an added document changes
  /** New documents for content/documents.yaml: kept beside the case (the case's sources name
      them by id), saved as the lines to add to that file. */
  function documentsList(container) {
    var list = state.documents, items = [];
    for (var i = 0; i < list.length; i++) { items.push(documentItem(i)); }
    var add = el("button", { type: "button", "class": "atlas-editor-add", "data-add": "documents", text: "＋ 新しい資料を追加" });
    add.addEventListener("click", function () {
      list.push({});
      state.focus = "documents." + (list.length - 1);
      changed(true);
    });
    container.appendChild(el("div", { "class": "atlas-editor-items" }, items));
    container.appendChild(add);
  }
  function documentItem(i) {
    var d = state.documents[i], keysOf = ["id", "title", "publisher", "date", "url"], content = [];
    for (var k = 0; k < keysOf.length; k++) {
      var key = keysOf[k], control = el("input", { type: key === "date" ? "date" : "text" });
      control.value = typeof d[key] === "string" ? d[key] : "";
      if (key === "url") { control.setAttribute("inputmode", "url"); }
      control.addEventListener("input", (function (key, control) {
        return function () {
          var v = trimmed(control.value);
          if (v) { d[key] = v; } else { delete d[key]; }
          if (key === "id" || key === "title") { for (var s = 0; s < documentSelects.length; s++) { documentSelects[s](); } }
          changed(false);
        };
      })(key, control));
      var box = fieldBox(["documents", i, key], {}, key === "id" || key === "title" || key === "publisher", control, "");
      box.querySelector("label").firstChild.textContent = DOC_LABELS[key];
      content.push(box);
    }
    var remove = el("button", { type: "button", "class": "atlas-editor-remove", text: "削除" });
    remove.addEventListener("click", function () { state.documents.splice(i, 1); changed(true); });
    var box2 = el("div", { "class": "atlas-editor-item", "data-path": "documents." + i },
      [el("h3", { "class": "atlas-editor-item-title", text: "新しい資料 " + (i + 1) + (d.title ? "：" + String(d.title).slice(0, 40) : "") })]
        .concat(content).concat([el("p", { "class": "atlas-editor-item-tools" }, [remove]), el("p", { "class": "atlas-editor-msg", hidden: true })]));
    fields["documents." + i] = box2;
    return box2;
  }

  function field(where, node, required) {
    var key = where[where.length - 1], w = widget(kind, node, where), vocab = vocabularyOf(kind, where);
    var value = get(state.record, where), help = helpOf(kind, where, node);
    switch (w) {
      case "term": return fieldBox(where, node, required, selectControl(where, vocabularyPairs(vocab), value), help);
      case "terms": return groupBox(where, required, [checkboxes(where, vocabularyPairs(vocab), null, !node.minItems)], help);
      case "choice": return fieldBox(where, node, required,
        selectControl(where, enumPairs(key, node["enum"]), value, typeof node["enum"][0] === "number" ? toInt : null), help);
      case "choices": return groupBox(where, required,
        [checkboxes(where, enumPairs(key, node.items["enum"]), typeof node.items["enum"][0] === "number" ? toInt : null,
          !node.minItems)], help);
      case "bool": {
        var box = el("input", { type: "checkbox", checked: value === true });
        box.addEventListener("change", function () { put(state.record, where, box.checked ? true : undefined); changed(false); });
        return fieldBox(where, node, required, box, help);
      }
      case "number": return fieldBox(where, node, required, numberControl(where), help);
      case "date": {
        var date = inputControl(where, "date"), today = el("button", { type: "button", "class": "atlas-editor-small", text: "今日の日付" });
        today.addEventListener("click", function () {
          date.value = C.todayText();
          put(state.record, where, date.value);
          changed(false);
        });
        var dateBox = fieldBox(where, node, required, date, help);
        dateBox.insertBefore(today, date.nextSibling);
        return dateBox;
      }
      case "time": return fieldBox(where, node, required, inputControl(where, "time"), help);
      case "sourceRef": return fieldBox(where, node, required, sourceRefControl(where), help);
      case "document": return fieldBox(where, node, required, documentControl(where), help);
      case "textarea": return fieldBox(where, node, required, textControl(where, node, true), help);
      case "municipality": return municipalityGroup(where, node, required);
      case "location": return locationGroup(where, node, required);
      case "object":
        if (key === "schedule") { return scheduleGroup(where, node, required, help); }
        return groupBox(where, required, objectFields(where, node), help);
      case "list": return listGroup(where, node, required, help);
    }
    return fieldBox(where, node, required, textControl(where, node, false), help);
  }
  function objectFields(where, node, skip) {
    var out = [], props = keys(node.properties || {});
    for (var i = 0; i < props.length; i++) {
      if (skip && skip[props[i]]) { continue; }
      var required = node.required && C.has(node, "required") && indexOf(node.required, props[i]) >= 0;
      out.push(field(where.concat([props[i]]), node.properties[props[i]], required));
    }
    return out;
  }
  function indexOf(list, v) { for (var i = 0; i < list.length; i++) { if (list[i] === v) { return i; } } return -1; }

  /** A schedule: its text, with the rules read from it offered under it (hours.suggested_rules,
      editor-core.js suggestRules), then the rules themselves (days, weeks of the month, times)
      and the notes. Only rules reach the weekday, time and 「今日開いている」 filters. */
  function scheduleGroup(where, node, required, help) {
    var content = objectFields(where, node), hint = el("div", { "class": "atlas-editor-suggest", "aria-live": "polite" });
    content.splice(1, 0, hint);
    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
    function update() {
      while (hint.firstChild) { hint.removeChild(hint.firstChild); }
      var text = get(state.record, where.concat(["text"])), rules = get(state.record, where.concat(["rules"]));
      var suggested = typeof text === "string" ? C.suggestRules(text) : [];
      if (suggested.length && !same(suggested, rules)) {
        var use = el("button", { type: "button", "class": "atlas-editor-small", "data-action": "use-rules",
          text: isArray(rules) && rules.length ? "繰り返しをこの内容に置き換える" : "この繰り返しにする" });
        use.addEventListener("click", function () {
          put(state.record, where.concat(["rules"]), suggested);
          state.focus = name(where.concat(["rules"]));
          changed(true);
        });
        hint.appendChild(el("p", { "class": "atlas-editor-help" }, ["文章から読み取った繰り返し：",
          el("strong", { text: suggested.map(C.ruleJa).join("／") }), " ", use]));
      } else if (typeof text === "string" && !(isArray(rules) && rules.length)) {
        hint.appendChild(el("p", { "class": "atlas-editor-help", text: "曜日と時間を読み取れませんでした。「毎週水曜 10時〜12時」「第2・第4木曜 13:30-15:00」" +
          "のように書くか、下の「＋ 繰り返しを追加」で曜日・第何週・時間を選ぶと、曜日・時間帯の絞り込みと「今日開いている」に出ます。" }));
      }
    }
    update();
    var box = groupBox(where, required, content, help);
    box.addEventListener("input", update);
    return box;
  }

  function municipalityGroup(where, node, required) {
    return groupBox(where, required, municipalityFields(where, node), "", "atlas-editor-municipality");
  }
  /** The code, prefecture and name of a municipality, with lists to pick them from (the dataset). */
  function municipalityFields(where, node) {
    var prefSelect = el("select", { "aria-label": "都道府県から選ぶ" }), muniSelect = el("select", { "aria-label": "市区町村を選ぶ" });
    var prefs = keys(D.municipalities), current = get(state.record, where) || {};
    options(prefSelect, prefs.map ? prefs.map(function (p) { return [p, p]; }) : [], current.prefecture, "（都道府県）");
    function fillMunis() {
      while (muniSelect.firstChild) { muniSelect.removeChild(muniSelect.firstChild); }
      var rows = D.municipalities[prefSelect.value] || [], pairs = [];
      for (var i = 0; i < rows.length; i++) { pairs.push([rows[i][0], rows[i][1]]); }
      var code = (get(state.record, where) || {}).code;
      options(muniSelect, pairs, C.municipality(code) && C.municipality(code).prefecture === prefSelect.value ? code : "", "（市区町村）");
    }
    fillMunis();
    prefSelect.addEventListener("change", fillMunis);
    var inner = objectFields(where, node);
    muniSelect.addEventListener("change", function () {
      var m = C.municipality(muniSelect.value);
      if (!m) { return; }
      put(state.record, where, { code: m.code, prefecture: m.prefecture, name: m.name });
      var names = ["code", "prefecture", "name"];
      for (var i = 0; i < names.length; i++) {
        var input = fields[name(where.concat([names[i]]))].querySelector("input");
        input.value = m[names[i]];
      }
      changed(false);
    });
    var picker = el("p", { "class": "atlas-editor-picker" }, ["一覧から選ぶ：", prefSelect, " ", muniSelect]);
    return [picker].concat(inner);
  }

  function itemTitle(listKey, item, index) {
    var label = { resources: "資源", rules: "繰り返し", municipalities: "市区町村", sources: "出典" }[listKey] || labelOf(kind, [listKey]);
    var title = isDict(item) ? (item.name || item.title || item.label || item.text || item.id || "") : "";
    return label + " " + (index + 1) + (title ? "：" + String(title).slice(0, 40) : "");
  }
  function listGroup(where, node, required, help) {
    var list = get(state.record, where), items = [], listKey = where[where.length - 1];
    var n = isArray(list) ? list.length : 0;
    for (var i = 0; i < n; i++) { items.push(listItem(where, node, i)); }
    var add = el("button", { type: "button", "class": "atlas-editor-add", "data-add": name(where),
      text: "＋ " + ({ resources: "資源", rules: "繰り返し" }[listKey] || labelOf(kind, [listKey])) + "を追加" });
    add.addEventListener("click", function () {
      var current = get(state.record, where);
      if (!isArray(current)) { current = []; put(state.record, where, current); }
      current.push(listKey === "resources" ? { id: nextResourceId() } : {});
      state.focus = name(where.concat([current.length - 1]));
      changed(true);
    });
    return groupBox(where, required, [el("div", { "class": "atlas-editor-items" }, items), add], help, "atlas-editor-list");
  }
  function listItem(where, node, i) {
    var here = where.concat([i]), item = get(state.record, here), listKey = where[where.length - 1];
    var depth = 0;  // h3 for the items of a top-level list, h4 for a list inside one (rules of a resource)
    for (var d = 0; d < where.length; d++) { if (typeof where[d] === "number") { depth++; } }
    var heading = el(depth ? "h4" : "h3", { "class": "atlas-editor-item-title", text: itemTitle(listKey, item, i) });
    var remove = el("button", { type: "button", "class": "atlas-editor-remove", text: "削除" });
    remove.addEventListener("click", function () {
      if (remove.getAttribute("data-confirm") !== "1") {
        remove.setAttribute("data-confirm", "1");
        remove.textContent = "本当に削除する";
        return;
      }
      get(state.record, where).splice(i, 1);
      if (!get(state.record, where).length && !(node.required || listKey === "resources")) { put(state.record, where, undefined); }
      changed(true);
    });
    var content = !isDict(item) ? [] : node.items.ref === "municipality" ? municipalityFields(here, node.items)
      : objectFields(here, node.items);
    var box = el("div", { "class": "atlas-editor-item", "data-path": name(here), id: listKey === "resources" ? "atlas-res-" + i : null },
      [heading].concat(content).concat([el("p", { "class": "atlas-editor-item-tools" }, [remove]),
        el("p", { "class": "atlas-editor-msg", hidden: true })]));
    fields[name(here)] = box;
    if (listKey === "resources" || listKey === "sources") {
      box.addEventListener("input", function () { heading.textContent = itemTitle(listKey, get(state.record, here), i); });
    }
    return box;
  }
  function nextResourceId() {
    var used = {}, list = state.record.resources || [];
    for (var i = 0; i < list.length; i++) { if (isDict(list[i])) { used[list[i].id] = true; } }
    for (var n = 1; ; n++) { if (!used["resource-" + n]) { return "resource-" + n; } }
  }

  return {
    nextResourceId: nextResourceId,
    /** The controls of one part of the page: "record" (everything but the resources of a
        district) or "resources". */
    render: function (container, part) {
      while (container.firstChild) { container.removeChild(container.firstChild); }
      if (part === "documents") { documentsList(container); return; }
      var root = D.schemas[kind];
      if (part === "resources") {
        container.appendChild(field(["resources"], root.properties.resources, true));
      } else {
        var nodes = objectFields([], root, kind === "district" ? { resources: true } : null);
        for (var i = 0; i < nodes.length; i++) { container.appendChild(nodes[i]); }
      }
    },
    reset: function () {  // emptied in place: the controls and the messages hold this object
      var paths = keys(fields);
      for (var i = 0; i < paths.length; i++) { delete fields[paths[i]]; }
      documentSelects = [];
    },
    showProblems: M.showProblems,
    describe: M.describe,
    fieldFor: M.fieldFor
  };
}

export { Form };
