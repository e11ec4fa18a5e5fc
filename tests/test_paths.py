"""Generated paths are known (generator/paths.py): every file a build writes is declared, and
an id whose files would replace a shared page or another record's is a validation error."""

from pathlib import Path

import pytest
from conftest import make_project

from generator import paths
from generator.render.sheets import print_jobs
from generator.render.site import render_site
from generator.validate import load_atlas

DATA = Path(__file__).parent / "data" / "valid"


def test_every_generated_file_is_declared(atlas):
    declared = set()
    for kind, records in (("case", atlas.cases), ("district", atlas.districts), ("worksheet", atlas.worksheets),
                          ("checksheet", atlas.checksheets)):
        for record in records:
            declared.update(paths.record_paths(kind, record.id))
    written = list(render_site(atlas)) + [job.pdf for job in print_jobs(atlas)]
    assert len(written) > 50
    undeclared = [p for p in written if p not in declared and not paths.is_shared(p)]
    assert undeclared == []


def _copy_as(project: Path, source: Path, folder: str, ident: str) -> None:
    text = source.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("id: "))
    (project / folder / f"{ident}.yaml").write_text(text.replace(old, f"id: {ident}", 1), encoding="utf-8")


@pytest.mark.parametrize(("folder", "fixture", "ident", "path"), [
    ("cases", "case-minimal.yaml", "index", "cases/index.md"),
    ("cases", "case-minimal.yaml", "map", "cases/map.md"),
    ("content/districts", "district-minimal.yaml", "index", "districts/index.md"),
    ("content/districts", "district-minimal.yaml", "map", "districts/map.md"),
    ("content/districts", "district-minimal.yaml", "m-131016", "districts/m-131016.md"),
    ("content/districts", "district-minimal.yaml", "p-13", "districts/p-13.md"),
    ("content/districts", "district-minimal.yaml", "blank", "pdf/worksheet-blank-a3.pdf"),
])
def test_an_id_that_would_replace_a_shared_file_is_refused(project, folder, fixture, ident, path):
    _copy_as(project, DATA / fixture, folder, ident)
    atlas, problems = load_atlas(project)
    mine = [p for p in problems if p.code == "reserved-id"]
    assert atlas is None and len(mine) == 1, [p.format() for p in problems]
    assert mine[0].path == f"{folder}/{ident}.yaml" and mine[0].field == "id" and path in mine[0].message


# (a district writes only its page and its worksheet's PDF: a worksheet's PDF is the one
# file another kind of record also writes)
@pytest.mark.parametrize(("ident", "other", "path"), [
    ("example", "content/worksheets/example.yaml", "pdf/worksheet-example-a3.pdf"),
])
def test_two_records_writing_one_file_are_both_named(project, ident, other, path):
    _copy_as(project, DATA / "district-minimal.yaml", "content/districts", ident)
    _, problems = load_atlas(project)
    clash = sorted(p.path for p in problems if p.code == "reserved-id")
    assert clash == sorted([f"content/districts/{ident}.yaml", other])
    assert all(path in p.message for p in problems if p.code == "reserved-id")


@pytest.fixture(scope="module")
def atlas(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("paths") / "project")
    result, _ = load_atlas(project)
    return result
