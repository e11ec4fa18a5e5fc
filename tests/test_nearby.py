"""The front door (issue 23): the build-time index of municipality boxes and place names
(generator/render/nearby.py, privacy.town_part, the phones of the points files), and in the
browser (assets/nearby.js) near-me from a fixed position and clock, the place box, the search
page answering a place name, and hostile text staying text."""

from __future__ import annotations

import copy
import datetime
import json
import math
from urllib.parse import quote

import pytest
from conftest import FIXTURE

from generator.check.validate import load_atlas
from generator.model import schedule
from generator.model.model import Contact, Location
from generator.model.privacy import public_point, town_part
from generator.render.mapdata import SCALE, points_data
from generator.render.nearby import NEAR_NAMES, name_key, name_shards, near_index, nearby_files


@pytest.fixture(scope="module")
def atlas():
    atlas, problems = load_atlas(FIXTURE)
    assert atlas is not None, problems
    return atlas


# ------------------------------------------------------------------ build time

@pytest.mark.parametrize(("address", "town"), [
    ("（架空）サンプル町1丁目 サンプル会館", "サンプル町1丁目"),       # a bracket, then the 丁目
    ("東京都千代田区神田神保町1-1", "神田神保町"),                     # prefecture + city, lot number cut
    ("〒100-0001 千代田区千代田1-1 山田様方", "千代田"),               # postcode, and a home after the lot
    ("大阪府大阪市北区梅田1丁目2-3", "梅田1丁目"),                     # a designated city's ward
    ("港区麻布十番一丁目5", "麻布十番一丁目"),                          # 十番 belongs to the name
    ("高松市扇町田中宅", ""),                                            # the town part may name a home
    ("千代田区", ""),                                                    # nothing after the municipality
    ("", ""),
])
def test_town_part_is_the_town_of_an_address_without_its_municipality(address, town):
    assert town_part(address) == town


def _names(index: tuple[dict, dict]) -> dict[tuple[str, int], list]:
    """(name, kind) → [name, kind, lat, lon, where (text), id] of the names file."""
    names = index[1]
    return {(n[0], n[1]): [*n[:4], names["w"][n[4]] if n[4] >= 0 else "", n[5]] for n in names["n"]}


def test_near_index_names_every_kind_of_place_with_a_point_and_boxes_the_municipality(atlas):
    boxes, index = near_index(atlas)
    names = _names((boxes, index))
    d = atlas.districts[0]
    muni = d.municipality
    points = [p for r in d.resources if (p := public_point(r.location))]
    # the municipality: its dataset point and page; its prefecture; the district and its page
    assert names[(muni.name, 1)][2:] == [round(muni.lat * SCALE), round(muni.lon * SCALE), muni.prefecture,
                                         muni.code]
    assert (muni.prefecture, 0) in names
    district = names[(d.name, 3)]
    assert district[4:] == [f"{muni.prefecture} {muni.name}", d.id]
    assert district[2] == round(sum(p[0] for p in points) / len(points) * SCALE)
    # 町名 with and without the 丁目, each at the mean of its places' public points
    towns = {n[0] for n in index["n"] if n[1] == 2}
    assert {"サンプル町", "サンプル町1丁目", "サンプル町7丁目"} <= towns
    one = [public_point(r.location) for r in d.resources
           if public_point(r.location) and town_part(r.address) == "サンプル町1丁目"]
    assert names[("サンプル町1丁目", 2)][2] == round(sum(p[0] for p in one) / len(one) * SCALE)
    # the box holds every public point of the municipality, and no more
    (code, south, west, north, east), = boxes["m"][muni.prefecture_code]
    assert code == muni.code and boxes["p"] == [[muni.prefecture_code, south, west, north, east]]
    assert (south, north) == (min(round(p[0] * SCALE) for p in points), max(round(p[0] * SCALE) for p in points))
    assert (west, east) == (min(round(p[1] * SCALE) for p in points), max(round(p[1] * SCALE) for p in points))


@pytest.mark.parametrize(("precision", "named", "point"), [
    ("exact", True, (3569123, 13975432)),
    ("approximate", True, (3569000, 13975000)),   # only its rounded point (privacy.APPROXIMATE_DECIMALS)
    ("hidden", False, None),                       # never: no point, no town
])
def test_a_town_known_only_from_one_place_says_no_more_than_that_place_publishes(atlas, precision, named, point):
    atlas = copy.deepcopy(atlas)
    r = atlas.districts[0].resources[0]
    r.address = "（架空）ひとつ町9丁目 山田方"
    r.location = Location(35.69123, 139.75432, precision)
    names = _names(near_index(atlas))
    assert ((("ひとつ町9丁目", 2) in names), (("ひとつ町", 2) in names)) == (named, named)
    if named:
        assert tuple(names[("ひとつ町9丁目", 2)][2:4]) == point
    text = "".join(nearby_files(atlas).values())
    assert "山田" not in text and ("13975432" in text) == (precision == "exact")


def test_name_shards_keep_every_name_once_in_the_shard_of_its_first_character(atlas):
    """As the browser looks a keystroke up: the first UTF-16 unit of the normalised text, so a
    name in katakana and one typed in hiragana or full-width letters meet in one shard."""
    _, names = near_index(atlas)
    names = {"w": names["w"] + ["北海道 札幌市"], "n": names["n"] + [
        ["さっぽろ", 2, 1, 1, len(names["w"]), ""], ["Ｓａｐｐｏｒｏ", 2, 1, 1, -1, ""], ["𠮷野町", 2, 1, 1, -1, ""]]}
    shards = name_shards(names, shard_bytes=64)
    assert len(shards) > 4 and len(shards) & (len(shards) - 1) == 0
    held = [(row[0], row[1], shard["w"][row[4]] if row[4] >= 0 else "", k)
            for k, shard in enumerate(shards) for row in shard["n"]]
    assert sorted(h[:3] for h in held) == sorted((r[0], r[1], names["w"][r[4]] if r[4] >= 0 else "")
                                                 for r in names["n"])
    assert all(k == ord(name_key(name)) % len(shards) for name, _, _, k in held)
    assert name_key("サンプル町") == name_key("さんぷる") == "さ" and name_key("Ｓａｐｐｏｒｏ") == "s"
    assert name_key("𠮷野町") == "\ud842"  # a surrogate, as JavaScript's charCodeAt(0) sees it
    files = nearby_files(atlas)
    count = sum(p.startswith("search/near/") and p[12:-3].isdigit() for p in files)
    assert files[NEAR_NAMES] == f'window.ATLAS_NEAR_NAMES={{"s":{count}}};\n'


def test_hostile_names_stay_inside_the_index_script(atlas):
    atlas = copy.deepcopy(atlas)
    atlas.districts[0].name = "</script><script>alert(1)</script>\u2028"
    files = nearby_files(atlas)
    text = "".join(files.values())
    assert "</script" not in text.lower() and "\u2028" not in text
    data = json.loads(files["search/near/0.js"].removeprefix("AtlasNearNames(0,").rstrip(");\n"))
    assert (atlas.districts[0].name, 3) in _names(({}, data))


def test_points_files_carry_a_phone_only_for_points_that_have_one(atlas):
    atlas = copy.deepcopy(atlas)
    d = atlas.districts[0]
    hidden = next(r for r in d.resources if r.location and r.location.precision == "hidden")
    shown = next(r for r in d.resources if r.location and r.location.precision == "exact")
    hidden.contact = Contact("x", phone="03-0000-0001")
    shown.contact = Contact("y", phone="03-0000-0002")
    data = points_data(atlas, [d], "../districts/")
    assert [(data["p"][i][6], phone) for i, phone in data["t"]] == [(shown.id, "03-0000-0002")]
    shown.contact = Contact("y")
    assert "t" not in points_data(atlas, [d], "../districts/")


# ------------------------------------------------------------------ in the browser

DAY, TIME = "2026-11-18", "10:30"           # a Wednesday morning
HERE = (35.6960, 139.7549)                   # a few metres from the sample district's 囲碁教室


def _metres(a, b):
    rad = math.pi / 180
    h = math.sin((b[0] - a[0]) * rad / 2) ** 2 + \
        math.cos(a[0] * rad) * math.cos(b[0] * rad) * math.sin((b[1] - a[1]) * rad / 2) ** 2
    return 12742000 * math.asin(min(1, math.sqrt(h)))


def _expected(atlas, origin, which: str) -> list[tuple[str, str]]:
    """(name, state line) of the places near `origin`, nearest first, as the front door should
    list them at DAY TIME: one per place (mapdata's groups), open today / now by schedule.py."""
    data = points_data(atlas, atlas.districts, "../districts/")
    member = {i: g[0][0] for g in data["g"] for i, _ in g[1:]}
    places: dict[int, dict] = {}
    for i, p in enumerate(data["p"]):
        lead = member.get(i, i)
        place = places.setdefault(lead, {"name": data["p"][lead][5], "rules": [],
                                         "at": (data["p"][lead][0] / SCALE, data["p"][lead][1] / SCALE)})
        place["rules"] += data["h"][p[8]]
    date = datetime.date.fromisoformat(DAY)
    out = []
    for place in sorted(places.values(), key=lambda pl: _metres(origin, pl["at"])):
        today = [r for r in place["rules"] if schedule.rule_matches(r, date)]
        now = any(r.get("opens") and r["opens"] <= TIME < r.get("closes", "99") for r in today)
        hours = "・".join(f"{r['opens']}〜{r.get('closes', '')}" + ("（終わりました）" if r.get("closes", "99") <= TIME
                                                                     else "") for r in today)
        if (which == "now" and not now) or (which == "today" and not today):
            continue
        out.append((place["name"], f"いま開いています（今日 {hours}）" if now else f"今日 {hours}"))
    return out


def _shown(page) -> list[tuple[str, str]]:
    page.wait_for_selector("#atlas-near[data-state=shown]")
    items = page.locator("#atlas-near-results > li")
    return [(items.nth(i).locator(".atlas-near-name").inner_text(), items.nth(i).locator(".atlas-near-state").inner_text())
            for i in range(items.count())]


@pytest.mark.browser
def test_front_door_finds_places_near_a_position_and_a_place_name(browser, site_server, atlas):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP",
                                  geolocation={"latitude": HERE[0], "longitude": HERE[1]},
                                  permissions=["geolocation"])
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog " + d.message), d.dismiss()))
    page.clock.set_fixed_time(f"{DAY}T{TIME}:00")
    # phones (mapdata's "t"; the fixture has none): one plain, one hostile
    points = points_data(atlas, atlas.districts, "../districts/")["p"]
    phones = [[0, "03-1234-5678"], [1, "<b>0120</b>-00\u0000"]]

    def with_phones(route):
        body = route.fetch().text()
        route.fulfill(body=body.rstrip().removesuffix("};") + f',"t":{json.dumps(phones)}}};\n',
                      content_type="text/javascript")
    page.route("**/maps/points-m-131016.js", with_phones)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(site_server + "/")

    # near me: one tap on the first screen, nearest first, today's hours and open now right
    here = page.locator("#atlas-near-here")
    assert here.bounding_box()["y"] + here.bounding_box()["height"] <= 844
    here.click()
    today = _expected(atlas, HERE, "today")
    assert _shown(page) == today[:20] and today[0][1].startswith("いま開いて")
    first = page.locator("#atlas-near-results > li a").first.bounding_box()
    assert first["y"] >= 0 and first["y"] + first["height"] <= 844  # in sight: tap 2 opens it
    assert page.locator("#atlas-near-results > li").first.locator("a").first.get_attribute("href") == \
        "districts/sample-district/#r-sample-igo-kyoshitsu"
    assert any(u.endswith("/maps/points-m-131016.js") for u in fetched)
    assert not any(u.endswith("/search/near-names.js") for u in fetched)  # the names wait for the place box
    approx = page.locator("#atlas-near-results > li", has_text="おおよその位置")
    assert approx.count() == sum(1 for n, _ in today if n in {r.name for r in atlas.districts[0].resources
                                                               if r.location and r.location.precision == "approximate"})
    page.check("input[name=atlas-near-filter][value=now]")
    assert _shown(page) == _expected(atlas, HERE, "now")[:20]
    page.check("input[name=atlas-near-filter][value=all]")
    for (index, _), href in zip(phones, ["tel:0312345678", "tel:012000"], strict=True):
        tel = page.locator("#atlas-near-results > li", has_text=points[index][5]).locator("a[href^='tel:']")
        assert tel.get_attribute("href") == href
    assert "<b>0120</b>" in page.locator("a[href='tel:012000']").inner_text()  # the phone as text
    assert page.locator("#atlas-near-results a[href^='tel:']").count() == 2
    shown_all = " ".join(page.locator("#atlas-near-results .atlas-near-name").all_inner_texts())
    hidden = [r.name for r in atlas.districts[0].resources if r.location and r.location.precision == "hidden"]
    assert hidden and not any(name in shown_all for name in hidden)  # a hidden place never takes part
    page.check("input[name=atlas-near-filter][value=today]")

    # the place box: a 町名 typed in hiragana, and a 地区; choosing one lists from its point
    names = _names(near_index(atlas))
    page.fill("#atlas-near-place", "さんぷる町7")  # katakana typed as hiragana
    suggestion = page.locator(".atlas-near-suggestion", has_text="サンプル町7丁目")
    assert "町名" in suggestion.inner_text()
    suggestion.click()
    town = names[("サンプル町7丁目", 2)]
    assert _shown(page) == _expected(atlas, (town[2] / SCALE, town[3] / SCALE), "today")[:20]
    assert "「サンプル町7丁目」から近い順" in page.inner_text("#atlas-near-status")
    page.fill("#atlas-near-place", "サンプル地区")
    assert "地区" in page.locator(".atlas-near-suggestion").first.inner_text()

    # hostile text in the box and in ?near= stays text
    hostile = "<img src=x onerror=alert(1)>\u0007\u202e<b>x</b>"
    page.fill("#atlas-near-place", hostile)
    assert page.locator("#atlas-near img, #atlas-near b").count() == 0
    page.goto(site_server + "/?near=" + quote(hostile))
    assert page.input_value("#atlas-near-place") == hostile
    assert page.locator("#atlas-near img, #atlas-near b").count() == 0

    # the search page answers a place name: its places, and a link to the places near it
    page.goto(site_server + "/search/?q=" + quote("サンプル町2丁目"))
    page.wait_for_function("document.getElementById('atlas-search-form').getAttribute('data-searched') !== null")
    results = page.locator("#atlas-search-results li > a").all_inner_texts()
    in_town = {r.name for r in atlas.districts[0].resources if town_part(r.address) == "サンプル町2丁目"}
    assert in_town and in_town <= set(results)
    page.locator("#atlas-search-places a", has_text="サンプル町2丁目の近くの場所を見る").click()
    town = names[("サンプル町2丁目", 2)]
    assert _shown(page) == _expected(atlas, (town[2] / SCALE, town[3] / SCALE), "today")[:20]
    page.goto(site_server + "/search/?q=" + quote(hostile))
    page.wait_for_function("document.getElementById('atlas-search-form').getAttribute('data-searched') !== null")
    assert page.locator("#atlas-search-places").is_hidden()
    assert page.locator("main img[src=x], main b:has-text('x')").count() == 0
    assert errors == []
    context.close()
