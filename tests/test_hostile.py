"""Hostile contributor input is inert, end to end (issue 12's acceptance).

The project of tests/hostile_project.py carries an attack in every free-text string of every
YAML file kind (about 1,000 strings of the tests' own project: cases, districts, vocabularies, documents, statistics,
worksheets, check-sheets). It builds; then headless Chromium opens every page and every
map file of the site, builds the popup and tooltip of every marker (shown or clustered),
hovers and clicks the markers and clusters on screen, runs the search, fills and prints the
マイリスト, switches the sheets to print media and saves a filtered CSV. Nothing may run
(`window.__x` records any call), no dialog may open, no script error may happen.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import subprocess
import threading
import zipfile
from urllib.parse import quote

import pytest
import yaml
from conftest import _QuietHandler, shared_dir
from hostile_project import hostile_project

from generator.cli import cmd_build
from generator.model.csvcells import TRIGGERS

pytestmark = pytest.mark.browser

# builds every popup and tooltip of every Leaflet layer of every map in the frame, as
# Leaflet would show it (an HTML string would go through innerHTML), and counts them
EXERCISE_MARKERS = """() => {
  if (!window.L) { return 0; }
  var maps = [], n = 0;
  for (var k in window) { try { if (window[k] instanceof L.Map) { maps.push(window[k]); } } catch (e) {} }
  // a district page's map is not a global (district.js): atlas-map.js keeps the one it drew
  if (window.AtlasMap && AtlasMap.map && maps.indexOf(AtlasMap.map) < 0) { maps.push(AtlasMap.map); }
  function show(layer, getter) {
    var bound = layer[getter] && layer[getter]();
    if (!bound) { return; }
    var c = bound.getContent();
    if (typeof c === "function") { c = c(layer); }
    if (c && c.nodeType) { document.body.appendChild(c); n++; }
    else if (typeof c === "string") {
      var d = document.createElement("div"); d.innerHTML = c; document.body.appendChild(d); n++;
    }
  }
  function visit(layer) {
    if (layer.getLayers) { layer.getLayers().forEach(visit); }
    show(layer, "getPopup"); show(layer, "getTooltip");
  }
  maps.forEach(function (m) { m.eachLayer(visit); });
  return n;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    def build(folder) -> None:
        project, fields = hostile_project(folder / "project")
        assert cmd_build(project, project / "site") == 0
        (folder / "fields.json").write_text(json.dumps(fields), encoding="utf-8")

    folder = shared_dir(tmp_path_factory, "hostile", build)  # built once a run, whichever worker asks first
    site = folder / "project" / "site"
    fields = [(rel, tuple(where)) for rel, where in json.loads((folder / "fields.json").read_text(encoding="utf-8"))]
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}", fields
    server.shutdown()


@pytest.fixture(scope="module")
def tab(browser):
    """One page for the module; its record of calls, dialogs and errors is cleared per test."""
    context = browser.new_context(accept_downloads=True)
    context.add_init_script("window.__hits = []; window.__x = function (n) { window.__hits.push(n); };"
                            "window.print = function () { window.__printed = true; };")
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    seen = {"dialogs": [], "errors": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    # console errors, except the map tiles this offline machine cannot fetch
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error"
            and "Failed to load resource" not in m.text else None)
    yield page, seen
    context.close()


def _hits(page) -> list:
    hits = []
    for frame in page.frames:
        hits += frame.evaluate("window.__hits || []")
    return hits


# hovers and clicks every marker on screen (DOM events: an open popup pans the map and would
# move the next marker under a pointer), then opens the first cluster; returns how many clusters remain
POKE = """() => {
  var markers = document.querySelectorAll("path.leaflet-interactive, .leaflet-marker-icon:not(.marker-cluster)");
  for (var i = 0; i < markers.length; i++) {
    markers[i].dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    markers[i].dispatchEvent(new MouseEvent("click", {bubbles: true}));
  }
  var clusters = document.querySelectorAll(".marker-cluster");
  if (clusters.length) { clusters[0].dispatchEvent(new MouseEvent("click", {bubbles: true})); }
  return clusters.length;
}"""


def _exercise(page) -> int:
    """Every popup and tooltip built; markers on screen hovered and clicked; clusters opened."""
    built = 0
    for frame in page.frames:
        built += frame.evaluate(EXERCISE_MARKERS)
        for _ in range(4):  # clusters open by zooming in; each round reveals more markers
            if not frame.evaluate(POKE):
                break
            frame.wait_for_timeout(300)
    return built


def _pages(site) -> list[str]:
    paths = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return paths


def test_every_page_and_map_is_inert(hostile, tab):
    site, base, fields = hostile
    page, seen = tab
    pages = _pages(site)
    assert len(pages) > 40 and len(fields) > 900
    built = {}
    for path in pages:
        seen["dialogs"].clear()
        seen["errors"].clear()
        page.goto(base + path)
        page.wait_for_load_state("load")
        built[path] = _exercise(page)
        page.wait_for_timeout(50)
        assert (path, _hits(page), seen["dialogs"], seen["errors"]) == (path, [], [], [])
        if path == "/districts/hostile-district/":  # its gaps link cases (content/gap_links.yaml)
            gap_texts = page.evaluate("() => Array.from(document.querySelectorAll("
                                      "'.atlas-gap-cases a, .atlas-gap-topics h5'), e => e.textContent)")
    # every marker of the crowded district had a popup and a tooltip: one a place (its 20 mapped
    # resources of 30 share a name, so those at one point are one place listing each of them)
    from generator.check.validate import load_atlas
    from generator.model.places import places

    atlas, _ = load_atlas(site.parent)
    crowded = next(d for d in atlas.districts if d.id == "hostile-district")
    markers = sum(1 for group in places(list(crowded.resources))
                  if crowded.resources[group[0]].location and crowded.resources[group[0]].location.mappable)
    assert markers >= 3
    assert built["/districts/hostile-district/"] >= 2 * markers  # its map is in its page
    assert built["/maps/national.html"] >= 2 * markers
    # the tied cases' titles and the topics' labels are shown as the text they are
    project = site.parent
    shown = {yaml.safe_load(p.read_text(encoding="utf-8"))["title"] for p in (project / "cases").glob("*.yaml")}
    shown |= {t["label"] for t in yaml.safe_load((project / "content/gap_links.yaml").read_text(encoding="utf-8"))["topics"]}
    assert gap_texts and set(gap_texts) <= shown and all("__x(" in t for t in gap_texts), gap_texts


@pytest.mark.parametrize("query", ["__x", "onerror", "script", "Q7", "{{", "##"])
def test_search_results_are_text(hostile, tab, query):
    _, base, _ = hostile
    page, seen = tab
    seen["errors"].clear()
    page.goto(base + "/search/?q=" + quote(query))
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    results = page.locator("#atlas-search-results")
    assert results.locator("script, img, svg, iframe").count() == 0
    assert _hits(page) == [] and seen["errors"] == []
    if query == "__x":
        assert "<img src=x onerror=__x(4)>" in results.inner_text()


def test_mylist_and_print_views_are_inert(hostile, tab):
    _, base, _ = hostile
    page, seen = tab
    seen["errors"].clear()
    page.goto(base + "/districts/hostile-district/")
    page.wait_for_load_state("load")
    buttons = page.locator("button.atlas-mylist-toggle")
    assert buttons.count() == 30
    for i in range(buttons.count()):
        buttons.nth(i).click()
    for path in ("/mylist/", "/districts/hostile-district/?paper=a3", "/worksheets/example/",
                 "/checksheets/strategy/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        page.emulate_media(media="print")
        page.wait_for_timeout(100)
        assert _hits(page) == [] and seen["errors"] == [], path
        page.emulate_media(media="screen")
    page.goto(base + "/mylist/")
    assert page.locator(".atlas-mylist-item").count() == 30
    assert "<script>__x(3)</script>" in page.locator("#atlas-mylist").inner_text()
    page.locator("button[data-action=print]").click()
    assert page.evaluate("window.__printed") is True and _hits(page) == []


def test_saved_csv_neutralises_formula_cells(hostile, tab):
    """「CSV で保存」 in the browser writes what csvcells.neutralise would."""
    _, base, _ = hostile
    page, _ = tab
    page.goto(base + "/districts/hostile-district/")
    page.wait_for_load_state("load")
    with page.expect_download() as download:
        page.locator("button[data-download=csv]").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 30
    for row in rows:
        assert all(v[:1] not in TRIGGERS for v in row.values()), row


def test_printed_sheets_show_payload_as_text(hostile):
    site, _, _ = hostile
    pdf = site / "pdf/worksheet-hostile-district-a3.pdf"
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "<script>__x(3)</script>" in text.replace("\n", "")


def test_no_output_file_holds_an_evaluated_template(hostile):
    site, _, _ = hostile
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".csv", ".geojson", ".json"):
            assert b"Q7Z9" not in path.read_bytes(), path
    with zipfile.ZipFile(site / "downloads/all.zip") as archive:  # the national CSV and GeoJSON
        for name in archive.namelist():
            assert b"Q7Z9" not in archive.read(name), name
