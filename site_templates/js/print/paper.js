/* Worksheets: the paper-size switch for printing (A3 / A4 landscape, ?paper=a3|a4, a
   district's workshop pack with ?pack=1), and the day printed lists were printed. */
function start() {
  var PAGE = { a3: "@page { size: A3 landscape; margin: 10mm; }",
               a4: "@page { size: A4 landscape; margin: 8mm; }" };

  // --- worksheets: A3 / A4 landscape --------------------------------------
  var sheet = document.querySelector(".atlas-worksheet");
  var pageStyle = document.getElementById("atlas-page-size");
  // `pack`: a district's workshop pack, the sheet then its gaps with cases and the check-sheet
  // (#atlas-pack, made by district.js), each part on a page of its own (sheets.css)
  function setPaper(paper, pack) {
    if (!sheet || !PAGE[paper]) { return; }
    sheet.setAttribute("data-paper", paper);
    document.documentElement.setAttribute("data-paper", paper);
    if (pack && document.getElementById("atlas-pack")) {
      document.documentElement.setAttribute("data-pack", "");
    } else {
      document.documentElement.removeAttribute("data-pack");
    }
    if (pageStyle) { pageStyle.textContent = PAGE[paper]; }
  }
  var m = /[?&]paper=(a3|a4)/.exec(window.location.search);
  if (m) { setPaper(m[1], /[?&]pack=1(&|$)/.test(window.location.search)); }
  var buttons = document.querySelectorAll("button[data-paper]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (e) {
      setPaper(e.currentTarget.getAttribute("data-paper"), e.currentTarget.getAttribute("data-pack") === "1");
      window.print();
    });
  }
  // a district page holds its worksheet: after printing the sheet, the page prints as itself
  // again (sheets.css shows the sheet alone only while html has data-paper)
  if (sheet && sheet.parentNode && / atlas-district /.test(" " + sheet.parentNode.className + " ")) {
    window.addEventListener("afterprint", function () {
      document.documentElement.removeAttribute("data-paper");
      document.documentElement.removeAttribute("data-pack");
      if (pageStyle) { pageStyle.textContent = ""; }
    });
  }

  // --- printed lists: the day they were printed (today; again when printing starts) ---
  function printDate() {
    var d = new Date(), spans = document.querySelectorAll(".atlas-print-date");
    for (var j = 0; j < spans.length; j++) {
      spans[j].textContent = d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
    }
  }
  printDate();
  window.addEventListener("beforeprint", printDate);
}

export { start };
