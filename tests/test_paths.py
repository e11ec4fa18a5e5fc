"""Generated paths are known (generator/paths.py): every file a build writes is declared, and
an id whose files would replace a shared page or another record's is a validation error."""

import re
from pathlib import Path

import pytest
from conftest import make_project

from generator import paths
from generator.check.validate import load_atlas
from generator.render.sheets import print_jobs
from generator.render.site import render_site

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


# ---------------------------------------------------------------- addresses the site served before

def _ids(project: Path, *records: tuple[str, str]) -> None:
    for folder, ident in records:
        fixture = "case-minimal.yaml" if folder == "cases" else "district-minimal.yaml"
        _copy_as(project, DATA / fixture, folder, ident)


# (records added to the tests' project, the files that must get a reserved-id error, a path
# each error names)
@pytest.mark.parametrize(("records", "refused", "named"), [
    # a district's page at another district's former worksheet address: both named
    ([("content/districts", "a"), ("content/districts", "a-worksheet")],
     ["content/districts/a-worksheet.yaml", "content/districts/a.yaml"], "districts/a-worksheet"),
    # the same with the fixture's own district (sample-district-worksheet/ was its worksheet)
    ([("content/districts", "sample-district-worksheet")],
     ["content/districts/sample-district-worksheet.yaml", "content/districts/sample-district.yaml"],
     "districts/sample-district-worksheet"),
    # a district's former map is a case's map: maps/case-x.html
    ([("cases", "x"), ("content/districts", "case-x")], ["cases/x.yaml", "content/districts/case-x.yaml"],
     "maps/case-x.html"),
    # former addresses that are the site's own files
    ([("content/districts", "all")], ["content/districts/all.yaml"], "downloads/all.csv"),
    ([("content/districts", "national")], ["content/districts/national.yaml"], "maps/national.html"),
    ([("content/districts", "cases")], ["content/districts/cases.yaml"], "maps/cases.html"),
])
def test_an_id_at_an_address_the_site_served_before_is_refused(project, records, refused, named):
    _ids(project, *records)
    atlas, problems = load_atlas(project)
    mine = [p for p in problems if p.code == "reserved-id"]
    assert atlas is None and sorted(p.path for p in mine) == refused, [p.format() for p in problems]
    for problem in mine:
        line = problem.format()
        assert line.startswith(f"{problem.path}:") and problem.line > 0 and problem.field == "id", line
        assert named in problem.message and "以前のアドレス" in problem.message and "別の id" in problem.hint, line
    if len(refused) == 2:  # each names the other record
        first, second = sorted(mine, key=lambda p: p.path)
        assert Path(second.path).stem in first.message and Path(first.path).stem in second.message


def test_ids_that_only_look_like_former_addresses_validate(project):
    # no district "x" (so no former x-worksheet/), no case "nothing", and words that merely contain "all"
    _ids(project, ("content/districts", "x-worksheet"), ("content/districts", "case-nothing"),
         ("content/districts", "all-ages"), ("content/districts", "worksheet"), ("content/districts", "maps"),
         ("content/districts", "a"), ("cases", "a-worksheet"), ("content/districts", "downloads"))
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]
    assert [p for p in problems if p.code == "reserved-id"] == []


@pytest.mark.parametrize(("existing", "ident", "refused"), [
    ([("district", "a")], "a-worksheet", True),
    ([("district", "a-worksheet")], "a", True),
    ([("case", "x")], "case-x", True),
    ([], "all", True),
    ([], "national", True),
    ([("district", "a")], "a-worksheets", False),
    ([], "case-x", False),
])
def test_import_and_new_district_refuse_the_same_ids(tmp_path, existing, ident, refused):
    """The importer's id check (importers/output.py) and new-district (scaffold.py) use the
    same table as validate."""
    from generator.importers.output import Project, id_clashes, id_problem
    from generator.importers.scaffold import ScaffoldError, check_id

    project = make_project(tmp_path / "project")
    folders = {"district": "content/districts", "case": "cases"}
    _ids(project, *((folders[kind], i) for kind, i in existing))
    messages = id_clashes(Project(project), [ident]) + ([id_problem(ident)] if not existing else [])
    assert bool([m for m in messages if m]) == refused, messages
    try:
        check_id(project, "district", ident)
        scaffold_refused = False
    except ScaffoldError:
        scaffold_refused = True
    assert scaffold_refused == refused


def test_former_addresses_are_plain_site_paths_of_a_district():
    """Every former address, and where it now leads, is a relative path of the site the
    404 page's helper accepts (letters, digits, `-._`, no `..`), and each is reserved."""
    segment = re.compile(r"[a-z0-9{}][a-z0-9{}._-]*")
    for old, new in paths.FORMER_ADDRESSES:
        for address in (old, new.split("#")[0]):
            parts = address.split("/")
            assert all(segment.fullmatch(p) for p in parts[:-1]) and (parts[-1] == "" or segment.fullmatch(parts[-1]))
        assert ("{id}" in new) <= ("{id}" in old), (old, new)
        as_file = paths._as_file(old)
        reserved = paths.owned_templates("district") if "{id}" in old else paths.FORMER_SHARED
        assert as_file in reserved, old
    written = paths.record_paths("district", "a")  # the files it writes, then its former addresses
    assert paths.owned_paths("district", "a")[:len(written)] == written and "pdf/workshop-a-a4.pdf" in written


@pytest.mark.parametrize(("base_url", "base"), [("/", "/"), ("/atlas/", "/atlas/"), ("/atlas", "/atlas/"), ("", "/")])
def test_the_404_page_gets_the_former_addresses_for_its_base(base_url, base):
    """MkDocs gives an error page the path of site_url as base_url ("/" without one)."""
    from generator.publish.hooks import on_template_context

    context = on_template_context({"base_url": base_url}, "404.html", None)
    assert context["atlas_moved"] == {"base": base, "moved": [list(pair) for pair in paths.FORMER_ADDRESSES],
                                      "ids": "resources/districts.js"}
    assert "atlas_moved" not in on_template_context({"base_url": "/"}, "sitemap.xml", None)
