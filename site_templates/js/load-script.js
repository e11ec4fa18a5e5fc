/* The one script loader of the bundled scripts: a <script src> (not fetch, so that it works
   from file:// too), `done(ok)` once it has run or failed. Data files of the site
   (resources/m-<code>.js, points files, resources/districts.js) arrive this way. */

/** Appends a script for `url` to `parent` (document.head unless given). */
function loadScript(url, done, parent) {
  var script = document.createElement("script");
  script.src = url;
  script.onload = function () { done(true); };
  script.onerror = function () { done(false); };
  (parent || document.head).appendChild(script);
}

export { loadScript };
