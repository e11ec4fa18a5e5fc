"""axe-core (Deque's accessibility engine, bundled in PyPI's axe-playwright-python) finds no
violation on any page template: contrast, links told apart from text by more than colour,
landmarks, ARIA roles, form labels, headings. Run in headless Chromium on the built site."""

import re
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

NEAR = "/?near=" + quote("サンプル町1丁目")  # the front door's results
PAGES = ["/", NEAR, "/cases/", "/cases/omuta/", "/cases/map/", "/districts/", "/districts/p-13/", "/districts/m-131016/",
         "/districts/sample-district/", "/districts/map/", "/checksheets/strategy/",
         "/search/?q=%E8%AA%8D%E7%9F%A5%E7%97%87", "/mylist/", "/data/", "/taxonomy/", "/about/",
         "/worksheets/", "/worksheets/example/"]  # a district's worksheet is part of its page


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="ja-JP")
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violation(page, site_server, axe, path):
    page.goto(site_server + path)
    page.wait_for_load_state("load")
    if path == NEAR:
        page.wait_for_selector("#atlas-near[data-state=shown]")
    violations = axe.run(page).response["violations"]
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


@pytest.mark.parametrize("path", ["/districts/sample-district/", "/search/?q=x", "/"])
def test_the_first_tab_offers_a_skip_to_the_content_and_header_focus_is_visible(page, site_server, path):
    """What axe does not see: the first Tab stop skips the header and menu (the district's
    map legend was the 45th stop), and the header's search field shows where focus is."""
    page.goto(site_server + path)
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert skip == ["本文へ移動", "#atlas-main"]
    assert page.locator("a.atlas-skip").is_visible()  # shown while it has focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article.md-content__inner')"), path
    page.locator("#atlas-header-q").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    ring = page.evaluate("(s => [s.outlineStyle, parseFloat(s.outlineWidth)])"
                         "(getComputedStyle(document.getElementById('atlas-header-q')))")
    assert ring[0] != "none" and ring[1] >= 2, ring


def test_a_map_marker_is_named_and_its_popup_is_reached_by_keyboard(page, site_server):
    """The district map's markers are Tab stops (Chromium focuses Leaflet's paths): each has a
    name; Enter opens its popup with the focus on its first link, Escape brings it back."""
    page.goto(site_server + "/districts/sample-district/")
    markers = page.locator("path.leaflet-interactive")
    markers.first.wait_for()
    names = markers.evaluate_all("ps => ps.map(p => [p.getAttribute('role'), p.getAttribute('aria-label')])")
    assert len(names) > 10 and all(role == "button" and label and "地図の印" in label for role, label in names)
    # name, then its kind (a place of several services says how many)
    kinds = {re.match(r".+、(.+)（地図の印", label).group(1) for _, label in names if "つのサービス）" not in label}
    assert {"高齢者サロン系", "住民主体の通いの場"} <= kinds, names
    markers.first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("!!document.activeElement.closest('.leaflet-popup-content')")
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "閉じる"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == names[0][1]
    assert page.locator(".leaflet-control-zoom-in").get_attribute("aria-label") == "拡大"
