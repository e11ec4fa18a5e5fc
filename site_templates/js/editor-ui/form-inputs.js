/* The form's controls, each writing into the record as it changes (form.js puts them
   together): a labelled field or group (kept in `fields` by its schema path, for messages),
   text, number, date and time inputs, lists to choose from, checkboxes. */
import { el } from "../dom.js";
import { isArray } from "../editor/values.js";
import { enumLabel, labelOf } from "./controls.js";
import { C } from "./core.js";
import { get, name, parseNumber, put, trimmed } from "./record.js";

/** The controls of the form of `kind` over `state.record`; `changed(structure)` after each
    change; `fields`: path → the field's box, filled as controls are made. */
function Inputs(kind, state, changed, fields) {
  var D = C.data;
  var seq = 0;

  function fieldBox(where, node, required, control, help) {
    var path = name(where), id = "atlas-f-" + (++seq);
    control.id = id;
    control.setAttribute("name", path);
    control.setAttribute("aria-describedby", "atlas-m-" + id);
    var label = el("label", { "for": id, "class": "atlas-editor-label" }, [labelOf(kind, where),
      required ? el("span", { "class": "atlas-editor-required", text: "（必須）" }) : null]);
    var box = el("div", { "class": "atlas-editor-field", "data-path": path }, [label, control,
      help ? el("p", { "class": "atlas-editor-help", text: help }) : null,
      el("p", { "class": "atlas-editor-msg", id: "atlas-m-" + id, hidden: true })]);
    fields[path] = box;
    return box;
  }
  function groupBox(where, required, content, help, cls) {
    var path = name(where), id = "atlas-g-" + (++seq);
    var box = el("fieldset", { "class": "atlas-editor-group " + (cls || ""), "data-path": path, "aria-describedby": "atlas-m-" + id },
      [el("legend", null, [labelOf(kind, where), required ? el("span", { "class": "atlas-editor-required", text: "（必須）" }) : null]),
       help ? el("p", { "class": "atlas-editor-help", text: help }) : null].concat(content).concat(
        [el("p", { "class": "atlas-editor-msg", id: "atlas-m-" + id, hidden: true })]));
    fields[path] = box;
    return box;
  }
  function helpOf(kind, where, node) {
    var d = node.rdesc || "";
    return d && d !== labelOf(kind, where) ? d : "";
  }

  function textControl(where, node, multiline) {
    var value = get(state.record, where);
    var control = multiline ? el("textarea", { rows: 3 }) : el("input", { type: "text" });
    if (where[where.length - 1] === "url") { control.setAttribute("inputmode", "url"); }
    if (where[where.length - 1] === "email") { control.setAttribute("inputmode", "email"); }
    if (where[where.length - 1] === "phone") { control.setAttribute("inputmode", "tel"); }
    if (where[where.length - 1] === "code") { control.setAttribute("inputmode", "numeric"); }
    control.value = value === undefined ? "" : (typeof value === "string" ? value : String(value));
    control.addEventListener("input", function () {
      var v = trimmed(control.value);
      put(state.record, where, v === "" ? undefined : v);
      changed(false);
    });
    return control;
  }
  function inputControl(where, type) {
    var value = get(state.record, where);
    var control = el("input", { type: type });
    control.value = typeof value === "string" ? value : "";
    control.addEventListener("input", function () {
      put(state.record, where, control.value === "" ? undefined : control.value);
      changed(false);
    });
    return control;
  }
  function numberControl(where) {
    var value = get(state.record, where);
    var control = el("input", { type: "text", inputmode: "decimal" });
    control.value = value === undefined ? "" : (typeof value === "number" ? C.floatRepr(value).replace(/\.0$/, "") : String(value));
    control.addEventListener("input", function () { put(state.record, where, parseNumber(control.value)); changed(false); });
    return control;
  }
  function options(select, pairs, value, placeholder) {
    select.appendChild(el("option", { value: "", text: placeholder || "（選んでください）" }));
    var known = false;
    for (var i = 0; i < pairs.length; i++) {
      if (String(pairs[i][0]) === String(value)) { known = true; }
      select.appendChild(el("option", { value: String(pairs[i][0]), text: pairs[i][1] }));
    }
    if (value !== undefined && value !== "" && !known) {
      select.appendChild(el("option", { value: String(value), text: "（使えない値）" + String(value) }));
    }
    select.value = value === undefined ? "" : String(value);
  }
  function selectControl(where, pairs, value, convert) {
    var control = el("select");
    options(control, pairs, value);
    control.addEventListener("change", function () {
      put(state.record, where, control.value === "" ? undefined : (convert ? convert(control.value) : control.value));
      changed(false);
    });
    return control;
  }
  /** A group of checkboxes for a list of terms or values; unticking every box leaves an
      empty list where that is valid (checkpoints: []), and no list where it is not. */
  function checkboxes(where, pairs, convert, keepEmpty) {
    var value = get(state.record, where), current = isArray(value) ? value : [], boxes = [], items = [];
    var all = pairs.slice();
    for (var u = 0; u < current.length; u++) {
      var seen = false;
      for (var p = 0; p < pairs.length; p++) { if (String(pairs[p][0]) === String(current[u])) { seen = true; } }
      if (!seen) { all.push([current[u], "（使えない値）" + String(current[u])]); }
    }
    for (var i = 0; i < all.length; i++) {
      var on = false;
      for (var c = 0; c < current.length; c++) { if (String(current[c]) === String(all[i][0])) { on = true; } }
      var box = el("input", { type: "checkbox", name: name(where), value: String(all[i][0]), checked: on });
      boxes.push(box);
      items.push(el("label", { "class": "atlas-editor-tick" }, [box, " " + all[i][1]]));
    }
    function update() {
      var out = [];
      for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { out.push(convert ? convert(boxes[i].value) : boxes[i].value); } }
      put(state.record, where, out.length ? out : (keepEmpty ? [] : undefined));
      changed(false);
    }
    for (var b = 0; b < boxes.length; b++) { boxes[b].addEventListener("change", update); }
    return el("div", { "class": "atlas-editor-checks" }, items);
  }
  function vocabularyPairs(vocab) { return D.vocabularies[vocab] || []; }
  function enumPairs(key, values) {
    var out = [];
    for (var i = 0; i < values.length; i++) { out.push([values[i], enumLabel(key, values[i])]); }
    return out;
  }
  function toInt(v) { var n = parseInt(v, 10); return String(n) === v ? n : v; }

  return { fieldBox: fieldBox, groupBox: groupBox, helpOf: helpOf, textControl: textControl, inputControl: inputControl, numberControl: numberControl, options: options, selectControl: selectControl, checkboxes: checkboxes, vocabularyPairs: vocabularyPairs, enumPairs: enumPairs, toInt: toInt };
}

export { Inputs };
