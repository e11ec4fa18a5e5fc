"""The output design (issue 15): what a district page builds in the browser is what the
templates and the Python code make; pages put into the theme once are the pages MkDocs
makes; the downloads saved in the browser are the site's CSV and GeoJSON; the one national
file holds every resource.

On the hostile map project (map_fixture.py: payloads in names and in category and state
labels) plus a district whose names sort differently by UTF-16 unit and by code point."""

from __future__ import annotations

import csv
import functools
import gzip
import http.server
import io
import json
import re
import threading
import zipfile
from dataclasses import replace

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import PagesHandler, make_project
from map_fixture import DISTRICT_ID, write_hostile_project

from generator.check.validate import load_atlas
from generator.cli import cmd_build
from generator.render.exports import ALL_ZIP, to_csv, to_geojson
from generator.render.mapdata import points_data
from generator.render.pages import by_municipality
from generator.render.sheets import district_grid_html
from generator.render.site import render_site

SORTING = "sort-test"  # names that sort differently by UTF-16 unit (JavaScript) and by code point (Python)


def _add_sorting_district(project) -> None:
    names = ["\U0001f600絵文字", "\uff5e全角チルダ", "同じ名前", "同じ名前", "ａ全角", "a半角"]
    resources = [{"id": f"s{i}", "name": name, "category": "salon",
                  "target_states": ["near-care", "genki"] if i % 2 else ["kyojaku"],
                  "location": {"lat": 35.69 + i / 1000, "lon": 139.75, "precision": ("exact", "approximate")[i % 2]},
                  "last_verified": "2026-10-01"} for i, name in enumerate(names)]
    district = {"id": SORTING, "name": "並び順の試験地区（架空）", "layer": "neighbourhood", "demo": True,
                "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
                "last_reviewed": "2026-11-01", "resources": resources}
    (project / f"content/districts/{SORTING}.yaml").write_text(
        yaml.safe_dump(district, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = write_hostile_project(tmp_path_factory.mktemp("output") / "project")
    _add_sorting_district(project)
    return project


@pytest.fixture(scope="module")
def served(project, monkeypatch_module):
    """(base URL, atlas, site) of the project built as `generator build` does (no PDFs)."""
    monkeypatch_module.setenv("ATLAS_PDF", "0")
    site = project / "site"
    assert cmd_build(project, site) == 0
    handler = functools.partial(PagesHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    atlas, _ = load_atlas(project)
    yield f"http://127.0.0.1:{server.server_address[1]}", atlas, site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True)
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()


def _canonical(html: str) -> str:
    """Elements, their attributes (sorted) and text; whitespace between tags dropped."""
    soup = BeautifulSoup(html, "html.parser")

    def walk(node) -> str:
        if node.name is None:
            text = str(node)
            return "" if not text.strip() else text
        attrs = " ".join(f'{k}="{" ".join(v) if isinstance(v, list) else v}"' for k, v in sorted(node.attrs.items()))
        return f"<{node.name} {attrs}>" + "".join(walk(c) for c in node.children) + f"</{node.name}>"

    return "".join(walk(c) for c in soup.children)


# ---- what the district page builds in the browser ----------------------------------------------

@pytest.mark.browser
def test_the_worksheet_a_district_page_builds_is_the_templates_grid(served, page):
    base, atlas, _ = served
    for district in atlas.districts:
        page.goto(f"{base}/districts/{district.id}/")
        built = page.locator("#atlas-district-grid").inner_html()
        expected = district_grid_html(district, atlas)
        assert _canonical(built) == _canonical(expected), district.id
        assert page.locator(".atlas-ws-item").count() >= len(district.resources)
    assert page.errors == []


@pytest.mark.browser
def test_the_map_a_district_page_draws_has_mapdata_points(served, page):
    base, atlas, _ = served
    for district in atlas.districts:
        page.goto(f"{base}/districts/{district.id}/")
        page.wait_for_function("() => window.AtlasMap && AtlasMap.map && AtlasMap.map.atlasLayer")
        drawn = page.evaluate("() => AtlasMap.map.atlasLayer.getLayers().map(m => m.atlasPoint)")
        expected = points_data(atlas, [district], "", detail=True)["p"]
        assert sorted(drawn, key=lambda p: p[6]) == sorted(expected, key=lambda p: p[6]) and expected, district.id
    assert page.errors == []


@pytest.mark.browser
def test_municipality_downloads_saved_in_the_browser_are_the_sites_csv_and_geojson(served, page, tmp_path):
    base, atlas, _ = served
    (muni, districts), = by_municipality(atlas)
    page.goto(f"{base}/districts/m-{muni.code}/")
    saved = {}
    for kind in ("csv", "geojson"):
        with page.expect_download() as info:
            page.click(f"button[data-rows-save={kind}]")
        saved[kind] = info.value.path().read_bytes()
        assert info.value.suggested_filename == f"m-{muni.code}.{kind}"
    assert saved["csv"] == to_csv(atlas, districts)  # byte for byte: BOM, CRLF, neutralised cells
    assert json.loads(saved["geojson"]) == json.loads(to_geojson(atlas, districts))
    # and a district's 「表示中の資源を保存」 with nothing filtered: its own rows, as in the national file
    district = next(d for d in districts if d.id == DISTRICT_ID)
    page.goto(f"{base}/districts/{district.id}/")
    with page.expect_download() as info:
        page.click("button[data-download=csv]")
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    expected = list(csv.DictReader(io.StringIO(to_csv(atlas, [district]).decode("utf-8-sig"))))
    assert sorted(rows, key=lambda r: r["ID"]) == sorted(expected, key=lambda r: r["ID"]) and rows
    assert page.errors == []


@pytest.mark.browser
def test_a_mylist_entry_saved_before_entries_named_their_municipality_still_shows(served, page):
    base, atlas, _ = served
    district = next(d for d in atlas.districts if d.id == SORTING)
    old = [{"id": f"{SORTING}/{r.id}", "note": "前からのメモ"} for r in district.resources[:2]]
    page.goto(f"{base}/mylist/")
    page.evaluate("list => localStorage.setItem('chiiki-atlas:mylist', JSON.stringify(list))", old)
    page.reload()
    items = page.locator(".atlas-mylist-item")
    items.first.wait_for()
    assert items.count() == 2
    assert [items.nth(i).locator(".atlas-mylist-name").inner_text() for i in range(2)] == \
        [r.name for r in district.resources[:2]]
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('chiiki-atlas:mylist'))")
    assert [e.get("m") for e in stored] == ["131016", "131016"]  # found in resources/districts.js, kept
    # an entry added on a district page names its municipality: the list loads only that rows script
    page.goto(f"{base}/districts/{SORTING}/")
    page.locator("button.atlas-mylist-toggle").nth(2).click()
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('chiiki-atlas:mylist'))")
    assert stored[-1]["m"] == "131016" and stored[-1]["id"].startswith(f"{SORTING}/")
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{base}/mylist/")
    page.locator(".atlas-mylist-item").nth(2).wait_for()
    assert [u for u in requested if "/resources/" in u] == [f"{base}/resources/m-131016.js"]
    assert page.errors == []


# ---- the national file ----------------------------------------------------------------------------

def test_the_national_zip_holds_every_resource_as_the_sites_csv_and_geojson(project):
    atlas, _ = load_atlas(project)
    files = render_site(atlas)
    ordered = [d for _, ds in by_municipality(atlas) for d in ds]
    with zipfile.ZipFile(io.BytesIO(files[ALL_ZIP])) as archive:
        assert archive.namelist() == ["all.csv", "all.geojson", "ATTRIBUTION.txt"]  # data_sources.attribution
        assert archive.read("all.csv") == to_csv(atlas, ordered)
        assert archive.read("all.geojson") == to_geojson(atlas, ordered)
        rows = list(csv.DictReader(io.StringIO(archive.read("all.csv").decode("utf-8-sig"))))
    assert len(rows) == sum(len(d.resources) for d in atlas.districts) > 10
    # no district has files of its own besides its page (the old ones: maps/<id>.html,
    # downloads/<id>.csv|geojson, districts/<id>-worksheet.md)
    for d in atlas.districts:
        own = [p for p in files if p.rsplit("/", 1)[-1].split(".")[0] in (d.id, f"{d.id}-worksheet")
               or f"/{d.id}/" in p]
        assert own == [f"districts/{d.id}.md"], d.id


# ---- pages put into the theme once are the pages the theme renders ------------------------------

def test_pages_put_into_the_theme_once_are_byte_for_byte_mkdocs_pages(tmp_path, monkeypatch):
    """Built both ways, with a site_url (canonical links, sitemap) and a repo_url (edit links),
    and titles that hold what HTML, YAML and the stand-ins could take for their own."""
    monkeypatch.setenv("ATLAS_PDF", "0")
    project = make_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace('site_url: ""', 'site_url: "https://atlas.example/"\n'
                            'repo_url: "https://github.com/example/atlas"\nedit_uri: "edit/main/content/pages/"')
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    sample = yaml.safe_load((project / "content/districts/sample-district.yaml").read_text(encoding="utf-8"))
    sample.update(id="title-test", name="<b>&amp;\"'ATLAS-TITLE-7F3A ATLAS-STAND-IN: {{ x }} – 地区", demo=True)
    (project / "content/districts/title-test.yaml").write_text(yaml.safe_dump(sample, allow_unicode=True),
                                                                 encoding="utf-8")
    sites = {}
    for each in ("1", "0"):
        monkeypatch.setenv("ATLAS_THEME_EACH_PAGE", each)
        sites[each] = tmp_path / f"site-{each}"
        assert cmd_build(project, sites[each]) == 0
    themed, mkdocs = sites["0"], sites["1"]
    paths = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*") if p.is_file())
    assert paths == sorted(p.relative_to(themed).as_posix() for p in themed.rglob("*") if p.is_file())
    assert "districts/title-test/index.html" in paths and "districts/m-131016/index.html" in paths
    def entries(site, path):
        data = (site / path).read_bytes()
        text = (gzip.decompress(data) if path.endswith(".gz") else data).decode("utf-8")
        return sorted(re.findall(r"<url>.*?</url>", text, re.S))

    for path in paths:
        if path.startswith("sitemap.xml"):  # the same entries (ours come after MkDocs' own)
            ours = entries(themed, path)
            assert ours == entries(mkdocs, path) and "districts/title-test/" in "".join(ours)
            continue
        assert (themed / path).read_bytes() == (mkdocs / path).read_bytes(), path
    page = (themed / "districts/title-test/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;&amp;amp;&quot;&#x27;ATLAS-TITLE-7F3A ATLAS-STAND-IN" in page
    assert 'rel="canonical" href="https://atlas.example/districts/title-test/"' in page
    assert "ATLAS-STAND-IN/" not in page and not (themed / "districts/ATLAS-STAND-IN").exists()


def test_a_page_without_the_shared_front_matter_goes_through_mkdocs(project, tmp_path):
    """The stand-in's output is split at each stand-in; a page of another shape is not put in."""
    from generator.render.themed import HIDE, Skeleton, is_themed_once, meta, stand_in_source

    atlas, _ = load_atlas(project)
    pages = {p: c for p, c in render_site(replace(atlas)).items() if is_themed_once(p)}
    assert pages and all(meta(source).hide == HIDE for source in pages.values())
    assert not is_themed_once("districts/index.md") and not is_themed_once("districts/map.md")
    skeleton = Skeleton("<title>ATLAS-TITLE-7F3A</title><a href='/districts/ATLAS-STAND-IN/'>"
                        "<meta content=\"ATLAS-DESCRIPTION-7F3A\"><!--atlas-stand-in-body <h1-->")
    filled = skeleton.fill({"title": "ATLAS-DESCRIPTION-7F3A", "description": "d", "id": "x", "body": "<h1>b</h1>"})
    assert filled == ("<title>ATLAS-DESCRIPTION-7F3A</title><a href='/districts/x/'><meta content=\"d\"><h1>b</h1>")
    with pytest.raises(ValueError):
        Skeleton("<title>no stand-ins</title>")
    assert stand_in_source(HIDE).startswith('---\ntitle: "ATLAS-TITLE-7F3A"')


@pytest.mark.parametrize("old, new", [
    ("/districts/{d}-worksheet/", "/districts/{d}/#worksheet"),
    ("/maps/{d}.html", "/districts/{d}/#map"),
    ("/downloads/{d}.csv", "/districts/{d}/#resources"),
    ("/downloads/{d}.geojson", "/districts/{d}/#resources"),
])
def test_addresses_published_before_the_output_design_lead_to_their_content(served, page, old, new):
    """Bookmarks and printed links to a district's old map, worksheet and download files
    reach the district page's section through the site's 404 page (no file per district)."""
    base, _, _ = served
    page.goto(base + old.format(d=DISTRICT_ID))
    page.wait_for_url(base + new.format(d=DISTRICT_ID))
    assert page.locator("#" + new.split("#")[1]).count() == 1
    assert page.errors == []


def test_the_old_national_files_point_at_the_zip_and_an_unknown_address_says_not_found(served, page):
    base, _, _ = served
    page.route("**/downloads/all.zip", lambda r: r.fulfill(status=200, body="zip", content_type="text/plain"))
    page.goto(base + "/downloads/all.csv")
    page.wait_for_url(base + "/downloads/all.zip")
    page.goto(base + "/no/such/page/")
    assert "ページが見つかりません" in page.locator("h1").inner_text()
    assert page.locator("#atlas-moved").is_hidden() and page.url == base + "/no/such/page/"
