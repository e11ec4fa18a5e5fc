"""The column ledger (issue 21): every column of an imported file is mapped to a field, kept
on the resources as 「元の一覧の項目」 (source_fields), or dropped with a reason; printed after
the import, in --report, and checked by the importer before it writes. Kept values are text,
and never kept for a place whose address is hidden."""

import csv
import io
import json
import zipfile

import pytest
import yaml
from test_import import district, report, run, write_csv
from test_kayoinoba import national_row
from test_kayoinoba import run as run_kayoinoba
from test_kayoinoba import write as write_kayoinoba

from benchmarks import synthetic_kayoinoba
from generator.check.validate import forget_files, load_atlas
from generator.importers import kept
from generator.importers.ledger import AccountingError
from generator.model.build_model import build_resource

HOSTILE = "<script>alert(1)</script> **太字** {{ 7*7 }} [l](javascript:alert(2)) &lt;b&gt;"

# header, cells of the two rows, status, field or reason (part), kept values of row 1 and row 2
COLUMNS = [
    ("全国地方公共団体コード", ("131016", "131016"), "mapped", "code", None, None),
    ("名称", ("合成データ会館", "合成データ苑"), "mapped", "name", None, None),
    ("住所", ("東京都千代田区合成町1-1", "東京都千代田区合成町2-2"), "mapped", "address", None, None),
    ("緯度", ("35.69", ""), "mapped", "lat", None, None),
    ("経度", ("139.75", ""), "mapped", "lon", None, None),
    ("空の列", ("", " "), "dropped", "値がありません", None, None),
    ("開始時間", ("", ""), "dropped", "値がありません", None, None),          # a mapped column with nothing in it
    ("郵便番号", ("100-0001", ""), "kept", None, "100-0001", None),
    ("駐車場", ("あり", "なし"), "kept", None, "あり", "なし"),
    ("トイレ", ("多目的トイレ<br>オストメイト対応", ""), "kept", None, "多目的トイレ オストメイト対応", None),
    ("所在地_市区町村コード", ("131016", "131016"), "dropped", "「全国地方公共団体コード」列と同じ値です", None, None),
    ("管理者氏名", ("合成 太郎", "合成 花子"), "dropped", "個人の氏名", None, None),
    ("メモ", (HOSTILE, "（改行）前（改行）後"), "kept", None, HOSTILE.replace("&lt;b&gt;", "<b>"), "前 後"),
    ("定員", ("0", "20"), "kept", None, None, "20"),                         # 0 is "not given"
    ("利用料<br>（円）", ("100", ""), "kept", None, "100", None),            # the label on one line
]
LABELS = {"利用料<br>（円）": "利用料 （円）"}
HEADER = [c[0] for c in COLUMNS]


def _file(tmp_path, name="list.csv"):
    rows = [[c[1][n] for c in COLUMNS] for n in (0, 1)]
    return write_csv(tmp_path / name, HEADER, rows)


def _kept(resource) -> dict:
    return {f["label"]: f["value"] for f in resource.get("source_fields", [])}


@pytest.fixture
def imported(project, tmp_path, capsys):
    status, out = run(project, "import-csv", _file(tmp_path), "--as-of", "2026-10-01",
                      "--report", tmp_path / "r.json", capsys=capsys)
    assert status == 0, out.out
    data = report(tmp_path / "r.json")
    return project, out.out, data, {r["name"]: r for r in district(project, "list-131016")["resources"]}


def test_every_column_is_in_the_ledger_with_its_fate(imported):
    _, out, data, _ = imported
    columns = data["columns"]
    assert list(columns) == HEADER
    for header, cells, status, what, _, _ in COLUMNS:
        c = columns[header]
        assert set(c) == {"status", "field", "rows_with_value", "reason"}, header
        assert c["status"] == status, header
        assert c["rows_with_value"] == sum(1 for v in cells if v.strip()), header
        if status == "mapped":
            assert c["field"] == what and c["reason"] is None, header
        elif status == "dropped":
            assert what in c["reason"], header
        else:
            assert c["field"] is None, header
    # the short table after the import: one line per column
    table = out.split("列（→", 1)[1]
    assert "    名称 → name（2 行）" in table
    assert "    駐車場 → 残す（元の一覧の項目）（2 行）" in table
    assert "    空の列 → 使わない: 値がありません\n" in table
    assert "    管理者氏名 → 使わない: 個人の氏名のため載せません" in table
    assert sum(1 for line in table.splitlines() if " → " in line) == len(HEADER)


def test_kept_values_are_on_each_resource_as_text(imported):
    _, _, _, resources = imported
    assert _kept(resources["合成データ会館"]) == {LABELS.get(h, h): r1 for h, _, s, _, r1, _ in COLUMNS
                                            if s == "kept" and r1}
    assert _kept(resources["合成データ苑"]) == {LABELS.get(h, h): r2 for h, _, s, _, _, r2 in COLUMNS
                                          if s == "kept" and r2}
    # in the order of the file, and nothing of them went into the description
    assert [f["label"] for f in resources["合成データ会館"]["source_fields"]] == [
        "郵便番号", "駐車場", "トイレ", "メモ", "利用料 （円）"]
    assert "駐車場" not in resources["合成データ会館"].get("description", "")


@pytest.mark.parametrize("precision", ["approximate", "hidden"])
def test_private_places_keep_nothing(project, tmp_path, capsys, precision):
    mapping = tmp_path / "types.yaml"
    defaults = {"precision": precision, "category": "other", "target_states": ["genki"]}
    mapping.write_text(yaml.safe_dump({"defaults": defaults}), encoding="utf-8")
    status, out = run(project, "import-csv", _file(tmp_path), "--as-of", "2026-10-01", "--mapping", mapping,
                      "--report", tmp_path / "r.json", capsys=capsys)
    assert status == 0, out.out
    assert all("source_fields" not in r for r in district(project, "list-131016")["resources"])
    columns = report(tmp_path / "r.json")["columns"]
    for header in ("郵便番号", "駐車場", "トイレ", "メモ"):
        assert columns[header]["status"] == "dropped" and f"precision: {precision}" in columns[header]["reason"]


def test_a_column_forgotten_by_an_importer_stops_it_before_writing(project, tmp_path, monkeypatch):
    """The ledger's own check: a column with values that no one accounted for is a bug."""
    finish = kept.Keeper.finish

    def forgetful(self, resources):
        finish(self, resources)
        del self.ledger.columns[HEADER.index("駐車場")]

    monkeypatch.setattr(kept.Keeper, "finish", forgetful)
    with pytest.raises(AccountingError, match="駐車場"):
        run(project, "import-csv", _file(tmp_path), "--as-of", "2026-10-01")
    assert not (project / "content/districts/list-131016.yaml").exists()


def test_kayoinoba_keeps_extra_columns_for_organisations_only(project, tmp_path, capsys):
    header = [*synthetic_kayoinoba.HEADER, "駐車場"]
    rows = [national_row(1, corporate="社会福祉法人合成会", has_number="1") + ["あり"],
            national_row(2) + ["あり"]]                                   # a residents' place: maybe a home
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    path = tmp_path / "k.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    status, out, data = run_kayoinoba(project, path, capsys=capsys, report=tmp_path / "r.json")
    assert status == 0, out.out
    by_id = {r["id"]: r for r in district(project, "kayoinoba-372013")["resources"]}
    assert by_id["kayoi-1"]["source_fields"] == [{"label": "駐車場", "value": "あり"}]
    assert "source_fields" not in by_id["kayoi-2"]
    assert data["columns"]["駐車場"]["status"] == "kept" and "住民" in data["columns"]["駐車場"]["reason"]
    assert {c["status"] for c in data["columns"].values() if c["rows_with_value"]} == {"mapped", "kept"}
    assert data["columns"]["名称"] == {"status": "mapped", "field": "name", "rows_with_value": 2, "reason": None}


def test_the_plain_national_file_has_every_column_mapped(project, tmp_path, capsys):
    path = write_kayoinoba(tmp_path / "k.csv", [national_row(1, その他="送迎あり")])
    status, out, data = run_kayoinoba(project, path, capsys=capsys, report=tmp_path / "r.json")
    assert status == 0, out.out
    assert len(data["columns"]) == len(synthetic_kayoinoba.HEADER)
    assert {c["status"] for c in data["columns"].values() if c["rows_with_value"]} == {"mapped"}


@pytest.mark.parametrize("location, shown", [
    ({"lat": 35.69, "lon": 139.75, "precision": "exact"}, True), (None, True),
    ({"lat": 35.69, "lon": 139.75, "precision": "approximate"}, False), ({"precision": "hidden"}, False)])
def test_the_model_never_holds_kept_values_of_a_private_place(fixture_root, location, shown):
    """Defence in depth: even a file that validation would refuse shows nothing of them."""
    forget_files()
    atlas, _ = load_atlas(fixture_root)
    vocab = atlas.vocabularies
    data = {"id": "x", "name": "x", "category": "salon", "target_states": ["genki"], "last_verified": "2026-10-01",
            "source_fields": [{"label": "郵便番号", "value": "100-0001"}]}
    if location:
        data["location"] = location
    assert build_resource(data, vocab).source_fields == ((("郵便番号", "100-0001"),) if shown else ())


@pytest.mark.parametrize("precision", ["approximate", "hidden"])
def test_validate_refuses_kept_values_on_a_private_place(project, precision):
    path = project / "content/districts/sample-district.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    private = next(r for r in data["resources"] if r.get("location", {}).get("precision") == precision)
    private["source_fields"] = [{"label": "郵便番号", "value": "100-0001"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    forget_files()
    atlas, problems = load_atlas(project)
    assert atlas is None
    assert [p.code for p in problems if p.severity == "error"] == ["private-source-fields"]
    assert next(p.field for p in problems if p.code == "private-source-fields").endswith("source_fields")


def test_kept_values_are_shown_as_text_on_the_page_and_in_both_downloads(built_site):
    """The fixture's 健康麻雀 has two kept values, one of them hostile: they stay text."""
    page = (built_site / "districts/sample-district/index.html").read_text(encoding="utf-8")
    block = page.split('<details class="atlas-source-fields">', 1)[1].split("</details>", 1)[0]
    assert block.startswith("<summary>元の一覧の項目（2）</summary><dl><dt>駐車場</dt><dd>あり 10台</dd>")
    assert "<dt>備考&lt;b&gt;欄&lt;/b&gt;</dt>" in block
    assert ("<dd>&lt;b&gt;太字&lt;/b&gt; **強調** {{ 7*7 }} [l](javascript:alert(1)) "
            "&lt;script&gt;alert(2)&lt;/script&gt;</dd>") in block
    assert page.count('<details class="atlas-source-fields">') == 1   # the private places show none
    with zipfile.ZipFile(built_site / "downloads/all.zip") as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("all.csv").decode("utf-8-sig"))))
        features = json.loads(archive.read("all.geojson"))["features"]
    expected = ("駐車場: あり 10台\n備考<b>欄</b>: <b>太字</b> **強調** {{ 7*7 }} [l](javascript:alert(1)) "
                "<script>alert(2)</script>")
    [row] = [r for r in rows if r["ID"] == "sample-district/sample-kenko-mahjong"]
    assert row["元の一覧の項目"] == expected
    [feature] = [f for f in features if f["id"] == "sample-district/sample-kenko-mahjong"]
    assert feature["properties"]["元の一覧の項目"] == expected
    assert sum(1 for r in rows if r["元の一覧の項目"]) == 1
    # the rows the browser saves CSV and GeoJSON from (atlas-rows.js) carry the same text
    script = (built_site / "resources/m-131016.js").read_text(encoding="utf-8")
    assert "元の一覧の項目" in script and "javascript:alert(1)" in script and "<script>" not in script


@pytest.mark.parametrize("second_address, status", [("東京都千代田区合成町2-2", "dropped"), ("", "mapped")])
def test_address_parts_are_dropped_only_when_the_whole_address_is_on_every_row(project, tmp_path, capsys,
                                                                               second_address, status):
    header = ["全国地方公共団体コード", "名称", "所在地_連結表記", "所在地_町字", "所在地_番地以下"]
    rows = [["131016", "合成データ会館", "東京都千代田区合成町1-1", "合成町", "1-1"],
            ["131016", "合成データ苑", second_address, "合成町", "2-2"]]
    status_, out = run(project, "import-csv", write_csv(tmp_path / "parts.csv", header, rows), "--as-of", "2026-10-01",
                       "--report", tmp_path / "r.json", capsys=capsys)
    assert status_ == 0, out.out
    columns = report(tmp_path / "r.json")["columns"]
    assert [columns[h]["status"] for h in ("所在地_町字", "所在地_番地以下")] == [status, status]
    assert columns["所在地_連結表記"]["field"] == "address"
    if status == "dropped":
        assert "所在地_連結表記" in columns["所在地_町字"]["reason"]
    else:
        assert columns["所在地_町字"]["field"] == "address_parts"
