/* The editor's list of problems: a summary (how many to fix, warnings apart), then each
   problem shown in the words of the form with a button to its control, and the lines
   `generator validate` prints for the same file folded under the list, for whoever runs CI.
   Messages are text only. */
import { el } from "../dom.js";
import { keys } from "../editor/values.js";
import { C } from "./core.js";

/** The summary's words: `errors` shown, `hidden` not yet shown (fields not touched), `warnings`. */
function summaryText(errors, hidden, warnings) {
  return errors ? "直すところが " + (errors + hidden) + " 件あります（" + (warnings ? "注意 " + warnings + " 件、" : "") + "下の一覧と、各項目の赤い説明）。直すと保存できます。"
    : hidden ? "まだ入力していない項目があります。入力し終えたら「YAML ファイルを保存」を押してください（足りない項目をお知らせします）。"
    : "誤りはありません" + (warnings ? "（注意 " + warnings + " 件）" : "") + "。ファイルを保存できます。";
}

/** Fills `box` with the problems of `problems` that `isShown(field)`; `describe(problem)` gives
    {where, fix} (the form's words), `goTo(field)` the click handler of 「この項目へ」.
    Returns the counts: {errors, hidden, warnings}. */
function showProblemList(box, problems, isShown, describe, goTo) {
  var shown = problems.filter(function (p) { return isShown(p.field); });
  var errors = 0, warnings = 0, hidden = 0, i;
  for (i = 0; i < problems.length; i++) {
    if (problems[i].severity === "warning") { warnings++; } else if (isShown(problems[i].field)) { errors++; } else { hidden++; }
  }
  while (box.firstChild) { box.removeChild(box.firstChild); }
  box.appendChild(el("p", { "class": "atlas-editor-summary" + (errors ? " has-errors" : ""), tabindex: "-1",
    text: summaryText(errors, hidden, warnings) }));
  if (shown.length) {
    var list = el("ul", { "class": "atlas-editor-problem-list" }), lines = el("ul");
    for (i = 0; i < shown.length; i++) {
      var p = shown[i], go = el("button", { type: "button", "class": "atlas-editor-small", text: "この項目へ" });
      var words = describe(p);
      go.addEventListener("click", goTo(p.field));
      list.appendChild(el("li", { "class": p.severity === "warning" ? "is-warning" : "is-error", "data-field": p.field },
        [el("span", { "class": "atlas-editor-problem-words", text: (p.severity === "warning" ? "注意：" : "") + words.where + ": " + words.fix }),
         " ", go]));
      lines.appendChild(el("li", null, [el("span", { "class": "atlas-editor-problem", text: C.format(p) })]));
    }
    box.appendChild(list);
    box.appendChild(el("details", { "class": "atlas-editor-tech" },
      [el("summary", { text: "generator validate（CI）の表示で見る" }), lines]));
  }
  return { errors: errors, hidden: hidden, warnings: warnings };
}

/** Whether the problems of `field` are shown: every one once `revealAll` (a save was tried, or
    a record with content opened), else those of the fields the user has `touched` (changed or
    left: path → true), of what they hold and of what holds them; the file's own always. */
function touchedField(field, touched, revealAll) {
  if (revealAll || field === "") { return true; }
  var f = field.replace(/\[(\d+)\]/g, ".$1"), paths = keys(touched);
  for (var i = 0; i < paths.length; i++) {
    var t = paths[i];
    if (t === f || t.indexOf(f + ".") === 0 || f.indexOf(t + ".") === 0) { return true; }
  }
  return false;
}

export { showProblemList, summaryText, touchedField };
