/* The rows scripts of the site's CSV (resources/m-<code>.js, written by
   generator/render/exports.py rows_data): each puts window.ATLAS_ROWS[code]. Loaded with
   <script src> (so it also works from file://); the rows read back as objects. */
import { loadScript } from "../load-script.js";

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
    loadScript(base + "resources/m-" + code + ".js", function () {
      loaded[code] = "done";
      var callbacks = pending[code];
      delete pending[code];
      callbacks.forEach(function (f) { f(); });
    }, document.body);
  });
  one();
}
function ready(code) { return !!(window.ATLAS_ROWS || {})[code]; }

function columns(code) { return ((window.ATLAS_ROWS || {})[code] || {}).k || []; }

export { columns, load, ready, rows };
