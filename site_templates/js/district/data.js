/* A district page's data, the one module that reads it: the page's element
   (.atlas-district, with data-district and data-municipality), its JSON blocks — the
   record (#atlas-record) and the map data (#atlas-map-data: {center, options, c: categories,
   s: states, g: places}) — and the site's gap links, the same for every district, which the
   page loads before this script (worksheets/gap-links.js sets window.ATLAS_GAP_LINKS:
   sheets.gap_links_data, {cases: [[title, place suffix, path]], rows: {category: [[case,
   [states], source]]}, topics: [[label, [[section, text, path, sheet title]]]]},
   content/gap_links.yaml). A block that is missing or does not parse reads as null; gap
   links that did not load, as none. */
import { el } from "../dom.js";

function json(id) {
  var node = document.getElementById(id);
  try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
}

/** The page's data, or null on a page that is not a district's. */
function districtPage() {
  var page = document.querySelector(".atlas-district");
  if (!page) { return null; }
  var gapLinks = window.ATLAS_GAP_LINKS || {};
  return { page: page, district: page.getAttribute("data-district"),
           municipality: page.getAttribute("data-municipality"),
           record: json("atlas-record") || { resources: [] }, mapData: json("atlas-map-data"),
           gapCases: gapLinks.cases || [], gapRows: gapLinks.rows || {}, gapTopics: gapLinks.topics || [] };
}

/** An element with a class (none for "") and a text, the district scripts' shorthand of el(). */
function tag(name, cls, text) { return el(name, { "class": cls || null, text: text }); }

export { districtPage, json, tag };
