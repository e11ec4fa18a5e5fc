/* The form's place of a resource or a case's place: latitude and longitude (typed, or picked on
   the map of editor-map.js), and how it is published. The precision is never chosen for the
   contributor; an `approximate` point is stored rounded (about 1 km) as the site publishes it,
   a `hidden` one not at all. */
import { el } from "../dom.js";
import { keys } from "../editor/values.js";
import { C } from "./core.js";
import { get, parseNumber, put } from "./record.js";

/** The location group maker of the form of `kind` over `state` (`I`: its controls, form-inputs.js). */
function LocationGroup(kind, state, changed, I) {
  var options = I.options, enumPairs = I.enumPairs, fieldBox = I.fieldBox, groupBox = I.groupBox, helpOf = I.helpOf;

  function locationGroup(where, node, required) {
    var current = get(state.record, where) || {};
    var lat = el("input", { type: "text", inputmode: "decimal" }), lon = el("input", { type: "text", inputmode: "decimal" });
    lat.value = typeof current.lat === "number" ? C.floatRepr(current.lat) : (current.lat === undefined ? "" : String(current.lat));
    lon.value = typeof current.lon === "number" ? C.floatRepr(current.lon) : (current.lon === undefined ? "" : String(current.lon));
    var precision = el("select");
    options(precision, enumPairs("precision", node.properties.precision["enum"]), current.precision, "（選んでください）");
    var note = el("p", { "class": "atlas-editor-help atlas-editor-location-note", "aria-live": "polite" });
    var base = where.slice(0, -1);
    function residents() {
      var op = get(state.record, base.concat(["operator_type"]));
      return where.length === 3 && where[0] === "resources" && (op === undefined || op === "residents");
    }
    function update() {
      var p = precision.value, loc = {};
      lat.disabled = lon.disabled = p === "hidden";
      if (p !== "hidden") {
        var a = parseNumber(lat.value), b = parseNumber(lon.value);
        if (a !== undefined) { loc.lat = p === "approximate" && typeof a === "number" ? C.roundApproximate(a) : a; }
        if (b !== undefined) { loc.lon = p === "approximate" && typeof b === "number" ? C.roundApproximate(b) : b; }
      }
      if (p) { loc.precision = p; }
      put(state.record, where, keys(loc).length ? loc : undefined);
      note.textContent = p === "hidden" ? "位置は保存しません（地図にもデータにも出ません）。"
        : p === "approximate" ? "保存するときに、位置を約1km単位（小数第2位）に丸めます。"
        : (!p && (lat.value || lon.value) ? "位置の公開のしかたを選んでください。" : "") +
          (residents() && p !== "exact" ? "住民の集まり・個人宅なら「おおよその位置」か「公開しない」にしてください。" : "");
      changed(false);
    }
    lat.addEventListener("input", update);
    lon.addEventListener("input", update);
    precision.addEventListener("change", update);
    lat.disabled = lon.disabled = current.precision === "hidden";
    var latBox = fieldBox(where.concat(["lat"]), node.properties.lat, false, lat, "");
    var lonBox = fieldBox(where.concat(["lon"]), node.properties.lon, false, lon, "");
    var precBox = fieldBox(where.concat(["precision"]), node.properties.precision, true, precision,
      "位置を地図やデータにどう出すか。自動では選ばれません");
    var content = [el("div", { "class": "atlas-editor-latlon" }, [latBox, lonBox]), precBox, note];
    if (window.AtlasEditorMap) {
      var mapButton = el("button", { type: "button", "class": "atlas-editor-small", text: "地図をクリックして位置を選ぶ" });
      var mapBox = el("div", { "class": "atlas-editor-map-box" });
      mapButton.addEventListener("click", function () {
        var code = (state.record.municipality || {}).code, m = C.municipality(code);
        window.AtlasEditorMap.toggle(mapBox, {
          lat: parseNumber(lat.value), lon: parseNumber(lon.value), center: m ? [m.lat, m.lon] : null
        }, function (a, b) {
          lat.value = String(a);
          lon.value = String(b);
          update();
        });
      });
      content.push(el("p", null, [mapButton]), mapBox);
    }
    return groupBox(where, required, content, helpOf(kind, where, node), "atlas-editor-location");
  }
  return locationGroup;
}

export { LocationGroup };
