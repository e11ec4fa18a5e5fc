"""import-kayoinoba: MHLW's national 通いの場 file (38 columns, as published) → one district
per municipality, every row accounted for, residents' homes never published, the next
edition updating the same records."""

import csv
import io
import json

import pytest

from benchmarks import synthetic_kayoinoba
from generator.check.load import load_file
from generator.check.validate import load_atlas
from generator.cli import cmd_build, main
from generator.model import municipalities
from generator.model.privacy import approximate_address
from generator.model.schedule import schedule_ja

H = synthetic_kayoinoba.HEADER


def national_row(no, code="372013", name="合成データ体操の会", corporate="", has_number="0", lat="34.3428",
                 lon="134.0466", **cells) -> list[str]:
    m = municipalities.load().get(code, None)
    values = dict.fromkeys(H, "")
    values.update({"No": str(no), "都道府県コード": code[:2], "都道府県名": m.prefecture if m else "",
                   "市区町村コード": code, "市区町村名": m.name if m else "", "名称": name,
                   "所在地（都道府県から番地まで）": "香川県高松市扇町一丁目2-31", "法人番号の有無": has_number,
                   "法人名称": corporate, "緯度": lat, "経度": lon})
    values.update(cells)
    return [values[h] for h in H]


def write(path, rows, bom=True):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([H, *rows])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig" if bom else "utf-8"))
    return path


def run(project, path, *args, capsys, report=None):
    extra = ["--report", str(report)] if report else []
    status = main(["--root", str(project), "import-kayoinoba", str(path), "--as-of", "2026-06-30", *args, *extra])
    out = capsys.readouterr()
    data = None
    if report:
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["rows"] == data["imported"] + data["reported"]
    return status, out, data


def district(project, ident) -> dict:
    doc, problems = load_file(project / "content/districts" / f"{ident}.yaml", project)
    assert problems == []
    return doc.data


def test_the_national_file_becomes_one_valid_district_per_municipality_and_builds(project, tmp_path, capsys,
                                                                                   monkeypatch):
    pool = [m for m in synthetic_kayoinoba.municipality_pool() if m.prefecture in ("香川県", "鳥取県")]
    path = synthetic_kayoinoba.write(tmp_path / "202606.csv", 1200, seed=3, pool=pool)
    status, out, data = run(project, path, capsys=capsys, report=tmp_path / "r.json")
    assert status == 0, out.out + out.err
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert data["rows"] == len(rows) == 1200
    # every reported row names its line; 休止 rows are the only rows left out
    refused = [p for p in data["problems"] if p["severity"] == "error"]
    assert len(refused) == data["reported"] == sum(r["ステータス"] == "休止" for r in rows) > 0
    assert all(p["line"] for p in refused)
    codes = {municipalities.load()[r["市区町村コード"]].code if len(r["市区町村コード"]) == 6 else None for r in rows}
    expected = sorted(f"content/districts/kayoinoba-{c}.yaml" for c in codes if c)
    assert sorted(data["files"]) == expected and len(expected) > 10
    # 0,0 and far points are reported on their lines and imported without a point
    zero = [i + 2 for i, r in enumerate(rows) if r["緯度"] == "0"]
    assert zero and all(any(p["line"] == n and "0,0" in p["message"] for p in data["problems"]) for n in zero)
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems[:10]]
    imported = [r for d in atlas.districts if d.id.startswith("kayoinoba-") for r in d.resources]
    assert len(imported) == data["imported"]
    assert sum(1 for r in imported if r.schedule and r.schedule.rules) > 0.8 * len(imported)
    assert all(r.address for r in imported)
    assert not any("（改行）" in (r.description + r.name + (r.schedule.notes if r.schedule else ""))
                   for r in imported)
    monkeypatch.setenv("ATLAS_PDF", "0")
    assert cmd_build(project, tmp_path / "site") == 0
    page = (tmp_path / "site/districts" / f"kayoinoba-{pool[0].code}/index.html").read_text(encoding="utf-8")
    assert f"{pool[0].name}の通いの場" in page


def test_residents_places_never_show_a_home_address_or_number(project, tmp_path, capsys):
    home = "香川県高松市扇町一丁目2-31 合成データ様方"
    rows = [
        national_row(1, name="合成データ自宅サロン", 電話番号="087-000-0001",
                     **{"所在地（都道府県から番地まで）": "香川県高松市扇町一丁目2-31",
                        "所在地（建物名・部屋番号等）": "合成データ様方"}),
        national_row(2, name="合成データ法人の体操", corporate="合成データ社会福祉法人やまびこ会", has_number="1",
                     電話番号="087-000-0002", lat="34.34567", lon="134.04321"),
        national_row(3, name="合成データ自治会の集い", corporate="合成データ自治会", has_number="0"),
        national_row(4, name="合成データ法人の携帯", corporate="合成データ株式会社", has_number="1",
                     電話番号="090-0000-0000"),
    ]
    status, out, _data = run(project, write(tmp_path / "k.csv", rows), capsys=capsys, report=tmp_path / "r.json")
    assert status == 0, out.out
    got = {r["name"]: r for r in district(project, "kayoinoba-372013")["resources"]}
    salon = got["合成データ自宅サロン"]
    assert salon["address"] == approximate_address(home) == "香川県高松市扇町一丁目"
    assert salon["location"] == {"lat": 34.34, "lon": 134.05, "precision": "approximate"}
    assert "contact" not in salon and salon["operator_type"] == "residents"
    assert got["合成データ自治会の集い"]["location"]["precision"] == "approximate"       # 法人番号の有無 = 0
    corp = got["合成データ法人の体操"]
    assert corp["address"] == "香川県高松市扇町一丁目2-31"
    assert corp["location"] == {"lat": 34.34567, "lon": 134.04321, "precision": "exact"}
    assert corp["contact"] == {"organisation": "合成データ社会福祉法人やまびこ会", "phone": "087-000-0002"}
    assert corp["operator_type"] == "social-welfare-corp"
    assert got["合成データ法人の携帯"]["contact"] == {"organisation": "合成データ株式会社"}
    text = (project / "content/districts/kayoinoba-372013.yaml").read_text(encoding="utf-8")
    assert "様方" not in text and "087-000-0001" not in text
    assert text.count("扇町一丁目2-31") == 2                               # the two 法人 only


def test_the_privacy_model_holds_for_every_imported_place(project, tmp_path, capsys):
    pool = [m for m in synthetic_kayoinoba.municipality_pool() if m.prefecture == "香川県"]
    path = synthetic_kayoinoba.write(tmp_path / "k.csv", 400, seed=5, pool=pool)
    status, _out, _ = run(project, path, capsys=capsys)
    assert status == 0
    seen = 0
    for file in (project / "content/districts").glob("kayoinoba-*.yaml"):
        for r in district(project, file.stem)["resources"]:
            precision = r.get("location", {}).get("precision")
            if r["operator_type"] == "residents":
                seen += 1
                assert precision in (None, "approximate") and "contact" not in r
                assert r.get("address", "") == approximate_address(r.get("address", ""))
                assert "様方" not in r.get("address", "")
            if precision == "approximate":
                assert (round(r["location"]["lat"], 2), round(r["location"]["lon"], 2)) == \
                    (r["location"]["lat"], r["location"]["lon"])
            assert precision != "hidden" or "address" not in r
    assert seen > 100


def test_cells_are_read_as_published(project, tmp_path, capsys):
    rows = [
        national_row(1, 活動内容="体操（改行）茶話会", **{
            "運営日（平日）－開始": "１０：００", "運営日（平日）－終了": "１１：３０", "運営日（祝日）－開始": "10:00",
            "運営日（祝日）－終了": "11:30", "定休日": "土日", "料金体系": "無料", "送迎の有無": "1",
            "飲食の提供の有無": "0"}),
        national_row(2, **{"運営日（平日）－開始": "10時30分", "運営日（平日）－終了": "12時",
                           "運営日（土曜）－開始": "10時30分", "運営日（土曜）－終了": "12時", "定休日": "月曜日"}),
        national_row(3, lat="0", lon="0", **{"運営日（日曜）－開始": "午前中"}),
        national_row(4, lat="26.2124", lon="127.6792"),
        national_row(5, ステータス="休止中"),
        national_row(6, code="999999", 市区町村名="合成データ村"),
        national_row(7, name=""),
        national_row(8, code="37201", name="合成データ5桁のコード"),
        national_row(9, name="合成データ<script>alert(1)</script>{{ 7*7 }}\u202e\x00", 活動内容="=cmd|' /C calc'!A0"),
    ]
    status, out, data = run(project, write(tmp_path / "k.csv", rows, bom=False), capsys=capsys,
                            report=tmp_path / "r.json")
    assert status == 0, out.out
    assert (data["rows"], data["imported"], data["reported"]) == (9, 6, 3)
    by_line = {}
    for p in data["problems"]:
        by_line.setdefault(p["line"], []).append(p["message"])
    assert any("休止中" in m for m in by_line[6]) and any("999999" in m for m in by_line[7])
    assert any("名称が空" in m for m in by_line[8])
    assert any("0,0" in m for m in by_line[4]) and any("午前中" in m for m in by_line[4])
    assert any("km 離れて" in m for m in by_line[5])
    got = {r["id"]: r for r in district(project, "kayoinoba-372013")["resources"]}
    assert list(got) == ["kayoi-1", "kayoi-2", "kayoi-3", "kayoi-4", "kayoi-8", "kayoi-9"]
    assert got["kayoi-9"]["name"] == "合成データ<script>alert(1)</script>{{ 7*7 }}"        # as text, controls out
    assert got["kayoi-9"]["description"] == "=cmd|' /C calc'!A0" and any("制御文字" in m for m in by_line[10])
    one = got["kayoi-1"]
    assert one["description"].startswith("体操\n茶話会\n") and "料金：無料" in one["description"]
    assert "送迎：あり" in one["description"] and "飲食の提供：なし" in one["description"]
    assert one["activity_types"] == ["exercise", "tea"]
    assert [schedule_ja(r) for r in one["schedule"]["rules"]] == ["毎週 月・火・水・木・金曜 10:00〜11:30"]
    assert one["schedule"]["text"] == "平日 １０：００〜１１：３０／祝日 10:00〜11:30"   # as written
    assert one["schedule"]["notes"] == "祝日 10:00〜11:30。定休日：土日"
    two = got["kayoi-2"]    # 平日 and 土曜 share hours: one rule, less the 定休日 Monday
    assert [schedule_ja(r) for r in two["schedule"]["rules"]] == ["毎週 火・水・木・金・土曜 10:30〜12:00"]
    assert "location" not in got["kayoi-3"] and "location" not in got["kayoi-4"]
    assert got["kayoi-3"]["schedule"] == {"text": "日曜 午前中〜"}


def test_municipality_and_prefecture_select_rows_and_the_rest_is_reported(project, tmp_path, capsys):
    rows = [national_row(1), national_row(2, code="011002", lat="43.06", lon="141.35"),
            national_row(3, code="012025", lat="41.77", lon="140.73"), national_row(4, code="372021", lat="34.3",
                                                                                    lon="133.8")]
    path = write(tmp_path / "k.csv", rows)
    status, out, data = run(project, path, "--municipality", "372013,11002", capsys=capsys,
                            report=tmp_path / "r.json")
    assert status == 0
    assert sorted(data["files"]) == ["content/districts/kayoinoba-011002.yaml", "content/districts/kayoinoba-372013.yaml"]
    assert data["reported"] == 2 and any("選んだ以外" in p["message"] and p["line"] == 4 for p in data["problems"])
    status, out, data = run(project, path, "--prefecture", "01", capsys=capsys, report=tmp_path / "r.json")
    assert status == 2 and "kayoinoba-011002.yaml はもうあります" in out.out      # no --force
    status, out, data = run(project, path, "--prefecture", "1", "--force", capsys=capsys, report=tmp_path / "r.json")
    assert status == 0 and sorted(data["files"]) == ["content/districts/kayoinoba-011002.yaml",
                                                     "content/districts/kayoinoba-012025.yaml"]
    status, out, _ = run(project, path, "--prefecture", "99", capsys=capsys)
    assert status == 2 and "都道府県コードではありません" in out.out


def test_a_prefecture_file_gives_one_district_per_city(project, tmp_path, capsys):
    osaka = [m for m in synthetic_kayoinoba.municipality_pool() if m.prefecture == "大阪府"][:5]
    rows = [national_row(i, code=m.code, lat=f"{m.lat:.4f}", lon=f"{m.lon:.4f}", name=f"合成データ{m.name}の会")
            for i, m in enumerate(osaka, start=1)]
    status, _out, _data = run(project, write(tmp_path / "osaka.csv", rows), capsys=capsys, report=tmp_path / "r.json")
    assert status == 0
    for m in osaka:
        d = district(project, f"kayoinoba-{m.code}")
        assert d["name"] == f"{m.name}の通いの場" and [r["name"] for r in d["resources"]] == [f"合成データ{m.name}の会"]


def test_the_next_edition_updates_the_same_ids_and_reports_what_changed(project, tmp_path, capsys):
    first = [national_row(1, name="合成データA"), national_row(2, name="合成データB"), national_row(3, name="合成データC"),
             national_row(4, code="372021", lat="34.3", lon="133.8", name="合成データ丸亀")]
    run(project, write(tmp_path / "202512.csv", first), capsys=capsys)
    before = (project / "content/districts/kayoinoba-372013.yaml").read_bytes()
    second = [national_row(1, name="合成データA"), national_row(3, name="合成データC（改称）"),
              national_row(9, name="合成データD")]
    path = write(tmp_path / "202606.csv", second)
    status, out, _ = run(project, path, capsys=capsys)
    assert status == 2 and (project / "content/districts/kayoinoba-372013.yaml").read_bytes() == before
    status, out, data = run(project, path, "--force", capsys=capsys, report=tmp_path / "r.json")
    assert status == 0, out.out
    assert data["changes"] == {"kayoinoba-372013": {"added": ["kayoi-9"], "removed": ["kayoi-2"],
                                                    "changed": ["kayoi-3"]}}
    assert [r["name"] for r in district(project, "kayoinoba-372013")["resources"]] == \
        ["合成データA", "合成データC（改称）", "合成データD"]
    # 丸亀市 has no rows in this edition: its file stays, and the report says so
    assert (project / "content/districts/kayoinoba-372021.yaml").exists()
    assert "kayoinoba-372021.yaml: この市区町村の行がファイルにないため、そのままにしました" in out.out


def test_a_broken_national_file_reports_the_line(project, tmp_path, capsys):
    rows = [national_row(i, name=f"合成データ{i}") for i in range(1, 30)]
    path = write(tmp_path / "k.csv", rows)
    text = path.read_bytes().decode("utf-8-sig").replace("合成データ5,", '"合成データ5,', 1)
    path.write_bytes(text.encode("utf-8"))
    status, _out, data = run(project, path, capsys=capsys, report=tmp_path / "r.json")
    assert status == 0
    assert (data["rows"], data["imported"], data["reported"]) == (29, 28, 1)
    assert [p["line"] for p in data["problems"] if p["severity"] == "error"] == [6]


@pytest.mark.parametrize("header", [["No", "名称"], ["市区町村コード", "所在地"]])
def test_a_file_without_the_needed_columns_is_refused(project, tmp_path, capsys, header):
    path = tmp_path / "other.csv"
    path.write_text(",".join(header) + "\n1,x\n", encoding="utf-8")
    status, out, _ = run(project, path, capsys=capsys)
    assert status == 2 and "Traceback" not in out.out + out.err


def test_look_alike_header_characters_and_excel_stripped_codes(project, tmp_path, capsys):
    header = [h.replace("コード", "コ―ド").replace("（", "(").replace("）", ")").replace("－", "-") for h in H]
    rows = [national_row(1, code="11002", lat="43.06", lon="141.35", **{"運営日（平日）－開始": "9:30"})]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path = tmp_path / "k.csv"
    path.write_bytes(buffer.getvalue().encode("cp932"))
    status, out, _ = run(project, path, capsys=capsys)
    assert status == 0, out.out
    [resource] = district(project, "kayoinoba-011002")["resources"]
    assert resource["schedule"]["rules"] == [{"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR"],
                                              "opens": "09:30"}]


def test_a_large_municipality_is_written_in_parts_that_an_update_regroups(project, tmp_path, capsys, monkeypatch):
    from generator.importers import run as import_run

    path = write(tmp_path / "k.csv", [national_row(i, name=f"合成データ{i}") for i in range(1, 6)])
    monkeypatch.setattr(import_run, "RESOURCES_PER_FILE", 2)
    status, _out, data = run(project, path, capsys=capsys, report=tmp_path / "r.json")
    assert status == 0 and set(data["files"]) == {f"content/districts/kayoinoba-372013{s}.yaml"
                                                  for s in ("", "-2", "-3")}
    assert district(project, "kayoinoba-372013-2")["name"] == "高松市の通いの場（2）"
    monkeypatch.setattr(import_run, "RESOURCES_PER_FILE", 3)
    status, _out, data = run(project, path, "--force", capsys=capsys, report=tmp_path / "r.json")
    assert status == 0
    assert not (project / "content/districts/kayoinoba-372013-3.yaml").exists()      # its places moved
    assert data["changes"] == {"kayoinoba-372013": {"added": [], "removed": [], "changed": []}}
    ids = [r["id"] for n in ("", "-2") for r in district(project, f"kayoinoba-372013{n}")["resources"]]
    assert ids == [f"kayoi-{i}" for i in range(1, 6)]
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]


def test_parts_also_keep_each_file_under_the_size_limit(project, tmp_path, capsys, monkeypatch):
    from generator.importers import run as import_run

    monkeypatch.setattr(import_run, "PART_BYTES", 3000)
    long = "合成データの説明" * 60
    path = write(tmp_path / "k.csv", [national_row(i, name=f"合成データ{i}", その他=long) for i in range(1, 5)])
    status, _out, data = run(project, path, capsys=capsys, report=tmp_path / "r.json")
    assert status == 0 and len(data["files"]) == 4


@pytest.mark.parametrize(("closed", "byday"), [
    ("月曜日", ["TU", "WE", "TH", "FR"]),
    ("月曜（祝日の場合は翌日）", ["TU", "WE", "TH", "FR"]),     # the exception stays in the notes
    ("水・金、年末年始", ["MO", "TU", "TH"]),
    ("第2月曜", ["MO", "TU", "WE", "TH", "FR"]),                 # no weekly form: notes only
    ("なし", ["MO", "TU", "WE", "TH", "FR"]),
])
def test_the_closed_days_spellings_leave_the_weekday_rule(project, tmp_path, capsys, closed, byday):
    rows = [national_row(1, **{"運営日（平日）－開始": "10:00", "運営日（平日）－終了": "11:30", "定休日": closed})]
    status, out, _ = run(project, write(tmp_path / "k.csv", rows), capsys=capsys, report=tmp_path / "r.json")
    assert status == 0, out.out
    [one] = district(project, "kayoinoba-372013")["resources"]
    assert one["schedule"]["rules"] == [{"freq": "weekly", "byday": byday, "opens": "10:00", "closes": "11:30"}]
    assert one["schedule"]["notes"] == f"定休日：{closed}"
