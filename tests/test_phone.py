"""On a 390 px phone the pages do not scroll sideways and each resource of a district is a
readable card (labels beside values), not six squeezed columns."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="ja-JP")
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    yield context.new_page()
    context.close()


def test_district_resources_are_cards_on_a_phone(phone, site_server):
    phone.goto(site_server + "/districts/sample-district/")
    phone.wait_for_load_state("load")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    rows = phone.locator("tr.atlas-resource")
    assert rows.count() > 10
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box["width"] <= 390 - 2 * 12, i  # inside the page's margins
        button = rows.nth(i).locator("button.atlas-mylist-toggle").bounding_box()
        assert button["height"] < 60 and button["width"] > 100, (i, button)  # one line, not one character a line
    # each value has its column's name beside it (the table's header row is not shown on phones)
    labels = phone.locator("tr.atlas-resource").first.locator("td").evaluate_all(
        "tds => tds.map(e => getComputedStyle(e, '::before').content)")
    headers = phone.locator("table.atlas-resources thead th").all_inner_texts()[1:]
    assert labels == [f'"{h}："' for h in headers] and "日時" in headers

    # the worksheet is wider than a phone: its scroll box takes keyboard focus and scrolls with the arrows
    scroll = phone.locator(".atlas-ws-scroll")
    assert scroll.evaluate("e => e.scrollWidth > e.clientWidth") and scroll.get_attribute("aria-label")
    scroll.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("document.querySelector('.atlas-ws-scroll').scrollLeft > 0")

    # 「地図を大きくする」 fills the screen (Leaflet's inline position once made it 0 px high);
    # the button, pressed again or Escape, brings the map back to its place in the page
    size, box = phone.locator("button.atlas-map-size"), phone.locator(".atlas-map")
    normal = box.bounding_box()
    size.click()
    big = box.bounding_box()
    assert (big["x"], big["y"], big["width"], big["height"]) == (0, 0, 390, 844), big
    assert size.get_attribute("aria-pressed") == "true" and size.is_visible()
    phone.keyboard.press("Escape")
    assert box.bounding_box()["height"] == normal["height"] and size.inner_text() == "地図を大きくする"
    size.click()
    size.click()
    assert box.bounding_box()["height"] == normal["height"] and size.get_attribute("aria-pressed") == "false"


@pytest.mark.parametrize("path", ["/", "/cases/", "/cases/omuta/", "/districts/", "/districts/m-131016/",
                                  "/worksheets/", "/worksheets/example/", "/districts/sample-district/",
                                  "/checksheets/strategy/", "/mylist/", "/search/?q=x"])
def test_no_page_scrolls_sideways_on_a_phone(phone, site_server, path):
    phone.goto(site_server + path)
    phone.wait_for_load_state("load")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
