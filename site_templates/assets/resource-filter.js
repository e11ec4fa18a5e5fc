/* District resource list: filter by category, target state, weekday, morning/afternoon and
   「今日開いている」, and save exactly the resources shown as CSV or GeoJSON.
   Schedules follow generator/schedule.py (RFC 5545-like rules). ES5, textContent only. */
(function () {
  "use strict";
  var form = document.getElementById("atlas-resource-filter");
  var status = document.getElementById("atlas-resource-status");
  if (!form) { return; }
  var rows = document.querySelectorAll("tr.atlas-resource");
  var DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];  // index = Date.getDay()

  function rulesOf(row) {
    try { return JSON.parse(row.getAttribute("data-rules") || "[]"); } catch (e) { return []; }
  }
  function nthOfMonth(date) {
    var last = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
    return { n: Math.floor((date.getDate() - 1) / 7) + 1, last: date.getDate() + 7 > last };
  }
  function ruleOpenOn(rule, date) {
    if (rule.byday.indexOf(DAYS[date.getDay()]) === -1) { return false; }
    if (rule.freq === "weekly" || !rule.bysetpos || !rule.bysetpos.length) { return true; }
    var nth = nthOfMonth(date);
    return rule.bysetpos.indexOf(nth.n) !== -1 || (nth.last && rule.bysetpos.indexOf(-1) !== -1);
  }
  function inTime(rule, time) {
    if (!rule.opens) { return false; }
    if (time === "am") { return rule.opens < "12:00"; }
    return (rule.closes || rule.opens) > "12:00";
  }
  function matches(row, f) {
    if (f.category && row.getAttribute("data-category") !== f.category) { return false; }
    if (f.state && (" " + row.getAttribute("data-states") + " ").indexOf(" " + f.state + " ") === -1) { return false; }
    if (!f.day && !f.time && !f.today) { return true; }
    var rules = rulesOf(row), today = new Date();
    for (var i = 0; i < rules.length; i++) {
      var r = rules[i];
      if (f.day && r.byday.indexOf(f.day) === -1) { continue; }
      if (f.time && !inTime(r, f.time)) { continue; }
      if (f.today && !ruleOpenOn(r, today)) { continue; }
      return true;
    }
    return false;
  }
  function current() {
    return { category: form.category.value, state: form.state.value, day: form.day.value,
             time: form.time.value, today: form.today.checked };
  }
  function apply() {
    var f = current(), shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = matches(rows[i], f);
      rows[i].hidden = !ok;
      if (ok) { shown++; }
    }
    // hide category tables that have nothing left to show
    var tables = document.querySelectorAll("table.atlas-resources");
    for (var t = 0; t < tables.length; t++) {
      var visible = tables[t].querySelectorAll("tr.atlas-resource:not([hidden])").length;
      tables[t].hidden = visible === 0;
      var heading = tables[t].previousElementSibling;
      if (heading && heading.tagName === "H3") { heading.hidden = visible === 0; }
    }
    status.textContent = "表示中 " + shown + " / " + rows.length + " 件";
  }

  // --- save what is shown -------------------------------------------------
  var exportData = {};
  var exportEl = document.getElementById("atlas-export");
  try { exportData = JSON.parse(exportEl.textContent); } catch (e) { exportData = {}; }
  var name = exportEl ? exportEl.getAttribute("data-name") : "resources";
  var prefix = name + "/";
  function shownIds() {
    var ids = [];
    for (var i = 0; i < rows.length; i++) {
      if (!rows[i].hidden) { ids.push(prefix + rows[i].id.replace(/^r-/, "")); }
    }
    return ids;
  }
  // a cell a spreadsheet would run as a formula gets an apostrophe, as generator/csvcells.py does
  var FORMULA = /^'*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
  function neutralise(v) {
    return (/^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(v) || (v.charAt(0) === "'" && FORMULA.test(v))) ? "'" + v : v;
  }
  function csvCell(v) {
    v = neutralise(v === null || v === undefined ? "" : String(v));
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function save(text, filename, type) {
    var blob = new Blob([text], { type: type });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 0);
  }
  function download(kind) {
    var ids = shownIds().filter(function (id) { return exportData[id]; });
    if (kind === "csv") {
      var columns = ids.length ? Object.keys(exportData[ids[0]].row) : [];
      var lines = [columns.map(csvCell).join(",")];
      ids.forEach(function (id) {
        var row = exportData[id].row;
        lines.push(columns.map(function (c) { return csvCell(row[c]); }).join(","));
      });
      save("\ufeff" + lines.join("\r\n") + "\r\n", name + "-filtered.csv", "text/csv;charset=utf-8");
    } else {
      var features = ids.map(function (id) {
        var e = exportData[id], props = {};
        for (var k in e.row) { if (k !== "緯度" && k !== "経度") { props[k] = e.row[k]; } }
        return { type: "Feature", id: id, properties: props,
                 geometry: e.point ? { type: "Point", coordinates: [e.point[1], e.point[0]] } : null };
      });
      save(JSON.stringify({ type: "FeatureCollection", features: features }, null, 1),
           name + "-filtered.geojson", "application/geo+json");
    }
  }
  var buttons = document.querySelectorAll("button[data-download]");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].addEventListener("click", function (e) { download(e.currentTarget.getAttribute("data-download")); });
  }

  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.hidden = false;
  var saveBar = document.querySelector(".atlas-download-filtered");
  if (saveBar && window.Blob && window.URL) { saveBar.hidden = false; }
  apply();
})();
