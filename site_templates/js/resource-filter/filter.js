/* District resource list: filter by category, target state, weekday, morning/afternoon and
   「今日開いている」, and save exactly the resources shown as CSV or GeoJSON (rows from the
   municipality's rows script, atlas-rows.js: window.AtlasRows). Categories, states and
   schedule rules come from the page's record (#atlas-record); schedules follow
   generator/model/schedule.py (RFC 5545-like rules) through atlas-filter.js
   (window.AtlasFilter), which the page loads first (the maps use it too). */
import { filterForm } from "./form.js";

function start() {
  var tools = document.getElementById("atlas-resource-tools");
  if (!tools) { return; }
  var rows = document.querySelectorAll("tr.atlas-resource");
  var made = filterForm(tools, rows), form = made.form, status = made.status, saveBar = made.saveBar;

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
    var AtlasRows = window.AtlasRows;
    function go() {
      var byRowId = {};
      AtlasRows.rows(municipality).forEach(function (row) { byRowId[row.ID] = row; });
      var shown = shownIds().filter(function (id) { return byRowId[id]; }).map(function (id) { return byRowId[id]; });
      AtlasRows.download(kind, municipality, shown, district + "-filtered");
    }
    if (AtlasRows.ready(municipality)) { go(); } else { AtlasRows.load([municipality], "../../", go); }
  }
  // the rows are fetched when a save button comes near (the download then runs at the click)
  function preload() { window.AtlasRows.load([municipality], "../../", function () {}); }
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
}

export { start };
