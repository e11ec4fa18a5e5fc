"""MHLW 通いの場 open-data CSV → resource records with schedules, in Shift_JIS and UTF-8."""

import subprocess
import sys

import pytest

from generator.schedule import schedule_ja
from generator.validate import load_atlas

HEADER = ["No", "都道府県コード", "都道府県名", "市区町村コード", "市区町村名", "名称", "名称（ふりがな）",
          "郵便番号", "所在地", "建物名", "電話番号", "対象者", "活動内容",
          "平日開始時間", "平日終了時間", "土曜開始時間", "土曜終了時間", "日曜開始時間", "日曜終了時間",
          "祝日開始時間", "祝日終了時間", "定休日", "定員", "料金体系", "飲食の提供の有無", "飲食持ち込みの可否",
          "送迎の有無", "対象エリア", "総合事業実施の有無", "法人番号", "法人名称", "ステータス", "緯度", "経度", "備考"]


def row(no, name, weekday=("", ""), sat=("", ""), sun=("", ""), holiday=("", ""), corporate="",
        status="活動中", lat="35.6950", lon="139.7540", phone="", activity="体操、茶話会", closed=""):
    return [no, "13", "東京都", "131016", "千代田区", name, "", "100-0000", "東京都千代田区架空町", "架空会館",
            phone, "65歳以上の方", activity, *weekday, *sat, *sun, *holiday, closed, "20", "無料", "無",
            "可", "無", "架空町", "無", "", corporate, status, lat, lon, ""]


ROWS = [
    HEADER,
    row("1", "架空いきいき体操", weekday=("10:00", "11:30"), holiday=("10:00", "11:30"), closed="年末年始"),
    row("2", "架空ふれあいサロン", sat=("１３：３０", "１５：００"), corporate="社会福祉法人架空会",
        phone="03-0000-0000", activity="会食、趣味活動"),
    row("3", "架空日曜の茶の間", sun=("9:00", "12:00"), phone="090-0000-0000", lat="", lon=""),
    row("4", "休止中の通いの場", weekday=("10:00", "11:00"), status="休止"),
    row("5", "", weekday=("10:00", "11:00")),
]


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig"])
def test_kayoinoba_csv_becomes_records_whose_schedules_read_as_the_source(project, tmp_path, encoding):
    path = tmp_path / "kayoinoba.csv"
    path.write_bytes(("\r\n".join(",".join(r) for r in ROWS) + "\r\n").encode(encoding))
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "import-kayoinoba",
                             str(path), "--id", "chiyoda-kayoinoba", "--as-of", "2026-10-01"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    # rows in = rows imported + rows reported
    assert "5 行のうち 3 行を取り込み、2 行は取り込めませんでした。" in result.stdout
    assert "ステータスが「休止」" in result.stdout and "名称が空です" in result.stdout
    atlas, problems = load_atlas(project)
    assert [p.format() for p in problems if "chiyoda-kayoinoba" in p.path] == []
    district = next(d for d in atlas.districts if d.id == "chiyoda-kayoinoba")
    assert district.municipality.code == "131016" and district.layer.label == "市区町村全域"
    r = {x.name: x for x in district.resources}
    taiso = r["架空いきいき体操"]
    assert [schedule_ja(rule) for rule in taiso.schedule.rules] == ["毎週 月・火・水・木・金曜 10:00〜11:30"]
    assert "祝日 10:00〜11:30" in taiso.schedule.notes and "年末年始" in taiso.schedule.notes
    assert {t.id for t in taiso.activity_types} == {"exercise", "tea"}
    assert taiso.location.precision == "approximate"      # resident-run: not pinned exactly
    salon = r["架空ふれあいサロン"]
    assert [schedule_ja(rule) for rule in salon.schedule.rules] == ["毎週 土曜 13:30〜15:00"]
    assert salon.contact.organisation == "社会福祉法人架空会" and salon.location.precision == "exact"
    sunday = r["架空日曜の茶の間"]
    assert [schedule_ja(rule) for rule in sunday.schedule.rules] == ["毎週 日曜 09:00〜12:00"]
    assert sunday.location is None and sunday.contact is None  # no coordinates; a mobile number is never kept
