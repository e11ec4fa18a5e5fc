"""Round trip: the site's CSV download, imported with `import-csv`, gives back the same
records (ids, categories, states, schedule, precision, contact, text), and exporting those
gives the same bytes."""

import dataclasses
import json
import shutil

import yaml
from conftest import make_project

from generator.check.validate import forget_files, load_atlas
from generator.cli import main
from generator.render.exports import to_csv

FIXTURE = {
    "id": "roundtrip-test", "name": "往復の試験地区（サンプル）", "layer": "elementary-school",
    "municipality": {"code": "372013", "prefecture": "香川県", "name": "高松市"},
    "description": "取り込みの往復を試す架空の地区です。", "last_reviewed": "2026-10-01",
    "resources": [
        {"id": "exact-one", "name": "=cmd|' /C calc'!A0 サンプル", "category": "salon",
         "target_states": ["genki", "kyojaku"],
         "activity_types": ["tea", "exercise"], "operator_type": "neighbourhood-association",
         "description": "<b>太字</b> と ![x](y){onerror=alert(1)}\n二行目、「（架空）①」 A&amp;B&quot; <br> （改行）",
         "schedule": {"text": "毎月第2・第4木曜 14:00〜16:00", "notes": "祝日は休み",
                      "rules": [{"freq": "monthly", "bysetpos": [2, 4], "byday": ["TH"], "opens": "14:00",
                                 "closes": "16:00"},
                                {"freq": "weekly", "byday": ["MO", "FR"], "opens": "09:30"}]},
         "address": "香川県高松市サンプル町1-2-3 サンプル会館", "location": {"lat": 34.34567, "lon": 134.04321,
                                                                      "precision": "exact"},
         "contact": {"organisation": "サンプル自治会", "phone": "087-000-0000", "email": "info@example.org"},
         "source_fields": [{"label": "駐車場", "value": "=1+2 あり: 10台"},
                           {"label": "備考:欄", "value": "A&amp;B <br> **x** {{ 1 }}"}],
         "url": "https://example.org/a?b=c&d", "last_verified": "2026-09-01"},
        {"id": "approx-home", "name": "-サンプル自宅サロン", "category": "salon", "target_states": ["kyojaku"],
         "operator_type": "residents", "address": "香川県高松市サンプル町二丁目",
         "location": {"lat": 34.351, "lon": 134.049, "precision": "approximate"}, "last_verified": "2026-09-02"},
        {"id": "hidden-home", "name": "@サンプル見守り", "category": "prevention-service",
         "target_states": ["kyojaku", "near-care"], "service_type": "watching",
         "location": {"precision": "hidden"}, "contact": {"organisation": "サンプル社協"},
         "last_verified": "2026-09-03"},
        {"id": "no-place", "name": "サンプル配食", "category": "prevention-service", "target_states": ["near-care"],
         "service_type": "meal-delivery", "schedule": {"text": "平日の昼"},
         "source_fields": [{"label": "-配達地域", "value": "@市内全域"}]},  # no last_verified: unknown stays unknown
    ],
}


def _records(atlas):
    return {d.id: ((d.name, d.layer.id, d.municipality.code, d.demo), {r.id: r for r in d.resources})
            for d in atlas.districts}


def test_the_sites_csv_imports_back_to_the_same_records(tmp_path, capsys):
    source = make_project(tmp_path / "source")
    (source / "content/districts/roundtrip-test.yaml").write_text(
        yaml.safe_dump(FIXTURE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    forget_files()
    atlas, problems = load_atlas(source)
    assert atlas is not None, [p.format() for p in problems]
    exported = to_csv(atlas, atlas.districts)
    path = tmp_path / "all.csv"
    path.write_bytes(exported)

    target = make_project(tmp_path / "target")
    shutil.rmtree(target / "content/districts")
    (target / "content/districts").mkdir()
    status = main(["--root", str(target), "import-csv", str(path), "--report", str(tmp_path / "r.json")])
    out = capsys.readouterr().out
    assert status == 0, out
    count = sum(len(d.resources) for d in atlas.districts)
    assert f"{count} 行のうち {count} 行を取り込み" in out and "このサイトの CSV" in out
    forget_files()
    again, problems = load_atlas(target)
    assert again is not None, [p.format() for p in problems]
    assert _records(again) == _records(atlas)
    # the same CSV but for 出典, which the registry decides (the sample district names a source;
    # imported again without --source, it has none)
    assert to_csv(again, again.districts) == to_csv(atlas, [dataclasses.replace(d, provenance=None)
                                                           for d in atlas.districts])
    assert any(d.provenance for d in atlas.districts) and not any(d.provenance for d in again.districts)
    # an approximate place comes back rounded and approximate, a hidden one without a point
    resources = {r.id: r for d in again.districts for r in d.resources}
    assert resources["approx-home"].location.precision == "approximate"
    assert (resources["approx-home"].location.lat, resources["approx-home"].location.lon) == (34.35, 134.05)
    assert resources["hidden-home"].location.lat is None and resources["hidden-home"].address == ""
    # a blank 最終確認日 comes back blank (unknown), never filled with a day
    assert resources["no-place"].last_verified == "" and resources["exact-one"].last_verified == "2026-09-01"
    # the kept values of the list come back as they were, text (「=」「&amp;」 as written); every column is mapped
    assert resources["exact-one"].source_fields == (("駐車場", "=1+2 あり: 10台"), ("備考:欄", "A&amp;B <br> **x** {{ 1 }}"))
    assert resources["no-place"].source_fields == (("-配達地域", "@市内全域"),)
    columns = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["columns"]
    kept = sum(1 for d in atlas.districts for r in d.resources if r.source_fields)
    assert kept >= 2 and columns["元の一覧の項目"] == {"status": "mapped", "field": "source_fields",
                                                      "rows_with_value": kept, "reason": None}
    assert {c["status"] for c in columns.values() if c["rows_with_value"]} == {"mapped", "dropped"}
    assert columns["出典"]["status"] == "dropped" and "--source" in columns["出典"]["reason"]
    # importing the same CSV again changes nothing
    before = {p.name: p.read_bytes() for p in (target / "content/districts").glob("*.yaml")}
    assert main(["--root", str(target), "import-csv", str(path), "--force"]) == 0
    assert {p.name: p.read_bytes() for p in (target / "content/districts").glob("*.yaml")} == before
