/* Loading the site's data files as <script>s (so that file:// works too, where a page may not
   fetch): each path once at a time, its waiters called when it has loaded or failed. */

var loading = {};

// Load the site's script at `path` (from the site's root `base`, through atlas-url.js) and call
// done() once it has loaded or failed; callers asking while it loads wait for the same script.
// Callers check first whether its data is already there (a script that failed is asked for
// again next time).
function loadScript(path, base, done) {
  if (loading[path]) { loading[path].push(done); return; }
  loading[path] = [done];
  var s = document.createElement("script"), src = window.AtlasUrl.href(path, base);
  s.onload = s.onerror = function () { var w = loading[path]; delete loading[path]; w.forEach(function (f) { f(); }); };
  if (!src) { s.onload(); return; }
  s.src = src;
  document.body.appendChild(s);
}

// each of `paths`, then done() once all have loaded or failed
function loadScripts(paths, base, done) {
  var waiting = 1;
  function one() { if (--waiting === 0) { done(); } }
  paths.forEach(function (path) { waiting++; loadScript(path, base, one); });
  one();
}

export { loadScript, loadScripts };
