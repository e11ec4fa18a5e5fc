/* District resource list: filter by category, target state, weekday, morning/afternoon and
   「今日開いている」, and save exactly the resources shown as CSV or GeoJSON (rows from the
   municipality's rows script, atlas-rows.js). The form is made here (it only works with
   scripts); categories, states and schedule rules come from the page's record
   (#atlas-record), labels from #atlas-map-data; schedules follow generator/model/schedule.py
   (RFC 5545-like rules) through atlas-filter.js, which the page loads first (the maps use
   it too). ES5, textContent only. */
(function () {
  "use strict";
  var tools = document.getElementById("atlas-resource-tools");
  if (!tools) { return; }
  var rows = document.querySelectorAll("tr.atlas-resource");
  var WEEK = [["MO", "月"], ["TU", "火"], ["WE", "水"], ["TH", "木"], ["FR", "金"], ["SA", "土"], ["SU", "日"]];  // schedule.DAY_LABELS

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var a in attrs) { e.setAttribute(a, attrs[a]); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function select(label, name, options) {
    var box = el("label", {}, label), s = el("select", { name: name });
    s.appendChild(el("option", { value: "" }, "すべて"));
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0] }, o[1])); });
    box.appendChild(s);
    return box;
  }
  var labels = {};
  try { labels = JSON.parse(document.getElementById("atlas-map-data").textContent); } catch (e) { labels = { c: [], s: [] }; }
  var present = {};
  for (var g = 0; g < rows.length; g++) { present[rows[g].parentNode.querySelector("h3").id.replace(/^cat-/, "")] = true; }
  var form = el("form", { id: "atlas-resource-filter", "class": "atlas-filters" });
  form.appendChild(select("資源の種類", "category", labels.c.filter(function (c) { return present[c[0]]; })));
  form.appendChild(select("対象", "state", labels.s));
  form.appendChild(select("曜日", "day", WEEK.map(function (d) { return [d[0], d[1] + "曜"]; })));
  form.appendChild(select("時間帯", "time", [["am", "午前"], ["pm", "午後"]]));
  var today = el("label", { "class": "atlas-filter-check" });
  today.appendChild(el("input", { type: "checkbox", name: "today" }));
  today.appendChild(document.createTextNode(" 今日開いている"));
  form.appendChild(today);
  form.appendChild(el("button", { type: "reset" }, "条件をはずす"));
  var status = el("p", { id: "atlas-resource-status", "class": "atlas-filter-status", role: "status", "aria-live": "polite" });
  var saveBar = el("p", { "class": "atlas-download-filtered" }, "表示中の資源を保存：");
  saveBar.appendChild(el("button", { type: "button", "data-download": "csv" }, "CSV"));
  saveBar.appendChild(document.createTextNode(" "));
  saveBar.appendChild(el("button", { type: "button", "data-download": "geojson" }, "GeoJSON"));
  saveBar.hidden = true;
  tools.appendChild(form);
  tools.appendChild(status);
  tools.appendChild(saveBar);

  var page = document.querySelector(".atlas-district");
  var district = page ? page.getAttribute("data-district") : "";
  var municipality = page ? page.getAttribute("data-municipality") : "";
  var byId = {};  // resource id → its record (category, target_states, schedule)
  try {
    var record = JSON.parse(document.getElementById("atlas-record").textContent);
    for (var k = 0; k < record.resources.length; k++) { byId[record.resources[k].id] = record.resources[k]; }
  } catch (e) { byId = {}; }
  function resourceOf(row) { return byId[row.id.replace(/^r-/, "")] || {}; }
  function rulesOf(row) {
    var r = resourceOf(row);
    return (r.schedule && r.schedule.rules) || [];
  }
  // category and target state here; the schedule part is shared with the maps (atlas-filter.js)
  function matches(row, f, today) {
    var r = resourceOf(row);
    if (f.category && r.category !== f.category) { return false; }
    if (f.state && (r.target_states || []).indexOf(f.state) === -1) { return false; }
    return !window.AtlasFilter.active(f) || window.AtlasFilter.scheduleMatches(rulesOf(row), f, today);
  }
  function current() {
    return { category: form.category.value, state: form.state.value, day: form.day.value,
             time: form.time.value, today: form.today.checked };
  }
  function apply() {
    var f = current(), shown = 0, today = new Date();
    for (var i = 0; i < rows.length; i++) {
      var ok = matches(rows[i], f, today);
      rows[i].hidden = !ok;
      if (ok) { shown++; }
    }
    // hide the categories that have nothing left to show
    var groups = document.querySelectorAll("tbody.atlas-resource-group");
    for (var t = 0; t < groups.length; t++) {
      groups[t].hidden = groups[t].querySelectorAll("tr.atlas-resource:not([hidden])").length === 0;
    }
    status.textContent = "表示中 " + shown + " / " + rows.length + " 件";
  }

  // --- save what is shown -------------------------------------------------
  function shownIds() {
    var ids = [];
    for (var i = 0; i < rows.length; i++) {
      if (!rows[i].hidden) { ids.push(district + "/" + rows[i].id.replace(/^r-/, "")); }
    }
    return ids;
  }
  function download(kind) {
    function go() {
      var byRowId = {};
      AtlasRows.rows(municipality).forEach(function (row) { byRowId[row.ID] = row; });
      var shown = shownIds().filter(function (id) { return byRowId[id]; }).map(function (id) { return byRowId[id]; });
      AtlasRows.download(kind, municipality, shown, district + "-filtered");
    }
    if (AtlasRows.ready(municipality)) { go(); } else { AtlasRows.load([municipality], "../../", go); }
  }
  // the rows are fetched when a save button comes near (the download then runs at the click)
  function preload() { AtlasRows.load([municipality], "../../", function () {}); }
  var buttons = document.querySelectorAll("button[data-download]");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].addEventListener("click", function (e) { download(e.currentTarget.getAttribute("data-download")); });
  }

  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  if (window.Blob && window.URL && window.AtlasRows) {
    saveBar.hidden = false;
    saveBar.addEventListener("mouseover", preload);
    saveBar.addEventListener("focusin", preload);
    saveBar.addEventListener("touchstart", preload);
  }
  apply();
})();
