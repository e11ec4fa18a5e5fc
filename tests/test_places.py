"""One place for a facility listed once per service (generator/model/places.py): the map draws one
marker listing its services and search shows it once, while the worksheet and every count
keep one resource per service; private places are joined only on what they publish.

Checked on generated data (points data, the district page's map data, the search index),
on a small district written here, on a small file in the 正式版 介護サービス事業所一覧 shape
imported here, and on the real 下松市 file when ../shared/data/real is present."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import make_project
from test_import import write_csv

from generator.check.validate import forget_files, load_atlas
from generator.cli import main
from generator.model.model import Location, Resource, Term
from generator.model.places import places, same_text, service_label
from generator.render.mapdata import SCALE, national_data, points_data
from generator.render.pages import district_page
from generator.render.search import KIND_RESOURCE, corpus, iter_entries, search_files
from generator.render.site import municipality_maps
from generator.render.worksheet import build_grid, district_entries

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
KUDAMATSU = REAL / "kudamatsu-352071" / "care_service_cp932.csv"

# ---- the rule, shape by shape -------------------------------------------------------------

CARE = Term("care-service", "介護サービス")
P = (35.69411, 139.75302)


def _r(name, point=P, precision="exact", address="東京都千代田区合成町1-1", description="", rid=None):
    location = None if precision is None else Location(*(point or (None, None)), precision)
    return Resource(rid or name, name, CARE, [], [], "2026-10-01", description=description, address=address,
                    location=location)


RULE_CASES = {  # name: (resources, expected places as index lists)
    "one facility, three services": ([_r("ケアセンター"), _r("ケアセンター"), _r("ケアセンター")], [[0, 1, 2]]),
    "another name at the same point": ([_r("ケアセンター"), _r("ヘルパーステーション")], [[0], [1]]),
    "the name written differently": ([_r("ケアセンター　下松 "), _r("ｹｱｾﾝﾀｰ 下松")], [[0, 1]]),
    "same name, far apart, no address": ([_r("サロン", address=""), _r("サロン", (35.7, 139.8), address="")],
                                         [[0], [1]]),
    "same name and address, points 11 m apart": ([_r("老健"), _r("老健", (35.6942, 139.75302))], [[0, 1]]),
    "joined through a third": ([_r("老健", address="A町1"), _r("老健", address="B町2"),
                                _r("老健", (35.7, 139.8), address="B町2")], [[0, 1, 2]]),
    "no location, same address": ([_r("相談所", precision=None), _r("相談所", precision=None)], [[0, 1]]),
    "approximate at one rounded point": ([_r("自宅サロン", (35.69, 139.75), "approximate", "千代田区合成町"),
                                          _r("自宅サロン", (35.69, 139.75), "approximate", "千代田区合成町")],
                                         [[0, 1]]),
    "approximate and exact at that point": ([_r("自宅サロン", (35.69, 139.75), "approximate", "千代田区合成町"),
                                             _r("自宅サロン", (35.69, 139.75), "exact", "千代田区合成町")],
                                            [[0], [1]]),
    "approximate, same town, other points": ([_r("自宅サロン", (35.69, 139.75), "approximate", "千代田区合成町"),
                                              _r("自宅サロン", (35.70, 139.75), "approximate", "千代田区合成町")],
                                             [[0], [1]]),
    "hidden ones never": ([_r("見守り", None, "hidden", ""), _r("見守り", None, "hidden", "")], [[0], [1]]),
    "order kept, places by first": ([_r("A"), _r("B"), _r("A"), _r("B")], [[0, 2], [1, 3]]),
    # names compared only once written alike: no two raw names equal, yet one place
    "names alike but for other white space": ([_r("ケア\u00a0センター"), _r("ケア\tセンター\u2028"), _r("ケア\x1cセンター")],
                                             [[0, 1, 2]]),
    "names alike but for case and width": ([_r("Care 下松"), _r("ＣＡＲＥ下松"), _r("サロン")], [[0, 1], [2]]),
    "no name, twice at one point": ([_r(""), _r(" ")], [[0], [1]]),
    "every name its own": ([_r("A"), _r("B"), _r("C", None, "hidden", "")], [[0], [1], [2]]),
}


@pytest.mark.parametrize("case", sorted(RULE_CASES))
def test_resources_are_one_place_by_name_and_published_point_or_address(case):
    resources, expected = RULE_CASES[case]
    assert places(resources) == expected


def test_a_service_is_named_by_its_type_then_its_published_kind_then_its_category():
    day = Term("day-a", "通所型サービスA")
    assert service_label(_r("x", description="種別：訪問介護\n定員：10")) == "訪問介護"
    assert service_label(Resource("x", "x", CARE, [], [], "", service_type=day, description="種別：通所型")) == \
        "通所型サービスA"
    assert service_label(_r("x", description="毎週の体操です")) == "介護サービス"
    assert same_text(" Ｃａｆｅ　さくら ") == "cafeさくら"


# ---- a district written by hand ------------------------------------------------------------

NAME = "合成データ総合ケアセンター"
NEIGHBOUR = "合成データヘルパーステーション"
SALON = "合成データ自宅サロン"
SERVICES = ("訪問介護", "通所介護", "短期入所生活介護")
RAW_APPROX = ((35.68123, 139.76456), (35.68177, 139.76402))  # both published as (35.68, 139.76)


def _resource(rid, name, lat, lon, precision="exact", **more):
    return {"id": rid, "name": name, "category": more.pop("category", "care-service"),
            "target_states": more.pop("states", ["near-care"]),
            "location": {"lat": lat, "lon": lon, "precision": precision}, "last_verified": "2026-10-01", **more}


@pytest.fixture(scope="module")
def district_atlas(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("places") / "project")
    address = "東京都千代田区合成町1-2-3"
    resources = [_resource(f"r-care-{i}", NAME, *P, address=address, description=f"種別：{s}",
                           schedule={"text": f"{s}の時間"}) for i, s in enumerate(SERVICES)]
    resources.insert(1, _resource("r-helper", NEIGHBOUR, *P, address=address, description="種別：訪問介護"))
    resources += [_resource(f"r-salon-{i}", SALON, lat, lon, "approximate", category="salon", states=["genki"],
                            address="東京都千代田区丸の内三丁目") for i, (lat, lon) in enumerate(RAW_APPROX)]
    district = {"id": "places-test", "name": "合成データ地区", "layer": "neighbourhood",
                "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
                "last_reviewed": "2026-11-01", "resources": resources}
    (project / "content/districts/places-test.yaml").write_text(yaml.safe_dump(district, allow_unicode=True),
                                                               encoding="utf-8")
    forget_files()
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]
    return atlas, next(d for d in atlas.districts if d.id == "places-test")


def _markers(data: dict) -> int:
    return len(data["p"]) - sum(len(g) - 1 for g in data["g"])


def test_the_map_draws_one_marker_listing_each_service(district_atlas):
    atlas, d = district_atlas
    for detail in (True, False):  # the district's map and the municipality / national maps' points
        data = points_data(atlas, [d], "", detail=detail)
        assert len(data["p"]) == 6 and _markers(data) == 3
        rows = {p[6]: i for i, p in enumerate(data["p"])}
        care, salon = sorted(data["g"], key=len, reverse=True)
        assert care == [[rows[f"r-care-{i}"], s] for i, s in enumerate(SERVICES)]
        assert salon == [[rows[f"r-salon-{i}"], atlas.vocab("categories").label_of("salon")] for i in range(2)]
        assert all(rows["r-helper"] not in [i for i, _ in g] for g in data["g"])  # another name: its own marker
    # the district page's map (district.js) gets the same places by resource id
    page = district_page(d, atlas)
    found = re.search(r'<script type="application/json" id="atlas-map-data">(.*?)</script>', page, re.S)
    ids = [[m[0] for m in g] for g in json.loads(found.group(1))["g"]]
    assert sorted(ids) == [[f"r-care-{i}" for i in range(3)], ["r-salon-0", "r-salon-1"]]


def test_search_shows_the_facility_once_with_its_services(district_atlas):
    atlas, d = district_atlas
    entries = [e for e in iter_entries(atlas) if e["p"].endswith(d.name) and e["k"] == "資源"]
    assert sorted(e["t"] for e in entries) == sorted([NAME, NEIGHBOUR, SALON])
    care = next(e for e in entries if e["t"] == NAME)
    assert care["s"] == [[s, f"districts/places-test/#r-r-care-{i}"] for i, s in enumerate(SERVICES)]
    assert all(f"{s}の時間" in care["x"] for s in SERVICES) and care["u"].endswith("#r-r-care-0")
    assert "s" not in next(e for e in entries if e["t"] == NEIGHBOUR)
    # the sharded index numbers the same documents: a district's run is its places
    c = corpus(atlas)
    start = next(n for n, doc in enumerate(c.docs) if doc.kind == 1 and c.heads[doc.district][0] == d.id)
    assert c.spans[start] == 3 and all(doc.kind == KIND_RESOURCE for doc in c.docs[start + 1:start + 4])


def test_the_worksheet_and_the_counts_keep_one_resource_per_service(district_atlas):
    atlas, d = district_atlas
    grid = build_grid(district_entries(d, ""), atlas.vocab("categories").ordered(),
                      atlas.vocab("target_states").ordered())
    care = next(row for row in grid if row.term.id == "care-service")
    assert sum(1 for p in care.placements if p.entry.label == NAME) == 3
    page = district_page(d, atlas)
    assert len(re.findall(r'<tr id="r-[^"]+" class="atlas-resource"', page)) == 6  # the list: one row each
    counts, _ = national_data(atlas, [(d.municipality, [d])], "")
    assert counts["n"] == 6 and counts["m"][0][4] == 6  # the legend and the national map count resources


def test_private_places_are_joined_on_what_they_publish_and_reveal_nothing_more(district_atlas):
    atlas, d = district_atlas
    data = points_data(atlas, [d], "", detail=True)
    salon = [p for p in data["p"] if p[5] == SALON]
    assert {(p[0], p[1]) for p in salon} == {(35.68 * SCALE, 139.76 * SCALE)} and all(p[7] == 1 for p in salon)
    assert {p[10] for p in salon} == {"東京都千代田区丸の内三丁目"}  # 町丁目 at most, as each published it
    published = json.dumps([data, search_files(atlas), municipality_maps(atlas, d.municipality, [d])],
                           ensure_ascii=False)
    for lat, lon in RAW_APPROX:
        assert str(lat) not in published and str(lon) not in published
        assert str(round(lat * SCALE)) not in published and str(round(lon * SCALE)) not in published


# ---- a file listing one 事業所 once per service, imported -----------------------------------

SEISHIKI_KAIGO = [  # 自治体標準オープンデータセット 正式版 介護サービス事業所一覧 (formats README §5)
    "全国地方公共団体コード", "ID", "地方公共団体名", "介護サービス事業所名称", "介護サービス事業所名称_カナ",
    "介護サービス事業所名称_英字", "実施サービス", "所在地_全国地方公共団体コード", "町字ID", "所在地_連結表記",
    "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下", "建物名等(方書)", "緯度", "経度",
    "高度の種別", "高度の値", "電話番号", "内線番号", "FAX番号", "連絡先メールアドレス", "連絡先FormURL",
    "連絡先備考（その他、SNSなど）", "郵便番号", "法人番号", "法人の名称", "事業所番号", "利用可能曜日",
    "利用可能曜日特記事項", "定員", "URL", "画像", "画像_ライセンス", "備考"]


def _kaigo_row(ident, name, service, lat="35.6941", lon="139.7530"):
    cells = dict.fromkeys(SEISHIKI_KAIGO, "")
    cells.update({"全国地方公共団体コード": "131016", "ID": ident, "地方公共団体名": "東京都千代田区",
                  "介護サービス事業所名称": name, "実施サービス": service,
                  "所在地_連結表記": "東京都千代田区合成町1-1 合成ビル", "所在地_都道府県": "東京都",
                  "所在地_市区町村": "千代田区", "所在地_町字": "合成町", "所在地_番地以下": "1-1",
                  "建物名等(方書)": "合成ビル", "緯度": lat, "経度": lon})
    return [cells[h] for h in SEISHIKI_KAIGO]


def test_an_imported_office_listed_per_service_is_one_marker(tmp_path):
    project = make_project(tmp_path / "project")
    services = ("訪問介護", "通所介護", "短期入所生活介護")
    rows = [_kaigo_row(f"KD{i}", "合成データ介護の里", s) for i, s in enumerate(services)]
    rows.append(_kaigo_row("KD9", "合成データ介護の里ケアプラン", "居宅介護支援"))  # same building, another office
    path = write_csv(tmp_path / "kaigo.csv", SEISHIKI_KAIGO, rows, encoding="cp932")
    assert main(["--root", str(project), "import-csv", str(path), "--as-of", "2026-10-01"]) == 0
    forget_files()
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]
    [d] = [d for d in atlas.districts if d.municipality.code == "131016" and d.id != "sample-district"]
    assert len(d.resources) == 4  # one resource per service
    # what the build writes for the municipality's map: one marker for the three services
    script = municipality_maps(atlas, d.municipality, [d])["maps/points-m-131016.js"]
    data = json.loads(script[script.index("]=") + 2:].rstrip().rstrip(";"))
    assert len(data["p"]) == 4 and _markers(data) == 2
    [group] = data["g"]
    assert [label for _, label in group] == list(services)
    assert [data["p"][i][5] for i, _ in group] == ["合成データ介護の里"] * 3


# ---- the real 下松市 file -------------------------------------------------------------------

@pytest.fixture(scope="module")
def kudamatsu(tmp_path_factory):
    if not KUDAMATSU.is_file():
        pytest.skip("../shared/data/real is not here")
    project = make_project(tmp_path_factory.mktemp("kudamatsu") / "project")
    assert main(["--root", str(project), "import-csv", str(KUDAMATSU), "--as-of", "2026-11-01"]) == 0
    forget_files()
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems[:5]]
    return atlas, next(d for d in atlas.districts if d.municipality.code == "352071")


def test_the_real_kudamatsu_list_has_fewer_places_than_resources(kudamatsu):
    atlas, d = kudamatsu
    groups = places(d.resources)
    data = points_data(atlas, [d], "")
    several = {d.resources[g[0]].name: [service_label(d.resources[i]) for i in g] for g in groups if len(g) > 1}
    print(f"下松市 care_service: {len(d.resources)} resources, {len(groups)} places "
          f"({len(several)} of several services), {_markers(data)} markers")
    assert (len(d.resources), len(groups), _markers(data)) == (90, 77, 77)
    assert several["介護老人保健施設ふくしの里"] == ["介護老人保健施設", "訪問リハビリテーション",
                                                 "通所リハビリテーション", "短期入所療養介護"]
    assert len(several["ニチイケアセンター下松"]) == 3
    # offices of other names in one building stay places of their own
    assert "さくら苑デイサービスセンター" not in several and "ショートステイ野の花" not in several
    c = corpus(atlas)
    start = next(n for n, doc in enumerate(c.docs) if doc.kind == 1 and c.heads[doc.district][0] == d.id)
    assert c.spans[start] == 77  # search: one entry a place
