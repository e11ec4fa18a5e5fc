/* Entry of assets/skip-links.js, loaded by every page (overrides/main.html): the skip links
   to a list of places (partials/header.html), shown where the page has one. A file of the
   site rather than an inline script, so that 12,000 pages do not each carry it. */
var list = document.querySelector("[data-atlas-list][id]"), toList = document.getElementById("atlas-skip-list");
if (list && toList) { toList.setAttribute("href", "#" + list.id); toList.hidden = false; }
var near = document.getElementById("atlas-near"), toNear = document.getElementById("atlas-skip-near");
if (near && toNear && window.MutationObserver) {
  toNear.setAttribute("href", "#atlas-near-status");
  new MutationObserver(function () { toNear.hidden = near.getAttribute("data-state") !== "shown"; })
    .observe(near, { attributes: true, attributeFilter: ["data-state"] });
}
