"""In headless Chromium (Debian package, driven by Playwright): the district map works
and the site makes no request to another host except map tiles."""

import csv
import datetime
import json
import time
from urllib.parse import urlparse

import pytest
import yaml

from generator.check.validate import load_atlas
from generator.model import schedule
from generator.render.maps import TILE_HOSTS

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, site_server):
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="ja-JP")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    # no internet here: tiles are refused, but still recorded as requested
    context.route("**/*", lambda route: route.continue_()
                  if urlparse(route.request.url).hostname == "127.0.0.1" else route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.requests, page.errors = requests, errors
    yield page
    context.close()


def _mapped_count(fixture_root) -> int:
    atlas, _ = load_atlas(fixture_root)
    district = next(d for d in atlas.districts if d.id == "sample-district")
    return sum(1 for r in district.resources if r.location and r.location.mappable)


def test_district_map_initialises_with_one_marker_per_public_resource(page, site_server, fixture_root):
    page.goto(f"{site_server}/districts/sample-district/")
    frame = page.locator(".atlas-map-block")  # the map is in the page (district.js)
    markers = frame.locator("path.leaflet-interactive")
    expected = _mapped_count(fixture_root)
    markers.first.wait_for(timeout=10_000)
    assert markers.count() == expected == 20
    assert frame.locator(".atlas-legend summary").inner_text() == "凡例・絞り込み"
    assert "サンプル（架空のデータ）" in frame.locator(".atlas-demo-bar").inner_text()
    assert frame.locator(".leaflet-control-attribution").inner_text().endswith("地理院タイル")
    assert page.errors == []

    markers.first.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert "くわしく見る" in popup.inner_text()
    # the legend filters the district map too: one category off, its markers go
    _open_legend(frame)
    first = frame.locator("input[name=cat]").first
    n_first = int(first.locator("xpath=..").inner_text().split("（")[-1].rstrip("）"))
    first.uncheck()
    assert frame.locator(".atlas-filter-status").inner_text() == f"表示中 {expected - n_first} / {expected} 件"
    assert markers.count() == expected - n_first


def _open_legend(frame) -> None:
    """Open the legend (a <details>; it starts closed on a small map)."""
    details = frame.locator(".atlas-legend details")
    if not details.evaluate("d => d.open"):
        frame.locator(".atlas-legend summary").click()
    assert details.evaluate("d => d.open")


def test_only_local_requests_and_tiles(page, site_server):
    for path in ("/", "/cases/", "/cases/omuta/", "/districts/sample-district/", "/districts/m-131016/",
                 "/districts/map/", "/worksheets/example/", "/checksheets/step-points/", "/taxonomy/"):
        page.goto(site_server + path)
        page.wait_for_load_state("networkidle")
    hosts = {urlparse(u).hostname for u in page.requests if urlparse(u).scheme in ("http", "https")}
    assert "127.0.0.1" in hosts
    assert hosts - {"127.0.0.1"} <= set(TILE_HOSTS), hosts
    assert any(urlparse(u).hostname in TILE_HOSTS for u in page.requests), "the map asked for no tiles"


def test_catalog_prefecture_filter_narrows_the_list_and_lives_in_the_url(page, site_server, fixture_root):
    atlas, _ = load_atlas(fixture_root)
    in_oita = {c.id for c in atlas.cases if c.prefecture == "大分県"}
    page.goto(f"{site_server}/cases/")
    cards = page.locator("#atlas-case-list > li")
    total = cards.count()
    assert total == len(atlas.cases)
    page.select_option("select[name=pref]", "大分県")
    visible = page.locator("#atlas-case-list > li:not([hidden]) a.atlas-case-title")
    assert visible.count() == len(in_oita) < total
    hrefs = visible.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {h.removesuffix("/index.html") for h in hrefs} == in_oita
    assert "pref=%E5%A4%A7%E5%88%86%E7%9C%8C" in page.url  # 大分県
    page.reload()
    assert page.locator("select[name=pref]").input_value() == "大分県"
    assert page.locator("#atlas-case-list > li:not([hidden])").count() == len(in_oita)
    page.select_option("select[name=theme]", "dementia")
    assert "theme=dementia" in page.url and "pref=" in page.url
    assert page.errors == []


def test_catalog_without_javascript_shows_every_case(browser, site_server, fixture_root):
    atlas, _ = load_atlas(fixture_root)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}/cases/?pref=大分県")
    assert page.locator("#atlas-case-list > li:visible").count() == len(atlas.cases)
    assert not page.locator("#atlas-filters").is_visible()
    context.close()


@pytest.mark.parametrize("query,case_id", [
    ("認知症カフェ", "saiki"), ("買い物", "omuta"), ("よっちはなそう会", "taketa"),
])
def test_japanese_search_finds_the_case_in_the_first_five(page, site_server, query, case_id):
    page.goto(f"{site_server}/")
    page.fill("#atlas-header-q", query)
    page.press("#atlas-header-q", "Enter")
    page.wait_for_url("**/search/index.html?q=*")
    results = page.locator("#atlas-search-results li a")
    results.first.wait_for(timeout=5_000)
    hrefs = results.evaluate_all("els => els.slice(0, 5).map(e => e.getAttribute('href'))")
    assert f"../cases/{case_id}/" in hrefs, hrefs
    assert page.errors == []


def test_national_case_map_has_one_marker_per_municipality(page, site_server, fixture_root):
    atlas, _ = load_atlas(fixture_root)
    codes = {m.code for c in atlas.cases for m in c.municipalities}
    page.goto(f"{site_server}/cases/map/")
    markers = page.frame_locator("iframe.atlas-map").locator("path.leaflet-interactive")
    markers.first.wait_for(timeout=10_000)
    assert markers.count() == len(codes) >= 5
    assert page.errors == []


def test_checksheet_ticks_and_notes_survive_a_reload_and_print(page, site_server, tmp_path):
    page.goto(f"{site_server}/checksheets/step-points/")
    boxes = page.locator(".atlas-check-item input[type=checkbox]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(2).check()
    note = page.locator(".atlas-check-item textarea").nth(0)
    note.fill("次回の協議体で話し合う")
    page.reload()
    boxes = page.locator(".atlas-check-item input[type=checkbox]")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    assert page.locator(".atlas-check-item textarea").nth(0).input_value() == "次回の協議体で話し合う"
    # printing shows the ticks and the note
    page.emulate_media(media="print")
    assert page.locator(".atlas-note-print").nth(0).inner_text() == "次回の協議体で話し合う"
    assert not page.locator(".atlas-check-item textarea").nth(0).is_visible()
    page.emulate_media(media="screen")
    # "clear" empties everything, after confirmation
    page.once("dialog", lambda d: d.accept())
    page.click("button[data-action=clear]")
    page.reload()
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('chiiki-atlas:'))") == []
    assert page.errors == []


def test_checksheet_ticks_stay_on_this_device(page, site_server):
    page.goto(f"{site_server}/checksheets/step-points/")
    page.requests.clear()
    page.locator(".atlas-check-item input[type=checkbox]").nth(1).check()
    page.locator(".atlas-check-item textarea").nth(1).fill("メモ")
    page.wait_for_timeout(300)
    # nothing is sent anywhere: at most the browser fetching a static file (favicon) lazily
    for url in page.requests:
        parsed = urlparse(url)
        assert parsed.hostname == "127.0.0.1" and not parsed.query, url


def _markers_and_clusters(frame, expected: int) -> int:
    """Points represented on the map: single markers plus the counts on cluster icons.
    Read again for up to 5 s while markercluster animates (both layers show mid-animation)."""
    for _ in range(25):
        singles = frame.locator("path.leaflet-interactive").count()
        count = singles + sum(int(t) for t in frame.locator(".marker-cluster span").all_inner_texts())
        if count == expected:
            break
        time.sleep(0.2)
    return count


@pytest.mark.parametrize("path", ["/districts/m-131016/", "/districts/map/"])
def test_municipality_and_national_maps_cluster_every_public_resource(page, site_server, fixture_root, path):
    page.goto(site_server + path)
    frame = page.frame_locator("iframe.atlas-map")
    frame.locator(".atlas-filter-status").wait_for(timeout=10_000)
    expected = _mapped_count(fixture_root)
    assert frame.locator(".atlas-filter-status").inner_text() == f"表示中 {expected} / {expected} 件"
    assert _markers_and_clusters(frame, expected) == expected
    assert frame.locator(".marker-cluster").count() >= 1
    # filter: switch off one category, and only the others remain
    _open_legend(frame)
    first = frame.locator("input[name=cat]").first
    n_first = int(first.locator("xpath=..").inner_text().split("（")[-1].rstrip("）"))
    first.uncheck()
    assert frame.locator(".atlas-filter-status").inner_text() == f"表示中 {expected - n_first} / {expected} 件"
    assert _markers_and_clusters(frame, expected - n_first) == expected - n_first
    assert page.errors == []


def _sample_rules(fixture_root) -> dict[str, list]:
    data = yaml.safe_load((fixture_root / "content/districts/sample-district.yaml").read_text(encoding="utf-8"))
    return {r["id"]: r.get("schedule", {}).get("rules", []) for r in data["resources"]}


def _shown_ids(page) -> set[str]:
    ids = page.locator("tr.atlas-resource:not([hidden])").evaluate_all("els => els.map(e => e.id)")
    return {i.removeprefix("r-") for i in ids}


def test_weekday_filter_shows_only_resources_open_that_day(page, site_server, fixture_root):
    rules = _sample_rules(fixture_root)
    page.goto(f"{site_server}/districts/sample-district/")
    page.select_option("#atlas-resource-filter select[name=day]", "WE")
    expected = {rid for rid, rs in rules.items() if schedule.open_on_weekday(rs, "WE")}
    assert _shown_ids(page) == expected and 0 < len(expected) < len(rules)
    page.select_option("#atlas-resource-filter select[name=time]", "pm")
    expected_pm = {rid for rid in expected if any(
        "WE" in r["byday"] and r.get("opens") and r.get("closes", r["opens"]) > "12:00" for r in rules[rid])}
    assert _shown_ids(page) == expected_pm
    assert page.errors == []


@pytest.mark.parametrize("day", ["2026-11-01", "2026-11-12", "2026-11-28", "2026-11-18"])
def test_open_today_agrees_with_the_schedule_rules(browser, site_server, fixture_root, day):
    """Sunday 1st, Thursday 2nd week, last Saturday, Wednesday: weekly and monthly rules."""
    rules = _sample_rules(fixture_root)
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(f"{day}T09:00:00")
    page.goto(f"{site_server}/districts/sample-district/")
    page.check("#atlas-resource-filter input[name=today]")
    date = datetime.date.fromisoformat(day)
    expected = {rid for rid, rs in rules.items() if schedule.open_on(rs, date)}
    assert _shown_ids(page) == expected and expected
    context.close()


def test_filtered_download_holds_exactly_what_is_shown(page, site_server, tmp_path):
    page.goto(f"{site_server}/districts/sample-district/")
    page.select_option("#atlas-resource-filter select[name=category]", "kayoinoba")
    shown = _shown_ids(page)
    with page.expect_download() as info:
        page.click("button[data-download=csv]")
    path = tmp_path / "filtered.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert {r["ID"].split("/", 1)[1] for r in rows} == shown and shown
    with page.expect_download() as info:
        page.click("button[data-download=geojson]")
    info.value.save_as(tmp_path / "filtered.geojson")
    features = json.loads((tmp_path / "filtered.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["id"].split("/", 1)[1] for f in features} == shown


def test_my_list_prints_three_picked_resources_with_a_note_on_one_a4_page(page, site_server, tmp_path):
    page.goto(f"{site_server}/districts/sample-district/")
    buttons = page.locator("button.atlas-mylist-toggle")
    names = []
    for i in (0, 3, 7):
        buttons.nth(i).click()
        assert buttons.nth(i).inner_text() == "マイリストから外す"
        names.append(buttons.nth(i).locator("xpath=..").inner_text().split("\n")[0])
        # beside each button that added one, the way to the list with its count
        links = page.locator(".atlas-mylist-link[role=status] a:visible")
        assert links.all_inner_texts() == [f"マイリストを見る（{len(names)} 件）"] * len(names)
    buttons.nth(7).click()  # out again: the counts follow
    assert page.locator(".atlas-mylist-link a:visible").all_inner_texts() == ["マイリストを見る（2 件）"] * 3
    buttons.nth(7).click()
    page.locator(".atlas-mylist-link a").first.click()
    page.wait_for_url("**/mylist/**")
    items = page.locator(".atlas-mylist-item")
    assert items.count() == 3
    # the sample district's registered source is credited on each (tests/fixture/content/import/sources.yaml)
    assert "出典\nサンプル区（架空）「地域の資源の一覧（架空のサンプル）」CC BY 4.0" in items.first.inner_text()
    page.locator(".atlas-mylist-item textarea").nth(1).fill("木曜に見学の予約")
    page.reload()
    assert page.locator(".atlas-mylist-item textarea").nth(1).input_value() == "木曜に見学の予約"
    pdf = tmp_path / "mylist.pdf"
    page.emulate_media(media="print")
    pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True, print_background=True))
    import subprocess
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info and "A4" in info
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\n", "")
    for name in names:
        assert name in text, name
    assert "メモ：木曜に見学の予約" in text
    # on paper: the day it was printed, and each resource's date of check (the data's date)
    today = page.evaluate("(() => { const d = new Date(); "
                          "return d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日'; })()")
    assert f"印刷日：{today}" in text and text.count("確認日") >= 3
    # 「持ち物」 from the lines of 「元の一覧の項目」 whose label names it (none in the fixture's rows)
    assert page.evaluate("AtlasMyList.bring('駐車場: あり\\n持ち物: タオル・飲み物\\n持参するもの: 上履き\\n持ち物: ')") == \
        "タオル・飲み物／上履き"
    assert page.errors == []
