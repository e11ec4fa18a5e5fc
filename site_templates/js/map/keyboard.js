/* A marker is a Tab stop of its own (Chromium focuses Leaflet's interactive paths): give it
   a name and make Enter or Space open its popup with the focus inside; Escape closes it
   (Leaflet) and the focus returns to the marker. The name says whether the place is open
   (atlas-filter.js, the front door's words); it changes with the clock, so it is made
   again whenever the marker takes focus. */

function keyboardMarker(m, name, rules) {
  var byKey = false;
  function label() {
    var words = window.AtlasFilter && rules ? window.AtlasFilter.openWords(rules(), new Date()) : "";
    return name + (words ? "、" + words : "") + "（地図の印。Enter で詳しく）";
  }
  m.on("add", function () {
    var path = m.getElement && m.getElement();
    if (!path || path.getAttribute("data-atlas-key")) { return; }
    path.setAttribute("data-atlas-key", "1");
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", label());
    path.addEventListener("focus", function () { path.setAttribute("aria-label", label()); });
    path.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " " || e.keyCode === 13 || e.keyCode === 32) {
        if (e.preventDefault) { e.preventDefault(); }
        byKey = true;
        m.openPopup();
      }
    });
  });
  m.on("popupopen", function (e) {
    var box = e.popup.getElement(), close = box && box.querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", "閉じる"); close.setAttribute("title", "閉じる"); }
    if (!byKey || !box) { return; }
    byKey = false;
    var first = box.querySelector(".leaflet-popup-content a, .leaflet-popup-content button");
    if (first) { first.focus(); }
    var onKey = function (k) {
      if (k.key === "Escape" || k.keyCode === 27) { m.closePopup(); }
    };
    box.addEventListener("keydown", onKey);
    m.once("popupclose", function () {
      box.removeEventListener("keydown", onKey);
      var path = m.getElement && m.getElement();
      if (path && document.activeElement && (document.activeElement === document.body || box.contains(document.activeElement))) {
        path.focus();
      }
    });
  });
}


export { keyboardMarker };
