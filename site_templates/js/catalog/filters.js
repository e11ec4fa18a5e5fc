/* Case catalog filters: instant, in the browser, each filter state in the URL
   (?pref=…&theme=…&step=…&size=…) so it can be shared and survives a reload. A value from
   the address only selects one of the form's own options (read by atlas-url.js, which never
   throws on a bad escape). Without JavaScript the form stays hidden and the full list is
   shown. */
function start() {
  var form = document.getElementById("atlas-filters");
  var list = document.getElementById("atlas-case-list");
  var status = document.getElementById("atlas-filter-status");
  if (!form || !list) { return; }
  var selects = form.getElementsByTagName("select");
  var cards = list.getElementsByTagName("li");

  function writeUrl() {
    var parts = [];
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].value) {
        parts.push(encodeURIComponent(selects[i].name) + "=" + encodeURIComponent(selects[i].value));
      }
    }
    // this very page (never a path read from the address: "//host/…" would be another site)
    var url = window.location.href.split(/[?#]/)[0] + (parts.length ? "?" + parts.join("&") : "");
    // file:// pages may not rewrite their URL (SecurityError): the filter still applies
    try { if (window.history && history.replaceState) { history.replaceState(null, "", url); } } catch (e) {}
  }

  function matches(card) {
    for (var i = 0; i < selects.length; i++) {
      var want = selects[i].value;
      if (!want) { continue; }
      var have = (card.getAttribute("data-" + selects[i].name) || "").split(" ");
      if (selects[i].name === "pref") { have = [card.getAttribute("data-pref")]; }
      if (have.indexOf(want) === -1) { return false; }
    }
    return true;
  }

  function apply() {
    var shown = 0;
    for (var i = 0; i < cards.length; i++) {
      var ok = matches(cards[i]);
      cards[i].hidden = !ok;
      if (ok) { shown++; }
    }
    status.textContent = shown + " 件" + (shown < cards.length ? "（全 " + cards.length + " 件から絞り込み）" : "");
  }

  var params = window.AtlasUrl.params();
  for (var i = 0; i < selects.length; i++) {
    var value = params[selects[i].name];
    if (value) {
      for (var j = 0; j < selects[i].options.length; j++) {
        if (selects[i].options[j].value === value) { selects[i].value = value; }
      }
    }
    selects[i].addEventListener("change", function () { writeUrl(); apply(); });
  }
  form.addEventListener("reset", function () {
    setTimeout(function () { writeUrl(); apply(); }, 0);
  });
  form.hidden = false;
  apply();
}

export { start };
