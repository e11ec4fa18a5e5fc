/* Worksheets and check-sheets: paper-size switch for printing, and tick boxes and notes
   kept in this browser only (localStorage; nothing is sent anywhere). ES5 only. */
(function () {
  "use strict";
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

  // --- check-sheets: ticks and notes ---------------------------------------
  var check = document.querySelector(".atlas-checksheet");
  if (!check) { return; }
  var key = "chiiki-atlas:checksheet:" + check.getAttribute("data-sheet");
  var store = null;
  try { store = window.localStorage; store.getItem(key); } catch (err) { store = null; }

  function load() {
    if (!store) { return {}; }
    try { return JSON.parse(store.getItem(key) || "{}") || {}; } catch (err) { return {}; }
  }
  function save(state) {
    if (!store) { return; }
    try { store.setItem(key, JSON.stringify(state)); } catch (err) { /* storage full or blocked */ }
  }
  function mirror(textarea) {
    var out = check.querySelector('[data-note-for="' + textarea.name.replace(/-note$/, "") + '"]');
    if (out) { out.textContent = textarea.value; out.className = out.className.replace(/ has-note/, "") + (textarea.value ? " has-note" : ""); }
  }

  var boxes = check.querySelectorAll("input[type=checkbox]");
  var notes = check.querySelectorAll("textarea");
  var state = load();
  for (var b = 0; b < boxes.length; b++) {
    boxes[b].checked = !!(state.ticks && state.ticks[boxes[b].name]);
  }
  for (var n = 0; n < notes.length; n++) {
    notes[n].value = (state.notes && state.notes[notes[n].name]) || "";
    mirror(notes[n]);
  }

  function collect() {
    var s = { ticks: {}, notes: {} };
    for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { s.ticks[boxes[i].name] = true; } }
    for (var j = 0; j < notes.length; j++) { if (notes[j].value) { s.notes[notes[j].name] = notes[j].value; } }
    return s;
  }
  check.addEventListener("change", function () { save(collect()); });
  check.addEventListener("input", function (e) {
    if (e.target.tagName === "TEXTAREA") { mirror(e.target); save(collect()); }
  });
  var clear = check.querySelector("button[data-action=clear]");
  if (clear) {
    clear.addEventListener("click", function () {
      if (!window.confirm("このシートのチェックとメモをすべて消しますか？")) { return; }
      for (var i = 0; i < boxes.length; i++) { boxes[i].checked = false; }
      for (var j = 0; j < notes.length; j++) { notes[j].value = ""; mirror(notes[j]); }
      if (store) { store.removeItem(key); }
    });
  }
  var printButton = check.querySelector("button[data-action=print]");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }
})();
