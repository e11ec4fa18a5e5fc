/* 「わがまちの地域の資源を書き出してみよう」 as an editor: the worksheet grid of the paper sheet
   (rows = resource kinds, columns = 元気・虚弱・要介護に近い; markup and CSS of
   site_templates/pages/_worksheet.j2 and sheets.css), with a box in every cell to type a
   resource's name. Each name becomes a resource of the district being edited; the grid shows
   the resources as the district worksheet does (generator/render/worksheet.py: build_grid),
   so the page prints like the paper sheet.
   Names go in as text, never HTML. */
import { el } from "../dom.js";
import { isArray, isDict } from "../editor/values.js";
import { C } from "./core.js";

var D = C.data;

function states() {
  var out = [], terms = D.vocabularies.target_states || [];
  for (var i = 0; i < terms.length; i++) { out.push(terms[i][0]); }
  return out;
}
function cmpName(a, b) {
  var x = String(a.resource.name || ""), y = String(b.resource.name || "");
  return x === y ? a.index - b.index : (x < y ? -1 : 1);
}
/** worksheet.build_grid + GridRow.lanes: per category, the entries grouped by the run of
    columns they span, narrowest first. */
function lanesOf(resources, category, columns) {
  var entries = [], i;
  for (i = 0; i < resources.length; i++) {
    var r = resources[i];
    if (isDict(r) && r.category === category && isArray(r.target_states) && typeof r.name === "string" && r.name) {
      entries.push({ resource: r, index: i });
    }
  }
  entries.sort(cmpName);  // district_entries: sorted by name
  var bySpan = {}, spans = [];
  for (i = 0; i < entries.length; i++) {
    var positions = [];
    for (var s = 0; s < entries[i].resource.target_states.length; s++) {
      var p = columns.indexOf(entries[i].resource.target_states[s]);
      if (p >= 0 && positions.indexOf(p) < 0) { positions.push(p); }
    }
    positions.sort(function (a, b) { return a - b; });
    var runs = [];
    for (var k = 0; k < positions.length; k++) {
      if (runs.length && runs[runs.length - 1][1] === positions[k]) { runs[runs.length - 1][1] = positions[k] + 1; }
      else { runs.push([positions[k], positions[k] + 1]); }
    }
    for (var r2 = 0; r2 < runs.length; r2++) {
      var key = (runs[r2][0] + 1) + "/" + (runs[r2][1] + 1);
      if (!bySpan[key]) { bySpan[key] = { start: runs[r2][0] + 1, end: runs[r2][1] + 1, entries: [] }; spans.push(bySpan[key]); }
      bySpan[key].entries.push(entries[i]);
    }
  }
  spans.sort(function (a, b) {
    return (a.end - a.start) - (b.end - b.start) || a.start - b.start || a.end - b.end;
  });
  return spans;
}

function Grid(sheet, state, onChange, onOpen) {
  var columns = states(), labels = {};
  var stateTerms = D.vocabularies.target_states || [], catTerms = D.vocabularies.categories || [];
  for (var i = 0; i < stateTerms.length; i++) { labels[stateTerms[i][0]] = stateTerms[i][1]; }
  var rows = sheet.querySelectorAll(".atlas-ws-row"), heads = sheet.querySelectorAll(".atlas-ws-rowhead");

  // On a phone (editor.css, narrow screens only) the grid shows one state at a time, chosen
  // with these buttons, so that every state's column, its header and the row headers fit.
  var scroll = sheet.querySelector(".atlas-ws-scroll"), tabs = el("div", { "class": "atlas-ws-tabs atlas-screen-only",
    role: "group", "aria-label": "表に出す状態（画面が狭いとき）" }, ["表に出す状態："]), tabButtons = [];
  function show(column) {
    sheet.setAttribute("data-show", String(column));
    for (var t = 0; t < tabButtons.length; t++) { tabButtons[t].setAttribute("aria-pressed", t === column ? "true" : "false"); }
  }
  for (var t = 0; t < columns.length; t++) {
    var tab = el("button", { type: "button", "data-show": String(t), text: labels[columns[t]] });
    tab.addEventListener("click", (function (column) { return function () { show(column); }; })(t));
    tabButtons.push(tab);
    tabs.appendChild(tab);
  }
  if (scroll) { scroll.parentNode.insertBefore(tabs, scroll); }
  show(0);

  function addBox(row, category, catLabel, column) {
    var id = "atlas-ws-add-" + category + "-" + column;
    var what = catLabel + "・" + labels[columns[column]];
    var input = el("input", { type: "text", id: id, "data-category": category, "data-state": columns[column],
      placeholder: "＋ 名前", "aria-label": what + "の資源の名前" });
    var button = el("button", { type: "button", text: "追加", "aria-label": what + "に追加" });
    function add() {
      var name = input.value.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
      if (!name) { return; }
      var list = state.record.resources;
      if (!isArray(list)) { list = state.record.resources = []; }
      list.push({ id: state.nextResourceId(), name: name, category: category, target_states: [columns[column]] });
      state.focusGrid = id;
      input.value = "";
      onChange("structure");
    }
    input.addEventListener("keydown", function (e) {
      if (e.keyCode === 13) { e.preventDefault(); add(); }
    });
    button.addEventListener("click", add);
    return el("span", { "class": "atlas-ws-add atlas-screen-only", style: "grid-column: " + (column + 1) + " / " + (column + 2),
      "data-cols": String(column) }, [input, button]);
  }

  function render() {
    var resources = isArray(state.record.resources) ? state.record.resources : [];
    for (var r = 0; r < rows.length && r < catTerms.length; r++) {
      var row = rows[r], category = catTerms[r][0];
      var old = row.querySelectorAll(".atlas-ws-lane, .atlas-ws-add");
      for (var o = 0; o < old.length; o++) { row.removeChild(old[o]); }
      var spans = lanesOf(resources, category, columns);
      for (var s = 0; s < spans.length; s++) {
        var spanned = [], cols = [];  // the states of this lane, for screen readers (as _worksheet.j2)
        for (var k = spans[s].start - 1; k < spans[s].end - 1; k++) { spanned.push(labels[columns[k]]); cols.push(k); }
        var lane = el("div", { "class": "atlas-ws-lane", style: "grid-column: " + spans[s].start + " / " + spans[s].end,
          "data-cols": cols.join(" ") });
        lane.appendChild(el("span", { "class": "atlas-visually-hidden", text: spanned.join("・") + "：" }));
        for (var e = 0; e < spans[s].entries.length; e++) {
          var entry = spans[s].entries[e];
          var link = el("a", { href: "#atlas-res-" + entry.index, text: entry.resource.name });
          link.addEventListener("click", opener(entry.index));
          lane.appendChild(el("span", { "class": "atlas-ws-item", "data-category": category,
            "data-states": entry.resource.target_states.join(" ") }, [link]));
        }
        row.appendChild(lane);
      }
      for (var c = 0; c < columns.length; c++) { row.appendChild(addBox(row, category, heads[r].textContent, c)); }
    }
    // a long list prints in smaller type, as a district's worksheet does (render/sheets.py)
    var compact = resources.length >= D.compactFrom;
    sheet.className = sheet.className.replace(/\s*atlas-ws-compact/g, "") + (compact ? " atlas-ws-compact" : "");
    if (state.focusGrid) {
      var again = document.getElementById(state.focusGrid);
      state.focusGrid = null;
      if (again) { again.focus(); }
    }
  }
  function opener(index) {
    return function (e) { e.preventDefault(); onOpen(index); };
  }
  return { render: render };
}

export { Grid, lanesOf };
