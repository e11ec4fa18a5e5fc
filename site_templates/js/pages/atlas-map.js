/* Entry of assets/atlas-map.js: every map of the site — markers, popups, tooltips, legend and
   filters from plain JSON data (generator/render/mapdata.py), modules in ../map/. Text
   reaches the page through DOM nodes and textContent only. window.AtlasMap is what the
   maps' pages (generator/render/maps.py) and district.js call. */
import { api } from "../map/api.js";
import { cases } from "../map/cases.js";
import { national } from "../map/national.js";
import { points } from "../map/points.js";
import { fit } from "../map/view.js";

// a standalone map's way back to the site (maps.py) is for the map opened alone: inside
// its page's frame the page has the navigation (map.css hides the bar)
if (window.self !== window.top) { document.documentElement.className += " atlas-framed"; }

api.points = points;
api.national = national;
api.cases = cases;
api.fit = fit;
window.AtlasMap = api;
