/* 「この情報を直す」 on each resource row of a district page (the editor needs scripts anyway;
   editor-link.js hands it the record). */
import { tag } from "./data.js";

function editLinks(d) {
  var rows = d.page.querySelectorAll("tr.atlas-resource");
  for (var r = 0; r < rows.length; r++) {
    var cell = rows[r].cells[rows[r].cells.length - 1];
    var edit = tag("a", "atlas-report-link", "この情報を直す");
    edit.href = "../../editor/index.html?edit=" + encodeURIComponent(d.district) + "&resource=" +
      encodeURIComponent(rows[r].id.replace(/^r-/, ""));
    edit.setAttribute("data-atlas-edit", "district");
    var report = cell.querySelector("a.atlas-report-link");
    var at = report ? report.nextSibling : null;
    cell.insertBefore(tag("br"), at);
    cell.insertBefore(edit, at);
  }
}

export { editLinks };
