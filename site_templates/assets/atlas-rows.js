/* The rows of the site's CSV, one script per municipality (resources/m-<code>.js, written by
   generator/render/exports.py rows_data): loaded with <script src> (so it also works from
   file://), for the マイリスト page and for 「CSV/GeoJSON で保存」 on district and
   municipality pages. CSV and GeoJSON are made here as the site's files are (exports.py):
   the same columns, formula cells neutralised as generator/model/csvcells.py does. ES5. */
(function () {
  "use strict";
  var loaded = {};

  // the rows of one municipality as objects (column → text), in the CSV's order
  function rows(code) {
    var data = (window.ATLAS_ROWS || {})[code];
    if (!data) { return []; }
    var own = data.k.filter(function (c) { return data.dk.indexOf(c) === -1; });
    return data.r.map(function (values) {
      var district = data.d[values[0]], row = {};
      data.k.forEach(function (c) {
        var at = data.dk.indexOf(c);
        row[c] = at !== -1 ? district[at] : values[1 + own.indexOf(c)];
      });
      return row;
    });
  }

  // load the scripts of these municipalities (6-digit codes) from `base` (the site's root,
  // relative to this page), then call done() once all have arrived (or failed)
  var pending = {};  // code → callbacks waiting for its script
  function load(codes, base, done) {
    var waiting = 1;
    function one() { waiting--; if (!waiting) { done(); } }
    codes.forEach(function (code) {
      if (!/^\d{6}$/.test(code) || (window.ATLAS_ROWS || {})[code] || loaded[code] === "done") { return; }
      waiting++;
      if (pending[code]) { pending[code].push(one); return; }
      pending[code] = [one];
      var script = document.createElement("script");
      script.src = base + "resources/m-" + code + ".js";
      script.onload = script.onerror = function () {
        loaded[code] = "done";
        var callbacks = pending[code];
        delete pending[code];
        callbacks.forEach(function (f) { f(); });
      };
      document.body.appendChild(script);
    });
    one();
  }
  function ready(code) { return !!(window.ATLAS_ROWS || {})[code]; }

  var TRIGGER = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
  function neutralise(v) {
    return (TRIGGER.test(v) || (v.charAt(0) === "'" && TRIGGER.test(v.replace(/^'+/, "")))) ? "'" + v : v;
  }
  function csvCell(v) {
    v = neutralise(v === null || v === undefined ? "" : String(v));
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function columns(code) { return ((window.ATLAS_ROWS || {})[code] || {}).k || []; }

  // UTF-8 BOM and CRLF, as the site's CSV files (Excel on Japanese Windows)
  function csv(list, cols) {
    var lines = [cols.map(csvCell).join(",")];
    list.forEach(function (row) { lines.push(cols.map(function (c) { return csvCell(row[c]); }).join(",")); });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  // RFC 7946: [longitude, latitude]; no geometry where the CSV has no coordinates
  function geojson(list) {
    var features = list.map(function (row) {
      var props = {};
      for (var k in row) { if (k !== "緯度" && k !== "経度") { props[k] = row[k]; } }
      var lat = row["緯度"], lon = row["経度"];
      return { type: "Feature", id: row.ID, properties: props,
               geometry: lat && lon ? { type: "Point", coordinates: [Number(lon), Number(lat)] } : null };
    });
    return JSON.stringify({ type: "FeatureCollection", features: features }, null, 1);
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

  // save `list` (rows of municipality `code`) as CSV or GeoJSON
  function download(kind, code, list, name) {
    if (kind === "csv") { save(csv(list, columns(code)), name + ".csv", "text/csv;charset=utf-8"); }
    else { save(geojson(list), name + ".geojson", "application/geo+json"); }
  }

  window.AtlasRows = { load: load, ready: ready, rows: rows, csv: csv, geojson: geojson, columns: columns, download: download };

  // buttons `data-rows-save="csv|geojson"` with data-municipality: all of its rows
  var buttons = document.querySelectorAll("button[data-rows-save]");
  if (!buttons.length || !window.Blob || !window.URL) { return; }
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (e) {
      var b = e.currentTarget, code = b.getAttribute("data-municipality");
      function go() { download(b.getAttribute("data-rows-save"), code, rows(code), "m-" + code); }
      if (ready(code)) { go(); } else { load([code], b.getAttribute("data-base") || "", go); }
    });
    // fetched when the button comes near, so the download runs at the click itself
    var near = function (e) {
      var b = e.currentTarget;
      load([b.getAttribute("data-municipality")], b.getAttribute("data-base") || "", function () {});
    };
    buttons[i].addEventListener("mouseover", near);
    buttons[i].addEventListener("focus", near);
    buttons[i].addEventListener("touchstart", near);
    var bar = buttons[i].parentNode;
    if (bar.hidden) { bar.hidden = false; }
  }
})();
