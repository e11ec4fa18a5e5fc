/* The front door's list: the places near a point, nearest first, each with its distance, whether
   it is open now or today (the schedule rules through atlas-filter.js's openState, as the maps'
   markers say it) and its links (its page and map through atlas-url.js, マイリスト, a tel: link of
   digits only). Text only as text (dom.js). */
import { clear, el } from "../dom.js";
import { distanceText, metres } from "./distance.js";
import { loadPoints, municipalitiesNear, placesOf } from "./places.js";

var SHOWN = 20;                  // results shown (more on request)

// the page's parts ({box, status, list, more, root, near: window.ATLAS_NEAR}), the filter
// ("today", "now", "all"), the places found and how many are shown
var view = null, filter = "today", current = null, shown = SHOWN;

function attach(parts) { view = parts; }

function stateText(s) {
  if (s.now) { return "いま開いています（今日 " + s.hours.join("・") + "）"; }
  if (s.today) { return "今日 " + s.hours.join("・"); }
  return s.known ? "今日はお休み" : "日時はページで確かめてください";
}

function item(p) {
  var root = view.root;
  var page = window.AtlasUrl.href("districts/" + p.did + "/#r-" + p.id, root);
  var facts = [distanceText(p.d) + (p.approx ? "（おおよその位置）" : ""), p.cat, p.district];
  if (p.services > 1) { facts.push(p.services + " つのサービス"); }
  var actions = el("p", { "class": "atlas-near-actions" });
  var mapHref = window.AtlasUrl.href("districts/" + p.did + "/#map", root);
  if (mapHref) { actions.appendChild(el("a", { href: mapHref, text: "地図で見る" })); }
  if (window.AtlasMyList && window.AtlasMyList.available) {
    actions.appendChild(window.AtlasMyList.button(p.did + "/" + p.id, p.code));
  }
  var digits = String(p.tel || "").replace(/[^0-9+]/g, "");
  if (digits.length >= 3 && /^\+?[0-9]+$/.test(digits)) {
    actions.appendChild(el("a", { "class": "atlas-near-tel", href: "tel:" + digits, text: "電話する " + p.tel }));
  }
  return el("li", { "class": "atlas-near-item" }, [
    el("p", { "class": "atlas-near-name" }, [el("a", { href: page, text: p.name })]),
    el("p", { "class": "atlas-near-state" + (p.state.now ? " atlas-near-open" : ""), text: stateText(p.state) }),
    el("p", { "class": "atlas-near-facts", text: facts.join("・") }),
    actions,
  ]);
}

function render() {
  if (!current) { return; }
  clear(view.list);
  var kept = current.places.filter(function (p) {
    return filter === "all" || (filter === "today" ? p.state.today : p.state.now);
  });
  var head = current.label + "から近い順";
  var which = filter === "now" ? "いま開いている場所" : filter === "today" ? "今日開く場所" : "場所";
  view.status.textContent = kept.length ? head + "：" + which + " " + kept.length + " 件" :
    current.label + "の近くに、" + which + "は見つかりませんでした。" +
    (filter === "all" ? "" : "「すべて」にすると、ほかの日の場所も出ます。");
  for (var i = 0; i < kept.length && i < shown; i++) { view.list.appendChild(item(kept[i])); }
  view.more.hidden = kept.length <= shown;
  view.box.setAttribute("data-state", "shown");
}

// the list with this filter, from its first page
function setFilter(value) { filter = value; shown = SHOWN; render(); }
function showMore() { shown += SHOWN; render(); }

// the places near (lat, lon), nearest first; `label` says from where
function from(lat, lon, label) {
  var mine = {}, root = view.root;
  current = null;
  shown = SHOWN;
  view.box.setAttribute("data-state", "loading");
  view.status.textContent = label + "の近くの場所をさがしています…";
  from.latest = mine;
  municipalitiesNear(view.near, lat, lon, root, function (codes) {
    loadPoints(codes, root, function () {
      if (from.latest !== mine) { return; }
      var now = new Date();
      var places = placesOf(codes);
      places.forEach(function (p) {
        p.d = metres(lat, lon, p.lat, p.lon);
        p.state = window.AtlasFilter.openState(p.rules, now);
      });
      places.sort(function (a, b) { return a.d - b.d; });
      current = { places: places, label: label };
      render();
      // the results in sight without scrolling (a phone's first screen holds the buttons)
      if (view.status.scrollIntoView) { view.status.scrollIntoView(true); }
    });
  });
}

export { attach, from, setFilter, showMore, stateText };
