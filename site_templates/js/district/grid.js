/* The worksheet's grid of a district, from its record: rows = categories, columns = target
   states, each resource in the lanes of its runs of states — the same rows, lanes and gaps as
   generator/render/worksheet.py and _district_grid.j2 — and the cases tied to a cell
   (GapLinks.cases_for). Pure. */

// Python sorts strings by code point; JavaScript by UTF-16 unit: the same order once
// surrogates (U+D800–DFFF) are moved above U+E000–FFFF
function unit(s, i) {
  var c = s.charCodeAt(i);
  return c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
function byCodePoint(a, b) {
  for (var i = 0; i < a.length && i < b.length; i++) {
    var d = unit(a, i) - unit(b, i);
    if (d) { return d; }
  }
  return a.length - b.length;
}

/** One row a category ([id, label, …] of `categories`): {term, spans: {"a/b": {start, end,
    entries: [{res, states}]}}, order: the spans' keys as first met, covered: {column: true}}. */
function gridRows(record, categories, states) {
  var resources = (record.resources || []).map(function (res, index) { return { r: res, i: index }; });
  resources.sort(function (a, b) { return byCodePoint(a.r.name, b.r.name) || a.i - b.i; });

  var position = {}, rowsById = {};
  var grid = categories.map(function (c) { var row = { term: c, spans: {}, order: [], covered: {} }; rowsById[c[0]] = row; return row; });
  states.forEach(function (s, i) { position[s[0]] = i; });
  resources.forEach(function (item) {
    var res = item.r, row = rowsById[res.category];
    if (!row) { return; }
    var cols = [];
    (res.target_states || []).forEach(function (s) { if (position[s] !== undefined && cols.indexOf(position[s]) === -1) { cols.push(position[s]); } });
    cols.sort(function (a, b) { return a - b; });
    var runs = [];  // contiguous column runs, end exclusive (worksheet._runs)
    cols.forEach(function (c) {
      if (runs.length && runs[runs.length - 1][1] === c) { runs[runs.length - 1][1] = c + 1; } else { runs.push([c, c + 1]); }
    });
    var byId = {};
    states.forEach(function (s) { byId[s[0]] = s; });
    var ordered = (res.target_states || []).filter(function (s) { return byId[s]; }).map(function (s) { return byId[s]; });
    runs.forEach(function (run) {
      var key = run[0] + 1 + "/" + (run[1] + 1);
      if (!row.spans[key]) { row.spans[key] = { start: run[0] + 1, end: run[1] + 1, entries: [] }; row.order.push(key); }
      row.spans[key].entries.push({ res: res, states: ordered });
      for (var c = run[0]; c < run[1]; c++) { row.covered[c] = true; }
    });
  });
  return grid;
}

// lanes: narrowest span first, then by position (GridRow.lanes)
function lanes(row) {
  var out = row.order.map(function (k) { return row.spans[k]; });
  out.sort(function (a, b) { return (a.end - a.start) - (b.end - b.start) || a.start - b.start || a.end - b.end; });
  return out;
}

// the cases tied to a cell: to its row with no states, or with this state (GapLinks.cases_for)
function casesFor(gapRows, gapCases, category, state) {
  var out = [];
  (Object.prototype.hasOwnProperty.call(gapRows, category) ? gapRows[category] : []).forEach(function (tie) {
    var c = gapCases[tie[0]];
    if (c && (!tie[1].length || tie[1].indexOf(state) !== -1) && out.indexOf(c) === -1) { out.push(c); }
  });
  return out;
}
// the same, each case with the source of the fact its first tie to the cell rests on
function tiesFor(gapRows, gapCases, category, state) {
  var out = [], seen = [];
  (Object.prototype.hasOwnProperty.call(gapRows, category) ? gapRows[category] : []).forEach(function (tie) {
    var c = gapCases[tie[0]];
    if (c && (!tie[1].length || tie[1].indexOf(state) !== -1) && seen.indexOf(c) === -1) {
      seen.push(c);
      out.push([c, typeof tie[2] === "string" ? tie[2] : ""]);
    }
  });
  return out;
}

export { byCodePoint, casesFor, gridRows, lanes, tiesFor };
