"""import-csv: the town of each row comes from the row (code, municipality name, then the
address with its prefecture and 郡; a name several prefectures have is decided by the file's
prefecture); --municipality is a default, never a place to file other towns' rows.
Coordinates under every published spelling, and how many places got one."""

import re

import pytest
from test_import import district, report, run, write_csv

from generator.model import municipalities

LIST = ["No", "事業所名", "サービスの種類", "住所", "緯度", "経度"]  # 介護サービス情報公表, no code column


def code(prefecture: str, name: str) -> str:
    [m] = [m for m in municipalities.load().values() if m.prefecture == prefecture and m.name == name]
    return m.code


def places(rows, start=1) -> list[list[str]]:
    """(address, lat, lon) → rows of LIST."""
    return [[str(n), f"合成データ事業所{n}", "訪問介護", address, lat, lon]
            for n, (address, lat, lon) in enumerate(rows, start=start)]




def imported(project, tmp_path, path, *args, capsys):
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", "--report", tmp_path / "r.json", *args,
                      capsys=capsys)
    data = report(tmp_path / "r.json")
    where = {}
    for file in data["files"]:
        d = district(project, file.split("/")[-1].removesuffix(".yaml"))
        for r in d["resources"]:
            where[r["name"]] = d["municipality"]["code"]
    return status, out.out, data, where


WAKAYAMA = code("和歌山県", "和歌山市")
HIROGAWA = code("和歌山県", "広川町")
HIDAKA_W, HIDAKA_H = code("和歌山県", "日高町"), code("北海道", "日高町")

# (address, the town it belongs to); the file is 和歌山県's, rows name their 郡, some no prefecture
PREFECTURE_LIST = [
    ("和歌山県和歌山市一番丁1", WAKAYAMA),
    ("和歌山市七番丁2", WAKAYAMA),                 # no prefecture, one 和歌山市 in Japan
    ("和歌山県有田郡広川町広3", HIROGAWA),          # prefecture and 郡
    ("有田郡広川町広4", HIROGAWA),                  # 広川町 is in 福岡県 too: the file's prefecture decides
    ("日高郡日高町高家5", HIDAKA_W),                # 日高町 is in 北海道 too
    ("日高町萩原6", HIDAKA_W),                      # …without the 郡
    ("〒649-1213 日高郡日高町高家7", HIDAKA_W),    # after a postcode
    ("北海道沙流郡日高町本町8", HIDAKA_H),          # the row names its prefecture: believed
    ("和歌山県 日高郡 日高町 9", HIDAKA_W),         # spaces between the parts
]


def test_a_prefecture_wide_list_files_each_row_under_its_own_town(project, tmp_path, capsys):
    path = write_csv(tmp_path / "wakayama.csv", LIST, places((a, "", "") for a, _ in PREFECTURE_LIST))
    status, out, data, where = imported(project, tmp_path, path, capsys=capsys)
    assert status == 0, out
    assert data["imported"] == len(PREFECTURE_LIST) and data["reported"] == 0
    assert where == {f"合成データ事業所{n}": town for n, (_, town) in enumerate(PREFECTURE_LIST, start=1)}
    assert len(data["files"]) == len({t for _, t in PREFECTURE_LIST})
    assert "ファイルのほかの行と同じ和歌山県の 和歌山県日高町" in out


def test_a_name_of_two_prefectures_is_refused_when_the_file_names_both(project, tmp_path, capsys):
    rows = [("北海道沙流郡日高町本町1", "", ""), ("和歌山県日高郡日高町高家2", "", ""), ("日高町萩原3", "", "")]
    status, _out, data, where = imported(project, tmp_path, write_csv(tmp_path / "two.csv", LIST, places(rows)),
                                        capsys=capsys)
    assert status == 0 and data["reported"] == 1
    [refused] = [p for p in data["problems"] if p["severity"] == "error"]
    assert refused["line"] == 4 and "北海道日高町・和歌山県日高町" in refused["message"]
    assert "合成データ事業所3" not in where


@pytest.mark.parametrize("selected, expected_in, expected_out", [
    (HIROGAWA, {2, 3}, {1, 4, 5}),   # rows of other towns are reported, with their town
    (HIDAKA_W, {4, 5}, {1, 2, 3}),   # 「日高町」 rows without a prefecture: the town the user named
    (HIDAKA_H, {5}, {1, 2, 3, 4}),   # …and only those: a 和歌山県 row stays out
])
def test_municipality_option_never_files_other_towns_rows(project, tmp_path, capsys, selected, expected_in,
                                                          expected_out):
    rows = [("和歌山市一番丁1", "", ""), ("和歌山県有田郡広川町広2", "", ""), ("有田郡広川町広3", "", ""),
            ("和歌山県日高郡日高町高家4", "", ""), ("日高町萩原5", "", "")]
    path = write_csv(tmp_path / "mixed.csv", LIST, places(rows))
    status, out, data, where = imported(project, tmp_path, path, "--municipality", selected, capsys=capsys)
    assert status == 0, out
    assert {int(n.removeprefix("合成データ事業所")) for n in where} == expected_in
    assert set(where.values()) == {selected}
    assert data["reported"] == len(expected_out)
    notes = [p for p in data["problems"] if p["code"] == "not-selected"]  # one per town, with its rows
    assert sum(int(re.search(r"（(\d+) 行: ", p["message"]).group(1)) for p in notes) == len(expected_out)
    if 1 in expected_out:
        assert "和歌山県和歌山市（302015）の行は、--municipality" in out


def test_rows_naming_no_town_take_the_municipality_option(project, tmp_path, capsys):
    rows = [("宗高950-1", "", ""), ("", "", "")]
    path = write_csv(tmp_path / "bare.csv", LIST, places(rows))
    status, _out, data, where = imported(project, tmp_path, path, "--municipality", "222127", capsys=capsys)
    assert status == 0 and set(where.values()) == {"222127"} and data["imported"] == 2


# (X, Y) as a Shapefile export writes them (X = longitude), and what becomes of the row
SHAPE_ROWS = [
    (("1.38318000000e+002", "3.48670000000e+001"), (34.867, 138.318)),
    (("138.3200", "34.8700"), (34.87, 138.32)),
    (("１３８．３１", "３４．８６"), (34.86, 138.31)),                # full width
    (("3.48670000000e+001", "1.38318000000e+002"), "入れ替わっている"),  # swapped
    (("0.00000000000e+000", "0.00000000000e+000"), "0,0"),
    (("1.35000000000e+002", "3.50000000000e+001"), "離れている"),     # in Japan, far from 焼津市
    (("", ""), None),
]


@pytest.mark.parametrize("order", [("X", "Y"), ("Y", "X")])
def test_shapefile_coordinates_in_x_and_y(project, tmp_path, capsys, order):
    header = ["名称", "住所", "敷地内の状", *order]  # DBF: names cut to 10 bytes, Shift_JIS
    rows = []
    for n, ((x, y), _) in enumerate(SHAPE_ROWS, start=1):
        rows.append([f"合成データ施設{n}", f"焼津市本町{n}", "有", *((x, y) if order == ("X", "Y") else (y, x))])
    path = write_csv(tmp_path / "shape.csv", header, rows, encoding="cp932")
    status, out, data, _ = imported(project, tmp_path, path, capsys=capsys)
    assert status == 0 and data["imported"] == len(SHAPE_ROWS), out
    got = {r["name"]: r for r in district(project, "shape-222127")["resources"]}
    for n, (_, expected) in enumerate(SHAPE_ROWS, start=1):
        location = got[f"合成データ施設{n}"].get("location")
        if isinstance(expected, tuple):
            assert (location["lat"], location["lon"]) == pytest.approx(expected), n
        else:
            assert location is None, n
            if expected:
                assert any(p["line"] == n + 1 and expected in p["message"] for p in data["problems"]), n
    assert "位置あり 3 / 7 件" in out
    assert any(p["code"] == "few-points" for p in data["problems"])


@pytest.mark.parametrize("header, located", [
    (["名称", "住所", "緯度", "経度"], 1),
    (["名称", "住所", "経度", "緯度"], 1),            # 経度 first: columns are found by name
    (["name", "address", "lat", "lng"], 1),
    (["name", "address", "latitude", "longitude"], 1),
    (["名称", "住所", "Y"], 0),                        # a lone Y is no coordinate
    (["名称", "住所"], 0),
])
def test_coordinates_under_every_published_spelling(project, tmp_path, capsys, header, located):
    values = {"緯度": "34.867", "経度": "138.318", "lat": "34.867", "lng": "138.318", "latitude": "34.867",
              "longitude": "138.318", "Y": "34.867", "名称": "合成データ施設", "name": "合成データ施設",
              "住所": "焼津市本町1", "address": "焼津市本町1"}
    path = write_csv(tmp_path / "spell.csv", header, [[values[h] for h in header]])
    status, out, data, _ = imported(project, tmp_path, path, capsys=capsys)
    assert status == 0, out
    assert f"位置あり {located} / 1 件" in out
    assert any(p["code"] == "few-points" for p in data["problems"]) == (located == 0)
    assert not any(p["code"] == "no-point" for p in data["problems"])


# (住所, 方書) → the address written; the row's code says 東京都千代田区
ADDRESSES = [
    (("東京都千代田区合成町1-1 合成ビル1F", "合成ビル1F"), "東京都千代田区合成町1-1 合成ビル1F"),
    (("東京都千代田区合成町1-1合成ビル１Ｆ", "合成ビル1F"), "東京都千代田区合成町1-1合成ビル１Ｆ"),  # NFKC; as published
    (("東京都千代田区合成町1-1 合成 ビル", "合成ビル"), "東京都千代田区合成町1-1 合成 ビル"),        # spaces ignored
    (("東京都千代田区合成町１－１", "合成ビル"), "東京都千代田区合成町１－１ 合成ビル"),
    (("千代田区合成町1-1", "合成ビル"), "東京都千代田区合成町1-1 合成ビル"),                       # prefecture added
    (("合成町1-1", ""), "東京都千代田区合成町1-1"),                                                # the code said which
    (("〒100-0001 千代田区合成町1-1", ""), "〒100-0001 千代田区合成町1-1"),
    (("", "合成ビル"), "合成ビル"),
]


def test_addresses_are_assembled_once(project, tmp_path, capsys):
    from test_import import KAIGO, row
    rows = [row(KAIGO, no=str(n), 介護サービス事業所名称=f"合成データ事業所{n}", 実施サービス="訪問介護", 住所=a, 方書=b)
            for n, ((a, b), _) in enumerate(ADDRESSES, start=1)]
    status, out, _, _ = imported(project, tmp_path, write_csv(tmp_path / "kaigo.csv", KAIGO, rows), capsys=capsys)
    assert status == 0, out
    got = {r["name"]: r.get("address") for r in district(project, "kaigo-131016")["resources"]}
    assert got == {f"合成データ事業所{n}": expected for n, (_, expected) in enumerate(ADDRESSES, start=1)}
    assert "方書（建物名）が住所にすでに書かれている 3 行は" in out


def test_the_official_layout_does_not_repeat_its_building(project, tmp_path, capsys):
    from test_import import SEISHIKI, row
    rows = [row(SEISHIKI, ID="A1", 名称="合成データ施設1", 所在地_連結表記="東京都千代田区合成町8-8 合成ビル2F",
                **{"建物名等(方書)": "合成ビル2F"}),
            row(SEISHIKI, ID="A2", 名称="合成データ施設2", 所在地_都道府県="東京都", 所在地_市区町村="千代田区",
                所在地_町字="合成町", 所在地_番地以下="9-9", **{"建物名等(方書)": "合成ビル"})]
    status, out, _, _ = imported(project, tmp_path, write_csv(tmp_path / "seishiki.csv", SEISHIKI, rows),
                                 capsys=capsys)
    assert status == 0, out
    got = {r["id"]: r["address"] for r in district(project, "seishiki-131016")["resources"]}
    assert got == {"r-a1": "東京都千代田区合成町8-8 合成ビル2F", "r-a2": "東京都千代田区合成町9-9 合成ビル"}


# 正式版 介護サービス事業所一覧 (formats README §5): ID, 事業所番号, one row per service
OFFICIAL = ["全国地方公共団体コード", "ID", "地方公共団体名", "介護サービス事業所名称", "介護サービス事業所名称_カナ",
            "実施サービス", "所在地_連結表記", "建物名等(方書)", "緯度", "経度", "電話番号", "事業所番号", "定員"]


def official(record_id, name, service, office="", address="山口県下松市瑞穂町2-21-1", capacity=""):
    return ["352071", record_id, "山口県下松市", name, "", service, address, "", "34.0237", "131.8519", "", office,
            capacity]


def ids_of(project, ident):
    return {(r["name"], r["description"].split("\n")[0]): r["id"] for r in district(project, ident)["resources"]}


# (rows, how the ids are made): the same office once per service, with and without the publisher's ID
SO, YAKATA = "合成データ苑", "合成データ館"
EDITIONS = {
    "ID": [official("KD01", SO, "訪問介護", "3570000001"), official("KD02", SO, "通所介護", "3570000001"),
           official("KD03", SO, "居宅介護支援", "3570000001"), official("KD04", YAKATA, "訪問介護")],
    "事業所番号": [official("", SO, "訪問介護", "3570000001"), official("", SO, "通所介護", "3570000001"),
              official("", SO, "居宅介護支援", "3570000001"), official("", YAKATA, "訪問介護", "3570000002")],
    "name": [official("", SO, "訪問介護"), official("", SO, "通所介護"),
             official("", SO, "居宅介護支援"), official("", YAKATA, "訪問介護")],
    "shared ID": [official("X1", SO, "訪問介護"), official("X1", SO, "通所介護"),
                  official("X2", SO, "居宅介護支援"), official("X3", YAKATA, "訪問介護")],
}


@pytest.mark.parametrize("kind", sorted(EDITIONS))
def test_ids_come_from_the_publisher_and_not_from_the_row_order(project, tmp_path, capsys, kind):
    rows = EDITIONS[kind]
    path = tmp_path / "care.csv"
    status, out, data, _ = imported(project, tmp_path, write_csv(path, OFFICIAL, rows), capsys=capsys)
    assert status == 0 and data["imported"] == 4, out
    first = ids_of(project, "care-352071")
    assert len(set(first.values())) == 4 and not any(i.endswith(("-2", "-3")) for i in first.values())
    if kind == "ID":
        assert sorted(first.values()) == ["r-kd01", "r-kd02", "r-kd03", "r-kd04"]
    if kind == "事業所番号":
        assert all(i.startswith("r-3570000001-") for n, i in first.items() if n[0] == "合成データ苑")
    if kind == "shared ID":
        assert "r-x2" in first.values() and "r-x1" not in first.values()
        assert any(p["code"] == "duplicate-id" for p in data["problems"])
    # the same records in every other order: the same ids, nothing changed
    for order in ([3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]):
        write_csv(path, OFFICIAL, [rows[i] for i in order])
        status, out, data, _ = imported(project, tmp_path, path, "--force", capsys=capsys)
        assert status == 0 and ids_of(project, "care-352071") == first, order
        assert data["changes"]["care-352071"] == {"added": [], "changed": [], "removed": []}, order
        assert "追加 0、変更 0、削除 0" in out
    if kind == "shared ID":  # the next edition with the number no longer shared: ids from the number
        return
    # the next edition: one service ends, one place moves, a new one opens
    moved = official(*rows[3][1:2], "合成データ館", "訪問介護", rows[3][11], address="山口県下松市末武上1")
    if kind == "name":  # without a number, a place that moves is a new place
        moved = rows[3]
    new = official("KD05" if kind == "ID" else "", "合成データ新館", "訪問介護")
    write_csv(path, OFFICIAL, [new, rows[2], moved, rows[0]])
    status, out, data, _ = imported(project, tmp_path, path, "--force", capsys=capsys)
    assert status == 0, out
    second = ids_of(project, "care-352071")
    change = data["changes"]["care-352071"]
    assert change["removed"] == [first[("合成データ苑", "種別：通所介護")]]
    assert change["added"] == [second[("合成データ新館", "種別：訪問介護")]]
    assert change["changed"] == ([] if kind == "name" else [first[("合成データ館", "種別：訪問介護")]])


def test_identical_rows_are_reported_as_duplicates(project, tmp_path, capsys):
    same = official("", "合成データ苑", "訪問介護")
    rows = [same, official("", "合成データ館", "訪問介護"), same, same]
    status, out, data, _ = imported(project, tmp_path, write_csv(tmp_path / "care.csv", OFFICIAL, rows),
                                    capsys=capsys)
    assert status == 0 and data["imported"] == 2 and data["reported"] == 2, out
    dups = [p for p in data["problems"] if p["code"] == "duplicate-row"]
    assert [p["line"] for p in dups] == [4, 5] and all("2 行目と同じ内容" in p["message"] for p in dups)


@pytest.mark.parametrize("capacity, shown", [("20", "20"), ("0", None), ("０", None), ("0人", None), ("", None),
                                             ("10", "10")])
def test_a_capacity_of_zero_means_not_given(project, tmp_path, capsys, capacity, shown):
    rows = [official("KD01", SO, "訪問介護", capacity=capacity)]
    status, out, _, _ = imported(project, tmp_path, write_csv(tmp_path / "care.csv", OFFICIAL, rows), capsys=capsys)
    assert status == 0, out
    [resource] = district(project, "care-352071")["resources"]
    kept = [f["value"] for f in resource.get("source_fields", []) if f["label"] == "定員"]
    assert kept == ([shown] if shown else [])
    assert ("定員が 0 の 1 行は" in out) == (capacity not in ("", "20", "10"))


@pytest.mark.parametrize("service, name, reason", [
    ("放課後等デイサービス", "合成データ苑", "（種別「放課後等デイサービス」）"),      # the service decided
    ("未知のサービス", "合成データ保育園", "（名称に「保育園」）"),                    # the name decided
    ("", "合成データ保育園", "（名称に「保育園」）"),
])
def test_a_skip_names_what_decided_it(project, tmp_path, capsys, service, name, reason):
    rows = [official("KD01", name, service), official("KD02", SO, "訪問介護")]
    status, out, data, _ = imported(project, tmp_path, write_csv(tmp_path / "care.csv", OFFICIAL, rows), capsys=capsys)
    assert status == 0, out
    [skipped] = [p for p in data["problems"] if p["code"] == "skipped-type"]
    assert skipped["line"] == 2 and reason in skipped["message"]


def test_a_big_list_is_written_in_parts_per_town(project, tmp_path, capsys, monkeypatch):
    from generator.importers import run as run_module
    monkeypatch.setattr(run_module, "RESOURCES_PER_FILE", 3)
    rows = places([(f"焼津市本町{n}", "", "") for n in range(1, 8)] + [("高松市扇町1", "", "")])
    path = write_csv(tmp_path / "big.csv", LIST, rows)
    status, out, data, where = imported(project, tmp_path, path, capsys=capsys)
    assert status == 0 and data["imported"] == 8, out
    assert set(data["files"]) == {f"content/districts/big-{c}.yaml" for c in
                                  ("222127", "222127-2", "222127-3", "372013")}
    assert len(where) == 8 and [len(district(project, f"big-222127{s}")["resources"]) for s in ("", "-2", "-3")] \
        == [3, 3, 1]
    # the same rows in another order: nothing changes
    write_csv(path, LIST, rows[::-1])
    status, out, data, _ = imported(project, tmp_path, path, "--force", capsys=capsys)
    assert status == 0 and data["changes"]["big-222127"] == {"added": [], "changed": [], "removed": []}, out
    # fewer rows: fewer parts, the part no longer needed removed, its places reported as removed
    write_csv(path, LIST, rows[:4])
    status, out, data, _ = imported(project, tmp_path, path, "--force", capsys=capsys)
    assert status == 0, out
    assert not (project / "content" / "districts" / "big-222127-3.yaml").exists()
    assert len(data["changes"]["big-222127"]["removed"]) == 3 and "big-222127-3.yaml を消しました" in out
