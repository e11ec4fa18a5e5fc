"""The front door (issue 23): the build-time index of municipality boxes and place names
(generator/render/nearby.py, privacy.town_part, the phones of the points files), and in the
browser (assets/nearby.js) near-me from a fixed position and clock, the place box, the search
page answering a place name, and hostile text staying text."""

from __future__ import annotations

import copy
import datetime
import json
import math
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import FIXTURE

from generator.check.validate import load_atlas
from generator.model import schedule
from generator.model.model import Contact, Location
from generator.model.privacy import public_point, town_part
from generator.render.mapdata import SCALE, points_data
from generator.render.nearby import (
    KIND_ORDER,
    NEAR_NAMES,
    TOP_NAMES,
    _reading,
    match_class,
    name_files,
    name_texts,
    near_index,
    near_part,
    nearby_files,
    piece_of,
)
from generator.render.search_shards import gram_hash, normalise, utf16


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
    # readings (the municipality dataset's, as the box compares them): 都道府県 and 市区町村 only
    readings = {(n[0], n[1]): n[6:] for n in index["n"]}
    assert readings[(muni.name, 1)] == ["ちよだく"] and readings[(muni.prefecture, 0)] == ["とうきょうと"]
    assert not any(r for (_, kind), r in readings.items() if kind >= 2)  # 町名 and 地区: no reading data
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


@pytest.mark.parametrize("address", ["", "   ", "（架空）ひとつ町9丁目 山田方", "（架空）ひとつ町9丁目", "千代田区",
                                     "高松市扇町田中宅"])
@pytest.mark.parametrize("precision", ["exact", "approximate", "hidden"])
def test_the_towns_are_those_of_every_place_read_in_full(atlas, address, precision):
    """_towns reads no address that is empty, and takes the points site_part made once for the
    national counts too: what it finds is what reading every place's published address finds."""
    from collections import defaultdict

    from generator.model.privacy import public_address
    from generator.render import nearby
    from generator.render.mapdata import mapped_resources
    from generator.render.pages import by_municipality
    from generator.render.site import site_part

    atlas = copy.deepcopy(atlas)
    d = atlas.districts[0]
    d.resources[0].address, d.resources[0].location = address, Location(35.69123, 139.75432, precision)
    d.resources[1].address = ""
    expected = defaultdict(list)
    for r in d.resources:
        point, town = public_point(r.location), town_part(public_address(r.address, r.location))
        if point and town:
            expected[town].append(point)
            if nearby._CHOME.sub("", town) not in ("", town):
                expected[nearby._CHOME.sub("", town)].append(point)
    assert nearby._towns(mapped_resources(d)) == expected
    muni, districts = next((m, ds) for m, ds in by_municipality(atlas) if d in ds)
    assert site_part(atlas, muni, districts)["near"] == near_part(muni, districts)


PLACES = json.loads((Path(__file__).parent / "data" / "place_names.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PLACES["pieces"], ids=[c["why"] for c in PLACES["pieces"]])
def test_a_query_is_looked_up_by_the_piece_the_table_says(case):
    assert piece_of(case["text"], set(case["split"])) == case["piece"]


def test_a_piece_is_in_the_file_of_its_hash():
    assert [gram_hash(utf16(h["piece"])) for h in PLACES["hashes"]] == [h["hash"] for h in PLACES["hashes"]]


@pytest.mark.parametrize("case", PLACES["matches"], ids=[c["why"] for c in PLACES["matches"]])
def test_a_name_or_its_reading_matches_a_query_as_the_table_says(case):
    row = [case["name"], 1, 0, 0, -1, "", *_reading(case["reading"])]
    assert match_class("".join(normalise(case["query"]).split()), name_texts(row)) == case["class"]


def _rows_of(text: str) -> tuple[int, dict]:
    """(k, data) of a names file's text AtlasNearNames(k, data);."""
    head, _, body = text.partition(",")
    return int(head.removeprefix("AtlasNearNames(")), json.loads(body.removesuffix(");\n"))


def _suggested(toc: dict, files: list[str], query: str, limit: int = TOP_NAMES) -> list[tuple[str, int, str]]:
    """What nearby.js suggests: the piece's list in its file, the names holding the query,
    those that are it or begin with it first, else in the file's order."""
    q = "".join(normalise(query).split())
    piece = piece_of(q, set(toc["x"]))
    _, data = _rows_of(files[gram_hash(utf16(piece)) % toc["s"]])
    rows = data["g"].get(piece, [])
    hits = sorted((c, n, r) for n, r in enumerate(rows) if (c := match_class(q, name_texts(r))) >= 0)
    return [(r[0], r[1], data["w"][r[4]] if r[4] >= 0 else "") for _, _, r in hits[:limit]]


def _best(names: dict, query: str, limit: int = TOP_NAMES) -> list[tuple[str, int, str]]:
    """The same from every name: match class, 地区・町名・市区町村・都道府県, length, name, row."""
    q = "".join(normalise(query).split())
    found = [(match_class(q, name_texts(r)), KIND_ORDER[r[1]], len(utf16(r[0])), utf16(r[0]), i)
             for i, r in enumerate(names["n"])]
    rows = [names["n"][f[-1]] for f in sorted(f for f in found if f[0] >= 0)]
    return [(r[0], r[1], names["w"][r[4]] if r[4] >= 0 else "") for r in rows[:limit]]


def _place_names() -> dict:
    """Names as near_index writes them: 町名 that recur in many municipalities (本町, 1丁目…),
    one inside another (神田神保町 / 神保町), readings of 都道府県 and 市区町村, a character beyond
    the basic plane, and enough of them that pieces split and files are many."""
    wheres = [f"県{p} 市{m}" for p in range(3) for m in range(12)]
    rows = [["北海道", 0, 1, 1, -1, "", "ほっかいどう"], ["札幌市", 1, 1, 1, 0, "011002", "さっぽろし"],
            ["千代田区", 1, 1, 1, 0, "131016", "ちよだく"], ["千代田町", 1, 1, 1, 0, "105236", "ちよだまち"],
            ["神田神保町", 2, 2, 2, 1, ""], ["神保町", 2, 2, 2, 2, ""], ["神田", 2, 2, 2, 3, ""],
            ["𠮷野町", 2, 2, 2, 4, ""], ["サンプル地区", 3, 2, 2, 5, "sample"]]
    for w in range(len(wheres)):
        rows.append([f"市{w}本町", 3, w, w, w, f"d-{w}"])
        for town in ("本町", "中町", "東本町", "元町"):
            rows += [[f"{town}{k}丁目", 2, w, k, w, ""] for k in range(1, 4)] + [[town, 2, w, 0, w, ""]]
    return {"w": wheres, "n": rows}


QUERIES = ["神保町", "じんぼう", "神田", "さっぽろ", "サッポロ", "ｻｯﾎﾟﾛ", "さっぽろし", "ちよだ", "千代田",
           "ほっかい", "本町", "町", "丁目", "1丁目", "本町2丁目", "町3", "東本", "𠮷", "野町", "サンプル", "地区",
           "市1", "市11本", "ない名前", "ち"]


@pytest.fixture(scope="module")
def place_files() -> tuple[dict, dict, list[str]]:
    """_place_names in small lists and files, so that most pieces split."""
    names = _place_names()
    return names, *name_files(names, list_bytes=400, file_bytes=600, file_limit=2000)


@pytest.mark.parametrize("query", QUERIES)
def test_the_piece_of_a_query_holds_the_best_names_that_hold_it(query, place_files):
    """The one file the browser reads for a query gives the same suggestions as all the names would."""
    names, toc, files = place_files
    assert _suggested(toc, files, query) == _best(names, query)
    if query in ("本町", "町", "丁目", "さっぽろ"):
        assert _best(names, query)  # the table has matches to find


def test_name_files_split_long_lists_and_keep_every_file_small(place_files):
    names, toc, files = place_files
    assert {"町", "本", "丁", "丁目"} <= set(toc["x"]) and "神" not in toc["x"]
    assert len(files) == toc["s"] and toc["s"] & (toc["s"] - 1) == 0 and toc["s"] >= 8
    assert max(len(f.encode("utf-8")) for f in files) <= 2000
    assert [_rows_of(f)[0] for f in files] == list(range(len(files)))
    # a piece's list (not split) holds every name holding it, each once, in the order shown
    pieces = {piece: rows for f in files for piece, rows in _rows_of(f)[1]["g"].items()}
    assert [r[0] for r in pieces["神"]] == ["神田", "神保町", "神田神保町"]
    assert len(pieces["町"]) == TOP_NAMES
    # a lower limit makes more files, none over it
    toc2, files2 = name_files(names, list_bytes=400, file_bytes=600, file_limit=1000)
    assert toc2["s"] > toc["s"] and max(len(f.encode("utf-8")) for f in files2) <= 1000


def test_hostile_names_stay_inside_the_index_script(atlas):
    atlas = copy.deepcopy(atlas)
    atlas.districts[0].name = "</script><script>alert(1)</script>\u2028"
    files = nearby_files(atlas)
    text = "".join(files.values())
    assert "</script" not in text.lower() and "\u2028" not in text
    rows = [r for path, text in files.items() if path[12:-3].isdigit() for rows in _rows_of(text)[1]["g"].values()
            for r in rows]
    assert (atlas.districts[0].name, 3) in {(r[0], r[1]) for r in rows}
    toc = json.loads(files[NEAR_NAMES].removeprefix("window.ATLAS_NEAR_NAMES=").removesuffix(";\n"))
    assert toc["s"] == sum(p[12:-3].isdigit() for p in files) and isinstance(toc["x"], list)


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

    def suggested(typed: str) -> list[str]:
        page.fill("#atlas-near-place", typed)
        page.wait_for_function("q => document.getElementById('atlas-near').getAttribute('data-suggested') === q",
                               arg=typed)
        return page.locator(".atlas-near-suggestion").all_inner_texts()
    # inside a name; a 市区町村 by its reading (hiragana, katakana, half-width: the dataset's ﾁﾖﾀﾞｸ)
    assert "サンプル町7丁目（町名・東京都 千代田区）" in suggested("プル町7")
    muni = atlas.districts[0].municipality
    for typed in ("ちよだ", "ﾁﾖﾀﾞ"):
        assert suggested(typed)[:1] == [f"{muni.name}（市区町村・{muni.prefecture}）"]

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
