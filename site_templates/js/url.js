/* The one gate for addresses that reach a page from outside its own code: the URL (the 404
   page's path, the editor's ?edit=&data=, search's ?q=, the catalog's filters) and this
   browser's storage (マイリスト, editor drafts: on GitHub Pages every project site of one user
   shares one origin and so one localStorage). Nothing of that is navigated to, linked or
   loaded unless it is a plain relative path of the site:
     - segments of letters, digits and - . _ ~ only, none empty, none "." or "..", none
       starting with "." (so no scheme, no "//", no backslash, no "@", no space or control
       character, no "%": an encoded "." or "/" never gets through, no look-alike letter);
     - at most a #fragment of the same characters (no query);
     - resolved against the site's root (relative "../" steps, or the 404 page's absolute
       base path), the address stays under that root: the page's origin, and on file://
       the site's folder.
   Also here: the file:// rewrite of folder links (a folder opened from file:// shows a
   directory listing, so it gets index.html, as generator/render/offline.py does for the
   links in pages), a query-string reader that never throws, and the schema's id pattern.
   ES5 only; bundled as assets/atlas-url.js (window.AtlasUrl); the other bundles use window.AtlasUrl. */
var MAX = 2048;                                  // longer than any address of the site
var SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;
var FRAGMENT = /^[A-Za-z0-9._~-]*$/;
var ROOT = /^(?:\.\.\/)*$|^\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\/)*$/;  // "../../", or "/atlas/"
var ID = /^[a-z0-9][a-z0-9-]{0,63}$/;            // common.schema.json#/$defs/id
var own = Object.prototype.hasOwnProperty;

/** `value` when it is a plain relative path of the site (with at most a #fragment), else null. */
function clean(value) {
  if (typeof value !== "string" || !value || value.length > MAX) { return null; }
  var hash = value.indexOf("#"), path = hash === -1 ? value : value.slice(0, hash);
  if (hash !== -1 && !FRAGMENT.test(value.slice(hash + 1))) { return null; }
  var parts = path.split("/");
  for (var i = 0; i < parts.length; i++) {
    // only the last may be empty: a folder ("districts/x/")
    if (!(i === parts.length - 1 && i > 0 && parts[i] === "") && !SEGMENT.test(parts[i])) { return null; }
  }
  return value;
}

/** A folder link opened from file:// gets index.html (for links the site itself made). */
function pageUrl(u) {
  return window.location.protocol === "file:" ? u.replace(/\/(?=[?#]|$)/, "/index.html") : u;
}

function resolve(url) {
  var a = document.createElement("a");
  a.href = url;
  return { href: a.href, origin: a.protocol + "//" + a.host, protocol: a.protocol };
}

/** The href for `path` (relative to the site's root) from this page, `root` being the
    site's root seen from here ("", "../", "../../", or an absolute base path such as
    "/atlas/"); null unless `path` passes clean() and the address stays under the root. */
function href(path, root) {
  root = root === undefined || root === null ? "" : root;
  if (typeof root !== "string" || root.length > MAX || !ROOT.test(root) || clean(path) === null) { return null; }
  var here = resolve(window.location.href), base = resolve(root || "./"), url = pageUrl(root + path);
  var target = resolve(url);
  if (!/^(?:https?|file):$/.test(here.protocol) || base.origin !== here.origin || target.origin !== here.origin ||
      target.href.slice(0, base.href.length) !== base.href) { return null; }
  return url;
}

/** The query string as name → value (first of each name), decoded; a pair that does not
    decode is left out (decodeURIComponent throws on "%E0%A4%A"), nothing is inherited. */
function params(search) {
  var out = Object.create(null);
  var text = String(search === undefined ? window.location.search : search).replace(/^\?/, "");
  var pairs = text ? text.split("&") : [];
  for (var i = 0; i < pairs.length; i++) {
    var eq = pairs[i].indexOf("="), key, value;
    try {
      key = decodeURIComponent((eq === -1 ? pairs[i] : pairs[i].slice(0, eq)).replace(/\+/g, " "));
      value = eq === -1 ? "" : decodeURIComponent(pairs[i].slice(eq + 1).replace(/\+/g, " "));
    } catch (err) { continue; }
    if (!own.call(out, key)) { out[key] = value; }
  }
  return out;
}

/** Whether `value` is an id as the schema allows one (records, resources). */
function id(value) { return typeof value === "string" && ID.test(value); }

export { clean, href, id, pageUrl, params };
