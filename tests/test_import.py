"""CSV import: real-format input in CP932 and UTF-8 with BOM → valid, stable district YAML,
with every skipped row reported."""

import subprocess
import sys

import pytest
import yaml

from generator.importer import convert
from generator.validate import load_atlas

# A small 自治体標準オープンデータセット-style list (fictional facilities), with the usual
# problems: full-width digits, a missing coordinate, swapped coordinates, an unknown 種別,
# a row without a name, a mobile number, a blank line.
ROWS = [
    ["ID", "名称", "名称_カナ", "種別", "所在地_連結表記", "緯度", "経度", "電話番号", "URL", "更新日"],
    ["０００１", "架空ケアセンター", "カクウケアセンター", "訪問介護", "東京都千代田区架空町１－１",
     "３５．６９４１", "１３９．７５３０", "03-0000-0001", "https://example.com/a", "2026/09/30"],
    ["0002", "架空デイサービス", "", "通所介護", "東京都千代田区架空町２－２", "", "", "", "", ""],
    ["0003", "架空ふれあいの家", "", "通所型サービスB", "東京都千代田区架空町３－３", "139.7521", "35.6952",
     "090-0000-0003", "", ""],
    ["0004", "架空整骨院", "", "整骨院", "東京都千代田区架空町４－４", "35.6950", "139.7540", "", "", ""],
    ["0005", "", "", "公民館", "東京都千代田区架空町５－５", "35.6950", "139.7540", "", "", ""],
    [],
    ["0006", "架空公民館", "", "公民館", "東京都千代田区架空町６－６", "35.6960", "139.7500", "", "javascript:x", ""],
]


def write_csv(path, encoding):
    text = "\r\n".join(",".join(row) for row in ROWS) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8"])
def test_import_gives_valid_yaml_and_reports_every_row(project, root, tmp_path, encoding):
    csv_path = write_csv(tmp_path / "kaigo.csv", encoding)
    mapping = root / "tests/data/import/kaigo-mapping.yaml"
    cmd = [sys.executable, "-m", "generator", "--root", str(project), "import-csv", str(csv_path),
           "--mapping", str(mapping)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    out = project / "content/districts/import-test.yaml"
    first = out.read_bytes()
    # rows in = rows imported + rows reported as not imported
    assert "6 行のうち 4 行を取り込み、2 行は取り込めませんでした。" in result.stdout
    assert "5 行目: 取り込めません: 種別「整骨院」の対応が mapping の types にありません" in result.stdout
    assert "6 行目: 取り込めません: 名称が空です" in result.stdout
    assert "3 行目: 注意: 「架空デイサービス」は緯度・経度がないため" in result.stdout
    assert "4 行目: 注意: 「架空ふれあいの家」: 緯度と経度が入れ替わっているようです" in result.stdout
    assert "携帯電話の番号のため取り込みませんでした" in result.stdout
    # the output passes validation and says what it imported
    atlas, problems = load_atlas(project)
    assert [p.format() for p in problems if "import-test" in p.path] == []
    district = next(d for d in atlas.districts if d.id == "import-test")
    by_name = {r.name: r for r in district.resources}
    assert set(by_name) == {"架空ケアセンター", "架空デイサービス", "架空ふれあいの家", "架空公民館"}
    care = by_name["架空ケアセンター"]
    assert (care.location.lat, care.location.lon) == (35.6941, 139.753)   # full-width digits read
    assert care.id == "kaigo-0001" and care.last_verified == "2026-09-30"
    assert by_name["架空デイサービス"].location is None                   # kept, not dropped
    assert by_name["架空ふれあいの家"].category.id == "prevention-service"
    assert by_name["架空ふれあいの家"].contact is None                    # no mobile number
    assert by_name["架空公民館"].url == ""                                 # javascript: refused
    # re-importing the same file gives byte-identical YAML
    subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert out.read_bytes() == first


def test_same_content_in_any_encoding_gives_the_same_yaml(root, tmp_path):
    mapping = yaml.safe_load((root / "tests/data/import/kaigo-mapping.yaml").read_text(encoding="utf-8"))
    outputs = set()
    for encoding in ("cp932", "utf-8-sig"):
        raw = write_csv(tmp_path / f"{encoding}.csv", encoding).read_bytes()
        text = raw.decode("utf-8-sig") if encoding != "cp932" else raw.decode("cp932")
        district, _ = convert(text, mapping)
        outputs.add(yaml.safe_dump(district, allow_unicode=True, sort_keys=False))
    assert len(outputs) == 1


def test_bad_mapping_is_reported_with_file_and_line(project, root, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text((root / "tests/data/import/kaigo-mapping.yaml").read_text(encoding="utf-8")
                       .replace("precision: exact", "precision: exactly"), encoding="utf-8")
    csv_path = write_csv(tmp_path / "kaigo.csv", "utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "import-csv",
                             str(csv_path), "--mapping", str(mapping)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 2
    assert "mapping.yaml:15: defaults.precision:" in result.stderr and "Traceback" not in result.stderr
