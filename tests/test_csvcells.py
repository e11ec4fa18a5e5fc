"""CSV injection (OWASP): no cell the atlas writes starts a formula; importers undo it."""

import csv
import io

import pytest

from generator.model.csvcells import TRIGGERS, neutralise, restore

AWKWARD = ["=1+1", "+81 3-1234-5678", "-2", "@SUM(A1)", "\t=x", "\r=x", "＝ＨＹＰＥＲＬＩＮＫ()", "'=x", "''=x", "'",
           "'plain", "plain", "", "a=b", "=cmd|' /C calc'!A0", "－1", "＠x", "＋1"]


@pytest.mark.parametrize("text", AWKWARD)
def test_neutralised_cells_start_no_formula_and_restore_exactly(text):
    cell = neutralise(text)
    assert cell[:1] not in TRIGGERS
    assert restore(cell) == text
    starts_formula = text[:1] in TRIGGERS or (text[:1] == "'" and text.lstrip("'")[:1] in TRIGGERS)
    assert (cell != text) == starts_formula


@pytest.fixture(scope="module")
def fixture_atlas(fixture_root):
    from generator.check.validate import load_atlas

    atlas, _ = load_atlas(fixture_root)
    return atlas


def test_site_csv_cells_are_neutralised(fixture_atlas):
    from dataclasses import replace

    from generator.render.exports import to_csv

    atlas = fixture_atlas
    district = atlas.districts[0]
    evil = replace(district.resources[0], name="=HYPERLINK(\"http://x\",\"y\")", description="@SUM(1)")
    rows = list(csv.DictReader(io.StringIO(to_csv(atlas, [replace(district, resources=[evil])]).decode("utf-8-sig"))))
    assert rows[0]["名称"] == "'=HYPERLINK(\"http://x\",\"y\")" and rows[0]["備考"] == "'@SUM(1)"
    for row in rows:
        assert all(v[:1] not in TRIGGERS for v in row.values())


# cells of every shape a row may hold: formulas (AWKWARD), what csv quotes, non-BMP text, none
SHAPES = [*AWKWARD, 'say "hi", then\nleave', "a,b", " lead", "\U0001f600絵", "改行\r\nあり"]


@pytest.mark.parametrize("field", ["name", "address", "description", "url", "last_verified"])
def test_csv_and_geojson_rows_are_the_dictwriter_and_json_dumps_ones(fixture_atlas, field):
    """exports writes a row's cells in column order with csv.writer and encodes its feature
    with one JSONEncoder: byte for byte what csv.DictWriter (with every cell neutralised) and
    json.dumps of the row without its point wrote, for a cell of every shape in each field."""
    import json
    from dataclasses import replace

    from generator.render import exports

    district = next(d for d in fixture_atlas.districts if len(d.resources) > 1)
    resources = [replace(r, **{field: text}) for r, text in
                 zip(district.resources * len(SHAPES), SHAPES, strict=False)]
    district = replace(district, resources=resources)
    rows = [exports.resource_row(district, r) for r in exports._ordered(fixture_atlas, district)]
    assert all(list(row) == list(exports.COLUMNS) for row in rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=exports.COLUMNS, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(v) for k, v in row.items()})
    assert exports.to_csv(fixture_atlas, [district]) == buffer.getvalue().encode("utf-8")
    for r, row in zip(exports._ordered(fixture_atlas, district), rows, strict=True):
        point = exports.public_point(r.location)
        expected = json.dumps({"type": "Feature", "id": f"{district.id}/{r.id}",
                               "geometry": {"type": "Point", "coordinates": [point[1], point[0]]} if point else None,
                               "properties": {k: v for k, v in row.items() if k not in ("緯度", "経度")}},
                              ensure_ascii=False, separators=(",", ":"))
        assert exports._feature(district, r) == expected == exports._feature(district, r, row)


def test_a_rows_schedule_cells_are_its_own_when_schedules_share_parts(fixture_atlas):
    """resource_row keeps schedule_text and rules_text by the schedule's text, rules and notes:
    schedules that share some of them (made twice, asked in any order) still get their own."""
    from dataclasses import replace

    from generator.model.model import Schedule
    from generator.model.schedule import rules_text, schedule_text
    from generator.render import exports

    weekly = ({"freq": "weekly", "byday": ["MO"], "opens": "10:00", "closes": "12:00"},)
    monthly = ({"freq": "monthly", "byday": ["SU"], "bysetpos": [1, -1]},)
    schedules = [None, Schedule("毎週月曜"), Schedule("毎週月曜", weekly), Schedule("月曜の午前", weekly),
                 Schedule("毎週月曜", weekly, "祝日は休み"), Schedule("毎週月曜", monthly), Schedule("", ()),
                 Schedule("毎週月曜", ({"freq": "weekly", "byday": ["MO"]},))]
    district = fixture_atlas.districts[0]
    r = district.resources[0]
    for schedule in schedules * 2 + schedules[::-1]:
        row = exports.resource_row(district, replace(r, schedule=schedule))
        assert row["開催日時"] == schedule_text(schedule)
        assert row["開催日時の規則"] == (rules_text(schedule.rules) if schedule else "")
        assert row["開催日時の文章"] == (schedule.text if schedule else "")


@pytest.mark.parametrize("cell", [5, 1.5, None, True, "", "\ud800", "\u2028\"\\\x00"])
def test_a_feature_is_json_dumps_of_its_row_whatever_a_cell_holds(fixture_atlas, cell):
    """_feature writes the properties from keys encoded once and json's string encoder; a cell
    that is not text (resource_row writes none) is encoded as json.dumps would, too."""
    import json

    from generator.render import exports

    district = fixture_atlas.districts[0]
    r = exports._ordered(fixture_atlas, district)[0]
    row = {**exports.resource_row(district, r), "備考": cell}
    point = exports.public_point(r.location)
    expected = json.dumps({"type": "Feature", "id": f"{district.id}/{r.id}",
                           "geometry": {"type": "Point", "coordinates": [point[1], point[0]]} if point else None,
                           "properties": {k: v for k, v in row.items() if k not in ("緯度", "経度")}},
                          ensure_ascii=False, separators=(",", ":"))
    assert exports._feature(district, r, row) == expected
