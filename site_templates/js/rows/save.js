/* 「CSV/GeoJSON で保存」: rows handed to the browser as a file (a Blob), and the buttons
   `data-rows-save="csv|geojson"` of district and municipality pages (all the rows of their
   municipality). */
import { columns, load, ready, rows } from "./load.js";
import { csv, geojson } from "./text.js";

function save(text, filename, type) {
  var blob = new Blob([text], { type: type });
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 0);
}

// save `list` (rows of municipality `code`) as CSV or GeoJSON
function download(kind, code, list, name) {
  if (kind === "csv") { save(csv(list, columns(code)), name + ".csv", "text/csv;charset=utf-8"); }
  else { save(geojson(list), name + ".geojson", "application/geo+json"); }
}

// buttons `data-rows-save="csv|geojson"` with data-municipality: all of its rows
function start() {
  var buttons = document.querySelectorAll("button[data-rows-save]");
  if (!buttons.length || !window.Blob || !window.URL) { return; }
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (e) {
      var b = e.currentTarget, code = b.getAttribute("data-municipality");
      function go() { download(b.getAttribute("data-rows-save"), code, rows(code), "m-" + code); }
      if (ready(code)) { go(); } else { load([code], b.getAttribute("data-base") || "", go); }
    });
    // fetched when the button comes near, so the download runs at the click itself
    var near = function (e) {
      var b = e.currentTarget;
      load([b.getAttribute("data-municipality")], b.getAttribute("data-base") || "", function () {});
    };
    buttons[i].addEventListener("mouseover", near);
    buttons[i].addEventListener("focus", near);
    buttons[i].addEventListener("touchstart", near);
    var bar = buttons[i].parentNode;
    if (bar.hidden) { bar.hidden = false; }
  }
}

export { download, start };
