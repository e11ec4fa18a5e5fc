/* The front door's data files (place names, municipality boxes, points files), each asked for
   by path from the site's root: the address through atlas-url.js, one <script> per path at a
   time (load-script.js), every caller that asked while it loads called when it has loaded or
   failed. Callers check first whether its data is already there (a file that failed is asked
   for again next time). */
import { loadScript } from "../load-script.js";

var loading = {};

// load the site's script at `path` (from the site's root `base`), then done()
function loadOnce(path, base, done) {
  if (loading[path]) { loading[path].push(done); return; }
  loading[path] = [done];
  var src = window.AtlasUrl.href(path, base);
  function loaded() { var w = loading[path]; delete loading[path]; w.forEach(function (f) { f(); }); }
  if (!src) { loaded(); return; }
  loadScript(src, loaded, document.body);
}

// each of `paths`, then done() once all have loaded or failed
function loadAll(paths, base, done) {
  var waiting = 1;
  function one() { if (--waiting === 0) { done(); } }
  paths.forEach(function (path) { waiting++; loadOnce(path, base, one); });
  one();
}

export { loadAll, loadOnce };
