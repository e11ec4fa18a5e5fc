"""The site opened as files (file://): a workshop's offline copy. Every click lands on a page,
never on a directory listing; the header search and the search page work without a server."""

import pytest

from generator.render.offline import file_links, file_url

pytestmark = pytest.mark.browser


URLS = [
    ("../cases/", "../cases/index.html"), ("./", "./index.html"), (".", "./index.html"), ("..", "../index.html"),
    ("../..", "../../index.html"), ("../../#top", "../../index.html#top"), ("../..?q=1", "../../index.html?q=1"),
    ("a/..", "a/../index.html"), ("../a..", "../a.."),
    ("cases/omuta/#place", "cases/omuta/index.html#place"), ("../search/?q=x", "../search/index.html?q=x"),
    ("https://maps.gsi.go.jp/", "https://maps.gsi.go.jp/"), ("#src-1", "#src-1"), ("mailto:a@b.jp", "mailto:a@b.jp"),
    ("../assets/atlas.css", "../assets/atlas.css"), ("?q=1", "?q=1"), ("", ""), ("/abs/", "/abs/"),
    ("//cdn.example/x/", "//cdn.example/x/"), ("tel:0120", "tel:0120"), ("HTTP://X/", "HTTP://X/"),
    ("1a:b/", "1a:b/index.html"),  # no scheme starts with a digit
]


@pytest.mark.parametrize(("url", "expected"), URLS)
def test_folder_links_point_at_their_page_file(url, expected):
    assert file_url(url) == expected


@pytest.mark.parametrize(("url", "expected"), URLS)
@pytest.mark.parametrize("attribute", [' href="', '\nhref="', ' action="'])
def test_a_page_links_as_file_url_says(url, expected, attribute):
    """file_links passes absolute and #links by without calling file_url: the same result."""
    assert file_links(f'<a{attribute}{url}">x</a>') == f'<a{attribute}{expected}">x</a>'


# pages whose links sit where file_links' search for `href="`/`action="` could go wrong:
# at the start, back to back, nested in another link's value, without white space before,
# unclosed, in text and scripts
AWKWARD_PAGES = ['href="../a/"', ' href="../a/"', '<a href="../a/"><a href="../b/">', '<a\thref="x/"\naction="./">',
                 '<a data-href="../a/" xhref="../b/">', '<a href="../a/ href="../b/"">', '<a href="../a/',
                 '<a href="https://x/ href="../b/">', ' href="" href="../c/"', '<p>href="../a/"</p>',
                 '<script>x = " href=\\"../a/\\""</script>', ' href=" href="../a/"', ' action="?q=1" href="#x"',
                 ' href="../a/"' * 3, "", "no links", ' action=" href="../a/"/"', '\u3000href="../a/"']


@pytest.mark.parametrize("html", AWKWARD_PAGES)
def test_file_links_replaces_what_the_attribute_pattern_finds(html):
    """file_links tries its pattern only after a search for the attribute names: the result is
    re.sub's over the whole page."""
    from generator.render.offline import _ATTR, _file_link

    assert file_links(html) == _ATTR.sub(_file_link, html)
    assert file_links(html * 2 + "<br>" + html) == _ATTR.sub(_file_link, html * 2 + "<br>" + html)


def test_only_link_attributes_change():
    html = '<a href="../cases/">事例</a><form action="../search/"><p>../cases/</p><img src="x/">'
    assert file_links(html) == ('<a href="../cases/index.html">事例</a><form action="../search/index.html">'
                                '<p>../cases/</p><img src="x/">')


def _lands_on_a_page(page) -> None:
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and not page.url.endswith("/"), page.url
    assert "Index of" not in page.title() and page.locator("h1").count() >= 1, page.url


def test_click_through_the_offline_copy(built_site, browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built_site / "index.html").as_uri())
    _lands_on_a_page(page)
    page.locator(".atlas-home-links a", has_text="事例をさがす").click()
    _lands_on_a_page(page)
    page.locator("a.atlas-case-title").first.click()
    _lands_on_a_page(page)
    page.locator("nav a", has_text="地域の資源マップ").first.click()
    _lands_on_a_page(page)
    for _ in range(3):  # prefecture → municipality → district, as many levels as the index has
        if page.locator("table.atlas-resources").count():
            break
        deeper = page.locator(".atlas-districts li a:not([href*='p-']):not([href*='m-']), .atlas-prefectures a, "
                              ".atlas-prefecture a[href*='m-'], .atlas-municipality li a")
        deeper.first.click()
        _lands_on_a_page(page)
    assert page.locator("table.atlas-resources").count() >= 1, page.url
    # its worksheet's gaps link cases: the site's gap links script (worksheets/gap-links.js) loaded from file://
    assert page.locator("#atlas-district-grid .atlas-gap-cases a").count() >= 1, page.url
    page.locator("#atlas-header-q").fill("認知症カフェ")
    page.locator(".atlas-header-search button").click()
    page.wait_for_load_state("load")
    _lands_on_a_page(page)
    results = page.locator("#atlas-search-results li a")
    results.first.wait_for()
    assert results.count() >= 1 and "佐伯市" in page.locator("#atlas-search-results").inner_text()
    results.first.click()
    _lands_on_a_page(page)
    assert errors == []
    page.close()


def test_the_offline_zip_unpacks_into_a_working_copy(built_site, browser, tmp_path):
    import zipfile

    with zipfile.ZipFile(built_site / "downloads/chiiki-atlas-offline.zip") as archive:
        names = archive.namelist()
        assert "chiiki-atlas/index.html" in names and "chiiki-atlas/pdf/worksheet-blank-a3.pdf" in names
        # not itself; the national download (downloads/all.zip) is part of the copy
        assert [n for n in names if n.endswith(".zip")] == ["chiiki-atlas/downloads/all.zip"]
        archive.extractall(tmp_path)
    page = browser.new_page()
    page.goto((tmp_path / "chiiki-atlas/index.html").as_uri())
    page.locator(".atlas-home-links a", has_text="ワークシート").click()
    _lands_on_a_page(page)
    page.close()


_LINK = __import__("re").compile(r'\s(?:href|src|action)="([^"]*)"')


def test_every_link_of_every_page_opens_a_file_from_file_urls(built_site):
    """Every relative link, image, script and form of every page of the copy, resolved as a
    browser does on file://: it names a file that exists, never a folder (a folder opens a
    directory listing there — 「ホーム」 once did, as `../..`, on 43 pages)."""
    from urllib.parse import unquote, urlsplit

    # 404.html is a web server's answer to any path, so its links are root paths; no page links to it
    pages = sorted(p for p in built_site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 40
    bad, checked = [], 0
    for page in pages:
        for url in _LINK.findall(page.read_text(encoding="utf-8")):
            url = url.replace("&amp;", "&")
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("//", "#")) or (not parts.path and (parts.query or parts.fragment)):
                continue
            checked += 1
            target = (page.parent / unquote(parts.path)).resolve()
            if url.startswith("/") or not parts.path or not target.is_file() or built_site.resolve() not in target.parents:
                bad.append(f"{page.relative_to(built_site)}: {url}")
    assert checked > 500
    assert bad == []
