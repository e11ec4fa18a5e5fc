/* Check-sheets: tick boxes and notes kept in this browser only (localStorage; nothing is
   sent anywhere), the notes mirrored into the printed sheet as text. */
function start() {
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
}

export { start };
