"""axe-core (Deque's accessibility engine, bundled in PyPI's axe-playwright-python) finds no
violation on any page template: contrast, links told apart from text by more than colour,
landmarks, ARIA roles, form labels, headings. Run in headless Chromium on the built site."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = ["/", "/cases/", "/cases/omuta/", "/cases/map/", "/districts/", "/districts/p-13/", "/districts/m-131016/",
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
    violations = axe.run(page).response["violations"]
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
