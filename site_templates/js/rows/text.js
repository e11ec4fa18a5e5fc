/* CSV and GeoJSON of rows, made as the site's files are (generator/render/exports.py): the
   same columns, formula cells neutralised as generator/model/csvcells.py does (the cases of
   tests/data/csv_cells.json run on both sides). Pure. */

var TRIGGER = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
function neutralise(v) {
  return (TRIGGER.test(v) || (v.charAt(0) === "'" && TRIGGER.test(v.replace(/^'+/, "")))) ? "'" + v : v;
}
function csvCell(v) {
  v = neutralise(v === null || v === undefined ? "" : String(v));
  return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

// UTF-8 BOM and CRLF, as the site's CSV files (Excel on Japanese Windows)
function csv(list, cols) {
  var lines = [cols.map(csvCell).join(",")];
  list.forEach(function (row) { lines.push(cols.map(function (c) { return csvCell(row[c]); }).join(",")); });
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

// RFC 7946: [longitude, latitude]; no geometry where the CSV has no coordinates
function geojson(list) {
  var features = list.map(function (row) {
    var props = {};
    for (var k in row) { if (k !== "緯度" && k !== "経度") { props[k] = row[k]; } }
    var lat = row["緯度"], lon = row["経度"];
    return { type: "Feature", id: row.ID, properties: props,
             geometry: lat && lon ? { type: "Point", coordinates: [Number(lon), Number(lat)] } : null };
  });
  return JSON.stringify({ type: "FeatureCollection", features: features }, null, 1);
}

export { csv, csvCell, geojson, neutralise };
