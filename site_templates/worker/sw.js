/* Chiiki Atlas service worker (written into the site as sw.js by generator/render/webapp.py,
   which fills in the __ATLAS_…__ values). It keeps what a resident opened so that it opens
   again with no network; it is not an ES5 site script (only browsers with ES2015 run service
   workers), but it keeps to ES5 syntax all the same.

   - install: store the shell (home, マイリスト, 404, the offline page, the CSS/JS they load),
     under a cache named by this build's VERSION; the new worker takes over at once.
   - activate: delete this site's shells of other versions (the pages kept stay).
   - fetch: only GET requests for this site's own files (inside the scope, not NEVER), all
     from the network first (pages, the municipality's place files, map points, search shards,
     CSS/JS alike: a page never meets a script of another build while online), a copy kept;
     with no network, the copy, and for a page never kept, the offline page. Other origins
     (map tiles) and other paths are left to the browser. */
"use strict";

var VERSION = __ATLAS_VERSION__;
var SHELL = __ATLAS_SHELL__;
var NEVER = __ATLAS_NEVER__;
var OFFLINE = __ATLAS_OFFLINE__;
var KEEP_AT_MOST = 400;  // pages and data files kept (the oldest go first)
var SLOW = 6000;  // ms (a phone in a hall with one bar of signal)

var SCOPE = self.registration.scope;
// one origin may hold several sites (GitHub Pages project sites): names carry the scope
var PREFIX = "chiiki-atlas " + SCOPE + " ";
var SHELL_CACHE = PREFIX + "shell " + VERSION;
var KEPT_CACHE = PREFIX + "kept";

// the site-relative path of a URL of this site, or null (another origin, outside the scope)
function sitePath(url) {
  if (url.indexOf(SCOPE) !== 0) { return null; }
  var path = url.slice(SCOPE.length).split("#")[0].split("?")[0];
  for (var i = 0; i < NEVER.length; i++) {
    if (path.indexOf(NEVER[i]) === 0) { return null; }
  }
  return path;
}

// one key per file: a folder is its index.html (pages link to both), no query (?q=…)
function keyOf(path) {
  return SCOPE + (path === "" || path.charAt(path.length - 1) === "/" ? path + "index.html" : path);
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(SHELL.map(function (path) { return new Request(SCOPE + path, {cache: "reload"}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX + "shell ") === 0 && name !== SHELL_CACHE;
    }).map(function (name) { return caches["delete"](name); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(key) {
  return caches.open(KEPT_CACHE).then(function (cache) { return cache.match(key); }).then(function (hit) {
    return hit || caches.open(SHELL_CACHE).then(function (cache) { return cache.match(key); });
  });
}

function keep(key, response) {
  return caches.open(KEPT_CACHE).then(function (cache) {
    return cache["delete"](key).then(function () { return cache.put(key, response); }).then(function () {
      return cache.keys();
    }).then(function (keys) {  // in the order put: the least recently fetched first
      return Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP_AT_MOST)).map(function (old) {
        return cache["delete"](old);
      }));
    });
  });
}

// from the network, keeping a copy of a plain 200 of this origin (no error page, no redirect:
// a page served after a redirect cannot answer a navigation later); the copy when the network
// fails, or when it is slower than SLOW and a copy is kept (the network's answer still
// replaces the copy); for a page never kept, the offline page
function answer(event, key) {
  var request = event.request;
  var fetched = fetch(request);
  event.waitUntil(fetched.then(function (response) {  // first: it copies before the page reads
    if (response.status === 200 && response.type === "basic" && !response.redirected) {
      return keep(key, response.clone());
    }
    return null;
  })["catch"](function () { return null; }));
  return new Promise(function (resolve) {
    var settled = false;
    function settle(response) {
      if (!settled) { settled = true; resolve(response); }
    }
    var slow = setTimeout(function () {
      kept(key).then(function (hit) { if (hit) { settle(hit); } });
    }, SLOW);
    fetched.then(function (response) { clearTimeout(slow); settle(response); }, function () {
      clearTimeout(slow);
      kept(key).then(function (hit) {
        if (hit || request.mode !== "navigate") { return hit || Response.error(); }
        return kept(SCOPE + OFFLINE).then(function (page) { return page || Response.error(); });
      }).then(settle, function () { settle(Response.error()); });
    });
  });
}

// A page sends what it loaded (main.html): on a first visit, that came before this worker
// took over, and is kept now if not kept yet. Only this site's own files are (sitePath),
// each fetched again from the network here.
self.addEventListener("message", function (event) {
  var urls = event.data && event.data.atlasKeep;
  if (!Array.isArray(urls)) { return; }
  var seen = {};
  event.waitUntil(Promise.all(urls.slice(0, 200).map(function (url) {
    var path = typeof url === "string" ? sitePath(url) : null;
    if (path === null || seen[keyOf(path)]) { return null; }
    var key = keyOf(path);
    seen[key] = true;
    return kept(key).then(function (hit) {
      if (hit) { return null; }
      return fetch(key).then(function (response) {
        if (response.status === 200 && response.type === "basic" && !response.redirected) {
          return keep(key, response);
        }
        return null;
      });
    })["catch"](function () { return null; });
  })));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) { return; }
  var path = sitePath(request.url);
  if (path === null) { return; }
  event.respondWith(answer(event, keyOf(path)));
});
