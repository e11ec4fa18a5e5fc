"""The site as an app on a phone (generator/render/webapp.py): the manifest and its icons,
the service worker's shell, and — in one browser visit — a district page, its places and
map, and マイリスト working with the network off, and an unvisited page answered by the
offline page."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.render import webapp

MAIN = Path(__file__).resolve().parents[1] / "site_templates" / "overrides" / "main.html"
WORKER_SOURCE = Path(__file__).resolve().parents[1] / "site_templates" / "js" / "pages" / "worker.js"


def _worker_values(site: Path) -> dict:
    text = (site / webapp.WORKER).read_text(encoding="utf-8")
    assert "__ATLAS_" not in text.split("*/", 1)[1]  # every value filled in
    return {name: json.loads(value) for name, value in
            re.findall(r"^var (VERSION|SHELL|NEVER|OFFLINE) = (.*);$", text, re.M)}


def _png_size_and_pixel(data: bytes, x: int, y: int) -> tuple[int, int, bytes]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    raw = zlib.decompress(data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8])
    row = raw[y * (width * 3 + 1) + 1:(y + 1) * (width * 3 + 1)]
    return width, height, row[x * 3:x * 3 + 3]


def test_manifest_is_json_with_relative_urls_and_its_icons(built_site):
    path = built_site / webapp.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["name"] == "地域づくりアトラス" and manifest["lang"] == "ja"
    assert 0 < len(manifest["short_name"]) <= 12 and manifest["display"] == "standalone"
    urls = [manifest["start_url"], manifest["scope"], *(icon["src"] for icon in manifest["icons"])]
    for url in urls:  # relative: the site may live under a sub-path (a GitHub Pages project site)
        assert not urlsplit(url).scheme and not url.startswith(("/", "//")), url
    # start_url and scope are the site's root, whatever folder it is served from
    assert (path.parent / manifest["start_url"]).resolve() == built_site.resolve()
    assert manifest["scope"] == manifest["start_url"]
    sizes = set()
    for icon in manifest["icons"]:
        data = (path.parent / icon["src"]).read_bytes()
        side = int(icon["sizes"].split("x")[0])
        # a white ring around an indigo dot on indigo: corner, ring and centre
        for (x, y), colour in {(0, 0): "3f51b5", (side // 2, side // 2): "3f51b5",
                               (side // 2, int(side * 0.25)): "ffffff"}.items():
            assert _png_size_and_pixel(data, x, y) == (side, side, bytes.fromhex(colour)), (icon, x, y)
        sizes.add(side)
    assert {192, 512} <= sizes  # what phones ask for to install


@pytest.mark.parametrize(("page", "root"), [
    ("index.html", "./"), ("districts/sample-district/index.html", "../../"),
    ("districts/m-131016/index.html", "../../"), ("mylist/index.html", "../"), ("cases/omuta/index.html", "../../"),
])
def test_every_kind_of_page_links_the_manifest_and_registers_the_worker_at_the_root(built_site, page, root):
    html = (built_site / page).read_text(encoding="utf-8")
    assert f'<link rel="manifest" href="{root}assets/manifest.webmanifest">' in html
    assert f'<script src="{root}assets/worker.js" data-atlas-root="{root}"></script>' in html
    assert (built_site / page).parent.joinpath(root, webapp.WORKER).resolve() == (built_site / webapp.WORKER).resolve()


def test_the_404_page_registers_no_worker(built_site):
    """Its links are root paths: on a project site the root would be another site's."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "serviceWorker" not in html and "worker.js" not in html and 'rel="manifest"' not in html


def test_the_registration_script_stays_off_file_urls_and_no_page_carries_an_inline_copy():
    """The registration and the skip links are files of the site (js/pages/worker.js,
    skip-links.js; test_editor checks every bundle is ES5), not inline scripts repeated on
    every page: main.html has no inline script left."""
    assert "<script>" not in MAIN.read_text(encoding="utf-8")
    script = (WORKER_SOURCE).read_text(encoding="utf-8")
    assert 'scheme !== "http:" && scheme !== "https:"' in script
    assert 'host === "127.0.0.1"' in script and "ATLAS_WORKER_ON_LOOPBACK !== true" in script
    assert 'register(root + "sw.js", {scope: root})' in script


def test_the_worker_stores_only_files_of_the_site_and_never_a_private_path(built_site):
    values = _worker_values(built_site)
    shell = values["SHELL"]
    assert {"index.html", "404.html", "mylist/index.html", webapp.OFFLINE_PAGE, webapp.MANIFEST} <= set(shell)
    assert "assets/mylist.js" in shell and "assets/atlas.css" in shell  # what マイリスト needs to open
    assert [p for p in shell if not (built_site / p).is_file()] == []
    assert values["NEVER"] == list(webapp.NEVER_KEPT) and "editor/" in values["NEVER"]
    assert [p for p in shell if p.startswith(webapp.NEVER_KEPT)] == []
    assert values["OFFLINE"] == webapp.OFFLINE_PAGE and re.fullmatch(r"[0-9a-f]{16}", values["VERSION"])
    offline = (built_site / webapp.OFFLINE_PAGE).read_text(encoding="utf-8")
    assert "<header>地域づくりアトラス</header>" in offline and "__ATLAS_" not in offline


def _site(tmp_path: Path, home: str) -> Path:
    site = tmp_path / "site"
    for path in ("index.html", "mylist/index.html", "assets/a.js", "assets/a.css", "editor/drafts.js",
                 "downloads/all.zip", "pdf/x.pdf", webapp.OFFLINE_PAGE, webapp.MANIFEST, *webapp.ICONS.values()):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("x", encoding="utf-8")
    (site / "index.html").write_text(home, encoding="utf-8")
    (tmp_path / "outside.js").write_text("x", encoding="utf-8")
    return site


def test_the_shell_takes_what_the_pages_load_and_nothing_else(tmp_path):
    site = _site(tmp_path, "".join(f"<{tag}>" for tag in (
        'script src="assets/a.js"', 'link rel="stylesheet" href="assets/a.css"',
        'script src="editor/drafts.js"', 'link rel="stylesheet" href="downloads/all.zip"', 'script src="pdf/x.pdf"',
        'script src="../outside.js"', 'script src="assets/missing.js"', 'script src="https://cdn.example/x.js"',
        'link rel="next" href="mylist/index.html"', 'link rel="prefetch" href="assets/a.js?v=1"')))
    assert webapp.shell(site) == ["index.html", "mylist/index.html", webapp.OFFLINE_PAGE, webapp.MANIFEST,
                                  *webapp.ICONS.values(), "assets/a.js", "assets/a.css"]


def test_the_worker_version_follows_the_shell_only(tmp_path):
    site = _site(tmp_path, '<script src="assets/a.js"></script>')
    version = _worker_values_of(webapp.worker(site))
    (site / "pdf/x.pdf").write_text("changed", encoding="utf-8")
    assert _worker_values_of(webapp.worker(site)) == version  # not stored on install
    (site / "assets/a.js").write_text("changed", encoding="utf-8")
    assert _worker_values_of(webapp.worker(site)) != version  # a new worker: phones take the new shell


def _worker_values_of(text: str) -> str:
    return re.search(r'^var VERSION = "(\w+)";$', text, re.M).group(1)


@pytest.mark.browser
def test_a_visited_district_its_places_and_my_list_open_with_the_network_off(browser, site_server, built_site):
    """One visit, as a resident's phone: the worker takes over the district page; then with
    no network the page, its list and map points, and マイリスト (with the entry picked, whose
    details come from the municipality's rows) still open; a page never opened shows the
    offline page in Japanese, not the browser's error."""
    context = browser.new_context(service_workers="allow")
    # the pages register the worker on 127.0.0.1 only when asked (other browser tests: not at all)
    context.add_init_script("window.ATLAS_WORKER_ON_LOOPBACK = true;")
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())  # no tiles
    version = _worker_values(built_site)["VERSION"]
    # an earlier build's shell of this site (the new worker deletes it), and another site's on
    # the same origin (GitHub Pages project sites share one): left alone
    old, other = f"chiiki-atlas {site_server}/ shell 0123456789abcdef", f"chiiki-atlas {site_server}/other/ shell 0"
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{site_server}/index.html")
        page.evaluate("names => Promise.all(names.map(n => caches.open(n)))", [old, other])
        page.goto(f"{site_server}/districts/sample-district/")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.wait_for_function("names => caches.keys().then(k => k.sort().join() === names.sort().join())",
                               arg=[f"chiiki-atlas {site_server}/ shell {version}", f"chiiki-atlas {site_server}/ kept",
                                    other])
        places = page.locator("table.atlas-resources tbody tr").count()
        points = page.locator("#atlas-map .leaflet-interactive").count()
        assert places > 10 and points > 10
        toggle = page.locator("button.atlas-mylist-toggle").first
        toggle.click()
        name = toggle.locator("xpath=..").inner_text().split("\n")[0]
        # kept: the page and all it loaded (they came before the worker: the page asks, the
        # worker fetches), and the municipality's rows, which マイリスト reads its details from
        page.wait_for_function("""async rows => {
          const want = [location.href, rows, ...performance.getEntriesByType("resource").map(e => e.name)]
            .filter(u => u.startsWith(location.origin + "/"))
            .map(u => u.split("#")[0].split("?")[0]).map(u => u.endsWith("/") ? u + "index.html" : u);
          const have = new Set();
          for (const name of await caches.keys()) {
            for (const r of await (await caches.open(name)).keys()) have.add(r.url);
          }
          return want.length > 10 && want.every(u => have.has(u));
        }""", arg=f"{site_server}/resources/m-131016.js")
        # the editor is never kept (its drafts are the browser's own), nor anything of another site
        page.evaluate("Promise.all(['../../editor/index.html', '../../downloads/all.zip'].map(u => fetch(u)))")
        urls = page.evaluate("""async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
          }
          return urls;
        }""")
        assert urls and all(u.startswith(site_server + "/") for u in urls), urls
        assert not [u for u in urls if "/editor/" in u or "/downloads/" in u or "/other/" in u], urls
        context.set_offline(True)

        page.reload()
        assert page.locator("h1").first.inner_text().startswith("サンプル地区")
        assert page.locator("table.atlas-resources tbody tr").count() == places
        page.wait_for_function(f"document.querySelectorAll('#atlas-map .leaflet-interactive').length === {points}")

        page.goto(f"{site_server}/mylist/")  # never opened: stored when the worker was installed
        item = page.locator(".atlas-mylist-item")
        item.first.wait_for()
        assert item.count() == 1 and item.first.inner_text().startswith(name) and "種類" in item.first.inner_text()

        for never_opened in ("/about/", "/cases/omuta/index.html"):
            page.goto(site_server + never_opened)
            assert page.locator("h1").inner_text() == "インターネットにつながっていません"
            # its links lead to the site's root (set from the worker's address)
            assert page.locator("#atlas-offline-home").get_attribute("href") == site_server + "/"
        page.click("#atlas-offline-home")
        page.wait_for_url(site_server + "/")
        assert page.title().endswith("地域づくりアトラス") and "インターネット" not in page.title()
        assert errors == []
    finally:
        context.close()
