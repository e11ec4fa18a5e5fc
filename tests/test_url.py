"""Nothing that arrives by URL or from this browser's storage leads off the site, runs, or
replaces stored work (issue 20, the URL part).

Headless Chromium on local servers that answer a missing path with the site's 404.html, as
GitHub Pages does: one with the site at /, one with the site at /atlas/ (a project site,
its 404 page made for that base). Every test records every request and every navigation
of its tab and asserts they all stay on 127.0.0.1 and under the site (map tiles aside); no
dialog may open, no script error happen and no payload run (`window.__x` records any call,
as in test_hostile.py). Hostile inputs come as tables: paths for the 404 page, query strings
for the editor, search and the case catalog, storage values for マイリスト and the editor's
drafts; atlas-url.js's own decisions are a table too, in an http and a file:// page."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from conftest import PagesHandler

from generator.publish.hooks import moved_table
from generator.render.maps import TILE_HOSTS

pytestmark = pytest.mark.browser

DISTRICT = "sample-district"
SUB = "/atlas/"  # the second server's site base (site_url https://…/atlas/)


def _serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def servers(built_site, tmp_path_factory):
    """{"/": origin of the site served at /, SUB: origin of the same site served at SUB}. The
    second 404 page is the built one with MkDocs' base_url for that site_url: its assets
    under SUB and hooks.moved_table(SUB)."""
    folder = tmp_path_factory.mktemp("project-site")
    (folder / SUB.strip("/")).symlink_to(built_site, target_is_directory=True)
    page = (built_site / "404.html").read_text(encoding="utf-8")
    table = re.compile(r'(<script type="application/json" id="atlas-moved-table">)(.*?)(</script>)', re.S)
    assert json.loads(table.search(page).group(2)) == moved_table("/")
    page = table.sub(lambda m: m.group(1) + json.dumps(moved_table(SUB), sort_keys=True) + m.group(3), page)
    page = page.replace('"/assets/', f'"{SUB}assets/')
    (folder / "404.html").write_text(page, encoding="utf-8")
    root_server, root = _serve(built_site)
    sub_server, sub = _serve(folder)
    yield {"/": root, SUB: sub}
    root_server.shutdown()
    sub_server.shutdown()


class Tab:
    """A page whose requests, navigations, dialogs, errors and payload calls are recorded."""

    def __init__(self, context):
        self.requests, self.navigations, self.dialogs, self.errors = [], [], [], []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     and "Failed to load resource" not in m.text else None)
        self.page.on("framenavigated", lambda f: self.navigations.append(f.url))
        context.on("page", lambda p: self.navigations.append("new tab: " + p.url))

    def _route(self, route):
        request = route.request
        tile = request.resource_type == "image" and any(f"//{h}/" in request.url for h in TILE_HOSTS)
        if not tile:
            self.requests.append(request.url)
        if request.url.endswith("/downloads/all.zip"):  # a download would end the navigation
            return route.fulfill(status=200, body="zip", content_type="text/plain")
        return route.continue_() if request.url.startswith(("http://127.0.0.1", "file://")) else route.abort()

    def clear(self):
        for seen in (self.requests, self.navigations, self.dialogs, self.errors):
            seen.clear()

    def hits(self) -> list:
        return [hit for frame in self.page.frames for hit in frame.evaluate("window.__hits || []")]

    def assert_stayed(self, site: str, *, first: str | None = None):
        """Every request and navigation (after the one to `first`, the address typed in)
        went to the site `site` (origin + base), and nothing ran."""
        others = [u for u in self.requests + self.navigations
                  if not u.startswith(site) and u not in (first, "about:blank")]
        assert others == [], others
        assert (self.dialogs, self.errors, self.hits()) == ([], [], [])


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="ja-JP")
    context.add_init_script("window.__hits = []; window.__x = function (n) { window.__hits.push(n); };")
    yield Tab(context)
    context.close()


# ------------------------------------------------------------------ the 404 page

# addresses published before issue 15 → where they lead now (and the anchor that must be there)
OLD = [
    ("districts/{d}-worksheet/", "districts/{d}/#worksheet"),
    ("districts/{d}-worksheet/index.html", "districts/{d}/#worksheet"),
    ("maps/{d}.html", "districts/{d}/#map"),
    ("downloads/{d}.csv", "districts/{d}/#resources"),
    ("downloads/{d}.geojson", "districts/{d}/#resources"),
    ("mylist/{d}.js", "mylist/"),
    ("downloads/all.csv", "downloads/all.zip"),
    ("downloads/all.geojson", "downloads/all.zip"),
]


@pytest.mark.parametrize("base", ["/", SUB])
@pytest.mark.parametrize(("old", "new"), OLD)
def test_old_addresses_still_lead_to_their_content(servers, tab, base, old, new):
    origin = servers[base]
    site = origin + base
    tab.page.goto(site + old.format(d=DISTRICT))
    tab.page.wait_for_url(site + new.format(d=DISTRICT))
    if "#" in new:
        assert tab.page.locator("#" + new.split("#")[1]).count() == 1
    tab.assert_stayed(site, first=site + old.format(d=DISTRICT))


# paths (after the origin) a host answers with 404.html; none may lead anywhere (`stays`:
# the page must stay at the address) or, where the browser itself rewrites the address
# before asking (a tab, "." and ".." segments, also as %2e), anywhere but the site
D = DISTRICT
HOSTILE_PATHS = [
    # two slashes: the old redirect kept them and so went to another host
    ("//evil.example/maps/{d}.html", True),
    ("//evil.example/districts/{d}-worksheet/", True),
    ("///evil.example/downloads/all.csv", True),
    ("/\\evil.example/maps/{d}.html", True),       # the browser reads "\" as "/"
    ("/%5cevil.example/maps/{d}.html", True),
    ("/%5c%5cevil.example/maps/{d}.html", True),
    ("/%2f%2fevil.example/maps/{d}.html", True),
    ("/%2F/evil.example/maps/{d}.html", True),
    # encoded dots and slashes, dot segments
    ("/%2e%2e/maps/{d}.html", False),              # the browser resolves %2e%2e as ".."
    ("/maps/%2e%2e/%2e%2e/evil.example/{d}.html", True),
    ("/maps/..%2f{d}.html", True),
    ("/maps/{d}%2ehtml", True),
    ("/downloads/all%2ecsv", True),
    ("/maps/%2e/{d}.html", False),                 # and %2e as "."
    ("/maps/x/../{d}.html", False),                # the browser resolves it: /maps/{d}.html
    # whitespace and control characters, raw and encoded
    ("/maps/{d}.html%09", True),
    ("/maps/%09{d}.html", True),
    ("/maps/{d}%0d%0a.html", True),
    ("/maps/{d}.html%00", True),
    ("/maps/%20{d}.html", True),
    ("/maps/{d}.html\t", False),                   # the browser drops a raw tab
    # schemes
    ("/javascript:__x(1)//maps/{d}.html", True),
    ("/maps/javascript:__x(1).html", True),
    ("/data:text/html,<script>__x(2)</script>/maps/{d}.html", True),
    ("/file:///etc/passwd/maps/{d}.html", True),
    ("/https://other.example/maps/{d}.html", True),
    ("/https:%2f%2fother.example/maps/{d}.html", True),
    # look-alikes and userinfo
    ("/maps/sample-di\u0455trict.html", True),     # Cyrillic ѕ
    ("/maps/\uff53ample-district.html", True),     # full-width ｓ
    ("/maps/xn--sample-district-0ab.html", True),
    ("/@evil.example/maps/{d}.html", True),
    ("/maps/{d}.html@evil.example", True),
    ("/evil.example@127.0.0.1/maps/{d}.html", True),
    # near misses and unknown districts
    ("/maps/SAMPLE-DISTRICT.html", True),
    ("/maps/no-such-district.html", True),
    ("/maps/{d}.html/", True),
    ("/maps/{d}.htmlx", True),
    ("/xmaps/{d}.html", True),
    ("/maps/-{d}.html", True),
    ("/districts/{d}-worksheet", True),
    ("/maps/__proto__.html", True),
    ("/maps/constructor.html", True),
    # very long
    ("/maps/" + "a" * 4000 + ".html", True),
    ("/districts/" + "a-" * 2000 + "worksheet/", True),
    ("/" + "%2e%2e/" * 600 + "maps/{d}.html", False)
]


@pytest.mark.parametrize(("path", "stays"), HOSTILE_PATHS, ids=lambda v: repr(v)[:40] if isinstance(v, str) else None)
def test_the_404_page_sends_no_hostile_address_anywhere(servers, tab, path, stays):
    origin = servers["/"]
    address = origin + path.format(d=DISTRICT)
    tab.page.goto(address)
    tab.page.wait_for_load_state("load")
    tab.page.wait_for_timeout(150)  # the district ids script, when one is loaded
    assert "ページが見つかりません" in tab.page.locator("h1").first.inner_text() or not stays
    if stays:
        assert tab.page.locator("#atlas-moved").is_hidden()
        assert tab.navigations[-1] == tab.page.url and len(set(tab.navigations)) == 1, tab.navigations
    tab.assert_stayed(origin + "/", first=tab.navigations[0])


SUB_PATHS = [
    "/maps/{d}.html",                               # the site's old address, but not under its base
    "/atlasx/maps/{d}.html",
    "/other/atlas/maps/{d}.html",
    "//evil.example/atlas/maps/{d}.html",
    "/atlas//evil.example/maps/{d}.html",
    "/atlas/%2e%2e/maps/{d}.html",
    "/atlas/%2F%2Fevil.example/maps/{d}.html",
    "/atlas/\\evil.example/maps/{d}.html",
    "/atlas/https:%2F%2Fother.example/maps/{d}.html",
]


@pytest.mark.parametrize("path", SUB_PATHS)
def test_a_project_site_redirects_only_its_own_old_addresses(servers, tab, path):
    origin = servers[SUB]
    address = origin + path.format(d=DISTRICT)
    tab.page.goto(address)
    tab.page.wait_for_load_state("load")
    tab.page.wait_for_timeout(150)
    assert tab.page.locator("#atlas-moved").is_hidden()
    assert len(set(tab.navigations)) == 1, tab.navigations
    others = [u for u in tab.requests[1:] if not u.startswith(origin + SUB)]
    assert others == [] and (tab.dialogs, tab.errors, tab.hits()) == ([], [], [])


# ------------------------------------------------------------------ atlas-url.js, as a table

# (path, accepted); every rejected one is also refused by href()
CLEAN = [
    ("districts/x/", True), ("districts/x/#r-y", True), ("cases/omuta/", True), ("resources/districts.js", True),
    ("mylist/", True), ("downloads/all.zip", True), ("a_b~c.d/e-f", True), ("x", True), ("x/#", True),
    ("", False), ("/districts/x/", False), ("//evil.example/x", False), ("///evil.example", False),
    ("\\\\evil.example/x", False), ("districts\\x/", False), ("/\\evil.example", False),
    ("https://other.example/", False), ("HTTPS://other.example/", False), ("http:x", False), ("x:y", False),
    ("javascript:__x(1)", False), ("JaVaScRiPt:__x(1)", False), (" javascript:__x(1)", False),
    ("data:text/html,<script>__x(2)</script>", False), ("file:///etc/passwd", False), ("blob:x", False),
    ("districts/../../x", False), ("../x", False), ("./x", False), ("x/./y", False), ("x/..", False), ("x/.", False),
    (".hidden/x", False), ("x//y", False),
    ("districts/%2e%2e/x", False), ("%2f%2fevil.example", False), ("x%5cy", False), ("%2e", False), ("x%", False),
    ("x\ty", False), ("x\ny", False), ("x\r", False), ("x y", False), ("x\u0000", False), ("x\u2028", False),
    ("districts/x/?q=1", False), ("districts/x/#a b", False), ("districts/x/#<script>", False),
    ("districts/x/##", False), ("#x", False), ("user@evil.example/x", False), ("x/@evil.example", False),
    ("\u0435vil/x", False), ("\uff58/", False), ("x/\u200b", False), ("a" * 3000, False),
]

ROOTS = [("../", True), ("", True), ("../../", True), ("/", True), ("/atlas/", True), ("//evil.example/", False),
         ("https://other.example/", False), ("..", False), ("../x/../", False), ("/atlas", False),
         ("/%2e%2e/", False), ("javascript:", False), ("./", False)]

HELPER_TABLE = """([clean, roots]) => {
  const U = window.AtlasUrl, out = {clean: [], href: [], roots: [], params: [], id: []};
  for (const [path] of clean) {
    out.clean.push(U.clean(path) === path);
    const h = U.href(path, "../");
    out.href.push(h === null ? null : new URL(h, location.href).href);
  }
  for (const [root] of roots) { out.roots.push(U.href("districts/x/", root) !== null); }
  for (const q of ["?q=%E0%A4%A&q=x", "?__proto__=1&q=a+b&q=c", "?constructor=2", "q=%3Cscript%3E", "", "?=&&a"]) {
    const p = U.params(q);
    out.params.push([Object.getPrototypeOf(p), Object.keys(p).sort().map(k => [k, p[k]])]);
  }
  for (const v of ["a", "a-b", "0", "A", "-a", "a".repeat(64), "a".repeat(65), "a/b", "__proto__", "", null, 5, "a\\n"]) {
    out.id.push(U.id(v));
  }
  return out;
}"""


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_helper_decides_as_the_table_says(servers, built_site, tab, where):
    url = servers["/"] + "/search/" if where == "http" else built_site.as_uri() + "/search/index.html"
    tab.page.goto(url)
    out = tab.page.evaluate(HELPER_TABLE, [CLEAN, ROOTS])
    assert out["clean"] == [ok for _, ok in CLEAN]
    site = urljoin(url, "../")
    for (path, ok), href in zip(CLEAN, out["href"], strict=True):
        if not ok:
            assert href is None, path
        else:  # under the site; on file:// a folder is its index.html
            on_disk = re.sub(r"/(?=#|$)", "/index.html", path, count=1) if where == "file" else path
            assert href == site + on_disk, path
    assert out["roots"] == [ok for _, ok in ROOTS]
    assert out["params"] == [
        [None, [["q", "x"]]], [None, [["__proto__", "1"], ["q", "a b"]]], [None, [["constructor", "2"]]],
        [None, [["q", "<script>"]]], [None, []], [None, [["", ""], ["a", ""]]]]
    assert out["id"] == [True, True, True, False, False, True, False, False, False, False, False, False, False]
    tab.assert_stayed(site)


# ------------------------------------------------------------------ search and the case catalog

SEARCH = ["%E0%A4%A", "%E0%A4%A&q=salon", quote("<img src=x onerror=__x(1)>"), "javascript:__x(2)",
          quote("//evil.example/"), "%00%0d%0a%09", "a" * 20000, quote("サロン") * 2000, "__proto__",
          quote("<script>__x(3)</script>") + "&q=x", "%2e%2e%2f%2e%2e%2f"]


@pytest.mark.parametrize("query", SEARCH, ids=lambda q: q[:30])
def test_search_reads_q_as_text_and_links_only_into_the_site(servers, tab, query):
    site = servers["/"] + "/"
    tab.page.goto(site + "search/?q=" + query)
    tab.page.wait_for_function("document.getElementById('atlas-search-status').textContent.length > 0")
    tab.page.wait_for_timeout(200)
    value = tab.page.input_value("#atlas-search-q")
    assert len(value) <= 200
    results = tab.page.locator("#atlas-search-results")
    assert results.locator("script, img, iframe, svg").count() == 0
    hrefs = results.locator("a").evaluate_all("els => els.map(a => a.href)")
    assert all(h.startswith(site) for h in hrefs), hrefs
    tab.assert_stayed(site)


def test_search_results_still_link_to_their_pages(servers, tab):
    site = servers["/"] + "/"
    tab.page.goto(site + "search/?q=" + quote("サンプル地区"))
    link = tab.page.locator("#atlas-search-results a").first
    link.wait_for()
    assert link.get_attribute("href") == "../districts/sample-district/"
    tab.assert_stayed(site)


CATALOG = ["pref=%E0%A4%A", "pref=" + quote("<script>__x(1)</script>") + "&theme=__proto__",
           "constructor=1&pref=constructor", "%=%&==", "pref=" + "a" * 20000, "__proto__[x]=1&pref=%2e%2e"]


@pytest.mark.parametrize("query", CATALOG, ids=lambda q: q[:30])
def test_case_catalog_filters_take_only_their_own_options(servers, tab, query):
    site = servers["/"] + "/"
    tab.page.goto(site + "cases/?" + query)
    status = tab.page.locator("#atlas-filter-status")
    status.wait_for()
    total = tab.page.locator("#atlas-case-list li").count()
    assert status.inner_text() == f"{total} 件"  # nothing filtered: no value was one of the options
    tab.page.select_option("select[name=size]", index=1)  # and the filters still work (and write the URL)
    assert tab.page.url.startswith(site + "cases/?size=")
    tab.assert_stayed(site)


# ------------------------------------------------------------------ マイリスト with hostile storage

MYLIST_KEY = "chiiki-atlas:mylist"
GOOD = {"id": f"{DISTRICT}/sample-igo-kyoshitsu", "note": "", "m": "131016"}
OLD_ENTRY = {"id": f"{DISTRICT}/sample-karaoke", "note": "古い項目"}  # saved before entries had `m`
HOSTILE_ENTRIES = [
    {"id": "../../evil/x", "m": "131016"}, {"id": f"{DISTRICT}/sample-kenko-mahjong", "m": "../../evil"},
    {"id": "x/y", "m": "//evil.example/x"}, {"id": "javascript:__x(1)/a"}, {"id": 5}, None, "text", [],
    {"id": "__proto__/x"}, {"id": "constructor/x"}, {"id": f"{DISTRICT}/sample-ikiiki-salon", "m": 131016},
    {"id": f"{DISTRICT}/sample-ninchisho-cafe", "m": "1310160"}, {"id": f"{DISTRICT}/sample-radio-taiso", "note": {"x": 1}},
    {"id": "https://other.example/x", "m": "131016"}, {"id": f"{DISTRICT}/<img src=x onerror=__x(2)>", "m": "131016"},
]
UNKNOWN = [{"id": "constructor/x", "m": "131016"}, {"id": "toString/x"}, {"id": "no-such/entry", "m": "999999"}]


@pytest.mark.parametrize("stored", [
    json.dumps([GOOD, OLD_ENTRY, *HOSTILE_ENTRIES, *UNKNOWN]),
    json.dumps({"length": 2, "0": {"id": "a/b"}}), "not json", json.dumps("x"), json.dumps(None), "[" * 5000,
], ids=["entries", "object", "not-json", "string", "null", "deep"])
def test_mylist_uses_only_entries_of_the_sites_shape(servers, tab, stored):
    site = servers["/"] + "/"
    tab.page.goto(site + "mylist/")
    tab.page.evaluate("([k, v]) => localStorage.setItem(k, v)", [MYLIST_KEY, stored])
    for path in ("mylist/", f"districts/{DISTRICT}/", "maps/national.html"):
        tab.clear()
        tab.page.goto(site + path)
        tab.page.wait_for_load_state("load")
        tab.page.wait_for_timeout(200)
        tab.assert_stayed(site)
        scripts = [u for u in tab.requests if "/resources/" in u]  # the shaped but unknown: 999999 (a 404)
        assert set(scripts) <= {site + "resources/m-131016.js", site + "resources/m-999999.js",
                                site + "resources/districts.js"}, scripts
        if path == "mylist/" and stored.startswith("[{"):
            items = tab.page.locator(".atlas-mylist-item a")
            assert items.evaluate_all("els => els.map(a => a.getAttribute('href'))") == [
                f"../districts/{DISTRICT}/#r-sample-igo-kyoshitsu", f"../districts/{DISTRICT}/#r-sample-karaoke"]
            assert f"{len(HOSTILE_ENTRIES)} 件" in tab.page.locator(".atlas-mylist-skipped").inner_text()
    # the stored list is as it was, but for the old entry's municipality, found and kept
    after = tab.page.evaluate("k => localStorage.getItem(k)", MYLIST_KEY)
    if stored.startswith("[{"):
        assert json.loads(after) == [GOOD, {**OLD_ENTRY, "m": "131016"}, *HOSTILE_ENTRIES, *UNKNOWN]
    else:
        assert after == stored


# ------------------------------------------------------------------ the editor's address

RECORD = {"id": DISTRICT, "name": "受け取った地区（架空）", "resources": []}


def _editor(site: str, query: str, kind: str = "district") -> str:
    return site + ("editor/" if kind == "district" else "editor/case/") + "?" + query


def _data(record) -> str:
    return quote(json.dumps(record, ensure_ascii=False))


# (query, kind, the 「もとのページ」 link expected: relative to the editor, or None for none)
EDITOR_URLS = [
    (f"edit={D}&data={_data(RECORD)}&page=https://other.example/", "district", f"../districts/{D}/"),
    (f"edit={D}&data={_data(RECORD)}&page=javascript:__x(1)", "district", f"../districts/{D}/"),
    (f"edit={D}&data={_data(RECORD)}&page=//evil.example/", "district", f"../districts/{D}/"),
    (f"edit={D}&data={_data(RECORD)}&page=file:///etc/passwd", "district", f"../districts/{D}/"),
    (f"edit={D}&data={_data(RECORD)}&page=data:text/html,%3Cscript%3E__x(2)%3C/script%3E", "district", f"../districts/{D}/"),
    (f"edit=omuta&data={_data({'id': 'omuta', 'title': 'x'})}&page=https://other.example/", "case", "../../cases/omuta/"),
    (f"edit=javascript:__x(3)&data={_data({'id': 'javascript:__x(3)'})}", "district", None),
    (f"edit=..%2F..%2Fevil&data={_data({'id': '../../evil'})}", "district", None),
    (f"edit=%2F%2Fevil.example&data={_data({'id': '//evil.example'})}", "district", None),
    (f"edit={D}&data=%E0%A4%A", "district", None),
    (f"edit={D}&data=not-json", "district", None),
    (f"edit={D}&data={_data([1, 2])}", "district", None),
    (f"edit={D}&data={_data({'id': 'other'})}", "district", None),
    (f"edit={D}&data={_data({'id': D, 'name': '<img src=x onerror=__x(4)>', 'description': 'x' * 50000})}",
     "district", f"../districts/{D}/"),
    ("edit=__proto__&__proto__=1", "district", None),
]


@pytest.mark.parametrize(("query", "kind", "origin_link"), EDITOR_URLS, ids=lambda v: v[:40] if isinstance(v, str) else None)
def test_editor_parameters_never_lead_off_the_site(servers, tab, query, kind, origin_link):
    site = servers["/"] + "/"
    tab.page.goto(_editor(site, query, kind))
    tab.page.wait_for_function("window.AtlasEditor !== undefined")
    opened = tab.page.locator("button[data-action=open-incoming]")
    assert opened.count() == (origin_link is not None)  # a record in the address is asked about, even with no draft
    if origin_link is not None:
        assert tab.page.locator("button[data-action=keep-draft]").inner_text() == "開かない"
        opened.click()
    links = tab.page.locator(".atlas-editor-origin a")
    if origin_link is None:
        assert links.count() == 0
    else:
        assert links.count() == 1 and links.get_attribute("href") == origin_link
        assert links.evaluate("a => a.href").startswith(site)
    assert tab.page.locator(".atlas-editor img, .atlas-editor script").count() == 0
    tab.assert_stayed(site)


# ------------------------------------------------------------------ the editor never overwrites

KEY = "chiiki-atlas:editor:district"
DRAFTS = KEY + ":drafts"
MINE = {"id": "my-draft", "name": "入力中の下書き（架空）", "resources": [{"id": "unsent", "name": "送っていない資源"}]}
EARLIER = {"id": "earlier", "name": "前の下書き（架空）", "resources": []}
INCOMING = {"id": DISTRICT, "name": "リンクで届いた地区（架空）", "resources": []}


def _storage(page) -> dict:
    return page.evaluate("""() => { const o = {}; for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i); o[k] = localStorage.getItem(k); } return o; }""")


def _seed(page, site, storage: dict) -> dict:
    page.goto(site + "editor/")
    page.evaluate("s => { localStorage.clear(); for (const k in s) localStorage.setItem(k, s[k]); }", storage)
    return _storage(page)


def _record(page) -> dict:
    return page.evaluate("() => AtlasEditor.record()")


@pytest.mark.parametrize("arrives", ["data", "storage"])
def test_a_record_that_arrives_leaves_the_saved_draft_until_the_user_chooses(servers, tab, arrives):
    site = servers["/"] + "/"
    seeded = {KEY: json.dumps({"record": MINE, "origin": None}),
              DRAFTS: json.dumps([{"record": EARLIER, "origin": {"id": "earlier"}, "at": 1}])}
    if arrives == "storage":  # what 「この情報を直す」 leaves, or another site of this origin
        seeded["chiiki-atlas:editor:import"] = json.dumps({"kind": "district", "record": INCOMING, "page": "https://other.example/"})
    before = _seed(tab.page, site, seeded)
    address = _editor(site, f"edit={DISTRICT}" + (f"&data={_data(INCOMING)}" if arrives == "data" else ""))
    for _ in range(2):  # opening the link again changes nothing either
        tab.page.goto(address)
        tab.page.wait_for_function("window.AtlasEditor !== undefined")
        tab.page.wait_for_timeout(300)  # past the editor's check and any save
        assert _storage(tab.page) == before
        assert _record(tab.page) == MINE
        ask = tab.page.locator(".atlas-editor-incoming")
        assert ask.is_visible() and "リンクで届いた地区" in ask.inner_text() and "入力中の下書き" in ask.inner_text()
        assert ask.evaluate("e => e === document.activeElement")  # brought into view, read first

    # the user opens what arrived: the draft goes onto the list, before the earlier one
    tab.page.click("button[data-action=open-incoming]")
    assert _record(tab.page) == INCOMING
    stored = _storage(tab.page)
    assert json.loads(stored[KEY])["record"] == INCOMING
    assert [d["record"] for d in json.loads(stored[DRAFTS])] == [MINE, EARLIER]
    assert "chiiki-atlas:editor:import" not in stored and "data=" not in tab.page.url
    assert tab.page.locator(".atlas-editor-origin a").get_attribute("href") == f"../districts/{DISTRICT}/"

    # and goes back: 「前の下書きに戻す」 lists both earlier drafts; the one left goes on the list
    tab.page.click("button[data-action=restore]")
    choices = tab.page.locator(".atlas-editor-drafts li")
    assert choices.count() == 2 and "入力中の下書き" in choices.nth(0).inner_text()
    choices.nth(0).locator("button").click()
    assert _record(tab.page) == MINE
    assert [d["record"] for d in json.loads(_storage(tab.page)[DRAFTS])] == [INCOMING, EARLIER]
    tab.page.click("button[data-action=restore]")
    tab.page.locator(".atlas-editor-drafts li").nth(1).locator("button").click()
    assert _record(tab.page) == EARLIER
    assert [d["record"] for d in json.loads(_storage(tab.page)[DRAFTS])] == [MINE, INCOMING]
    tab.assert_stayed(site)


def test_keeping_the_draft_drops_what_arrived(servers, tab):
    site = servers["/"] + "/"
    before = _seed(tab.page, site, {KEY: json.dumps({"record": MINE, "origin": None})})
    tab.page.goto(_editor(site, f"edit={DISTRICT}&data={_data(INCOMING)}"))
    tab.page.wait_for_function("window.AtlasEditor !== undefined")
    tab.page.click("button[data-action=keep-draft]")
    assert tab.page.locator(".atlas-editor-incoming").is_hidden() and _record(tab.page) == MINE
    assert _storage(tab.page) == before and "data=" not in tab.page.url
    tab.page.reload()
    tab.page.wait_for_function("window.AtlasEditor !== undefined")
    assert tab.page.locator(".atlas-editor-incoming").is_hidden() and _record(tab.page) == MINE
    tab.assert_stayed(site)


def test_fix_this_information_with_a_draft_open_asks_and_keeps_it(servers, tab):
    """The site's own 「この情報を直す」 (the record handed over in storage) asks too."""
    site = servers["/"] + "/"
    _seed(tab.page, site, {KEY: json.dumps({"record": MINE, "origin": None})})
    tab.page.goto(site + f"districts/{DISTRICT}/")
    tab.page.click("p.atlas-edit-link a")
    tab.page.wait_for_function("window.AtlasEditor !== undefined")
    assert _record(tab.page) == MINE
    tab.page.click("button[data-action=open-incoming]")
    assert _record(tab.page)["id"] == DISTRICT
    assert [d["record"] for d in json.loads(_storage(tab.page)[DRAFTS])] == [MINE]
    tab.assert_stayed(site)


def test_an_older_editors_previous_draft_is_on_the_list(servers, tab):
    site = servers["/"] + "/"
    _seed(tab.page, site, {KEY: json.dumps({"record": MINE, "origin": None}),
                           KEY + ":previous": json.dumps({"record": EARLIER, "origin": {"id": "earlier", "page": "https://other.example/"}})})
    tab.page.goto(site + "editor/")
    tab.page.wait_for_function("window.AtlasEditor !== undefined")
    tab.page.click("button[data-action=restore]")
    tab.page.locator(".atlas-editor-drafts li").nth(0).locator("button").click()
    assert _record(tab.page) == EARLIER
    stored = _storage(tab.page)
    assert [d["record"] for d in json.loads(stored[DRAFTS])] == [MINE] and KEY + ":previous" not in stored
    assert tab.page.locator(".atlas-editor-origin a").get_attribute("href") == "../districts/earlier/"
    tab.assert_stayed(site)


HOSTILE_DRAFTS = [
    {KEY: json.dumps({"record": {"id": "x", "name": "<img src=x onerror=__x(1)>"},
                      "origin": {"id": "javascript:__x(2)", "page": "https://other.example/"}})},
    {KEY: json.dumps({"record": "x", "origin": "//evil.example"}), DRAFTS: json.dumps({"length": 1})},
    {KEY: "{", DRAFTS: json.dumps([None, 1, "x", {"record": []}, {"record": {"name": "<script>__x(3)</script>"},
                                                                  "origin": {"id": "//evil"}, "at": "x"}])},
    {KEY: json.dumps({"record": {"id": "x"}, "origin": {"id": "../../evil"}}),
     "chiiki-atlas:editor:import": json.dumps({"kind": "district", "record": {"id": "../../evil"}})},
]


@pytest.mark.parametrize("storage", HOSTILE_DRAFTS)
def test_hostile_drafts_are_shown_as_text_and_link_nowhere(servers, tab, storage):
    site = servers["/"] + "/"
    _seed(tab.page, site, storage)
    tab.page.goto(_editor(site, "edit=../../evil"))
    tab.page.wait_for_function("window.AtlasEditor !== undefined")
    assert tab.page.locator(".atlas-editor-origin a").count() == 0
    restore = tab.page.locator("button[data-action=restore]")
    for _ in range(3):  # each earlier draft opened in turn (the open one takes its place)
        if not restore.is_visible():
            break
        restore.click()
        tab.page.locator(".atlas-editor-drafts li button").first.click()
        assert tab.page.locator(".atlas-editor-origin a").count() == 0
    assert tab.page.locator(".atlas-editor img, .atlas-editor script").count() == 0
    tab.assert_stayed(site)


# ------------------------------------------------------------------ check-sheets' ticks and notes

CHECKSHEET_STORAGE = [
    '{"ticks": {"x": true}, "notes": {"a": "<img src=x onerror=__x(1)>", "b": "{{ 7*7 }}\\n**md**"}}',
    '{"ticks": "<script>__x(2)</script>", "notes": ["<img src=x onerror=__x(3)>"]}',
    '{"notes": {"constructor": {"x": 1}, "__proto__": {"polluted": "<img src=x onerror=__x(4)>"}}}',
    '"<img src=x onerror=__x(5)>"', "null", "[]", "not json <script>__x(6)</script>", "x" * 200_000,
]


@pytest.mark.parametrize("stored", CHECKSHEET_STORAGE, ids=range(len(CHECKSHEET_STORAGE)))
def test_checksheet_notes_from_storage_stay_text(servers, built_site, tab, stored):
    """A check-sheet's ticks and notes come back from localStorage (which every project site of
    one GitHub Pages user shares): whatever is stored is shown as text or ignored, nothing runs."""
    site = servers["/"] + "/"
    sheet = sorted((built_site / "checksheets").glob("*/index.html"))[0].parent.name
    page = tab.page
    page.goto(site + f"checksheets/{sheet}/")
    key = page.locator(".atlas-checksheet").get_attribute("data-sheet")
    page.evaluate("([k, v]) => localStorage.setItem('chiiki-atlas:checksheet:' + k, v)", [key, stored])
    page.reload()
    page.wait_for_load_state("load")
    notes = page.locator(".atlas-checksheet textarea")
    if notes.count():
        notes.first.fill("<b>メモ</b>")
        assert page.locator(".atlas-checksheet b").count() == 0  # the mirror shows it as text
    assert page.locator(".atlas-checksheet img").count() == 0
    tab.assert_stayed(site)
