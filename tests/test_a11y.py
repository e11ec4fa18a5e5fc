"""axe-core (Deque's accessibility engine, bundled in PyPI's axe-playwright-python) finds no
violation on any page template: contrast, links told apart from text by more than colour,
landmarks, ARIA roles, form labels, headings. Run in headless Chromium on the built site."""

import datetime
import re
from urllib.parse import quote

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from generator.model import schedule

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


FOCUSED = "[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"


@pytest.mark.parametrize(("path", "to_list"), [
    ("/districts/sample-district/", ["場所の一覧へ移動", "#resources"]),
    ("/districts/m-131016/", ["場所の一覧へ移動", "#list"]),
    (NEAR, ["近くの場所の一覧へ移動", "#atlas-near-status"]),  # the front door's results, once shown
    ("/search/?q=x", None), ("/", None)])
def test_the_first_tab_offers_a_skip_to_the_content_and_header_focus_is_visible(page, site_server, path, to_list):
    """What axe does not see: the first Tab stop skips the header and menu (the district's
    map legend was the 45th stop), the second to a page's list of places where it has one,
    and the header's search field shows where focus is."""
    page.goto(site_server + path)
    if path == NEAR:
        page.wait_for_selector("#atlas-near[data-state=shown]")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == ["本文へ移動", "#atlas-main"]
    assert page.locator("a.atlas-skip").first.is_visible()  # shown while it has focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article.md-content__inner')"), path
    page.locator("#atlas-header-q").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    ring = page.evaluate("(s => [s.outlineStyle, parseFloat(s.outlineWidth)])"
                         "(getComputedStyle(document.getElementById('atlas-header-q')))")
    assert ring[0] != "none" and ring[1] >= 2, ring
    page.keyboard.press("Shift+Tab")  # the link to the list is the skip link just before the header
    assert page.evaluate(FOCUSED) == (to_list or ["本文へ移動", "#atlas-main"])
    if to_list:
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == to_list[1][1:]  # the list's heading or status line


# every focus and blur by keyboard kept in window.atlasFocus: the element's name as a screen
# reader would find it first, and its outline and shadow with and without focus
RECORD_FOCUS = """() => {
  window.atlasFocus = [];
  const look = e => { const s = getComputedStyle(e);
                      return [s.outlineStyle, parseFloat(s.outlineWidth) || 0, s.boxShadow]; };
  const name = e => (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent)
                     || e.textContent || e.getAttribute('title') || '').trim();
  document.addEventListener('focusin', ev => {
    const e = ev.target, seen = { what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + name(e).slice(0, 30),
                                  name: name(e), on: look(e) };
    window.atlasFocus.push(seen);
    // without focus: as soon as it has gone (keys come before timers: the walk may be back on it)
    e.addEventListener('focusout', () => { if (!e.matches(':focus')) { seen.off = look(e); } }, { once: true });
  });
}"""
# how many Tab stops the walk has gone past its start (the focus before `start`), -1 before it is back
PAST = """start => { const f = window.atlasFocus, at = f.findIndex((r, i) => i >= start && r.what === f[start - 1].what);
                     return at < 0 ? -1 : f.length - 1 - at; }"""
INTERACTIVE = ("link", "button", "checkbox", "radio", "textbox", "searchbox", "combobox", "spinbutton", "slider",
               "switch", "tab", "menuitem", "option")


def _at(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
      return { tag: e.tagName.toLowerCase(), id: e.id, name: (e.getAttribute('aria-label') || e.textContent).trim(),
               cls: String(e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className),
               popup: !!e.closest('.leaflet-popup-content'), row: (e.closest('tr.atlas-resource') || {}).id || '' }; }""")


def _press_until(page, key: str, test, most: int) -> dict:
    """Press `key` until the focused element passes `test` (at most `most` times)."""
    for _ in range(most):
        page.keyboard.press(key)
        at = _at(page)
        if test(at):
            return at
    raise AssertionError(f"{key} ×{most} never reached it; at {at}")


def _shows_focus(stop: dict) -> bool:
    """A focus indicator: an outline (the browser's own ring, or one at least 2 px wide) or a
    shadow, and not the same as without focus."""
    style, width, shadow = stop["on"]
    ring = style == "auto" or (style != "none" and width >= 2)
    return (ring or shadow != "none") and stop.get("off") != stop["on"]


def _marker_words(rules: list, at: datetime.datetime) -> str:
    """What a marker says of its place being open at `at` (atlas-filter.js openWords)."""
    if not rules:
        return ""
    hm, today = at.strftime("%H:%M"), [r for r in rules if schedule.open_on([r], at.date())]
    if any(r.get("opens") and r["opens"] <= hm and (not r.get("closes") or hm < r["closes"]) for r in today):
        return "いま開いています"
    return "今日 " if today else "今日はお休み"


def test_the_district_page_by_keyboard_alone(page, site_server, fixture_root):
    """Issue 23's keyboard-only walk on one district page, then マイリスト: the skip link to the
    list, the list's filters by Space and the arrows, a marker (named with its kind and whether
    it is open now) and its popup by Enter and Escape, 「マイリストに入れる」 and the link it brings,
    and an entry removed on the マイリスト page. Every Tab stop of the page is visited once, each
    must show that it has focus; the accessibility tree has no nameless control. Keys only: no
    click and no focus() from the test."""
    now = datetime.datetime(2026, 11, 18, 10, 30)  # a Wednesday (3rd of the month), 10:30
    data = yaml.safe_load((fixture_root / "content/districts/sample-district.yaml").read_text(encoding="utf-8"))
    resources = {r["id"]: r for r in data["resources"]}
    rules = {rid: r.get("schedule", {}).get("rules", []) for rid, r in resources.items()}
    page.clock.set_fixed_time(now.isoformat())
    page.goto(site_server + "/districts/sample-district/")
    markers = page.locator("path.leaflet-interactive")
    markers.first.wait_for()
    page.evaluate(RECORD_FOCUS)

    def shown() -> set[str]:
        ids = page.locator("tr.atlas-resource:not([hidden])").evaluate_all("els => els.map(e => e.id)")
        return {i.removeprefix("r-") for i in ids}

    # the skip links: to the content, then to the list (shown while focused), whose heading takes focus
    page.keyboard.press("Tab")
    assert _at(page)["name"] == "本文へ移動"
    page.keyboard.press("Tab")
    assert _at(page) | {"cls": ""} == _at(page) | {"name": "場所の一覧へ移動", "cls": ""}
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'", timeout=2000)  # fades in
    box = page.evaluate("(r => [r.top, r.bottom])(document.activeElement.getBoundingClientRect())")
    assert 0 <= box[0] < box[1] <= 900, box
    page.keyboard.press("Enter")
    assert _at(page)["id"] == "resources"

    # the filters: the kind by the arrow keys, 「今日開いている」 by Space, 「条件をはずす」 by Enter
    page.keyboard.press("Tab")
    kind = page.locator("#atlas-resource-filter select[name=category]")
    assert page.evaluate("document.activeElement.name") == "category"
    page.keyboard.press("ArrowDown")
    first_kind = kind.input_value()
    assert first_kind and shown() == {rid for rid, r in resources.items() if r["category"] == first_kind}
    page.keyboard.press("ArrowUp")
    assert kind.input_value() == "" and shown() == set(resources)
    _press_until(page, "Tab", lambda at: at["tag"] == "input", 4)
    assert page.evaluate("document.activeElement.name") == "today"
    page.keyboard.press("Space")
    open_today = {rid for rid, rs in rules.items() if schedule.open_on(rs, now.date())}
    assert shown() == open_today and 0 < len(open_today) < len(resources)
    page.keyboard.press("Tab")
    assert _at(page)["name"] == "条件をはずす"
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('tr.atlas-resource[hidden]').length === 0")
    assert not page.locator("#atlas-resource-filter input[name=today]").is_checked()

    # every marker is a named button: its place, its kind (or how many services) and, for a place
    # with a schedule, whether it is open at 10:30 on that Wednesday
    labels = markers.evaluate_all("ps => ps.map(p => [p.getAttribute('role'), p.getAttribute('aria-label')])")
    assert len(labels) > 10 and all(role == "button" for role, _ in labels)
    by_name = {r["name"]: rid for rid, r in resources.items()}
    kinds, words_seen = set(), set()
    for _, label in labels:
        m = re.fullmatch(r"(.+?)、([^、]+?)(?:、(.+))?（地図の印。Enter で詳しく）", label)
        assert m, label
        name, kind, words = m.group(1), m.group(2), m.group(3) or ""
        kinds.add(kind)
        expected = _marker_words(rules[by_name[name]], now)
        assert words.startswith(expected) and bool(words) == bool(expected), (label, expected)
        words_seen.add(expected)
    assert {"高齢者サロン系", "住民主体の通いの場"} <= kinds
    assert {"いま開いています", "今日 ", "今日はお休み", ""} <= words_seen  # each case is in the fixture

    # back up to the map: a marker, its popup by Enter (focus inside, its content reachable by Tab),
    # Escape closes it and the focus is on the marker again
    marker = _press_until(page, "Shift+Tab", lambda at: at["tag"] == "path", 40)
    assert "地図の印" in marker["name"]
    page.keyboard.press("Enter")
    assert _at(page)["popup"]
    assert _press_until(page, "Tab", lambda at: at["popup"] and at["tag"] == "button", 3)["name"] == "マイリストに入れる"
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "閉じる"
    page.keyboard.press("Escape")
    assert _at(page)["name"] == marker["name"]
    page.locator(".leaflet-popup").wait_for(state="detached", timeout=2000)  # Leaflet fades it out
    for button, name in [(".leaflet-control-zoom-in", "拡大"), (".leaflet-control-layers-toggle", "背景の地図を選ぶ")]:
        assert page.locator(button).get_attribute("aria-label") == name

    # 「マイリストに入れる」 on a row of the list, then the link it brings is the next Tab stop
    added = _press_until(page, "Tab", lambda at: at["row"] and at["name"] == "マイリストに入れる", 40)
    page.keyboard.press("Enter")
    assert _at(page)["name"] == "マイリストから外す"
    page.keyboard.press("Tab")
    link = _at(page)
    assert link["tag"] == "a" and link["name"] == "マイリストを見る（1 件）"

    # once round every Tab stop of the page, back to that link: each shows its focus (Tab in
    # tens, then back by the stops gone past it)
    start = page.evaluate("window.atlasFocus.length")
    for _ in range(40):
        for _ in range(10):
            page.keyboard.press("Tab")
        past = page.evaluate(PAST, start)
        if past >= 0:
            break
    for _ in range(past):
        page.keyboard.press("Shift+Tab")
    assert _at(page)["name"] == link["name"]
    page.wait_for_timeout(50)  # the last blur's style
    record = page.evaluate("window.atlasFocus")
    assert len(record) > 150
    stops = [r for r in record if r["what"] != "body "]
    unnamed = sorted({r["what"] for r in stops if not r["name"]})
    unseen = sorted({r["what"] for r in stops if not _shows_focus(r)})
    assert sum("off" in r for r in stops) >= len(stops) - 1  # each seen without focus too (not the last)
    assert (unnamed, unseen) == ([], [])
    # among them every marker and the worksheet's scroll box (it scrolls by the arrow keys)
    assert sum(r["what"].startswith("path ") for r in stops) >= len(labels)
    assert any(r["what"].startswith("div ワークシートの表") for r in stops)

    # the accessibility tree: no control without a name (markers included)
    tree = page.locator("body").aria_snapshot()
    nameless = [line.strip() for line in tree.splitlines()
                if re.match(r"\s*- (" + "|".join(INTERACTIVE) + r")\b(?! \")", line)]
    assert nameless == [] and tree.count('- button "サンプル') >= len(labels) - 1

    # a second row's 「マイリストに入れる」, whose link then counts 2
    second = _press_until(page, "Tab", lambda at: at["row"] and at["name"] == "マイリストに入れる", 8)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert _at(page)["name"] == "マイリストを見る（2 件）"

    # マイリスト: the link by Enter, then each entry's 「外す」 by keyboard: the focus moves on to the
    # next entry's, and after the last to the words that the list is empty
    page.keyboard.press("Enter")
    page.wait_for_url("**/mylist/**")
    page.locator("#atlas-mylist li").nth(1).wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # 本文へ移動
    names = [resources[at["row"].removeprefix("r-")]["name"] for at in (added, second)]
    assert _press_until(page, "Tab", lambda at: at["name"].startswith("外す"), 10)["name"] == "外す：" + names[0]
    page.keyboard.press("Enter")
    assert page.locator("#atlas-mylist li").count() == 1 and _at(page)["name"] == "外す：" + names[1]
    page.keyboard.press("Enter")
    assert page.locator("#atlas-mylist li").count() == 0 and page.locator("#atlas-mylist-empty").is_visible()
    assert _at(page)["id"] == "atlas-mylist-empty"
