"""import-csv: every published layout imports without a hand-written mapping, every row is
accounted for, text stays as written, ids and files are safe, and a failed import leaves
content/ as it was."""

import json

import pytest
from conftest import run_cli

from generator.check.load import load_file
from generator.check.validate import load_atlas
from generator.cli import main

PREFIX4 = ["都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名"]
KAIGO = PREFIX4 + ["介護サービス事業所名称", "介護サービス事業所名称_カナ", "実施サービス", "住所", "方書", "緯度", "経度",
                   "電話番号", "内線番号", "FAX番号", "法人番号", "法人の名称", "事業所番号", "利用可能曜日",
                   "利用可能曜日特記事項", "定員", "URL", "備考"]
KOUKYOU = PREFIX4 + ["名称", "名称_カナ", "名称_通称", "POIコード", "住所", "方書", "緯度", "経度", "電話番号", "内線番号",
                     "法人番号", "団体名", "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項", "説明",
                     "バリアフリー情報", "URL", "備考"]
AED = PREFIX4 + ["名称", "名称_カナ", "住所", "方書", "緯度", "経度", "設置位置", "電話番号", "内線番号", "法人番号",
                 "団体名",
                 "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項", "小児対応設備の有無", "URL", "備考"]
IRYO = PREFIX4 + ["名称", "名称_カナ", "医療機関の種類", "住所", "方書", "緯度", "経度", "電話番号", "内線番号", "FAX番号",
                  "法人番号", "法人の名称", "医療機関コード", "診療曜日", "診療開始時間", "診療終了時間", "診療日時特記事項",
                  "時間外における対応", "診療科目", "病床数", "URL", "備考"]
SEISHIKI = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英字",
            "所在地_全国地方公共団体コード",
            "町字ID", "所在地_連結表記", "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下",
            "建物名等(方書)", "緯度", "経度", "電話番号", "内線番号", "法人番号", "団体名", "利用可能曜日", "開始時間",
            "終了時間", "利用可能日時特記事項", "説明", "URL", "備考"]
KOHYO = ["都道府県コード又は市町村コード", "No", "都道府県名", "市区町村名", "事業所名", "事業所名カナ", "サービスの種類",
         "住所",
         "方書（ビル名等）", "緯度", "経度", "電話番号", "FAX番号", "法人番号", "法人の名称", "事業所番号", "利用可能曜日",
         "利用可能曜日特記事項", "定員", "URL"]
ENGLISH = ["#property", "latitude", "longitude", "name", "address", "telephoneNumber", "referenceObject", "note",
           "service", "availableDate", "startTime", "endTime", "availableDateNote", "capacity"]

CHIYODA = {"code": "131016", "pref": "東京都", "city": "千代田区"}


def row(header, **values) -> list[str]:
    """A row of `header` with the named cells filled (everything else empty)."""
    names = {"code": header[0], "no": header[1], "pref": header[2], "city": header[3]}
    out = dict.fromkeys(header, "")
    for key, value in values.items():
        out[names.get(key, key)] = value
    out.update({header[0]: values.get("code", CHIYODA["code"])} if header[0].startswith(("都道府県", "全国")) else {})
    if header[0].startswith(("都道府県", "全国")):
        out.setdefault(header[2], "")
        out[header[2]] = values.get("pref", CHIYODA["pref"])
        out[header[3] if header[0].startswith("都道府県") else header[2]] = values.get("city", CHIYODA["city"])
    return [out[h] for h in header]


def write_csv(path, header, rows, encoding="utf-8-sig"):
    def cell(c):
        return '"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\n\r') else c
    text = "".join(",".join(cell(c) for c in r) + "\r\n" for r in [header, *rows])
    path.write_bytes(text.encode(encoding))
    return path


def run(project, *args, capsys=None):
    status = main(["--root", str(project), *map(str, args)])
    out = capsys.readouterr() if capsys else None
    return status, out


def report(path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["rows"] == data["imported"] + data["reported"]
    return data


def district(project, ident):
    doc, problems = load_file(project / "content" / "districts" / f"{ident}.yaml", project)
    assert problems == []
    return doc.data


def resources(project, ident):
    return {r["name"]: r for r in district(project, ident)["resources"]}


LAYOUTS = {
    "kaigo": (KAIGO, [
        dict(no="1", 介護サービス事業所名称="合成データデイサービスセンター", 実施サービス="通所介護",
             住所="東京都千代田区合成町1-1", 方書="合成ビル2階", 緯度="35.6941", 経度="139.7530",
             電話番号="03-0000-0001", 法人の名称="合成データ社会福祉法人", 利用可能曜日="月～金",
             利用可能曜日特記事項="祝日は休み"),
        dict(no="2", 介護サービス事業所名称="合成データ通所A", 実施サービス="通所型サービスA",
             住所="東京都千代田区合成町2-2"),
        dict(no="3", 介護サービス事業所名称="合成データ謎の事業所", 実施サービス="未知のサービス",
             住所="東京都千代田区合成町3-3"),
    ], {"合成データデイサービスセンター": ("care-service", ["near-care"]),
        "合成データ通所A": ("prevention-service", ["kyojaku"]),
        "合成データ謎の事業所": ("care-service", ["near-care"])}, "介護サービス事業所"),
    "koukyou": (KOUKYOU, [
        dict(no="10947", 名称="合成データ地域交流センター", 住所="東京都千代田区合成町4-4", 緯度="35.69", 経度="139.75",
             利用可能日時特記事項="【開館時間】9:00～21:30 【休館日】月曜日", 備考="公民館"),
        dict(no="10948", 名称="合成データ会館", 住所="東京都千代田区合成町5-5", 利用可能曜日="月火水木金",
             開始時間="9:00", 終了時間="17:00"),
    ], {"合成データ地域交流センター": ("hobby-individual", ["genki"]),
        "合成データ会館": ("other", ["genki", "kyojaku"])}, "公共施設"),
    "aed": (AED, [
        dict(no="0000000001", 名称="合成データ小学校", 住所="東京都千代田区合成町6-6", 緯度="35.691", 経度="139.751",
             設置位置="２階正面入口", 小児対応設備の有無="有", 電話番号="(03)0000-0002"),
    ], {"合成データ小学校": ("other", ["genki", "kyojaku", "near-care"])}, "AED設置箇所"),
    "iryo": (IRYO, [
        dict(no="1", 名称="合成データ診療所", 医療機関の種類="診療所", 住所="東京都千代田区合成町7-7", 診療曜日="月,水,金",
             診療開始時間="9:00", 診療終了時間="12:00", 診療科目="内科;外科", 病床数="0"),
    ], {"合成データ診療所": ("other", ["genki", "kyojaku", "near-care"])}, "医療機関"),
    "seishiki": (SEISHIKI, [
        dict(ID="A1", 名称="合成データ地域包括支援センター", 所在地_連結表記="東京都千代田区合成町8-8", 緯度="35.692",
             経度="139.752"),
        dict(ID="A2", 名称="合成データ施設", 所在地_都道府県="東京都", 所在地_市区町村="千代田区", 所在地_町字="合成町",
             所在地_番地以下="9-9"),
    ], {"合成データ地域包括支援センター": ("other", ["genki", "kyojaku", "near-care"]),
        "合成データ施設": ("other", ["genki", "kyojaku", "near-care"])}, "施設一覧（seishiki）"),
    "kohyo": (KOHYO, [
        dict(no="1", 事業所名="合成データグループホーム", サービスの種類="認知症対応型共同生活介護",
             住所="東京都千代田区合成町10-1", 事業所番号="1370000001"),
    ], {"合成データグループホーム": ("care-service", ["near-care"])}, "介護サービス事業所"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_published_layout_imports_without_a_mapping(project, tmp_path, capsys, layout):
    header, rows, expected, title = LAYOUTS[layout]
    path = write_csv(tmp_path / f"{layout}.csv", header, [row(header, **r) for r in rows])
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", "--report", tmp_path / "r.json",
                      capsys=capsys)
    assert status == 0, out.out + out.err
    data = report(tmp_path / "r.json")
    assert (data["rows"], data["imported"]) == (len(rows), len(rows))
    assert data["files"] == [f"content/districts/{layout}-131016.yaml"]
    d = district(project, f"{layout}-131016")
    assert d["name"] == f"千代田区の{title}" and d["municipality"]["code"] == "131016"
    got = {r["name"]: (r["category"], r["target_states"]) for r in d["resources"]}
    assert got == expected
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]


def test_values_are_read_as_published(project, tmp_path, capsys):
    header, rows, _, _ = LAYOUTS["kaigo"]
    path = write_csv(tmp_path / "kaigo.csv", header, [row(header, **r) for r in rows], encoding="cp932")
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", capsys=capsys)
    assert status == 0
    care = resources(project, "kaigo-131016")["合成データデイサービスセンター"]
    assert care["id"] == "r-1" and care["address"] == "東京都千代田区合成町1-1 合成ビル2階"
    assert care["location"] == {"lat": 35.6941, "lon": 139.753, "precision": "exact"}
    assert care["contact"] == {"organisation": "合成データ社会福祉法人", "phone": "03-0000-0001"}
    assert care["schedule"] == {"text": "月～金", "rules": [{"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR"]}],
                                "notes": "祝日は休み"}
    assert "service_type" not in care
    assert resources(project, "kaigo-131016")["合成データ通所A"]["service_type"] == "day-a"
    # the one value no table entry knew was guessed, and said so, once
    assert out.out.count("「未知のサービス」は対応表にないため") == 1


def test_english_keys_find_their_municipality_in_the_addresses(project, tmp_path, capsys):
    rows = [["1", "34.34775861", "134.03693833", "合成データいこいの家白梅荘", "高松市扇町一丁目2-31", "", "", "", "",
             "月火水木金土日", "09:00", "18:00", "時間外利用可能", ""],
            ["2", "34.34", "134.04", "合成データ地域包括支援センター（合成交流センター内）", "高松市亀岡町7-7",
             "087-000-0000", "https://example.com/x", "", "", "月火水木金", "08:30", "17:00", "祝日は休み", "20"]]
    path = write_csv(tmp_path / "elderly_house.csv", ENGLISH, rows, encoding="utf-8")
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", capsys=capsys)
    assert status == 0, out.out
    got = resources(project, "elderly-house-372013")
    house = got["合成データいこいの家白梅荘"]
    assert house["category"] == "salon"
    assert house["schedule"]["rules"] == [{"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
                                           "opens": "09:00", "closes": "18:00"}]
    centre = got["合成データ地域包括支援センター（合成交流センター内）"]
    assert centre["category"] == "other" and centre["target_states"] == ["genki", "kyojaku", "near-care"]
    assert centre["url"] == "https://example.com/x" and {"label": "capacity", "value": "20"} in centre["source_fields"]
    assert "住所から 香川県高松市（372013）の行としました" in out.out
    # the same file for another municipality when the user says so
    status, out = run(project, "import-csv", path, "--municipality", "372013", "--id", "takamatsu-ikoi",
                      "--as-of", "2026-10-01", capsys=capsys)
    assert status == 0 and district(project, "takamatsu-ikoi")["municipality"]["name"] == "高松市"


def test_codes_without_the_leading_zero_and_prefecture_lists(project, tmp_path, capsys):
    rows = [row(KAIGO, code="11002", pref="北海道", city="札幌市", no="1", 介護サービス事業所名称="合成データ札幌",
                実施サービス="訪問介護"),
            row(KAIGO, code="1100", pref="北海道", city="札幌市", no="2", 介護サービス事業所名称="合成データ札幌2",
                実施サービス="訪問介護"),
            row(KAIGO, code="010006", pref="北海道", city="函館市", no="3", 介護サービス事業所名称="合成データ函館",
                実施サービス="訪問介護")]
    path = write_csv(tmp_path / "hokkaido.csv", KAIGO, rows)
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", "--report", tmp_path / "r.json",
                      capsys=capsys)
    assert status == 0, out.out
    assert sorted(report(tmp_path / "r.json")["files"]) == ["content/districts/hokkaido-011002.yaml",
                                                            "content/districts/hokkaido-012025.yaml"]
    assert len(district(project, "hokkaido-011002")["resources"]) == 2
    # --id is for one municipality only
    status, out = run(project, "import-csv", path, "--id", "hokkaido", "--force", capsys=capsys)
    assert status == 2 and "--id は1つの市区町村のときだけ" in out.out


HOSTILE = ["<script>alert(1)</script>", "![x](y){onerror=alert(1)}", "{{ 7*7 }}{% raw %}", "=cmd|' /C calc'!A0",
           "@SUM(1)", "- [ ] *強調* `code`", "（架空）①Ⅱ㈱"]


def test_text_is_kept_as_written_and_control_characters_are_removed(project, tmp_path, capsys):
    rows = [row(KOUKYOU, no=str(i), 名称="合成データ" + text, 住所="東京都千代田区合成町1-1", 説明=text)
            for i, text in enumerate(HOSTILE)]
    rows.append(row(KOUKYOU, no="99", 名称="合成データ\x00制御\u202e文字\x1b[31m", 住所="東京都千代田区合成町1-1"))
    path = write_csv(tmp_path / "hostile.csv", KOUKYOU, rows)
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", capsys=capsys)
    assert status == 0, out.out
    got = resources(project, "hostile-131016")
    assert {"合成データ" + t for t in HOSTILE} < set(got)
    assert all(got["合成データ" + t]["description"] == t for t in HOSTILE)   # no NFKC, no escaping in the data
    assert "合成データ制御文字[31m" in got
    assert "名称の制御文字を取り除きました" in out.out
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]


@pytest.mark.parametrize("ident", ["../../../x", "../x", "x/y", "X", "-x", "map", "blank", "index", "m-131016",
                                   "p-13", "example", "a" * 65, ""])
def test_ids_that_could_leave_content_districts_or_hide_a_page_are_refused(project, tmp_path, capsys, ident):
    path = write_csv(tmp_path / "kaigo.csv", KAIGO, [row(KAIGO, **LAYOUTS["kaigo"][1][0])])
    before = sorted(p for p in project.rglob("*") if ".venv" not in p.parts)
    status, out = run(project, "import-csv", path, f"--id={ident}", capsys=capsys)
    assert status == 2 and "使えません" in out.out
    assert sorted(p for p in project.rglob("*") if ".venv" not in p.parts) == before
    assert not (tmp_path / "x.yaml").exists() and not (project.parent / "x.yaml").exists()


def _snapshot(project) -> dict:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}


def test_an_existing_district_is_not_overwritten_without_force(project, tmp_path, capsys):
    path = write_csv(tmp_path / "kaigo.csv", KAIGO, [row(KAIGO, **LAYOUTS["kaigo"][1][0])])
    before = _snapshot(project)
    status, out = run(project, "import-csv", path, "--id", "sample-district", capsys=capsys)
    assert status == 2 and "sample-district.yaml はもうあります" in out.out and "--force" in out.out
    assert _snapshot(project) == before
    # with --force, a hand-written file (another style) is compared by its data
    status, out = run(project, "import-csv", path, "--id", "sample-district", "--force", "--report",
                      tmp_path / "r.json", capsys=capsys)
    assert status == 0
    change = report(tmp_path / "r.json")["changes"]["sample-district"]
    assert change["added"] == ["r-1"] and "sample-igo-kyoshitsu" in change["removed"] and change["changed"] == []


def test_force_updates_by_resource_id_and_reports_what_changed(project, tmp_path, capsys):
    rows = [row(KAIGO, **r) for r in LAYOUTS["kaigo"][1]]
    run(project, "import-csv", write_csv(tmp_path / "kaigo.csv", KAIGO, rows), "--as-of", "2026-04-01",
        capsys=capsys)
    first = district(project, "kaigo-131016")
    # next edition: row 2 gone, row 1 moved house, a row 4 is new, row 3 the same
    changed = dict(LAYOUTS["kaigo"][1][0], 住所="東京都千代田区合成町9-9")
    new = dict(no="4", 介護サービス事業所名称="合成データ新しい事業所", 実施サービス="訪問介護",
               住所="東京都千代田区合成町4-4")
    rows = [row(KAIGO, **r) for r in (changed, LAYOUTS["kaigo"][1][2], new)]
    path = write_csv(tmp_path / "kaigo.csv", KAIGO, rows)
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", capsys=capsys)
    assert status == 2 and district(project, "kaigo-131016") == first
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", "--force", "--report", tmp_path / "r.json",
                      capsys=capsys)
    assert status == 0, out.out
    assert report(tmp_path / "r.json")["changes"] == {
        "kaigo-131016": {"added": ["r-4"], "removed": ["r-2"], "changed": ["r-1"]}}
    assert "kaigo-131016: 追加 1、変更 1、削除 1" in out.out
    assert [r["id"] for r in district(project, "kaigo-131016")["resources"]] == ["r-1", "r-3", "r-4"]


def test_a_failed_import_leaves_content_exactly_as_it_was(project, tmp_path, capsys):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("district:\n  layer: no-such-layer\n", encoding="utf-8")
    path = write_csv(tmp_path / "kaigo.csv", KAIGO, [row(KAIGO, **r) for r in LAYOUTS["kaigo"][1]])
    before = _snapshot(project)
    status, out = run(project, "import-csv", path, "--mapping", mapping, "--report", tmp_path / "r.json",
                      capsys=capsys)
    assert status == 1
    assert "content/districts/kaigo-131016.yaml" in out.out and "no-such-layer" in out.out
    assert "何も書き出していません" in out.err
    assert _snapshot(project) == before
    assert not list((project / "content").glob(".import-*"))
    data = report(tmp_path / "r.json")
    assert data["imported"] == 0 and data["files"] == []


def test_a_row_the_validation_refuses_is_reported_and_the_rest_written(project, tmp_path, capsys):
    rows = [row(KAIGO, **LAYOUTS["kaigo"][1][0]),
            row(KAIGO, no="2", 介護サービス事業所名称="要記入", 実施サービス="訪問介護", 住所="東京都千代田区合成町2-2")]
    path = write_csv(tmp_path / "kaigo.csv", KAIGO, rows)
    status, _out = run(project, "import-csv", path, "--report", tmp_path / "r.json", "--as-of", "2026-10-01",
                      capsys=capsys)
    assert status == 0
    data = report(tmp_path / "r.json")
    assert (data["rows"], data["imported"], data["reported"]) == (2, 1, 1)
    [refused] = [p for p in data["problems"] if p["severity"] == "error"]
    assert refused["line"] == 3 and "要記入" in refused["message"]
    assert list(resources(project, "kaigo-131016")) == ["合成データデイサービスセンター"]


@pytest.mark.parametrize("as_of,message", [("2026-02-30", "実在しない日付"), ("2026-13-01", "実在しない日付"),
                                           ("yesterday", "日付ではありません"), ("2026-10-01\n", "日付ではありません")])
def test_a_bad_as_of_ends_in_a_message(project, tmp_path, capsys, as_of, message):
    path = write_csv(tmp_path / "kaigo.csv", KAIGO, [row(KAIGO, **LAYOUTS["kaigo"][1][0])])
    for command in (["import-csv", str(path)], ["import-kayoinoba", str(path)]):
        result = run_cli(capsys, "--root", project, *command, "--as-of", as_of)
        assert result.returncode == 2 and message in result.stdout and "Traceback" not in result.stderr


def test_a_mapping_file_is_tried_before_the_shipped_table(project, tmp_path, capsys, root):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("types:\n  - words: [未知のサービス]\n    category: salon\n    target_states: [genki]\n"
                       "district:\n  name: 合成データの地区\n  maintainer: 合成データ包括\n", encoding="utf-8")
    path = write_csv(tmp_path / "kaigo.csv", KAIGO, [row(KAIGO, **r) for r in LAYOUTS["kaigo"][1]])
    status, out = run(project, "import-csv", path, "--mapping", mapping, "--as-of", "2026-10-01", capsys=capsys)
    assert status == 0 and "対応表にないため" not in out.out
    d = district(project, "kaigo-131016")
    assert d["name"] == "合成データの地区" and d["maintainer"] == "合成データ包括"
    assert {r["name"]: r["category"] for r in d["resources"]}["合成データ謎の事業所"] == "salon"
    mapping.write_text("types:\n  - words: [x]\n    category: no-such-category\n    target_states: [genki]\n",
                       encoding="utf-8")
    status, out = run(project, "import-csv", path, "--mapping", mapping, "--force", capsys=capsys)
    assert status == 2 and "mapping.yaml:3: types.0.category:" in out.out


def test_the_shipped_table_is_valid_and_names_known_terms(fixture_root):
    from generator.importers.mapping import Types
    from generator.importers.output import Project

    types = Types(fixture_root, Project(fixture_root).vocab_ids)
    assert types.match("通所介護", "", "kaigo", True).terms["category"] == "care-service"
    assert types.match("放課後等デイサービス", "", "shisetsu", True).terms is None
    assert types.match("短期入所生活介護", "", "shisetsu", True).terms["category"] == "care-service"
    assert types.match("短期入所", "", "shisetsu", True).terms is None


def test_the_documented_example_mapping_is_used(project, tmp_path, capsys, root):
    header = ["No", "事業所の名前", "サービス", "住所"]
    rows = [["1", "合成データふれあい食堂", "地域の食堂", "東京都千代田区合成町1-1"],
            ["2", "合成データ宅老所", "宅老所", "東京都千代田区合成町2-2"],
            ["3", "合成データ何か", "不明", "東京都千代田区合成町3-3"]]
    path = write_csv(tmp_path / "list.csv", header, rows)
    status, out = run(project, "import-csv", path, "--mapping", root / "tests/data/import/example-mapping.yaml",
                      "--municipality", "131016", "--as-of", "2026-10-01", capsys=capsys)
    assert status == 0, out.out
    d = district(project, "list-131016")
    assert d["name"] == "合成データ地区の介護サービス事業所" and d["layer"] == "nichijo-seikatsu-ken"
    assert [(r["id"], r["category"]) for r in d["resources"]] == [("kaigo-1", "salon"), ("kaigo-2", "other"),
                                                                 ("kaigo-3", "other")]
    assert "「不明」は対応表にないため" in out.out


def test_the_national_kayoinoba_file_is_sent_to_its_own_command(project, tmp_path, capsys):
    from benchmarks import synthetic_kayoinoba

    path = synthetic_kayoinoba.write(tmp_path / "k.csv", 5)
    status, out = run(project, "import-csv", path, capsys=capsys)
    assert status == 2 and "import-kayoinoba で取り込んでください" in out.out
