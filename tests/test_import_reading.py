"""The shared reading layer (importers/reading.py): every encoding and form a municipality
publishes reads to the same rows, and every broken file is reported with its line."""

import io
import zipfile

import openpyxl
import pytest
from conftest import run_cli

from generator.importers.ledger import Ledger
from generator.importers.reading import MAX_CELL, ReadError, header_key, open_table

HEADER = ["名称", "住所", "緯度", "経度", "備考"]
ROWS = [["架空ふれあいの家", "東京都千代田区架空町1-1", "35.6941", "139.7530", "毎週（水）\n10時から"],
        ["架空「いこい」荘", "東京都千代田区架空町2-2", "", "", '"引用" と, カンマ'],
        ["＝全角の等号", "東京都千代田区架空町3-3", "35.6950", "139.7540", ""]]


def csv_text(rows, newline="\r\n") -> str:
    def cell(c):
        return '"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\n') else c
    return "".join(",".join(cell(c) for c in row) + newline for row in rows)


def read(path):
    ledger = Ledger(path.name)
    table = open_table(path, ledger, lambda keys: "名称" in keys)
    rows = list(table.rows)
    return ledger, table, rows


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_every_encoding_and_line_end_reads_to_the_same_rows(tmp_path, encoding, newline):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_text([HEADER, *ROWS], newline).encode(encoding))
    ledger, table, rows = read(path)
    assert table.header == HEADER
    assert [cells for _, cells in rows] == ROWS          # text as written, embedded newline kept
    assert [line for line, _ in rows] == [2, 4, 5]        # the record with a newline spans lines 2–3
    assert ledger.problems == []


def test_look_alike_characters_in_headers_are_matched():
    assert header_key("市区町村コ―ド") == header_key("市区町村コード")       # U+2015 for ー
    assert header_key("運営日（平日）－開始") == header_key("運営日(平日)-開始")
    assert header_key(" Ｎｏ ") == header_key("№") == header_key("NO") == "no"


def test_a_stray_quote_is_reported_with_its_line_and_the_rows_after_it_are_read(tmp_path):
    rows = [HEADER] + [[f"架空施設{i}", f"東京都千代田区架空町{i}", "35.69", "139.75", ""] for i in range(86)]
    text = csv_text(rows).replace("架空施設3,", '"架空施設3,', 1)   # on line 5, never closed
    path = tmp_path / "stray.csv"
    path.write_bytes(text.encode("utf-8"))
    ledger, _, read_rows = read(path)
    assert len(read_rows) == 85
    assert ledger.rows == 1 and ledger.reported == 1            # the broken row, counted and reported
    [problem] = ledger.problems
    assert problem.line == 5 and problem.code == "unclosed-quote" and "5〜87 行目" in problem.message
    assert [c[0] for _, c in read_rows][3] == "架空施設4"


def test_a_truncated_last_row_is_reported(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes((csv_text([HEADER, *ROWS]) + "架空最後の施設,東京都千代").encode("utf-8"))
    ledger, _, rows = read(path)
    assert len(rows) == 3
    [problem] = ledger.problems
    assert problem.line == 6 and problem.code == "truncated" and ledger.reported == 1


def test_a_last_row_cut_inside_quotes_is_reported(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes((csv_text([HEADER, *ROWS]) + '架空最後の施設,"東京都千代').encode("utf-8"))
    ledger, _, rows = read(path)
    assert len(rows) == 3 and [p.line for p in ledger.problems] == [6]


def test_a_short_row_is_reported_and_extra_cells_are_warned(tmp_path):
    path = tmp_path / "short.csv"
    path.write_bytes(csv_text([HEADER, ROWS[0], ["架空", "住所"], [*ROWS[2], "", "余分"]]).encode("utf-8"))
    ledger, _, rows = read(path)
    assert len(rows) == 2
    assert [(p.line, p.code, p.severity) for p in ledger.problems] == [(4, "short-row", "error"),
                                                                       (5, "extra-cells", "warning")]


def test_an_oversized_cell_stops_with_its_line(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(csv_text([HEADER, ROWS[0], ["x" * (MAX_CELL + 1), "", "", "", ""]]).encode("utf-8"))
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.line == 4 and "131,072" in info.value.message


def test_an_undecodable_file_stops_with_the_line_of_the_bad_bytes(tmp_path):
    path = tmp_path / "broken.csv"
    good = csv_text([HEADER, *ROWS]).encode("utf-8")
    path.write_bytes(good + "架空,".encode() + b"\xff\xfe\xfa\n")
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.line == 6


def test_formula_neutralisation_of_the_sites_csv_is_undone(tmp_path):
    path = tmp_path / "site.csv"
    path.write_bytes(csv_text([HEADER, ["'=cmd|' /C calc'!A0", "'+1", "35.69", "139.75", "'@x"],
                               ["'it''s", "x", "", "", ""]]).encode("utf-8"))
    _, _, rows = read(path)
    assert rows[0][1][0] == "=cmd|' /C calc'!A0" and rows[0][1][1] == "+1" and rows[0][1][4] == "@x"
    assert rows[1][1][0] == "'it''s"     # an apostrophe that was not a neutralisation stays


def test_title_rows_above_the_header_are_skipped(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_bytes(csv_text([["介護サービス事業所一覧（令和8年4月1日現在）"], [], HEADER, ROWS[0]]).encode("cp932"))
    _, table, rows = read(path)
    assert table.header_line == 3 and rows == [(4, ROWS[0])]


def test_excel_reads_like_the_csv(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["一覧"])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([float(c) if c.replace(".", "").isdigit() else c for c in row])
    sheet.append([])
    sheet.append(["架空の施設4", "東京都", 35.5, 139, None])
    book.save(tmp_path / "list.xlsx")
    ledger, table, rows = read(tmp_path / "list.xlsx")
    assert table.form == "Excel（.xlsx）シート「Sheet」" and table.header_line == 2
    numbers = [[repr(float(c)) if c.replace(".", "").isdigit() else c for c in row] for row in ROWS]
    assert [cells for _, cells in rows][:3] == numbers     # numbers as Excel holds them (139.753)
    assert rows[3] == (7, ["架空の施設4", "東京都", "35.5", "139", ""]) and ledger.blank == 1


def test_a_zip_holding_one_csv_is_read_and_old_excel_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("202606.csv", csv_text([HEADER, *ROWS]).encode("utf-8-sig"))
    (tmp_path / "202606.csv").write_bytes(buffer.getvalue())     # served as .csv, really a ZIP
    _, _, rows = read(tmp_path / "202606.csv")
    assert [c for _, c in rows] == ROWS
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ReadError, match=r"\.xls"):
        read(tmp_path / "old.xls")


@pytest.mark.parametrize("content,expected", [
    (lambda: csv_text([HEADER, ["x" * (MAX_CELL + 5), "", "", "", ""]]).encode(), "2: "),
    (lambda: csv_text([HEADER]).encode() + b"\x82\xa0\xff\xff\n", "2: "),
    (lambda: b"", "ファイルが空です"),
    (lambda: b"a,b\n1,2\n", "見出しの行が見つかりません"),
])
def test_broken_files_end_in_a_message_and_exit_code_2(project, tmp_path, capsys, content, expected):
    path = tmp_path / "broken.csv"
    path.write_bytes(content())
    before = sorted(p.relative_to(project) for p in (project / "content").rglob("*"))
    result = run_cli(capsys, "--root", project, "import-csv", path, "--municipality", "131016")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and expected in result.stdout
    assert sorted(p.relative_to(project) for p in (project / "content").rglob("*")) == before
