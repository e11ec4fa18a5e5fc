"""Honest dates (issue 21 A): an imported resource's last_verified is the data's own date —
--as-of, else the row's date column, else the date the file states (a title line above the
header, else its name) — and otherwise absent (「確認日不明」), never the day of the import.
The readers of dates (dates.py) are tested on tables of strings; the importers on small
files written here (CSV, Excel written by openpyxl)."""

import csv
import datetime as dt
import io
import json
from dataclasses import replace

import openpyxl
import pytest
from conftest import FIXTURE
from test_import import CHIYODA, KAIGO, district, row, run, write_csv

from generator.check.validate import load_atlas
from generator.importers import cells, dates
from generator.importers.cells import BadValue
from generator.model.freshness import district_freshness
from generator.render.editor_record import district_record
from generator.render.exports import resource_row, to_csv
from generator.render.pages import district_page

TODAY = dt.date(2026, 12, 6)

# a line → (the date it states, the words it was read from), or None
LINES = [
    ("令和6年2月1日現在", ("2024-02-01", "令和6年2月1日現在")),
    ("病院一覧（令和6年2月1日現在）", ("2024-02-01", "令和6年2月1日現在")),
    ("令和 02年05月01日", ("2020-05-01", "令和 02年05月01日")),
    ("令和元年5月1日時点", ("2019-05-01", "令和元年5月1日時点")),
    ("令和元年5月", ("2019-05-01", "令和元年5月")),
    ("R6.2.1", ("2024-02-01", "R6.2.1")),
    ("R 6.2.1", ("2024-02-01", "R 6.2.1")),
    ("H31.4.30", ("2019-04-30", "H31.4.30")),
    ("平成31年4月30日", ("2019-04-30", "平成31年4月30日")),
    ("S64.1.7", ("1989-01-07", "S64.1.7")),
    ("㋿6.2.1", ("2024-02-01", "令和6.2.1")),              # the era in one character (NFKC)
    ("2024年2月1日", ("2024-02-01", "2024年2月1日")),
    ("２０２４年２月１日現在", ("2024-02-01", "2024年2月1日現在")),  # full-width digits
    ("2024/2/1", ("2024-02-01", "2024/2/1")),
    ("2024-02-01", ("2024-02-01", "2024-02-01")),          # an Excel date cell above the header
    ("2024.02.01 更新", ("2024-02-01", "2024.02.01 更新")),
    ("2025年1月版", ("2025-01-01", "2025年1月版")),          # a month: its first day
    ("令和7年1月版 介護サービス事業所一覧", ("2025-01-01", "令和7年1月版")),
    ("2024年3月末現在", ("2024-03-31", "2024年3月末現在")),    # 「末」: its last day
    ("2024年2月29日", ("2024-02-29", "2024年2月29日")),
    # 「現在」「時点」 win over the other dates of the line, a date with its day over a month
    ("作成日 2023/1/5 令和6年2月1日現在", ("2024-02-01", "令和6年2月1日現在")),
    ("2023年4月1日開設 2024年2月1日時点", ("2024-02-01", "2024年2月1日時点")),
    ("更新日：2024/3/1 参考 2024/2/1", ("2024-03-01", "2024/3/1")),
    ("2025年1月 2024年12月20日", ("2024-12-20", "2024年12月20日")),
    # dates that cannot be, and what is no date
    ("令和元年4月30日", None),       # before 令和
    ("平成31年5月1日", None),        # after 平成
    ("S64.1.8", None),
    ("令和0年5月1日", None),
    ("2023年2月29日", None),
    ("2024年13月1日", None),
    ("2027年1月1日現在", None),       # after today
    ("令和9年1月1日", None),
    ("1899年12月31日", None),
    ("令和6年度", None),             # a fiscal year names no day
    ("電話 0833-43-8000", None),
    ("介護サービス事業所一覧", None),
    ("", None),
]


@pytest.mark.parametrize("line,expected", LINES)
def test_a_line_states_its_date(line, expected):
    found = dates.in_text(line, TODAY)
    assert (found and (found[0].isoformat(), found[1])) == expected


# a cell → the date it is (with its day), or None
CELLS = [
    ("令和 02年05月01日", "2020-05-01"), ("令和6年2月1日", "2024-02-01"), ("R6.2.1", "2024-02-01"),
    ("2024/2/1", "2024-02-01"), ("2024-02-01", "2024-02-01"), ("2024-02-01 10:30", "2024-02-01"),
    ("2024-02-01T00:00:00", "2024-02-01"), ("２０２４年２月１日", "2024-02-01"), ("2024年2月1日(木)", "2024-02-01"),
    ("2027-01-01", "2027-01-01"),  # a row's own date after today is kept (validate warns)
    ("令和元年4月30日", None), ("2024-02-30", None), ("2024年2月", None), ("2024年2月1日現在", None),
    ("2024/2/1 ほか", None), ("不明", None), ("45323", None),
]


@pytest.mark.parametrize("cell,expected", CELLS)
def test_a_cell_is_a_date(cell, expected):
    assert dates.of_cell(cell) == expected
    if expected is None:
        with pytest.raises(BadValue):
            cells.date_of(cell)
    else:
        assert cells.date_of(cell) == expected


# (title lines above the header, file name) → (date, where, text) or None
FILES = [
    (["令和6年2月1日現在"], "list.csv", ("2024-02-01", "title", "令和6年2月1日現在")),
    (["介護サービス事業所一覧", "令和6年2月1日現在"], "list_20230101.csv", ("2024-02-01", "title", "令和6年2月1日現在")),
    (["2023年4月1日作成の一覧", "令和6年2月1日現在"], "list.csv", ("2024-02-01", "title", "令和6年2月1日現在")),
    (["介護サービス事業所一覧"], "kaigo_20240201.csv", ("2024-02-01", "name", "kaigo_20240201.csv")),
    ([], "kaigo_R060201.xlsx", ("2024-02-01", "name", "kaigo_R060201.xlsx")),
    ([], "kaigo_2024-02-01.csv", ("2024-02-01", "name", "kaigo_2024-02-01.csv")),
    ([], "一覧（令和6年2月1日現在）.csv", ("2024-02-01", "name", "一覧（令和6年2月1日現在）.csv")),
    ([], "372013_kaigo.csv", None),               # a municipality code is no date
    ([], "202011_list.csv", None),                 # nor six digits (長野市 is 202011)
    ([], "kaigo_20241399.csv", None),
    ([], "kaigo_20270101.csv", None),              # after today
    (["介護サービス事業所一覧"], "list.csv", None),
]


@pytest.mark.parametrize("preamble,name,expected", FILES)
def test_a_file_states_its_date(preamble, name, expected):
    found = dates.of_file(preamble, name, TODAY)
    assert (found and (found.date, found.where, found.text)) == expected
    if found:
        assert found.text in found.source


# -- the importers ---------------------------------------------------------------------------

def _csv_with_title(path, title_lines, header, rows):
    """A CSV with title lines above the header (as 「令和6年2月1日現在」 publishers write)."""
    write_csv(path, header, rows)
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(("".join(f"{t}\r\n" for t in title_lines) + text).encode("utf-8-sig"))
    return path


def _kaigo_rows(n=2):
    return [row(KAIGO, no=str(i), **{"介護サービス事業所名称": f"合成データ事業所{i}", "実施サービス": "通所介護",
                                   "住所": f"東京都千代田区合成町{i}-1"}) for i in range(1, n + 1)]


def test_a_title_line_gives_the_date_and_the_summary_says_so(project, tmp_path, capsys):
    path = _csv_with_title(tmp_path / "kaigo.csv", ["介護サービス事業所一覧", "令和6年2月1日現在"], KAIGO, _kaigo_rows())
    status, out = run(project, "import-csv", path, capsys=capsys)
    assert status == 0, out.out
    d = district(project, f"kaigo-{CHIYODA['code']}")
    assert [r["last_verified"] for r in d["resources"]] == ["2024-02-01", "2024-02-01"]
    assert d["last_reviewed"] == "2024-02-01"
    assert "最終確認日: 2024-02-01（ファイルの表題「令和6年2月1日現在」から）" in out.out


def test_a_file_with_no_date_leaves_the_date_unknown(project, tmp_path, capsys):
    path = write_csv(tmp_path / "kaigo.csv", KAIGO, _kaigo_rows())
    status, out = run(project, "import-csv", path, "--report", tmp_path / "r.json", capsys=capsys)
    assert status == 0, out.out
    d = district(project, f"kaigo-{CHIYODA['code']}")
    assert all("last_verified" not in r for r in d["resources"]) and "last_reviewed" not in d
    assert "最終確認日: 不明（ファイルに日付がありません。--as-of で指定できます）" in out.out
    assert dt.date.today().isoformat() not in out.out
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["imported"] == 2


def test_the_file_name_gives_the_date_when_the_title_does_not(project, tmp_path, capsys):
    path = write_csv(tmp_path / "kaigo_20240201.csv", KAIGO, _kaigo_rows())
    status, out = run(project, "import-csv", path, "--id", "kaigo-name", capsys=capsys)
    assert status == 0, out.out
    assert {r["last_verified"] for r in district(project, "kaigo-name")["resources"]} == {"2024-02-01"}
    assert "最終確認日: 2024-02-01（ファイル名「kaigo_20240201.csv」から）" in out.out


# (the row's 更新日 cell, --as-of) → last_verified, in a file whose title says 令和6年3月1日現在
ROW_DATES = [
    ("令和6年2月1日", None, "2024-02-01"),        # 和暦 in the column
    ("令和 02年05月01日", None, "2020-05-01"),
    ("2024/1/15", None, "2024-01-15"),
    ("", None, "2024-03-01"),                     # no date of its own: the file's
    ("不明", None, "2024-03-01"),                  # not a date: the file's, with a warning
    ("令和6年2月1日", "2025-04-01", "2025-04-01"),  # --as-of says so for every row
]


@pytest.mark.parametrize("cell,as_of,expected", ROW_DATES)
def test_the_rows_date_column_then_the_files_date(project, tmp_path, capsys, cell, as_of, expected):
    header = KAIGO + ["更新日"]
    rows = [r + [cell] for r in _kaigo_rows(1)]
    path = _csv_with_title(tmp_path / "kaigo.csv", ["令和6年3月1日現在"], header, rows)
    status, out = run(project, "import-csv", path, "--report", tmp_path / "r.json",
                      *(["--as-of", as_of] if as_of else []), capsys=capsys)
    assert status == 0, out.out
    [resource] = district(project, f"kaigo-{CHIYODA['code']}")["resources"]
    assert resource["last_verified"] == expected
    warnings = [p["message"] for p in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["problems"]
                if p["code"] == "date"]
    assert warnings == (["更新日「不明」は日付ではないため、2024-03-01 にしました"] if cell == "不明" else [])


def _workbook(path, title: list[str], header: list[str], rows: list[list]):
    wb = openpyxl.Workbook()
    ws = wb.active
    for t in title:
        ws.append([t])
    ws.append(header)
    for r in rows:
        ws.append(r)
    for cells_ in ws.iter_rows():
        for c in cells_:
            if isinstance(c.value, dt.date):
                c.number_format = "yyyy/m/d"   # a real Excel date: a serial number with a date format
    wb.save(path)
    return path


def test_excel_title_row_wareki_cells_and_date_cells(project, tmp_path, capsys):
    header = ["名称", "住所", "種別", "更新日"]
    rows = [["合成データサロン1", "東京都千代田区合成町1-1", "サロン", "令和 06年02月01日"],
            ["合成データサロン2", "東京都千代田区合成町2-1", "サロン", dt.datetime(2024, 1, 15)],
            ["合成データサロン3", "東京都千代田区合成町3-1", "サロン", "R5.12.1"],
            ["合成データサロン4", "東京都千代田区合成町4-1", "サロン", None]]
    path = _workbook(tmp_path / "salon.xlsx", ["サロン一覧", "令和6年3月1日時点"], header, rows)
    status, out = run(project, "import-csv", path, "--municipality", CHIYODA["code"], "--id", "salon-excel",
                      capsys=capsys)
    assert status == 0, out.out
    d = district(project, "salon-excel")
    assert [r["last_verified"] for r in d["resources"]] == ["2024-02-01", "2024-01-15", "2023-12-01", "2024-03-01"]
    assert d["last_reviewed"] == "2024-03-01"
    assert "最終確認日: 3 行は「更新日」の列から、日付のないほかの 1 行は 2024-03-01" \
           "（ファイルの表題「令和6年3月1日時点」から）。" in out.out


def test_an_excel_date_cell_in_the_title_row(project, tmp_path, capsys):
    path = _workbook(tmp_path / "salon.xlsx", [], ["名称", "住所"], [["合成データサロン", "東京都千代田区合成町1-1"]])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.insert_rows(1)
    ws["A1"], ws["B1"] = "時点", dt.datetime(2024, 2, 1)
    ws["B1"].number_format = "ggge年m月d日"
    wb.save(path)
    status, out = run(project, "import-csv", path, "--municipality", CHIYODA["code"], "--id", "salon-cell",
                      capsys=capsys)
    assert status == 0, out.out
    assert district(project, "salon-cell")["resources"][0]["last_verified"] == "2024-02-01"


def test_no_importer_writes_the_day_of_the_import(project, tmp_path, capsys):
    """Each importer, on a file that states no date: today's date appears in no written file
    (the fixture's own files may hold any date: only the imported ones are read)."""
    today = dt.date.today().isoformat()
    before = {p.name for p in (project / "content" / "districts").glob("*.yaml")}
    kaigo = write_csv(tmp_path / "kaigo.csv", KAIGO, _kaigo_rows())
    excel = _workbook(tmp_path / "salon.xlsx", ["サロン一覧"], ["名称", "住所", "更新日"],
                      [["合成データサロン", "東京都千代田区合成町1-1", ""]])
    atlas = tmp_path / "atlas.csv"   # the site's own CSV, its 最終確認日 blank
    site, _ = load_atlas(project)
    exported = to_csv(site, [d for d in site.districts if d.id == "sample-district"]).decode("utf-8-sig")
    lines = exported.split("\r\n")
    column = lines[0].split(",").index("最終確認日")
    assert column > 0
    blanked = [lines[0]] + [_blank(line, column) for line in lines[1:] if line]
    atlas.write_bytes(("\r\n".join(blanked) + "\r\n").encode("utf-8-sig"))
    for args in (["import-csv", kaigo], ["import-csv", excel, "--municipality", CHIYODA["code"]],
                 ["import-csv", atlas, "--id", "atlas-again"]):
        status, out = run(project, *args, capsys=capsys)
        assert status == 0, out.out
        assert today not in out.out and "最終確認日: 不明（ファイルに日付がありません。--as-of で指定できます）。" in out.out
    written = [p for p in (project / "content" / "districts").glob("*.yaml") if p.name not in before]
    assert len(written) == 3
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert today not in text and "last_verified" not in text, path.name
    again = district(project, "atlas-again")
    assert again["resources"] and "last_reviewed" not in again


def _blank(line: str, column: int) -> str:
    """A CSV line with its `column`-th cell emptied."""
    cells_ = next(csv.reader(io.StringIO(line)))
    cells_[column] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells_)
    return out.getvalue()


# -- what the site shows ---------------------------------------------------------------------

def test_the_site_shows_an_unknown_date_as_unknown_never_as_fresh():
    """A resource without last_verified: 「確認日不明」 in its row, counted apart in 「情報の新しさ」
    (neither current nor stale), an empty 最終確認日 cell in the downloads (the same rows feed
    the browser's CSV/GeoJSON, atlas-rows.js); a district without last_reviewed: 「不明」."""
    atlas, problems = load_atlas(FIXTURE)
    assert atlas is not None, problems
    sample = next(d for d in atlas.districts if d.id == "sample-district")
    assert len(sample.resources) > 4 and all(r.last_verified for r in sample.resources)
    resources = [replace(r, last_verified="") if n % 3 == 0 else r for n, r in enumerate(sample.resources)]
    unknown = {r.id for r in resources if not r.last_verified}
    district = replace(sample, last_reviewed="", resources=resources)
    today = dt.date(2026, 12, 6)
    before = district_freshness(sample, 12, today)
    after = district_freshness(district, 12, today)
    assert after.unknown_ids == unknown and not after.stale_ids & unknown
    assert after.current + len(after.stale_ids) + len(unknown) == after.total == len(resources)
    assert after.current == before.current - len(unknown - before.stale_ids)
    page = district_page(district, atlas)
    assert page.count('<span class="atlas-unknown-date">確認日不明</span>') == len(unknown)
    assert f"（ほかに確認日不明 {len(unknown)} 件）" in page
    assert "<dt>最終見直し</dt><dd>不明</dd>" in page
    assert "確認日不明" not in district_page(sample, atlas)
    for r in resources:
        assert resource_row(district, r)["最終確認日"] == (r.last_verified or "")
    record = district_record(district)
    assert "last_reviewed" not in record
    assert {r["id"] for r in record["resources"] if "last_verified" not in r} == unknown
