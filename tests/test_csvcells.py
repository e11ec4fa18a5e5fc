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


def test_site_csv_cells_are_neutralised(tmp_path, fixture_root):
    from dataclasses import replace

    from generator.check.validate import load_atlas
    from generator.render.exports import to_csv

    atlas, _ = load_atlas(fixture_root)
    district = atlas.districts[0]
    evil = replace(district.resources[0], name="=HYPERLINK(\"http://x\",\"y\")", description="@SUM(1)")
    rows = list(csv.DictReader(io.StringIO(to_csv(atlas, [replace(district, resources=[evil])]).decode("utf-8-sig"))))
    assert rows[0]["名称"] == "'=HYPERLINK(\"http://x\",\"y\")" and rows[0]["備考"] == "'@SUM(1)"
    for row in rows:
        assert all(v[:1] not in TRIGGERS for v in row.values())
