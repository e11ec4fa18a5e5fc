"""Privacy by design: a `hidden` location never leaves the YAML, an `approximate` one only
rounded — checked by grepping every file of a built site (maps, exports, search, PDFs)."""


import itertools
import json
import math
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import make_project, shared_dir
from test_kayoinoba import district, national_row, run, write

from generator.check.problems import visible
from generator.check.rules import is_mobile_phone, is_personal_mail
from generator.check.validate import load_atlas
from generator.cli import cmd_build, main
from generator.model.build_model import build_resource
from generator.model.model import Location
from generator.model.privacy import (
    APPROXIMATE_DECIMALS,
    approximate_address,
    char_kind,
    corporate_number,
    kind_ranges,
    public_location,
    public_point,
    real_organisation,
)

HIDDEN = (35.69137, 139.74917)       # e.g. a salon in a member's home
APPROX = (35.68247, 139.76391)


@pytest.fixture(scope="module")
def private_site(tmp_path_factory):
    return shared_dir(tmp_path_factory, "private", _private_site) / "project" / "site"


def _private_site(folder):
    project = make_project(folder / "project")
    district = {
        "id": "private-test", "name": "プライバシー試験地区", "layer": "neighbourhood", "demo": True,
        "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
        "last_reviewed": "2026-11-01",
        "resources": [
            {"id": "home-salon", "name": "自宅サロン", "category": "salon", "target_states": ["kyojaku"],
             "location": {"lat": HIDDEN[0], "lon": HIDDEN[1], "precision": "hidden"},
             "last_verified": "2026-10-01"},
            {"id": "park-taiso", "name": "公園体操", "category": "kayoinoba", "target_states": ["genki"],
             "address": "東京都千代田区丸の内三丁目",
             "location": {"lat": APPROX[0], "lon": APPROX[1], "precision": "approximate"},
             "last_verified": "2026-10-01"},
        ],
    }
    (project / "content/districts/private-test.yaml").write_text(
        yaml.safe_dump(district, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cmd_build(project, project / "site") == 0


def _forms(value: float) -> list[str]:
    """The coordinate written to 5 or 4 decimals (about 1 m or 10 m: enough to find a home),
    and as the integer the compact map data uses (degrees × 100,000)."""
    text = f"{value:.5f}"
    return [text, text[:-1], str(round(value * 100_000))]


def _text(path) -> bytes:
    """A file's bytes; a PDF's extracted text (its content streams are compressed); a zip's
    members (the national all.csv and all.geojson; the offline copy's pages, its PDFs being
    checked as files)."""
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return b"\n".join(archive.read(n) for n in archive.namelist() if not n.endswith(".pdf"))
    return path.read_bytes()


def _national(site, name: str) -> str:
    with zipfile.ZipFile(site / "downloads/all.zip") as archive:
        return archive.read(name).decode("utf-8-sig")


def _record(site) -> dict:
    page = (site / "districts/private-test/index.html").read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="atlas-record">(.*?)</script>', page).group(1))


def test_hidden_and_exact_approximate_coordinates_appear_in_no_output_file(private_site):
    needles = {f for v in HIDDEN + APPROX for f in _forms(v)}
    leaks = []
    files = [p for p in private_site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" and "private-test" in p.name for p in files)  # its worksheet is printed
    assert any(p.name == "all.zip" for p in files)  # the national download, read inside
    for path in files:
        data = _text(path)
        leaks += [f"{path.relative_to(private_site)}: {n}" for n in needles if n.encode() in data]
    assert leaks == []


def test_approximate_resource_is_published_rounded(private_site):
    rounded = round(APPROX[0], APPROXIMATE_DECIMALS)
    assert f"{rounded}" in _national(private_site, "all.csv")
    assert f"{rounded}" in (private_site / "resources/m-131016.js").read_text(encoding="utf-8")
    # the page's record, from which its map is drawn (district.js)
    park = next(r for r in _record(private_site)["resources"] if r["id"] == "park-taiso")
    assert park["location"] == {"lat": rounded, "lon": round(APPROX[1], APPROXIMATE_DECIMALS),
                                "precision": "approximate"}


def test_hidden_resource_is_listed_but_not_mapped(private_site):
    page = (private_site / "districts/private-test/index.html").read_text(encoding="utf-8")
    assert "自宅サロン" in page and "位置は公開していません" in page
    home = next(r for r in _record(private_site)["resources"] if r["id"] == "home-salon")
    assert home["location"] == {"precision": "hidden"}  # nothing for the map to draw
    assert "自宅サロン" not in (private_site / "maps/points-m-131016.js").read_text(encoding="utf-8")
    geojson = json.loads(_national(private_site, "all.geojson"))
    home = [f for f in geojson["features"] if f["properties"]["名称"] == "自宅サロン"]
    assert len(home) == 1 and home[0]["geometry"] is None


def _resource(precision: str, address: str, **extra) -> dict:
    return {"id": "r", "name": "サロン", "category": "salon", "target_states": ["genki"], "address": address,
            "location": {"lat": 35.69, "lon": 139.75, "precision": precision}, "last_verified": "2026-10-01",
            **extra}


def _district_with(project, resource: dict):
    district = yaml.safe_load((project / "content/districts/sample-district.yaml").read_text(encoding="utf-8"))
    district["resources"].append(resource)
    (project / "content/districts/sample-district.yaml").write_text(
        yaml.safe_dump(district, allow_unicode=True, sort_keys=False), encoding="utf-8")
    atlas, problems = load_atlas(project)
    return atlas, [p for p in problems if p.severity == "error"]


def test_a_hidden_place_with_an_address_is_refused(project):
    atlas, problems = _district_with(project, _resource("hidden", "千代田区千代田9-9 山田様方"))
    assert atlas is None and [p.code for p in problems] == ["private-address"]
    assert problems[0].field.endswith(".address") and "address を消して" in problems[0].hint


def test_an_approximate_place_shows_its_chome_at_most(project):
    atlas, problems = _district_with(project, _resource("approximate", "千代田区千代田9-9 山田様方"))
    assert atlas is None and [p.code for p in problems] == ["private-address"]
    assert 'address: "千代田区千代田"' in problems[0].hint


def test_the_model_never_holds_more_than_the_precision_allows(fixture_root):
    vocab = load_atlas(fixture_root)[0].vocabularies
    hidden = build_resource(_resource("hidden", "千代田区千代田9-9 山田様方"), vocab)
    approx = build_resource(_resource("approximate", "千代田区一番町三番五号 山田様方"), vocab)
    assert hidden.address == "" and hidden.location.lat is None and hidden.location.lon is None
    assert approx.address == "千代田区一番町" and approx.location.lat == 35.69


# (location given, what may be published); public_location returns a location already in its
# published form as it is (renderers ask for each resource's several times)
PUBLISHED = [
    (Location(35.123456, 139.654321, "exact"), Location(35.123456, 139.654321, "exact")),
    (Location(35.123456, 139.654321, "approximate"), Location(35.12, 139.65, "approximate")),
    (Location(35.12, 139.65, "approximate"), Location(35.12, 139.65, "approximate")),
    (Location(35.125, -0.004, "approximate"), Location(round(35.125, 2), -0.0, "approximate")),
    (Location(-0.0, 0.0, "approximate"), Location(-0.0, 0.0, "approximate")),
    (Location(35, 139, "approximate"), Location(35, 139, "approximate")),
    (Location(float("nan"), 139.0, "approximate"), None),
    (Location(35.1, 139.6, "hidden"), Location(None, None, "hidden")),
    (Location(None, None, "hidden"), Location(None, None, "hidden")),
    (Location(35.1, None, "exact"), Location(None, None, "exact")),
    (Location(None, 139.6, "approximate"), Location(None, None, "approximate")),
    (Location(None, None, "exact"), Location(None, None, "exact")),
]


@pytest.mark.parametrize(("given", "published"), PUBLISHED, ids=[repr(g) for g, _ in PUBLISHED])
def test_a_location_is_published_as_its_precision_allows_and_once_published_stays(given, published):
    shown = public_location(given)
    if published is None:  # NaN: rounded, never equal to itself
        assert shown is not given and shown.precision == "approximate"
        return
    assert shown == published and [math.copysign(1, v) for v in (shown.lat, shown.lon) if v is not None] == \
        [math.copysign(1, v) for v in (published.lat, published.lon) if v is not None]
    assert public_location(shown) is shown  # already published: the same object back
    assert public_point(given) == (None if shown.lat is None else (shown.lat, shown.lon))


ADDRESSES = json.loads((Path(__file__).parent / "data/addresses.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("row", ADDRESSES, ids=[r["shape"] for r in ADDRESSES])
def test_approximate_address_keeps_the_town_and_chome_only(row):
    """tests/data/addresses.json: each digit class, kanji lot numbers, 字・大字, 丁目 in each
    script, homes and buildings, postcodes, spaces, town names with kanji numerals, Hokkaido
    (editor-core.js is run on the same table: test_editor_browser.py)."""
    cut = approximate_address(row["address"])
    assert cut == row["cut"]
    assert approximate_address(cut) == cut  # what the importer writes, validation accepts


def test_the_address_table_covers_its_shapes():
    assert len(ADDRESSES) >= 40 and len({r["address"] for r in ADDRESSES}) == len(ADDRESSES)
    kinds = {char_kind(c) for r in ADDRESSES for c in r["address"]}
    assert kinds == {"n", "k", "l", "d", "o", "c", "s"}
    numbers = {unicodedata.category(c) for r in ADDRESSES for c in r["address"] if char_kind(c) == "n"}
    assert numbers == {"Nd", "Nl", "No"}
    assert any(ord(c) > 0xFFFF for r in ADDRESSES for c in r["address"])  # 𝟗: one code point, two in UTF-16


def test_approximate_addresses_are_refused_exactly_when_they_say_more(project):
    """rules.py: every address of the table as an `approximate` place; those the cut changes
    are refused with the cut as the hint, the others pass."""
    district = yaml.safe_load((project / "content/districts/sample-district.yaml").read_text(encoding="utf-8"))
    first = len(district["resources"])
    district["resources"] += [dict(_resource("approximate", r["address"]), id=f"a{i}") for i, r in enumerate(ADDRESSES)
                              if r["address"].strip()]
    (project / "content/districts/sample-district.yaml").write_text(
        yaml.safe_dump(district, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _atlas, problems = load_atlas(project)
    refused = {int(p.field.split(".")[0].split("[")[1].rstrip("]")) - first: p for p in problems
               if p.code == "private-address"}
    shown = [r for r in ADDRESSES if r["address"].strip()]
    assert set(refused) == {i for i, r in enumerate(shown) if r["cut"] != r["address"].strip()}
    for i, problem in refused.items():
        cut = shown[i]["cut"]
        assert (f'address: "{visible(cut)}"' if cut else "address を消して") in problem.hint


def test_kinds_of_characters_for_the_browser_cover_every_code_point():
    """privacy.kind_ranges (the port's table) skips planes 4–13 and 15–16: nothing there is
    a number, letter, dash or bracket."""
    assert all(char_kind(chr(cp)) == "s" for cp in itertools.chain(range(0x40000, 0xE0000), range(0xF0000, 0x110000)))
    table = kind_ranges()
    assert all(a[1] < b[0] for a, b in itertools.pairwise(table))
    for first, last, kind in table:
        assert char_kind(chr(first)) == char_kind(chr(last)) == kind


# -- residents' places ------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "number"), [
    ("7000012050002", "7000012050002"),           # 国税庁
    ("1180301018771", "1180301018771"),           # a company's, from the 法人番号公表サイト
    ("７００００１２０５０００２", "7000012050002"),   # full width
    ("7000-0120-50002", "7000012050002"), ("1 1803 0101 8771", "1180301018771"),
    ("７０００－０１２０－５０００２", "7000012050002"),
    ("7000012050003", ""), ("8000012050002", ""),  # a wrong check digit
    ("0000000000000", ""), ("9000000000000", ""),  # no number (and its check digit)
    ("700001205000", ""), ("70000120500021", ""),  # 12 and 14 digits
    ("", ""), ("－", ""), ("不明", ""), ("7.00001205E+12", ""),
])
def test_corporate_numbers_count_only_with_their_check_digit(cell, number):
    assert corporate_number(cell) == number


PLACEHOLDER_NAMES = ["", " ", "\u3000", "－", "-", "ー", "―", "‐", "−", "…", "・", "0", "なし", "無し", "無", "（なし）",
                     "(なし)", "【なし】", "ﾅｼ", "なし ", "個人", "（個人）", "個人（合成データ甲野）", "該当なし", "不明",
                     "未定", "N/A", "n/a", "ＮＡ", "none", "－（なし）"]
REAL_NAMES = ["合成データ社会福祉法人やまびこ会", "合成データ自治会", "特定非営利活動法人合成データの会",
              "ＮＰＯ法人合成データ", "合成データ株式会社"]


@pytest.mark.parametrize("name", PLACEHOLDER_NAMES + REAL_NAMES)
def test_a_corporation_name_counts_only_when_it_names_something(name):
    assert real_organisation(name) == (name in REAL_NAMES)


@pytest.mark.parametrize("phone", ["090-1234-5678", "+81 90-1234-5678", "(090)1234-5678", "０９０−１２３４−５６７８",
                                   "+81-80-1234-5678", "0081 70 1234 5678", "080.1234.5678", "020-1234-5678"])
def test_mobile_numbers_in_any_spelling_are_personal(phone):
    assert is_mobile_phone(phone)


@pytest.mark.parametrize("phone", ["03-1234-5678", "+81 3-1234-5678", "0120-123-456", "(0944)41-2222"])
def test_landlines_are_not_mobile(phone):
    assert not is_mobile_phone(phone)


@pytest.mark.parametrize("email", ["someone@gmail.com", "someone@googlemail.com", "SOMEONE@GMAIL.COM.",
                                   "someone@ｇｍａｉｌ.com", "x@yahoo.co.jp", "x@docomo.ne.jp", "x@i.softbank.jp"])
def test_personal_mail_domains_in_any_spelling(email):
    assert is_personal_mail(email)


def test_an_organisation_mail_is_not_personal():
    assert not is_personal_mail("kaigo@city.omuta.lg.jp")


# -- import-kayoinoba: who is a corporation, and what of the others reaches the site ---------

HAS_NUMBER = ["", "－", "不明", " ", "0", "1"]  # 法人番号の有無: only 0 says something (なし)
NUMBERS = {"": False, "7000012050002": True, "７０００－０１２０－５０００２": True, "7000012050003": False,
           "0000000000000": False, "700001205000": False}
NAMES = {"": False, "－": False, "なし": False, "（なし）": False, "個人": False, "該当なし": False, "不明": False,
         "N/A": False, "\u3000": False, "合成データ社会福祉法人やまびこ会": True, "合成データ自治会": True}
HOME = "香川県高松市扇町一丁目2-31"


def test_a_row_is_a_corporations_only_on_evidence(project, tmp_path, capsys):
    """import-kayoinoba on every 法人番号の有無 × 法人番号 × 法人名称: the point, the address
    and a phone are published only with a valid 法人番号 or a real 法人名称, never with 有無 = 0;
    the phone only with the organisation's name."""
    cases = list(itertools.product(HAS_NUMBER, NUMBERS, NAMES))
    rows = [national_row(i + 1, name=f"合成データ組み合わせ{i + 1}", has_number=has, corporate=name, lat="34.34567",
                         lon="134.04321", 電話番号="087-000-0000", 法人番号=number,
                         **{"所在地（都道府県から番地まで）": HOME})
            for i, (has, number, name) in enumerate(cases)]
    status, out, _ = run(project, write(tmp_path / "k.csv", rows), capsys=capsys)
    assert status == 0, out.out + out.err
    got = {r["name"]: r for r in district(project, "kayoinoba-372013")["resources"]}
    assert len(got) == len(cases) == 396
    for i, (has, number, name) in enumerate(cases):
        r, where = got[f"合成データ組み合わせ{i + 1}"], (has, number, name)
        if has != "0" and (NUMBERS[number] or NAMES[name]):
            assert r["location"] == {"lat": 34.34567, "lon": 134.04321, "precision": "exact"}, where
            assert r["address"] == HOME and r["operator_type"] != "residents", where
            assert r.get("contact") == ({"organisation": name, "phone": "087-000-0000"} if NAMES[name] else None), where
        else:
            assert r["location"] == {"lat": 34.35, "lon": 134.04, "precision": "approximate"}, where
            assert r["address"] == "香川県高松市扇町一丁目" and r["operator_type"] == "residents", where
            assert "contact" not in r, where


# (法人番号の有無, 法人番号, 法人名称, 所在地, 建物名, the address published, what of it must not be published)
TOWN = "香川県高松市扇町"
PRIVATE_ROWS = [
    ("", "", "－", TOWN + "九ー九（合成データ甲野宅）", "", TOWN, ("九ー九", "甲野")),
    ("－", "", "なし", TOWN + "①-②", "", TOWN, ("①-②",)),
    ("不明", "", "（なし）", TOWN + "Ⅸ番地", "", TOWN, ("Ⅸ番地",)),
    (" ", "", "個人", TOWN + "𝟗-𝟗", "", TOWN, ("𝟗",)),
    ("", "", "該当なし", TOWN + "字北山百二十三", "合成データ乙野様方", TOWN + "字北山", ("字北山百二十三", "乙野")),
    ("1", "", "", TOWN + "九番九号", "合成データ丙野方", TOWN, ("九番九号", "丙野")),
    ("", "", "N/A", TOWN + "合成データ丁野宅", "", "香川県高松市", ("丁野",)),
    ("1", "7000012050003", "\u3000", TOWN + "一丁目2-3", "合成データハイツ101号室", TOWN + "一丁目",
     ("一丁目2-3", "ハイツ101")),
    ("0", "7000012050002", "合成データ自治会", "〒760-0000 " + TOWN + "２－３１", "", TOWN, ("２－３１", "760-0000")),
    ("", "0000000000000", "個人（合成データ戊野）", TOWN + "百二十三の四", "", TOWN, ("百二十三の四", "戊野")),
    ("", "", "…", TOWN + "Ⅱ丁目4-5", "合成データ己野邸", TOWN + "Ⅱ丁目", ("Ⅱ丁目4-5", "己野")),
    ("", "", "無し", TOWN + "㊈－㊈ 合成データ庚野", "", TOWN, ("㊈", "庚野")),
]
# published as written: a valid 法人番号 (no name: no phone either), a real 法人名称
PUBLISHED_ROWS = [("1", "7000012050002", "－", "香川県高松市扇町七ー七", "087-000-2001"),
                  ("", "", "合成データ社会福祉法人やまびこ会", "香川県高松市扇町八ー八", "087-000-2002")]


def _point(i: int) -> tuple[float, float]:
    return round(34.31237 + 0.00731 * i, 5), round(134.01113 + 0.00517 * i, 5)


@pytest.fixture(scope="module")
def kayoinoba_site(tmp_path_factory):
    """The fixture project with a crafted national 通いの場 file imported, validated and built."""
    root = shared_dir(tmp_path_factory, "kayoinoba-privacy", _kayoinoba_site)
    return root / "project", root / "site"


def _kayoinoba_site(root):
    project = make_project(root / "project")
    rows = []
    for i, (has, number, name, address, building, _, _) in enumerate(PRIVATE_ROWS):
        lat, lon = _point(i)
        rows.append(national_row(i + 1, name=f"合成データ住民の集い{i + 1}", has_number=has, corporate=name,
                                 lat=f"{lat:.5f}", lon=f"{lon:.5f}", 電話番号=f"087-000-10{i:02d}", 法人番号=number,
                                 **{"所在地（都道府県から番地まで）": address, "所在地（建物名・部屋番号等）": building}))
    for i, (has, number, name, address, phone) in enumerate(PUBLISHED_ROWS, start=len(PRIVATE_ROWS)):
        lat, lon = _point(i)
        rows.append(national_row(i + 1, name=f"合成データ法人の集い{i + 1}", has_number=has, corporate=name,
                                 lat=f"{lat:.5f}", lon=f"{lon:.5f}", 電話番号=phone, 法人番号=number,
                                 **{"所在地（都道府県から番地まで）": address}))
    path = write(root / "202606.csv", rows)
    assert main(["--root", str(project), "import-kayoinoba", str(path), "--as-of", "2026-06-30"]) == 0
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems if p.severity == "error"]
    assert cmd_build(project, root / "site") == 0


def test_no_output_holds_a_residents_place_street_point_host_or_phone(kayoinoba_site):
    project, site = kayoinoba_site
    needles = set()
    for i, row in enumerate(PRIVATE_ROWS):
        needles |= set(row[-1]) | {f"087-000-10{i:02d}"} | {f for v in _point(i) for f in _forms(v)}
    files = [p for p in site.rglob("*") if p.is_file()] + [project / "content/districts/kayoinoba-372013.yaml"]
    assert any(p.suffix == ".pdf" and "kayoinoba-372013" in p.name for p in files)
    assert {"all.zip", "chiiki-atlas-offline.zip"} <= {p.name for p in files}
    assert any(p.parts[-2] == "search" for p in files) and any(p.parts[-2] == "maps" for p in files)
    leaks = []
    for path in files:
        data = _text(path)
        leaks += [f"{path.name}: {n}" for n in needles if n.encode() in data]
    assert leaks == []
    places = {r.name: r for d in load_atlas(project)[0].districts for r in d.resources}
    assert [places[f"合成データ住民の集い{i + 1}"].address for i in range(len(PRIVATE_ROWS))] == [r[5] for r in PRIVATE_ROWS]


def test_the_search_for_leaks_finds_what_corporations_publish(kayoinoba_site):
    """The other side of the test above: the 法人 rows' street, point and phone are found."""
    _project, site = kayoinoba_site
    table = _national(site, "all.csv")
    page = (site / "districts/kayoinoba-372013/index.html").read_text(encoding="utf-8")
    for i, (_has, _number, name, address, phone) in enumerate(PUBLISHED_ROWS, start=len(PRIVATE_ROWS)):
        street = address.removeprefix("香川県高松市扇町")
        assert street in table and street in page
        assert all(f"{v:.5f}".rstrip("0") in table for v in _point(i))
        assert (phone in table) == (name != "－")
