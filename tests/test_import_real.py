"""Real files published by two cities (../shared/data/real/, see its SOURCES.md) import with
no hand-written mapping, every row accounted for, into sensible worksheet rows; the site
builds with them. Skipped when the folder is absent."""

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import make_project

from generator.check.load import load_file
from generator.check.validate import forget_files, load_atlas
from generator.cli import cmd_build, main
from generator.importers import cells

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
RECORDS = {  # SOURCES.md: records per file
    "takamatsu-372013/elderly_wedding_house.csv": 10, "takamatsu-372013/elderly_wedding_house.xlsx": 10,
    "takamatsu-372013/elderly_welfare_center.csv": 2, "takamatsu-372013/elderly_welfare_facility.csv": 46,
    "takamatsu-372013/group_home.csv": 51, "takamatsu-372013/other_welfare_facilities.csv": 4,
    "takamatsu-372013/regional_comprehensive_support_center.csv": 7, "takamatsu-372013/welfare_hall.csv": 7,
    "yaizu-222127/aed.csv": 82, "yaizu-222127/community_center.csv": 9, "yaizu-222127/facilities_welfare.csv": 2,
    "yaizu-222127/yohairyosya_cp932.csv": 277,
    "kudamatsu-352071/care_service_cp932.csv": 90, "kumamoto-431001/byouin_list.xlsx": 90,
    "kumamoto-431001/byouin_list_bodik.csv": 90,
}

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is not here")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every real file imported into one project: {file: (report, district data)}."""
    tmp = tmp_path_factory.mktemp("real")
    project = make_project(tmp / "project")
    out = {}
    for name in RECORDS:
        report = tmp / (name.replace("/", "_") + ".json")
        ident = ["--id", cells.slug(Path(name).parent.name + "-excel")] if name.endswith(".xlsx") else []
        status = main(["--root", str(project), "import-csv", str(REAL / name),  # no --as-of: the files' own dates
                       "--report", str(report), *ident])
        assert status == 0, name
        data = json.loads(report.read_text(encoding="utf-8"))
        [written] = data["files"]
        doc, problems = load_file(project / written, project)
        assert problems == []
        out[name] = (data, doc.data)
    return project, out


def test_every_row_of_every_real_file_is_accounted_for(imported):
    _, out = imported
    for name, (report, district) in out.items():
        assert report["rows"] == RECORDS[name], name
        assert report["rows"] == report["imported"] + report["reported"], name
        assert len(district["resources"]) == report["imported"], name
        refused = [p for p in report["problems"] if p["severity"] == "error"]
        assert len(refused) == report["reported"] and all(p["line"] for p in refused), name
    assert out["takamatsu-372013/elderly_wedding_house.csv"][1]["municipality"]["code"] == "372013"
    assert out["yaizu-222127/aed.csv"][1]["municipality"]["code"] == "222127"


def _rows(out, name) -> list[tuple[str, list[str], str]]:
    return [(r["category"], r["target_states"], r["name"]) for r in out[name][1]["resources"]]


def test_elderly_care_resources_land_in_sensible_worksheet_rows(imported):
    _, out = imported
    assert {c for c, _, _ in _rows(out, "takamatsu-372013/elderly_wedding_house.csv")} == {"salon"}
    assert {c for c, _, _ in _rows(out, "takamatsu-372013/group_home.csv")} == {"care-service"}
    assert all(s == ["near-care"] for _, s, _ in _rows(out, "takamatsu-372013/group_home.csv"))
    facility = _rows(out, "takamatsu-372013/elderly_welfare_facility.csv")
    assert all(c == "care-service" for c, _, n in facility if "特別養護" in n)
    assert {c for c, _, n in facility if "ケアハウス" in n or "軽費" in n} <= {"other"}
    centres = _rows(out, "takamatsu-372013/regional_comprehensive_support_center.csv")
    assert all(c == "other" and "near-care" in s for c, s, _ in centres)
    assert {c for c, _, _ in _rows(out, "yaizu-222127/community_center.csv")} == {"hobby-individual"}
    # the mixed list: care services in, childcare and schools out (reported, with the reason)
    mixed = _rows(out, "yaizu-222127/yohairyosya_cp932.csv")
    assert any(c == "care-service" for c, _, _ in mixed)
    assert not any(word in n for _, _, n in mixed for word in ("保育", "幼稚園", "小学校", "中学校", "児童クラブ"))
    reasons = {p["message"].split("（")[0] for p in out["yaizu-222127/yohairyosya_cp932.csv"][0]["problems"]
               if p["severity"] == "error"}
    assert reasons == {"子ども向けの施設のため取り込みません", "障害福祉サービスのため取り込みません"}


def test_values_are_kept_as_published(imported):
    _, out = imported
    names = {r["name"] for r in out["takamatsu-372013/elderly_welfare_facility.csv"][1]["resources"]}
    assert "特別養護老人ホーム　シオンの丘ホーム" in names          # the full-width space stays
    ikoi = out["takamatsu-372013/elderly_wedding_house.csv"][1]["resources"][0]
    assert ikoi["schedule"]["rules"] == [{"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
                                          "opens": "09:00", "closes": "18:00"}]
    hours = out["yaizu-222127/community_center.csv"][1]["resources"][0]["schedule"]
    # labelled parts of the note (hours.py): the text as written, rules for what it says plainly
    assert hours == {"text": "【開館時間】9:00～21:30 【休館日】月曜日", "rules": [
        {"freq": "weekly", "byday": ["TU", "WE", "TH", "FR", "SA", "SU"], "opens": "09:00", "closes": "21:30"}]}
    welfare = out["yaizu-222127/facilities_welfare.csv"][1]["resources"][0]["schedule"]
    assert welfare["rules"] == [   # 「月の第3日曜日」 closed: Sundays of the other weeks
        {"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR", "SA"], "opens": "09:00", "closes": "21:30"},
        {"freq": "monthly", "byday": ["SU"], "bysetpos": [1, 2, 4, 5], "opens": "09:00", "closes": "21:30"}]
    assert welfare["notes"] == "休館日：月の第3日曜日、祝日"
    excel = {r["id"]: r for r in out["takamatsu-372013/elderly_wedding_house.xlsx"][1]["resources"]}
    csv_ = {r["id"]: r for r in out["takamatsu-372013/elderly_wedding_house.csv"][1]["resources"]}
    assert excel.keys() == csv_.keys() and excel["r-1"] == csv_["r-1"]


def test_a_project_with_the_real_imports_builds(imported, monkeypatch):
    project, _ = imported
    forget_files()
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems[:10]]
    monkeypatch.setenv("ATLAS_PDF", "0")
    assert cmd_build(project, project / "site") == 0
    assert (project / "site/districts/group-home-372013/index.html").is_file()


def test_every_real_file_is_imported_and_every_column_is_in_the_ledger(imported):
    """Each file of ../shared/data/real/ has every header in the ledger with its fate; the
    counts of mapped / kept / dropped columns are printed for the closing note."""
    _, out = imported
    files = sorted(str(p.relative_to(REAL)) for p in REAL.rglob("*") if p.suffix in (".csv", ".xlsx"))
    assert sorted(out) == files
    for name, (report, district) in sorted(out.items()):
        columns = report["columns"]
        statuses = [c["status"] for c in columns.values()]
        assert set(statuses) <= {"mapped", "kept", "dropped"}, name
        assert all(c["rows_with_value"] == 0 or c["status"] != "dropped" or c["reason"] for c in columns.values())
        kept = {label for label, c in columns.items() if c["status"] == "kept"}
        shown = {f["label"] for r in district["resources"] for f in r.get("source_fields", [])}
        assert shown <= kept and (shown or not kept), name          # what is kept is on the resources
        print(f"{name}: {len(columns)} columns, {statuses.count('mapped')} mapped, {statuses.count('kept')} kept, "
              f"{statuses.count('dropped')} dropped")
    kudamatsu = out["kudamatsu-352071/care_service_cp932.csv"][0]["columns"]
    assert kudamatsu["所在地_連結表記"]["field"] == "address"
    assert kudamatsu["所在地_町字"]["status"] == "dropped"                   # a part of the address read whole
    hospital = out["kumamoto-431001/byouin_list.xlsx"][0]["columns"]
    assert hospital["管理者氏名"]["status"] == "dropped"                     # a person's name
    assert hospital["内科"]["status"] == hospital["郵便番号"]["status"] == "kept"


def test_no_real_file_is_dated_the_day_of_the_import(imported):
    """No real file states the date of its data inside it (熊本市's 「令和6年2月1日現在」 and
    下松市's 「2025年1月版」 are on the catalogue pages, not in the files): without --as-of
    every resource's date is unknown — absent, never the day of the import; 開設年月日
    (the day a hospital opened) is no date of the data."""
    _, out = imported
    today = dt.date.today().isoformat()
    assert sorted(out) == sorted(p.relative_to(REAL).as_posix() for p in REAL.glob("*/*")
                                 if p.suffix in (".csv", ".xlsx"))
    for name, (_, d) in out.items():
        assert d["resources"], name
        assert [r["id"] for r in d["resources"] if r.get("last_verified") == today] == [], name
        assert [r["id"] for r in d["resources"] if "last_verified" in r] == [], name
        assert "last_reviewed" not in d, name


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_no_markup_is_left_in_any_real_import(imported):
    """`<br>`, character references and 「（改行）」 became characters in every real file."""
    _, out = imported
    marks = ("<br", "<BR", "&quot;", "&amp;", "&nbsp;", "&#", "（改行）", "(改行)")
    left = {name: [s for s in _strings(d) if any(m in s for m in marks)] for name, (_, d) in out.items()}
    assert {name: found for name, found in left.items() if found} == {}


def test_real_files_keep_their_ids_when_the_rows_are_shuffled(imported, tmp_path):
    """Every real CSV with its rows in reverse order: the same resources under the same ids."""
    import csv
    import io

    _, out = imported
    project = make_project(tmp_path / "project")
    checked = 0
    for name, (_, district) in sorted(out.items()):
        path = REAL / name
        if path.suffix != ".csv":
            continue
        raw = path.read_bytes()
        encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else ("utf-8" if _utf8(raw) else "cp932")
        rows = list(csv.reader(io.StringIO(raw.decode(encoding), newline="")))
        shuffled = tmp_path / path.name
        with shuffled.open("w", encoding=encoding, newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows([rows[0], *reversed(rows[1:])])
        report = tmp_path / "r.json"
        assert main(["--root", str(project), "import-csv", str(shuffled), "--id", "shuffled", "--force",
                     "--report", str(report)]) == 0, name
        [written] = json.loads(report.read_text(encoding="utf-8"))["files"]
        again = load_file(project / written, project)[0].data
        assert sorted(r["id"] for r in again["resources"]) == sorted(r["id"] for r in district["resources"]), name
        checked += 1
    assert checked >= 10


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# The public site's real towns (content/import/sources.yaml): each registered source and the
# file of ../shared/data/real/ that is its published list.
PUBLISHED = {
    "takamatsu-elderly-wedding-house": "takamatsu-372013/elderly_wedding_house.csv",
    "takamatsu-elderly-welfare-center": "takamatsu-372013/elderly_welfare_center.csv",
    "takamatsu-elderly-welfare-facility": "takamatsu-372013/elderly_welfare_facility.csv",
    "takamatsu-group-home": "takamatsu-372013/group_home.csv",
    "takamatsu-other-welfare-facilities": "takamatsu-372013/other_welfare_facilities.csv",
    "takamatsu-regional-comprehensive-support-center": "takamatsu-372013/regional_comprehensive_support_center.csv",
    "takamatsu-welfare-hall": "takamatsu-372013/welfare_hall.csv",
    "kudamatsu-care-service": "kudamatsu-352071/care_service_cp932.csv",
}


def _places(district: dict) -> list[tuple]:
    return sorted((r["name"], r.get("address", ""), r["category"]) for r in district["resources"])


@pytest.mark.content  # reads the repository's own districts and registry
def test_the_public_sites_real_towns_hold_their_published_lists_row_for_row(root, imported):
    """Every registered source's committed district (content/districts/, what the public site
    shows) holds the places the file imports to (the imports above read each file once): the
    same count, names, addresses and worksheet rows; each municipality's places add up to its
    files' rows less the rows the import reports."""
    from generator.check import data_sources

    _, out = imported
    _, registered = data_sources.registry(root)
    assert set(registered) == set(PUBLISHED)  # a newly registered list needs its file here
    committed = {}
    for path in sorted((root / "content/districts").glob("*.yaml")):
        doc, problems = load_file(path, root)
        assert problems == [], path.name
        if "source" in doc.data:
            committed.setdefault(doc.data["source"]["id"], []).append(doc.data)
    per_town: dict[str, list[int]] = {}
    for source, name in PUBLISHED.items():
        report, fresh = out[name]
        [district] = committed[source]  # one municipality-wide district per list
        assert district["layer"] == "municipality-wide" and "demo" not in district, source
        assert district["municipality"] == fresh["municipality"], source
        assert _places(district) == _places(fresh), source
        counts = per_town.setdefault(district["municipality"]["name"], [0, 0])
        counts[0] += len(district["resources"])
        counts[1] += report["rows"] - report["reported"]
    assert per_town == {"高松市": [127, 127], "下松市": [90, 90]}
