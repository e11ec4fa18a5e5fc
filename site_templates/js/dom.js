/* The one DOM helper of the bundled scripts. Text reaches the page only as text: through
   textContent and text nodes, never as HTML. Attribute names are the code's own words;
   event-handler attributes (on…) and srcdoc are never set, and a link's address (href, src,
   action, formaction) only when it has no scheme (a page of the site, #fragment) or one of
   SAFE_SCHEMES — anything else (javascript:, data:, vbscript:) is left out. */

var SAFE_SCHEMES = ["http", "https", "mailto", "tel", "blob"];
var URL_ATTRIBUTES = { href: true, src: true, action: true, formaction: true };

/** The URL `value` may go into a link: no scheme, or one of SAFE_SCHEMES. Control characters
    and spaces before the scheme (which browsers skip) count as part of it. */
function safeUrl(value) {
  var m = /^([^/?#]*?):/.exec(String(value));
  if (!m) { return true; }
  return SAFE_SCHEMES.indexOf(m[1].toLowerCase()) >= 0;
}

/** An attribute el() may set. */
function allowedAttribute(name, value) {
  var n = String(name).toLowerCase();
  if (!/^[a-z][a-z0-9-]*$/.test(n) || n.indexOf("on") === 0 || n === "srcdoc") { return false; }
  return !URL_ATTRIBUTES[n] || safeUrl(value);
}

/** An element: `attrs` are attributes ("text" is its text; null, undefined and false leave one
    out, true sets it empty), `children` nodes or strings (as text). */
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  var names = [];
  for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { names.push(k); } }
  for (var i = 0; i < names.length; i++) {
    var v = attrs[names[i]];
    if (v === null || v === undefined || v === false) { continue; }
    if (names[i] === "text") { node.textContent = v; } else if (allowedAttribute(names[i], v)) {
      node.setAttribute(names[i], v === true ? "" : String(v));
    }
  }
  for (var j = 0; children && j < children.length; j++) {
    if (children[j]) { node.appendChild(typeof children[j] === "string" ? document.createTextNode(children[j]) : children[j]); }
  }
  return node;
}

/** Removes every child of `node`. */
function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

export { allowedAttribute, clear, el, safeUrl };
