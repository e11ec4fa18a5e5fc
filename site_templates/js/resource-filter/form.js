/* The district resource list's filter form, made here (it only works with scripts):
   資源の種類 (those on the page), 対象, 曜日, 時間帯, 「今日開いている」, a status line and the
   bar 「表示中の資源を保存：CSV GeoJSON」 (hidden until saving can work). Labels come from
   the page's map data (#atlas-map-data). */
import { el } from "../dom.js";

var WEEK = [["MO", "月"], ["TU", "火"], ["WE", "水"], ["TH", "木"], ["FR", "金"], ["SA", "土"], ["SU", "日"]];  // schedule.DAY_LABELS

function select(label, name, options) {
  var s = el("select", { name: name }, [el("option", { value: "", text: "すべて" })]);
  options.forEach(function (o) { s.appendChild(el("option", { value: o[0], text: o[1] })); });
  return el("label", {}, [label, s]);
}

/** {form, status, saveBar}, appended to `tools`; `rows`: the page's resource rows. */
function filterForm(tools, rows) {
  var labels = {};
  try { labels = JSON.parse(document.getElementById("atlas-map-data").textContent); } catch (e) { labels = { c: [], s: [] }; }
  var present = {};
  for (var g = 0; g < rows.length; g++) { present[rows[g].parentNode.querySelector("h3").id.replace(/^cat-/, "")] = true; }
  var form = el("form", { id: "atlas-resource-filter", "class": "atlas-filters" });
  form.appendChild(select("資源の種類", "category", labels.c.filter(function (c) { return present[c[0]]; })));
  form.appendChild(select("対象", "state", labels.s));
  form.appendChild(select("曜日", "day", WEEK.map(function (d) { return [d[0], d[1] + "曜"]; })));
  form.appendChild(select("時間帯", "time", [["am", "午前"], ["pm", "午後"]]));
  form.appendChild(el("label", { "class": "atlas-filter-check" },
                      [el("input", { type: "checkbox", name: "today" }), " 今日開いている"]));
  form.appendChild(el("button", { type: "reset", text: "条件をはずす" }));
  var status = el("p", { id: "atlas-resource-status", "class": "atlas-filter-status", role: "status", "aria-live": "polite" });
  var saveBar = el("p", { "class": "atlas-download-filtered" }, ["表示中の資源を保存：",
    el("button", { type: "button", "data-download": "csv", text: "CSV" }), " ",
    el("button", { type: "button", "data-download": "geojson", text: "GeoJSON" })]);
  saveBar.hidden = true;
  tools.appendChild(form);
  tools.appendChild(status);
  tools.appendChild(saveBar);
  return { form: form, status: status, saveBar: saveBar };
}

export { filterForm };
