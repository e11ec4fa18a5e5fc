/* Chiiki Atlas service worker (written into the site as sw.js by generator/render/webapp.py,
   which fills in the __ATLAS_…__ values). It keeps what a resident opened so that it opens
   again with no network; it is not an ES5 site script (only browsers with ES2015 run service
   workers), but it keeps to ES5 syntax all the same.

   - install: store the shell (home, マイリスト, 404, the offline page, the CSS/JS they load),
     under a cache named by this build's VERSION; the new worker takes over at once.
   - activate: delete this site's shells of other versions (the pages kept stay).
   - fetch: only GET requests for this site's own files (inside the scope, not NEVER):
     shell files but pages come from the shell (they change only with VERSION); everything
     else (pages, the municipality's place files, map points, search shards) from the
     network first, a copy kept; with no network, the copy, and for a page never kept, the
     offline page. Other origins (map tiles) and other paths are left to the browser. */
"use strict";

var VERSION = __ATLAS_VERSION__;
var SHELL = __ATLAS_SHELL__;
var NEVER = __ATLAS_NEVER__;
var OFFLINE = __ATLAS_OFFLINE__;
var KEEP_AT_MOST = 400;  // pages and data files kept (the oldest go first)

var SCOPE = self.registration.scope;
// one origin may hold several sites (GitHub Pages project sites): names carry the scope
var PREFIX = "chiiki-atlas " + SCOPE + " ";
var SHELL_CACHE = PREFIX + "shell " + VERSION;
var KEPT_CACHE = PREFIX + "kept";

var inShell = {};
SHELL.forEach(function (path) { inShell[SCOPE + path] = true; });

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

function fromNetwork(event, key) {
  var request = event.request;
  return fetch(request).then(function (response) {
    // a plain 200 of this origin only: no error page, no redirect (a page served after a
    // redirect cannot answer a navigation later), no opaque or partial answer
    if (response.status === 200 && response.type === "basic" && !response.redirected) {
      event.waitUntil(keep(key, response.clone()));
    }
    return response;
  }, function () {
    return kept(key).then(function (hit) {
      if (hit) { return hit; }
      if (request.mode === "navigate") {
        return caches.open(SHELL_CACHE).then(function (cache) { return cache.match(SCOPE + OFFLINE); })
          .then(function (page) { return page || Response.error(); });
      }
      return Response.error();
    });
  });
}

// The first page of a first visit, and what it loaded, came before this worker: that page
// sends their addresses once the worker is active (main.html), and they are kept as well.
// Only this site's own files are (sitePath), each fetched again from the network here.
self.addEventListener("message", function (event) {
  var urls = event.data && event.data.atlasKeep;
  if (!Array.isArray(urls)) { return; }
  event.waitUntil(Promise.all(urls.slice(0, 200).map(function (url) {
    var path = typeof url === "string" ? sitePath(url) : null;
    if (path === null) { return null; }
    var key = keyOf(path);
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
  var key = keyOf(path);
  if (inShell[key] && request.mode !== "navigate") {
    event.respondWith(caches.open(SHELL_CACHE).then(function (cache) { return cache.match(key); })
      .then(function (hit) { return hit || fromNetwork(event, key); }));
    return;
  }
  event.respondWith(fromNetwork(event, key));
});
