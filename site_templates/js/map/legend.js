/* The legend and its filters: a collapsible control (open only where there is room) with
   categories (their counts and colours), target states, weekday, time of day and
   「今日開いている」, as on the district page; the schedule logic is atlas-filter.js's
   (window.AtlasFilter). */
import { el, text } from "./nodes.js";

function roomy(map) { var s = map.getSize(); return s.x >= 600 && s.y >= 420; }

function legendControl(map, title, fill) {
  var control = L.control({ position: "topright" });
  control.onAdd = function () {
    var box = L.DomUtil.create("div", "atlas-legend");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var details = el("details");
    details.open = roomy(map);
    details.appendChild(el("summary", "", title));
    var body = el("div", "atlas-legend-body");
    details.appendChild(body);
    box.appendChild(details);
    fill(box, body);
    return box;
  };
  control.addTo(map);
  return control;
}

function swatch(color, dashed) {
  var s = el("span", dashed ? "swatch swatch-dashed" : "swatch");
  if (color) { s.style.backgroundColor = color; }
  return s;
}

// what the legend's inputs select: {cats: {index: true}, mask: state bits, day, time, today, all}
function readFilter(box) {
  var f = { cats: {}, mask: 0, day: "", time: "", today: false, all: true };
  var inputs = box.querySelectorAll("input, select");
  for (var i = 0; i < inputs.length; i++) {
    var input = inputs[i];
    if (input.name === "cat" || input.name === "state") {
      if (!input.checked) { f.all = false; continue; }
      if (input.name === "cat") { f.cats[input.value] = true; } else { f.mask |= 1 << Number(input.value); }
    } else if (input.name === "today") {
      f.today = input.checked;
    } else if (input.name === "day" || input.name === "time") {
      f[input.name] = input.value;
    }
  }
  if (window.AtlasFilter.active(f)) { f.all = false; }
  return f;
}

// a test of one point row of `data`'s schedule table against `f` (each rule list once)
function pointTest(f, data) {
  var date = new Date(), ok = [];
  for (var i = 0; i < data.h.length; i++) { ok.push(window.AtlasFilter.scheduleMatches(data.h[i], f, date)); }
  return function (p) { return !!(f.cats[p[2]] && (p[3] & f.mask) && ok[p[8]]); };
}

function checkbox(name, value, label, color) {
  var row = el("label", "atlas-filter-row");
  var input = el("input");
  input.type = "checkbox"; input.name = name; input.value = value; input.checked = true;
  row.appendChild(input);
  if (color) { row.appendChild(swatch(color)); }
  text(row, label);
  return row;
}

function select(name, label, choices) {
  var row = el("label", "atlas-filter-row atlas-filter-select");
  text(row, label + " ");
  var input = el("select");
  input.name = name;
  for (var i = 0; i < choices.length; i++) {
    var option = el("option", "", choices[i][1]);
    option.value = choices[i][0];
    input.appendChild(option);
  }
  row.appendChild(input);
  return row;
}

// The legend and its filters: categories (with their counts and colours), target states,
// weekday, time of day and 「今日開いている」, as on the district page. `changed(f)` runs on
// every change; returns the status line (表示中 n / total 件).
function filterLegend(map, tables, counts, opts, notes, changed) {
  var status;
  legendControl(map, "凡例・絞り込み", function (box, body) {
    var cats = el("fieldset");
    cats.appendChild(el("legend", "", "資源の種類"));
    for (var c = 0; c < tables.c.length; c++) {
      if (counts[c]) { cats.appendChild(checkbox("cat", c, tables.c[c][1] + "（" + counts[c] + "）", tables.c[c][2])); }
    }
    var sts = el("fieldset");
    sts.appendChild(el("legend", "", "対象"));
    for (var s = 0; s < tables.s.length; s++) { sts.appendChild(checkbox("state", s, tables.s[s][1])); }
    var when = el("fieldset");
    when.appendChild(el("legend", "", "日時"));
    when.appendChild(select("day", "曜日", [["", "すべて"]].concat(opts.days || [])));
    when.appendChild(select("time", "時間帯", [["", "すべて"], ["am", "午前"], ["pm", "午後"]]));
    var today = el("label", "atlas-filter-row");
    var input = el("input");
    input.type = "checkbox"; input.name = "today";
    today.appendChild(input);
    text(today, "今日開いている");
    when.appendChild(today);
    var reset = el("button", "atlas-filter-reset", "条件をはずす");
    reset.type = "button";
    reset.addEventListener("click", function () {
      var inputs = box.querySelectorAll("input, select");
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].type === "checkbox") { inputs[i].checked = inputs[i].name !== "today"; }
        else { inputs[i].value = ""; }
      }
      changed(readFilter(box));
    });
    body.appendChild(cats);
    body.appendChild(sts);
    body.appendChild(when);
    body.appendChild(reset);
    for (var n = 0; n < notes.length; n++) { body.appendChild(notes[n]); }
    status = el("p", "atlas-filter-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(status);
    box.addEventListener("change", function () { changed(readFilter(box)); });
  });
  return status;
}

function approxNote(opts) {
  var note = el("p", "atlas-legend-note");
  note.appendChild(swatch("#ffffff", true));
  text(note, "点線の印：" + opts.approxLabel);
  return note;
}

function allPass(tables) {
  var f = { cats: {}, mask: (1 << tables.s.length) - 1, day: "", time: "", today: false, all: true };
  for (var c = 0; c < tables.c.length; c++) { f.cats[c] = true; }
  return f;
}


export { allPass, approxNote, filterLegend, legendControl, pointTest, swatch };
