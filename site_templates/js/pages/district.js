/* Entry of assets/district.js: a district page — its map (../district/map.js: Leaflet in
   the page, markers by atlas-map.js from points data made from the record), each row's
   「この情報を直す」, its worksheet grid built from the record (the same rows, lanes and gaps
   as generator/render/worksheet.py and _district_grid.j2) and the workshop pack's parts.
   Text only through textContent. */
import { districtPage } from "../district/data.js";
import { editLinks } from "../district/edit-links.js";
import { districtMap } from "../district/map.js";
import { pack } from "../district/pack.js";
import { worksheet } from "../district/worksheet.js";

var d = districtPage();
if (d) {
  districtMap(d);
  editLinks(d);
  var gaps = worksheet(d);
  if (gaps) { pack(d, gaps); }
}
