/* Entry of assets/atlas-rows.js: the rows of the site's CSV for the マイリスト page and for
   「CSV/GeoJSON で保存」 (../rows/), as window.AtlasRows for mylist.js and resource-filter.js,
   and the page's own save buttons. */
import { columns, load, ready, rows } from "../rows/load.js";
import { download, start } from "../rows/save.js";
import { csv, geojson } from "../rows/text.js";

window.AtlasRows = { load: load, ready: ready, rows: rows, csv: csv, geojson: geojson, columns: columns, download: download };
start();
