"""`python -m generator new-case|new-district`: templates filled from the municipality dataset."""

import re
import subprocess
import sys

from conftest import run_cli

from generator.check.validate import load_atlas


def run(project, *args):
    """The command in a process of its own: the entry point end to end (`run_cli` elsewhere)."""
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project), *args],
                          capture_output=True, text=True, check=False)


def test_new_case_fills_code_and_names_and_stays_red_until_filled(project):
    result = run(project, "new-case", "大牟田市", "--id", "omuta-new")
    assert result.returncode == 0, result.stderr
    text = (project / "cases/omuta-new.yaml").read_text(encoding="utf-8")
    assert 'code: "402028"' in text and "prefecture: 福岡県" in text and "name: 大牟田市" in text
    assert text.startswith("# yaml-language-server: $schema=../generator/schemas/case.schema.json")
    atlas, problems = load_atlas(project)
    assert atlas is None
    assert {p.code for p in problems if p.path == "cases/omuta-new.yaml"} == {"unfinished"}


def test_filled_district_template_validates(project, capsys):
    assert run_cli(capsys, "--root", project, "new-district", "千代田区", "--id", "kanda").returncode == 0
    path = project / "content/districts/kanda.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("要記入-1", "salon-1")
    text = re.sub(r"要記入（[^）]*）|要記入", "テスト", text)
    path.write_text(text, encoding="utf-8")
    atlas, problems = load_atlas(project)
    assert [p.format() for p in problems if p.severity == "error" or "kanda" in p.path] == []
    assert any(d.id == "kanda" and d.municipality.code == "131016" for d in atlas.districts)


def test_ambiguous_or_unknown_municipality_is_explained(project, capsys):
    result = run_cli(capsys, "--root", project, "new-case", "池田町")
    assert result.returncode == 2
    assert "北海道池田町（016446）" in result.stderr and "Traceback" not in result.stderr
    result = run_cli(capsys, "--root", project, "new-case", "架空市")
    assert result.returncode == 2 and "見つかりません" in result.stderr


def test_existing_file_is_never_overwritten(project, capsys):
    before = (project / "cases/omuta.yaml").read_text(encoding="utf-8")
    result = run_cli(capsys, "--root", project, "new-case", "大牟田市", "--id", "omuta")
    assert result.returncode == 2 and "もうあります" in result.stderr
    assert (project / "cases/omuta.yaml").read_text(encoding="utf-8") == before


def test_new_ids_get_the_checks_validate_makes(project, capsys):
    """new-case/new-district refuse an id validate would refuse, and write nothing."""
    for kind, ident, says in (("new-case", "index", "cases/index.md"), ("new-case", "Omuta_New", "半角英小文字"),
                              ("new-case", "../x", "半角英小文字"), ("new-district", "map", "districts/map.md"),
                              ("new-district", "p-13", "districts/p-13.md"),
                              ("new-district", "example", "ワークシート「example」")):
        before = sorted(p.name for p in project.rglob("*.yaml"))
        result = run_cli(capsys, "--root", project, kind, "大牟田市", "--id", ident)
        assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert sorted(p.name for p in project.rglob("*.yaml")) == before
