/* The front door's controls (home and municipality pages): 「現在地から」 (navigator.geolocation,
   when allowed; the position stays on the phone), a municipality page's 「役所の近くから」, the
   place box (suggestions as typed, the input method's word once finished), the filters, 「もっと
   見る」 and the search page's ?near=<a place name> (text, looked up among the names only). */
import { clear, el } from "../dom.js";
import { normalise } from "../text/normalise.js";
import { SUGGESTED, described, names, withNames } from "./names.js";
import { attach, from, setFilter, showMore } from "./results.js";

var NAME_FROM_URL = 100;         // characters of ?near= looked up

function start() {
  var NEAR = window.ATLAS_NEAR;
  var box = document.getElementById("atlas-near");
  if (!box || !NEAR || !window.AtlasFilter || !window.AtlasUrl) { return; }
  var root = box.getAttribute("data-base") || "";
  var status = document.getElementById("atlas-near-status");
  var input = document.getElementById("atlas-near-place");
  var suggestions = document.getElementById("atlas-near-suggestions");
  var more = document.getElementById("atlas-near-more");
  attach({ box: box, status: status, list: document.getElementById("atlas-near-results"), more: more,
           root: root, near: NEAR });

  /* ---- 現在地から探す ---- */

  var here = document.getElementById("atlas-near-here");
  here.hidden = false;
  here.addEventListener("click", function () {
    function refused(why) {
      status.textContent = why + "下の欄に、町名・地区・市区町村の名前を入れてください。";
      input.focus();
    }
    if (!navigator.geolocation) { refused("この画面では現在地を使えません。"); return; }
    status.textContent = "現在地を確かめています…（位置はこの端末の中だけで使います）";
    navigator.geolocation.getCurrentPosition(function (pos) {
      from(pos.coords.latitude, pos.coords.longitude, "現在地");
    }, function () {
      refused("現在地を使えませんでした。");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  });

  // a municipality page: from its representative point (near the town hall)
  var centre = document.getElementById("atlas-near-centre");
  if (centre) {
    centre.hidden = false;
    centre.addEventListener("click", function () {
      from(Number(centre.getAttribute("data-lat")), Number(centre.getAttribute("data-lon")),
           centre.getAttribute("data-label"));
    });
  }

  /* ---- the place box ---- */

  function choose(p) {
    input.value = p.n;
    clear(suggestions);
    from(p.lat, p.lon, "「" + p.n + "」");
  }
  var asking = 0;
  function suggest() {
    var mine = ++asking, query = input.value;
    names(query, SUGGESTED, root, function (found) {
      if (mine !== asking) { return; }  // a newer keystroke is on its way
      clear(suggestions);
      found.forEach(function (p) {
        var b = el("button", { "class": "atlas-near-suggestion", type: "button" }, [
          el("span", { "class": "atlas-near-suggestion-name", text: p.n }),
          el("span", { "class": "atlas-near-suggestion-kind", text: "（" + described(p) + "）" }),
        ]);
        b.addEventListener("click", function () { choose(p); });
        suggestions.appendChild(el("li", {}, [b]));
      });
      var hint = document.getElementById("atlas-near-hint");
      hint.textContent = !normalise(query).replace(/\s+/g, "") ? "" : found.length ?
        "候補 " + found.length + " 件（押すと、その場所から近い順に出します）" : "その名前の場所は見つかりませんでした";
      box.setAttribute("data-suggested", query);
    });
  }
  input.addEventListener("focus", function () { withNames(root, function () {}); });
  input.addEventListener("input", function (e) { if (!e.isComposing) { suggest(); } });
  input.addEventListener("compositionend", suggest);
  document.getElementById("atlas-near-form").addEventListener("submit", function (e) {
    e.preventDefault();
    names(input.value, 1, root, function (found) { if (found.length) { choose(found[0]); } else { suggest(); } });
  });

  /* ---- filters and more ---- */

  var radios = box.querySelectorAll("input[name=atlas-near-filter]");
  var checked = null;
  for (var k = 0; k < radios.length; k++) {
    radios[k].addEventListener("change", function (e) { setFilter(e.currentTarget.value); });
    if (radios[k].checked) { checked = radios[k].value; }
  }
  if (checked) { setFilter(checked); }  // nothing is listed yet: this only chooses the filter
  more.addEventListener("click", showMore);

  // ?near=<a place name>: the search page's link (text, looked up among the names only)
  var asked = window.AtlasUrl.params().near;
  if (typeof asked === "string" && asked) {
    asked = asked.slice(0, NAME_FROM_URL);
    names(asked, 1, root, function (found, q) {
      if (found.length && (found[0].s === q || found[0].r === q)) { choose(found[0]); } else { input.value = asked; suggest(); }
    });
  }
}

export { start };
