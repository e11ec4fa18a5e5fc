"""Every map in headless Chromium.

On the hostile project (map_fixture.py: payloads in resource names, category and state
labels, a district name and a case title; here also a facility listed once per service, with
payloads in the services' names, drawn as one marker listing both): every marker and every cluster of the district,
municipality, national, case-map and case maps is hovered and clicked, the legend is opened
and its filters used; nothing runs, no dialog opens, no contributor text ever reaches an
HTML-string sink (innerHTML and co. are trapped in the map frames), and popups and tooltips
show the text literally.

On the real site at 1280 px and at a 390 px phone: no marker starts under a control or the
サンプル bar, and the legend starts closed on the phone."""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml
from conftest import shared_dir
from map_fixture import (
    CASE_ID,
    CASE_TITLE,
    CONTRIBUTOR_MARKERS,
    DISTRICT_ID,
    DISTRICT_NAME,
    IMG,
    MARKDOWN,
    RESOURCES,
    SCRIPT,
    TEMPLATE,
    mapped_names,
    write_hostile_project,
)

from generator.check.validate import load_atlas
from generator.cli import cmd_build
from generator.model import schedule
from generator.model.privacy import APPROXIMATE_LABEL

pytestmark = pytest.mark.browser

# Before any script of a page or frame: a trap for injected code, and a record of every
# HTML string written into the document by any script (ours, Leaflet's, the theme's).
TRAPS = """
window.__hits = []; window.__x = function (n) { window.__hits.push(n); };
window.__html = [];
(function () {
  function note(v) { window.__html.push(String(v)); }
  ["innerHTML", "outerHTML"].forEach(function (name) {
    var d = Object.getOwnPropertyDescriptor(Element.prototype, name);
    Object.defineProperty(Element.prototype, name, { configurable: true, get: d.get,
      set: function (v) { note(v); return d.set.call(this, v); } });
  });
  var adjacent = Element.prototype.insertAdjacentHTML;
  Element.prototype.insertAdjacentHTML = function (where, v) { note(v); return adjacent.apply(this, arguments); };
  var write = Document.prototype.write;
  Document.prototype.write = function () { note([].join.call(arguments, "")); return write.apply(this, arguments); };
  var fragment = Range.prototype.createContextualFragment;
  Range.prototype.createContextualFragment = function (v) { note(v); return fragment.apply(this, arguments); };
})();
"""

# Before any script: Leaflet's and markercluster's animations off (their defaults, set as each
# library arrives, before a map is made): a zoom, a cluster's split and a spiderfy happen at once
# instead of over 250 ms of transitions, a tooltip or popup closes without its 200 ms fade. Where
# the markers and clusters are, and which a click reaches, do not depend on it.
NO_ANIMATION = """
(function () {
  var leaflet;
  Object.defineProperty(window, "L", { configurable: true, get: function () { return leaflet; },
    set: function (lib) {
      leaflet = lib;
      if (!lib || !lib.Map) { return; }
      lib.Map.mergeOptions({ zoomAnimation: false, markerZoomAnimation: false, fadeAnimation: false });
      var group;
      Object.defineProperty(lib, "MarkerClusterGroup", { configurable: true, enumerable: true,
        get: function () { return group; },
        set: function (c) { group = c; c.mergeOptions({ animate: false }); } });
    } });
})();
"""

# Resolves once the map has stopped moving (zoom, pan, cluster and spiderfy animations): six
# quiet looks 20 ms apart. Every animation sets its flag synchronously or within one frame of the
# click that starts it, and the next one starts in the same task that ends the last (Leaflet's
# zoomend → markercluster's own animation), so 120 ms of quiet is many frames of margin.
SETTLE = """() => new Promise(function (resolve) {
  var m = AtlasMap.map, layer = m.atlasLayer, quiet = 0;
  (function wait() {
    var busy = m._animatingZoom || (layer._inZoomAnimation > 0) || (m._panAnim && m._panAnim._inProgress);
    quiet = busy ? 0 : quiet + 1;
    if (quiet >= 6) { resolve(); } else { setTimeout(wait, 20); }
  })();
})"""

# What the map shows now: clusters (by position, which identifies a cluster at a given view)
# and single markers (by their data).
VISIBLE = """() => {
  var layer = AtlasMap.map.atlasLayer, group = layer._featureGroup || layer;
  var all = group.getLayers(), clusters = [], markers = [], Cluster = L.MarkerCluster;
  for (var i = 0; i < all.length; i++) {
    if (Cluster && all[i] instanceof Cluster) {
      if (all[i]._icon) { clusters.push([all[i].getLatLng().lat, all[i].getLatLng().lng]); }
    } else if (all[i]._map && all[i]._path) { markers.push(all[i]); }
  }
  return { clusters: clusters, keys: markers.map(function (m) { return JSON.stringify(m.atlasPoint); }) };
}"""

VIEW = "() => { var m = AtlasMap.map; return [m.getCenter().lat, m.getCenter().lng, m.getZoom()]; }"
SET_VIEW = "v => { AtlasMap.map.setView([v[0], v[1]], v[2], {animate: false}); }"

# Dispatch a DOM event on a marker's SVG path (by its data) or a cluster's icon (by position).
FIRE = """([kind, key, type]) => {
  var layer = AtlasMap.map.atlasLayer, all = (layer._featureGroup || layer).getLayers(), target;
  for (var i = 0; i < all.length; i++) {
    var l = all[i], isCluster = !!(L.MarkerCluster && l instanceof L.MarkerCluster);
    if (kind === "marker" && !isCluster && l._map && JSON.stringify(l.atlasPoint) === key) { target = l._path; }
    if (kind === "cluster" && isCluster && l._icon && l.getLatLng().lat === key[0] && l.getLatLng().lng === key[1]) {
      target = l._icon;
    }
  }
  if (!target) { return false; }
  target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window }));
  return true;
}"""


def flat(text: str) -> str:
    return " ".join(text.split())


def place(url: str) -> str:
    """A page URL as served: pages link folders as …/index.html (for file://), popups as …/."""
    return re.sub(r"/index\.html(?=[#?]|$)", "/", url)


# a facility listed once per service (places.py): one marker, its popup listing both services
# (of two categories, so that a filter can let one of them through)
PLACE_NAME = f"{MARKDOWN} 事業所"
PLACE_SERVICES = {"r-svc-a": f"{IMG}訪問介護", "r-svc-b": f"{SCRIPT}通所型サービス"}
PLACE_CATEGORIES = {"r-svc-a": "care-service", "r-svc-b": "prevention-service"}
PLACE_TOOLTIP = f"{PLACE_NAME}（{len(PLACE_SERVICES)}つのサービス）"


def _add_place(project: Path) -> None:
    path = project / f"content/districts/{DISTRICT_ID}.yaml"
    district = yaml.safe_load(path.read_text(encoding="utf-8"))
    district["resources"] += [
        {"id": rid, "name": PLACE_NAME, "category": PLACE_CATEGORIES[rid], "target_states": ["near-care"],
         "description": f"種別：{service}", "schedule": {"text": f"{service}の日時"},
         "address": "（架空）サンプル町2丁目", "location": {"lat": 35.68602, "lon": 139.77111, "precision": "exact"},
         "last_verified": "2026-10-01"} for rid, service in PLACE_SERVICES.items()]
    path.write_text(yaml.safe_dump(district, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    def build(folder: Path) -> None:
        project = write_hostile_project(folder / "project")
        _add_place(project)
        old = os.environ.get("ATLAS_PDF")
        os.environ["ATLAS_PDF"] = "0"  # printing is not what is tested here
        try:
            assert cmd_build(project, project / "site") == 0
        finally:
            if old is None:
                del os.environ["ATLAS_PDF"]
            else:
                os.environ["ATLAS_PDF"] = old

    project = shared_dir(tmp_path_factory, "maps", build) / "project"
    site = project / "site"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    atlas, _ = load_atlas(project)
    yield f"http://127.0.0.1:{server.server_address[1]}", atlas
    server.shutdown()
    server.server_close()


@pytest.fixture
def guarded(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.add_init_script(TRAPS)
    context.add_init_script(NO_ANIMATION)
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and "Failed to load resource" not in m.text else None)  # tiles: no internet here
    yield page, dialogs, errors
    context.close()


def _map_frame(page):
    if page.locator("div#atlas-map").count():  # a district page: its map is in the page (district.js)
        page.locator("div#atlas-map").scroll_into_view_if_needed()
        page.locator("div#atlas-map.leaflet-container").wait_for(timeout=15_000)
        page.main_frame.wait_for_function("() => window.AtlasMap && AtlasMap.map && AtlasMap.map.atlasLayer",
                                          timeout=15_000)
        return page, page.main_frame
    page.locator("iframe.atlas-map").first.scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.atlas-map").first
    frame.locator(".leaflet-container").wait_for(timeout=15_000)
    handle = page.locator("iframe.atlas-map").first.element_handle().content_frame()
    handle.wait_for_function("() => window.AtlasMap && AtlasMap.map && AtlasMap.map.atlasLayer && !AtlasMap.busy()",
                             timeout=15_000)  # the national map: the points of the municipalities in view loaded
    return frame, handle


# One marker in one call (instead of fifteen round trips): hover it, its tooltip (one, shown);
# click it, its popup (one, shown) and the tooltip gone; then mouse out, close the popup, both
# gone. Each wait polls as Playwright's do and fails after 5 s with what did not come.
VISIT_MARKER = """key => new Promise(function (resolve, reject) {
  var fire = """ + FIRE + """, out = {};
  function shown(selector) {
    var all = document.querySelectorAll(selector), e = all[0];
    return all.length === 1 && e.getClientRects().length && getComputedStyle(e).visibility !== "hidden" ? e : null;
  }
  function until(test, then, what) {
    var start = Date.now();
    (function poll() {
      var found = test();
      if (found) { then(found); }
      else if (Date.now() - start > 5000) { reject(new Error("waited 5 s for " + what)); }
      else { setTimeout(poll, 10); }
    })();
  }
  function tags(e) { return [].map.call(e.querySelectorAll("*"), function (c) { return c.tagName; }); }
  out.hovered = fire(["marker", key, "mouseover"]);
  until(function () { return shown(".leaflet-tooltip"); }, function (tip) {
    out.tooltip = tip.innerText;
    out.tooltipTags = tags(tip);
    out.clicked = fire(["marker", key, "click"]);
    until(function () { return shown(".leaflet-popup-content"); }, function (content) {
      out.popupTags = tags(content);
      until(function () { return !document.querySelector(".leaflet-tooltip"); }, function () {  // the popup replaces it
        out.hrefs = [].map.call(content.querySelectorAll("a"), function (a) { return a.href; });
        out.popup = content.innerText;
        fire(["marker", key, "mouseout"]);  // a click opens the tooltip too (touch)
        AtlasMap.map.closePopup();
        until(function () { return !document.querySelector(".leaflet-tooltip, .leaflet-popup"); }, function () {
          var c = AtlasMap.map.getCenter();
          out.view = [c.lat, c.lng, AtlasMap.map.getZoom()];
          resolve(out);
        }, "the tooltip and popup to close");
      }, "the tooltip to give way to the popup");
    }, "the popup");
  }, "the tooltip");
})"""


def _visit_markers(handle, seen: dict) -> None:
    """Hover and click every single marker on the map now that has not been opened yet;
    note its tooltip and popup (in `seen`, by tooltip text)."""
    view = handle.evaluate(VIEW)
    while True:
        pending = [k for k in handle.evaluate(VISIBLE)["keys"] if k not in seen["keys"]]
        if not pending:
            break
        key = pending[0]
        seen["keys"].add(key)
        got = handle.evaluate(VISIT_MARKER, key)
        assert got["hovered"] and got["clicked"], key
        tags = got["tooltipTags"]
        assert tags[0] == "SPAN" and set(tags) <= {"SPAN", "BR"}, tags  # only what atlas-map.js makes
        tags = set(got["popupTags"])
        assert tags <= {"DIV", "STRONG", "A", "BR", "BUTTON", "UL", "LI"}, tags
        text = got["tooltip"]
        seen[flat(text)] = {"tooltip": text, "popup": got["popup"], "hrefs": got["hrefs"]}
        if got["view"] != view:
            # the popup panned the map (and markercluster may have dropped what left the view)
            handle.evaluate(SET_VIEW, view)
            handle.evaluate(SETTLE)


# One cluster step in one call (a dozen round trips fewer per cluster): back to `view`, settled;
# hover and click the cluster at `position`; settled again; whether both events found it, and the
# view now. Settled as SETTLE says, in three quiet looks: with NO_ANIMATION a click zooms or
# spiderfies at once, and only a popup's pan animates (its flag set as it starts).
CLICK_CLUSTER = """([view, position]) => new Promise(function (resolve) {
  var m = AtlasMap.map, layer = m.atlasLayer, fire = """ + FIRE + """;
  function settled(then) {
    var quiet = 0;
    (function wait() {
      var busy = m._animatingZoom || (layer._inZoomAnimation > 0) || (m._panAnim && m._panAnim._inProgress);
      quiet = busy ? 0 : quiet + 1;
      if (quiet >= 3) { then(); } else { setTimeout(wait, 20); }
    })();
  }
  m.setView([view[0], view[1]], view[2], {animate: false});
  settled(function () {
    var hovered = fire(["cluster", position, "mouseover"]), clicked = fire(["cluster", position, "click"]);
    settled(function () {
      resolve({ fired: hovered && clicked, view: [m.getCenter().lat, m.getCenter().lng, m.getZoom()] });
    });
  });
})"""


def explore(frame, handle) -> tuple[dict, int]:
    """Every marker, reached by clicking every cluster (zoom in, or spiderfy at the last
    zoom), depth first from the first view. The clusters at a view depend on that view only,
    so each branch starts from its view again. Returns {tooltip: details} and clusters clicked."""
    # NO_ANIMATION took: no zoom, fade or cluster transitions to wait for (the same markers are opened)
    assert handle.evaluate("() => { var m = AtlasMap.map, o = m.atlasLayer.options; "
                           "return !m._zoomAnimated && !m._fadeAnimated && o.animate !== true; }")
    handle.evaluate(SETTLE)
    seen: dict = {"keys": set()}
    _visit_markers(handle, seen)
    start = handle.evaluate(VIEW)
    stack = [(start, c) for c in handle.evaluate(VISIBLE)["clusters"]]
    clicked = 0
    while stack:
        view, position = stack.pop()
        step = handle.evaluate(CLICK_CLUSTER, [view, position])
        assert step["fired"]
        clicked += 1
        assert clicked < 500, "clicking clusters does not end"
        after = step["view"]
        _visit_markers(handle, seen)
        if after[2] != view[2]:  # zoomed in (not spiderfied): the clusters there, in turn
            stack += [(after, c) for c in handle.evaluate(VISIBLE)["clusters"]]
    del seen["keys"]
    return seen, clicked


def _legend(frame, handle) -> str:
    """Open the legend, switch every filter off and on again; its text."""
    details = frame.locator(".atlas-legend details")
    if not details.evaluate("d => d.open"):
        frame.locator(".atlas-legend summary").click()
    assert details.evaluate("d => d.open")
    boxes = frame.locator(".atlas-legend input[type=checkbox]")
    for i in range(boxes.count()):
        for _ in range(2):  # off, then on again; each time the map (and the legend's status line) settles
            # first, as a person waits for the map: a click while it refilters may land on the box
            # that its reflow moved under the pointer
            handle.wait_for_function("() => !AtlasMap.busy()")
            boxes.nth(i).set_checked(not boxes.nth(i).is_checked())
    selects = frame.locator(".atlas-legend select")
    for i in range(selects.count()):
        values = selects.nth(i).locator("option").evaluate_all("els => els.map(e => e.value)")
        for value in values[1:] + values[:1]:  # every choice, then すべて again
            selects.nth(i).select_option(value)
    if boxes.count():  # every filter back to as it started: every marker shown
        handle.wait_for_function("() => !AtlasMap.busy()")
        words = frame.locator(".atlas-legend .atlas-filter-status").inner_text().split()  # the map's, not the list's
        assert words[0] == "表示中" and words[1] == words[3] and int(words[1]) > 0, words
    handle.evaluate(SETTLE)
    return frame.locator(".atlas-legend").inner_text()


def _nothing_ran(page, dialogs, errors) -> None:
    frames = page.frames
    hits = [h for f in frames for h in f.evaluate("window.__hits || []")]
    assert hits == [] and dialogs == [] and errors == []
    for f in frames:
        if "/maps/" in f.url or f"/districts/{DISTRICT_ID}/" in f.url:  # map files; a page with its map
            written = f.evaluate("window.__html || []")
            assert [w for w in written if any(m in w for m in CONTRIBUTOR_MARKERS)] == [], f.url


RESOURCE_NAMES = {flat(n) for n in mapped_names()} | {flat(PLACE_TOOLTIP)}


def _check_place(seen: dict, page_url: str, district: str) -> None:
    """The facility's one marker: its name once, then each service with its link (and its
    schedule on the district's map, whose points carry schedules)."""
    shown = seen[flat(PLACE_TOOLTIP)]
    assert shown["tooltip"] == PLACE_TOOLTIP
    popup = shown["popup"]
    assert popup.count(PLACE_NAME) == 1 and "この場所のサービス（2）" in popup
    at = [popup.index(f"{service}\n") for service in PLACE_SERVICES.values()]  # literally, in their order
    assert at == sorted(at)
    assert all((f"日時：{s}の日時" in popup) == (not district) for s in PLACE_SERVICES.values())
    assert shown["hrefs"] == [urljoin(page_url, f"{district}#r-{rid}") for rid in PLACE_SERVICES]


@pytest.mark.parametrize("path,expected", [
    (f"/districts/{DISTRICT_ID}/", "district"),
    ("/districts/m-131016/", "resources"),
    ("/districts/map/", "resources"),
    ("/cases/map/", "cases"),
    (f"/cases/{CASE_ID}/", "case"),
])
def test_every_marker_and_cluster_of_every_map_is_inert_and_literal(hostile_site, guarded, path, expected):
    base, atlas = hostile_site
    page, dialogs, errors = guarded
    page.goto(base + path)
    frame, handle = _map_frame(page)
    seen, clicked = explore(frame, handle)
    print(f"{path}: {len(seen)} markers hovered and clicked, {clicked} cluster clicks")
    legend = _legend(frame, handle) if frame.locator(".atlas-legend").count() else ""
    _nothing_ran(page, dialogs, errors)

    total = handle.evaluate("() => AtlasMap.map.atlasLayer.getLayers().length")
    assert len(seen) == total, (sorted(seen), total)  # every marker was reached and opened
    page_url = page.url
    if expected == "district":
        assert set(seen) == RESOURCE_NAMES
        for rid, (name, _, precision) in RESOURCES.items():
            if precision == "hidden":
                continue
            shown = seen[flat(name)]
            assert shown["tooltip"] == name  # newlines kept, nothing interpreted
            assert name in shown["popup"] and f"毎週水曜 {SCRIPT}" in shown["popup"]
            assert (APPROXIMATE_LABEL in shown["popup"]) == (precision == "approximate")
            assert "サンプル（架空のデータ）" in shown["popup"]
            assert shown["hrefs"] == [urljoin(page_url, f"#r-{rid}")]
        district = next(d for d in atlas.districts if d.id == DISTRICT_ID)
        labels = {r.category.label for r in district.resources if r.location.mappable}
        labels |= {t.label for t in atlas.vocab("target_states").ordered()}
        assert all(label in legend for label in labels), (labels, legend)  # literally, newlines too
        assert IMG in legend and SCRIPT in legend
        assert page.locator("tr#r-r-img").count() == 1  # the row the popup links to
        _check_place(seen, page_url, "")
        # only 介護予防・生活支援サービス: the place shows for its second service, the one of
        # that kind, and the status counts resources (one), not places
        order = [t.id for t in atlas.vocab("categories").ordered()]
        boxes = frame.locator(".atlas-legend input[name=cat]")
        for i in range(boxes.count()):
            boxes.nth(i).set_checked(boxes.nth(i).get_attribute("value") == str(order.index("prevention-service")))
        shown = handle.evaluate("() => AtlasMap.map.atlasLayer.getLayers().map(m => [m.atlasPoint[6], m.atlasWeight])")
        assert shown == [["r-svc-a", 1]]
        mapped = sum(1 for r in district.resources if r.location.mappable)
        assert frame.locator(".atlas-legend .atlas-filter-status").inner_text() == f"表示中 1 / {mapped} 件"
    elif expected == "resources":
        assert set(seen) >= RESOURCE_NAMES and len(seen) >= 20 + len(RESOURCE_NAMES)
        shown = seen[flat(RESOURCES["r-img"][0])]
        assert flat(f"地区：{DISTRICT_NAME}") in flat(shown["popup"])
        assert shown["hrefs"] == [urljoin(page_url, f"../{DISTRICT_ID}/#r-r-img")]
        _check_place(seen, page_url, f"../{DISTRICT_ID}/")
        assert clicked >= 1
        labels = {t.label for t in atlas.vocab("categories").ordered()} | {
            t.label for t in atlas.vocab("target_states").ordered()}
        assert all(label in legend for label in labels), (labels, legend)  # every category has points
        assert TEMPLATE in legend and MARKDOWN in legend
        # the page's own list leads to the same rows
        listed = page.locator(".atlas-resource-list a, table.atlas-figures a").evaluate_all(
            "els => els.map(e => e.href)")
        if path == "/districts/m-131016/":
            assert {h for s in seen.values() for h in s["hrefs"]} <= {place(h) for h in listed}
    elif expected == "cases":
        omuta = seen["福岡県 大牟田市"]
        assert CASE_TITLE in omuta["popup"] and urljoin(page_url, f"../{CASE_ID}/") in omuta["hrefs"]
        listed = page.locator(".atlas-map-list a").evaluate_all("els => els.map(e => e.href)")
        assert {h for s in seen.values() for h in s["hrefs"]} == {place(h) for h in listed}
        assert "事例の地図（全国）" in legend
    else:
        assert list(seen) == ["福岡県 大牟田市"]
        assert CASE_TITLE in seen["福岡県 大牟田市"]["popup"]
        assert seen["福岡県 大牟田市"]["hrefs"] == [page_url]


# ---- layout: nothing hides a marker at first sight, on a desktop and on a phone ----------

OVERLAPS = """() => {
  var boxes = [].slice.call(document.querySelectorAll(".leaflet-control, .atlas-demo-bar"))
    .map(function (e) { return e.getBoundingClientRect(); });
  var marks = [].slice.call(document.querySelectorAll("path.leaflet-interactive, .marker-cluster"));
  var hidden = [];
  marks.forEach(function (m) {
    var r = m.getBoundingClientRect();
    boxes.forEach(function (b) {
      if (r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top) {
        hidden.push([Math.round(r.left), Math.round(r.top)]);
      }
    });
  });
  var size = AtlasMap.map.getSize();
  return { hidden: hidden, marks: marks.length, width: size.x, height: size.y,
           open: [].slice.call(document.querySelectorAll(".atlas-legend details")).map(function (d) { return d.open; }) };
}"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["/districts/sample-district/", "/districts/m-131016/", "/districts/map/",
                                  "/cases/map/", "/cases/omuta/", "/maps/m-131016.html"])
def test_no_marker_starts_under_a_control_or_the_demo_bar(browser, site_server, viewport, path):
    context = browser.new_context(viewport=viewport, locale="ja-JP", is_mobile=viewport["width"] < 500,
                                  has_touch=viewport["width"] < 500)
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    page.goto(site_server + path)
    if path.startswith("/maps/"):
        handle = page.main_frame
        handle.wait_for_function("() => window.AtlasMap && AtlasMap.map && AtlasMap.map.atlasLayer")
    else:
        _, handle = _map_frame(page)
    handle.evaluate(SETTLE)
    result = handle.evaluate(OVERLAPS)
    assert result["marks"] >= 1 and result["hidden"] == [], result
    if result["open"]:  # the legend is open only where the map has room for it
        assert result["open"] == [result["width"] >= 600 and result["height"] >= 420], result
        if viewport["width"] < 500:
            assert result["open"] == [False]
    if "district" in path:
        assert handle.locator(".atlas-demo-bar").is_visible()
    context.close()


@pytest.mark.parametrize("name", ["../districts/sample-district/index.html", "m-131016.html", "national.html",
                                  "cases.html", "case-omuta.html"])
def test_popup_links_lead_to_pages_in_the_offline_copy(browser, built_site, name):
    """From file:// a folder link would show a directory listing: popups link index.html.
    (The national map loads the municipality's points with a <script>, which file:// allows.)"""
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    page.goto((built_site / "maps" / name).resolve().as_uri())
    page.wait_for_function("() => window.AtlasMap && AtlasMap.map && AtlasMap.map.atlasLayer && !AtlasMap.busy()")
    page.locator("path.leaflet-interactive").first.wait_for(timeout=10_000)
    page.locator("path.leaflet-interactive").first.dispatch_event("click")
    links = page.locator(".leaflet-popup-content a").evaluate_all("els => els.map(e => e.href)")
    assert links
    for link in links:
        url = urlparse(link)
        assert url.scheme == "file" and url.path.endswith("/index.html"), link
        page_file = Path(unquote(url.path))
        assert page_file.is_file(), link
        if url.fragment:  # the row the marker stands for
            assert f'id="{url.fragment}"' in page_file.read_text(encoding="utf-8")
    # offline, the grey background is explained, under the map, not over a marker
    note = page.locator(".atlas-offline-note[role=status]")
    note.wait_for(timeout=10_000)
    assert "インターネット" in note.inner_text()
    map_box = page.locator(".leaflet-container").first.bounding_box()
    assert note.bounding_box()["y"] >= map_box["y"] + map_box["height"] - 1
    context.close()


# ---- filters and マイリスト in popups, on the fixture project's sample district ---------------

def _real_rules(project) -> list[list]:
    """The schedule rules of every resource on the maps (the sample district's public ones)."""
    atlas, _ = load_atlas(project)
    return [[dict(x) for x in (r.schedule.rules if r.schedule else ())]
            for d in atlas.districts for r in d.resources if r.location and r.location.mappable]


def _legend_frame(page, path: str):
    frame, handle = _map_frame(page)
    details = frame.locator(".atlas-legend details")
    if not details.evaluate("d => d.open"):
        frame.locator(".atlas-legend summary").click()
    return frame, handle


def _shown(frame, handle) -> int:
    handle.wait_for_function("() => !AtlasMap.busy()")
    words = frame.locator(".atlas-filter-status").inner_text().split()
    return int(words[1])


@pytest.mark.parametrize("path,counts", [("/districts/m-131016/", False), ("/districts/map/", False),
                                         ("/districts/map/", True)],
                         ids=["municipality", "national-points", "national-counts"])
@pytest.mark.parametrize("day", ["2026-11-01", "2026-11-12", "2026-11-28"])
def test_map_filters_agree_with_the_schedule_rules(browser, site_server, fixture_root, path, counts, day):
    """曜日・時間帯・「今日開いている」 on the maps count what schedule.py says, on a Sunday 1st,
    the Thursday of a 2nd week and a last Saturday (weekly and monthly rules). "national-counts"
    refuses the municipality's points file, so the national map filters its count from the
    profiles file instead of from the points."""
    rules = _real_rules(fixture_root)
    date = datetime.date.fromisoformat(day)
    weekday = schedule.DAYS[date.weekday()]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.route("**/*", lambda r: r.abort() if "127.0.0.1" not in r.request.url
                  or (counts and "/maps/points-m-" in r.request.url) else r.continue_())
    page = context.new_page()
    page.clock.set_fixed_time(f"{day}T09:00:00")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_server + path)
    frame, handle = _legend_frame(page, path)
    loaded = handle.evaluate("() => Object.keys(window.ATLAS_POINTS || {}).filter(function (k) { "
                             "return /^m-/.test(k); }).length")
    assert loaded == (0 if counts else 1)
    assert _shown(frame, handle) == len(rules)
    cases = [({"day": weekday}, dict(day=weekday)), ({"time": "pm"}, dict(time="pm")),
             ({"day": weekday, "time": "am"}, dict(day=weekday, time="am")), ({"today": True}, dict(date=date))]
    for ui, kwargs in cases:
        frame.locator(".atlas-filter-reset").click()
        for name in ("day", "time"):
            if name in ui:
                frame.locator(f".atlas-legend select[name={name}]").select_option(ui[name])
        if ui.get("today"):
            frame.locator(".atlas-legend input[name=today]").check()
        expected = sum(1 for r in rules if schedule.filter_matches(r, **kwargs))
        assert _shown(frame, handle) == expected, (ui, expected)
    # a category and a target state off as well: both kinds of condition at once
    frame.locator(".atlas-legend input[name=cat]").first.uncheck()
    frame.locator(".atlas-legend input[name=state]").first.uncheck()
    assert _shown(frame, handle) < len(rules)
    frame.locator(".atlas-filter-reset").click()
    assert _shown(frame, handle) == len(rules)
    assert errors == []
    context.close()


# open the popup of the resource point `key` (its data; null: the first), zoomed in to the
# last zoom and spiderfied out of its cluster (markercluster's zoomToShowLayer waits for an
# icon, which a circle marker does not have)
OPEN_POINT = """key => new Promise(function (resolve) {
  var map = AtlasMap.map, layer = map.atlasLayer, all = layer.getLayers(), m = null;
  for (var i = 0; i < all.length && !m; i++) {
    if (all[i].atlasPoint && (key === null || JSON.stringify(all[i].atlasPoint) === key)) { m = all[i]; }
  }
  if (!m) { resolve(null); return; }
  // resolved once the popup has panned the map clear of the controls (a click during that
  // pan may land on the map instead of the popup's button)
  function open() {
    m.openPopup();
    var done = function () { resolve(JSON.stringify(m.atlasPoint)); };
    if (map._panAnim && map._panAnim._inProgress) { map.once("moveend", done); } else { done(); }
  }
  // then: once the clusters are still (NO_ANIMATION: at once; three quiet looks 20 ms apart)
  function still(then) {
    var quiet = 0;
    (function wait() {
      quiet = (layer._inZoomAnimation > 0 || map._animatingZoom) ? 0 : quiet + 1;
      if (quiet >= 3) { then(); } else { setTimeout(wait, 20); }
    })();
  }
  if (!layer.getVisibleParent) { open(); return; }
  map.setView(m.getLatLng(), map.getMaxZoom(), { animate: false });
  still(function () {
    var parent = layer.getVisibleParent(m);
    if (parent && parent !== m && parent.spiderfy) { parent.spiderfy(); }
    still(open);
  });
})"""


@pytest.mark.parametrize("path", ["/districts/m-131016/", "/districts/map/", "/districts/sample-district/"])
def test_a_popup_puts_the_resource_in_my_list(browser, site_server, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.add_init_script(NO_ANIMATION)
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    page.goto(site_server + path)
    frame, handle = _map_frame(page)
    key = handle.evaluate(OPEN_POINT, None)
    point = json.loads(key)
    button = frame.locator(".leaflet-popup-content button.atlas-mylist-toggle")
    assert button.inner_text() == "マイリストに入れる" and button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.inner_text() == "マイリストから外す" and button.get_attribute("aria-pressed") == "true"
    # the way to the list, out of the map's frame
    to_list = frame.locator(".leaflet-popup-content .atlas-mylist-link[role=status] a")
    assert to_list.inner_text() == "マイリストを見る（1 件）" and to_list.get_attribute("target") == "_top"
    assert to_list.get_attribute("href").endswith("mylist/")
    stored = json.loads(page.evaluate("localStorage.getItem('chiiki-atlas:mylist')"))
    # with the municipality whose rows script holds its details (mylist.js)
    assert stored == [{"id": f"sample-district/{point[6]}", "note": "", "m": "131016"}]
    page.goto(site_server + "/mylist/")
    item = page.locator(".atlas-mylist-item")
    item.first.wait_for(timeout=5_000)
    assert item.count() == 1 and item.first.locator(".atlas-mylist-name").inner_text() == point[5]
    # and out again from the popup
    page.goto(site_server + path)
    frame, handle = _map_frame(page)
    assert handle.evaluate(OPEN_POINT, key) == key
    button = frame.locator(".leaflet-popup-content button.atlas-mylist-toggle")
    assert button.inner_text() == "マイリストから外す"
    button.click()
    assert json.loads(page.evaluate("localStorage.getItem('chiiki-atlas:mylist')")) == []
    context.close()
