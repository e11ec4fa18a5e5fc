/* Entry of assets/worker.js: the site as an app on a phone (generator/render/webapp.py) —
   registers the service worker at the site's root. overrides/main.html loads it in a build
   only (never in a preview, never on the 404 page) with the page's path to the site's root
   in data-atlas-root ("../../"), so the worker's scope is the site wherever it is served.
   Only over http(s) (never from file://) and not on this computer's own address. A file of
   the site rather than an inline script, so that 12,000 pages do not each carry it. */
var script = document.currentScript;
var root = script ? script.getAttribute("data-atlas-root") : null;

function usable() {
  var scheme = window.location.protocol;
  if (root === null || !/^(\.\.\/)*(\.\/)?$/.test(root)) { return false; }  // a relative path up, nothing else
  if ((scheme !== "http:" && scheme !== "https:") || !("serviceWorker" in navigator)) { return false; }
  // not on this computer's own address (a local server, the tests' browsers: a kept page
  // would hide the next build) unless a test asks for it (tests/test_webapp.py)
  var host = window.location.hostname;
  return !((host === "localhost" || host === "127.0.0.1" || host === "[::1]") && window.ATLAS_WORKER_ON_LOOPBACK !== true);
}

// kept as well (sw.js, "message"; what is kept already is skipped there): this page and
// what it loaded, which may have come before the worker took over (a first visit), and
// the rows of the municipality it shows, which マイリスト reads its entries' details from
function keep(registration) {
  var urls = [window.location.href], shown = document.querySelectorAll("[data-municipality]"), codes = {}, i;
  for (i = 0; i < shown.length; i++) {  // a district's or municipality's page: one municipality
    var code = shown[i].getAttribute("data-municipality");
    if (/^[0-9]{6}$/.test(code) && !codes[code] && urls.length < 4) {
      codes[code] = true;
      urls.push(root + "resources/m-" + code + ".js");
    }
  }
  var loaded = window.performance && performance.getEntriesByType ? performance.getEntriesByType("resource") : [];
  for (i = 0; i < loaded.length; i++) { urls.push(loaded[i].name); }
  for (i = 0; i < urls.length; i++) {  // absolute: the worker reads them from its own address
    var link = document.createElement("a");
    link.href = urls[i];
    urls[i] = link.href;
  }
  registration.active.postMessage({atlasKeep: urls});
}

if (usable()) {
  navigator.serviceWorker.register(root + "sw.js", {scope: root})["catch"](function () {});
  window.addEventListener("load", function () { navigator.serviceWorker.ready.then(keep); });
}
