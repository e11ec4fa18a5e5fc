"""Stage 2: schema + cross-record rules. Every invalid fixture has exactly one expected
problem (code, field, line) and every expectation has a fixture."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.problems import errors
from generator.validate import load_atlas

DATA = Path(__file__).parent / "data"

# file stem → (code, field, line) of the one error a contributor should see
EXPECTED = {
    "case-bad-date": ("bad-date", "last_reviewed", 23),
    "case-duplicate-key": ("duplicate-key", "title", 5),
    "case-five-digit-code": ("wrong-type", "municipalities[0].code", 7),
    "case-missing-source": ("missing-field", "context[0].source", 12),
    "case-misspelled-field": ("unknown-field", "summery", 4),
    "case-municipality-name-mismatch": ("municipality-name-mismatch", "municipalities[0].name", 9),
    "case-number-with-comma": ("wrong-type", "figures[0].value", 16),
    "case-unknown-document": ("unknown-document", "sources[0].document", 21),
    "case-unknown-municipality": ("unknown-municipality", "municipalities[0].code", 7),
    "case-unknown-source": ("unknown-source", "context[0].source", 13),
    "case-unknown-theme": ("unknown-term", "themes[0]", 10),
    "case-unquoted-no": ("wrong-type", "title", 3),
    "case-wrong-type": ("wrong-type", "themes", 10),
    "district-duplicate-resource-id": ("duplicate-id", "resources[1].id", 29),
    "district-exact-without-coordinates": ("missing-field", "resources[0].location.lat", 16),
    "district-far-from-municipality": ("far-from-municipality", "resources[0].location.lat", 17),
    "district-impossible-latitude": ("too-large", "resources[0].location.lat", 17),
    "district-javascript-url": ("bad-url", "resources[0].url", 27),
    "district-personal-contact-field": ("unknown-field", "resources[0].contact.person", 29),
    "district-personal-email": ("personal-contact", "resources[0].contact.email", 29),
    "district-mobile-phone": ("personal-contact", "resources[0].contact.phone", 29),
    "district-swapped-coordinates": ("swapped-coordinates", "resources[0].location.lat", 17),
    "district-unknown-category": ("unknown-term", "resources[0].category", 14),
    "district-unquoted-time": ("wrong-type", "resources[0].schedule.rules[0].opens", 25),
}
HINT_WORDS = {  # the hint must point at the fix, not only at the symptom
    "case-unquoted-no": "引用符",
    "case-misspelled-field": "summary",
    "case-unknown-theme": "dementia",
    "case-unknown-municipality": "402028",
    "case-five-digit-code": "6桁",
    "district-swapped-coordinates": "lat: 35.695",
    "district-unquoted-time": "\"10:00\"",
    "district-unknown-category": "salon",
    "district-exact-without-coordinates": "hidden",
}


def _place(project: Path, fixture: Path) -> str:
    folder = project / ("cases" if fixture.name.startswith("case-") else "content/districts")
    shutil.copy(fixture, folder / fixture.name)
    return (folder / fixture.name).relative_to(project).as_posix()


def test_every_fixture_has_an_expectation_and_back():
    stems = {p.stem for p in (DATA / "invalid").glob("*.yaml")}
    assert stems == set(EXPECTED)
    assert set(HINT_WORDS) <= stems


def test_repository_data_is_valid(root):
    atlas, problems = load_atlas(root)
    assert errors(problems) == [], "\n".join(p.format() for p in problems)
    assert {c.id for c in atlas.cases} >= {"omuta", "saiki", "taketa"}


@pytest.mark.parametrize("stem", sorted(p.stem for p in (DATA / "valid").glob("*.yaml")))
def test_valid_minimal_examples_pass(project, stem):
    placed = _place(project, DATA / "valid" / f"{stem}.yaml")
    _, problems = load_atlas(project)
    mine = [p for p in problems if p.path == placed]
    assert errors(problems) == [] and mine == [], "\n".join(p.format() for p in problems)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_invalid_fixture_gives_one_clear_message(project, stem):
    shown = _place(project, DATA / "invalid" / f"{stem}.yaml")
    atlas, problems = load_atlas(project)
    assert atlas is None
    found = [(p.code, p.field, p.line) for p in errors(problems) if p.path == shown]
    code, field, line = EXPECTED[stem]
    assert (code, field, line) in found, found
    assert len(found) == 1 or stem == "district-duplicate-resource-id", found
    problem = next(p for p in problems if p.code == code and p.path == shown)
    text = problem.format()
    assert text.startswith(f"{shown}:{line}: {field}: ")
    if stem in HINT_WORDS:
        assert HINT_WORDS[stem] in problem.hint, text


def test_cli_reports_all_problems_of_a_broken_case_with_file_and_line(project):
    """Acceptance: duplicate key + wrong type + unknown municipality code, all in one run."""
    case = project / "cases" / "omuta.yaml"
    lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for text in lines:
        if text.startswith("themes:"):
            text = "themes: dementia\n"  # wrong type: a string where a list is expected
        out.append(text.replace('code: "402028"', 'code: "402099"'))  # unknown code
        if text.startswith("title:"):
            out.append("title: 二つ目の題名\n")  # duplicate key
    case.write_text("".join(out), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    text = result.stdout
    for code in ("duplicate-key", "wrong-type", "unknown-municipality"):
        assert f"[{code}]" in text, text
    assert all(line.startswith("cases/omuta.yaml:") for line in text.splitlines()[:-1] if "エラー [" in line), text
    assert "エラー 3 件" in text


def test_cli_validate_exits_zero_on_repository(root):
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "エラー 0 件" in result.stdout


def test_github_annotations_when_running_in_actions(project):
    shutil.copy(DATA / "invalid" / "case-bad-date.yaml", project / "cases")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "validate"],
                            capture_output=True, text=True, env={"GITHUB_ACTIONS": "true", "PATH": ""})
    assert "::error file=cases/case-bad-date.yaml,line=23,title=last_reviewed::" in result.stdout
