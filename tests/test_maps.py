"""Maps without a browser: every map gets plain JSON data (no HTML) and one shared script;
no file of ours writes HTML strings (innerHTML & co.) or hands Leaflet an HTML string;
hidden places are in no map data and approximate ones only rounded; every map has a list
beside it that leads where its markers lead. (In Chromium: test_map_browser.py.)"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE
from map_fixture import (
    CASE_ID,
    CASE_TITLE,
    DISTRICT_ID,
    DISTRICT_NAME,
    HIDDEN,
    IMG,
    RESOURCES,
    mapped_names,
    write_hostile_project,
)

from generator.check.validate import load_atlas
from generator.model.privacy import public_point
from generator.render.env import TEMPLATES
from generator.render.mapdata import PROFILE_DIGITS, SCALE, _digits
from generator.render.maps import GSI_ATTRIBUTION, GSI_LAYERS, cases_map, points_map
from generator.render.maps import district_map as district_map_file
from generator.render.site import render_site

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://atlas.example/"  # stands for wherever the site is served


@pytest.fixture(scope="module")
def atlas():
    atlas, problems = load_atlas(FIXTURE)
    assert atlas is not None, problems
    return atlas


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(atlas, rendered files) of the hostile map project (map_fixture.py)."""
    project = write_hostile_project(tmp_path_factory.mktemp("maps") / "project")
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]
    return atlas, render_site(atlas)


# ---- reading a map's data back --------------------------------------------------------

_CALL = re.compile(r'AtlasMap\.(points|national|cases)\((\w+), (JSON\.parse\(("(?:[^"\\]|\\.)*")\)|"[^"]*"), '
                   r'(\{.*?\})\);')


def map_call(html: str) -> tuple[str, dict | str, dict]:
    """(function, data or the key of a points file, options) of a map file's one script call."""
    calls = _CALL.findall(html)
    assert len(calls) == 1, "a map file makes exactly one AtlasMap call"
    function, _, arg, literal, options = calls[0]
    data = json.loads(json.loads(literal)) if literal else json.loads(arg)
    return function, data, json.loads(options)


def points_file(js: str) -> tuple[str, dict]:
    key, data = re.fullmatch(r'\(window\.ATLAS_POINTS=window\.ATLAS_POINTS\|\|\{\}\)\[("[^"]+")\]=(.*);\n',
                             js, re.S).groups()
    return json.loads(key), json.loads(data)


def map_data(files: dict, path: str) -> tuple[str, dict, dict]:
    function, data, options = map_call(files[path])
    if isinstance(data, str):  # the key of a points file the map file loads (maps/<src>)
        srcs = [s for s in re.findall(r'<script src="([^"]+)"', files[path]) if not s.startswith("../")]
        assert len(srcs) == 1, srcs
        key, data = points_file(files[f"maps/{srcs[0]}"])
        assert key == map_call(files[path])[1]
    return function, data, options


def national_files(files: dict) -> tuple[dict, dict]:
    """(counts, profiles) of the national map (mapdata.national_data)."""
    _, counts, _ = map_data(files, "maps/national.html")
    key, profiles = points_file(files[f"maps/{counts['u']['filters']}"])
    assert key == counts["u"]["filtersKey"]
    return counts, profiles


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | dict):
        items = value.values() if isinstance(value, dict) else value
        return [s for v in items for s in strings(v)]
    return []


def marker_links(files: dict, path: str) -> set[str]:
    """Where each marker's popup link leads, as absolute URLs."""
    function, data, _ = map_data(files, path)
    base = urljoin(SITE, path)
    if function == "national":  # its detail: each municipality's points file, which its map shows
        return {link for m in data["m"] for link in marker_links(files, f"maps/m-{m[0]}.html")}
    if function == "points":
        return {urljoin(base, data["d"][p[4]][1] + "#r-" + p[6]) for p in data["p"]}
    return {urljoin(base, data["c"][i][1]) for p in data["p"] for i in p[3]}


def page_links(files: dict, page: str, selector: str) -> set[str]:
    """The links of a page's list, as absolute URLs (page sources become <page>/index.html)."""
    soup = BeautifulSoup(files[page], "html.parser")
    base = urljoin(SITE, page.removesuffix(".md") + "/")
    return {urljoin(base, a["href"]) for a in soup.select(selector)}


def map_files(files: dict) -> list[str]:
    return sorted(p for p in files if p.startswith("maps/") and p.endswith(".html"))


def district_map(files: dict, district_id: str) -> tuple[dict, dict]:
    """(map data, record) of a district page: its map is in the page (assets/district.js
    draws it from the record and these tables; test_map_browser.py checks the points it
    makes are mapdata.points_data's)."""
    page = files[f"districts/{district_id}.md"]
    found = dict(re.findall(r'<script type="application/json" id="(atlas-map-data|atlas-record)">(.*?)</script>',
                            page, re.S))
    return json.loads(found["atlas-map-data"]), json.loads(found["atlas-record"])


def record_points(record: dict) -> list[dict]:
    """The resources of a record with a point on the map (district.js: lat and lon given)."""
    return [r for r in record["resources"] if "lat" in (r.get("location") or {})]


# ---- data: plain text, every public resource, nothing hidden ---------------------------

def test_every_map_gets_plain_json_data_with_contributor_text_as_is(hostile):
    atlas, files = hostile
    paths = map_files(files)
    assert {"maps/m-131016.html", "maps/national.html", "maps/cases.html", f"maps/case-{CASE_ID}.html"} <= set(paths)
    datas = {path: map_data(files, path)[1] for path in paths}
    datas[f"districts/{DISTRICT_ID}.md"] = district_map(files, DISTRICT_ID)  # a district's map is in its page
    for path, data in datas.items():
        text = strings(data)
        # no markup of ours (the old popups were <div class="atlas-popup">…<br>… strings)
        assert not [s for s in text if re.search(r"<(div|br|a |strong|small|span|ul|li)\b|&lt;|&amp;", s)], path
    tables, record = datas[f"districts/{DISTRICT_ID}.md"]
    assert {r["name"] for r in record_points(record)} == mapped_names()           # names exactly as written
    assert record["name"] == DISTRICT_NAME
    assert [c[1] for c in tables["c"]] == [t.label for t in atlas.vocab("categories").ordered()]
    _, cases, _ = map_data(files, "maps/cases.html")
    assert CASE_TITLE in [c[0] for c in cases["c"]]


def test_district_map_marks_every_public_resource_and_no_hidden_one(atlas):
    district = next(d for d in atlas.districts if d.id == "sample-district")
    files = render_site(atlas)
    tables, record = district_map(files, "sample-district")
    mapped = [r for r in district.resources if r.location and r.location.mappable]
    points = record_points(record)
    assert sorted(p["name"] for p in points) == sorted(r.name for r in mapped)
    for p in points:
        r = next(r for r in mapped if r.id == p["id"])
        assert (p["location"]["lat"], p["location"]["lon"]) == public_point(r.location)
        assert p["category"] == r.category.id and p["location"]["precision"] == r.location.precision
    # its municipality's points file (the municipality map, the national map's detail): schedules for the filters
    _, data, _ = map_data(files, f"maps/m-{district.municipality.code}.html")
    ours = [p for p in data["p"] if data["d"][p[4]][3] == "sample-district"]  # マイリスト: sample-district/<id>
    assert sorted(p[6] for p in ours) == sorted(r.id for r in mapped)
    for p in ours:
        r = next(r for r in mapped if r.id == p[6])
        assert data["h"][p[8]] == [dict(rule) for rule in (r.schedule.rules if r.schedule else ())]
        assert data["d"][p[4]][4] == district.municipality.code  # マイリスト: which rows file
    assert len({json.dumps(h) for h in data["h"]}) == len(data["h"]) and data["h"][0] == []
    hidden = [r for r in district.resources if r.location and r.location.precision == "hidden"]
    assert hidden, "the sample district should exercise hidden locations"
    for r in hidden:
        assert next(p for p in record["resources"] if p["id"] == r.id)["location"] == {"precision": "hidden"}
    assert tables["options"]["cluster"] is False
    assert "サンプル（架空のデータ）" in BeautifulSoup(files["districts/sample-district.md"], "html.parser").select_one(
        ".atlas-map-block .atlas-demo-bar").text


def test_hidden_places_are_in_no_map_data_and_approximate_ones_only_rounded(hostile):
    _, files = hostile
    maps = {p: c for p, c in files.items() if p.startswith("maps/")}
    hidden_name = RESOURCES["r-hidden"][0]
    raw = {f"{v:.5f}" for v in HIDDEN} | {f"{v:.4f}" for v in HIDDEN} | {str(round(v * SCALE)) for v in HIDDEN}
    _, approx_point, _ = RESOURCES["r-attr"]
    raw |= {f"{v:.5f}" for v in approx_point} | {str(round(v * SCALE)) for v in approx_point}
    for path, content in maps.items():
        assert hidden_name not in content and '"r-hidden"' not in content, path
        assert not [n for n in raw if n in content], path
    rounded = [round(v, 2) for v in approx_point]
    for path in ("maps/m-131016.html",):
        _, data, _ = map_data(files, path)
        assert not [p for p in data["p"] if p[6] == "r-hidden"]
        approx = [p for p in data["p"] if p[6] == "r-attr"]
        assert len(approx) == 1 and [approx[0][0] / SCALE, approx[0][1] / SCALE] == rounded and approx[0][7] == 1
    # the district page's map is drawn from its record: the hidden place has no point there
    _, record = district_map(files, DISTRICT_ID)
    assert "r-hidden" not in {p["id"] for p in record_points(record)}
    approx = next(p for p in record["resources"] if p["id"] == "r-attr")["location"]
    assert [approx["lat"], approx["lon"]] == rounded and approx["precision"] == "approximate"
    page = files[f"districts/{DISTRICT_ID}.md"]
    assert not [n for n in raw if n in page]
    # the national map counts public points only, and its box and centre are theirs
    _, data, _ = map_data(files, "maps/m-131016.html")
    counts, _ = national_files(files)
    (row,) = [m for m in counts["m"] if m[0] == "131016"]
    lats, lons = [p[0] for p in data["p"]], [p[1] for p in data["p"]]
    assert row[4] == len(data["p"]) and row[5:9] == [min(lats), min(lons), max(lats), max(lons)]
    assert row[2:4] == [round(sum(lats) / len(lats)), round(sum(lons) / len(lons))]


def test_national_profiles_are_each_municipality_s_points_as_the_filters_see_them(hostile):
    """Decoded, the profiles file holds per municipality exactly its public points' category,
    target states and schedule rules (what the filters test), in any order."""
    atlas, files = hostile
    counts, profiles = national_files(files)
    categories = [c[0] for c in counts["c"]]
    states = [s[0] for s in counts["s"]]
    assert len(profiles["m"]) == len(counts["m"]) and profiles["w"] >= 1
    for row, digits in zip(counts["m"], profiles["m"], strict=True):
        width = profiles["w"]
        assert len(digits) == width * row[4]
        decoded = []
        for i in range(0, len(digits), width):
            index = 0
            for ch in digits[i:i + width]:
                index = index * 64 + PROFILE_DIGITS.index(ch)
            category, bits, rules = profiles["k"][index]
            decoded.append((categories[category], tuple(s for b, s in enumerate(states) if bits & (1 << b)),
                            json.dumps(profiles["h"][rules], sort_keys=True)))
        expected = [(r.category.id, tuple(sorted((t.id for t in r.target_states), key=states.index)),
                     json.dumps([dict(x) for x in (r.schedule.rules if r.schedule else ())], sort_keys=True))
                    for d in atlas.districts if d.municipality.code == row[0] for r in d.resources
                    if r.location and r.location.mappable]
        assert sorted(decoded) == sorted(expected) and expected


@pytest.mark.parametrize("n,width", [(1, 1), (64, 1), (65, 2), (4096, 2), (4097, 3)])
def test_profile_indexes_take_as_many_digits_as_the_most_profiles_need(n, width):
    assert max(1, math.ceil(math.log(n, 64) - 1e-9)) == width  # what national_data picks
    assert len(_digits(n - 1, width)) == width and _digits(n - 1, width) != _digits(n - 2, width)


# ---- a list beside every map, leading where the markers lead ---------------------------

def test_each_marker_and_its_list_lead_to_the_same_place(hostile):
    atlas, files = hostile
    # district map ↔ the district page's resource table (#r-<id> rows)
    district_page = f"districts/{DISTRICT_ID}.md"
    rows = {urljoin(urljoin(SITE, f"districts/{DISTRICT_ID}/"), f"#{tr['id']}")
            for tr in BeautifulSoup(files[district_page], "html.parser").select("tr[id^=r-]")}
    # its markers' 「くわしく見る」: "#r-<id>" on the page itself (district.js)
    links = {urljoin(urljoin(SITE, f"districts/{DISTRICT_ID}/"), f"#r-{p['id']}")
             for p in record_points(district_map(files, DISTRICT_ID)[1])}
    assert links and links <= rows and len(rows - links) == 1  # the hidden place: listed, not mapped
    # municipality map ↔ the municipality page's list, for every mapped resource
    listed = page_links(files, "districts/m-131016.md", ".atlas-resource-list a")
    links = marker_links(files, "maps/m-131016.html")
    assert links and links <= listed
    mapped = {urljoin(SITE, f"districts/{d.id}/#r-{r.id}") for d in atlas.districts for r in d.resources
              if r.location and r.location.mappable}
    assert links == mapped
    # every link target exists: a row on that district page
    for link in links:
        page, anchor = link.removeprefix(SITE).split("#")
        assert f'id="{anchor}"' in files[page.rstrip("/") + ".md"], link
    # national map: the same points as all municipality maps together (loaded as the view
    # comes close), and its counts add up to them
    assert marker_links(files, "maps/national.html") == mapped
    counts, _ = national_files(files)
    assert counts["n"] == sum(m[4] for m in counts["m"]) == len(mapped) == sum(counts["t"])
    listed = page_links(files, "districts/map.md", "table.atlas-figures a")
    assert {urljoin(SITE, f"districts/p-{m[0][:2]}/") for m in counts["m"]} <= listed
    # case map ↔ its list of municipalities and their cases
    listed = page_links(files, "cases/map.md", ".atlas-map-list a")
    assert marker_links(files, "maps/cases.html") == listed
    assert urljoin(SITE, f"cases/{CASE_ID}/") in listed
    # each case's small map links to the case page itself
    assert marker_links(files, f"maps/case-{CASE_ID}.html") == {urljoin(SITE, f"cases/{CASE_ID}/")}


def test_pages_with_a_map_link_to_their_list(hostile):
    _, files = hostile
    for page, anchor in ((f"districts/{DISTRICT_ID}.md", "#resources"), ("districts/m-131016.md", "#list"),
                         ("districts/map.md", "#list"), ("cases/map.md", "#list")):
        soup = BeautifulSoup(files[page], "html.parser")
        assert soup.select_one(f'.atlas-map-note a[href="{anchor}"]'), page
        assert soup.select_one(anchor), page


# ---- no HTML strings: a scan of our scripts and of every map file -----------------------

_SINKS = re.compile(r"\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write(?:ln)?)\b")
# Leaflet inserts a string given to these as HTML; an element, or a function returning one
# (named ...Node in atlas-map.js, and run by the browser tests), is inserted as a node
_BINDS = re.compile(r"\.(bindPopup|bindTooltip|setContent)\((?!\s*(?:function\b|[A-Za-z_$][\w$]*Node\b))")
_DIV_ICON_HTML = re.compile(r"\bhtml\s*:(?!\s*[A-Za-z_$][\w$]*Node\()")
_OVERLAYS = re.compile(r"\baddOverlay\(|overlays\s*:\s*\{(?!\s*\})")


def html_string_uses(text: str) -> list[str]:
    """Every place in a script or HTML file that writes an HTML string into the page."""
    found = []
    for pattern in (_SINKS, _BINDS, _DIV_ICON_HTML, _OVERLAYS):
        for m in pattern.finditer(text):
            found.append(text[max(0, m.start() - 40):m.end() + 40].replace("\n", " "))
    return found


@pytest.mark.parametrize("snippet", [
    # what commit 16fe0f6 shipped
    "m.bindTooltip(p[5]);", "m.bindTooltip( p[5] );",
    "L.circleMarker([p[0], p[1]], {radius: 10}).bindPopup(p[2], {maxWidth: 280}).bindTooltip(p[3]).addTo(layer);",
    "var d = L.DomUtil.create('div', \"atlas-legend\");d.innerHTML = \"\\u003cstrong\\u003e\";",
    'marker_1.bindPopup("\\u003cdiv class=\\"atlas-popup\\"\\u003e", {"maxWidth": 280});',
    "layer.addTo(map); control.addOverlay(layer, g[0]);",
    # and other ways to do the same
    "popup.setContent('<b>' + name + '</b>')", "el.insertAdjacentHTML('beforeend', s)", "document.write(x)",
    "L.divIcon({html: '<div><span>' + n + '</span></div>'})",
    'overlays :  {\n "\\u003cb\\u003e" : layer_1,\n},',
])
def test_the_scan_finds_html_strings(snippet):
    assert html_string_uses(snippet)


def test_no_asset_of_ours_or_map_file_writes_an_html_string(built_site):
    """Our scripts (site_templates/assets, as served) and every map file. Leaflet and the
    theme are third-party code: they are only ever handed our DOM nodes (test_map_browser.py
    traps innerHTML at run time to check that no contributor text reaches it)."""
    own = {p.relative_to(TEMPLATES / "assets").as_posix() for p in (TEMPLATES / "assets").rglob("*")
           if p.suffix in (".js", ".html")}
    files = [built_site / "assets" / name for name in sorted(own)]
    files += sorted((built_site / "maps").glob("*.html")) + sorted((built_site / "maps").glob("*.js"))
    assert "atlas-map.js" in own and "district.js" in own and len([f for f in files if f.suffix == ".html"]) >= 10
    found = {str(f.relative_to(built_site)): uses for f in files
             if (uses := html_string_uses(f.read_text(encoding="utf-8")))}
    assert found == {}
    # the map files call the one shared script and nothing of Folium's own popups or tooltips
    for f in (built_site / "maps").glob("*.html"):
        text = f.read_text(encoding="utf-8")
        assert "/atlas-map.js" in text and "AtlasMap." in text and "L.popup(" not in text and "L.tooltip(" not in text


# ---- Folium scaffolding: rendered once per kind, same bytes as rendering directly --------

@pytest.mark.parametrize("count", [0, 1, 2, None])
def test_district_map_from_the_cached_skeleton_equals_a_direct_folium_render(hostile, count):
    atlas, _ = hostile
    district = next(d for d in atlas.districts if d.id == "sample-district")
    resources = district.resources if count is None else [r for r in district.resources
                                                          if r.location and r.location.mappable][:count]
    if resources:  # names that look like the skeleton's stand-ins stay names
        resources = [replace(resources[0], name='"ATLAS-DATA-7f3a" ATLAS-TITLE-7f3a'), *resources[1:]]
    for demo in (True, False):
        d = replace(district, name=IMG + "ATLAS-TITLE-7f3a{{ 1 }}", demo=demo, resources=resources)
        args = (atlas, d, "../assets", "../districts/")
        assert district_map_file(*args) == district_map_file(*args, direct=True)


def test_points_and_case_maps_from_the_skeleton_equal_a_direct_folium_render(hostile):
    atlas, _ = hostile
    for demo in (True, False):
        args = ("m-131016", "points-m-131016.js", "../assets", (35.69, 139.75), DISTRICT_NAME, demo)
        back = ("../districts/m-131016/index.html", DISTRICT_NAME + "<!--ATLAS-BACK-7f3a-->")
        assert points_map(*args, back=back) == points_map(*args, back=back, direct=True)
    for legend in (True, False):
        args = (atlas.cases, "../assets", "../cases/", (36.5, 137.0), CASE_TITLE, legend)
        assert cases_map(*args, back=("../cases/x/index.html", CASE_TITLE)) == cases_map(
            *args, back=("../cases/x/index.html", CASE_TITLE), direct=True)


def test_map_uses_local_leaflet_and_gsi_tiles_only(atlas):
    files = render_site(atlas)
    for path in map_files(files):
        html = files[path]
        srcs = re.findall(r'<(?:script[^>]*src|link[^>]*href)="([^"]+)"', html)
        assert srcs and all(s.startswith("../assets/") or f"maps/{s}" in files for s in srcs), srcs
        assert "cyberjapandata.gsi.go.jp/xyz/std/" in html and '<html lang="ja">' in html
        assert json.dumps("地理院タイル")[1:-1] in html  # folium writes options as ASCII JSON
        # opened alone, a map leads back to the page that shows it and to the home page, and
        # can be pinch-zoomed (WCAG 1.4.4: Folium's viewport line forbade it)
        bar = BeautifulSoup(html, "html.parser").select("nav.atlas-map-back > a")  # not the credit's licence link
        pages = [urljoin(path, a["href"]).removesuffix("/index.html").removesuffix("index.html") for a in bar]
        assert [p or "index" for p in pages][1:] == ["index"] and len(bar) == 2, (path, bar)
        assert pages[0] + ".md" in files and bar[0].get_text().startswith("← "), (path, pages[0])
        viewport = re.findall(r'<meta name="viewport" content="([^"]*)"', html)
        assert viewport == ["width=device-width, initial-scale=1.0"], (path, viewport)
    # the base-layer switch holds our two constant names and no overlay
    assert all(json.dumps(name)[1:-1] in files["maps/m-131016.html"] for name, _ in GSI_LAYERS)
    # a district page's map (district.js, from its module js/district/map.js) has the same
    # base layers and attribution
    script = (TEMPLATES / "js/district/map.js").read_text(encoding="utf-8")
    assert all(f'["{name}", "{url}"]' in script for name, url in GSI_LAYERS)
    assert f"var GSI_ATTRIBUTION = '{GSI_ATTRIBUTION}';" in script


def test_contributor_text_is_never_evaluated_as_a_template(hostile):
    """"{{ … }}" from YAML stays text in every map (branca renders Jinja templates)."""
    _, files = hostile
    heading = BeautifulSoup(files[f"districts/{DISTRICT_ID}.md"], "html.parser").h1.text  # the map's page
    assert "{{ 7*7 }}" in DISTRICT_NAME and heading == DISTRICT_NAME and "49" not in heading
    _, data, _ = map_data(files, "maps/m-131016.html")
    assert data["d"][0][0] == DISTRICT_NAME and RESOURCES["r-md"][0] in [p[5] for p in data["p"]]
    _, record = district_map(files, DISTRICT_ID)  # a district's map: from its page's record
    assert record["name"] == DISTRICT_NAME and RESOURCES["r-md"][0] in [p["name"] for p in record_points(record)]


def test_demo_label_is_a_bar_above_the_map_not_over_it(hostile):
    _, files = hostile
    # a district page: the bar right above its map
    block = BeautifulSoup(files[f"districts/{DISTRICT_ID}.md"], "html.parser").select_one(".atlas-map-block")
    bar = block.select_one(".atlas-demo-bar")
    assert "サンプル（架空のデータ）" in bar.text and bar.find_next_sibling()["id"] == "atlas-map"
    for path, text in (("maps/m-131016.html", "サンプル（架空のデータ）を含みます"),
                       ("maps/national.html", "サンプル（架空のデータ）を含みます")):
        body = BeautifulSoup(files[path], "html.parser").body
        back, first, second = [c for c in body.children if getattr(c, "name", None)][:3]
        assert "atlas-map-back" in back["class"], path  # the way back to the site, then the label
        assert "atlas-demo-bar" in first["class"] and text in first.text, path
        assert "folium-map" in second["class"], path
    assert "atlas-demo-bar" not in files["maps/cases.html"]


# term orders: as written, reversed, all tied, some tied, a term twice (equal terms), one term, none
ORDERS = [[0, 1, 2, 3], [3, 2, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [2, 1, 1, 2], [5], []]


@pytest.mark.parametrize("orders", ORDERS)
@pytest.mark.parametrize("twice", [False, True])
def test_the_maps_vocabulary_order_is_the_vocabularys(orders, twice):
    """vocab_tables sorts terms without Vocabulary.ordered's list.index: the same order."""
    from generator.model.model import Term, Vocabulary
    from generator.render.mapdata import _ordered

    terms = [Term(f"t{i}", f"語{i}", order) for i, order in enumerate(orders)]
    if twice and terms:
        terms.append(Term(terms[0].id, terms[0].label, terms[0].order))  # equal to the first
    vocab = Vocabulary("categories", "種類", terms)
    assert [id(t) for t in _ordered(vocab)] == [id(t) for t in vocab.ordered()]
