/* The form's messages: each problem beside its control (or the nearest enclosing one), in
   the words of the form, and the control a problem names. Messages are text only. */
import { isDict, keys } from "../editor/values.js";
import { DOC_LABELS, labelOf } from "./controls.js";
import { get } from "./record.js";

/** Messages for the form of `kind` over `state`, whose controls are `fields` (path → box). */
function Messages(kind, state, fields) {
  function whereOf(field) {
    var out = [], parts = field ? field.replace(/\[(\d+)\]/g, ".$1").split(".") : [];
    for (var i = 0; i < parts.length; i++) { out.push(/^\d+$/.test(parts[i]) ? parseInt(parts[i], 10) : parts[i]); }
    return out;
  }
  function fixOf(problem) {
    if (problem.code === "missing-field") {
      var box = fields[problem.field.replace(/\[(\d+)\]/g, ".$1")];
      if (box && /atlas-editor-list/.test(box.className)) { return "追加してください"; }
      if (box && box.querySelector("input[type=checkbox]")) { return "1つ以上選んでください"; }
      if (box && box.querySelector("select") && !box.querySelector("input[type=text], textarea")) { return "選んでください"; }
      return "入力してください";
    }
    return problem.message + (problem.hint ? "（" + problem.hint + "）" : "");
  }
  function lastMsg(box) {
    for (var c = box.lastChild; c; c = c.previousSibling) {
      if (c.nodeType === 1 && c.className === "atlas-editor-msg") { return c; }
    }
    return null;
  }

  return {
  /** Shows each problem beside its control (or the nearest enclosing one). */
  showProblems: function (problems) {
    var byField = {}, i, paths = keys(fields);
    for (i = 0; i < paths.length; i++) {
      var box = fields[paths[i]], msg = lastMsg(box);
      if (msg) { msg.hidden = true; msg.textContent = ""; }
      box.removeAttribute("data-invalid");
      var ctl = box.querySelector("[name]");
      if (ctl && box.tagName !== "FIELDSET") { ctl.removeAttribute("aria-invalid"); }
    }
    for (i = 0; i < problems.length; i++) {
      var path = problems[i].field.replace(/\[(\d+)\]/g, ".$1");
      while (path && !fields[path]) { path = path.indexOf(".") >= 0 ? path.slice(0, path.lastIndexOf(".")) : ""; }
      if (!path) { continue; }
      (byField[path] = byField[path] || []).push(problems[i]);
    }
    var targets = keys(byField);
    for (i = 0; i < targets.length; i++) {
      var target = fields[targets[i]], m = lastMsg(target), list = byField[targets[i]], lines = [];
      for (var j = 0; j < list.length; j++) { lines.push((list[j].severity === "warning" ? "注意：" : "") + fixOf(list[j])); }
      if (m) { m.textContent = lines.join("\n"); m.hidden = false; }
      var bad = false;
      for (var k = 0; k < list.length; k++) { if (list[k].severity !== "warning") { bad = true; } }
      if (bad) {
        target.setAttribute("data-invalid", "1");
        var control = target.querySelector("[name]");
        if (control && target.tagName !== "FIELDSET") { control.setAttribute("aria-invalid", "true"); }
      }
    }
  },
  /** A problem in the words of the form: where (the field's Japanese label, inside the item
      it belongs to: 「資源 2（サンプルカフェ）の名称」) and what to do (「入力してください」 for a
      missing field; else the message and its hint, without file, line or code). */
  describe: function (problem) {
    var where = whereOf(problem.field), parts = [], i;
    for (i = 0; i < where.length; i++) {
      if (typeof where[i] !== "number") { continue; }
      var listKey = where[i - 1], item = get(listKey === "documents" && i === 1 ? { documents: state.documents } : state.record,
        where.slice(0, i + 1));
      var title = isDict(item) ? (item.name || item.title || item.label || item.text || item.id || "") : "";
      title = typeof title === "string" ? title : "";
      parts.push(({ resources: "資源", rules: "繰り返し", municipalities: "市区町村", sources: "出典", documents: "新しい資料" }[listKey] ||
        labelOf(kind, [listKey])) + " " + (where[i] + 1) + (title ? "（" + (title.length > 20 ? title.slice(0, 20) + "…" : title) + "）" : ""));
    }
    var last = where[where.length - 1], label = typeof last !== "string" ? "" : where[0] === "documents" ? DOC_LABELS[last] || last
      : labelOf(kind, where);
    var place = parts.join("・") + (parts.length && label ? "の" : "") + label;
    return { where: place || "ファイル全体", fix: fixOf(problem) };
  },
  /** The control (or group) a problem's field names, for 「この項目へ」. */
  fieldFor: function (field) {
    var path = field.replace(/\[(\d+)\]/g, ".$1");
    while (path && !fields[path]) { path = path.indexOf(".") >= 0 ? path.slice(0, path.lastIndexOf(".")) : ""; }
    return path ? fields[path] : null;
  }
  };
}

export { Messages };
