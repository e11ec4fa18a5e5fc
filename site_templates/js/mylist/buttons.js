/* 「マイリストに入れる」/「マイリストから外す」 for one resource (on each resource row of a
   district page, and in the maps' popups through window.AtlasMyList), and 「マイリストを見る
   （N 件）」 beside a button once it has put something in the list. */
import { el } from "../dom.js";
import { available, has, load, toggle, usable } from "./store.js";

// the site's root seen from this page: this script is <root>assets/mylist.js
var ROOT = (function () {
  var scripts = document.getElementsByTagName("script");
  for (var i = scripts.length - 1; i >= 0; i--) {
    var m = /^((?:\.\.\/)*)assets\/mylist\.js(?:\?[^/]*)?$/.exec(scripts[i].getAttribute("src") || "");
    if (m) { return m[1]; }
  }
  return null;
})();
var links = [];
function count() { return load().filter(usable).length; }
function refresh() {
  var n = count();
  for (var i = 0; i < links.length; i++) {
    links[i].lastChild.textContent = "マイリストを見る（" + n + " 件）";
    links[i].hidden = n === 0;
  }
}
// 「マイリストを見る（N 件）」 beside a button once it has put something in the list: a
// status, so a screen reader says the new count
function listLink(after) {
  var target = ROOT === null ? null : window.AtlasUrl.href("mylist/", ROOT);
  if (!target || (after.nextSibling && after.nextSibling.className === "atlas-mylist-link")) { return; }
  var a = el("a"), box = el("span", { "class": "atlas-mylist-link", role: "status" }, [a]);
  a.href = target;
  a.target = "_top"; // out of a map's frame
  after.parentNode.insertBefore(box, after.nextSibling);
  links.push(box);
}
// a 「マイリストに入れる」/「マイリストから外す」 button for one resource (maps' popups use it too)
function button(id, municipality) {
  var b = el("button", { "class": "atlas-mylist-toggle atlas-screen-only" });
  b.type = "button";
  function label() {
    var inList = has(load(), id) !== -1;
    b.textContent = inList ? "マイリストから外す" : "マイリストに入れる";
    b.setAttribute("aria-pressed", inList ? "true" : "false");
  }
  b.addEventListener("click", function () {
    if (toggle(id, municipality) && b.parentNode) { listLink(b); }
    label();
    refresh();
  });
  label();
  return b;
}

// district pages: a toggle button on every resource row
function rowButtons() {
  var page = document.querySelector(".atlas-district");
  if (!page || !available()) { return; }
  var district = page.getAttribute("data-district"), code = page.getAttribute("data-municipality");
  var rows = document.querySelectorAll("tr.atlas-resource");
  for (var r = 0; r < rows.length; r++) {
    var th = rows[r].querySelector("th");
    th.appendChild(el("br"));
    th.appendChild(button(district + "/" + rows[r].id.replace(/^r-/, ""), code));
  }
}

export { button, listLink, refresh, rowButtons };
